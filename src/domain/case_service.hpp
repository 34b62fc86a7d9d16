// SPDX-License-Identifier: Apache-2.0
#pragma once

// Use cases of 多機関協働: support cases, their team and roles, status per 事業, assessments on versioned forms, the
// eco-map's relationships, support plans approved at meetings, progress notes, meeting decisions that become records,
// missing social resources, and the work lists.
//
// Access: a case is shown to whoever the access policy lets see its person in full (kFull); the case's team and lead
// organisation see it on the kCaseTeam basis once the person consented (access_policy.cpp). A refusal is kNotFound,
// exactly like a case that does not exist. A partner organisation (an accepted referral, the case team or a consent,
// and neither the holder of the person's record, the lead nor a coordinator) reads only its part of the case
// (DecideCasePart in access_policy.hpp): every read below applies it. Every read leaves an audit entry naming the
// basis; every change leaves one in the same transaction. Changes are for coordinators and caseworkers whose
// organisation is the lead, on the team, or (for the coordinator role) any organisation of the municipality; 民生委員
// never work cases.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/access_policy.hpp"
#include "domain/case_repositories.hpp"
#include "domain/change_policy.hpp"
#include "domain/intake.hpp"
#include "domain/support_case.hpp"

namespace kasane::domain {

struct NewCase {
    PersonId person_id{};
    std::optional<HouseholdId> household_id;
    std::string title;
    OrganizationId lead_organization_id{};
    std::optional<UserId> coordinator_user_id;
    std::vector<Program> programs;  // at least one; 多機関協働 when empty
    std::vector<CategoryId> categories;
    std::optional<ConsultationId> opened_from_consultation_id;
    std::optional<MeetingId> opened_at_meeting_id;
    std::optional<Date> opened_on;  // today (JST) when absent
};

// Editable fields of a case; team and status have their own use cases.
struct CaseEdit {
    std::string title;
    std::optional<HouseholdId> household_id;
    OrganizationId lead_organization_id{};
    std::optional<UserId> coordinator_user_id;
    std::vector<CategoryId> categories;
};

// What happens to the open actions of the current plan when a case (or 事業) closes or is suspended. Closing with open
// actions and kUnspecified is refused (kInvalidArgument, field "open_actions").
enum class OpenActionDisposition { kUnspecified, kCancel, kHandOver };
std::string_view OpenActionDispositionCode(OpenActionDisposition disposition);  // "", "cancel", "hand_over"
std::optional<OpenActionDisposition> ParseOpenActionDisposition(std::string_view code);

struct StatusChange {
    std::optional<Program> program;  // one 事業's involvement; the whole case when absent
    CaseStatus status = CaseStatus::kIntake;
    std::string reason;  // required for 終結 and 中断
    // For 終結: who carries on (伴走支援). Closing 多機関協働 with someone carrying on makes that organisation the
    // lead (主担当).
    std::optional<OrganizationId> carried_on_by;
    OpenActionDisposition open_actions = OpenActionDisposition::kUnspecified;
    std::optional<OrganizationId> hand_over_to;  // for kHandOver: the organisation that takes the open actions
    std::optional<MeetingId> decided_at_meeting_id;
    std::optional<Date> on;  // today (JST) when absent
};

struct RoleAssignment {
    OrganizationId organization_id{};
    std::string role;
    std::optional<MeetingId> agreed_at_meeting_id;
    std::optional<Date> agreed_on;  // the meeting's date, or today
};

// What a meeting decided about a case. Each kind has its effect on the case, and is appended to the meeting's
// decisions with the case id.
struct CaseDecision {
    DecisionKind kind = DecisionKind::kOther;  // sharing.hpp
    std::string text;
    std::optional<SupportPlanId> plan_id;       // plan_approved / plan_changed: the draft approved
    std::vector<RoleAssignment> roles;          // roles_assigned
    std::optional<StatusChange> status_change;  // closed / suspended
    std::string missing_resource;               // resource_missing
    std::optional<Date> next_review_on;         // the next review date agreed, if any
};

// The status a decision to close or suspend puts the case (or its 事業) in: 終結 for kClosed, 中断 for kSuspended;
// nullopt for every other kind, which changes no status by itself.
std::optional<CaseStatus> StatusDecided(DecisionKind kind);

// What the viewer may change on the case (DecideCaseWork in change_policy.hpp), so that a page offers only what the
// domain allows. A plan action's right depends on the action: the organisation it is assigned to, the lead and the
// coordinator update it.
struct CaseRights {
    bool case_record = false;     // title, lead, coordinator, team and roles
    bool plan = false;            // draft a plan, change or approve a draft
    bool assessment = false;      // record an assessment
    bool eco_map = false;         // add and remove eco-map entries
    bool progress_notes = false;  // write a progress note
};

// The case page: everything the viewer may see of the case at once.
struct CaseView {
    SupportCase support_case;
    AccessDecision decision;  // for the case's person
    // How much of the case the viewer reads (DecideCasePart): a partner reads its part — its own plan actions (the
    // plans carry `actions_withheld`), its own notes, the assessment and eco-map only when its role was agreed at a
    // meeting.
    CasePart part;
    CaseRights rights;
    Person person;                            // masked as the decision requires
    std::optional<Household> household;       // members the viewer may not see are left out
    std::vector<Person> members;              // the visible current household members, masked
    std::optional<SupportPlan> current_plan;  // approved, not superseded
    std::optional<SupportPlan> draft_plan;    // the newest draft, if any
    std::optional<Assessment> latest_assessment;
    std::vector<EcoRelation> relations;
    std::vector<ProgressNote> recent_notes;  // the newest 20 the viewer may read, newest first
    std::vector<Meeting> meetings;           // meetings with the case on the agenda that the viewer may see
};

struct WorkList {
    std::vector<CaseListItem> my_cases;             // coordinator is me, or my organisation leads or is on the team
    std::vector<ActionDue> actions_due;             // my organisation's open actions due within `days_ahead` days
    std::vector<ReviewDue> reviews_due;             // plans of cases my organisation leads, review within the window
    std::vector<Referral> referrals_waiting;        // referrals to my organisation not yet answered
    std::vector<CaseListItem> without_recent_note;  // open cases I work with no note for `quiet_days` days
};

// Publishes the seeded assessment sheet (CaseService::DefaultAssessmentForm) as version 1, by user `by`, when the
// municipality has none: when the demo town is loaded, and on first use elsewhere (a municipality created before
// 多機関協働 existed, or without the demo).
Status EnsureAssessmentForm(TenantStore& tenant, UserId by, Instant now);

class CaseService {
public:
    CaseService(Store& store, const Clock& clock, AuditRecorder& audit, PersonService& persons);

