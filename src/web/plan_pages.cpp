// SPDX-License-Identifier: Apache-2.0
// 支援プラン (多機関協働, issue #6): a new plan draft, the draft and its edit (409: both versions side by side).

#include <algorithm>
#include <map>
#include <set>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "domain/export_rights.hpp"
#include "domain/master_data.hpp"
#include "domain/sharing_service.hpp"
#include "domain/user.hpp"
#include "web/case_page_support.hpp"
#include "web/case_pages.hpp"
#include "web/genogram.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using namespace case_support;

// --- plan drafts ----------------------------------------------------------------------------------------------------

struct PlanState {
    FormFields fields;
    json errors = json::object();
    json conflict;  // {"rows": [...]} when a save met a newer version
    std::optional<int> version;
    int extra_rows = 0;
    int status = 200;
};

// The plan as the form's values: what was typed, or the stored plan.
FormFields PlanFields(const domain::SupportPlan& plan) {
    FormFields fields = {{"goals", plan.goals},
                         {"household_goal", plan.household_goal},
                         {"review_on", DateText(plan.review_on)},
                         {"rows", std::to_string(plan.actions.size())}};
    if (plan.refer_participation) fields["refer_participation"] = "1";
    if (plan.refer_outreach) fields["refer_outreach"] = "1";
    for (std::size_t i = 0; i < plan.actions.size(); ++i) {
        const domain::PlanAction& action = plan.actions[i];
        const std::string n = std::to_string(i);
        fields["action_id_" + n] = std::to_string(action.id);
        fields["action_description_" + n] = action.description;
        fields["action_organization_id_" + n] =
            action.responsible_organization_id == 0 ? "" : std::to_string(action.responsible_organization_id);
        fields["action_due_on_" + n] = DateText(action.due_on);
        fields["action_program_" + n] = action.program ? std::string(domain::ProgramCode(*action.program)) : "";
        fields["action_status_" + n] = std::string(domain::ActionStatusCode(action.status));
    }
    return fields;
}

int RowCount(const FormFields& fields) {
    auto rows = ParseId(FieldOf(fields, "rows"));
    return rows ? static_cast<int>(std::min<std::int64_t>(*rows, 50)) : 0;
}

// The plan read from the form; input errors go to `errors` under the row's field names.
domain::SupportPlan ReadPlan(const FormFields& fields, domain::CaseId case_id, json& errors) {
    domain::SupportPlan plan{.case_id = case_id,
                             .goals = FieldOf(fields, "goals"),
                             .household_goal = FieldOf(fields, "household_goal"),
                             .refer_participation = FieldOf(fields, "refer_participation") == "1",
                             .refer_outreach = FieldOf(fields, "refer_outreach") == "1"};
    if (auto review = OptionalDate(fields, "review_on", "モニタリング予定日"))
        plan.review_on = *review;
    else
        errors["review_on"] = review.error().message;
    const int rows = RowCount(fields) + kBlankActionRows;
    for (int i = 0; i < rows; ++i) {
        const std::string n = std::to_string(i);
        const std::string description = FieldOf(fields, "action_description_" + n);
        const std::string organization = FieldOf(fields, "action_organization_id_" + n);
        if (Blank(description) && organization.empty()) continue;  // a blank row
        domain::PlanAction action{.description = description};
        if (auto existing = ParseId(FieldOf(fields, "action_id_" + n))) action.id = *existing;
        if (auto organization_id = ParseId(organization))
            action.responsible_organization_id = OrganizationId{*organization_id};
        else
            errors["action_organization_id_" + n] = "「担当機関」を選んでください";
        if (Blank(description)) errors["action_description_" + n] = "「取組」を入力してください";
        if (auto due = OptionalDate(fields, "action_due_on_" + n, "期限"))
            action.due_on = *due;
        else
            errors["action_due_on_" + n] = due.error().message;
        action.program = domain::ParseProgram(FieldOf(fields, "action_program_" + n));
        if (auto status = domain::ParseActionStatus(FieldOf(fields, "action_status_" + n))) action.status = *status;
        plan.actions.push_back(std::move(action));
    }
    return plan;
}

