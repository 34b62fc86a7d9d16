// SPDX-License-Identifier: Apache-2.0
#pragma once

// 多機関協働: support cases (支援ケース) around a person or a household, the team of organisations with their agreed
// roles (役割分担), the household assessment (アセスメント) on a versioned form, the relationships drawn on the
// genogram and eco-map, support plans (支援プラン) with actions, progress notes (支援経過記録) and the social
// resources a meeting found missing (不足する社会資源). ../shared/docs/forms.md describes the paper forms these
// replace.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/consultation.hpp"
#include "domain/person.hpp"
#include "domain/sharing.hpp"

namespace kasane::domain {

// Each enum below comes with its Code/Label/Parse functions and kAll<Plural>, every value in order (for option lists
// and CHECK constraints).

using CaseId = Id<struct CaseTag>;
using TeamMemberId = std::int64_t;
using FormDefinitionId = std::int64_t;
using AssessmentId = std::int64_t;
using EcoRelationId = std::int64_t;
using SupportPlanId = std::int64_t;
using PlanActionId = std::int64_t;
using ProgressNoteId = std::int64_t;
using MissingResourceId = std::int64_t;

// The 事業 of 重層的支援体制整備事業 a case is worked under (社会福祉法 第106条の4第2項).
enum class Program {
    kCollaboration,  // 多機関協働事業 (第5号)
    kOutreach,       // アウトリーチ等を通じた継続的支援事業 (第4号)
    kParticipation,  // 参加支援事業 (第2号)
};
std::string_view ProgramCode(Program program);   // "collaboration", "outreach", "participation"
std::string_view ProgramLabel(Program program);  // 「多機関協働」「アウトリーチ」「参加支援」
std::optional<Program> ParseProgram(std::string_view code);
inline constexpr std::array kAllPrograms{Program::kCollaboration, Program::kOutreach, Program::kParticipation};

// The status of a case, or of one 事業's involvement in it. Work moves forward through the first five; 終結 ends,
// 中断 pauses (and may resume at any working status).
enum class CaseStatus {
    kIntake,      // 受付
    kAssessment,  // アセスメント
    kPlanning,    // プラン作成
    kSupporting,  // 支援中
    kMonitoring,  // モニタリング
    kClosed,      // 終結
    kSuspended,   // 中断
};
std::string_view CaseStatusCode(CaseStatus status);   // "intake", "assessment", "planning", "supporting", ...
std::string_view CaseStatusLabel(CaseStatus status);  // 「受付」 ...
std::optional<CaseStatus> ParseCaseStatus(std::string_view code);
inline constexpr std::array kAllCaseStatuses{CaseStatus::kIntake,     CaseStatus::kAssessment, CaseStatus::kPlanning,
                                             CaseStatus::kSupporting, CaseStatus::kMonitoring, CaseStatus::kClosed,
                                             CaseStatus::kSuspended};
// Whether `to` may follow `from`: forward through the working statuses (skipping allowed), back from
// モニタリング to プラン作成 or 支援中 (a plan revised after review), any working status to 終結 or 中断, 中断 back to
// any working status. Nothing follows 終結.
bool CaseStatusMayFollow(CaseStatus from, CaseStatus to);
bool IsOpen(CaseStatus status);  // neither 終結 nor 中断
// Ending a case or a programme (終結・中断) needs a stated reason a later reader can follow: kInvalidArgument naming
// "reason" when `status` ends it and `reason` is empty or only white space. The one home of "close needs a reason";
// pages ask it before they show their form's message.
Status RequireReasonToEnd(CaseStatus status, std::string_view reason);

// One 事業's involvement in the case.
struct ProgramStatus {
    Program program = Program::kCollaboration;
    CaseStatus status = CaseStatus::kIntake;
    Date started_on{};
    std::optional<Date> ended_on;  // when 終結 or 中断
    std::string end_reason;
    // 終結 of one 事業 is not the end of support: who carries on (主担当 for ongoing 伴走支援).
    std::optional<OrganizationId> carried_on_by;
};

// An organisation on the case team with its agreed role (役割分担), and when and where it was agreed.
struct TeamMember {
    TeamMemberId id = 0;
    OrganizationId organization_id{};
    std::string role;  // 「母の介護サービス調整」
    std::optional<Date> agreed_on;
    std::optional<MeetingId> agreed_at_meeting_id;
    std::optional<Date> left_on;  // no longer on the team from this day
    // Derived, never stored: IsActiveMember on the day the case service hands the case out (SetTeamActivity).
    bool active = true;
};

// A team member is active until the day they leave: from `left_on` on, they are no longer on the team (a leaving
// date still ahead keeps them on it). The one home of "team member active"; pages and the API print `active`.
bool IsActiveMember(const TeamMember& member, Date today);

struct SupportCase {
    CaseId id{};
    MunicipalityId municipality_id{};
    PersonId person_id{};                       // the person the case is about (本人)
    std::optional<HouseholdId> household_id;    // the household worked as one, when there is one
    std::string title;                          // 「8050世帯（母の介護と長男のひきこもり）」
    OrganizationId lead_organization_id{};      // 主担当
    std::optional<UserId> coordinator_user_id;  // 相談支援包括化推進員
    CaseStatus status = CaseStatus::kIntake;
    std::vector<ProgramStatus> programs;
    std::vector<CategoryId> categories;  // the worries (相談分類) the case addresses
    std::optional<ConsultationId> opened_from_consultation_id;
    std::optional<MeetingId> opened_at_meeting_id;
    Date opened_on{};
    std::optional<Date> closed_on;
    std::string closure_reason;
    std::vector<TeamMember> team;
    UserId created_by{};
    Instant created_at{};
    Instant updated_at{};
    int version = 1;
};

// ---------------------------------------------------------------------------------------------------------------
// Assessment forms: versioned definitions a town can edit by publishing a new version. A version that has answers
// is never changed; old answers keep the version they were given under.

enum class FormItemKind {
    kSingle,  // one of the options
    kMulti,   // any of the options (「☑は複数可」)
    kText,    // free text
    kDate,    // ISO date
};
std::string_view FormItemKindCode(FormItemKind kind);  // "single", "multi", "text", "date"
std::optional<FormItemKind> ParseFormItemKind(std::string_view code);
inline constexpr std::array kAllFormItemKinds{FormItemKind::kSingle, FormItemKind::kMulti, FormItemKind::kText,
                                              FormItemKind::kDate};

struct FormItem {
    std::string key;      // stable within a form code across versions: "health", "income" …
    std::string section;  // 「本人の状況」「世帯の状況」「経緯・背景」「強み」 …
    std::string label;
    FormItemKind kind = FormItemKind::kSingle;
    std::vector<std::string> options;  // for kSingle and kMulti
    bool required = false;
    bool reported_to_state = false;  // bold-framed items on the national sheet (国への報告項目)
    bool per_member = false;         // answered for each household member rather than once
};

struct FormDefinition {
    FormDefinitionId id = 0;
    MunicipalityId municipality_id{};
    std::string code;  // "assessment"
    int form_version = 1;
    std::string title;
    std::vector<FormItem> items;
    Instant created_at{};
    UserId created_by{};
};

struct AssessmentAnswer {
    std::string item_key;
    std::optional<PersonId> member_person_id;  // for per-member items
    std::vector<std::string> values;           // chosen options (kSingle: one; kMulti: any), or the text / date
};

struct Assessment {
    AssessmentId id = 0;
    CaseId case_id{};
    FormDefinitionId form_definition_id = 0;
    int form_version = 0;  // copied for display; the definition row is the authority
    Date assessed_on{};
    UserId assessed_by{};
    OrganizationId organization_id{};
    std::vector<AssessmentAnswer> answers;
    std::string background;  // 経緯・背景
    std::string strengths;   // 強み (本人・世帯)
    Instant created_at{};
};

// Checks answers against a form version: every key is an item of the form; required items are answered; kSingle has
// exactly one value among the options, kMulti values among the options without repeats, kDate one ISO date
// (YYYY-MM-DD), kText at most one value; per-member items are answered only for `members` (the case person and the
// household's current members), other items never for a member; no item answered twice for the same member.
// kInvalidArgument with field "answers.<item key>" otherwise.
Status ValidateAnswers(const FormDefinition& form, const std::vector<AssessmentAnswer>& answers,
                       const std::vector<PersonId>& members);
// Every problem ValidateAnswers would report, one per bad answer and one per unanswered required item, so that a
// form can show them all at once; ValidateAnswers reports the first.
std::vector<Error> AnswerProblems(const FormDefinition& form, const std::vector<AssessmentAnswer>& answers,
                                  const std::vector<PersonId>& members);
// Checks a form definition before it is published or edited: code, title, at least one item, unique non-empty keys,
// options for kSingle and kMulti. kInvalidArgument with field "code", "title", "items" or "items[i].…".
Status ValidateFormDefinition(const FormDefinition& form);

// ---------------------------------------------------------------------------------------------------------------
// The household's relationships to people and agencies around it, drawn on the eco-map.

enum class EcoKind { kRelative, kFriend, kNeighbor, kAgency, kService, kCommunity, kOther };
std::string_view EcoKindCode(EcoKind kind);  // "relative", "friend", "neighbor", "agency", "service", ...
std::string_view EcoKindLabel(EcoKind kind);  // 「親族」「友人」「近隣」「関係機関」「サービス」「地域」「その他」
std::optional<EcoKind> ParseEcoKind(std::string_view code);
inline constexpr std::array kAllEcoKinds{EcoKind::kRelative, EcoKind::kFriend,    EcoKind::kNeighbor, EcoKind::kAgency,
                                         EcoKind::kService,  EcoKind::kCommunity, EcoKind::kOther};

enum class EcoStrength { kStrong, kNormal, kWeak, kStressful };  // 強い / 普通 / 弱い / ストレス・対立
std::string_view EcoStrengthCode(EcoStrength strength);          // "strong", "normal", "weak", "stressful"
std::string_view EcoStrengthLabel(EcoStrength strength);
std::optional<EcoStrength> ParseEcoStrength(std::string_view code);
inline constexpr std::array kAllEcoStrengths{EcoStrength::kStrong, EcoStrength::kNormal, EcoStrength::kWeak,
                                             EcoStrength::kStressful};

struct EcoRelation {
    EcoRelationId id = 0;
    std::optional<PersonId> member_person_id;  // the household member it concerns; none = the household
    EcoKind kind = EcoKind::kOther;
    std::string name;                               // 「長女（県外在住）」「かかりつけ医」
    std::optional<OrganizationId> organization_id;  // when it is an organisation of the municipality
    EcoStrength strength = EcoStrength::kNormal;
    std::string note;
};

// ---------------------------------------------------------------------------------------------------------------
// Support plans (支援プラン): versions, each approved at a meeting; actions with a responsible organisation.

enum class PlanState { kDraft, kApproved, kSuperseded };
std::string_view PlanStateCode(PlanState state);   // "draft", "approved", "superseded"
std::string_view PlanStateLabel(PlanState state);  // 「作成中」「承認済み」「旧版」
std::optional<PlanState> ParsePlanState(std::string_view code);
inline constexpr std::array kAllPlanStates{PlanState::kDraft, PlanState::kApproved, PlanState::kSuperseded};

enum class ActionStatus { kPlanned, kInProgress, kDone, kCancelled, kHandedOver };
std::string_view ActionStatusCode(ActionStatus status);  // "planned", "in_progress", "done", "cancelled", "handed_over"
std::string_view ActionStatusLabel(ActionStatus status);  // 「未着手」「実施中」「完了」「中止」「引継ぎ」
std::optional<ActionStatus> ParseActionStatus(std::string_view code);
inline constexpr std::array kAllActionStatuses{ActionStatus::kPlanned, ActionStatus::kInProgress, ActionStatus::kDone,
                                               ActionStatus::kCancelled, ActionStatus::kHandedOver};
bool IsOpen(ActionStatus status);  // planned or in progress

// A plan's review (モニタリング予定日) is due from `within_days` days before its date, and stays due (then
// overdue) until it is held and a newer plan replaces this one: review_on <= today + within_days. The home page's
// count. within_days is the town's setting (TownSetting::kReviewDueWithinDays, town_settings.hpp), by default
// kReviewDueWithinDays.
inline constexpr int kReviewDueWithinDays = 7;
bool ReviewIsDue(Date review_on, Date today, int within_days);

struct PlanAction {
    PlanActionId id = 0;
    std::string description;
    OrganizationId responsible_organization_id{};  // required
    std::optional<Date> due_on;
    ActionStatus status = ActionStatus::kPlanned;
    std::optional<Program> program;  // a link to 参加支援 or アウトリーチ where the action is theirs
    std::string result;              // what happened (評価)
    std::optional<Date> completed_on;
    int version = 1;
};

// An action marked done without a completion date is completed `today`; a completion date cannot be after `today`
// (kInvalidArgument naming "completed_on"). The one home of "done sets completed_on".
Status SettleCompletion(PlanAction& action, Date today);

struct SupportPlan {
    SupportPlanId id = 0;
    CaseId case_id{};
    int plan_version = 1;              // 1, 2, … within the case
    std::string goals;                 // in the person's own words (本人の言葉で)
    std::string household_goal;        // the household's goal as the team put it
    bool refer_participation = false;  // 参加支援へのつなぎ (the plan sheet's check item)
    bool refer_outreach = false;       // アウトリーチへのつなぎ
    std::optional<Date> review_on;     // モニタリング予定日
    PlanState state = PlanState::kDraft;
    std::optional<MeetingId> approved_at_meeting_id;
    std::optional<Date> approved_on;
    std::vector<PlanAction> actions;
    UserId created_by{};
    Instant created_at{};
    int version = 1;  // of the draft's content; approval freezes it
    // Not stored: how many actions were withheld from the viewer as other organisations' part (DecideCasePart).
    int actions_withheld = 0;
};

// ---------------------------------------------------------------------------------------------------------------
// Progress notes (支援経過記録).

enum class NoteMethod { kInterview, kPhone, kVisit, kMeeting, kOther };  // 面談 / 電話 / 訪問 / 会議 / その他
std::string_view NoteMethodCode(NoteMethod method);  // "interview", "phone", "visit", "meeting", "other"
std::string_view NoteMethodLabel(NoteMethod method);
std::optional<NoteMethod> ParseNoteMethod(std::string_view code);
inline constexpr std::array kAllNoteMethods{NoteMethod::kInterview, NoteMethod::kPhone, NoteMethod::kVisit,
                                            NoteMethod::kMeeting, NoteMethod::kOther};

struct ProgressNote {
    ProgressNoteId id = 0;
    CaseId case_id{};
    Instant occurred_at{};
    NoteMethod method = NoteMethod::kInterview;
    // What the text is (TextTag of consultation.hpp): a fact observed, information from a third party, or the
    // writer's assessment (所見). Third-party information and 所見 are withheld from disclosure copies.
    TextTag tag = TextTag::kFact;
    std::string text;
    std::optional<PersonId> about_person_id;  // a household member the entry is about
    UserId author_user_id{};
    OrganizationId organization_id{};
    Instant created_at{};
};

// ---------------------------------------------------------------------------------------------------------------
// 不足する社会資源: what a meeting found missing, kept as a list the town reviews when it builds up the area.

struct MissingResource {
    MissingResourceId id = 0;
    std::optional<CaseId> case_id;
    std::optional<MeetingId> meeting_id;
    std::string description;
    std::optional<AreaId> area_id;
    Date noted_on{};
    bool addressed = false;
    std::string addressed_note;
    UserId recorded_by{};
};

// Which gaps a list holds (MissingResourceRepository::List, CaseService::MissingResources), and the state a gap is
// set to (対応済み or open again).
enum class ResourceListing { kAll, kOpenOnly };
enum class ResourceState { kOpen, kAddressed };

}  // namespace kasane::domain
