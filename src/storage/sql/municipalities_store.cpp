// SPDX-License-Identifier: Apache-2.0
// The municipalities of the installation (domain::MunicipalityRepository).

#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

#include "storage/sql/account_support.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Municipalities

constexpr SqlStatement kInsertMunicipality{
    "insert_municipality",
    "INSERT INTO municipalities (code, name, prefecture_name, fictional) VALUES ($1, $2, $3, $4) RETURNING id"};
constexpr SqlStatement kSelectMunicipality{
    "select_municipality", "SELECT id, code, name, prefecture_name, fictional FROM municipalities WHERE id = $1"};
constexpr SqlStatement kSelectMunicipalityByCode{
    "select_municipality_by_code",
    "SELECT id, code, name, prefecture_name, fictional FROM municipalities WHERE code = $1"};
constexpr SqlStatement kListMunicipalities{
    "list_municipalities", "SELECT id, code, name, prefecture_name, fictional FROM municipalities ORDER BY code"};

Result<Municipality> MunicipalityFromRow(const SqlRow& row) {
    Municipality municipality;
    auto id = row.Integer(0);
    auto code = row.Text(1);
    auto name = row.Text(2);
    auto prefecture_name = row.Text(3);
    auto fictional = row.Boolean(4);
    if (!id || !code || !name || !prefecture_name || !fictional) return Fail(Error::Internal());
    municipality.id = MunicipalityId{*id};
    municipality.code = std::move(*code);
    municipality.name = std::move(*name);
    municipality.prefecture_name = std::move(*prefecture_name);
    municipality.fictional = *fictional;
    return municipality;
}

Status ReadOneMunicipality(const Result<SqlResult>& result, Municipality& out) {
    if (!result) return Fail(result.error());
    if (result->Empty()) return Fail(Error::NotFound("市町村が見つかりません"));
    auto municipality = MunicipalityFromRow(SqlRow(result->rows.front()));
    if (!municipality) return Fail(municipality.error());
    out = std::move(*municipality);
    return {};
}

class SqlMunicipalityRepository final : public domain::MunicipalityRepository {
public:
    explicit SqlMunicipalityRepository(SqlExecutor& executor) : executor_(executor) {}

    Result<Municipality> Create(const Municipality& municipality) override {
        return WriteInto<Municipality>(executor_, [&](SqlConnection& connection, Municipality& out) -> Status {
            auto result = connection.Execute(
                kInsertMunicipality,
                {municipality.code, municipality.name, municipality.prefecture_name, municipality.fictional});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("この団体コードの市町村は既に登録されています", "code"));
                }
                return Fail(result.error());
            }
            auto id = SqlRow(result->rows.at(0)).Integer(0);
            if (!id) return Fail(id.error());
            out = municipality;
            out.id = MunicipalityId{*id};
            return {};
        });
    }

    Result<Municipality> Get(MunicipalityId id) override {
        return ReadInto<Municipality>(executor_, [&](SqlConnection& connection, Municipality& out) {
            return ReadOneMunicipality(connection.Execute(kSelectMunicipality, {id}), out);
        });
    }

    Result<Municipality> FindByCode(std::string_view code) override {
        return ReadInto<Municipality>(executor_, [&](SqlConnection& connection, Municipality& out) {
            return ReadOneMunicipality(connection.Execute(kSelectMunicipalityByCode, {code}), out);
        });
    }

    Result<std::vector<Municipality>> List() override {
        using List = std::vector<Municipality>;
        return ReadInto<List>(executor_, [&](SqlConnection& connection, List& out) -> Status {
            auto result = connection.Execute(kListMunicipalities, {});
            if (!result) return Fail(result.error());
            for (const auto& values : result->rows) {
                auto municipality = MunicipalityFromRow(SqlRow(values));
                if (!municipality) return Fail(municipality.error());
                out.push_back(std::move(*municipality));
            }
            return {};
        });
    }

private:
    SqlExecutor& executor_;
};

}  // namespace

std::unique_ptr<domain::MunicipalityRepository> MakeMunicipalityRepository(SqlExecutor& executor) {
    return std::make_unique<SqlMunicipalityRepository>(executor);
}

}  // namespace kasane::storage