http::Response RenderPlanForm(const CasePageServices& services, http::Request& request, domain::CaseId case_id,
                              std::optional<domain::SupportPlanId> plan_id, const PlanState& state, bool submitted) {
    const domain::Actor actor = ActorOf(request);
    auto view = services.cases->Get(actor, case_id);
    if (!view) return RenderErrorPage(request, view.error());
    const Names names = ReadNames(services, actor);
    FormFields fields = state.fields;
    int version = state.version.value_or(0);
    std::optional<domain::SupportPlan> plan;
    if (plan_id) {
        auto found = services.cases->GetPlan(actor, *plan_id);
        if (!found || found->case_id != case_id)
            return RenderErrorPage(request, found ? Error::NotFound() : found.error());
        plan = *found;
        if (!submitted) fields = PlanFields(*plan);
        if (!state.version) version = plan->version;
    } else if (!submitted && view->current_plan) {
        // A new version starts from the current plan (its actions carried over, ids dropped).
        domain::SupportPlan copy = *view->current_plan;
        for (domain::PlanAction& action : copy.actions) action.id = 0;
        fields = PlanFields(copy);
        for (std::size_t i = 0; i < copy.actions.size(); ++i) fields.erase("action_id_" + std::to_string(i));
    }
    auto field = [&](std::string_view name) { return FieldOf(fields, name); };
    const int rows = RowCount(fields) + kBlankActionRows + state.extra_rows;
    json actions = json::array();
    for (int i = 0; i < rows; ++i) {
        const std::string n = std::to_string(i);
        json program_options =
            json::array({{{"value", ""}, {"label", "—"}, {"selected", field("action_program_" + n).empty()}}});
        for (domain::Program program : domain::kAllPrograms) {
            program_options.push_back({{"value", domain::ProgramCode(program)},
                                       {"label", domain::ProgramLabel(program)},
                                       {"selected", field("action_program_" + n) == domain::ProgramCode(program)}});
        }
        json row = {{"n", i},
                    {"number", i + 1},
                    {"id", field("action_id_" + n)},
                    {"status", field("action_status_" + n)},
                    {"description", field("action_description_" + n)},
                    {"due_on", field("action_due_on_" + n)},
                    {"organization_options",
                     names.OrganizationOptions(ParseId<OrganizationId>(field("action_organization_id_" + n)),
                                               "（担当機関を選ぶ）")},
                    {"program_options", program_options}};
        for (const char* key : {"action_description_", "action_organization_id_", "action_due_on_"}) {
            const std::string name = key + n;
            if (state.errors.contains(name))
                row["error_" + std::string(key).substr(7, std::string(key).size() - 8)] = state.errors[name];
        }
        actions.push_back(std::move(row));
    }
    json data = {{"case", {{"id", case_id}, {"title", view->support_case.title}}},
                 {"person", PersonHeaderJson(view->person, view->decision, TodayInJapan(*services.clock))},
                 {"action_path", plan_id ? "/cases/" + std::to_string(case_id) + "/plans/" + std::to_string(*plan_id)
                                         : "/cases/" + std::to_string(case_id) + "/plans"},
                 {"editing", plan_id.has_value()},
                 {"version", version},
                 {"rows", rows},
                 {"goals", field("goals")},
                 {"household_goal", field("household_goal")},
                 {"refer_participation", field("refer_participation") == "1"},
                 {"refer_outreach", field("refer_outreach") == "1"},
                 {"review_on", field("review_on")},
                 {"actions", actions},
                 {"errors", state.errors}};
    if (plan) {
        data["plan"] = PlanJson(*plan, names, view->meetings, TodayInJapan(*services.clock), false);
        data["draft"] = plan->state == domain::PlanState::kDraft;
    } else {
        data["draft"] = true;
    }
    if (state.conflict.is_object()) data["conflict"] = state.conflict;
    ShowSectionErrors(data, request, names.failures);
    const std::string title =
        plan ? "支援プラン（第" + std::to_string(plan->plan_version) + "版）" : "支援プラン（案）の作成";
    return RenderPage(request, title, "case_plan", std::move(data), state.status);
}

http::Response ShowNewPlan(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return RenderPlanForm(services, request, *id, std::nullopt, {}, false);
}

http::Response ShowPlan(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    auto plan = ParseId(request.PathParam("plan"));
    if (!id || !plan) return RenderErrorPage(request, Error::NotFound());
    return RenderPlanForm(services, request, *id, *plan, {}, false);
}

std::string ActionsText(const domain::SupportPlan& plan, const std::map<OrganizationId, std::string>& organizations) {
    std::string text;
    for (const domain::PlanAction& action : plan.actions) {
        if (!text.empty()) text += "／";
        auto organization = organizations.find(action.responsible_organization_id);
        text += action.description + "（" + (organization == organizations.end() ? "" : organization->second) +
                (action.due_on ? "・" + FormatWareki(*action.due_on) : "") + "）";
    }
    return text;
}

