#pragma once

// The repositories of domain/case_repositories.hpp (support cases with their programs, categories and team,
// assessment forms and assessments, eco-map relations, support plans and actions, progress notes, missing social
// resources), written once over SqlExecutor like those of sharing_store.hpp, and migration 4 that creates their
// tables, written once for both dialects.

#include <memory>
#include <string>
#include <vector>

#include "domain/access.hpp"
#include "domain/case_repositories.hpp"
#include "storage/sql/intake_store.hpp"
#include "storage/sql/sql.hpp"

namespace kasane::storage {

Migration CaseMigration(const DdlTypes& types);

// Fills facts[i].case_teams for the persons of groups[i] (one identity group each), on `connection`
// (PersonRepository::AccessFactsOfMany calls it inside its own read): every case whose person is one of the group,
// or whose household has one of them as a current member (moved_out IS NULL). One fact per team member, active
// when the case is not 終結 and the member has no left_on (a left_on in the future counts as left: storage does not
// read the clock), and one for the lead organisation, active when the case is not 終結; in the order of the group's
// persons, each person's own cases before its households', by case. Two statements for all the groups together.
Status ReadCaseFacts(SqlConnection& connection, MunicipalityId tenant,
                     const std::vector<std::vector<domain::PersonId>>& groups,
                     std::vector<domain::PersonAccessFacts>& facts);

// The five repositories of one municipality over one executor.
class CaseRepositories {
public:
    CaseRepositories(SqlExecutor& executor, MunicipalityId tenant);
    ~CaseRepositories();
    CaseRepositories(const CaseRepositories&) = delete;
    CaseRepositories& operator=(const CaseRepositories&) = delete;

    domain::CaseRepository& Cases();
    domain::FormRepository& Forms();
    domain::PlanRepository& Plans();
    domain::ProgressNoteRepository& ProgressNotes();
    domain::MissingResourceRepository& MissingResources();

private:
    struct Parts;
    std::unique_ptr<Parts> parts_;
};

}  // namespace kasane::storage
