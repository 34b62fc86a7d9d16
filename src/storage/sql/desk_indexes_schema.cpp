// SPDX-License-Identifier: Apache-2.0
// Migrations 58 and 64: the indexes the home page (the worker's desk) and the 相談受付簿 search by, so that their cost
// grows with what the page shows, not with the town (issue 18; docs/performance.md, "The home page and the
// 相談受付簿 at 1,000,000 persons"). Written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"

namespace kasane::storage {

// SQLite plans without statistics (Kasane never runs ANALYZE on a town's file): among the indexes that could serve a
// lookup it takes the one with the most equality columns, and on a tie the one it finds first. Each index below
// makes the right one win by that rule, and `tests/storage/query_plan_test.cpp` checks the plans it gives.
//
// - A case's team and a meeting's attendees are joined on (case_id | meeting_id) = … AND municipality_id = …, as the
//   access facts of persons read them (access_facts_store.cpp, parts 12, 14 and 15). The old indexes held the
//   record's id alone, one equality, and lost to case_team_members_by_organization (municipality_id, …) and
//   meeting_attendees_by_user (municipality_id, user_id): every case found read every team member of the town
//   (14,741 rows at 1,000,000 persons), every agenda item every attendee; the home page, which reads the access
//   facts of up to 400 persons, took 1.5 s of CPU. With the municipality as the second column the record's own index
//   has two equalities and is taken; it still serves a lookup by the record's id alone, and the ON DELETE CASCADE of
//   the (id, municipality_id) foreign key. The attendees' index also holds user_id, so that the desk's "did I
//   attend" (desk_meetings_of_user) is three equalities on it.
// - The desk's overdue referrals (desk_unanswered_incoming / _outgoing: an organisation's referrals still 'sent',
//   oldest first, at most 200) read every referral the organisation ever received or sent, then sorted the 'sent'
//   ones; with status and sent_at in the index they are its first 200 entries. The longer index serves every
//   statement the old (municipality_id, to_organization_id) one did.
// - The 相談受付簿 of an organisation includes the consultations referred to it and accepted: a correlated EXISTS on
//   referrals_by_consultation per consultation of the page, instead of a list of every such referral of the town
//   built for each page (20,547 at 1,000,000 persons).
// - The desk's consents about to expire (desk_expiring_consents) read every consent of the town; now the days of
//   the window.
Migration DeskIndexesMigration(const DdlTypes& /*types*/) {
    Migration migration{.version = 58, .name = "desk and book indexes", .statements = {}};
    auto& s = migration.statements;
    s.push_back("DROP INDEX case_team_members_by_case");
    s.push_back("CREATE INDEX case_team_members_by_case ON case_team_members (case_id, municipality_id, id)");
    s.push_back("DROP INDEX meeting_attendees_by_meeting");
    s.push_back(
        "CREATE INDEX meeting_attendees_by_meeting ON meeting_attendees (meeting_id, municipality_id, user_id, id)");
    s.push_back("DROP INDEX referrals_by_receiver");
    s.push_back(
        "CREATE INDEX referrals_by_receiver ON referrals (municipality_id, to_organization_id, status, sent_at, id)");
    s.push_back("DROP INDEX referrals_by_sender");
    s.push_back(
        "CREATE INDEX referrals_by_sender ON referrals (municipality_id, from_organization_id, status, sent_at, id)");
    s.push_back(
        "CREATE INDEX referrals_by_consultation ON referrals (consultation_id, municipality_id, to_organization_id, "
        "status)");
    s.push_back("CREATE INDEX consents_by_expires_on ON consents (municipality_id, expires_on, id)");
    return migration;
}

// Migration 64: the desk's overdue referrals read from the index alone. desk_unanswered_incoming / _outgoing return
// what the overdue and reading rules ask of each candidate (the other organisation, the addressee, sent_at); with
// those in referrals_by_receiver / _by_sender the 200 oldest are the index's first entries and no row of the table
// is read (each a page of its own on a large town's file: 400 a home page).
Migration DeskReferralsCoveredMigration() {
    Migration migration{.version = 64, .name = "desk referrals covered", .statements = {}};
    auto& s = migration.statements;
    s.push_back("DROP INDEX referrals_by_receiver");
    s.push_back(
        "CREATE INDEX referrals_by_receiver ON referrals (municipality_id, to_organization_id, status, sent_at, id, "
        "from_organization_id, to_user_id)");
    s.push_back("DROP INDEX referrals_by_sender");
    s.push_back(
        "CREATE INDEX referrals_by_sender ON referrals (municipality_id, from_organization_id, status, sent_at, id, "
        "to_organization_id, to_user_id)");
    return migration;
}

}  // namespace kasane::storage
