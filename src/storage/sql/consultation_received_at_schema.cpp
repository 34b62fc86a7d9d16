// SPDX-License-Identifier: Apache-2.0
// Migration 13: a consultation's 受付日時 kept on the consultation, for the 相談受付簿 (issue 13), written once for
// both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 13: the 受付日時 of a consultation is the time of its first contact (the one it was created with, the
// lowest id). The 相談受付簿 orders and bounds by it; computed per consultation from the contacts, a year's page of
// 50 sorted every consultation of the year (~25 ms of CPU on the town set). Kept on the consultation it is written
// once, with the consultation (contacts are never re-dated), and an index gives the newest 50 of any period
// directly. Existing rows are filled from their first contact.
Migration ConsultationReceivedAtMigration(const DdlTypes& t) {
    Migration migration{.version = 13, .name = "consultation received_at", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("ALTER TABLE consultations ADD COLUMN received_at " + instant);
    s.push_back("UPDATE consultations SET received_at = (SELECT f.occurred_at FROM contacts f WHERE f.id = "
                "(SELECT MIN(x.id) FROM contacts x WHERE x.consultation_id = consultations.id))");
    s.push_back("CREATE INDEX consultations_by_received_at ON consultations (municipality_id, received_at, id)");
    return migration;
}
// clang-format on

}  // namespace kasane::storage
