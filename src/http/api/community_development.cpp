// SPDX-License-Identifier: Apache-2.0
// 地域づくり and the 地域課題 register (issue 16, items 4 and 5). Each handler parses, calls one use case and maps its
// Result.

#include "http/api/community_development.hpp"

#include <algorithm>

#include "http/api/case_json.hpp"
#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

namespace {

using domain::CommunityAction;
using domain::CommunityIssue;
using domain::CommunityPlace;
using domain::CommunitySession;
using domain::CommunityWorkshop;

template <std::size_t N>
Json CellsJson(const std::optional<std::array<long long, N>>& cells, const std::array<std::string_view, N>& codes) {
    if (!cells) return nullptr;
    Json object = Json::object();
    for (std::size_t i = 0; i < N; ++i) object[std::string(codes[i])] = (*cells)[i];
    return object;
}

Json PlaceJson(const CommunityPlace& place) {
    return Json{{"id", place.id},
                {"name", place.name},
                {"kind", domain::PlaceKindCode(place.kind)},
                {"project", domain::CommunityProjectCode(place.project)},
                {"project_label", domain::CommunityProjectLabel(place.project)},
                {"area_id", OptionalIdJson(place.area_id)},
                {"resource_service_id", place.resource_service ? Json(place.resource_service->value()) : Json(nullptr)},
                {"note", place.note}};
}

Json SessionJson(const CommunitySession& session) {
    return Json{{"id", session.id},
                {"place_id", session.place_id},
                {"held_on", IsoDate(session.held_on)},
                {"participants", session.participants},
                {"first_time", session.first_time},
                {"organizations", session.organizations},
                {"by_sex", CellsJson(session.by_sex, domain::kSexCodes)},
                {"by_age", CellsJson(session.by_age, domain::kAgeBandCodes)}};
}

Json WorkshopJson(const CommunityWorkshop& workshop) {
    return Json{
        {"id", workshop.id},           {"area_id", workshop.area_id},          {"held_on", IsoDate(workshop.held_on)},
        {"title", workshop.title},     {"strengths", workshop.strengths},      {"problems", workshop.problems},
        {"actions", workshop.actions}, {"participants", workshop.participants}};
}

template <std::size_t N>
Json BreakdownJson(const domain::CountedBreakdown& breakdown, const std::array<std::string_view, N>& codes) {
    // Withheld as a whole when a cell is under the floor: no cell of it leaves the server.
    if (!breakdown.shown) return Json{{"shown", false}, {"recorded", breakdown.recorded}, {"cells", nullptr}};
    Json cells = Json::object();
    for (std::size_t i = 0; i < N && i < breakdown.cells.size(); ++i) cells[std::string(codes[i])] = breakdown.cells[i];
    return Json{{"shown", true}, {"recorded", true}, {"cells", std::move(cells)}};
}

Json CountsJson(const domain::CommunityMonthCounts& counts) {
    Json places = Json::array();
    for (const CommunityPlaceId id : counts.counted_places) places.push_back(id.value());
    return Json{{"month", domain::YearMonthText(counts.month)},
                {"places", counts.places},
                {"participants_real", counts.participants_real},
                {"participants_total", counts.participants_total},
                {"first_time", counts.first_time},
                {"organizations", counts.organizations},
                {"counted_place_ids", std::move(places)},
                {"by_sex", BreakdownJson(counts.by_sex, domain::kSexCodes)},
                {"by_age", BreakdownJson(counts.by_age, domain::kAgeBandCodes)}};
}

// The published counts of one month: the figures only, no place's id (CountsJson without counted_place_ids).
Json PublicMonthJson(const domain::CommunityMonthCounts& counts) {
    Json json = CountsJson(counts);
    json.erase("counted_place_ids");
    return json;
}

Result<std::optional<int>> FiscalYearParam(const Request& request) {
    const auto text = request.QueryParam("fiscal_year");
    if (!text) return std::optional<int>();
    if (text->size() != 4 || !std::ranges::all_of(*text, [](char c) { return c >= '0' && c <= '9'; })) {
        return Fail(
            Error::InvalidArgument("fiscal_year は 2024 の形（年度の始まる西暦年）で指定してください", "fiscal_year"));
    }
    return std::optional<int>(std::atoi(text->c_str()));
}

Json ActionJson(const CommunityAction& action) {
    return Json{{"id", action.id},
                {"issue_id", action.issue_id},
                {"taken_on", IsoDate(action.taken_on)},
                {"description", action.description},
                {"place_id", action.place_id ? Json(action.place_id->value()) : Json(nullptr)},
                {"effect", domain::ActionEffectCode(action.effect)}};
}

Json IssueJson(const CommunityIssue& issue) {
    return Json{{"id", issue.id},
                {"area_id", issue.area_id},
                {"kind", domain::IssueKindCode(issue.kind)},
                {"title", issue.title},
                {"description", issue.description},
                {"workshop_id", issue.workshop_id ? Json(issue.workshop_id->value()) : Json(nullptr)},
                {"status", domain::IssueStatusCode(issue.status)},
                {"raised_on", IsoDate(issue.raised_on)}};
}

Json IssueRowJson(const domain::IssueRow& row) {
    Json json = IssueJson(row.issue);
    Json actions = Json::array();
    for (const CommunityAction& action : row.actions) actions.push_back(ActionJson(action));
    json["actions"] = std::move(actions);
    json["linked_consultations"] = row.linked_consultations;
    json["linked_missing_resources"] = row.linked_missing_resources;
    return json;
}

Result<long long> Count(const Json& body, const char* field) {
    auto value = OptionalInteger(body, field);
    if (!value) return Fail(value.error());
    return static_cast<long long>(value->value_or(0));
}

template <std::size_t N>
Result<std::optional<std::array<long long, N>>> Cells(const Json& body, const char* field,
                                                      const std::array<std::string_view, N>& codes) {
    using Cells = std::optional<std::array<long long, N>>;
    if (!body.contains(field) || body[field].is_null()) return Cells{};
    const Json& object = body[field];
    if (!object.is_object()) return Fail(Error::InvalidArgument(std::string(field) + " はオブジェクトです", field));
    std::array<long long, N> cells{};
    for (std::size_t i = 0; i < N; ++i) {
        const auto found = object.find(std::string(codes[i]));
        if (found == object.end() || found->is_null()) continue;
        if (!found->is_number_integer()) {
            return Fail(
                Error::InvalidArgument(std::string(field) + "." + std::string(codes[i]) + " は整数です", field));
        }
        cells[i] = found->get<long long>();
    }
    for (const auto& [key, value] : object.items()) {
        if (std::find(codes.begin(), codes.end(), key) == codes.end()) {
            return Fail(Error::InvalidArgument(std::string(field) + " に知らない項目があります: " + key, field));
        }
    }
    return Cells{cells};
}

Result<std::optional<std::chrono::year_month>> MonthParam(const Request& request) {
    const auto text = request.QueryParam("month");
    if (!text) return std::optional<std::chrono::year_month>();
    const auto month = domain::ParseYearMonth(*text);
    if (!month) return Fail(Error::InvalidArgument("month は 2024-05 の形で指定してください", "month"));
    return std::optional<std::chrono::year_month>(*month);
}

Result<std::optional<AreaId>> AreaParam(const Request& request) {
    const auto text = request.QueryParam("area_id");
    if (!text) return std::optional<AreaId>();
    const auto id = std::atoll(text->c_str());
    if (id <= 0) return Fail(Error::InvalidArgument("area_id は地区のidです", "area_id"));
    return std::optional<AreaId>(id);
}

Result<CommunityPlace> PlaceFromJson(const Json& body) {
    CommunityPlace place;
    auto name = TextOf(body, "name", 200);
    if (!name) return Fail(name.error());
    place.name = *name;
    auto note = TextOf(body, "note", 4000);
    if (!note) return Fail(note.error());
    place.note = *note;
    const auto kind = domain::ParsePlaceKind(body.value("kind", ""));
    if (!kind) return Fail(Error::InvalidArgument("kind（拠点の種類）が正しくありません", "kind"));
    place.kind = *kind;
    const auto project = domain::ParseCommunityProject(body.value("project", ""));
    if (!project) return Fail(Error::InvalidArgument("project（分野別の事業）が正しくありません", "project"));
    place.project = *project;
    auto area = OptionalId(body, "area_id");
    if (!area) return Fail(area.error());
    place.area_id = *area;
    auto service = OptionalId(body, "resource_service_id");
    if (!service) return Fail(service.error());
    if (*service) place.resource_service = ResourceServiceId{**service};
    return place;
}

Result<CommunitySession> SessionFromJson(const Json& body) {
    CommunitySession session;
    auto place = RequireId(body, "place_id");
    if (!place) return Fail(place.error());
    session.place_id = CommunityPlaceId{*place};
    auto held_on = RequireDate(body, "held_on", "開催日");
    if (!held_on) return Fail(held_on.error());
    session.held_on = *held_on;
    for (auto [field, target] : {std::pair{"participants", &session.participants},
                                 {"first_time", &session.first_time},
                                 {"organizations", &session.organizations}}) {
        auto value = Count(body, field);
        if (!value) return Fail(value.error());
        *target = *value;
    }
    auto by_sex = Cells(body, "by_sex", domain::kSexCodes);
    if (!by_sex) return Fail(by_sex.error());
    session.by_sex = *by_sex;
    auto by_age = Cells(body, "by_age", domain::kAgeBandCodes);
    if (!by_age) return Fail(by_age.error());
    session.by_age = *by_age;
    return session;
}

Result<CommunityWorkshop> WorkshopFromJson(const Json& body) {
    CommunityWorkshop workshop;
    auto area = RequireId(body, "area_id");
    if (!area) return Fail(area.error());
    workshop.area_id = *area;
    auto held_on = RequireDate(body, "held_on", "開催日");
    if (!held_on) return Fail(held_on.error());
    workshop.held_on = *held_on;
    for (auto [field, target] : {std::pair{"title", &workshop.title},
                                 {"strengths", &workshop.strengths},
                                 {"problems", &workshop.problems},
                                 {"actions", &workshop.actions}}) {
        auto value = TextOf(body, field, 4000);
        if (!value) return Fail(value.error());
        *target = *value;
    }
    auto participants = Count(body, "participants");
    if (!participants) return Fail(participants.error());
    workshop.participants = *participants;
    return workshop;
}

Result<CommunityIssue> IssueFromJson(const Json& body) {
    CommunityIssue issue;
    auto area = RequireId(body, "area_id");
    if (!area) return Fail(area.error());
    issue.area_id = *area;
    const auto kind = domain::ParseIssueKind(body.value("kind", "local_issue"));
    if (!kind) return Fail(Error::InvalidArgument("kind は local_issue（地域課題）か gap（制度の狭間）です", "kind"));
    issue.kind = *kind;
    for (auto [field, target] : {std::pair{"title", &issue.title}, {"description", &issue.description}}) {
        auto value = TextOf(body, field, 4000);
        if (!value) return Fail(value.error());
        *target = *value;
    }
    auto workshop = OptionalId(body, "workshop_id");
    if (!workshop) return Fail(workshop.error());
    if (*workshop) issue.workshop_id = CommunityWorkshopId{**workshop};
    auto raised_on = RequireDate(body, "raised_on", "記録日");
    if (!raised_on) return Fail(raised_on.error());
    issue.raised_on = *raised_on;
    return issue;
}

Result<CommunityAction> ActionFromJson(const Json& body, CommunityIssueId issue_id) {
    CommunityAction action{.issue_id = issue_id};
    auto taken_on = RequireDate(body, "taken_on", "取組の日");
    if (!taken_on) return Fail(taken_on.error());
    action.taken_on = *taken_on;
    auto description = TextOf(body, "description", 4000);
    if (!description) return Fail(description.error());
    action.description = *description;
    auto place = OptionalId(body, "place_id");
    if (!place) return Fail(place.error());
    if (*place) action.place_id = CommunityPlaceId{**place};
    const auto effect = domain::ParseActionEffect(body.value("effect", "progress"));
    if (!effect) return Fail(Error::InvalidArgument("effect は progress（経過）か resolves（解決）です", "effect"));
    action.effect = *effect;
    return action;
}

Json CellsSchema(std::initializer_list<std::string_view> codes) {
    Json properties = Json::object();
    for (const std::string_view code : codes) properties[std::string(code)] = schema::Integer();
    return Json{{"type", Json::array({"object", "null"})}, {"properties", std::move(properties)}};
}

Json PlaceSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"name", schema::String()},
                           {"kind", EnumSchema({"salon", "kayoinoba", "ibasho", "child_rearing", "other"})},
                           {"project", EnumSchema({"care_prevention", "living_support", "activity_support_center",
                                                   "child_rearing_base", "needy_community"})},
                           {"project_label", schema::String()},
                           {"area_id", NullableInteger()},
                           {"resource_service_id", NullableInteger()},
                           {"note", schema::String()}},
                          {"id", "name", "kind", "project"});
}

