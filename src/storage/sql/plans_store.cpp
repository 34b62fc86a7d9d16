// SPDX-License-Identifier: Apache-2.0
// Support plans and their actions (domain::PlanRepository).

#include "storage/sql/read_ahead.hpp"
#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "base/log.hpp"

#include "storage/sql/case_support.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Plans and actions

#define KASANE_PLAN_COLUMNS                                                                                     \
    "id, case_id, plan_version, goals, household_goal, refer_participation, refer_outreach, review_on, state, " \
    "approved_at_meeting_id, approved_on, created_by, created_at, version"
#define KASANE_ACTION_COLUMNS                                                                                       \
    "a.id, a.description, a.responsible_organization_id, a.due_on, a.status, a.program, a.result, a.completed_on, " \
    "a.version"
// An action with its plan and case, for GetAction and the work list (columns 9–12 after the action's).
#define KASANE_ACTION_DUE_SELECT                                                          \
    "SELECT " KASANE_ACTION_COLUMNS                                                       \
    ", c.id, c.title, c.person_id, p.id FROM plan_actions a "                             \
    "JOIN support_plans p ON p.id = a.plan_id AND p.municipality_id = a.municipality_id " \
    "JOIN cases c ON c.id = p.case_id AND c.municipality_id = p.municipality_id "

constexpr SqlStatement kNextPlanVersion{
    "case_next_plan_version",
    "SELECT COALESCE(MAX(plan_version), 0) + 1 FROM support_plans WHERE case_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kInsertPlan{
    "case_insert_plan",
    "INSERT INTO support_plans (case_id, municipality_id, plan_version, goals, household_goal, refer_participation, "
    "refer_outreach, review_on, state, created_by, created_at, version) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9, $10, 1) RETURNING id"};
constexpr SqlStatement kSelectPlan{
    "case_select_plan", "SELECT " KASANE_PLAN_COLUMNS " FROM support_plans WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kSelectPlansOfCase{
    "case_select_plans_of_case",
    "SELECT " KASANE_PLAN_COLUMNS
    " FROM support_plans WHERE case_id = $1 AND municipality_id = $2 ORDER BY plan_version DESC"};
constexpr SqlStatement kSelectCurrentPlansOfCase{
    "case_select_current_plans_of_case",
    "SELECT " KASANE_PLAN_COLUMNS
    " FROM support_plans WHERE case_id = $1 AND municipality_id = $2 AND state IN ('approved', 'draft') "
    "ORDER BY plan_version DESC"};
constexpr SqlStatement kSelectActionsOfPlan{
    "case_select_actions_of_plan",
    "SELECT " KASANE_ACTION_COLUMNS
    " FROM plan_actions a WHERE a.plan_id = $1 AND a.municipality_id = $2 ORDER BY a.id"};
constexpr SqlStatement kUpdateDraft{
    "case_update_draft",
    "UPDATE support_plans SET goals = $3, household_goal = $4, refer_participation = $5, refer_outreach = $6, "
    "review_on = $7, version = version + 1 WHERE id = $1 AND municipality_id = $2 AND version = $8 "
    "AND state = 'draft'"};
constexpr SqlStatement kSupersedeApproved{
    "case_supersede_approved",
    "UPDATE support_plans SET state = 'superseded' WHERE case_id = $1 AND municipality_id = $2 AND state = 'approved'"};
constexpr SqlStatement kApprovePlan{
    "case_approve_plan",
    "UPDATE support_plans SET state = 'approved', approved_at_meeting_id = $3, approved_on = $4 "
    "WHERE id = $1 AND municipality_id = $2 AND state = 'draft'"};
constexpr SqlStatement kInsertAction{
    "case_insert_action",
    "INSERT INTO plan_actions (plan_id, municipality_id, description, responsible_organization_id, due_on, status, "
    "program, result, completed_on, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)"};
