// SPDX-License-Identifier: Apache-2.0
// 参加支援 matching (issue 16, item 3): a person's wishes, suggestions and matches, a match proposed, moved a step,
// noted (受入先支援), the coordinator's list, the host sheet and the counts. Each handler parses, calls one use case
// and maps its Result.

#include "http/api/participation.hpp"

#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

namespace {

using domain::MatchStage;

std::vector<std::string_view> StageCodes() {
    std::vector<std::string_view> codes;
    for (const MatchStage stage : domain::kAllMatchStages) codes.push_back(domain::MatchStageCode(stage));
    return codes;
}

Json StageJson(MatchStage stage) { return domain::MatchStageCode(stage); }

Json MatchJson(const domain::ParticipationMatchRow& row) {
    const domain::ParticipationMatch& match = row.match;
    Json history = Json::array();
    for (const domain::MatchStageRecord& record : match.history) {
        history.push_back({{"from", StageJson(record.change.from)},
                           {"to", StageJson(record.change.to)},
                           {"to_label", domain::MatchStageLabel(record.change.to)},
                           {"on", DateJson(record.change.on)},
                           {"reason", record.change.reason}});
    }
    Json notes = Json::array();
    for (const domain::HostSupportNote& note : match.host_support) {
        notes.push_back({{"id", note.id}, {"on", DateJson(note.on)}, {"note", note.note}});
    }
    return Json{{"id", match.id},
                {"person_id", match.person_id},
                {"person_name", row.person_name},
                {"service_id", match.service_id},
                {"service_name", row.service_name},
                {"organization_name", row.organization_name},
                {"stage", StageJson(match.stage)},
                {"stage_label", domain::MatchStageLabel(match.stage)},
                {"began_on", DateJson(match.began_on)},
                {"started_on", DateJson(match.started_on)},
                {"reached", match.reached ? StageJson(*match.reached) : Json(nullptr)},
                {"end_reason", match.end_reason},
                {"next_check_due", DateJson(row.next_check_due)},
                {"check_due", row.check_due},
                {"history", std::move(history)},
                {"host_support", std::move(notes)}};
}

Json MatchSchema() {
    return schema::Object(
        {{"id", schema::Integer()},
         {"person_id", schema::Integer()},
         {"person_name", schema::String()},
         {"service_id", schema::Integer()},
         {"service_name", schema::String()},
         {"organization_name", schema::String()},
         {"stage", EnumSchema(StageCodes())},
         {"stage_label", schema::String()},
         {"began_on", schema::String()},
         {"started_on", NullableString()},
         {"reached", NullableString()},
         {"end_reason", schema::String()},
         {"next_check_due", NullableString()},
         {"check_due", schema::Boolean()},
         {"history", schema::ArrayOf(schema::Object({{"from", schema::String()},
                                                     {"to", schema::String()},
                                                     {"to_label", schema::String()},
                                                     {"on", schema::String()},
                                                     {"reason", schema::String()}},
                                                    {"from", "to", "on"}))},
         {"host_support", schema::ArrayOf(schema::Object(
                              {{"id", schema::Integer()}, {"on", schema::String()}, {"note", schema::String()}},
                              {"id", "on", "note"}))}},
        {"id", "person_id", "service_id", "stage", "began_on", "history", "host_support"});
}

Json WishesSchema() {
    return schema::Object({{"kinds", schema::ArrayOf(schema::String())},
                           {"tags", schema::ArrayOf(schema::String())},
                           {"free_text", schema::String()},
                           {"areas", schema::ArrayOf(schema::String())},
                           {"days", schema::ArrayOf(EnumSchema({"MO", "TU", "WE", "TH", "FR", "SA", "SU"}))},
                           {"earliest", schema::String()},
                           {"latest", schema::String()},
                           {"transport", EnumSchema({"walk", "bicycle", "public_transport", "car", "needs_pickup"})},
                           {"age", NullableInteger()},
                           {"needs_accessibility", schema::Boolean()},
                           {"host_share", schema::String()}},
                          {});
}

// The wishes, or null until recorded.
Json NullableWishesSchema() {
    Json schema = WishesSchema();
    schema["type"] = {"object", "null"};
    return schema;
}

Json SuggestionJson(const domain::ParticipationSuggestion& suggestion) {
    Json kinds = Json::array();
    for (const domain::ResourceKind kind : suggestion.kinds) kinds.push_back(domain::ResourceKindCode(kind));
    return Json{{"service_id", suggestion.suggestion.service_id},    {"service_name", suggestion.service_name},
                {"organization_name", suggestion.organization_name}, {"score", suggestion.suggestion.score},
                {"reasons", suggestion.suggestion.reasons},          {"kinds", std::move(kinds)},
                {"areas_served", suggestion.areas_served},           {"schedule", suggestion.schedule}};
}

Json SuggestionSchema() {
    return schema::Object({{"service_id", schema::Integer()},
                           {"service_name", schema::String()},
                           {"organization_name", schema::String()},
                           {"score", schema::Integer()},
                           {"reasons", schema::ArrayOf(schema::String())},
                           {"kinds", schema::ArrayOf(schema::String())},
                           {"areas_served", schema::ArrayOf(schema::String())},
                           {"schedule", schema::String()}},
                          {"service_id", "service_name", "score", "reasons"});
}

Json ParticipationJson(const domain::PersonParticipation& view) {
    Json suggestions = Json::array();
    for (const auto& suggestion : view.suggestions) suggestions.push_back(SuggestionJson(suggestion));
    Json matches = Json::array();
    for (const auto& row : view.matches) matches.push_back(MatchJson(row));
    return Json{{"person_id", view.person_id},
                {"person_name", view.person_name},
                {"wishes", view.wishes ? domain::WishesToJson(view.wishes->wishes) : Json(nullptr)},
                {"suggestions", std::move(suggestions)},
                {"matches", std::move(matches)}};
}

}  // namespace

