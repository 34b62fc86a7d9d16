// SPDX-License-Identifier: Apache-2.0
#pragma once

// Ports for 多機関協働 (support_case.hpp). Conventions as in repositories.hpp: scoped to the TenantStore's
// municipality; kNotFound for rows elsewhere (with `field` naming the reference that was of another municipality);
// kConflict (field "version") for a stale expected_version.

#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/support_case.hpp"

namespace kasane::domain {

// What a work list asks for. Every set field narrows the list; unset fields do not filter.
struct CaseFilter {
    std::optional<CaseStatus> status;  // the case's overall status
    std::optional<Program> program;    // has this 事業, open (neither 終結 nor 中断)
    std::optional<OrganizationId> lead_organization_id;
    std::optional<OrganizationId> involving_organization_id;  // lead, or an active team member
    std::optional<UserId> coordinator_user_id;
    std::optional<AreaId> area_id;  // the case person's neighbourhood or any of its school/民生委員 districts
    std::optional<CategoryId> category_id;  // among the case's worries
    std::optional<Date> no_note_since;      // open cases whose newest note (or opening, without notes) is before
    bool open_only = false;                 // neither 終結 nor 中断
    int limit = 100;
};

struct CaseListItem {
    SupportCase support_case;  // team included
    std::optional<Instant> last_note_at;
};

// An open action of a case's current (approved) plan.
struct ActionDue {
    CaseId case_id{};
    std::string case_title;
    PersonId person_id{};
    SupportPlanId plan_id = 0;
    PlanAction action;
};

// A current plan whose review (モニタリング) date has come or is near.
struct ReviewDue {
    CaseId case_id{};
    std::string case_title;
    PersonId person_id{};
    OrganizationId lead_organization_id{};
    SupportPlanId plan_id = 0;
    int plan_version = 0;
    Date review_on{};
};

// Fiscal-year counts of 多機関協働, by 事業 and in all; dates in [from, to).
struct ProgramCounts {
    Program program = Program::kCollaboration;
    long long opened = 0;  // 事業 involvements started in the period
    long long closed = 0;  // 事業 involvements ended 終結 in the period
    long long suspended = 0;
};
// Meetings held over a period, of one meeting body or of all (issue 17, item 1): every meeting held, whether or not
// anyone is on its agenda; a meeting held jointly by two bodies counts under each of them, once in the total.
struct MeetingHeldCounts {
    std::optional<MeetingBodyId> body_id;  // nullopt for the total over every body
    std::string name;                      // the town's own name for the body
    LegalBasis legal_basis = LegalBasis::kOther;
    long long meetings_held = 0;      // 開催回数
    long long joint_meetings = 0;     // of which held jointly with another body
    long long persons_discussed = 0;  // 実人数 on the agendas (merged records counted once)
    long long person_items = 0;       // 延べ人数: agenda items
    long long cases_discussed = 0;    // 実 cases on the agendas
    long long case_items = 0;         // 延べ cases: agenda items naming a case
};

struct CaseCounts {
    long long cases_opened = 0;
    long long cases_closed = 0;
    long long plans_approved = 0;           // プラン作成件数 (versions approved in the period)
    long long meetings_held = 0;            // meetings with at least one case on the agenda
    long long cases_discussed = 0;          // distinct cases on the agenda of those meetings
    long long agenda_items = 0;             // 延べ cases discussed
    std::vector<ProgramCounts> by_program;  // every Program, in enum order
    // Every meeting held in the period of any body with a legal basis; the internal meetings with no statute
    // (LegalBasis::kInternalLiaison) are counted apart in internal_meetings, without persons.
    MeetingHeldCounts all_meetings;
    MeetingHeldCounts internal_meetings;
    std::vector<MeetingHeldCounts> by_body;  // every body of the town, in id order (zero rows too), internal ones too
};

class CaseRepository {
public:
    virtual ~CaseRepository() = default;
    // Stores a new case with its programs, categories and team (ids ignored). kNotFound with field "person_id",
    // "household_id", "lead_organization_id", "coordinator_user_id", "categories", "team" or
    // "opened_from_consultation_id"/"opened_at_meeting_id" for a reference of another municipality.
    virtual Result<SupportCase> Create(const SupportCase& support_case) = 0;
    virtual Result<SupportCase> Get(CaseId id) = 0;
    // Replaces everything but id, municipality, person, created_*: title, household, lead, coordinator, status,
    // programs, categories, closure, and the team (members keep their id when given one; id 0 adds a member).
    // Bumps version; kConflict (field "version") when stale.
    virtual Result<SupportCase> Update(CaseId id, int expected_version, const SupportCase& support_case) = 0;
    // Cases whose person is one of these, or whose household has one of them as a current member; newest first.
    virtual Result<std::vector<SupportCase>> OfPersons(const std::vector<PersonId>& person_ids) = 0;
    // Newest opened first, at most filter.limit.
    virtual Result<std::vector<CaseListItem>> List(const CaseFilter& filter) = 0;
    virtual Result<CaseCounts> Count(Date from, Date to) = 0;

