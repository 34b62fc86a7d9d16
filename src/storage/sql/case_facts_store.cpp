// SPDX-License-Identifier: Apache-2.0
// The case teams of persons as the access policy reads them (ReadCaseFacts).

#include "storage/sql/access_facts.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "storage/sql/case_support.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Case facts for the access policy

#define KASANE_CASE_FACT_COLUMNS \
    "c.id, c.status, c.lead_organization_id, lm.body_id, t.organization_id, t.left_on, tm.body_id "
#define KASANE_CASE_FACT_JOINS                                                                            \
    "LEFT JOIN meetings lm ON lm.id = c.opened_at_meeting_id AND lm.municipality_id = c.municipality_id " \
    "LEFT JOIN case_team_members t ON t.case_id = c.id AND t.municipality_id = c.municipality_id "        \
    "LEFT JOIN meetings tm ON tm.id = t.agreed_at_meeting_id AND tm.municipality_id = t.municipality_id "

// The cases of many persons ($2, an id set), the person first: cases_by_person, then case_team_members_by_case and
// the meetings' primary key.
constexpr IdSetStatement kSelectCaseFactsOfPersons
    KASANE_ID_SET_STATEMENT("case_select_case_facts_of_persons",
                            "SELECT c.person_id, " KASANE_CASE_FACT_COLUMNS "FROM cases c " KASANE_CASE_FACT_JOINS
                            "WHERE c.municipality_id = $1 AND c.person_id IN (",
                            ") ORDER BY c.person_id, c.id, t.id");
// household_members_by_person, then cases_by_household and as above (the inner join comes first: SQLite does not
// move a table ahead of the LEFT JOINs written before it). CROSS JOIN fixes SQLite's order of the first two: with
// an IN list of unknown length it otherwise drove the join from every case of the municipality (the case page fell
// from 540 to 16 requests/s on the prefecture data set). PostgreSQL plans a CROSS JOIN with a WHERE like any inner
// join.
constexpr IdSetStatement kSelectCaseFactsOfHouseholdMembers KASANE_ID_SET_STATEMENT(
    "case_select_case_facts_of_household_members",
    "SELECT hm.person_id, " KASANE_CASE_FACT_COLUMNS
    "FROM household_members hm CROSS JOIN cases c " KASANE_CASE_FACT_JOINS
    "WHERE c.household_id = hm.household_id AND c.municipality_id = hm.municipality_id AND hm.municipality_id = $1 "
    "AND hm.person_id IN (",
    ") AND hm.moved_out IS NULL ORDER BY hm.person_id, c.id, t.id");

}  // namespace

Status ReadCaseFacts(SqlConnection& connection, MunicipalityId tenant,
                     const std::vector<std::vector<domain::PersonId>>& groups,
                     std::vector<domain::PersonAccessFacts>& facts) {
    std::vector<PersonId> persons;
    for (const auto& group : groups) persons.insert(persons.end(), group.begin(), group.end());
    if (persons.empty()) return {};
    std::sort(persons.begin(), persons.end());
    persons.erase(std::unique(persons.begin(), persons.end()), persons.end());
    const IdSet person_set(persons);
    KASANE_ASSIGN(own_result,
                  connection.Execute(kSelectCaseFactsOfPersons.For(person_set), {tenant, person_set.Param()}));
    KASANE_ASSIGN(own_rows, RowsByKey(*own_result));
    KASANE_ASSIGN(household_result,
                  connection.Execute(kSelectCaseFactsOfHouseholdMembers.For(person_set), {tenant, person_set.Param()}));
    KASANE_ASSIGN(household_rows, RowsByKey(*household_result));

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
