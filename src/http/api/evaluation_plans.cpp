// SPDX-License-Identifier: Apache-2.0
// 実施計画と評価 (PDCA, issue 17, item 8). Each handler parses, calls one use case and maps its Result.

#include "http/api/evaluation_plans.hpp"

#include <vector>

#include "base/japanese_date.hpp"
#include "base/json.hpp"
#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

namespace {

using domain::ActionItem;
using domain::EvaluationIndicator;
using domain::EvaluationPlan;

constexpr std::string_view kKindMessage =
    "kind は consultation_contacts, consultation_persons, support_meetings, cases_opened, outreach_persons, "
    "participation_persons, cooperating_hosts, community_places, community_participants, trainees, manual "
    "のどれかです";
constexpr std::string_view kStatusMessage = "status は not_started, in_progress, done, cancelled のどれかです";
constexpr std::string_view kRatingMessage = "rating は A, B, C のどれかです";

Json Optional(const std::optional<long long>& value) { return value ? Json(*value) : Json(nullptr); }

Json PlanJson(const EvaluationPlan& plan) {
    return Json{{"id", plan.id},
                {"name", plan.name},
                {"first_year", plan.first_year},
                {"first_year_label", FiscalYearLabel(plan.first_year)},
                {"last_year", plan.last_year},
                {"last_year_label", FiscalYearLabel(plan.last_year)}};
}

Json IndicatorJson(const EvaluationIndicator& indicator) {
    Json years = Json::array();
    for (const domain::IndicatorYear& year : indicator.years) {
        years.push_back(
            Json{{"fiscal_year", year.fiscal_year}, {"target", year.target}, {"actual", Optional(year.manual_actual)}});
    }
    return Json{{"id", indicator.id},
                {"plan_id", indicator.plan_id},
                {"kind", domain::IndicatorKindCode(indicator.kind)},
                {"kind_label", domain::IndicatorKindLabel(indicator.kind)},
                {"name", indicator.name},
                {"unit", indicator.unit},
                {"years", std::move(years)}};
}

Json ActionJson(const ActionItem& item) {
    return Json{{"id", item.id},
                {"plan_id", item.plan_id},
                {"fiscal_year", item.fiscal_year},
                {"item", item.item},
                {"owner", item.owner},
                {"status", domain::ActionItemStatusCode(item.status)},
                {"status_label", domain::ActionItemStatusLabel(item.status)},
                {"evaluation", item.evaluation},
                {"rating", item.rating ? Json(domain::ActionRatingCode(*item.rating)) : Json(nullptr)}};
}

Json ViewJson(const domain::EvaluationPlanView& view) {
    Json json = PlanJson(view.plan);
    Json indicators = Json::array();
    for (const domain::IndicatorRow& row : view.indicators) {
        Json years = Json::array();
        for (const domain::IndicatorYearRow& year : row.years) {
            years.push_back(Json{{"fiscal_year", year.fiscal_year},
                                 {"target", Optional(year.target)},
                                 {"actual", Optional(year.actual)},
                                 {"rate", year.rate ? Json(*year.rate) : Json(nullptr)}});
        }
        indicators.push_back(Json{{"id", row.indicator.id},
                                  {"kind", domain::IndicatorKindCode(row.indicator.kind)},
                                  {"kind_label", domain::IndicatorKindLabel(row.indicator.kind)},
                                  {"name", row.name},
                                  {"unit", row.unit},
                                  {"years", std::move(years)}});
    }
    Json actions = Json::array();
    for (const ActionItem& item : view.actions) actions.push_back(ActionJson(item));
    json["indicators"] = std::move(indicators);
    json["actions"] = std::move(actions);
    json["computed_at"] = InstantJson(view.computed_at);
    json["may_edit"] = view.may_edit;
    return json;
}

// A required whole number (a 年度, a target): `message` when absent.
Result<long long> RequireNumber(const Json& body, const char* field, std::string_view message) {
    auto value = OptionalInteger(body, field);
    if (!value) return Fail(value.error());
    if (!*value) return Fail(Error::InvalidArgument(std::string(message), field));
    return static_cast<long long>(**value);
}

Result<int> RequireYear(const Json& body, const char* field, std::string_view message) {
    auto value = RequireNumber(body, field, message);
    if (!value) return Fail(value.error());
    if (*value < 0 || *value > 9999) return Fail(Error::InvalidArgument("年度が正しくありません", field));
    return static_cast<int>(*value);
}

Result<EvaluationPlan> PlanFromJson(const Json& body) {
    EvaluationPlan plan;
    auto name = TextOf(body, "name", 4000);
    if (!name) return Fail(name.error());
    plan.name = *name;
    auto first = RequireYear(body, "first_year", "first_year（初年度）を指定してください");
    if (!first) return Fail(first.error());
    auto last = RequireYear(body, "last_year", "last_year（最終年度）を指定してください");
    if (!last) return Fail(last.error());
    plan.first_year = *first;
    plan.last_year = *last;
    return plan;
}

Result<EvaluationIndicator> IndicatorFromJson(const Json& body, EvaluationPlanId plan_id) {
    EvaluationIndicator indicator{.plan_id = plan_id};
    auto kind = RequireCode<domain::IndicatorKind>(body, "kind", domain::ParseIndicatorKind, kKindMessage);
    if (!kind) return Fail(kind.error());
    indicator.kind = *kind;
    auto name = TextOf(body, "name", 4000);
    if (!name) return Fail(name.error());
    auto unit = TextOf(body, "unit", 400);
    if (!unit) return Fail(unit.error());
    indicator.name = *name;
    indicator.unit = *unit;
    return indicator;
}

Result<domain::IndicatorYear> YearFromJson(const Json& body) {
    domain::IndicatorYear year;
    auto fiscal_year = RequireYear(body, "fiscal_year", "fiscal_year（年度）を指定してください");
    if (!fiscal_year) return Fail(fiscal_year.error());
    year.fiscal_year = *fiscal_year;
    auto target = RequireNumber(body, "target", "target（目標値）を指定してください");
    if (!target) return Fail(target.error());
    year.target = *target;
    auto actual = OptionalInteger(body, "actual");
    if (!actual) return Fail(actual.error());
    if (*actual) year.manual_actual = static_cast<long long>(**actual);
    return year;
}

// status, evaluation and rating, as an item's change carries them.
Status ActionChangeFromJson(const Json& body, ActionItem& item) {
    auto status = OptionalCode<domain::ActionItemStatus>(body, "status", domain::ParseActionItemStatus, kStatusMessage);
    if (!status) return Fail(status.error());
    if (*status) item.status = **status;
    auto evaluation = TextOf(body, "evaluation", 8000);
    if (!evaluation) return Fail(evaluation.error());
    item.evaluation = *evaluation;
    auto rating = OptionalCode<domain::ActionRating>(body, "rating", domain::ParseActionRating, kRatingMessage);
    if (!rating) return Fail(rating.error());
    item.rating = *rating;
    return {};
}

Result<ActionItem> ActionFromJson(const Json& body, EvaluationPlanId plan_id) {
    ActionItem item{.plan_id = plan_id};
    auto fiscal_year = RequireYear(body, "fiscal_year", "fiscal_year（年度）を指定してください");
    if (!fiscal_year) return Fail(fiscal_year.error());
    item.fiscal_year = *fiscal_year;
    auto text = TextOf(body, "item", 4000);
    if (!text) return Fail(text.error());
    item.item = *text;
    auto owner = TextOf(body, "owner", 4000);
    if (!owner) return Fail(owner.error());
    item.owner = *owner;
    if (auto change = ActionChangeFromJson(body, item); !change) return Fail(change.error());
    return item;
}

Json KindSchema() {
    std::vector<std::string_view> codes;
    for (domain::IndicatorKind kind : domain::kAllIndicatorKinds) codes.push_back(domain::IndicatorKindCode(kind));
    return EnumSchema(codes);
}

Json StatusSchema() { return EnumSchema({"not_started", "in_progress", "done", "cancelled"}); }

Json PlanSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"name", schema::String()},
                           {"first_year", schema::Integer()},
                           {"first_year_label", schema::String()},
                           {"last_year", schema::Integer()},
                           {"last_year_label", schema::String()}},
                          {"id", "name", "first_year", "last_year"});
}