constexpr SqlStatement kUpdateDraftAction{
    "case_update_draft_action",
    "UPDATE plan_actions SET description = $4, responsible_organization_id = $5, due_on = $6, status = $7, "
    "program = $8, result = $9, completed_on = $10, version = version + 1 "
    "WHERE id = $1 AND plan_id = $2 AND municipality_id = $3"};
constexpr SqlStatement kDeleteDraftAction{
    "case_delete_draft_action", "DELETE FROM plan_actions WHERE id = $1 AND plan_id = $2 AND municipality_id = $3"};
constexpr SqlStatement kSelectAction{"case_select_action",
                                     KASANE_ACTION_DUE_SELECT "WHERE a.id = $1 AND a.municipality_id = $2"};
constexpr SqlStatement kUpdateAction{
    "case_update_action",
    "UPDATE plan_actions SET description = $3, responsible_organization_id = $4, due_on = $5, status = $6, "
    "program = $7, result = $8, completed_on = $9, version = version + 1 "
    "WHERE id = $1 AND municipality_id = $2 AND version = $10"};
// plan_actions_open_by_organization / plan_actions_open_by_due_on (partial: open actions only), then the plan's
// and the case's primary keys.
constexpr SqlStatement kActionsDueOfOrganization{
    "case_actions_due_of_organization", KASANE_ACTION_DUE_SELECT
    "WHERE a.municipality_id = $1 AND a.responsible_organization_id = $2 AND a.status IN ('planned', 'in_progress') "
    "AND a.due_on < $3 AND p.state = 'approved' AND c.status NOT IN ('closed', 'suspended') "
    "ORDER BY a.due_on, a.id LIMIT $4"};
constexpr SqlStatement kActionsDue{
    "case_actions_due", KASANE_ACTION_DUE_SELECT
    "WHERE a.municipality_id = $1 AND a.status IN ('planned', 'in_progress') AND a.due_on < $2 "
    "AND p.state = 'approved' AND c.status NOT IN ('closed', 'suspended') ORDER BY a.due_on, a.id LIMIT $3"};
// support_plans_current_by_review_on (partial: approved plans only), then the case's primary key.
#define KASANE_REVIEW_SELECT                                                                           \
    "SELECT c.id, c.title, c.person_id, c.lead_organization_id, p.id, p.plan_version, p.review_on "    \
    "FROM support_plans p JOIN cases c ON c.id = p.case_id AND c.municipality_id = p.municipality_id " \
    "WHERE p.municipality_id = $1 AND p.state = 'approved' AND p.review_on < $2 "                      \
    "AND c.status NOT IN ('closed', 'suspended') "
constexpr SqlStatement kReviewsDueOfLead{"case_reviews_due_of_lead", KASANE_REVIEW_SELECT
                                         "AND c.lead_organization_id = $3 ORDER BY p.review_on, p.id LIMIT $4"};
constexpr SqlStatement kReviewsDue{"case_reviews_due", KASANE_REVIEW_SELECT "ORDER BY p.review_on, p.id LIMIT $3"};

Result<SupportPlan> PlanFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto case_id = row.Integer(1);
    auto plan_version = row.Integer(2);
    auto goals = row.Text(3);
    auto household_goal = row.Text(4);
    auto refer_participation = row.Boolean(5);
    auto refer_outreach = row.Boolean(6);
    auto review_on = OptionalDate(row, 7);
    auto state = domain::ParsePlanState(row.Text(8).value_or(""));
    auto approved_on = OptionalDate(row, 10);
    auto created_by = row.Integer(11);
    auto created_at = row.Time(12);
    auto version = row.Integer(13);
    if (!id || !case_id || !plan_version || !goals || !household_goal || !refer_participation || !refer_outreach ||
        !review_on || !state || !approved_on || !created_by || !created_at || !version) {
        return Fail(Corrupt("support_plan"));
    }
    SupportPlan plan;
    plan.id = *id;
    plan.case_id = domain::CaseId{*case_id};
    plan.plan_version = static_cast<int>(*plan_version);
    plan.goals = std::move(*goals);
    plan.household_goal = std::move(*household_goal);
    plan.refer_participation = *refer_participation;
    plan.refer_outreach = *refer_outreach;
    plan.review_on = *review_on;
    plan.state = *state;
    plan.approved_at_meeting_id = row.OptionalId<domain::MeetingId>(9);
    plan.approved_on = *approved_on;
    plan.created_by = UserId{*created_by};
    plan.created_at = *created_at;
    plan.version = static_cast<int>(*version);
    return plan;
}

