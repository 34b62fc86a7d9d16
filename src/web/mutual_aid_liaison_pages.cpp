// SPDX-License-Identifier: Apache-2.0
// 支え愛連絡会 (issue 15, item 3), in Japanese:
//   GET  /mutual-aid-liaisons                 every 支え愛連絡会 by 自治会, and (for the town's staff) the form that
//                                             sets one up for a 自治会
//   POST /mutual-aid-liaisons                 sets one up
//   GET  /mutual-aid-liaisons/{id}            a body: the meetings the viewer attended or recorded, and the form to
//                                             record one (residents by name and role; concerns without names unless
//                                             the person consented)
//   POST /mutual-aid-liaisons/{id}/meetings   records a meeting; a refusal keeps what was typed
//   GET  /mutual-aid-liaison-meetings/{id}    a meeting, for its attendees and recorder
// Each handler calls one use case of domain::MutualAidLiaisonService.

#include "web/mutual_aid_liaison_pages.hpp"

#include <algorithm>

#include "base/japanese_date.hpp"
#include "web/page_context.hpp"
#include "web/page_routes.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

struct Services {
    domain::MutualAidLiaisonService& liaison;
    domain::Directory& directory;
};

constexpr int kAttendeeRows = 6;
constexpr int kConcernRows = 4;
const std::vector<std::string_view> kMeetingFields = {"held_on", "attendees", "concerns", "notes"};

http::Response BodiesPage(Services& services, const http::Request& request, json errors = json::object()) {
    const domain::Actor actor = ActorOf(request);
    auto bodies = services.liaison.Bodies(actor);
    if (!bodies) return RenderErrorPage(request, bodies.error());
    auto areas = services.directory.Areas(*request.principal, domain::AreaKind::kNeighborhood);
    if (!areas) return RenderErrorPage(request, areas.error());
    json rows = json::array();
    std::vector<AreaId> with_body;
    for (const domain::LiaisonBody& body : *bodies) {
        rows.push_back({{"id", body.body_id}, {"name", body.display_name}, {"area", body.area_name}});
        with_body.push_back(body.neighborhood_area_id);
    }
    json choices = json::array();
    for (const domain::Area& area : *areas) {
        if (std::find(with_body.begin(), with_body.end(), area.id) != with_body.end()) continue;
        choices.push_back({{"value", area.id}, {"label", area.name}});
    }
    const bool failed = errors.contains("_any");
    auto may_set_up = services.liaison.MayKeep(actor);
    if (!may_set_up) return RenderErrorPage(request, may_set_up.error());
    json data = {{"bodies", std::move(rows)},
                 {"none", bodies->empty()},
                 {"areas", std::move(choices)},
                 {"may_set_up", *may_set_up},
                 {"errors", std::move(errors)}};
    return RenderPage(request, "支え愛連絡会", "mutual_aid_liaisons", std::move(data), failed ? 400 : 200);
}

http::Response ListBodies(Services& services, const http::Request& request) { return BodiesPage(services, request); }

http::Response SetUp(Services& services, const http::Request& request) {
    const FormFields fields = request.FormFields();
    const auto area = ParseId(FieldOf(fields, "neighborhood_area_id"));
    json errors = json::object();
    if (!area) {
        AddFieldError(errors, Error::InvalidArgument("自治会を選んでください", "neighborhood_area_id"),
                      {"neighborhood_area_id"});
        return BodiesPage(services, request, std::move(errors));
    }
    auto made = services.liaison.SetUp(ActorOf(request), *area);
    if (!made) {
        if (made.error().Is(ErrorCode::kInvalidArgument) || made.error().Is(ErrorCode::kConflict)) {
            AddFieldError(errors, made.error(), {"neighborhood_area_id"});
            return BodiesPage(services, request, std::move(errors));
        }
        return RenderErrorPage(request, made.error());
    }
    return http::Response::Redirect("/mutual-aid-liaisons/" + std::to_string(static_cast<std::int64_t>(made->body_id)) +
                                    "?created=1");
}

// The form as typed: held_on, notes, self, and the rows of attendees and concerns.
json FormOf(const FormFields& fields) {
    json form = {{"held_on", FieldOf(fields, "held_on")},
                 {"notes", FieldOf(fields, "notes")},
                 {"self", FieldOf(fields, "self") == "1"}};
    json attendees = json::array();
    for (int i = 0; i < kAttendeeRows; ++i) {
        const std::string n = std::to_string(i);
        attendees.push_back({{"index", i},
                             {"name", FieldOf(fields, "attendee_name_" + n)},
                             {"role", FieldOf(fields, "attendee_role_" + n)}});
    }
    json concerns = json::array();
    for (int i = 0; i < kConcernRows; ++i) {
        const std::string n = std::to_string(i);
        concerns.push_back({{"index", i},
                            {"person_id", FieldOf(fields, "concern_person_" + n)},
                            {"text", FieldOf(fields, "concern_text_" + n)}});
    }
    form["attendees"] = std::move(attendees);
    form["concerns"] = std::move(concerns);
    return form;
}

json BlankForm() {
    FormFields none;
    json form = FormOf(none);
    form["self"] = true;
    return form;
}