Json IndicatorSchema() {
    return schema::Object(
        {{"id", schema::Integer()},
         {"plan_id", schema::Integer()},
         {"kind", KindSchema()},
         {"kind_label", schema::String()},
         {"name", schema::String()},
         {"unit", schema::String()},
         {"years",
          schema::ArrayOf(schema::Object(
              {{"fiscal_year", schema::Integer()}, {"target", schema::Integer()}, {"actual", NullableInteger()}},
              {"fiscal_year", "target"}))}},
        {"id", "kind", "name", "years"});
}

Json ActionSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"plan_id", schema::Integer()},
                           {"fiscal_year", schema::Integer()},
                           {"item", schema::String()},
                           {"owner", schema::String()},
                           {"status", StatusSchema()},
                           {"status_label", schema::String()},
                           {"evaluation", schema::String()},
                           {"rating", NullableString()}},
                          {"id", "fiscal_year", "item", "owner", "status"});
}

Json ViewSchema() {
    Json view = PlanSchema();
    Json year = schema::Object({{"fiscal_year", schema::Integer()},
                                {"target", NullableInteger()},
                                {"actual", NullableInteger()},
                                {"rate", Json{{"type", Json::array({"number", "null"})}}}},
                               {"fiscal_year", "target", "actual", "rate"});
    view["properties"]["indicators"] = schema::ArrayOf(schema::Object({{"id", schema::Integer()},
                                                                       {"kind", KindSchema()},
                                                                       {"kind_label", schema::String()},
                                                                       {"name", schema::String()},
                                                                       {"unit", schema::String()},
                                                                       {"years", schema::ArrayOf(std::move(year))}},
                                                                      {"id", "kind", "name", "years"}));
    view["properties"]["actions"] = schema::ArrayOf(ActionSchema());
    view["properties"]["computed_at"] = schema::String();
    view["properties"]["may_edit"] = schema::Boolean();
    return view;
}

}  // namespace

