// Lawful sharing (issue #4): consents, statutory meeting bodies and their meetings, what was shared with a
// member, emergency access, the 共有 tab ("who can see this record and why") and the disclosure copy.
// A refusal to show personal data is the domain's NotFound, answered exactly like a record that does not exist.

#include <charconv>
#include <limits>

#include "http/api/common.hpp"
#include "http/api/routes.hpp"
#include "http/api/sharing_json.hpp"

namespace kasane::http::api {

namespace {

// An integer that the domain range-checks (hours, versions); values an int cannot hold become -1, which every
// such check refuses with its own message and field.
int Narrow(std::int64_t value) {
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) return -1;
    return static_cast<int>(value);
}

Response RecordConsent(domain::SharingService& sharing, Request& request) {
    auto person_id = PathId(request);
    if (!person_id) return Response::ErrorJson(person_id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto consent = ConsentFromJson(*body, *person_id);
    if (!consent) return Response::ErrorJson(consent.error());
    return Reply(sharing.RecordConsent(ActorOf(request), *consent), 201);
}

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
    return ReplyUpdated(sharing.UpdateBody(actor, *id, Narrow(*version), *meeting_body), *body,
                   [&] { return sharing.Body(actor, *id); });
}

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
    return ReplyUpdated(sharing.UpdateMeeting(actor, *id, Narrow(*version), *meeting), *body,
                   [&] { return sharing.GetMeeting(actor, *id); });
}

Response ListMeetings(domain::SharingService& sharing, Request& request) {
    std::optional<domain::MeetingBodyId> body_id;
    if (const auto text = request.QueryParam("body_id")) {
        std::int64_t value = 0;
        const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
        if (error != std::errc{} || end != text->data() + text->size() || value <= 0) {
            return Response::ErrorJson(Error::InvalidArgument("会議体のIDは正の整数で指定してください", "body_id"));
        }
        body_id = value;
    }
    return ReplyItems(sharing.Meetings(ActorOf(request), body_id));
}

Response RequestEmergency(domain::SharingService& sharing, Request& request) {
    auto person_id = PathId(request);
    if (!person_id) return Response::ErrorJson(person_id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto reason = OptionalString(*body, "reason", 20000);
    if (!reason) return Response::ErrorJson(reason.error());
    auto hours = RequireInteger(*body, "hours");
    if (!hours) return Response::ErrorJson(hours.error());
    return Reply(
        sharing.RequestEmergencyAccess(ActorOf(request), *person_id, reason->value_or(std::string{}), Narrow(*hours)),
        201);
}

Response EmergencyAlerts(domain::SharingService& sharing, Request& request) {
    auto unacknowledged_only = UnacknowledgedParam(request);
    if (!unacknowledged_only) return Response::ErrorJson(unacknowledged_only.error());
    return ReplyItems(sharing.EmergencyAlerts(ActorOf(request), *unacknowledged_only));
}

}  // namespace