    // A case for a person (and household) the actor sees in full. Lead organisation and team must be of the
    // municipality (kInvalidArgument, field "lead_organization_id" / "organization_id", otherwise).
    Result<SupportCase> Open(const Actor& actor, const NewCase& input);
    Result<CaseView> Get(const Actor& actor, CaseId id);
    // Cases matching the filter that the actor may see.
    Result<std::vector<CaseListItem>> List(const Actor& actor, const CaseFilter& filter);
    Result<WorkList> Work(const Actor& actor, int days_ahead, int quiet_days);
    // Reviews due (ReviewIsDue) of the current plans of open cases the actor's organisation leads, whose person the
    // actor sees in full; earliest first, at most `limit`. Professionals only (none for other roles).
    Result<std::vector<ReviewDue>> ReviewsDue(const Actor& actor, int limit);
    // The cases about a person or a household the person belongs to, that the actor may see (the case's person in
    // full), newest first; none for a role that works no cases (a 民生委員). kNotFound when the actor may not see
    // the person.
    Result<std::vector<SupportCase>> OfPerson(const Actor& actor, PersonId person_id);
    Result<SupportCase> Edit(const Actor& actor, CaseId id, int expected_version, const CaseEdit& edit);
    // The status of the case or of one 事業 (see StatusChange). kInvalidArgument field "status" for a transition
    // CaseStatusMayFollow refuses; field "reason" for 終結/中断 without a reason; kInvalidArgument field
    // "open_actions" for 終結/中断 of the case with open actions and no disposition.
    Result<SupportCase> ChangeStatus(const Actor& actor, CaseId id, int expected_version, const StatusChange& change);
    Result<SupportCase> AssignRole(const Actor& actor, CaseId id, int expected_version, const RoleAssignment& role);
    Result<SupportCase> EndRole(const Actor& actor, CaseId id, int expected_version, TeamMemberId member_id,
                                std::optional<Date> left_on);

