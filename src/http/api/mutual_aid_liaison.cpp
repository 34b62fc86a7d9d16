// SPDX-License-Identifier: Apache-2.0
// 支え愛連絡会 (issue 15, item 3): a 自治会's body set up, its meetings recorded with resident attendees (by name and
// role, without an account) and what was shared — a person by name only with a consent naming the body, otherwise
// a concern without a person link — and a meeting read by its attendees only. Each handler parses, calls one use
// case and maps its Result.

#include "http/api/mutual_aid_liaison.hpp"

#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

namespace {

Json BodyJson(const domain::LiaisonBody& body) {
    return Json{{"id", body.body_id},
                {"name", body.display_name},
                {"neighborhood_area_id", body.neighborhood_area_id},
                {"neighborhood", body.area_name}};
}

Json BodySchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"name", schema::String()},
                           {"neighborhood_area_id", schema::Integer()},
                           {"neighborhood", schema::String()}},
                          {"id", "name", "neighborhood_area_id", "neighborhood"});
}

Json MeetingJson(const domain::LiaisonMeeting& meeting) {
    Json attendees = Json::array();
    for (const domain::LiaisonAttendee& attendee : meeting.attendees) {
        attendees.push_back({{"user_id", attendee.user_id ? Json(*attendee.user_id) : Json(nullptr)},
                             {"name", attendee.name},
                             {"role", attendee.role}});
    }
    Json concerns = Json::array();
    for (const domain::LiaisonConcern& concern : meeting.concerns) {
        concerns.push_back(
            {{"person_id", concern.person_id ? Json(*concern.person_id) : Json(nullptr)},
             {"person_name", concern.person_id ? Json(concern.person_name) : Json(nullptr)},
             {"consent_id", concern.consent_id && concern.person_id ? Json(*concern.consent_id) : Json(nullptr)},
             {"name_withheld", concern.name_withheld},
             {"text", concern.text}});
    }
    return Json{{"id", meeting.id},
                {"body_id", meeting.body_id},
                {"neighborhood_area_id", meeting.neighborhood_area_id},
                {"held_on", DateJson(meeting.held_on)},
                {"attendees", std::move(attendees)},
                {"concerns", std::move(concerns)},
                {"notes", meeting.notes}};
}

Json AttendeeSchema() {
    return schema::Object({{"user_id", NullableInteger()}, {"name", schema::String()}, {"role", schema::String()}},
                          {"role"});
}

Json MeetingSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"body_id", schema::Integer()},
                           {"neighborhood_area_id", schema::Integer()},
                           {"held_on", schema::String()},
                           {"attendees", schema::ArrayOf(AttendeeSchema())},
                           {"concerns", schema::ArrayOf(schema::Object({{"person_id", NullableInteger()},
                                                                        {"person_name", NullableString()},
                                                                        {"consent_id", NullableInteger()},
                                                                        {"name_withheld", schema::Boolean()},
                                                                        {"text", schema::String()}},
                                                                       {"person_id", "name_withheld", "text"}))},
                           {"notes", schema::String()}},
                          {"id", "body_id", "held_on", "attendees", "concerns", "notes"});
}

Result<std::optional<std::int64_t>> OptionalId(const Json& item, const char* field, const char* list) {
    if (!item.contains(field) || item[field].is_null()) return std::optional<std::int64_t>();
    if (!item[field].is_number_integer()) {
        return Fail(Error::InvalidArgument(std::string(list) + " の " + field + " は整数です", list));
    }
    return std::optional<std::int64_t>(item[field].get<std::int64_t>());
}

Result<domain::LiaisonMeeting> MeetingFromJson(const Json& body, domain::MeetingBodyId body_id) {
    domain::LiaisonMeeting meeting;
    meeting.body_id = body_id;
    auto held_on = RequireDate(body, "held_on", "開催日");
    if (!held_on) return Fail(held_on.error());
    meeting.held_on = *held_on;
    meeting.notes = body.value("notes", "");
    if (!body.contains("attendees") || !body["attendees"].is_array()) {
        return Fail(Error::InvalidArgument("attendees を指定してください", "attendees"));
    }
    for (const Json& item : body["attendees"]) {
        if (!item.is_object()) return Fail(Error::InvalidArgument("attendees の要素が正しくありません", "attendees"));
        domain::LiaisonAttendee attendee{
            .user_id = std::nullopt, .name = item.value("name", ""), .role = item.value("role", "")};
        auto user = OptionalId(item, "user_id", "attendees");
        if (!user) return Fail(user.error());
        if (*user) attendee.user_id = UserId{**user};
        meeting.attendees.push_back(std::move(attendee));
    }
    if (body.contains("concerns")) {
        if (!body["concerns"].is_array()) return Fail(Error::InvalidArgument("concerns は配列です", "concerns"));
        for (const Json& item : body["concerns"]) {
            if (!item.is_object()) return Fail(Error::InvalidArgument("concerns の要素が正しくありません", "concerns"));
            domain::LiaisonConcern concern;
            concern.text = item.value("text", "");
            auto person = OptionalId(item, "person_id", "concerns");
            if (!person) return Fail(person.error());
            if (*person) concern.person_id = domain::PersonId{**person};
            meeting.concerns.push_back(std::move(concern));
        }
    }
    return meeting;
}

}  // namespace

