// SPDX-License-Identifier: Apache-2.0
// The organisations of a municipality (domain::OrganizationRepository).

#include "storage/sql/read_ahead.hpp"
#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

#include "storage/sql/account_support.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Organizations

constexpr SqlStatement kInsertOrganization{
    "insert_organization", "INSERT INTO organizations (municipality_id, kind, name) VALUES ($1, $2, $3) RETURNING id"};
constexpr SqlStatement kSelectOrganization{
    "select_organization",
    "SELECT id, municipality_id, kind, name FROM organizations WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kUpdateOrganization{
    "update_organization", "UPDATE organizations SET kind = $3, name = $4 WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kListOrganizations{
    "list_organizations",
    "SELECT id, municipality_id, kind, name FROM organizations WHERE municipality_id = $1 ORDER BY id"};

Result<Organization> OrganizationFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto kind_code = row.Text(2);
    auto name = row.Text(3);
    if (!id || !municipality_id || !kind_code || !name) return Fail(Error::Internal());
    auto kind = domain::ParseOrganizationKind(*kind_code);
    if (!kind) return Fail(Error::Internal());
    return Organization{.id = OrganizationId{*id},
                        .municipality_id = MunicipalityId{*municipality_id},
                        .kind = *kind,
                        .name = std::move(*name)};
}

class SqlOrganizationRepository final : public domain::OrganizationRepository {
public:
    SqlOrganizationRepository(SqlExecutor& executor, MunicipalityId tenant) : executor_(executor), tenant_(tenant) {}

    Result<Organization> Create(OrganizationKind kind, std::string_view name) override {
        return WriteInto<Organization>(executor_, [&](SqlConnection& connection, Organization& out) -> Status {
            auto result = connection.Execute(kInsertOrganization, {tenant_, domain::OrganizationKindCode(kind), name});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("同じ名前の機関が既に登録されています", "name"));
                }
                if (result.error().Is(ErrorCode::kNotFound)) return Fail(Error::NotFound("市町村が見つかりません"));
                return Fail(result.error());
            }
            auto id = SqlRow(result->rows.at(0)).Integer(0);
            if (!id) return Fail(id.error());
            out = Organization{
                .id = OrganizationId{*id}, .municipality_id = tenant_, .kind = kind, .name = std::string(name)};
            return {};
        });
    }

    Result<Organization> Get(OrganizationId id) override {
        return ReadInto<Organization>(executor_, [&](SqlConnection& connection, Organization& out) -> Status {
            auto result = connection.Execute(kSelectOrganization, {id, tenant_});
            if (!result) return Fail(result.error());
            if (result->Empty()) return Fail(Error::NotFound("機関が見つかりません"));
            auto organization = OrganizationFromRow(SqlRow(result->rows.front()));
            if (!organization) return Fail(organization.error());
            out = std::move(*organization);
            return {};
        });
    }

    Result<Organization> Update(OrganizationId id, OrganizationKind kind, std::string_view name) override {
        return WriteInto<Organization>(executor_, [&](SqlConnection& connection, Organization& out) -> Status {
            auto result =
                connection.Execute(kUpdateOrganization, {id, tenant_, domain::OrganizationKindCode(kind), name});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("同じ名前の機関が既に登録されています", "name"));
                }
                return Fail(result.error());
            }
            if (result->affected_rows == 0) return Fail(Error::NotFound("機関が見つかりません"));
            out = Organization{.id = id, .municipality_id = tenant_, .kind = kind, .name = std::string(name)};
            return {};
        });
    }

    Result<std::vector<Organization>> List() override {
        using List = std::vector<Organization>;
        return ReadInto<List>(executor_, [&](SqlConnection& connection, List& out) -> Status {
            auto result = connection.Execute(kListOrganizations, {tenant_});
            if (!result) return Fail(result.error());
            for (const auto& values : result->rows) {
                auto organization = OrganizationFromRow(SqlRow(values));
                if (!organization) return Fail(organization.error());
                out.push_back(std::move(*organization));
            }
            return {};
        });
    }

private:
    SqlExecutor& executor_;
    MunicipalityId tenant_;
};

}  // namespace

std::unique_ptr<domain::OrganizationRepository> MakeOrganizationRepository(SqlExecutor& executor,
                                                                           MunicipalityId tenant) {
    return std::make_unique<SqlOrganizationRepository>(executor, tenant);
}

const SqlStatement& OrganizationStatementToReadAhead() { return kSelectOrganization; }

}  // namespace kasane::storage
