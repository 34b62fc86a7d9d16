// SPDX-License-Identifier: Apache-2.0
// Migration 21: 支え愛マップ (issue 15, item 3), written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 21: per 地区 (a 自治会 area; the areas table is not changed) the 支え愛マップ's dates: made, last updated,
// the last 地域支え愛会議 and 避難訓練.
Migration SasaeaiMapMigration(const DdlTypes& t) {
    Migration migration{.version = 21, .name = "sasaeai maps", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE sasaeai_maps ("
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " area_id " + integer + " NOT NULL,"
                " made_on " + date + ","
                " updated_on " + date + ","
                " meeting_held_on " + date + ","
                " drill_held_on " + date + ","
                " recorded_by " + integer + " NOT NULL,"
                " recorded_at " + instant + " NOT NULL,"
                " PRIMARY KEY (municipality_id, area_id),"
                " FOREIGN KEY (area_id, municipality_id) REFERENCES areas (id, municipality_id),"
                " FOREIGN KEY (recorded_by, municipality_id) REFERENCES users (id, municipality_id)" +
                clustered_end);
    return migration;
}
// clang-format on

}  // namespace kasane::storage
