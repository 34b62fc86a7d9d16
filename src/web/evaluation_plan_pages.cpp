// SPDX-License-Identifier: Apache-2.0
// 実施計画と評価 (PDCA, issue 17, item 8), in Japanese:
//   GET  /evaluation                            the town's 実施計画, and a new plan's form
//   POST /evaluation/plans                      a new plan (name, 初年度, 最終年度)
//   GET  /evaluation/plans/{id}                 the plan: 評価指標 (target, actual, 達成率 per 年度), アクションプラン
//   GET  /evaluation/plans/{id}/sheet           the printable 評価シート of one 年度 (?year=)
//   POST /evaluation/plans/{id}/indicators      a 評価指標 of a kind
//   POST /evaluation/plans/{id}/targets         a target (and for 手入力 the actual) of a 年度
//   POST /evaluation/plans/{id}/actions         an item of the アクションプラン
//   POST /evaluation/actions/{id}               an item's status, evaluation and rating
// Each handler calls one use case of domain::EvaluationPlanService; the service decides who may do what.

#include "web/evaluation_plan_pages.hpp"

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "web/page_context.hpp"
#include "web/page_routes.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

struct Services {
    domain::EvaluationPlanService& plans;
    domain::Directory& directory;
};

std::string Figure(const std::optional<long long>& value) { return value ? std::to_string(*value) : "—"; }

// A whole number typed in a form: `valid` false for anything else. A minus sign is kept, so that the domain's rule
// refuses a negative number with its own message.
std::optional<long long> NumberOf(const std::string& text, bool& valid) {
    const std::string trimmed = Trim(text);
    if (trimmed.empty()) return std::nullopt;
    std::size_t i = trimmed[0] == '-' ? 1 : 0;
    if (i == trimmed.size()) valid = false;
    long long value = 0;
    for (; i < trimmed.size(); ++i) {
        if (trimmed[i] < '0' || trimmed[i] > '9' || value > 1'000'000'000'000) {
            valid = false;
            return std::nullopt;
        }
        value = value * 10 + (trimmed[i] - '0');
    }
    return trimmed[0] == '-' ? -value : value;
}

std::optional<int> YearOf(const std::string& text, json& errors, const char* field) {
    auto parsed = ParseFiscalYear(Trim(text), "年度");
    if (!parsed) {
        AddFieldError(errors, Error::InvalidArgument(parsed.error().message, field), {field});
        return std::nullopt;
    }
    return *parsed;
}

// --- the list ----------------------------------------------------------------------------------------------------

http::Response ShowList(Services& services, const http::Request& request, json form, json errors, int status) {
    auto list = services.plans.Plans(ActorOf(request));
    if (!list) return RenderErrorPage(request, list.error());
    json plans = json::array();
    for (const domain::EvaluationPlan& plan : list->plans) {
        plans.push_back({{"id", plan.id.value()},
                         {"name", plan.name},
                         {"period", FiscalYearLabel(plan.first_year) + "～" + FiscalYearLabel(plan.last_year)}});
    }
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    const bool has_plans = !plans.empty();
    json data = {{"plans", std::move(plans)},
                 {"has_plans", has_plans},
                 {"may_edit", list->may_edit},
                 {"form", std::move(form)},
                 {"errors", std::move(errors)}};
    return RenderPage(request, "実施計画と評価", "evaluation_plans", std::move(data), status);
}

http::Response ListPage(Services& services, const http::Request& request) {
    return ShowList(services, request, json{{"name", ""}, {"first_year", ""}, {"last_year", ""}}, json::object(), 200);
}

http::Response SavePlan(Services& services, const http::Request& request) {
    json form = json::object();
    for (const char* name : {"name", "first_year", "last_year"}) form[name] = FormField(request, name);
    json errors = json::object();
    domain::EvaluationPlan plan{.name = Trim(form["name"].get<std::string>())};
    const auto first = YearOf(form["first_year"].get<std::string>(), errors, "first_year");
    const auto last = YearOf(form["last_year"].get<std::string>(), errors, "last_year");
    if (errors.empty()) {
        plan.first_year = *first;
        plan.last_year = *last;
        auto saved = services.plans.AddPlan(ActorOf(request), plan);
        if (saved) return http::Response::Redirect("/evaluation/plans/" + std::to_string(saved->id.value()));
        if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
        AddFieldError(errors, saved.error(), {"name", "first_year", "last_year"});
    }
    return ShowList(services, request, std::move(form), std::move(errors), 400);
}

// --- a plan ------------------------------------------------------------------------------------------------------

