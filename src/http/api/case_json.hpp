// SPDX-License-Identifier: Apache-2.0
#pragma once

// JSON forms of 多機関協働's types (cases, team, forms, assessments, eco-map relations, plans, actions, notes,
// meeting decisions, missing resources, work lists, fiscal-year counts) and the readers of their request bodies.
// Conventions are those of json_fields.hpp: enums travel as their domain codes with a "<name>_label" sibling in
// Japanese, dates as ISO 8601 (input also in 和暦), instants as ISO 8601 UTC. Readers check shapes and codes and
// name the offending field with its JSON name, elements of arrays by index ("actions[1].due_on"); the rules are
// the domain's.

#include <optional>
#include <string_view>

#include "base/json.hpp"
#include "base/result.hpp"
#include "domain/case_service.hpp"
#include "domain/referral.hpp"

namespace kasane::http::api {

Result<domain::NewCase> NewCaseFromJson(const Json& object);
Result<domain::CaseEdit> CaseEditFromJson(const Json& object);
// {program?, status, reason?, carried_on_by?, open_actions? ("cancel" | "hand_over"), hand_over_to?,
// decided_at_meeting_id?, on?}; `prefix` prefixes error fields ("status_change.").
Result<domain::StatusChange> StatusChangeFromJson(const Json& object, std::string_view prefix = "");
// {organization_id, role, agreed_at_meeting_id?, agreed_on?}; `prefix` prefixes error fields ("roles[0].").
Result<domain::RoleAssignment> RoleAssignmentFromJson(const Json& object, std::string_view prefix = "");
// {code, title, items:[{key, section, label, kind, options, required, reported_to_state, per_member}]}.
Result<domain::FormDefinition> FormDefinitionFromJson(const Json& object);
// {form_definition_id, assessed_on?, answers:[{item_key, member_person_id?, values:[...]}], background,
// strengths}; assessed_on is `today` (in Japan) when absent.
Result<domain::Assessment> AssessmentFromJson(const Json& object, domain::Date today);
Result<domain::EcoRelation> EcoRelationFromJson(const Json& object);
// {goals, household_goal, refer_participation, refer_outreach, review_on?, actions:[PlanAction]}.
Result<domain::SupportPlan> SupportPlanFromJson(const Json& object);
// {description, responsible_organization_id, due_on?, status?, program?, result?, completed_on?}. An absent
// responsible organisation is left 0 for the domain to refuse with its own field name.
Result<domain::PlanAction> PlanActionFromJson(const Json& object, std::string_view prefix = "");
// {occurred_at?, method, tag?, text, about_person_id?}; occurred_at (an instant as ParseInstantText reads it) is
// `now` when absent, tag "fact".
Result<domain::ProgressNote> ProgressNoteFromJson(const Json& object, Instant now);
// {kind, text, plan_id?, roles:[RoleAssignment], status_change?: StatusChange, missing_resource?, next_review_on?}.
Result<domain::CaseDecision> CaseDecisionFromJson(const Json& object);
// {description, case_id?, meeting_id?, area_id?, noted_on?}; noted_on is `today` (in Japan) when absent.
Result<domain::MissingResource> MissingResourceFromJson(const Json& object, domain::Date today);

Json ToJson(const domain::SupportCase& support_case);
Json ToJson(const domain::CaseListItem& item);
Json ToJson(const domain::CaseView& view, domain::Date today);  // ages and household members as of `today`
Json ToJson(const domain::FormDefinition& definition);
Json ToJson(const domain::Assessment& assessment);
Json ToJson(const domain::EcoRelation& relation);
Json ToJson(const domain::SupportPlan& plan);
Json ToJson(const domain::PlanAction& action);
Json ToJson(const domain::ProgressNote& note);
Json ToJson(const domain::MissingResource& resource);
Json ToJson(const domain::ActionDue& due);
Json ToJson(const domain::ReviewDue& due);
Json ToJson(const domain::WorkList& work);
Json ToJson(const domain::ReportCaseCounts& counts);
// A referral as a work-list line: who sent it to whom, when, and its status; the sheet stays on the referral page.
Json ReferralLineJson(const domain::Referral& referral);

namespace schema {
Json NewCase();
Json CaseEdit();
Json StatusChange();
Json RoleAssignment();
Json SupportCase();
Json CaseListItem();
Json CaseView();
Json FormDefinitionInput();
Json FormDefinition();
Json AssessmentInput();
Json Assessment();
Json EcoRelationInput();
Json EcoRelation();
Json PlanActionInput();
Json PlanAction();
Json SupportPlanInput();
Json SupportPlan();
Json ProgressNoteInput();
Json ProgressNote();
Json CaseDecisionInput();
Json MissingResourceInput();
Json MissingResource();
Json WorkList();
Json CaseCounts();
}  // namespace schema

}  // namespace kasane::http::api
