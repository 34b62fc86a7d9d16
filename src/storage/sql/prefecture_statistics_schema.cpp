// SPDX-License-Identifier: Apache-2.0
// Migration 37: 県の集計 (issue 17, item 6), written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 37: the prefecture's records, installation-wide and keyed by the 2-digit 都道府県コード (never inside a
// town's tenant): its statistics (the office whose prefecture analysts see the roll-up, designated by the operator;
// the floor, the one place it is set; the population below which towns are merged into their 圏域), the 圏域 (a
// town in one 圏域 at most), the releases of the roll-up (the period and the figures shown, never a hidden one) and
// the support visits to towns (date, town, purpose, notes: no personal datum) and each town's 事業実施状況 (事業 and the
// 年度 from which).
Migration PrefectureStatisticsMigration(const DdlTypes& t) {
    Migration migration{.version = 37, .name = "prefecture statistics", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE prefecture_statistics ("
                " prefecture_code " + text + " PRIMARY KEY REFERENCES prefectures (code),"
                " office_municipality_id " + integer + " UNIQUE REFERENCES municipalities (id),"
                " floor " + integer + " NOT NULL CHECK (floor BETWEEN 3 AND 100),"
                " merge_below_population " + integer + " NOT NULL CHECK (merge_below_population >= 0),"
                " updated_at " + instant + " NOT NULL" +
                clustered_end);
    s.push_back("CREATE TABLE prefecture_areas ("
                " prefecture_code " + text + " NOT NULL REFERENCES prefecture_statistics (prefecture_code),"
                " town_code " + text + " NOT NULL,"
                " area_name " + text + " NOT NULL,"
                " position " + integer + " NOT NULL,"
                " PRIMARY KEY (prefecture_code, town_code)" +
                clustered_end);
    s.push_back("CREATE TABLE prefecture_releases ("
                " id " + id + ","
                " prefecture_code " + text + " NOT NULL REFERENCES prefectures (code),"
                " first_day " + date + " NOT NULL,"
                " last_day " + date + " NOT NULL,"
                " floor " + integer + " NOT NULL,"
                " figures " + text + " NOT NULL,"
                " released_at " + instant + " NOT NULL" +
                table_end);
    s.push_back("CREATE INDEX prefecture_releases_by_period ON prefecture_releases (prefecture_code, first_day, id)");
    s.push_back("CREATE TABLE prefecture_town_programs ("
                " prefecture_code " + text + " NOT NULL REFERENCES prefectures (code),"
                " town_code " + text + " NOT NULL,"
                " program " + text + " NOT NULL CHECK (program IN ('integrated', 'transition')),"
                " from_year " + integer + " NOT NULL CHECK (from_year BETWEEN 2021 AND 2100),"
                " PRIMARY KEY (prefecture_code, town_code, program)" +
                clustered_end);
    s.push_back("CREATE TABLE prefecture_support_visits ("
                " id " + id + ","
                " prefecture_code " + text + " NOT NULL REFERENCES prefectures (code),"
                " town_code " + text + " NOT NULL,"
                " visited_on " + date + " NOT NULL,"
                " purpose " + text + " NOT NULL CHECK (purpose IN ('individual_visit', 'platform', 'other')),"
                " notes " + text + " NOT NULL,"
                " recorded_at " + instant + " NOT NULL" +
                table_end);
    s.push_back("CREATE INDEX prefecture_support_visits_by_date ON prefecture_support_visits"
                " (prefecture_code, visited_on, id)");
    return migration;
}
// clang-format on

}  // namespace kasane::storage
