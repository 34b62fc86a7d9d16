// SPDX-License-Identifier: Apache-2.0
// The case teams of persons as the access policy reads them (AssembleCaseFacts).

#include "storage/sql/access_facts.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "storage/sql/case_support.hpp"

namespace kasane::storage {

Status AssembleCaseFacts(const AccessFactRows& rows, const std::vector<std::vector<domain::PersonId>>& groups,
                         std::vector<domain::PersonAccessFacts>& facts) {
    KASANE_ASSIGN(own_rows, RowsByKey(rows.own_cases));
    KASANE_ASSIGN(household_rows, RowsByKey(rows.household_cases));

    for (std::size_t i = 0; i < groups.size() && i < facts.size(); ++i) {
        std::vector<domain::CaseTeamFact>& case_teams = facts[i].case_teams;
        std::set<CaseId> seen;
        for (PersonId person_id : groups[i]) {
            for (const SqlRowsByKey* rows_by_person : {&*own_rows, &*household_rows}) {
                // A person's rows come ordered by case: one per team member (or one with NULL member columns).
                std::set<CaseId> read_here;
                for (const SqlValues* values : RowsOf(*rows_by_person, person_id)) {
                    const SqlRow row(*values);
                    KASANE_ASSIGN(case_id, row.Integer(1));
                    if (seen.contains(domain::CaseId{*case_id})) continue;
                    auto status = domain::ParseCaseStatus(row.Text(2).value_or(""));
                    if (!status) return Fail(Corrupt("cases.status"));
                    const bool case_active = *status != CaseStatus::kClosed;
                    if (read_here.insert(domain::CaseId{*case_id}).second) {
                        KASANE_ASSIGN(lead, row.Integer(3));
                        case_teams.push_back(
                            domain::CaseTeamFact{.case_id = domain::CaseId{*case_id},
                                                 .organization_id = OrganizationId{*lead},
                                                 .active = case_active,
                                                 .lead = true,
                                                 .agreed_body_id = row.OptionalId<domain::MeetingBodyId>(4)});
                    }
                    if (row.IsNull(5)) continue;
                    KASANE_ASSIGN(organization_id, row.Integer(5));
                    case_teams.push_back(
                        domain::CaseTeamFact{.case_id = domain::CaseId{*case_id},
                                             .organization_id = OrganizationId{*organization_id},
                                             .active = case_active && row.IsNull(6),
                                             .agreed_body_id = row.OptionalId<domain::MeetingBodyId>(7)});
                }
                seen.insert(read_here.begin(), read_here.end());
            }
        }
    }
    return {};
}

}  // namespace kasane::storage