void AddParticipationRoutes(Router& router, domain::ParticipationMatchService& participation) {
    AddSignedInRoute(router, "GET", "/api/v1/persons/{id}/participation",
                     ById([&participation](Request& request, std::int64_t id) {
                         auto view = participation.OfPerson(ActorOf(request), domain::PersonId{id});
                         if (!view) return Response::ErrorJson(view.error());
                         return Response::Json(200, ParticipationJson(*view));
                     }),
                     {.summary = "A person's 参加支援: 希望・制約 (null until recorded), the directory's services "
                                 "ranked by fit, area and schedule (best first, at most 20), and the matches with "
                                 "their stage history, 受入先支援 notes and next 定着確認",
                      .tag = "participation",
                      .response_body = schema::Object({{"person_id", schema::Integer()},
                                                       {"person_name", schema::String()},
                                                       {"wishes", NullableWishesSchema()},
                                                       {"suggestions", schema::ArrayOf(SuggestionSchema())},
                                                       {"matches", schema::ArrayOf(MatchSchema())}},
                                                      {"person_id", "suggestions", "matches"})});

    AddSignedInRoute(router, "PUT", "/api/v1/persons/{id}/participation/wishes",
                     ById([&participation](Request& request, std::int64_t id) {
                         auto body = JsonBody(request);
                         if (!body) return Response::ErrorJson(body.error());
                         auto wishes = domain::WishesFromJson(*body);
                         if (!wishes) return Response::ErrorJson(wishes.error());
                         auto saved = participation.SaveWishes(ActorOf(request), domain::PersonId{id}, *wishes);
                         if (!saved) return Response::ErrorJson(saved.error());
                         return Response::Json(200, domain::WishesToJson(saved->wishes));
                     }),
                     {.summary = "Records (replaces) the person's 希望 and 制約; host_share is what the person agreed "
                                 "may be given to a host",
                      .tag = "participation",
                      .request_body = WishesSchema(),
                      .response_body = WishesSchema()});

    AddSignedInRoute(router, "POST", "/api/v1/persons/{id}/participation-matches",
                     ById([&participation](Request& request, std::int64_t id) {
                         auto body = JsonBody(request);
                         if (!body) return Response::ErrorJson(body.error());
                         auto service = RequireId<ResourceServiceId>(*body, "service_id");
                         if (!service) return Response::ErrorJson(service.error());
                         auto on = RequireDate(*body, "on", "提案した日");
                         if (!on) return Response::ErrorJson(on.error());
                         auto row = participation.Propose(ActorOf(request), domain::PersonId{id}, *service, *on);
                         if (!row) return Response::ErrorJson(row.error());
                         return Response::Json(201, MatchJson(*row));
                     }),
                     {.summary = "Proposes a match of the person with a service of the resource directory (提案)",
                      .tag = "participation",
                      .request_body = schema::Object({{"service_id", schema::Integer()}, {"on", schema::String()}},
                                                     {"service_id", "on"}),
                      .response_body = MatchSchema(),
                      .success_status = 201});

    AddSignedInRoute(
        router, "GET", "/api/v1/participation-matches",
        [&participation](Request& request) {
            auto rows = participation.Caseload(ActorOf(request));
            if (!rows) return Response::ErrorJson(rows.error());
            Json items = Json::array();
            for (const auto& row : *rows) items.push_back(MatchJson(row));
            return Response::Json(200, Json{{"items", std::move(items)}});
        },
        {.summary = "The coordinator's matches: those whose 定着確認 is due first, then those in progress, then ended",
         .tag = "participation",
         .response_body = schema::Object({{"items", schema::ArrayOf(MatchSchema())}}, {"items"})});

    AddSignedInRoute(
        router, "GET", "/api/v1/participation-matches/counts",
        [&participation](Request& request) {
            auto counts = participation.Counts(ActorOf(request));
            if (!counts) return Response::ErrorJson(counts.error());
            return Response::Json(200, Json{{"persons", counts->persons},
                                            {"cooperating_hosts", counts->cooperating_hosts},
                                            {"retention",
                                             {{"started", counts->retention.started},
                                              {"retained_3_months", counts->retention.retained_3_months},
                                              {"label", "町独自の定着指標（3か月の定着確認に至った割合）"}}}});
        },
        {.summary =
             "参加支援 対象者数, 協力事業者数 and the town's own 定着 measure (started; reached the 3-month check)",
         .tag = "participation",
         .response_body = schema::Object({{"persons", schema::Integer()},
                                          {"cooperating_hosts", schema::Integer()},
                                          {"retention", schema::Object({{"started", schema::Integer()},
                                                                        {"retained_3_months", schema::Integer()},
                                                                        {"label", schema::String()}},
                                                                       {"started", "retained_3_months"})}},
                                         {"persons", "cooperating_hosts", "retention"})});

    AddSignedInRoute(router, "GET", "/api/v1/participation-matches/{id}",
                     ById([&participation](Request& request, std::int64_t id) {
                         auto row = participation.Get(ActorOf(request), ParticipationMatchId{id});
                         if (!row) return Response::ErrorJson(row.error());
                         return Response::Json(200, MatchJson(*row));
                     }),
                     {.summary = "One match with its stage history, 受入先支援 notes and next 定着確認",
                      .tag = "participation",
                      .response_body = MatchSchema()});

    AddSignedInRoute(
        router, "POST", "/api/v1/participation-matches/{id}/steps",
        ById([&participation](Request& request, std::int64_t id) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto stage = RequireCode<MatchStage>(body.value(), "to", domain::ParseMatchStage, "to が正しくありません");
            if (!stage) return Response::ErrorJson(stage.error());
            auto on = RequireDate(*body, "on", "日付");
            if (!on) return Response::ErrorJson(on.error());
            auto reason = TextOf(*body, "reason");
            if (!reason) return Response::ErrorJson(reason.error());
            auto row = participation.Step(ActorOf(request), ParticipationMatchId{id}, *stage, *on, *reason);
            if (!row) return Response::ErrorJson(row.error());
            return Response::Json(200, MatchJson(*row));
        }),
        {.summary = "Moves the match one step: trial (見学・体験, may be skipped), started, check_1, check_3, check_6, "
                    "or ended with a reason; out of order or before the match began is refused",
         .tag = "participation",
         .request_body = schema::Object(
             {{"to", EnumSchema(StageCodes())}, {"on", schema::String()}, {"reason", schema::String()}}, {"to", "on"}),
         .response_body = MatchSchema()});

    AddSignedInRoute(
        router, "POST", "/api/v1/participation-matches/{id}/host-support",
        ById([&participation](Request& request, std::int64_t id) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto on = RequireDate(*body, "on", "日付");
            if (!on) return Response::ErrorJson(on.error());
            auto note = TextOf(*body, "note");
            if (!note) return Response::ErrorJson(note.error());
            auto saved = participation.AddHostSupportNote(ActorOf(request), ParticipationMatchId{id}, *on, *note);
            if (!saved) return Response::ErrorJson(saved.error());
            return Response::Json(201, Json{{"id", saved->id}, {"on", DateJson(saved->on)}, {"note", saved->note}});
        }),
        {.summary = "A 受入先支援 note: support given to the host",
         .tag = "participation",
         .request_body = schema::Object({{"on", schema::String()}, {"note", schema::String()}}, {"on", "note"}),
         .response_body = schema::Object(
             {{"id", schema::Integer()}, {"on", schema::String()}, {"note", schema::String()}}, {"id", "on", "note"}),
         .success_status = 201});

    AddSignedInRoute(
        router, "GET", "/api/v1/participation-matches/{id}/host-sheet",
        ById([&participation](Request& request, std::int64_t id) {
            auto sheet = participation.HostSheetOf(ActorOf(request), ParticipationMatchId{id});
            if (!sheet) return Response::ErrorJson(sheet.error());
            return Response::Json(200, Json{{"service_name", sheet->service_name},
                                            {"organization_name", sheet->organization_name},
                                            {"stage", StageJson(sheet->stage)},
                                            {"agreed", sheet->agreed}});
        }),
        {.summary = "What the host's contact is given: the service, the stage and only what the person agreed to give "
                    "it (no name on record, wishes or history); audited as an export",
         .tag = "participation",
         .response_body = schema::Object({{"service_name", schema::String()},
                                          {"organization_name", schema::String()},
                                          {"stage", schema::String()},
                                          {"agreed", schema::String()}},
                                         {"service_name", "stage", "agreed"})});
}

}  // namespace kasane::http::api