    // Assessments, newest first. Create: kNotFound field "form_definition_id" for a form of another municipality.
    virtual Result<Assessment> CreateAssessment(const Assessment& assessment) = 0;
    virtual Result<std::vector<Assessment>> Assessments(CaseId case_id) = 0;
    // The first of Assessments(case_id), read alone; nullopt when the case has none. Unlike Assessments, a case of
    // another municipality is not an error here: it simply has none.
    virtual Result<std::optional<Assessment>> LatestAssessment(CaseId case_id) = 0;

    // The eco-map's relationships, in id order.
    virtual Result<EcoRelation> AddRelation(CaseId case_id, const EcoRelation& relation) = 0;
    virtual Status RemoveRelation(CaseId case_id, EcoRelationId relation_id) = 0;
    virtual Result<std::vector<EcoRelation>> Relations(CaseId case_id) = 0;
};

class FormRepository {
public:
    virtual ~FormRepository() = default;
    // Stores a new version of definition.code: form_version = newest + 1 (1 for a new code); ids ignored.
    virtual Result<FormDefinition> Publish(const FormDefinition& definition) = 0;
    virtual Result<FormDefinition> Get(FormDefinitionId id) = 0;
    virtual Result<FormDefinition> Latest(std::string_view code) = 0;  // kNotFound when the code has none
    virtual Result<std::vector<FormDefinition>> Versions(std::string_view code) = 0;  // newest first
    // Replaces title and items of a version in place. The rule that only the newest unused version may be edited
    // is the service's; storage only bumps nothing and replaces.
    virtual Result<FormDefinition> Replace(FormDefinitionId id, const FormDefinition& definition) = 0;
    virtual Result<long long> CountAssessments(FormDefinitionId id) = 0;
};

// A case's plans that are neither superseded nor older drafts: what the case page shows.
struct CurrentPlans {
    std::optional<SupportPlan> approved;  // the newest approved version
    std::optional<SupportPlan> draft;     // the newest draft
};

class PlanRepository {
public:
    virtual ~PlanRepository() = default;
    // Stores a new draft: plan_version = newest of the case + 1; actions stored with it (ids ignored).
    // kNotFound field "actions" when a responsible organisation is of another municipality.
    virtual Result<SupportPlan> Create(const SupportPlan& plan) = 0;
    virtual Result<SupportPlan> Get(SupportPlanId id) = 0;
    virtual Result<std::vector<SupportPlan>> OfCase(CaseId case_id) = 0;  // newest version first
    // The first approved and the first draft of OfCase(case_id), with their actions; the other versions are not
    // read. A case of another municipality simply has none.
    virtual Result<CurrentPlans> CurrentOfCase(CaseId case_id) = 0;
    // Replaces goals, household goal, referral checks, review date and actions of a draft; bumps version.
    // kConflict field "version" when stale; kConflict field "state" when the plan is not a draft.
    virtual Result<SupportPlan> UpdateDraft(SupportPlanId id, int expected_version, const SupportPlan& plan) = 0;
    // Marks the draft approved at the meeting, and the case's previously approved plan superseded, atomically.
    // kConflict field "state" when the plan is not a draft (approved twice); kNotFound field "meeting_id".
    virtual Result<SupportPlan> Approve(SupportPlanId id, MeetingId meeting_id, Date approved_on) = 0;
    virtual Result<ActionDue> GetAction(PlanActionId id) = 0;
    // Replaces description, responsible organisation, due date, status, program, result and completion date of one
    // action; bumps its version. kConflict field "version" when stale.
    virtual Result<PlanAction> UpdateAction(PlanActionId id, int expected_version, const PlanAction& action) = 0;
    // Open actions of approved, not superseded plans of open cases, due before `due_before` (or without a due
    // date when `include_undated`), of one organisation or all; earliest due first.
    virtual Result<std::vector<ActionDue>> ActionsDue(std::optional<OrganizationId> responsible_organization_id,
                                                      Date due_before, int limit) = 0;
    // Approved, not superseded plans of open cases with review_on before `review_before`; earliest first. Of cases
    // led by one organisation, or all.
    virtual Result<std::vector<ReviewDue>> ReviewsDue(std::optional<OrganizationId> lead_organization_id,
                                                      Date review_before, int limit) = 0;
};

class ProgressNoteRepository {
public:
    virtual ~ProgressNoteRepository() = default;
    virtual Result<ProgressNote> Create(const ProgressNote& note) = 0;
    // The newest `limit` notes of a case, newest first (limit <= 0: all).
    virtual Result<std::vector<ProgressNote>> OfCase(CaseId case_id, int limit) = 0;
    // As OfCase, only the notes one organisation wrote (a partner's part of the case, DecideCasePart).
    virtual Result<std::vector<ProgressNote>> OfCaseBy(CaseId case_id, OrganizationId organization_id, int limit) = 0;
};

class MissingResourceRepository {
public:
    virtual ~MissingResourceRepository() = default;
    virtual Result<MissingResource> Create(const MissingResource& resource) = 0;
    virtual Result<std::vector<MissingResource>> List(ResourceListing listing) = 0;  // newest first
    virtual Result<MissingResource> SetAddressed(MissingResourceId id, ResourceState state, std::string_view note) = 0;
};

}  // namespace kasane::domain
