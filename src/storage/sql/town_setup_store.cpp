// SPDX-License-Identifier: Apache-2.0
// The first run of an installation (domain::TownSetupRepository): its one set-up, its one-time tokens (by hash)
// and the towns' figures by 年度.

#include <string>

#include "domain/town_setup_repositories.hpp"
#include "storage/sql/sql_repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {
namespace {

using sql_support::ReadInto;
using sql_support::WriteInto;

constexpr SqlStatement kRecordSetup{"town_setup_record",
                                    "INSERT INTO town_setup (id, municipality_id, completed_at) VALUES (1, $1, $2)"};
constexpr SqlStatement kCreateToken{
    "setup_tokens_create", "INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES ($1, $2, $3)"};
constexpr SqlStatement kTokenUsable{
    "setup_tokens_usable", "SELECT 1 FROM setup_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2"};
constexpr SqlStatement kUseToken{
    "setup_tokens_use",
    "UPDATE setup_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2"};
constexpr SqlStatement kInsertFigures{
    "municipality_statistics_insert",
    "INSERT INTO municipality_statistics (municipality_id, fiscal_year, population, households, aging_rate_permille)"
    " VALUES ($1, $2, $3, $4, $5)"};
constexpr SqlStatement kListFigures{
    "municipality_statistics_list",
    "SELECT fiscal_year, population, households, aging_rate_permille FROM municipality_statistics"
    " WHERE municipality_id = $1 ORDER BY fiscal_year"};

class SqlTownSetupRepository final : public domain::TownSetupRepository {
public:
    explicit SqlTownSetupRepository(SqlExecutor& executor) : executor_(executor) {}

    Status Record(MunicipalityId municipality_id, Instant at) override {
        const std::string at_text = FormatIso8601(at);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result = connection.Execute(kRecordSetup, {municipality_id, std::string_view(at_text)});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("この環境は初期設定が済んでいます", "code"));
                }
                return Fail(result.error());
            }
            return {};
        });
    }

    Status CreateToken(std::string_view token_hash, Instant created_at, Instant expires_at) override {
        const std::string created = FormatIso8601(created_at);
        const std::string expires = FormatIso8601(expires_at);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_EXECUTE(connection, kCreateToken, token_hash, std::string_view(created), std::string_view(expires));
            return {};
        });
    }

    Result<bool> TokenUsable(std::string_view token_hash, Instant now) override {
        const std::string now_text = FormatIso8601(now);
        return ReadInto<bool>(executor_, [&](SqlConnection& connection, bool& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kTokenUsable, {token_hash, std::string_view(now_text)}));
            out = !result->Empty();
            return {};
        });
    }

    Result<bool> UseToken(std::string_view token_hash, Instant now) override {
        const std::string now_text = FormatIso8601(now);
        return WriteInto<bool>(executor_, [&](SqlConnection& connection, bool& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kUseToken, {token_hash, std::string_view(now_text)}));
            out = result->affected_rows == 1;
            return {};
        });
    }

    Status PutFigures(MunicipalityId municipality_id, const std::vector<domain::YearFigures>& figures) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            for (const domain::YearFigures& f : figures) {
                auto result =
                    connection.Execute(kInsertFigures, {municipality_id, std::int64_t{f.fiscal_year}, f.population,
                                                        f.households, std::int64_t{f.aging_rate_permille}});
                if (!result) {
                    if (result.error().Is(ErrorCode::kConflict)) {
                        return Fail(
                            Error::Conflict(std::to_string(f.fiscal_year) + "年度の数値は登録済みです", "figures"));
                    }
                    return Fail(result.error());
                }
            }
            return {};
        });
    }

    Result<std::vector<domain::YearFigures>> Figures(MunicipalityId municipality_id) override {
        using List = std::vector<domain::YearFigures>;
        return ReadInto<List>(executor_, [&](SqlConnection& connection, List& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kListFigures, {municipality_id}));
            for (const auto& values : result->rows) {
                const SqlRow row(values);
                auto year = row.Integer(0);
                auto population = row.Integer(1);
                auto households = row.Integer(2);
                auto rate = row.Integer(3);
                if (!year || !population || !households || !rate) return Fail(Error::Internal());
                out.push_back(domain::YearFigures{.fiscal_year = static_cast<int>(*year),
                                                  .population = *population,
                                                  .households = *households,
                                                  .aging_rate_permille = static_cast<int>(*rate)});
            }
            return {};
        });
    }

private:
    SqlExecutor& executor_;
};

}  // namespace

std::unique_ptr<domain::TownSetupRepository> MakeTownSetupRepository(SqlExecutor& executor) {
    return std::make_unique<SqlTownSetupRepository>(executor);
}

}  // namespace kasane::storage
