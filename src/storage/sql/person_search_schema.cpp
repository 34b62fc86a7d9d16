// SPDX-License-Identifier: Apache-2.0
// Migrations 55 and 62: the indexes the person search within a reach reads (issue 18, item 1), for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// Migration 55: one index per tie of domain::PersonSearchReach that no older index serves, each leading with the
// municipality and the organisation or user of the tie and ending with the person (or the row that leads to it), so
// that a partner's or a 民生委員's search reads its own tied persons by index and nothing of the rest of the town
// (persons_store.cpp, KASANE_TIED_PERSONS). referrals_by_receiver (to an organisation) and cases_by_lead exist already.
Migration PersonSearchReachMigration(const DdlTypes&) {
    Migration migration{.version = 55, .name = "indexes of the person search's reach", .statements = {}};
    auto& s = migration.statements;
    s.push_back(
        "CREATE INDEX persons_by_creating_organization ON persons (municipality_id, created_by_organization_id)");
    s.push_back("CREATE INDEX persons_by_holder ON persons (municipality_id, holder_organization_id)");
    s.push_back("CREATE INDEX persons_by_creating_user ON persons (municipality_id, created_by_user_id)");
    s.push_back(
        "CREATE INDEX consultations_by_receiver ON consultations (municipality_id, receiving_organization_id, "
        "person_id)");
    s.push_back(
        "CREATE INDEX consultations_by_receiving_user ON consultations (municipality_id, received_by_user_id, "
        "person_id)");
    s.push_back("CREATE INDEX contacts_by_organization ON contacts (municipality_id, organization_id, person_id)");
    s.push_back("CREATE INDEX contacts_by_staff ON contacts (municipality_id, staff_user_id, person_id)");
    s.push_back("CREATE INDEX referrals_by_receiving_user ON referrals (municipality_id, to_user_id)");
    s.push_back(
        "CREATE INDEX case_team_members_by_organization ON case_team_members (municipality_id, organization_id)");
    s.push_back(
        "CREATE INDEX consent_organizations_by_organization ON consent_organizations (municipality_id, "
        "organization_id)");
    s.push_back("CREATE INDEX meetings_by_convenor ON meetings (municipality_id, convenor_user_id)");
    s.push_back("CREATE INDEX meeting_attendees_by_user ON meeting_attendees (municipality_id, user_id)");
    s.push_back(
        "CREATE INDEX meeting_body_named_members_by_user ON meeting_body_named_members (municipality_id, user_id)");
    s.push_back("CREATE INDEX emergency_accesses_by_user ON emergency_accesses (municipality_id, user_id)");
    return migration;
}

// Migration 62: two indexes of 55 again, led by the organisation or the user rather than the municipality. SQLite
// without statistics took an index whose only constrained column was the municipality for the joins that read a
// case's team (LEFT JOIN case_team_members t ON t.case_id = c.id AND t.municipality_id = c.municipality_id) and a
// meeting's attendees (… AND t.user_id IS NOT NULL), instead of case_team_members_by_case and
// meeting_attendees_by_meeting: every team member or attendee of the town was read for each case or agenda item of the
// persons whose access facts were read — 6.7 ms of a search's 13.9 ms of CPU on the prefecture set
// (docs/performance.md). Led by the tie's column, an index serves only a statement that names the organisation or
// the user (the search's reach, KASANE_TIED_PERSONS, names both with the municipality), and the joins take the
// case's or the meeting's index again.
Migration PersonSearchReachKeysFirstMigration() {
    Migration migration{.version = 62, .name = "reach indexes led by the organisation or user", .statements = {}};
    auto& s = migration.statements;
    s.push_back("DROP INDEX case_team_members_by_organization");
    s.push_back(
        "CREATE INDEX case_team_members_by_organization ON case_team_members (organization_id, municipality_id)");
    s.push_back("DROP INDEX meeting_attendees_by_user");
    s.push_back("CREATE INDEX meeting_attendees_by_user ON meeting_attendees (user_id, municipality_id)");
    return migration;
}

}  // namespace kasane::storage
