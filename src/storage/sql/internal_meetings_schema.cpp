// SPDX-License-Identifier: Apache-2.0
// Migration 43: the internal meetings with no statute, and 本人 and family among a meeting's attendees (issue 17,
// item 1), written once for both dialects.

#include <string>

#include "domain/sharing.hpp"
#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// Migration 43: meeting_bodies.legal_basis gains 'internal_liaison' (連携責任者連絡会, 担当者連絡会, つながる会議:
// recorded and counted apart, without personal data). WidenCheck, then the index the meeting counts' join on a joint
// meeting's second body uses, which is also SQLite's real schema change after the CHECK's rewrite.
// meeting_attendees.kind: 関係機関の職員 (every attendee recorded before), 本人 or 家族 (never a user).
Migration InternalMeetingsMigration(std::string_view backend) {
    Migration migration{.version = 43, .name = "internal meetings", .statements = {}};
    WidenCheck(migration.statements, backend,
               CheckWidening{.table = "meeting_bodies",
                             .column = "legal_basis",
                             .released = MutualAidLiaisonLegalBasisCheckList(),
                             .widened = AllLegalBasisCheckList(),
                             .sqlite_prefix = " legal_basis TEXT NOT NULL "});
    migration.statements.push_back(
        "CREATE INDEX meetings_by_joint_body ON meetings (municipality_id, joint_body_id, held_on)");
    migration.statements.push_back(
        "ALTER TABLE meeting_attendees ADD COLUMN kind TEXT NOT NULL DEFAULT 'staff' CHECK (kind IN (" +
        sql_support::CodeList(domain::kAllAttendeeKinds, domain::AttendeeKindCode) + "))");
    return migration;
}

}  // namespace kasane::storage
