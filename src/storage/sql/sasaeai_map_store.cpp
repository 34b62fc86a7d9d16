// SPDX-License-Identifier: Apache-2.0
// 支え愛マップ: the status per 地区 (domain::SasaeaiMapRepository).

#include <string>

#include "domain/sasaeai_map_service.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

std::unique_ptr<domain::SasaeaiMapRepository> MakeSasaeaiMapRepository(SqlExecutor& executor, MunicipalityId tenant);

namespace {

using domain::SasaeaiMapStatus;
using sql_support::TenantRepository;

constexpr SqlStatement kSelectMaps{
    "sasaeai_select_maps",
    "SELECT area_id, made_on, updated_on, meeting_held_on, drill_held_on, recorded_by, recorded_at "
    "FROM sasaeai_maps WHERE municipality_id = $1 ORDER BY area_id"};
constexpr SqlStatement kUpsertMap{
    "sasaeai_upsert_map",
    "INSERT INTO sasaeai_maps (municipality_id, area_id, made_on, updated_on, meeting_held_on, drill_held_on, "
    "recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (municipality_id, area_id) "
    "DO UPDATE SET made_on = excluded.made_on, updated_on = excluded.updated_on, meeting_held_on = "
    "excluded.meeting_held_on, drill_held_on = excluded.drill_held_on, recorded_by = excluded.recorded_by, "
    "recorded_at = excluded.recorded_at"};

class SqlSasaeaiMapRepository final : public domain::SasaeaiMapRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<std::vector<SasaeaiMapStatus>> List() override {
        using Statuses = std::vector<SasaeaiMapStatus>;
        return ReadInto<Statuses>([&](SqlConnection& connection, Statuses& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectMaps, {tenant_}));
            for (const auto& values : result->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(area_id, row.Integer(0));
                KASANE_ASSIGN(made_on, sql_support::OptionalDate(row, 1));
                KASANE_ASSIGN(updated_on, sql_support::OptionalDate(row, 2));
                KASANE_ASSIGN(meeting, sql_support::OptionalDate(row, 3));
                KASANE_ASSIGN(drill, sql_support::OptionalDate(row, 4));
                KASANE_ASSIGN(recorded_by, row.Integer(5));
                KASANE_ASSIGN(recorded_at, row.Time(6));
                out.push_back({.area_id = *area_id,
                               .made_on = *made_on,
                               .updated_on = *updated_on,
                               .meeting_held_on = *meeting,
                               .drill_held_on = *drill,
                               .recorded_by = UserId{*recorded_by},
                               .recorded_at = *recorded_at});
            }
            return {};
        });
    }

    Status Save(const SasaeaiMapStatus& status) override {
        const auto text = [](const std::optional<domain::Date>& date) {
            return date ? sql_support::DateText(*date) : std::string();
        };
        const std::string made = text(status.made_on), updated = text(status.updated_on),
                          meeting = text(status.meeting_held_on), drill = text(status.drill_held_on);
        const auto param = [](const std::optional<domain::Date>& date, const std::string& value) -> SqlParam {
            if (!date) return std::monostate{};
            return std::string_view(value);
        };
        const std::string recorded_at = FormatIso8601(status.recorded_at);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto saved = connection.Execute(
                kUpsertMap, {tenant_, static_cast<std::int64_t>(status.area_id), param(status.made_on, made),
                             param(status.updated_on, updated), param(status.meeting_held_on, meeting),
                             param(status.drill_held_on, drill), static_cast<std::int64_t>(status.recorded_by),
                             std::string_view(recorded_at)});
            if (!saved) {
                if (saved.error().Is(ErrorCode::kNotFound)) {
                    return Fail(Error::InvalidArgument("地区がこの市町村にありません", "area_id"));
                }
                return Fail(saved.error());
            }
            return {};
        });
    }
};

}  // namespace

std::unique_ptr<domain::SasaeaiMapRepository> MakeSasaeaiMapRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlSasaeaiMapRepository>(executor, tenant);
}

}  // namespace kasane::storage
