// SPDX-License-Identifier: Apache-2.0
#pragma once

// The statements a backend reads ahead (domain/read_ahead.hpp), each the very statement its repository runs, so
// that a read-ahead result is found under the name and parameters the repository asks for. Each group is defined
// in the store that owns the statements.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "base/ids.hpp"
#include "domain/intake_repositories.hpp"
#include "storage/sql/sql.hpp"

namespace kasane::storage {

// cases_store.cpp: each with (case id, municipality).
struct CaseReadStatements {
    const SqlStatement& select_case;  // one row: KASANE_CASE_COLUMNS, person_id in column 2, household_id in 3
    const SqlStatement& programs;
    const SqlStatement& categories;
    const SqlStatement& team;
    const SqlStatement& latest_assessment;
    const SqlStatement& exists;
    const SqlStatement& relations;
};
CaseReadStatements CaseStatementsToReadAhead();

// plans_store.cpp: current plans with (case id, municipality), id in column 0, newest version first; actions with
// (plan id, municipality).
struct PlanReadStatements {
    const SqlStatement& current_of_case;
    const SqlStatement& actions_of_plan;
};
PlanReadStatements PlanStatementsToReadAhead();

// progress_notes_store.cpp: (case id, municipality, limit).
const SqlStatement& NotesOfCaseStatementToReadAhead();

// households_store.cpp: each with (household id, municipality).
struct HouseholdReadStatements {
    const SqlStatement& household;
    const SqlStatement& members;
};
HouseholdReadStatements HouseholdStatementsToReadAhead();

// meetings_store.cpp: (municipality, person id).
const SqlStatement& MeetingsOfPersonStatementToReadAhead();

// accounts_store.cpp: a session, each with (token hash). Both begin with the session's own `session_columns` columns,
// user_id in column 1 and municipality_id in 2; `with_user` follows them with its user's, one row per role,
// `with_account_version` with the user's account version (migration 66), its one row.
struct SessionReadStatements {
    const SqlStatement& with_user;
    const SqlStatement& with_account_version;
    std::size_t session_columns;
};
SessionReadStatements SessionStatementsToReadAhead();
// posts_store.cpp: a user's posts, (user id, municipality).
const SqlStatement& PostsOfUserStatementToReadAhead();
// organizations_store.cpp: one organisation, (organization id, municipality).
const SqlStatement& OrganizationStatementToReadAhead();

// A read as its repository runs it: the statement and its parameters as text (SqlParamText).
struct ReadCall {
    SqlStatement statement;
    std::vector<std::optional<std::string>> params;
};
// persons_store.cpp: what PersonRepository::FindByGrams(grams, field, limit) reads before it has any result: for one
// gram its first page of candidates, for more the counts that order them (none for no gram).
std::vector<ReadCall> GramCandidatesToReadAhead(MunicipalityId tenant, const std::vector<std::string>& grams,
                                                domain::PersonRepository::SearchField field, int limit);
// persons_store.cpp: whether `statement` is a gram read of one or two grams (FindByGrams), which PostgreSQL runs on
// its generic plan: the plan its custom plan is too (the posting list in person order), without planning it again
// on every execution (postgres_store.cpp, kGenericPlansUntilSync).
bool RunsOnGenericPlan(const SqlStatement& statement);
// persons_store.cpp: PersonRepository::GetMany(ids).
ReadCall PersonsOfManyToReadAhead(MunicipalityId tenant, const std::vector<domain::PersonId>& ids);
// access_facts_cache.cpp: the access versions the cache checks (AccessFactsCache::Read) for `ids`.
ReadCall AccessVersionsToReadAhead(MunicipalityId tenant, const std::vector<domain::PersonId>& ids);

}  // namespace kasane::storage