Json PlaceRequestSchema() {
    return schema::Object({{"name", schema::String()},
                           {"kind", schema::String()},
                           {"project", schema::String()},
                           {"area_id", NullableInteger()},
                           {"resource_service_id", NullableInteger()},
                           {"note", schema::String()}},
                          {"name", "kind", "project"});
}

Json SessionSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"place_id", schema::Integer()},
                           {"held_on", schema::String()},
                           {"participants", schema::Integer()},
                           {"first_time", schema::Integer()},
                           {"organizations", schema::Integer()},
                           {"by_sex", CellsSchema({"male", "female", "other"})},
                           {"by_age", CellsSchema({"under_20", "20_64", "65_74", "75_over"})}},
                          {"id", "place_id", "held_on", "participants", "first_time"});
}

Json SessionRequestSchema() {
    return schema::Object({{"place_id", schema::Integer()},
                           {"held_on", DateString()},
                           {"participants", schema::Integer()},
                           {"first_time", schema::Integer()},
                           {"organizations", schema::Integer()},
                           {"by_sex", CellsSchema({"male", "female", "other"})},
                           {"by_age", CellsSchema({"under_20", "20_64", "65_74", "75_over"})}},
                          {"place_id", "held_on", "participants"});
}

Json WorkshopSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"area_id", schema::Integer()},
                           {"held_on", schema::String()},
                           {"title", schema::String()},
                           {"strengths", schema::String()},
                           {"problems", schema::String()},
                           {"actions", schema::String()},
                           {"participants", schema::Integer()}},
                          {"id", "area_id", "held_on", "title"});
}

