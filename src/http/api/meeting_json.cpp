// SPDX-License-Identifier: Apache-2.0
#include "http/api/meeting_json.hpp"

#include "base/japanese_date.hpp"
#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

Result<domain::Meeting> MeetingFromJson(const Json& object, BodyField body_field) {
    domain::Meeting meeting;
    if (body_field == BodyField::kRequired) {
        auto body_id = RequireId(object, "body_id");
        if (!body_id) return Fail(body_id.error());
        meeting.body_id = domain::MeetingBodyId{*body_id};
        auto joint_body_id = OptionalId(object, "joint_body_id");
        if (!joint_body_id) return Fail(joint_body_id.error());
        meeting.joint_body_id = OptionalIdOf<domain::MeetingBodyId>(*joint_body_id);
    }
    auto held_on = RequireDate(object, "held_on", "開催日");
    if (!held_on) return Fail(held_on.error());
    meeting.held_on = *held_on;
    auto attendees = ObjectArray(object, "attendees");
    if (!attendees) return Fail(attendees.error());
    for (const Json* item : *attendees) {
        domain::Attendee attendee;
        auto user_id = OptionalId(*item, "user_id");
        if (!user_id) return Fail(Prefixed(user_id.error(), "attendees."));
        attendee.user_id = OptionalIdOf<UserId>(*user_id);
        auto name = TextOf(*item, "name");
        if (!name) return Fail(Prefixed(name.error(), "attendees."));
        if (name->empty()) return Fail(Error::InvalidArgument("出席者の氏名を入力してください", "attendees.name"));
        attendee.name = std::move(*name);
        auto kind = OptionalCode<domain::AttendeeKind>(*item, "kind", domain::ParseAttendeeKind,
                                                       "出席者の区分は staff, person, family のいずれかです");
        if (!kind) return Fail(Prefixed(kind.error(), "attendees."));
        attendee.kind = kind->value_or(domain::AttendeeKind::kStaff);
        // 本人 and family may leave the organisation out: the one that invited them (SharingService) is recorded.
        if (attendee.kind == domain::AttendeeKind::kStaff) {
            auto organization_id = RequireId(*item, "organization_id");
            if (!organization_id) return Fail(Prefixed(organization_id.error(), "attendees."));
            attendee.organization_id = OrganizationId{*organization_id};
        } else {
            auto organization_id = OptionalId(*item, "organization_id");
            if (!organization_id) return Fail(Prefixed(organization_id.error(), "attendees."));
            attendee.organization_id = OrganizationId{organization_id->value_or(0)};
        }
        meeting.attendees.push_back(std::move(attendee));
    }
    auto agenda = ObjectArray(object, "agenda");
    if (!agenda) return Fail(agenda.error());
    for (const Json* item : *agenda) {
        domain::AgendaItem agenda_item;
        auto person_id = RequireId(*item, "person_id");
        if (!person_id) return Fail(Prefixed(person_id.error(), "agenda."));
        agenda_item.person_id = domain::PersonId{*person_id};
        auto household_id = OptionalId(*item, "household_id");
        if (!household_id) return Fail(Prefixed(household_id.error(), "agenda."));
        agenda_item.household_id = OptionalIdOf<domain::HouseholdId>(*household_id);
        auto summary = TextOf(*item, "shared_summary");
        if (!summary) return Fail(Prefixed(summary.error(), "agenda."));
        agenda_item.shared_summary = std::move(*summary);
        auto case_id = OptionalId(*item, "case_id");
        if (!case_id) return Fail(Prefixed(case_id.error(), "agenda."));
        agenda_item.case_id = OptionalIdOf<domain::CaseId>(*case_id);
        meeting.agenda.push_back(std::move(agenda_item));
    }
    auto minutes = TextOf(object, "minutes");
    if (!minutes) return Fail(minutes.error());
    meeting.minutes = std::move(*minutes);
    auto decisions = ObjectArray(object, "decisions");
    if (!decisions) return Fail(decisions.error());
    for (const Json* item : *decisions) {
        domain::Decision decision;
        auto kind = RequireCode<domain::DecisionKind>(*item, "kind", domain::ParseDecisionKind, kUnknownDecisionKind);
        if (!kind) return Fail(Prefixed(kind.error(), "decisions."));
        decision.kind = *kind;
        auto text = TextOf(*item, "text");
        if (!text) return Fail(Prefixed(text.error(), "decisions."));
        decision.text = std::move(*text);
        auto case_id = OptionalId(*item, "case_id");
        if (!case_id) return Fail(Prefixed(case_id.error(), "decisions."));
        decision.case_id = OptionalIdOf<domain::CaseId>(*case_id);
        meeting.decisions.push_back(std::move(decision));
    }
    return meeting;
}

