// SPDX-License-Identifier: Apache-2.0
// The resource directory: organisations and services with their HSDS documents (domain::ResourceDirectoryRepository).
// The document is stored as JSON text and read back by the domain (ReadHsdsOrganization, ReadHsdsService).

#include <string>

#include "domain/resource_directory_repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

std::unique_ptr<domain::ResourceDirectoryRepository> MakeResourceDirectoryRepository(SqlExecutor& executor,
                                                                                     MunicipalityId tenant);

namespace {

using domain::ResourceOrganization;
using domain::ResourceService;
using sql_support::TenantRepository;

constexpr SqlStatement kInsertOrganization{
    "resource_insert_organization",
    "INSERT INTO resource_organizations (municipality_id, external_id, name, document, updated_by, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
constexpr SqlStatement kUpdateOrganization{
    "resource_update_organization",
    "UPDATE resource_organizations SET external_id = $3, name = $4, document = $5, updated_by = $6, updated_at = $7 "
    "WHERE municipality_id = $1 AND id = $2"};
constexpr SqlStatement kInsertService{
    "resource_insert_service",
    "INSERT INTO resource_services (municipality_id, organization_id, external_id, name, document, updated_by, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
constexpr SqlStatement kUpdateService{
    "resource_update_service",
    "UPDATE resource_services SET organization_id = $3, external_id = $4, name = $5, document = $6, updated_by = $7, "
    "updated_at = $8 WHERE municipality_id = $1 AND id = $2"};
constexpr SqlStatement kSelectOrganizations{"resource_select_organizations",
                                            "SELECT id, document, updated_by, updated_at FROM resource_organizations "
                                            "WHERE municipality_id = $1 AND (id = $2 OR $2 IS NULL) ORDER BY id"};
constexpr SqlStatement kSelectServices{
    "resource_select_services",
    "SELECT id, organization_id, document, updated_by, updated_at FROM resource_services "
    "WHERE municipality_id = $1 AND (id = $2 OR $2 IS NULL) ORDER BY id"};
constexpr SqlStatement kFindOrganization{
    "resource_find_organization",
    "SELECT id FROM resource_organizations WHERE municipality_id = $1 AND external_id = $2"};
constexpr SqlStatement kFindService{"resource_find_service",
                                    "SELECT id FROM resource_services WHERE municipality_id = $1 AND external_id = $2"};

Result<Json> DocumentOf(const SqlRow& row, std::size_t column) {
    KASANE_ASSIGN(text, row.Text(column));
    Json document = Json::parse(*text, nullptr, false);
    if (document.is_discarded()) return Fail(Error::Internal("資源台帳の文書が読めません"));
    return document;
}

Result<ResourceOrganization> OrganizationOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<ResourceOrganizationId>(0));
    KASANE_ASSIGN(document, DocumentOf(row, 1));
    KASANE_ASSIGN(updated_by, row.Id<UserId>(2));
    KASANE_ASSIGN(updated_at, row.Time(3));
    std::vector<domain::HsdsProblem> problems;
    auto organization = domain::ReadHsdsOrganization(*document, "", problems);
    if (!organization) return Fail(Error::Internal("資源台帳の組織が読めません"));
    organization->id = *id;
    organization->updated_by = *updated_by;
    organization->updated_at = *updated_at;
    return organization;
}

Result<ResourceService> ServiceOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<ResourceServiceId>(0));
    KASANE_ASSIGN(organization_id, row.Id<ResourceOrganizationId>(1));
    KASANE_ASSIGN(document, DocumentOf(row, 2));
    KASANE_ASSIGN(updated_by, row.Id<UserId>(3));
    KASANE_ASSIGN(updated_at, row.Time(4));
    std::vector<domain::HsdsProblem> problems;
    auto service = domain::ReadHsdsService(*document, "", problems);
    if (!service) return Fail(Error::Internal("資源台帳のサービスが読めません"));
    service->id = *id;
    service->organization_id = *organization_id;
    service->updated_by = *updated_by;
    service->updated_at = *updated_at;
    return service;
}

Error Taken(const Error& error) {
    if (error.Is(ErrorCode::kConflict)) return Error::Conflict("この HSDS の id はもう使われています", "id");
    return error;
}

