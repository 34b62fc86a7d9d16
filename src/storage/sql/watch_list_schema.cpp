// SPDX-License-Identifier: Apache-2.0
// Migration 20: 見守り (issue 15, item 3), written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 20: the 見守り list, one row per person with its 自治会, the 民生委員区 whose commissioner sees it, the
// basis (本人同意, or the 避難行動要支援者名簿 with the consent to its provision) and its consent date; and the
// watchers, a 民生委員 user or a neighbour by name and role.
Migration WatchListMigration(const DdlTypes& t) {
    Migration migration{.version = 20, .name = "watch list", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE watch_entries ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " person_id " + integer + " NOT NULL,"
                " person_name " + text + " NOT NULL,"
                " neighborhood_area_id " + integer + " NOT NULL,"
                " district_area_id " + integer + " NOT NULL,"
                " reason " + text + " NOT NULL,"
                " basis " + text + " NOT NULL CHECK (basis IN ('own_consent', 'evacuation_roster')),"
                " consent_on " + date + " NOT NULL,"
                " frequency_days " + integer + " NOT NULL CHECK (frequency_days BETWEEN 1 AND 365),"
                " last_contact_on " + date + ","
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (person_id, municipality_id) REFERENCES persons (id, municipality_id),"
                " FOREIGN KEY (neighborhood_area_id, municipality_id) REFERENCES areas (id, municipality_id),"
                " FOREIGN KEY (district_area_id, municipality_id) REFERENCES areas (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX watch_entries_by_district ON watch_entries (municipality_id, district_area_id,"
                " neighborhood_area_id, id)");
    s.push_back("CREATE TABLE watch_watchers ("
                " municipality_id " + integer + " NOT NULL,"
                " entry_id " + integer + " NOT NULL,"
                " position " + integer + " NOT NULL,"
                " user_id " + integer + ","
                " name " + text + " NOT NULL,"
                " role " + text + " NOT NULL,"
                " PRIMARY KEY (municipality_id, entry_id, position),"
                " FOREIGN KEY (entry_id, municipality_id) REFERENCES watch_entries (id, municipality_id)"
                " ON DELETE CASCADE,"
                " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id)" +
                clustered_end);
    return migration;
}
// clang-format on

}  // namespace kasane::storage