Json ToJson(const domain::Meeting& meeting) {
    Json attendees = Json::array();
    for (const domain::Attendee& attendee : meeting.attendees) {
        attendees.push_back({{"user_id", OptionalIdJson(attendee.user_id)},
                             {"name", attendee.name},
                             {"organization_id", attendee.organization_id},
                             {"kind", domain::AttendeeKindCode(attendee.kind)}});
    }
    Json agenda = Json::array();
    for (const domain::AgendaItem& item : meeting.agenda) {
        agenda.push_back({{"id", item.id},
                          {"person_id", item.person_id},
                          {"household_id", OptionalIdJson(item.household_id)},
                          {"shared_summary", item.shared_summary},
                          {"case_id", OptionalIdJson(item.case_id)}});
    }
    Json decisions = Json::array();
    for (const domain::Decision& decision : meeting.decisions) {
        decisions.push_back({{"kind", domain::DecisionKindCode(decision.kind)},
                             {"kind_label", domain::DecisionKindLabel(decision.kind)},
                             {"text", decision.text},
                             {"case_id", OptionalIdJson(decision.case_id)}});
    }
    return {{"id", meeting.id},
            {"municipality_id", meeting.municipality_id},
            {"body_id", meeting.body_id},
            {"joint_body_id", OptionalIdJson(meeting.joint_body_id)},
            {"held_on", IsoDate(meeting.held_on)},
            {"held_on_wareki", FormatWareki(meeting.held_on)},
            {"convenor_user_id", meeting.convenor_user_id},
            {"attendees", std::move(attendees)},
            {"agenda", std::move(agenda)},
            {"minutes", meeting.minutes},
            {"decisions", std::move(decisions)},
            {"created_at", FormatIso8601(meeting.created_at)},
            {"version", meeting.version}};
}

Json ToJson(const domain::SharedItem& item) {
    return {{"meeting_id", item.meeting_id},
            {"body_name", item.body_name},
            {"held_on", IsoDate(item.held_on)},
            {"held_on_wareki", FormatWareki(item.held_on)},
            {"shared_summary", item.shared_summary}};
}

namespace schema {

Json MeetingInput() {
    return Object(
        {{"body_id", Integer()},
         {"joint_body_id",
          {{"type", "integer"},
           {"description", "a second body holding the meeting jointly; read under the stricter of their rules"}}},
         {"held_on", DateString()},
         {"attendees", ArrayOf(Object({{"user_id", Integer()},
                                       {"name", String()},
                                       {"organization_id", Integer()},
                                       {"kind", EnumSchema(domain::AttendeeKindCodes())}},
                                      {"name"}))},
         {"agenda", ArrayOf(Object({{"person_id", Integer()},
                                    {"household_id", Integer()},
                                    {"shared_summary", String()},
                                    {"case_id", Integer()}},
                                   {"person_id"}))},
         {"minutes", String()},
         {"decisions",
          ArrayOf(
              Object({{"kind", EnumSchema(domain::DecisionKindCodes())}, {"text", String()}, {"case_id", Integer()}},
                     {"kind"}))}},
        {"body_id", "held_on"});
}

Json Meeting() {
    Json meeting = MeetingInput();
    meeting["properties"]["id"] = Integer();
    meeting["properties"]["held_on_wareki"] = String();
    meeting["properties"]["convenor_user_id"] = Integer();
    meeting["properties"]["created_at"] = String();
    meeting["properties"]["version"] = Integer();
    // What the input left out is null in a response: no joint body, an attendee without an account, an agenda
    // item or decision not tied to a household or case.
    meeting["properties"]["joint_body_id"]["type"] = {"integer", "null"};
    meeting["properties"]["attendees"]["items"]["properties"]["user_id"] = NullableInteger();
    meeting["properties"]["agenda"]["items"]["properties"]["household_id"] = NullableInteger();
    meeting["properties"]["agenda"]["items"]["properties"]["case_id"] = NullableInteger();
    meeting["properties"]["decisions"]["items"]["properties"]["case_id"] = NullableInteger();
    meeting["properties"]["decisions"]["items"]["properties"]["kind_label"] = String();
    meeting["required"] = {"id", "body_id", "held_on", "agenda", "version"};
    return meeting;
}

Json SharedItem() {
    return Object({{"meeting_id", Integer()},
                   {"body_name", String()},
                   {"held_on", String()},
                   {"held_on_wareki", String()},
                   {"shared_summary", String()}},
                  {"meeting_id", "shared_summary"});
}

}  // namespace schema

}  // namespace kasane::http::api