Result<PlanAction> ActionFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto description = row.Text(1);
    auto organization_id = row.Integer(2);
    auto due_on = OptionalDate(row, 3);
    auto status = domain::ParseActionStatus(row.Text(4).value_or(""));
    auto result = row.Text(6);
    auto completed_on = OptionalDate(row, 7);
    auto version = row.Integer(8);
    if (!id || !description || !organization_id || !due_on || !status || !result || !completed_on || !version) {
        return Fail(Corrupt("plan_action"));
    }
    std::optional<Program> program;
    if (!row.IsNull(5)) {
        program = domain::ParseProgram(row.Text(5).value_or(""));
        if (!program) return Fail(Corrupt("plan_action.program"));
    }
    return PlanAction{.id = *id,
                      .description = std::move(*description),
                      .responsible_organization_id = OrganizationId{*organization_id},
                      .due_on = *due_on,
                      .status = *status,
                      .program = program,
                      .result = std::move(*result),
                      .completed_on = *completed_on,
                      .version = static_cast<int>(*version)};
}

Result<ActionDue> ActionDueFromRow(const SqlRow& row) {
    KASANE_ASSIGN(action, ActionFromRow(row));
    auto case_id = row.Integer(9);
    auto title = row.Text(10);
    auto person_id = row.Integer(11);
    auto plan_id = row.Integer(12);
    if (!case_id || !title || !person_id || !plan_id) return Fail(Corrupt("action_due"));
    return ActionDue{.case_id = domain::CaseId{*case_id},
                     .case_title = std::move(*title),
                     .person_id = domain::PersonId{*person_id},
                     .plan_id = *plan_id,
                     .action = std::move(*action)};
}

Status ReadActions(SqlConnection& connection, MunicipalityId tenant, SupportPlan& plan) {
    KASANE_ASSIGN(rows, connection.Execute(kSelectActionsOfPlan, {plan.id, tenant}));
    for (const auto& values : rows->rows) {
        KASANE_ASSIGN(action, ActionFromRow(SqlRow(values)));
        plan.actions.push_back(std::move(*action));
    }
    return {};
}

Status ReadPlan(SqlConnection& connection, MunicipalityId tenant, SupportPlanId id, SupportPlan& out) {
    KASANE_TRY(
        ReadOneRow(connection, kSelectPlan, id, tenant, PlanFromRow, "支援プランが見つかりません", "plan_id", out));
    KASANE_TRY(ReadActions(connection, tenant, out));
    return {};
}

Status CheckActionOrganizations(SqlConnection& connection, MunicipalityId tenant,
                                const std::vector<PlanAction>& actions) {
    for (const PlanAction& action : actions) {
        KASANE_TRY(Exists(connection, kOrganizationExists, action.responsible_organization_id, tenant,
                          "担当機関が見つかりません", "actions"));
    }
    return {};
}

// The parameters an action's columns take, in the order description … completed_on.
struct ActionTexts {
    std::optional<std::string> due_on;
    std::optional<std::string> completed_on;
    std::optional<std::string> program;
    explicit ActionTexts(const PlanAction& action)
        : due_on(OptionalDateText(action.due_on)),
          completed_on(OptionalDateText(action.completed_on)),
          program(action.program ? std::optional<std::string>(CodeText(domain::ProgramCode(*action.program)))
                                 : std::nullopt) {}
};