void AddMutualAidLiaisonRoutes(Router& router, domain::MutualAidLiaisonService& liaison) {
    AddSignedInRoute(
        router, "GET", "/api/v1/mutual-aid-liaisons",
        [&liaison](Request& request) {
            auto bodies = liaison.Bodies(ActorOf(request));
            if (!bodies) return Response::ErrorJson(bodies.error());
            Json items = Json::array();
            for (const domain::LiaisonBody& body : *bodies) items.push_back(BodyJson(body));
            return Response::Json(200, Json{{"items", std::move(items)}});
        },
        {.summary = "The 支え愛連絡会, one per 自治会 (names only): the municipality's staff and the 民生委員",
         .tag = "mutual-aid-liaisons",
         .response_body = schema::Object({{"items", schema::ArrayOf(BodySchema())}}, {"items"})});

    AddSignedInRoute(
        router, "POST", "/api/v1/mutual-aid-liaisons",
        [&liaison](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            if (!body->contains("neighborhood_area_id") || !(*body)["neighborhood_area_id"].is_number_integer()) {
                return Response::ErrorJson(
                    Error::InvalidArgument("neighborhood_area_id を整数で指定してください", "neighborhood_area_id"));
            }
            auto made = liaison.SetUp(ActorOf(request), (*body)["neighborhood_area_id"].get<std::int64_t>());
            if (!made) return Response::ErrorJson(made.error());
            return Response::Json(201, BodyJson(*made));
        },
        {.summary = "Sets up the 支え愛連絡会 of a 自治会: a meeting body of legal basis mutual_aid_liaison (never "
                    "sharing without consent) tied to the area; 409 when the 自治会 has one; the municipality's staff",
         .tag = "mutual-aid-liaisons",
         .request_body = schema::Object({{"neighborhood_area_id", schema::Integer()}}, {"neighborhood_area_id"}),
         .response_body = BodySchema(),
         .success_status = 201});

    AddSignedInRoute(
        router, "GET", "/api/v1/mutual-aid-liaisons/{id}", ById([&liaison](Request& request, std::int64_t id) {
            auto view = liaison.Body(ActorOf(request), domain::MeetingBodyId{id});
            if (!view) return Response::ErrorJson(view.error());
            Json meetings = Json::array();
            for (const domain::LiaisonMeeting& meeting : view->meetings) {
                meetings.push_back({{"id", meeting.id},
                                    {"held_on", DateJson(meeting.held_on)},
                                    {"attendees", meeting.attendees.size()}});
            }
            Json out = BodyJson(view->body);
            out["meetings"] = std::move(meetings);
            out["may_record"] = view->may_record;
            return Response::Json(200, out);
        }),
        {.summary = "A 支え愛連絡会 with the meetings the caller attended or recorded (dates and attendee counts)",
         .tag = "mutual-aid-liaisons",
         .response_body = schema::Object(
             {{"id", schema::Integer()},
              {"name", schema::String()},
              {"neighborhood_area_id", schema::Integer()},
              {"neighborhood", schema::String()},
              {"meetings",
               schema::ArrayOf(schema::Object(
                   {{"id", schema::Integer()}, {"held_on", schema::String()}, {"attendees", schema::Integer()}},
                   {"id", "held_on", "attendees"}))},
              {"may_record", schema::Boolean()}},
             {"id", "name", "meetings", "may_record"})});

    AddSignedInRoute(
        router, "POST", "/api/v1/mutual-aid-liaisons/{id}/meetings",
        ById([&liaison](Request& request, std::int64_t id) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto meeting = MeetingFromJson(*body, domain::MeetingBodyId{id});
            if (!meeting) return Response::ErrorJson(meeting.error());
            auto saved = liaison.Record(ActorOf(request), std::move(*meeting));
            if (!saved) return Response::ErrorJson(saved.error());
            return Response::Json(201, Json{{"id", saved->id}});
        }),
        {.summary = "Records a meeting of the 支え愛連絡会: attendees (a user by user_id, or a resident by name and "
                    "role, without an account) and concerns. A concern names a person (person_id) only while a "
                    "consent of theirs in force names this body (a pledge is no ground): otherwise 400 on concerns, "
                    "and the concern is to be recorded without a person and without identifying details",
         .tag = "mutual-aid-liaisons",
         .request_body = schema::Object(
             {{"held_on", schema::String()},
              {"attendees", schema::ArrayOf(AttendeeSchema())},
              {"concerns", schema::ArrayOf(schema::Object(
                               {{"person_id", NullableInteger()}, {"text", schema::String()}}, {"text"}))},
              {"notes", schema::String()}},
             {"held_on", "attendees"}),
         .response_body = schema::Object({{"id", schema::Integer()}}, {"id"}),
         .success_status = 201});

    AddSignedInRoute(router, "GET", "/api/v1/mutual-aid-liaison-meetings/{id}",
                     ById([&liaison](Request& request, std::int64_t id) {
                         auto view = liaison.Meeting(ActorOf(request), domain::LiaisonMeetingId{id});
                         if (!view) return Response::ErrorJson(view.error());
                         Json out = MeetingJson(view->meeting);
                         out["body"] = BodyJson(view->body);
                         out["basis"] = view->basis;
                         return Response::Json(200, out);
                     }),
                     {.summary = "One meeting of a 支え愛連絡会, for its attendees and recorder only (404 for anyone "
                                 "else); a named person whose consent is no longer in force comes without the name",
                      .tag = "mutual-aid-liaisons",
                      .response_body = MeetingSchema()});
}

}  // namespace kasane::http::api