Json WorkshopRequestSchema() {
    return schema::Object({{"area_id", schema::Integer()},
                           {"held_on", DateString()},
                           {"title", schema::String()},
                           {"strengths", schema::String()},
                           {"problems", schema::String()},
                           {"actions", schema::String()},
                           {"participants", schema::Integer()}},
                          {"area_id", "held_on", "title"});
}

Json BreakdownSchema() {
    return schema::Object({{"shown", schema::Boolean()},
                           {"recorded", schema::Boolean()},
                           {"cells", Json{{"type", Json::array({"object", "null"})}}}},
                          {"shown", "recorded", "cells"});
}

Json CountsSchema() {
    return schema::Object({{"month", schema::String()},
                           {"places", schema::Integer()},
                           {"participants_real", schema::Integer()},
                           {"participants_total", schema::Integer()},
                           {"first_time", schema::Integer()},
                           {"organizations", schema::Integer()},
                           {"counted_place_ids", schema::ArrayOf(schema::Integer())},
                           {"by_sex", BreakdownSchema()},
                           {"by_age", BreakdownSchema()}},
                          {"month", "places", "participants_real", "participants_total", "organizations"});
}

Json PublicCountsSchema() {
    Json json = CountsSchema();
    json["properties"].erase("counted_place_ids");
    return json;
}

