// SPDX-License-Identifier: Apache-2.0
// Migration 10: the administrators' alert acknowledgements, written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 10: the acknowledgements of the administrators' alerts (issue 11, items 3 and 6), one mechanism for every
// kind: an emergency access (subject: emergency_accesses.id) and a removal of DV protection (subject: the audit
// entry's sequence). One row per acknowledged alert; the primary key keeps the first reviewer. The emergency
// acknowledgements recorded so far move here; emergency_accesses.acknowledged_by stays (forward-only migrations)
// but is no longer written or read.
Migration AlertAcknowledgementMigration(const DdlTypes& t) {
    Migration migration{.version = 10, .name = "administrators' alert acknowledgements", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE alert_acknowledgements ("
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " kind " + text + " NOT NULL CHECK (kind IN ('emergency_access', 'dv_protection_removed')),"
                " subject_id " + integer + " NOT NULL,"
                " acknowledged_by " + integer + " NOT NULL,"
                " PRIMARY KEY (municipality_id, kind, subject_id),"
                " FOREIGN KEY (acknowledged_by, municipality_id) REFERENCES users (id, municipality_id)" +
                clustered_end);
    s.push_back("INSERT INTO alert_acknowledgements (municipality_id, kind, subject_id, acknowledged_by)"
                " SELECT municipality_id, 'emergency_access', id, acknowledged_by FROM emergency_accesses"
                " WHERE acknowledged_by IS NOT NULL");
    return migration;
}
// clang-format on

}  // namespace kasane::storage