struct PlanForms {
    json indicator = json{{"kind", "consultation_contacts"}, {"name", ""}, {"unit", ""}};
    json indicator_errors = json::object();
    json target = json{{"indicator_id", ""}, {"fiscal_year", ""}, {"target", ""}, {"actual", ""}};
    json target_errors = json::object();
    json action = json{{"fiscal_year", ""}, {"item", ""}, {"owner", ""}, {"status", "not_started"}, {"evaluation", ""}};
    json action_errors = json::object();
};

json IndicatorRows(const domain::EvaluationPlanView& view, std::optional<int> only_year) {
    json rows = json::array();
    for (const domain::IndicatorRow& row : view.indicators) {
        json years = json::array();
        for (const domain::IndicatorYearRow& year : row.years) {
            if (only_year && year.fiscal_year != *only_year) continue;
            years.push_back({{"year", year.fiscal_year},
                             {"target", Figure(year.target)},
                             {"actual", Figure(year.actual)},
                             {"rate", domain::AchievementRateText(year.rate)},
                             {"reached", year.rate && *year.rate >= 100.0}});
        }
        rows.push_back({{"id", row.indicator.id.value()},
                        {"name", row.name},
                        {"unit", row.unit},
                        {"kind", domain::IndicatorKindLabel(row.indicator.kind)},
                        {"manual", row.indicator.kind == domain::IndicatorKind::kManual},
                        {"years", std::move(years)}});
    }
    return rows;
}

json ActionRows(const domain::EvaluationPlanView& view, std::optional<int> only_year) {
    json rows = json::array();
    for (const domain::ActionItem& item : view.actions) {
        if (only_year && item.fiscal_year != *only_year) continue;
        const std::string rating = item.rating ? std::string(domain::ActionRatingCode(*item.rating)) : "";
        json statuses = EnumOptions(domain::kAllActionItemStatuses, domain::ActionItemStatusCode,
                                    domain::ActionItemStatusLabel, domain::ActionItemStatusCode(item.status));
        json ratings = json::array();
        for (const char* code : {"", "A", "B", "C"}) {
            ratings.push_back({{"value", code}, {"label", *code ? code : "—"}, {"selected", rating == code}});
        }
        rows.push_back({{"id", item.id.value()},
                        {"year_label", FiscalYearLabel(item.fiscal_year)},
                        {"item", item.item},
                        {"owner", item.owner},
                        {"status", domain::ActionItemStatusLabel(item.status)},
                        {"evaluation", item.evaluation},
                        {"rating", rating.empty() ? "—" : rating},
                        {"statuses", std::move(statuses)},
                        {"ratings", std::move(ratings)}});
    }
    return rows;
}

json YearOptions(const domain::EvaluationPlanView& view, const std::string& chosen) {
    json years = json::array();
    for (const int year : view.years) {
        const std::string value = std::to_string(year);
        years.push_back({{"value", value}, {"label", FiscalYearLabel(year)}, {"selected", value == chosen}});
    }
    return years;
}

http::Response ShowPlan(Services& services, const http::Request& request, EvaluationPlanId id, PlanForms forms,
                        int status) {
    auto view = services.plans.Plan(ActorOf(request), id);
    if (!view) return RenderErrorPage(request, view.error());
    json year_heads = json::array();
    for (const int year : view->years) year_heads.push_back({{"label", FiscalYearLabel(year)}, {"year", year}});
    json indicator_choices = json::array();
    const std::string chosen_indicator = forms.target.value("indicator_id", "");
    for (const domain::IndicatorRow& row : view->indicators) {
        const std::string value = std::to_string(row.indicator.id.value());
        indicator_choices.push_back({{"value", value}, {"label", row.name}, {"selected", value == chosen_indicator}});
    }
    for (json* errors : {&forms.indicator_errors, &forms.target_errors, &forms.action_errors}) {
        (*errors)["_any"] = errors->contains("_summary");
    }
    const std::string kind = forms.indicator.value("kind", "consultation_contacts");
    const std::string action_status = forms.action.value("status", "not_started");
    json indicators = IndicatorRows(*view, std::nullopt);
    json actions = ActionRows(*view, std::nullopt);
    const bool has_indicators = !indicators.empty();
    const bool has_actions = !actions.empty();
    json data = {
        {"plan",
         {{"id", view->plan.id.value()},
          {"name", view->plan.name},
          {"period", FiscalYearLabel(view->plan.first_year) + "～" + FiscalYearLabel(view->plan.last_year)}}},
        {"year_heads", std::move(year_heads)},
        {"indicators", std::move(indicators)},
        {"has_indicators", has_indicators},
        {"actions", std::move(actions)},
        {"has_actions", has_actions},
        {"computed_at", FormatWareki(JstDate(view->computed_at))},
        {"kinds", EnumOptions(domain::kAllIndicatorKinds, domain::IndicatorKindCode, domain::IndicatorKindLabel, kind)},
        {"indicator_choices", std::move(indicator_choices)},
        {"target_years", YearOptions(*view, forms.target.value("fiscal_year", ""))},
        {"action_years", YearOptions(*view, forms.action.value("fiscal_year", ""))},
        {"action_statuses", EnumOptions(domain::kAllActionItemStatuses, domain::ActionItemStatusCode,
                                        domain::ActionItemStatusLabel, action_status)},
        {"indicator_form", std::move(forms.indicator)},
        {"indicator_errors", std::move(forms.indicator_errors)},
        {"target_form", std::move(forms.target)},
        {"target_errors", std::move(forms.target_errors)},
        {"action_form", std::move(forms.action)},
        {"action_errors", std::move(forms.action_errors)},
        {"may_edit", view->may_edit}};
    return RenderPage(request, "実施計画：" + view->plan.name, "evaluation_plan", std::move(data), status);
}

