// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to src/storage/sql: PersonRepository::AccessFactsOfMany (persons_store.cpp) reads every fact of its
// persons in one statement (access_facts_store.cpp, ReadAccessFactRows), whose rows other concepts' files turn into
// facts: the case teams (case_facts_store.cpp) and the consents, meetings and emergency accesses
// (sharing_facts_store.cpp).

#include <vector>

#include "domain/access.hpp"
#include "storage/sql/sql.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// The rows of the access facts of a set of persons, each part with the columns (and in the order) of the statement
// that read it alone before they were combined (docs/performance.md, "the access facts in one statement").
struct AccessFactRows {
    // The persons of the set: id, merged_into, dv_protected, created_by_organization_id, created_by_user_id,
    // COALESCE(holder_organization_id, created_by_organization_id).
    SqlResult persons;
    // The records merged into a person of the set, with the same columns. Any row here (or a person of the set that
    // was merged into another) means an identity group larger than one record.
    SqlResult merged_into;
    SqlResult dv_staff;   // person_id, user_id; by person, user
    SqlResult recorders;  // person_id, organization_id, user_id: who took each consultation and each of its contacts
    SqlResult referrals;  // person_id, id, from_organization_id, to_organization_id, status, to_user_id
    // Each person's current DV-protected housemates at the same address, with the staff named for each of them:
    // person_id, housemate's person_id, named user_id (NULL: none named); by person, housemate, user.
    SqlResult housemates;
    SqlResult consents;               // KASANE_CONSENT_COLUMNS (sharing_support.hpp)
    SqlResult consent_organizations;  // consent_id, organization_id; by consent, organization
    SqlResult consent_bodies;         // consent_id, body_id; by consent, body
    // person_id, meeting id, body_id, legal_basis, shares_without_consent, sharing_days, held_on, convenor_user_id,
    // joint body id, its shares_without_consent and sharing_days, then one named member of the body (user_id,
    // organization_id, pledge_signed_on, left_on; NULL when it has none); by person, meeting, member.
    SqlResult meetings;
    SqlResult joint_members;  // the joint bodies' named members: body_id, user_id, organization_id, pledge, left_on
    SqlResult
        attendees;  // meeting_id, user_id, attendee row id: the users who attended those meetings; by meeting, user
    SqlResult emergencies;  // person_id, id, user_id, expires_at
    // person_id, case id, status, lead_organization_id, body of the meeting that opened it, then one team member
    // (organization_id, left_on, body of the meeting that agreed the role; NULL when none), the member row's id;
    // by person, case, member. `own_cases` by the case's person, `household_cases` by a current member of its
    // household.
    SqlResult own_cases;
    SqlResult household_cases;
};

// Reads every row of AccessFactRows for the persons of `persons` (an id set: ids of `tenant`) in one statement, on
// `connection`: one round trip, and on SQLite one read snapshot, whatever the number of persons.
Status ReadAccessFactRows(SqlConnection& connection, MunicipalityId tenant, const sql_support::IdSet& persons,
                          AccessFactRows& out);

// Fills facts[i].case_teams for the persons of groups[i] (one identity group each) from `rows`: every case whose
// person is one of the group, or whose household has one of them as a current member (moved_out IS NULL). One fact
// per team member, active when the case is not 終結 and the member has no left_on (a left_on in the future counts as
// left: storage does not read the clock), and one for the lead organisation, active when the case is not 終結; in
// the order of the group's persons, each person's own cases before its households', by case.
Status AssembleCaseFacts(const AccessFactRows& rows, const std::vector<std::vector<domain::PersonId>>& groups,
                         std::vector<domain::PersonAccessFacts>& facts);

// Fills consents, meetings and emergencies of facts[i] for the persons of groups[i] (one identity group each) from
// `rows`. Every emergency access of a group is returned, expired or not: the policy compares expires_at with its own
// clock. case_teams is left untouched.
Status AssembleSharingFacts(const AccessFactRows& rows, const std::vector<std::vector<domain::PersonId>>& groups,
                            std::vector<domain::PersonAccessFacts>& facts);

}  // namespace kasane::storage