void AddEvaluationPlanRoutes(Router& router, domain::EvaluationPlanService& plans) {
    AddSignedInRoute(
        router, "GET", "/api/v1/evaluation-plans",
        [&plans](Request& request) {
            auto list = plans.Plans(ActorOf(request));
            if (!list) return Response::ErrorJson(list.error());
            Json json = Json::array();
            for (const EvaluationPlan& plan : list->plans) json.push_back(PlanJson(plan));
            return Response::Json(200, Json{{"plans", std::move(json)}, {"may_edit", list->may_edit}});
        },
        {.summary = "実施計画: the town's plans, the latest period first (the town's coordinators, administrators and "
                    "caseworkers; anyone else is answered 404)",
         .tag = "evaluation",
         .response_body = schema::Object({{"plans", schema::ArrayOf(PlanSchema())}, {"may_edit", schema::Boolean()}},
                                         {"plans", "may_edit"})});

    AddSignedInRoute(
        router, "POST", "/api/v1/evaluation-plans",
        [&plans](Request& request) {
            auto plan = BodyAs(request, PlanFromJson);
            if (!plan) return Response::ErrorJson(plan.error());
            return ReplyWith(plans.AddPlan(ActorOf(request), *plan), PlanJson, 201);
        },
        {.summary = "Adds a 実施計画 over first_year..last_year (at most ten 年度)",
         .tag = "evaluation",
         .request_body = schema::Object(
             {{"name", schema::String()}, {"first_year", schema::Integer()}, {"last_year", schema::Integer()}},
             {"name", "first_year", "last_year"}),
         .response_body = PlanSchema(),
         .success_status = 201});

    AddSignedInRoute(router, "GET", "/api/v1/evaluation-plans/{id}", ById([&plans](Request& request, std::int64_t id) {
                         return ReplyWith(plans.Plan(ActorOf(request), EvaluationPlanId{id}), ViewJson);
                     }),
                     {.summary = "One plan: each 評価指標's target, actual (counted from the records, or typed for "
                                 "manual) and 達成率 per 年度, and the アクションプラン",
                      .tag = "evaluation",
                      .response_body = ViewSchema()});

    AddSignedInRoute(
        router, "POST", "/api/v1/evaluation-plans/{id}/indicators", ById([&plans](Request& request, std::int64_t id) {
            auto indicator = BodyAs(request, IndicatorFromJson, EvaluationPlanId{id});
            if (!indicator) return Response::ErrorJson(indicator.error());
            return ReplyWith(plans.AddIndicator(ActorOf(request), *indicator), IndicatorJson, 201);
        }),
        {.summary = "Adds a 評価指標 of a kind (its actual counted from the records) or manual (a name required)",
         .tag = "evaluation",
         .request_body =
             schema::Object({{"kind", KindSchema()}, {"name", schema::String()}, {"unit", schema::String()}}, {"kind"}),
         .response_body = IndicatorSchema(),
         .success_status = 201});

    AddSignedInRoute(
        router, "PUT", "/api/v1/evaluation-indicators/{id}/target", ById([&plans](Request& request, std::int64_t id) {
            auto year = BodyAs(request, YearFromJson);
            if (!year) return Response::ErrorJson(year.error());
            return ReplyWith(plans.SetYear(ActorOf(request), EvaluationIndicatorId{id}, *year), IndicatorJson);
        }),
        {.summary = "Sets an indicator's target of a 年度 of the plan (and, for manual, the actual typed)",
         .tag = "evaluation",
         .request_body = schema::Object(
             {{"fiscal_year", schema::Integer()}, {"target", schema::Integer()}, {"actual", NullableInteger()}},
             {"fiscal_year", "target"}),
         .response_body = IndicatorSchema()});

    AddSignedInRoute(router, "POST", "/api/v1/evaluation-plans/{id}/actions",
                     ById([&plans](Request& request, std::int64_t id) {
                         auto item = BodyAs(request, ActionFromJson, EvaluationPlanId{id});
                         if (!item) return Response::ErrorJson(item.error());
                         return ReplyWith(plans.AddAction(ActorOf(request), *item), ActionJson, 201);
                     }),
                     {.summary = "Adds an item of a 年度's アクションプラン (item, owner, status, evaluation, A/B/C)",
                      .tag = "evaluation",
                      .request_body = schema::Object({{"fiscal_year", schema::Integer()},
                                                      {"item", schema::String()},
                                                      {"owner", schema::String()},
                                                      {"status", StatusSchema()},
                                                      {"evaluation", schema::String()},
                                                      {"rating", NullableString()}},
                                                     {"fiscal_year", "item", "owner"}),
                      .response_body = ActionSchema(),
                      .success_status = 201});

    AddSignedInRoute(
        router, "PUT", "/api/v1/evaluation-actions/{id}", ById([&plans](Request& request, std::int64_t id) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            ActionItem item{.id = ActionItemId{id}};
            if (auto change = ActionChangeFromJson(*body, item); !change) {
                return Response::ErrorJson(change.error());
            }
            return ReplyWith(plans.UpdateAction(ActorOf(request), item), ActionJson);
        }),
        {.summary = "Sets an action item's status, evaluation and rating",
         .tag = "evaluation",
         .request_body = schema::Object(
             {{"status", StatusSchema()}, {"evaluation", schema::String()}, {"rating", NullableString()}}, {"status"}),
         .response_body = ActionSchema()});
}

}  // namespace kasane::http::api