std::optional<EvaluationPlanId> PlanIdOf(const http::Request& request) {
    const auto id = ParseId(request.PathParam("id"));
    if (!id) return std::nullopt;
    return EvaluationPlanId{*id};
}

http::Response PlanPage(Services& services, const http::Request& request) {
    const auto id = PlanIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return ShowPlan(services, request, *id, PlanForms{}, 200);
}

http::Response SheetPage(Services& services, const http::Request& request) {
    const auto id = PlanIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    auto view = services.plans.Plan(ActorOf(request), *id);
    if (!view) return RenderErrorPage(request, view.error());
    int year = view->plan.first_year;
    const std::string asked = Trim(FieldOf(QueryFields(request), "year"));
    if (!asked.empty()) {
        auto parsed = ParseFiscalYear(asked, "年度");
        if (!parsed) return RenderErrorPage(request, Error::InvalidArgument(parsed.error().message, "year"));
        if (*parsed < view->plan.first_year || *parsed > view->plan.last_year) {
            return RenderErrorPage(request, Error::InvalidArgument("計画期間外の年度です", "year"));
        }
        year = *parsed;
    }
    json data = {{"plan",
                  {{"id", view->plan.id.value()},
                   {"name", view->plan.name},
                   {"period", FiscalYearLabel(view->plan.first_year) + "～" + FiscalYearLabel(view->plan.last_year)}}},
                 {"year_label", FiscalYearLabel(year)},
                 {"year", year},
                 {"years", YearOptions(*view, std::to_string(year))},
                 {"indicators", IndicatorRows(*view, year)},
                 {"actions", ActionRows(*view, year)},
                 {"computed_at", FormatWareki(JstDate(view->computed_at))}};
    return RenderPage(request, "評価シート：" + view->plan.name, "evaluation_sheet", std::move(data));
}

http::Response SaveIndicator(Services& services, const http::Request& request) {
    const auto id = PlanIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    PlanForms forms;
    for (const char* name : {"kind", "name", "unit"}) forms.indicator[name] = FormField(request, name);
    json& errors = forms.indicator_errors;
    const auto kind = domain::ParseIndicatorKind(forms.indicator["kind"].get<std::string>());
    if (!kind) {
        AddFieldError(errors, Error::InvalidArgument("指標の種類を選んでください", "kind"), {"kind"});
    } else {
        domain::EvaluationIndicator indicator{.plan_id = *id,
                                              .kind = *kind,
                                              .name = Trim(forms.indicator["name"].get<std::string>()),
                                              .unit = Trim(forms.indicator["unit"].get<std::string>())};
        auto saved = services.plans.AddIndicator(ActorOf(request), indicator);
        if (saved) return http::Response::Redirect("/evaluation/plans/" + std::to_string(id->value()));
        if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
        AddFieldError(errors, saved.error(), {"kind", "name", "unit"});
    }
    return ShowPlan(services, request, *id, std::move(forms), 400);
}

