// SPDX-License-Identifier: Apache-2.0
// Migration 25: visits without a network (issue 15, item 5), written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 25: a visit's version (raised by each change synced from a device, so a device's change names the
// version it started from), and the idempotency keys of the offline visits synced, unique per municipality: a
// resend finds its key and records nothing again.
Migration SurveyOfflineSyncMigration(const DdlTypes& t) {
    Migration migration{.version = 25, .name = "survey offline sync", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("ALTER TABLE survey_visits ADD COLUMN version " + integer + " NOT NULL DEFAULT 1");
    s.push_back("CREATE TABLE survey_visit_syncs ("
                " municipality_id " + integer + " NOT NULL,"
                " idempotency_key " + text + " NOT NULL,"
                " visit_id " + integer + " NOT NULL,"
                " version " + integer + " NOT NULL,"
                " synced_by " + integer + " NOT NULL,"
                " synced_at " + instant + " NOT NULL,"
                " PRIMARY KEY (municipality_id, idempotency_key),"
                " FOREIGN KEY (visit_id, municipality_id) REFERENCES survey_visits (id, municipality_id),"
                " FOREIGN KEY (synced_by, municipality_id) REFERENCES users (id, municipality_id)" +
                clustered_end);
    return migration;
}
// clang-format on

}  // namespace kasane::storage
