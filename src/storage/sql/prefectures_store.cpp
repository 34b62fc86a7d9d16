// SPDX-License-Identifier: Apache-2.0
// The prefectures (都道府県) the operator registers (domain::PrefectureRepository).

#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

#include "storage/sql/account_support.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Prefectures

constexpr SqlStatement kInsertPrefecture{"insert_prefecture",
                                         "INSERT INTO prefectures (code, name, created_at) VALUES ($1, $2, $3)"};
constexpr SqlStatement kSelectPrefecture{"select_prefecture",
                                         "SELECT code, name, created_at FROM prefectures WHERE code = $1"};
constexpr SqlStatement kListPrefectures{"list_prefectures",
                                        "SELECT code, name, created_at FROM prefectures ORDER BY code"};

Result<Prefecture> PrefectureFromRow(const SqlRow& row) {
    auto code = row.Text(0);
    auto name = row.Text(1);
    auto created_at = row.Time(2);
    if (!code || !name || !created_at) return Fail(Error::Internal());
    return Prefecture{.code = std::move(*code), .name = std::move(*name), .created_at = *created_at};
}

class SqlPrefectureRepository final : public domain::PrefectureRepository {
public:
    explicit SqlPrefectureRepository(SqlExecutor& executor) : executor_(executor) {}

    Result<Prefecture> Create(const Prefecture& prefecture) override {
        return WriteInto<Prefecture>(executor_, [&](SqlConnection& connection, Prefecture& out) -> Status {
            auto result = connection.Execute(kInsertPrefecture,
                                             {prefecture.code, prefecture.name, FormatIso8601(prefecture.created_at)});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("この都道府県は既に登録されています", "code"));
                }
                return Fail(result.error());
            }
            out = prefecture;
            return {};
        });
    }

    Result<Prefecture> Get(std::string_view code) override {
        return ReadInto<Prefecture>(executor_, [&](SqlConnection& connection, Prefecture& out) -> Status {
            auto result = connection.Execute(kSelectPrefecture, {code});
            if (!result) return Fail(result.error());
            if (result->Empty()) return Fail(Error::NotFound("都道府県が登録されていません"));
            auto prefecture = PrefectureFromRow(SqlRow(result->rows.front()));
            if (!prefecture) return Fail(prefecture.error());
            out = std::move(*prefecture);
            return {};
        });
    }

    Result<std::vector<Prefecture>> List() override {
        using List = std::vector<Prefecture>;
        return ReadInto<List>(executor_, [&](SqlConnection& connection, List& out) -> Status {
            auto result = connection.Execute(kListPrefectures, {});
            if (!result) return Fail(result.error());
            for (const auto& values : result->rows) {
                auto prefecture = PrefectureFromRow(SqlRow(values));
                if (!prefecture) return Fail(prefecture.error());
                out.push_back(std::move(*prefecture));
            }
            return {};
        });
    }

private:
    SqlExecutor& executor_;
};

}  // namespace

std::unique_ptr<domain::PrefectureRepository> MakePrefectureRepository(SqlExecutor& executor) {
    return std::make_unique<SqlPrefectureRepository>(executor);
}

}  // namespace kasane::storage