Json ActionSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"issue_id", schema::Integer()},
                           {"taken_on", schema::String()},
                           {"description", schema::String()},
                           {"place_id", NullableInteger()},
                           {"effect", EnumSchema({"progress", "resolves"})}},
                          {"id", "issue_id", "taken_on", "description", "effect"});
}

Json IssueSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"area_id", schema::Integer()},
                           {"kind", EnumSchema({"local_issue", "gap"})},
                           {"title", schema::String()},
                           {"description", schema::String()},
                           {"workshop_id", NullableInteger()},
                           {"status", EnumSchema({"open", "closed"})},
                           {"raised_on", schema::String()}},
                          {"id", "area_id", "kind", "title", "status", "raised_on"});
}

Json IssueRowSchema() {
    Json row = IssueSchema();
    row["properties"]["actions"] = schema::ArrayOf(ActionSchema());
    row["properties"]["linked_consultations"] = schema::Integer();
    row["properties"]["linked_missing_resources"] = schema::Integer();
    return row;
}

Json ConsultationSummarySchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"person_id", NullableInteger()},
                           {"chief_complaint", schema::String()},
                           {"created_at", schema::String()}},
                          {"id"});
}

}  // namespace

void AddCommunityDevelopmentRoutes(Router& router, domain::CommunityDevelopmentService& community) {
    AddSignedInRoute(
        router, "GET", "/api/v1/community",
        [&community](Request& request) {
            auto month = MonthParam(request);
            if (!month) return Response::ErrorJson(month.error());
            auto area = AreaParam(request);
            if (!area) return Response::ErrorJson(area.error());
            auto overview = community.Overview(ActorOf(request), *month, *area);
            if (!overview) return Response::ErrorJson(overview.error());
            Json places = Json::array();
            for (const CommunityPlace& place : overview->places) places.push_back(PlaceJson(place));
            Json sessions = Json::array();
            for (const CommunitySession& session : overview->sessions) sessions.push_back(SessionJson(session));
            Json workshops = Json::array();
            for (const CommunityWorkshop& workshop : overview->workshops) workshops.push_back(WorkshopJson(workshop));
            return Response::Json(200, Json{{"places", std::move(places)},
                                            {"sessions", std::move(sessions)},
                                            {"workshops", std::move(workshops)},
                                            {"counts", CountsJson(overview->counts)},
                                            {"may_edit", overview->may_edit}});
        },
        {.summary =
             "地域づくり: the places (of an area, area_id), their sessions, the 協議体 workshops and the month's "
             "counts under the 通いの場 rule (month=YYYY-MM, default the current month); breakdowns by sex "
             "and age band only when no cell is under the suppression floor",
         .tag = "community",
         .response_body = schema::Object({{"places", schema::ArrayOf(PlaceSchema())},
                                          {"sessions", schema::ArrayOf(SessionSchema())},
                                          {"workshops", schema::ArrayOf(WorkshopSchema())},
                                          {"counts", CountsSchema()},
                                          {"may_edit", schema::Boolean()}},
                                         {"places", "sessions", "workshops", "counts", "may_edit"})});

    AddSignedInRoute(
        router, "GET", "/api/v1/community/public-counts",
        [&community](Request& request) {
            auto month = MonthParam(request);
            if (!month) return Response::ErrorJson(month.error());
            auto fiscal_year = FiscalYearParam(request);
            if (!fiscal_year) return Response::ErrorJson(fiscal_year.error());
            auto counts = community.PublicCounts(ActorOf(request), {.month = *month, .fiscal_year = *fiscal_year});
            if (!counts) return Response::ErrorJson(counts.error());
            Json months = Json::array();
            for (const domain::CommunityMonthCounts& counted : counts->months)
                months.push_back(PublicMonthJson(counted));
            return Response::Json(
                200, Json{{"fiscal_year", counts->fiscal_year ? Json(*counts->fiscal_year) : Json(nullptr)},
                          {"months", std::move(months)}});
        },
        {.summary =
             "地域づくりの公開用の集計: 拠点数, 参加者 (実・延べ), 参加機関数 of a month (month=YYYY-MM, default the "
             "current month) or of each month of a 年度 (fiscal_year=2024), under the 通いの場 rule over all the "
             "town's places; breakdowns by sex and age band only when no cell is under the suppression floor; no "
             "record's id",
         .tag = "community",
         .response_body =
             schema::Object({{"fiscal_year", NullableInteger()}, {"months", schema::ArrayOf(PublicCountsSchema())}},
                            {"fiscal_year", "months"})});

    AddSignedInRoute(router, "POST", "/api/v1/community/places",
                     [&community](Request& request) {
                         auto place = BodyAs(request, PlaceFromJson);
                         if (!place) return Response::ErrorJson(place.error());
                         return ReplyWith(community.SavePlace(ActorOf(request), *place), PlaceJson, 201);
                     },
                     {.summary = "Adds a place (拠点) with its 分野別 事業",
                      .tag = "community",
                      .request_body = PlaceRequestSchema(),
                      .response_body = PlaceSchema(),
                      .success_status = 201});

    AddSignedInRoute(router, "PUT", "/api/v1/community/places/{id}",
                     ById([&community](Request& request, std::int64_t id) {
                         auto place = BodyAs(request, PlaceFromJson);
                         if (!place) return Response::ErrorJson(place.error());
                         place->id = CommunityPlaceId{id};
                         return ReplyWith(community.SavePlace(ActorOf(request), *place), PlaceJson);
                     }),
                     {.summary = "Edits a place",
                      .tag = "community",
                      .request_body = PlaceRequestSchema(),
                      .response_body = PlaceSchema()});

    AddSignedInRoute(
        router, "POST", "/api/v1/community/sessions",
        [&community](Request& request) {
            auto session = BodyAs(request, SessionFromJson);
            if (!session) return Response::ErrorJson(session.error());
            return ReplyWith(community.AddSession(ActorOf(request), *session), SessionJson, 201);
        },
        {.summary = "Records a session of a place with its counts (no names); negative or impossible counts refused",
         .tag = "community",
         .request_body = SessionRequestSchema(),
         .response_body = SessionSchema(),
         .success_status = 201});

    AddSignedInRoute(router, "POST", "/api/v1/community/workshops",
                     [&community](Request& request) {
                         auto workshop = BodyAs(request, WorkshopFromJson);
                         if (!workshop) return Response::ErrorJson(workshop.error());
                         return ReplyWith(community.AddWorkshop(ActorOf(request), *workshop), WorkshopJson, 201);
                     },
                     {.summary = "Records a 協議体 workshop of a district with its 強み, 課題 and 取組",
                      .tag = "community",
                      .request_body = WorkshopRequestSchema(),
                      .response_body = WorkshopSchema(),
                      .success_status = 201});

    AddSignedInRoute(
        router, "GET", "/api/v1/community/issues",
        [&community](Request& request) {
            auto area = AreaParam(request);
            if (!area) return Response::ErrorJson(area.error());
            auto view = community.Register(ActorOf(request), *area);
            if (!view) return Response::ErrorJson(view.error());
            Json items = Json::array();
            for (const domain::IssueRow& row : view->issues) items.push_back(IssueRowJson(row));
            return Response::Json(200, Json{{"items", std::move(items)}, {"may_edit", view->may_edit}});
        },
        {.summary = "The 地域課題 register (of a district, area_id): issues with their actions and the count of "
                    "linked consultations",
         .tag = "community",
         .response_body = schema::Object(
             {{"items", schema::ArrayOf(IssueRowSchema())}, {"may_edit", schema::Boolean()}}, {"items", "may_edit"})});

    AddSignedInRoute(
        router, "POST", "/api/v1/community/issues",
        [&community](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto issue = IssueFromJson(*body);
            if (!issue) return Response::ErrorJson(issue.error());
            auto ids = IdArray<domain::ConsultationId>(*body, "consultation_ids");
            if (!ids) return Response::ErrorJson(ids.error());
            auto resources = IdArray(*body, "missing_resource_ids");
            if (!resources) return Response::ErrorJson(resources.error());
            auto saved = community.AddIssue(ActorOf(request), *issue, *ids, *resources);
            if (!saved) return Response::ErrorJson(saved.error());
            return Response::Json(201, IssueJson(*saved));
        },
        {.summary =
             "Files a 地域課題 (or 制度の狭間) of a district, with the consultations whose unmet need it records "
             "(each one readable by the caller) and the 不足する社会資源 of case meetings it gathers",
         .tag = "community",
         .request_body = schema::Object({{"area_id", schema::Integer()},
                                         {"kind", EnumSchema({"local_issue", "gap"})},
                                         {"title", schema::String()},
                                         {"description", schema::String()},
                                         {"workshop_id", NullableInteger()},
                                         {"raised_on", DateString()},
                                         {"consultation_ids", schema::ArrayOf(schema::Integer())},
                                         {"missing_resource_ids", schema::ArrayOf(schema::Integer())}},
                                        {"area_id", "title", "raised_on"}),
         .response_body = IssueSchema(),
         .success_status = 201});

    AddSignedInRoute(
        router, "GET", "/api/v1/community/issues/{id}", ById([&community](Request& request, std::int64_t id) {
            auto view = community.GetIssue(ActorOf(request), CommunityIssueId{id});
            if (!view) return Response::ErrorJson(view.error());
            Json json = IssueRowJson(view->row);
            json["workshop"] = view->workshop ? WorkshopJson(*view->workshop) : Json(nullptr);
            Json consultations = Json::array();
            for (const domain::Consultation& consultation : view->consultations) {
                consultations.push_back(
                    {{"id", consultation.id},
                     {"person_id", OptionalIdJson(consultation.person_id
                                                      ? std::optional<std::int64_t>(consultation.person_id->value())
                                                      : std::nullopt)},
                     {"chief_complaint", consultation.chief_complaint},
                     {"created_at", InstantJson(consultation.created_at)}});
            }
            json["consultations"] = std::move(consultations);
            json["hidden_consultations"] = view->hidden_consultations;
            Json resources = Json::array();
            for (const domain::MissingResource& resource : view->missing_resources)
                resources.push_back(ToJson(resource));
            json["missing_resources"] = std::move(resources);
            json["may_edit"] = view->may_edit;
            return Response::Json(200, json);
        }),
        {.summary = "One issue with its actions, its workshop and the linked consultations the caller may read (the "
                    "others counted in hidden_consultations)",
         .tag = "community",
         .response_body = [] {
             Json view = IssueRowSchema();
             view["properties"]["workshop"] = Json{{"type", Json::array({"object", "null"})}};
             view["properties"]["consultations"] = schema::ArrayOf(ConsultationSummarySchema());
             view["properties"]["hidden_consultations"] = schema::Integer();
             view["properties"]["missing_resources"] = schema::ArrayOf(schema::MissingResource());
             view["properties"]["may_edit"] = schema::Boolean();
             return view;
         }()});

    AddSignedInRoute(
        router, "POST", "/api/v1/community/issues/{id}/consultations",
        ById([&community](Request& request, std::int64_t id) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto consultation = RequireId<domain::ConsultationId>(*body, "consultation_id");
            if (!consultation) return Response::ErrorJson(consultation.error());
            return ReplyNoContent(community.LinkConsultation(ActorOf(request), CommunityIssueId{id}, *consultation));
        }),
        {.summary = "Links a consultation whose unmet need the issue records (readable by the caller)",
         .tag = "community",
         .request_body = schema::Object({{"consultation_id", schema::Integer()}}, {"consultation_id"}),
         .success_status = 204});

    AddSignedInRoute(
        router, "POST", "/api/v1/community/issues/{id}/actions", ById([&community](Request& request, std::int64_t id) {
            auto action = BodyAs(request, ActionFromJson, CommunityIssueId{id});
            if (!action) return Response::ErrorJson(action.error());
            return ReplyWith(community.AddAction(ActorOf(request), *action), ActionJson, 201);
        }),
        {.summary = "Records an action on an issue (a place it opened, place_id); effect resolves closes the issue",
         .tag = "community",
         .request_body = schema::Object({{"taken_on", DateString()},
                                         {"description", schema::String()},
                                         {"place_id", NullableInteger()},
                                         {"effect", EnumSchema({"progress", "resolves"})}},
                                        {"taken_on", "description"}),
         .response_body = ActionSchema(),
         .success_status = 201});
}

}  // namespace kasane::http::api
