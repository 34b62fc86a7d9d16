// SPDX-License-Identifier: Apache-2.0
// Migration 19: 民生委員の活動記録 (issue 15, item 4), written once for both dialects.

#include <string>

#include "domain/commissioner_activity.hpp"
#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 19: the 民児協 (district councils of 民生委員・児童委員) with the municipal staff member in charge; each
// commissioner's assignment to a 民生委員区 (an area of kind welfare_volunteer_district; the areas table is not
// changed) and a 民児協; her months, one row per month with a version, and their counts, one row per item of the
// 福祉行政報告例 (CHECK from the domain's item list); and her notes on individuals, kept apart from the counts.
Migration CommissionerActivityMigration(const DdlTypes& t) {
    Migration migration{.version = 19, .name = "commissioner activity records", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE commissioner_councils ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " name " + text + " NOT NULL,"
                " staff_user_id " + integer + ","
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (municipality_id, name),"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (staff_user_id, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE TABLE commissioners ("
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " user_id " + integer + " NOT NULL,"
                " district_area_id " + integer + " NOT NULL,"
                " council_id " + integer + " NOT NULL,"
                " PRIMARY KEY (municipality_id, user_id),"
                " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id),"
                " FOREIGN KEY (district_area_id, municipality_id) REFERENCES areas (id, municipality_id),"
                " FOREIGN KEY (council_id, municipality_id) REFERENCES commissioner_councils (id, municipality_id)" +
                clustered_end);
    s.push_back("CREATE TABLE commissioner_activity_months ("
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " user_id " + integer + " NOT NULL,"
                " month " + text + " NOT NULL CHECK (length(month) = 7),"
                " council_id " + integer + " NOT NULL,"
                " recorded_by " + integer + " NOT NULL,"
                " recorded_at " + instant + " NOT NULL,"
                " version " + integer + " NOT NULL,"
                " PRIMARY KEY (municipality_id, user_id, month),"
                " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id),"
                " FOREIGN KEY (recorded_by, municipality_id) REFERENCES users (id, municipality_id),"
                " FOREIGN KEY (council_id, municipality_id) REFERENCES commissioner_councils (id, municipality_id)" +
                clustered_end);
    s.push_back("CREATE INDEX commissioner_activity_months_by_month ON commissioner_activity_months"
                " (municipality_id, month, council_id)");
    s.push_back("CREATE TABLE commissioner_activity_counts ("
                " municipality_id " + integer + " NOT NULL,"
                " user_id " + integer + " NOT NULL,"
                " month " + text + " NOT NULL,"
                " item " + text + " NOT NULL CHECK (item IN (" + domain::ActivityItemCodesForCheck() + ")),"
                " count " + integer + " NOT NULL CHECK (count >= 0),"
                " PRIMARY KEY (municipality_id, user_id, month, item),"
                " FOREIGN KEY (municipality_id, user_id, month)"
                " REFERENCES commissioner_activity_months (municipality_id, user_id, month) ON DELETE CASCADE" +
                clustered_end);
    s.push_back("CREATE TABLE commissioner_notes ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " user_id " + integer + " NOT NULL,"
                " noted_on " + date + " NOT NULL,"
                " subject " + text + " NOT NULL,"
                " body " + text + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX commissioner_notes_by_user ON commissioner_notes (municipality_id, user_id, noted_on)");
    return migration;
}
// clang-format on

}  // namespace kasane::storage