Status InsertAction(SqlConnection& connection, MunicipalityId tenant, SupportPlanId plan_id, const PlanAction& action) {
    const ActionTexts texts(action);
    KASANE_EXECUTE(connection, kInsertAction, plan_id, tenant, action.description, action.responsible_organization_id,
                   TextOrNull(texts.due_on), domain::ActionStatusCode(action.status), TextOrNull(texts.program),
                   action.result, TextOrNull(texts.completed_on));
    return {};
}

// As ReplaceTeam: actions with an id keep it, id 0 adds one, actions not named are removed.
Status ReplaceDraftActions(SqlConnection& connection, MunicipalityId tenant, SupportPlanId plan_id,
                           const std::vector<PlanAction>& actions) {
    KASANE_ASSIGN(rows, connection.Execute(kSelectActionsOfPlan, {plan_id, tenant}));
    std::set<PlanActionId> existing;
    for (const auto& values : rows->rows) {
        KASANE_ASSIGN(action_id, SqlRow(values).Integer(0));
        existing.insert(*action_id);
    }
    std::set<PlanActionId> kept;
    for (const PlanAction& action : actions) {
        if (action.id == 0) continue;
        if (!existing.contains(action.id) || !kept.insert(action.id).second) {
            return Fail(NotFoundField("プランの取組が見つかりません", "actions"));
        }
    }
    for (PlanActionId action_id : existing) {
        if (!kept.contains(action_id)) KASANE_EXECUTE(connection, kDeleteDraftAction, action_id, plan_id, tenant);
    }
    for (const PlanAction& action : actions) {
        if (action.id == 0) {
            KASANE_TRY(InsertAction(connection, tenant, plan_id, action));
            continue;
        }
        const ActionTexts texts(action);
        KASANE_EXECUTE(connection, kUpdateDraftAction, action.id, plan_id, tenant, action.description,
                       action.responsible_organization_id, TextOrNull(texts.due_on),
                       domain::ActionStatusCode(action.status), TextOrNull(texts.program), action.result,
                       TextOrNull(texts.completed_on));
    }
    return {};
}