class SqlResourceDirectoryRepository final : public domain::ResourceDirectoryRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<ResourceOrganization> SaveOrganization(const ResourceOrganization& organization) override {
        const std::string document = organization.document.dump();
        const std::string updated_at = FormatIso8601(organization.updated_at);
        return WriteInto<ResourceOrganization>([&](SqlConnection& connection, ResourceOrganization& out) -> Status {
            out = organization;
            if (organization.id.value() == 0) {
                auto inserted = connection.Execute(
                    kInsertOrganization,
                    {tenant_, std::string_view(organization.external_id), std::string_view(organization.name),
                     std::string_view(document), organization.updated_by.value(), std::string_view(updated_at)});
                if (!inserted) return Fail(Taken(inserted.error()));
                KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
                out.id = ResourceOrganizationId{*new_id};
                return {};
            }
            auto updated = connection.Execute(
                kUpdateOrganization, {tenant_, organization.id.value(), std::string_view(organization.external_id),
                                      std::string_view(organization.name), std::string_view(document),
                                      organization.updated_by.value(), std::string_view(updated_at)});
            if (!updated) return Fail(Taken(updated.error()));
            if (updated->affected_rows == 0) return Fail(Error::NotFound("資源台帳の組織が見つかりません"));
            return {};
        });
    }

    Result<ResourceService> SaveService(const ResourceService& service) override {
        const std::string document = service.document.dump();
        const std::string updated_at = FormatIso8601(service.updated_at);
        return WriteInto<ResourceService>([&](SqlConnection& connection, ResourceService& out) -> Status {
            out = service;
            Result<SqlResult> written = Fail(Error::Internal(""));
            if (service.id.value() == 0) {
                written = connection.Execute(
                    kInsertService, {tenant_, service.organization_id.value(), std::string_view(service.external_id),
                                     std::string_view(service.name), std::string_view(document),
                                     service.updated_by.value(), std::string_view(updated_at)});
            } else {
                written =
                    connection.Execute(kUpdateService, {tenant_, service.id.value(), service.organization_id.value(),
                                                        std::string_view(service.external_id),
                                                        std::string_view(service.name), std::string_view(document),
                                                        service.updated_by.value(), std::string_view(updated_at)});
            }
            if (!written) {
                if (written.error().Is(ErrorCode::kNotFound)) {
                    return Fail(Error::InvalidArgument("提供する組織がこの市町村にありません", "organization_id"));
                }
                return Fail(Taken(written.error()));
            }
            if (service.id.value() == 0) {
                KASANE_ASSIGN(new_id, SqlRow(written->rows.front()).Integer(0));
                out.id = ResourceServiceId{*new_id};
            } else if (written->affected_rows == 0) {
                return Fail(Error::NotFound("資源台帳のサービスが見つかりません"));
            }
            return {};
        });
    }

    Result<ResourceOrganization> GetOrganization(ResourceOrganizationId id) override {
        auto found = SelectOrganizations(id.value());
        if (!found) return Fail(found.error());
        if (found->empty()) return Fail(Error::NotFound("資源台帳の組織が見つかりません"));
        return std::move(found->front());
    }

    Result<ResourceService> GetService(ResourceServiceId id) override {
        auto found = SelectServices(id.value());
        if (!found) return Fail(found.error());
        if (found->empty()) return Fail(Error::NotFound("資源台帳のサービスが見つかりません"));
        return std::move(found->front());
    }

    Result<std::optional<ResourceOrganizationId>> FindOrganization(std::string_view external_id) override {
        auto id = FindId(kFindOrganization, external_id);
        if (!id) return Fail(id.error());
        if (!*id) return std::optional<ResourceOrganizationId>();
        return std::optional<ResourceOrganizationId>(ResourceOrganizationId{**id});
    }

    Result<std::optional<ResourceServiceId>> FindService(std::string_view external_id) override {
        auto id = FindId(kFindService, external_id);
        if (!id) return Fail(id.error());
        if (!*id) return std::optional<ResourceServiceId>();
        return std::optional<ResourceServiceId>(ResourceServiceId{**id});
    }

    Result<std::vector<ResourceOrganization>> Organizations() override { return SelectOrganizations(std::nullopt); }
    Result<std::vector<ResourceService>> Services() override { return SelectServices(std::nullopt); }

private:
    Result<std::vector<ResourceOrganization>> SelectOrganizations(std::optional<std::int64_t> id) {
        using Rows = std::vector<ResourceOrganization>;
        return ReadInto<Rows>([&](SqlConnection& connection, Rows& out) -> Status {
            SqlParam id_param = std::monostate{};
            if (id) id_param = *id;
            KASANE_ASSIGN(result, connection.Execute(kSelectOrganizations, {tenant_, id_param}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(organization, OrganizationOf(SqlRow(values)));
                out.push_back(std::move(*organization));
            }
            return {};
        });
    }

    Result<std::vector<ResourceService>> SelectServices(std::optional<std::int64_t> id) {
        using Rows = std::vector<ResourceService>;
        return ReadInto<Rows>([&](SqlConnection& connection, Rows& out) -> Status {
            SqlParam id_param = std::monostate{};
            if (id) id_param = *id;
            KASANE_ASSIGN(result, connection.Execute(kSelectServices, {tenant_, id_param}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(service, ServiceOf(SqlRow(values)));
                out.push_back(std::move(*service));
            }
            return {};
        });
    }

    Result<std::optional<std::int64_t>> FindId(const SqlStatement& statement, std::string_view external_id) {
        using Found = std::optional<std::int64_t>;
        return ReadInto<Found>([&](SqlConnection& connection, Found& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(statement, {tenant_, external_id}));
            if (result->Empty()) return {};
            KASANE_ASSIGN(id, SqlRow(result->rows.front()).Integer(0));
            out = *id;
            return {};
        });
    }
};

}  // namespace

std::unique_ptr<domain::ResourceDirectoryRepository> MakeResourceDirectoryRepository(SqlExecutor& executor,
                                                                                     MunicipalityId tenant) {
    return std::make_unique<SqlResourceDirectoryRepository>(executor, tenant);
}

}  // namespace kasane::storage
