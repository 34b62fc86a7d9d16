// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to src/storage/sql: the parts of PersonRepository::AccessFactsOfMany (persons_store.cpp) that other
// concepts' tables hold: the case teams (case_facts_store.cpp) and the consents, meetings and emergency accesses
// (sharing_facts_store.cpp).

#include <vector>

#include "domain/access.hpp"
#include "storage/sql/sql.hpp"

namespace kasane::storage {

// Fills facts[i].case_teams for the persons of groups[i] (one identity group each), on `connection`
// (PersonRepository::AccessFactsOfMany calls it inside its own read): every case whose person is one of the group,
// or whose household has one of them as a current member (moved_out IS NULL). One fact per team member, active
// when the case is not 終結 and the member has no left_on (a left_on in the future counts as left: storage does not
// read the clock), and one for the lead organisation, active when the case is not 終結; in the order of the group's
// persons, each person's own cases before its households', by case. Two statements for all the groups together.
Status ReadCaseFacts(SqlConnection& connection, MunicipalityId tenant,
                     const std::vector<std::vector<domain::PersonId>>& groups,
                     std::vector<domain::PersonAccessFacts>& facts);

// Fills consents, meetings and emergencies of facts[i] for the persons of groups[i] (one identity group each), on
// `connection` (PersonRepository::AccessFactsOfMany calls it inside its own read). Five statements at most for all
// the groups together, each over the set of their persons: consents with their organisations and bodies, agenda
// items, emergency accesses. Every emergency access of a group is returned, expired or not: the policy compares
// expires_at with its own clock. case_teams is left untouched.
Status ReadSharingFacts(SqlConnection& connection, MunicipalityId tenant,
                        const std::vector<std::vector<domain::PersonId>>& groups,
                        std::vector<domain::PersonAccessFacts>& facts);

}  // namespace kasane::storage