class SqlPlanRepository final : public domain::PlanRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<SupportPlan> Create(const SupportPlan& plan) override {
        const auto review_on = OptionalDateText(plan.review_on);
        const std::string created_at = FormatIso8601(plan.created_at);
        return WriteInto<SupportPlan>([&](SqlConnection& connection, SupportPlan& out) -> Status {
            KASANE_TRY(CaseExists(connection, tenant_, plan.case_id));
            KASANE_TRY(
                Exists(connection, kUserExists, plan.created_by, tenant_, "作成者が見つかりません", "created_by"));
            KASANE_TRY(CheckActionOrganizations(connection, tenant_, plan.actions));
            KASANE_ASSIGN(next, connection.Execute(kNextPlanVersion, {plan.case_id, tenant_}));
            KASANE_ASSIGN(plan_version, SingleInteger(*next));
            KASANE_ASSIGN(inserted, connection.Execute(kInsertPlan, {plan.case_id, tenant_, *plan_version, plan.goals,
                                                                     plan.household_goal, plan.refer_participation,
                                                                     plan.refer_outreach, TextOrNull(review_on),
                                                                     plan.created_by, created_at}));
            KASANE_ASSIGN(id, IdOf(*inserted));
            for (const PlanAction& action : plan.actions) KASANE_TRY(InsertAction(connection, tenant_, *id, action));
            return ReadPlan(connection, tenant_, *id, out);
        });
    }

    Result<SupportPlan> Get(SupportPlanId id) override {
        return ReadInto<SupportPlan>(
            [&](SqlConnection& connection, SupportPlan& out) { return ReadPlan(connection, tenant_, id, out); });
    }

    Result<std::vector<SupportPlan>> OfCase(CaseId case_id) override {
        using List = std::vector<SupportPlan>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_TRY(CaseExists(connection, tenant_, case_id));
            KASANE_ASSIGN(result, connection.Execute(kSelectPlansOfCase, {case_id, tenant_}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(plan, PlanFromRow(SqlRow(values)));
                KASANE_TRY(ReadActions(connection, tenant_, *plan));
                out.push_back(std::move(*plan));
            }
            return {};
        });
    }

    Result<domain::CurrentPlans> CurrentOfCase(CaseId case_id) override {
        return ReadInto<domain::CurrentPlans>([&](SqlConnection& connection, domain::CurrentPlans& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectCurrentPlansOfCase, {case_id, tenant_}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(plan, PlanFromRow(SqlRow(values)));
                std::optional<SupportPlan>& slot = plan->state == PlanState::kApproved ? out.approved : out.draft;
                if (slot || (plan->state != PlanState::kApproved && plan->state != PlanState::kDraft)) continue;
                KASANE_TRY(ReadActions(connection, tenant_, *plan));
                slot = std::move(*plan);
                if (out.approved && out.draft) break;
            }
            return {};
        });
    }

    Result<SupportPlan> UpdateDraft(SupportPlanId id, int expected_version, const SupportPlan& plan) override {
        const auto review_on = OptionalDateText(plan.review_on);
        return WriteInto<SupportPlan>([&](SqlConnection& connection, SupportPlan& out) -> Status {
            SupportPlan current;
            KASANE_TRY(ReadPlan(connection, tenant_, id, current));
            if (current.state != PlanState::kDraft) return Fail(NotDraft());
            KASANE_TRY(CheckActionOrganizations(connection, tenant_, plan.actions));
            KASANE_ASSIGN(updated,
                          connection.Execute(kUpdateDraft, {id, tenant_, plan.goals, plan.household_goal,
                                                            plan.refer_participation, plan.refer_outreach,
                                                            TextOrNull(review_on), std::int64_t{expected_version}}));
            if (updated->affected_rows == 0) return Fail(VersionConflict());
            KASANE_TRY(ReplaceDraftActions(connection, tenant_, id, plan.actions));
            return ReadPlan(connection, tenant_, id, out);
        });
    }

    Result<SupportPlan> Approve(SupportPlanId id, MeetingId meeting_id, Date approved_on) override {
        const std::string approved_on_text = DateText(approved_on);
        return WriteInto<SupportPlan>([&](SqlConnection& connection, SupportPlan& out) -> Status {
            SupportPlan current;
            KASANE_TRY(ReadPlan(connection, tenant_, id, current));
            KASANE_TRY(Exists(connection, kMeetingExists, meeting_id, tenant_, "会議が見つかりません", "meeting_id"));
            if (current.state != PlanState::kDraft) return Fail(NotDraft());
            KASANE_EXECUTE(connection, kSupersedeApproved, current.case_id, tenant_);
            KASANE_ASSIGN(approved, connection.Execute(kApprovePlan, {id, tenant_, meeting_id, approved_on_text}));
            if (approved->affected_rows == 0) return Fail(NotDraft());
            return ReadPlan(connection, tenant_, id, out);
        });
    }

    Result<ActionDue> GetAction(PlanActionId id) override {
        return ReadInto<ActionDue>([&](SqlConnection& connection, ActionDue& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectAction, {id, tenant_}));
            if (result->Empty()) return Fail(NotFoundField("プランの取組が見つかりません", "action_id"));
            KASANE_ASSIGN(action, ActionDueFromRow(SqlRow(result->rows.front())));
            out = std::move(*action);
            return {};
        });
    }

    Result<PlanAction> UpdateAction(PlanActionId id, int expected_version, const PlanAction& action) override {
        const ActionTexts texts(action);
        return WriteInto<PlanAction>([&](SqlConnection& connection, PlanAction& out) -> Status {
            KASANE_ASSIGN(current, connection.Execute(kSelectAction, {id, tenant_}));
            if (current->Empty()) return Fail(NotFoundField("プランの取組が見つかりません", "action_id"));
            KASANE_TRY(Exists(connection, kOrganizationExists, action.responsible_organization_id, tenant_,
                              "担当機関が見つかりません", "responsible_organization_id"));
            KASANE_ASSIGN(
                updated,
                connection.Execute(kUpdateAction, {id, tenant_, action.description, action.responsible_organization_id,
                                                   TextOrNull(texts.due_on), domain::ActionStatusCode(action.status),
                                                   TextOrNull(texts.program), action.result,
                                                   TextOrNull(texts.completed_on), std::int64_t{expected_version}}));
            if (updated->affected_rows == 0) return Fail(VersionConflict());
            KASANE_ASSIGN(result, connection.Execute(kSelectAction, {id, tenant_}));
            if (result->Empty()) return Fail(Corrupt("plan_action"));
            KASANE_ASSIGN(stored, ActionDueFromRow(SqlRow(result->rows.front())));
            out = std::move(stored->action);
            return {};
        });
    }

    // Undated actions are never listed: the port has no include_undated parameter (see the report).
    Result<std::vector<ActionDue>> ActionsDue(std::optional<OrganizationId> responsible_organization_id,
                                              Date due_before, int limit) override {
        using List = std::vector<ActionDue>;
        const std::string before = DateText(due_before);
        const std::int64_t rows = std::max(limit, 0);
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_ASSIGN(result, responsible_organization_id
                                      ? connection.Execute(kActionsDueOfOrganization,
                                                           {tenant_, *responsible_organization_id, before, rows})
                                      : connection.Execute(kActionsDue, {tenant_, before, rows}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(action, ActionDueFromRow(SqlRow(values)));
                out.push_back(std::move(*action));
            }
            return {};
        });
    }

    Result<std::vector<ReviewDue>> ReviewsDue(std::optional<OrganizationId> lead_organization_id, Date review_before,
                                              int limit) override {
        using List = std::vector<ReviewDue>;
        const std::string before = DateText(review_before);
        const std::int64_t rows = std::max(limit, 0);
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_ASSIGN(result,
                          lead_organization_id
                              ? connection.Execute(kReviewsDueOfLead, {tenant_, before, *lead_organization_id, rows})
                              : connection.Execute(kReviewsDue, {tenant_, before, rows}));
            for (const auto& values : result->rows) {
                const SqlRow row(values);
                auto case_id = row.Integer(0);
                auto title = row.Text(1);
                auto person_id = row.Integer(2);
                auto lead = row.Integer(3);
                auto plan_id = row.Integer(4);
                auto plan_version = row.Integer(5);
                auto review_on = RequiredDate(row, 6);
                if (!case_id || !title || !person_id || !lead || !plan_id || !plan_version || !review_on) {
                    return Fail(Corrupt("review_due"));
                }
                out.push_back(ReviewDue{.case_id = domain::CaseId{*case_id},
                                        .case_title = std::move(*title),
                                        .person_id = domain::PersonId{*person_id},
                                        .lead_organization_id = OrganizationId{*lead},
                                        .plan_id = *plan_id,
                                        .plan_version = static_cast<int>(*plan_version),
                                        .review_on = *review_on});
            }
            return {};
        });
    }

private:
    static Error NotDraft() {
        return Error::Conflict("作成中のプランではありません。画面を読み込み直してください", "state");
    }
};

}  // namespace

std::unique_ptr<domain::PlanRepository> MakePlanRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlPlanRepository>(executor, tenant);
}

PlanReadStatements PlanStatementsToReadAhead() { return {kSelectCurrentPlansOfCase, kSelectActionsOfPlan}; }

}  // namespace kasane::storage
