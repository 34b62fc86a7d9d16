// SPDX-License-Identifier: Apache-2.0
// Meetings of the bodies (lawful sharing, issue #4): recorded with their agenda, listed, read; and what was shared
// with a member about a person.

#include <charconv>

#include "http/api/common.hpp"
#include "http/api/meeting_json.hpp"
#include "http/api/routes.hpp"

namespace kasane::http::api {

namespace {

Response CreateMeeting(domain::SharingService& sharing, Request& request) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto meeting = MeetingFromJson(*body, BodyField::kRequired);
    if (!meeting) return Response::ErrorJson(meeting.error());
    return Reply(sharing.CreateMeeting(ActorOf(request), *meeting), 201);
}

Response UpdateMeeting(domain::SharingService& sharing, Request& request) {
    auto id = PathId(request);
    if (!id) return Response::ErrorJson(id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto version = RequireInteger(*body, "version");
    if (!version) return Response::ErrorJson(version.error());
    auto meeting = MeetingFromJson(*body, BodyField::kIgnored);
    if (!meeting) return Response::ErrorJson(meeting.error());
    const domain::Actor actor = ActorOf(request);
    return ReplyUpdated(sharing.UpdateMeeting(actor, domain::MeetingId{*id}, Narrow(*version), *meeting), *body,
                        [&] { return sharing.GetMeeting(actor, domain::MeetingId{*id}); });
}

Response ListMeetings(domain::SharingService& sharing, Request& request) {
    std::optional<domain::MeetingBodyId> body_id;
    if (const auto text = request.QueryParam("body_id")) {
        std::int64_t value = 0;
        const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
        if (error != std::errc{} || end != text->data() + text->size() || value <= 0) {
            return Response::ErrorJson(Error::InvalidArgument("会議体のIDは正の整数で指定してください", "body_id"));
        }
        body_id = domain::MeetingBodyId{value};
    }
    return ReplyItems(sharing.Meetings(ActorOf(request), body_id));
}

}  // namespace

void AddMeetingRoutes(Router& router, const ApiDependencies& dependencies) {
    domain::SharingService& sharing = dependencies.sharing;
    const auto add = [&router](std::string method, std::string pattern, Handler handler, RouteDoc doc) {
        AddSignedInRoute(router, std::move(method), std::move(pattern), std::move(handler), std::move(doc));
    };

    // --- meetings ---
    add("POST", "/api/v1/meetings", [&sharing](Request& request) { return CreateMeeting(sharing, request); },
        {.summary = "Record a meeting with its attendees, agenda (persons and what was shared about each), minutes "
                    "and decisions; a body that needs consent refuses a person without it (400, field agenda)",
         .tag = "meetings",
         .request_body = schema::MeetingInput(),
         .response_body = schema::Meeting(),
         .success_status = 201});
    add("GET", "/api/v1/meetings", [&sharing](Request& request) { return ListMeetings(sharing, request); },
        {.summary = "Meetings the caller may see (?body_id=), without minutes and shared summaries",
         .tag = "meetings",
         .response_body = schema::Items(schema::Meeting())});
    add("GET", "/api/v1/meetings/{id}", ById([&sharing](Request& request, std::int64_t id) {
            return Reply(sharing.GetMeeting(ActorOf(request), domain::MeetingId{id}));
        }),
        {.summary = "One meeting, for its convenor's organisation, pledged members and auditors",
         .tag = "meetings",
         .response_body = schema::Meeting()});
    Json meeting_update = schema::MeetingInput();
    meeting_update["properties"]["version"] = schema::Integer();
    meeting_update["required"] = {"held_on", "version"};
    add("PUT", "/api/v1/meetings/{id}", [&sharing](Request& request) { return UpdateMeeting(sharing, request); },
        {.summary = "Replace a meeting's record (its body stays); a stale version is 409 with \"current\" and "
                    "\"yours\"",
         .tag = "meetings",
         .request_body = meeting_update,
         .response_body = schema::Meeting()});
    add("GET", "/api/v1/persons/{id}/shared", ById([&sharing](Request& request, std::int64_t id) {
            return ReplyItems(sharing.SharedWith(ActorOf(request), domain::PersonId{id}));
        }),
        {.summary = "What was shared about the person in meetings whose members the caller's organisation is, "
                    "within the body's sharing period",
         .tag = "meetings",
         .response_body = schema::Items(schema::SharedItem())});
}

}  // namespace kasane::http::api