http::Response BodyPage(Services& services, const http::Request& request, json form, json errors) {
    const auto id = ParseId<domain::MeetingBodyId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    auto view = services.liaison.Body(ActorOf(request), *id);
    if (!view) return RenderErrorPage(request, view.error());
    json meetings = json::array();
    for (const domain::LiaisonMeeting& meeting : view->meetings) {
        meetings.push_back(
            {{"id", meeting.id}, {"held_on", FormatWareki(meeting.held_on)}, {"attendees", meeting.attendees.size()}});
    }
    const bool failed = errors.contains("_any");
    json data = {
        {"body", {{"id", view->body.body_id}, {"name", view->body.display_name}, {"area", view->body.area_name}}},
        {"meetings", std::move(meetings)},
        {"no_meetings", view->meetings.empty()},
        {"may_record", view->may_record},
        {"created", request.QueryParam("created").has_value()},
        {"form", std::move(form)},
        {"errors", std::move(errors)}};
    return RenderPage(request, view->body.display_name, "mutual_aid_liaison", std::move(data), failed ? 400 : 200);
}

http::Response ShowBody(Services& services, const http::Request& request) {
    return BodyPage(services, request, BlankForm(), json::object());
}

http::Response RecordMeeting(Services& services, const http::Request& request) {
    const auto id = ParseId<domain::MeetingBodyId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const FormFields fields = request.FormFields();
    json form = FormOf(fields);
    json errors = json::object();
    domain::LiaisonMeeting meeting;
    meeting.body_id = *id;
    meeting.notes = Trim(FieldOf(fields, "notes"));
    const std::string held_on = Trim(FieldOf(fields, "held_on"));
    if (held_on.empty()) {
        AddFieldError(errors, Error::InvalidArgument("開催日を入力してください", "held_on"), kMeetingFields);
    } else if (auto date = ParseJapaneseDate(held_on, "held_on"); !date) {
        AddFieldError(errors, date.error(), kMeetingFields);
    } else {
        meeting.held_on = *date;
    }
    if (FieldOf(fields, "self") == "1") {
        meeting.attendees.push_back({.user_id = request.principal->user.id, .name = "", .role = "町の職員"});
    }
    for (int i = 0; i < kAttendeeRows; ++i) {
        const std::string n = std::to_string(i);
        std::string name = Trim(FieldOf(fields, "attendee_name_" + n));
        std::string role = Trim(FieldOf(fields, "attendee_role_" + n));
        if (name.empty() && role.empty()) continue;
        meeting.attendees.push_back({.user_id = std::nullopt, .name = std::move(name), .role = std::move(role)});
    }
    for (int i = 0; i < kConcernRows; ++i) {
        const std::string n = std::to_string(i);
        domain::LiaisonConcern concern;
        concern.text = Trim(FieldOf(fields, "concern_text_" + n));
        const std::string person = Trim(FieldOf(fields, "concern_person_" + n));
        if (concern.text.empty() && person.empty()) continue;
        if (!person.empty()) {
            const auto person_id = ParseId<domain::PersonId>(person);
            if (!person_id) {
                AddFieldError(errors, Error::InvalidArgument("本人の番号は数字で入力してください", "concerns"),
                              kMeetingFields);
                continue;
            }
            concern.person_id = *person_id;
        }
        meeting.concerns.push_back(std::move(concern));
    }
    if (errors.contains("_any")) return BodyPage(services, request, std::move(form), std::move(errors));
    auto saved = services.liaison.Record(ActorOf(request), std::move(meeting));
    if (!saved) {
        if (saved.error().Is(ErrorCode::kInvalidArgument)) {
            AddFieldError(errors, saved.error(), kMeetingFields);
            return BodyPage(services, request, std::move(form), std::move(errors));
        }
        return RenderErrorPage(request, saved.error());
    }
    return http::Response::Redirect("/mutual-aid-liaison-meetings/" +
                                    std::to_string(static_cast<std::int64_t>(saved->id)) + "?saved=1");
}

http::Response ShowMeeting(Services& services, const http::Request& request) {
    const auto id = ParseId<domain::LiaisonMeetingId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    auto view = services.liaison.Meeting(ActorOf(request), *id);
    if (!view) return RenderErrorPage(request, view.error());
    json attendees = json::array();
    for (const domain::LiaisonAttendee& attendee : view->meeting.attendees) {
        attendees.push_back({{"name", attendee.name}, {"role", attendee.role}, {"resident", !attendee.user_id}});
    }
    json concerns = json::array();
    for (const domain::LiaisonConcern& concern : view->meeting.concerns) {
        concerns.push_back({{"named", concern.person_id.has_value()},
                            {"person", concern.person_name},
                            {"person_id", concern.person_id ? static_cast<std::int64_t>(*concern.person_id) : 0},
                            {"withheld", concern.name_withheld},
                            {"text", concern.text}});
    }
    json data = {
        {"body", {{"id", view->body.body_id}, {"name", view->body.display_name}, {"area", view->body.area_name}}},
        {"held_on", FormatWareki(view->meeting.held_on)},
        {"attendees", std::move(attendees)},
        {"concerns", std::move(concerns)},
        {"notes", view->meeting.notes},
        {"saved", request.QueryParam("saved").has_value()}};
    return RenderPage(request, view->body.display_name + "（" + FormatWareki(view->meeting.held_on) + "）",
                      "mutual_aid_liaison_meeting", std::move(data));
}

}  // namespace

void AddMutualAidLiaisonPages(http::Router& router, domain::MutualAidLiaisonService& liaison,
                              domain::Directory& directory) {
    auto services = std::make_shared<Services>(Services{liaison, directory});
    const auto add = SignedInPageAdder(router, services);
    add("GET", "/mutual-aid-liaisons", ListBodies);
    add("POST", "/mutual-aid-liaisons", SetUp);
    add("GET", "/mutual-aid-liaisons/{id}", ShowBody);
    add("POST", "/mutual-aid-liaisons/{id}/meetings", RecordMeeting);
    add("GET", "/mutual-aid-liaison-meetings/{id}", ShowMeeting);
}

}  // namespace kasane::web