json PlanConflictRows(const domain::SupportPlan& yours, const domain::SupportPlan& current, const Names& names) {
    const std::pair<std::string, std::pair<std::string, std::string>> rows[] = {
        {"目標（本人の言葉で）", {yours.goals, current.goals}},
        {"世帯の目標", {yours.household_goal, current.household_goal}},
        {"モニタリング予定日", {DateText(yours.review_on), DateText(current.review_on)}},
        {"参加支援へのつなぎ",
         {yours.refer_participation ? "あり" : "なし", current.refer_participation ? "あり" : "なし"}},
        {"アウトリーチへのつなぎ", {yours.refer_outreach ? "あり" : "なし", current.refer_outreach ? "あり" : "なし"}},
        {"取組", {ActionsText(yours, names.organizations), ActionsText(current, names.organizations)}}};
    json result = json::array();
    for (const auto& [label, values] : rows) {
        result.push_back({{"label", label},
                          {"yours", values.first},
                          {"current", values.second},
                          {"differs", values.first != values.second}});
    }
    return result;
}

http::Response SavePlan(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    std::optional<domain::SupportPlanId> plan_id;
    if (!request.PathParam("plan").empty()) {
        plan_id = ParseId(request.PathParam("plan"));
        if (!plan_id) return RenderErrorPage(request, Error::NotFound());
    }
    const domain::Actor actor = ActorOf(request);
    PlanState state{.fields = request.FormFields()};
    state.version = VersionOf(state.fields);
    // 「行を追加」: the same form again with more blank rows, nothing saved.
    if (FieldOf(state.fields, "add_rows") == "1") {
        state.extra_rows = kBlankActionRows;
        return RenderPlanForm(services, request, *id, plan_id, state, true);
    }
    domain::SupportPlan plan = ReadPlan(state.fields, *id, state.errors);
    const std::vector<std::string_view> known = {"goals", "household_goal", "review_on", "refer_participation",
                                                 "refer_outreach"};
    if (!state.errors.empty()) {
        state.errors["_any"] = true;
        state.errors["_summary"] = json::array({"入力内容を確かめてください（取組の欄も見てください）"});
        state.status = 400;
        return RenderPlanForm(services, request, *id, plan_id, state, true);
    }
    auto saved = plan_id ? services.cases->UpdatePlan(actor, *plan_id, *state.version, plan)
                         : services.cases->DraftPlan(actor, *id, plan);
    if (saved) {
        return http::Response::Redirect("/cases/" + std::to_string(*id) + "?drafted=1#case-plan");
    }
    const Error& error = saved.error();
    if ((error.Is(ErrorCode::kNotFound) && error.field.empty()) || error.Is(ErrorCode::kPermissionDenied)) {
        return RenderErrorPage(request, error);
    }
    if (error.Is(ErrorCode::kConflict) && plan_id) {
        auto current = services.cases->GetPlan(actor, *plan_id);
        if (!current) return RenderErrorPage(request, current.error());
        const Names names = ReadNames(services, actor);
        state.conflict = {{"rows", PlanConflictRows(plan, *current, names)},
                          {"current_version", current->version},
                          {"your_version", *state.version}};
        ShowSectionErrors(state.conflict, request, names.failures);
        // Saving again sends what the user typed against the version now stored.
        state.version = current->version;
        AddFieldError(
            state.errors,
            Error::Conflict(current->state == domain::PlanState::kDraft
                                ? "ほかの人が先にこのプラン（案）を更新しました。両方の内容を見比べて、必要なら"
                                  "入力を直してから保存し直してください。"
                                : "このプランはすでに承認されています。新しい版を作成してください。",
                            "version"),
            known);
        state.status = 409;
        return RenderPlanForm(services, request, *id, plan_id, state, true);
    }
    // Errors about an action name it by its index ("actions[2].responsible_organization_id").
    std::string field = error.field;
    if (const auto open = field.find("actions["); open != std::string::npos) {
        const auto close = field.find(']', open);
        const auto dot = field.rfind('.');
        if (close != std::string::npos && dot != std::string::npos) {
            std::string name = field.substr(dot + 1);
            if (name == "responsible_organization_id") name = "organization_id";
            state.errors["action_" + name + "_" + field.substr(open + 8, close - open - 8)] = error.message;
        }
    }
    AddFieldError(state.errors, error, known);
    state.status = http::HttpStatusFor(error.code);
    return RenderPlanForm(services, request, *id, plan_id, state, true);
}

}  // namespace

void AddPlanPages(http::Router& router, const CasePageServices& services) {
    auto page = [&router, &services](std::string method, std::string pattern, CasePageHandler handler) {
        AddCasePage(router, services, std::move(method), std::move(pattern), handler);
    };
    page("GET", "/cases/{id}/plans/new", ShowNewPlan);
    page("POST", "/cases/{id}/plans", SavePlan);
    page("GET", "/cases/{id}/plans/{plan}", ShowPlan);
    page("POST", "/cases/{id}/plans/{plan}", SavePlan);
}

}  // namespace kasane::web