http::Response SaveTarget(Services& services, const http::Request& request) {
    const auto id = PlanIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    PlanForms forms;
    for (const char* name : {"indicator_id", "fiscal_year", "target", "actual"}) {
        forms.target[name] = FormField(request, name);
    }
    json& errors = forms.target_errors;
    const auto indicator = ParseId<EvaluationIndicatorId>(forms.target["indicator_id"].get<std::string>());
    if (!indicator)
        AddFieldError(errors, Error::InvalidArgument("指標を選んでください", "indicator_id"), {"indicator_id"});
    const auto year = YearOf(forms.target["fiscal_year"].get<std::string>(), errors, "fiscal_year");
    bool valid = true;
    const auto target = NumberOf(forms.target["target"].get<std::string>(), valid);
    if (!valid) AddFieldError(errors, Error::InvalidArgument("目標値は数字で入力してください", "target"), {"target"});
    if (valid && !target)
        AddFieldError(errors, Error::InvalidArgument("目標値を入力してください", "target"), {"target"});
    bool actual_valid = true;
    const auto actual = NumberOf(forms.target["actual"].get<std::string>(), actual_valid);
    if (!actual_valid)
        AddFieldError(errors, Error::InvalidArgument("実績は数字で入力してください", "actual"), {"actual"});
    if (errors.empty()) {
        auto saved = services.plans.SetYear(ActorOf(request), *indicator,
                                            {.fiscal_year = *year, .target = *target, .manual_actual = actual});
        if (saved) return http::Response::Redirect("/evaluation/plans/" + std::to_string(id->value()));
        if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
        AddFieldError(errors, saved.error(), {"indicator_id", "fiscal_year", "target", "actual"});
    }
    return ShowPlan(services, request, *id, std::move(forms), 400);
}

http::Response SaveAction(Services& services, const http::Request& request) {
    const auto id = PlanIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    PlanForms forms;
    for (const char* name : {"fiscal_year", "item", "owner", "status", "evaluation"}) {
        forms.action[name] = FormField(request, name);
    }
    json& errors = forms.action_errors;
    const auto year = YearOf(forms.action["fiscal_year"].get<std::string>(), errors, "fiscal_year");
    const auto status = domain::ParseActionItemStatus(forms.action["status"].get<std::string>());
    if (!status) AddFieldError(errors, Error::InvalidArgument("状況を選んでください", "status"), {"status"});
    if (errors.empty()) {
        domain::ActionItem item{.plan_id = *id,
                                .fiscal_year = *year,
                                .item = Trim(forms.action["item"].get<std::string>()),
                                .owner = Trim(forms.action["owner"].get<std::string>()),
                                .status = *status,
                                .evaluation = Trim(forms.action["evaluation"].get<std::string>())};
        auto saved = services.plans.AddAction(ActorOf(request), item);
        if (saved) return http::Response::Redirect("/evaluation/plans/" + std::to_string(id->value()) + "#actions");
        if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
        AddFieldError(errors, saved.error(), {"fiscal_year", "item", "owner", "status", "evaluation"});
    }
    return ShowPlan(services, request, *id, std::move(forms), 400);
}

http::Response UpdateAction(Services& services, const http::Request& request) {
    const auto id = ParseId<ActionItemId>(request.PathParam("id"));
    const auto plan = ParseId<EvaluationPlanId>(FormField(request, "plan_id"));
    if (!id || !plan) return RenderErrorPage(request, Error::NotFound());
    const auto status = domain::ParseActionItemStatus(FormField(request, "status"));
    PlanForms forms;
    if (!status) {
        AddFieldError(forms.action_errors, Error::InvalidArgument("状況を選んでください", "status"), {"status"});
        return ShowPlan(services, request, *plan, std::move(forms), 400);
    }
    domain::ActionItem item{.id = *id,
                            .status = *status,
                            .evaluation = Trim(FormField(request, "evaluation")),
                            .rating = domain::ParseActionRating(FormField(request, "rating"))};
    auto saved = services.plans.UpdateAction(ActorOf(request), item);
    if (saved) return http::Response::Redirect("/evaluation/plans/" + std::to_string(plan->value()) + "#actions");
    if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
    AddFieldError(forms.action_errors, saved.error(), {"evaluation"});
    return ShowPlan(services, request, *plan, std::move(forms), 400);
}

}  // namespace

void AddEvaluationPlanPages(http::Router& router, domain::EvaluationPlanService& plans, domain::Directory& directory) {
    const auto add = SignedInPageAdder(router, std::make_shared<Services>(Services{plans, directory}));
    add("GET", "/evaluation", ListPage);
    add("POST", "/evaluation/plans", SavePlan);
    add("GET", "/evaluation/plans/{id}", PlanPage);
    add("GET", "/evaluation/plans/{id}/sheet", SheetPage);
    add("POST", "/evaluation/plans/{id}/indicators", SaveIndicator);
    add("POST", "/evaluation/plans/{id}/targets", SaveTarget);
    add("POST", "/evaluation/plans/{id}/actions", SaveAction);
    add("POST", "/evaluation/actions/{id}", UpdateAction);
}

}  // namespace kasane::web
