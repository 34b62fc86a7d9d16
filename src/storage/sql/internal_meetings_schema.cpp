// SPDX-License-Identifier: Apache-2.0
// Migration 43: the internal meetings with no statute (issue 17, item 1), written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"

namespace kasane::storage {

// Migration 43: meeting_bodies.legal_basis gains 'internal_liaison' (連携責任者連絡会, 担当者連絡会, つながる会議:
// recorded and counted apart, without personal data). WidenCheck, then the index the meeting counts' join on a joint
// meeting's second body uses, which is also SQLite's real schema change after the CHECK's rewrite.
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
    return migration;
}

}  // namespace kasane::storage