void AddSharingRoutes(Router& router, const ApiDependencies& dependencies) {
    domain::SharingService& sharing = dependencies.sharing;
    const auto add = [&router](std::string method, std::string pattern, Handler handler, RouteDoc doc) {
        AddSignedInRoute(router, std::move(method), std::move(pattern), std::move(handler), std::move(doc));
    };

    // --- consents ---
    add("POST", "/api/v1/persons/{id}/consents", [&sharing](Request& request) { return RecordConsent(sharing, request); },
        {.summary = "Record the person's (or a proxy's) consent to share the record with organisations and meeting "
                    "bodies; the recording organisation must see the person in full",
         .tag = "sharing",
         .request_body = schema::ConsentInput(),
         .response_body = schema::Consent(),
         .success_status = 201});
    add("GET", "/api/v1/persons/{id}/consents", ById([&sharing](Request& request, std::int64_t id) {
            return ReplyItems(sharing.ConsentsOf(ActorOf(request), id));
        }),
        {.summary = "The person's consents, withdrawn and expired ones included",
         .tag = "sharing",
         .response_body = schema::Items(schema::Consent())});
    add("POST", "/api/v1/consents/{id}/withdraw", ById([&sharing](Request& request, std::int64_t id) {
            return Reply(sharing.WithdrawConsent(ActorOf(request), id));
        }),
        {.summary = "Withdraw a consent: access it gave stops at once (past access stays in the audit trail); 409 "
                    "when already withdrawn",
         .tag = "sharing",
         .response_body = schema::Consent()});

    // --- meeting bodies ---
    add("GET", "/api/v1/meeting-bodies", [&sharing](Request& request) {
            return ReplyItems(sharing.Bodies(ActorOf(request)));
        },
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
            return Reply(sharing.Body(ActorOf(request), id));
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
            auto text = sharing.AnnouncementText(ActorOf(request), id);
            if (!text) return Response::ErrorJson(text.error());
            return Response::Json(200, Json{{"text", *text}});
        }),
        {.summary = "The text of the body's public announcement (公示: name, 調整機関, member organisations)",
         .tag = "meetings",
         .response_body = schema::Object({{"text", schema::String()}}, {"text"})});

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
            return Reply(sharing.GetMeeting(ActorOf(request), id));
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
            return ReplyItems(sharing.SharedWith(ActorOf(request), id));
        }),
        {.summary = "What was shared about the person in meetings whose members the caller's organisation is, "
                    "within the body's sharing period",
         .tag = "meetings",
         .response_body = schema::Items(schema::SharedItem())});

    // --- emergency access ---
    add("POST", "/api/v1/persons/{id}/emergency-access",
        [&sharing](Request& request) { return RequestEmergency(sharing, request); },
        {.summary = "本人の生命・身体の保護: open the record to the caller for 1-24 hours with a stated reason; "
                    "administrators are alerted",
         .tag = "sharing",
         .request_body = schema::Object({{"reason", schema::String()}, {"hours", schema::Integer()}},
                                        {"reason", "hours"}),
         .response_body = schema::EmergencyAccess(),
         .success_status = 201});
    add("GET", "/api/v1/emergency-accesses", [&sharing](Request& request) { return EmergencyAlerts(sharing, request); },
        {.summary = "Emergency accesses for administrators and auditors (?unacknowledged=true for open alerts)",
         .tag = "sharing",
         .response_body = schema::Items(schema::EmergencyAccess())});
    add("POST", "/api/v1/emergency-accesses/{id}/acknowledge", ById([&sharing](Request& request, std::int64_t id) {
            return Reply(sharing.AcknowledgeEmergency(ActorOf(request), id));
        }),
        {.summary = "Mark an emergency access as reviewed (administrators)",
         .tag = "sharing",
         .response_body = schema::EmergencyAccess()});

    // --- the 共有 tab and the disclosure copy ---
    add("GET", "/api/v1/persons/{id}/sharing", ById([&sharing](Request& request, std::int64_t id) {
            return ReplyItems(sharing.WhoCanSee(ActorOf(request), id));
        }),
        {.summary = "Who can see this record now, how much and why, in plain Japanese (for whoever sees it in "
                    "full, and auditors)",
         .tag = "sharing",
         .response_body = schema::Items(schema::AccessExplanation())});
    add("GET", "/api/v1/persons/{id}/disclosure-copy", ById([&sharing](Request& request, std::int64_t id) {
            auto copy = sharing.DisclosureCopy(ActorOf(request), id);
            if (!copy) return Response::ErrorJson(copy.error());
            return Response::Json(200, *copy);
        }),
        {.summary = "A copy for a disclosure request (開示請求), third-party information and staff assessment "
                    "withheld and marked; recorded as an export",
         .tag = "sharing",
         .response_body = {{"type", "object"},
                           {"description", "person, consultations (withheld texts as {withheld, label}), "
                                           "prepared_at, note"}}});
}

}  // namespace kasane::http::api
