// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to src/storage/sql: what the repositories of domain/case_repositories.hpp (cases_store.cpp,
// forms_store.cpp, plans_store.cpp, progress_notes_store.cpp, missing_resources_store.cpp) and case_facts_store.cpp
// share.

#include <chrono>
#include <string>

#include "domain/case_repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {
namespace {  // NOLINT(google-build-namespaces,cert-dcl59-cpp): internal to src/storage/sql

using namespace sql_support;  // NOLINT(google-build-using-namespace): this file's own helpers

using domain::ActionDue;
using domain::ActionStatus;
using domain::Assessment;
using domain::AssessmentAnswer;
using domain::CaseCounts;
using domain::CaseFilter;
using domain::CaseId;
using domain::CaseListItem;
using domain::CaseStatus;
using domain::Date;
using domain::EcoRelation;
using domain::EcoRelationId;
using domain::FormDefinition;
using domain::FormDefinitionId;
using domain::FormItem;
using domain::MeetingId;
using domain::MissingResource;
using domain::MissingResourceId;
using domain::PersonId;
using domain::PlanAction;
using domain::PlanActionId;
using domain::PlanState;
using domain::Program;
using domain::ProgramStatus;
using domain::ProgressNote;
using domain::ReviewDue;
using domain::SupportCase;
using domain::SupportPlan;
using domain::SupportPlanId;
using domain::TeamMember;

inline Result<std::int64_t> IdOf(const SqlResult& result) {
    if (result.Empty()) return Fail(Corrupt("RETURNING id"));
    return SqlRow(result.rows.front()).Integer(0);
}

inline Result<std::int64_t> SingleInteger(const SqlResult& result) {
    if (result.Empty()) return Fail(Corrupt("single value"));
    return SqlRow(result.rows.front()).Integer(0);
}

inline std::string CodeText(std::string_view code) { return std::string(code); }

// ---------------------------------------------------------------------------------------------------------------
// Reference checks: a row of another municipality is reported with the field the caller gave it in.

inline constexpr SqlStatement kPersonExists{"case_person_exists",
                                            "SELECT 1 FROM persons WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kHouseholdExists{"case_household_exists",
                                               "SELECT 1 FROM households WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kOrganizationExists{"case_organization_exists",
                                                  "SELECT 1 FROM organizations WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kUserExists{"case_user_exists",
                                          "SELECT 1 FROM users WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kConsultationExists{"case_consultation_exists",
                                                  "SELECT 1 FROM consultations WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kMeetingExists{"case_meeting_exists",
                                             "SELECT 1 FROM meetings WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kCategoryExists{"case_category_exists",
                                              "SELECT 1 FROM worry_categories WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kAreaExists{"case_area_exists",
                                          "SELECT 1 FROM areas WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kCaseExists{"case_case_exists",
                                          "SELECT 1 FROM cases WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kFormExists{"case_form_exists",
                                          "SELECT 1 FROM form_definitions WHERE id = $1 AND municipality_id = $2"};

inline Status CaseExists(SqlConnection& connection, MunicipalityId tenant, CaseId id) {
    return Exists(connection, kCaseExists, id, tenant, "支援ケースが見つかりません", "case_id");
}

}  // namespace
}  // namespace kasane::storage
