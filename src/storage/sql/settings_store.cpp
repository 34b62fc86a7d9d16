// SPDX-License-Identifier: Apache-2.0
// The settings of a municipality (domain::SettingsRepository).

#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "storage/sql/intake_support.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Settings

constexpr SqlStatement kSelectSetting{
    "intake_select_setting", "SELECT value FROM municipality_settings WHERE municipality_id = $1 AND key = $2"};
constexpr SqlStatement kUpsertSetting{
    "intake_upsert_setting",
    "INSERT INTO municipality_settings (municipality_id, key, value) VALUES ($1, $2, $3) "
    "ON CONFLICT (municipality_id, key) DO UPDATE SET value = excluded.value"};

class SqlSettingsRepository final : public domain::SettingsRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<std::optional<std::string>> Get(std::string_view key) override {
        using Value = std::optional<std::string>;
        return ReadInto<Value>([&](SqlConnection& connection, Value& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectSetting, {tenant_, key}));
            if (!result->Empty()) out = SqlRow(result->rows.front()).Text(0).value_or("");
            return {};
        });
    }

    Status Set(std::string_view key, std::string_view value) override {
        if (key.empty()) return Fail(Error::InvalidArgument("設定の名前を指定してください", "key"));
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result = connection.Execute(kUpsertSetting, {tenant_, key, value});
            if (!result) {
                if (result.error().Is(ErrorCode::kNotFound)) return Fail(Error::NotFound("市町村が見つかりません"));
                return Fail(result.error());
            }
            return {};
        });
    }
};

}  // namespace

std::unique_ptr<domain::SettingsRepository> MakeSettingsRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlSettingsRepository>(executor, tenant);
}

}  // namespace kasane::storage