    // Forms. Publishing a version (coordinators and administrators) never changes the old ones; Edit changes only
    // the newest version and only while nothing was answered under it (kConflict field "form_version").
    Result<std::vector<FormDefinition>> FormVersions(const Actor& actor, std::string_view code);
    Result<FormDefinition> Form(const Actor& actor, FormDefinitionId id);
    Result<FormDefinition> PublishForm(const Actor& actor, const FormDefinition& definition);
    Result<FormDefinition> EditForm(const Actor& actor, FormDefinitionId id, const FormDefinition& definition);
    // The seeded sheet, modelled on the national intake/assessment forms (forms.md).
    static FormDefinition DefaultAssessmentForm();

    // An assessment on a form version: required items answered, options among the item's, one value for kSingle,
    // per-member answers only for household members (kInvalidArgument naming the item key otherwise).
    Result<Assessment> RecordAssessment(const Actor& actor, CaseId case_id, const Assessment& assessment);
    Result<std::vector<Assessment>> Assessments(const Actor& actor, CaseId case_id);

    Result<EcoRelation> AddRelation(const Actor& actor, CaseId case_id, const EcoRelation& relation);
    Status RemoveRelation(const Actor& actor, CaseId case_id, EcoRelationId relation_id);

    // Plans. Every action needs a description and a responsible organisation of the municipality
    // (kInvalidArgument field "actions[i].responsible_organization_id").
    Result<SupportPlan> DraftPlan(const Actor& actor, CaseId case_id, const SupportPlan& plan);
    Result<SupportPlan> UpdatePlan(const Actor& actor, SupportPlanId id, int expected_version, const SupportPlan& plan);
    Result<SupportPlan> GetPlan(const Actor& actor, SupportPlanId id);
    Result<std::vector<SupportPlan>> Plans(const Actor& actor, CaseId case_id);
    // Approval at a meeting (recorded as the meeting's decision). kConflict field "state" when already approved.
    Result<SupportPlan> ApprovePlan(const Actor& actor, SupportPlanId id, MeetingId meeting_id);
    // By the responsible organisation, the lead, or the coordinator.
    Result<PlanAction> UpdateAction(const Actor& actor, PlanActionId id, int expected_version,
                                    const PlanAction& action);

    Result<ProgressNote> AddNote(const Actor& actor, CaseId case_id, const ProgressNote& note);
    // Chronological (oldest first) for the printable 経過一覧; all when limit <= 0.
    Result<std::vector<ProgressNote>> Notes(const Actor& actor, CaseId case_id, int limit);

    // A meeting's decision about a case on its agenda: applied to the case, appended to the meeting. Convenor or
    // coordinator.
    Result<Meeting> RecordDecision(const Actor& actor, MeetingId meeting_id, CaseId case_id,
                                   const CaseDecision& decision);

    // 不足する社会資源, newest first; the case and meeting a gap was found in are named only where the caller may
    // open them.
    Result<std::vector<MissingResource>> MissingResources(const Actor& actor, ResourceListing listing);
    Result<MissingResource> AddMissingResource(const Actor& actor, const MissingResource& resource);
    Result<MissingResource> SetResourceAddressed(const Actor& actor, MissingResourceId id, ResourceState state,
                                                 std::string_view note);

private:
    Store& store_;
    const Clock& clock_;
    AuditRecorder& audit_;
    PersonService& persons_;
    // Form versions that have assessments, by municipality and id: such a version never changes (EditForm refuses
    // it), so reading it once is enough.
    struct FormCache;
    std::shared_ptr<FormCache> forms_;
};

}  // namespace kasane::domain
