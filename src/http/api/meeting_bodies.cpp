// SPDX-License-Identifier: Apache-2.0
// Statutory meeting bodies (lawful sharing, issue #4): a fixed legal-basis code and the town's own name, the named
// members with their pledges, and the 公示 text.

#include "http/api/common.hpp"
#include "http/api/meeting_body_json.hpp"
#include "http/api/routes.hpp"

namespace kasane::http::api {

namespace {

Response CreateBody(domain::SharingService& sharing, Request& request) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto meeting_body = MeetingBodyFromJson(*body);
    if (!meeting_body) return Response::ErrorJson(meeting_body.error());
    return Reply(sharing.CreateBody(ActorOf(request), *meeting_body), 201);
}

Response UpdateBody(domain::SharingService& sharing, Request& request) {
    auto id = PathId(request);
    if (!id) return Response::ErrorJson(id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto version = RequireInteger(*body, "version");
    if (!version) return Response::ErrorJson(version.error());
    auto meeting_body = MeetingBodyFromJson(*body);
    if (!meeting_body) return Response::ErrorJson(meeting_body.error());
    const domain::Actor actor = ActorOf(request);
    return ReplyUpdated(sharing.UpdateBody(actor, domain::MeetingBodyId{*id}, Narrow(*version), *meeting_body), *body,
                        [&] { return sharing.Body(actor, domain::MeetingBodyId{*id}); });
}

}  // namespace

void AddMeetingBodyRoutes(Router& router, const ApiDependencies& dependencies) {
    domain::SharingService& sharing = dependencies.sharing;
    const auto add = [&router](std::string method, std::string pattern, Handler handler, RouteDoc doc) {
        AddSignedInRoute(router, std::move(method), std::move(pattern), std::move(handler), std::move(doc));
    };

    // --- meeting bodies ---
    add("GET", "/api/v1/meeting-bodies",
        [&sharing](Request& request) { return ReplyItems(sharing.Bodies(ActorOf(request))); },
        {.summary = "The town's statutory meeting bodies (支援会議, 重層的支援会議, 孤独・孤立対策地域協議会 ...)",
         .tag = "meetings",
         .response_body = schema::Items(schema::MeetingBody())});
    add("POST", "/api/v1/meeting-bodies", [&sharing](Request& request) { return CreateBody(sharing, request); },
        {.summary = "Create a meeting body with its legal basis, sharing period and members (coordinators, "
                    "municipal administrators)",
         .tag = "meetings",
         .request_body = schema::MeetingBodyInput(),
         .response_body = schema::MeetingBody(),
         .success_status = 201});
    add("GET", "/api/v1/meeting-bodies/{id}", ById([&sharing](Request& request, std::int64_t id) {
            return Reply(sharing.Body(ActorOf(request), domain::MeetingBodyId{id}));
        }),
        {.summary = "One meeting body", .tag = "meetings", .response_body = schema::MeetingBody()});
    Json body_update = schema::MeetingBodyInput();
    body_update["properties"]["version"] = schema::Integer();
    body_update["required"].push_back("version");
    add("PUT", "/api/v1/meeting-bodies/{id}", [&sharing](Request& request) { return UpdateBody(sharing, request); },
        {.summary = "Replace a meeting body; a stale version is 409 with \"current\" and \"yours\"",
         .tag = "meetings",
         .request_body = body_update,
         .response_body = schema::MeetingBody()});
    add("GET", "/api/v1/meeting-bodies/{id}/announcement", ById([&sharing](Request& request, std::int64_t id) {
            auto text = sharing.AnnouncementText(ActorOf(request), domain::MeetingBodyId{id});
            if (!text) return Response::ErrorJson(text.error());
            return Response::Json(200, Json{{"text", *text}});
        }),
        {.summary = "The text of the body's public announcement (公示: name, 調整機関, member organisations)",
         .tag = "meetings",
         .response_body = schema::Object({{"text", schema::String()}}, {"text"})});
}

}  // namespace kasane::http::api
