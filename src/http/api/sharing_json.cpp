// SPDX-License-Identifier: Apache-2.0
#include "http/api/sharing_json.hpp"

#include <limits>
#include <set>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "http/api/common.hpp"
#include "http/api/intake_json.hpp"
#include "http/api/json_fields.hpp"

namespace kasane::http::api {

namespace {

Result<domain::Date> RequireDate(const Json& object, std::string_view field, std::string_view label) {
    auto date = OptionalDateField(object, field, label);
    if (!date) return Fail(date.error());
    if (!date->has_value()) {
        return Fail(Error::InvalidArgument("「" + std::string(label) + "」を入力してください", std::string(field)));
    }
    return **date;
}

Json LegalBasisEnum() {
    return EnumSchema({"article_106_6", "multilayer_meeting", "isolation_council", "poverty_support",
                       "child_protection", "community_care_meeting", "disability_council", "public_assistance",
                       "other"});
}

}  // namespace

Result<domain::Consent> ConsentFromJson(const Json& object, domain::PersonId person_id) {
    domain::Consent consent;
    consent.person_id = person_id;
    auto by_proxy = OptionalBool(object, "by_proxy", false);
    if (!by_proxy) return Fail(by_proxy.error());
    consent.by_proxy = *by_proxy;
    const std::pair<const char*, std::string*> texts[] = {{"proxy_name", &consent.proxy_name},
                                                          {"proxy_relationship", &consent.proxy_relationship},
                                                          {"purpose", &consent.purpose},
                                                          {"witness", &consent.witness},
                                                          {"explanation_version", &consent.explanation_version}};
    for (const auto& [name, target] : texts) {
        auto value = TextOf(object, name);
        if (!value) return Fail(value.error());
        *target = std::move(*value);
    }
    auto organizations = IdArray(object, "organizations");
    if (!organizations) return Fail(organizations.error());
    consent.organizations = std::move(*organizations);
    auto bodies = IdArray(object, "bodies");
    if (!bodies) return Fail(bodies.error());
    consent.bodies = std::move(*bodies);
    auto given_on = RequireDate(object, "given_on", "同意日");
    if (!given_on) return Fail(given_on.error());
    consent.given_on = *given_on;
    auto method = OptionalString(object, "method", 16);
    if (!method) return Fail(method.error());
    const auto parsed_method = method->has_value() ? domain::ParseConsentMethod(**method) : std::nullopt;
    if (!parsed_method) {
        return Fail(Error::InvalidArgument("同意の方法は written（書面）か oral（口頭）です", "method"));
    }
    consent.method = *parsed_method;
    auto expires_on = OptionalDateField(object, "expires_on", "有効期限");
    if (!expires_on) return Fail(expires_on.error());
    consent.expires_on = *expires_on;
    return consent;
}

Result<domain::MeetingBody> MeetingBodyFromJson(const Json& object) {
    domain::MeetingBody body;
    auto code = OptionalString(object, "legal_basis", 64);
    if (!code) return Fail(code.error());
    const auto basis = code->has_value() ? domain::ParseLegalBasis(**code) : std::nullopt;
    if (!basis) {
        return Fail(Error::InvalidArgument(
            "会議体の根拠が正しくありません（article_106_6、multilayer_meeting、isolation_council、poverty_support、"
            "child_protection、community_care_meeting、disability_council、public_assistance、other のいずれか）",
            "legal_basis"));
    }
    body.legal_basis = *basis;
    auto display_name = TextOf(object, "display_name");
    if (!display_name) return Fail(display_name.error());
    body.display_name = std::move(*display_name);
    auto shares = OptionalBool(object, "shares_without_consent", domain::SharesWithoutConsentByDefault(*basis));
    if (!shares) return Fail(shares.error());
    body.shares_without_consent = *shares;
    auto sharing_days = OptionalInteger(object, "sharing_days");
    if (!sharing_days) return Fail(sharing_days.error());
    if (sharing_days->has_value()) {
        // The domain owns the range (1..3650); only values an int cannot hold are refused here, with its words.
        if (**sharing_days < std::numeric_limits<int>::min() || **sharing_days > std::numeric_limits<int>::max()) {
            return Fail(Error::InvalidArgument("共有期間は1〜3650日で指定してください", "sharing_days"));
        }
        body.sharing_days = static_cast<int>(**sharing_days);
    }
    auto coordinating = OptionalId(object, "coordinating_organization_id");
    if (!coordinating) return Fail(coordinating.error());
    body.coordinating_organization_id = *coordinating;
    auto members = ObjectArray(object, "members");
    if (!members) return Fail(members.error());
    std::set<OrganizationId> seen;
    for (const Json* item : *members) {
        domain::BodyMember member;
        auto organization_id = RequireId(*item, "organization_id");
        if (!organization_id) return Fail(Prefixed(organization_id.error(), "members."));
        if (!seen.insert(*organization_id).second) {
            return Fail(Error::InvalidArgument("同じ機関が構成機関に二度含まれています", "members.organization_id"));
        }
        member.organization_id = *organization_id;
        auto pledged = OptionalDateField(*item, "pledge_signed_on", "誓約日");
        if (!pledged) return Fail(Prefixed(pledged.error(), "members."));
        member.pledge_signed_on = *pledged;
        auto left_on = OptionalDateField(*item, "left_on", "脱退日");
        if (!left_on) return Fail(Prefixed(left_on.error(), "members."));
        member.left_on = *left_on;
        body.members.push_back(member);
    }
    // The persons named as their organisation's members, each with their own pledge.
    auto named = ObjectArray(object, "named_members");
    if (!named) return Fail(named.error());
    for (const Json* item : *named) {
        auto user_id = RequireId(*item, "user_id");
        if (!user_id) return Fail(Prefixed(user_id.error(), "named_members."));
        auto organization_id = OptionalId(*item, "organization_id");
        if (!organization_id) return Fail(Prefixed(organization_id.error(), "named_members."));
        auto pledged = RequireDate(*item, "pledge_signed_on", "誓約日");
        if (!pledged) return Fail(Prefixed(pledged.error(), "named_members."));
        auto left_on = OptionalDateField(*item, "left_on", "脱退日");
        if (!left_on) return Fail(Prefixed(left_on.error(), "named_members."));
        body.named_members.push_back(domain::NamedMember{.user_id = *user_id,
                                                         .organization_id = organization_id->value_or(0),
                                                         .pledge_signed_on = *pledged,
                                                         .left_on = *left_on});
    }
    return body;
}

Result<domain::Meeting> MeetingFromJson(const Json& object, BodyField body_field) {
    domain::Meeting meeting;
    if (body_field == BodyField::kRequired) {
        auto body_id = RequireId(object, "body_id");
        if (!body_id) return Fail(body_id.error());
        meeting.body_id = *body_id;
        auto joint_body_id = OptionalId(object, "joint_body_id");
        if (!joint_body_id) return Fail(joint_body_id.error());
        meeting.joint_body_id = *joint_body_id;
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
        attendee.user_id = *user_id;
        auto name = TextOf(*item, "name");
        if (!name) return Fail(Prefixed(name.error(), "attendees."));
        if (name->empty()) return Fail(Error::InvalidArgument("出席者の氏名を入力してください", "attendees.name"));
        attendee.name = std::move(*name);
        auto organization_id = RequireId(*item, "organization_id");
        if (!organization_id) return Fail(Prefixed(organization_id.error(), "attendees."));
        attendee.organization_id = *organization_id;
        meeting.attendees.push_back(std::move(attendee));
    }
    auto agenda = ObjectArray(object, "agenda");
    if (!agenda) return Fail(agenda.error());
    for (const Json* item : *agenda) {
        domain::AgendaItem agenda_item;
        auto person_id = RequireId(*item, "person_id");
        if (!person_id) return Fail(Prefixed(person_id.error(), "agenda."));
        agenda_item.person_id = *person_id;
        auto household_id = OptionalId(*item, "household_id");
        if (!household_id) return Fail(Prefixed(household_id.error(), "agenda."));
        agenda_item.household_id = *household_id;
        auto summary = TextOf(*item, "shared_summary");
        if (!summary) return Fail(Prefixed(summary.error(), "agenda."));
        agenda_item.shared_summary = std::move(*summary);
        auto case_id = OptionalId(*item, "case_id");
        if (!case_id) return Fail(Prefixed(case_id.error(), "agenda."));
        agenda_item.case_id = *case_id;
        meeting.agenda.push_back(std::move(agenda_item));
    }
    auto minutes = TextOf(object, "minutes");
    if (!minutes) return Fail(minutes.error());
    meeting.minutes = std::move(*minutes);
    auto decisions = ObjectArray(object, "decisions");
    if (!decisions) return Fail(decisions.error());
    for (const Json* item : *decisions) {
        domain::Decision decision;
        auto kind = OptionalString(*item, "kind", 64);
        if (!kind) return Fail(Prefixed(kind.error(), "decisions."));
        // An absent kind is left empty for the domain to refuse with the list of kinds it knows.
        decision.kind = kind->value_or(std::string{});
        auto text = TextOf(*item, "text");
        if (!text) return Fail(Prefixed(text.error(), "decisions."));
        decision.text = std::move(*text);
        auto case_id = OptionalId(*item, "case_id");
        if (!case_id) return Fail(Prefixed(case_id.error(), "decisions."));
        decision.case_id = *case_id;
        meeting.decisions.push_back(std::move(decision));
    }
    return meeting;
}

Result<Instant> InstantParam(std::string_view text, std::string_view field, DayEdge edge) {
    if (auto iso = ParseIso8601(text)) return *iso;
    // A date alone: a day in Japan runs from 00:00 JST, which is 15:00 UTC of the day before.
    if (auto date = ParseJapaneseDate(text, "日付")) {
        return edge == DayEdge::kEnd ? EndOfJstDay(*date) : StartOfJstDay(*date);
    }
    return ParseInstantText(text, field);
}

std::string_view ViewLevelCode(domain::ViewLevel level) {
    switch (level) {
        case domain::ViewLevel::kNone: return "none";
        case domain::ViewLevel::kIdentity: return "identity";
        case domain::ViewLevel::kReferralSheet: return "referral_sheet";
        case domain::ViewLevel::kMeetingShared: return "meeting_shared";
        case domain::ViewLevel::kFull: return "full";
    }
    return "none";
}

Json ToJson(const domain::Consent& consent) {
    return {{"id", consent.id},
            {"municipality_id", consent.municipality_id},
            {"person_id", consent.person_id},
            {"by_proxy", consent.by_proxy},
            {"proxy_name", consent.proxy_name},
            {"proxy_relationship", consent.proxy_relationship},
            {"organizations", consent.organizations},
            {"bodies", consent.bodies},
            {"purpose", consent.purpose},
            {"given_on", IsoDate(consent.given_on)},
            {"given_on_wareki", FormatWareki(consent.given_on)},
            {"method", domain::ConsentMethodCode(consent.method)},
            {"method_label", domain::ConsentMethodLabel(consent.method)},
            {"witness", consent.witness},
            {"explanation_version", consent.explanation_version},
            {"expires_on", DateJson(consent.expires_on)},
            {"expires_on_wareki", WarekiJson(consent.expires_on)},
            {"withdrawn_at", InstantJson(consent.withdrawn_at)},
            {"active", consent.state == domain::ConsentState::kInForce},
            {"recorded_by", consent.recorded_by},
            {"recorded_at", FormatIso8601(consent.recorded_at)}};
}

Json ToJson(const domain::MeetingBody& body) {
    Json members = Json::array();
    for (const domain::BodyMember& member : body.members) {
        members.push_back({{"organization_id", member.organization_id},
                           {"pledge_signed_on", DateJson(member.pledge_signed_on)},
                           {"left_on", DateJson(member.left_on)}});
    }
    Json named_members = Json::array();
    for (const domain::NamedMember& member : body.named_members) {
        named_members.push_back({{"user_id", member.user_id},
                                 {"organization_id", member.organization_id},
                                 {"pledge_signed_on", IsoDate(member.pledge_signed_on)},
                                 {"left_on", DateJson(member.left_on)}});
    }
    return {{"id", body.id},
            {"municipality_id", body.municipality_id},
            {"legal_basis", domain::LegalBasisCode(body.legal_basis)},
            {"legal_basis_label", domain::LegalBasisLabel(body.legal_basis)},
            {"display_name", body.display_name},
            {"shares_without_consent", body.shares_without_consent},
            {"sharing_days", body.sharing_days},
            {"coordinating_organization_id", OptionalIdJson(body.coordinating_organization_id)},
            {"members", std::move(members)},
            {"named_members", std::move(named_members)},
            {"created_at", FormatIso8601(body.created_at)},
            {"version", body.version}};
}

Json ToJson(const domain::Meeting& meeting) {
    Json attendees = Json::array();
    for (const domain::Attendee& attendee : meeting.attendees) {
        attendees.push_back({{"user_id", OptionalIdJson(attendee.user_id)},
                             {"name", attendee.name},
                             {"organization_id", attendee.organization_id}});
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
        decisions.push_back(
            {{"kind", decision.kind}, {"text", decision.text}, {"case_id", OptionalIdJson(decision.case_id)}});
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

Json ToJson(const domain::EmergencyAccess& access) {
    const Instant now = Now();
    return {{"id", access.id},
            {"municipality_id", access.municipality_id},
            {"person_id", access.person_id},
            {"user_id", access.user_id},
            {"organization_id", access.organization_id},
            {"reason", access.reason},
            {"granted_at", FormatIso8601(access.granted_at)},
            {"expires_at", FormatIso8601(access.expires_at)},
            {"expires_at_jst", FormatJst(access.expires_at)},
            {"active", now < access.expires_at},
            {"acknowledged_by", OptionalIdJson(access.acknowledged_by)},
            {"acknowledged", access.acknowledged_by.has_value()}};
}

Json ToJson(const domain::AccessExplanation& explanation) {
    // The same level/basis fields as a record's "access", so that a client reads both alike.
    Json json = AccessJson(domain::AccessDecision{.level = explanation.level,
                                                  .basis = explanation.basis,
                                                  .basis_detail = explanation.basis_detail,
                                                  .sensitive_fields = false,
                                                  .address_and_contact = explanation.address_and_contact});
    json["organization_id"] = explanation.organization_id;
    json["organization_name"] = explanation.organization_name;
    json["user_id"] = OptionalIdJson(explanation.user_id);
    json["user_name"] = explanation.user_name;
    json["explanation"] = explanation.explanation;
    return json;
}

Json ToJson(const domain::AuditEntry& entry) {
    return {{"sequence", entry.sequence},
            {"at", FormatIso8601(entry.at)},
            {"at_jst", FormatJst(entry.at)},
            {"user_id", entry.user_id},
            {"organization_id", entry.organization_id},
            {"post_id", entry.post_id == 0 ? Json(nullptr) : Json(entry.post_id)},
            {"action", entry.action},
            {"record_type", entry.record_type},
            {"record_id", entry.record_id},
            {"person_id", OptionalIdJson(entry.person_id)},
            {"fields", entry.fields},
            {"basis", entry.basis},
            {"basis_detail", entry.basis_detail},
            {"remote_address", entry.remote_address},
            {"request_id", entry.request_id},
            {"detail", entry.detail},
            {"hash", entry.hash}};
}

namespace schema {

Json ConsentInput() {
    return Object({{"by_proxy", Boolean()},
                   {"proxy_name", String()},
                   {"proxy_relationship", String()},
                   {"organizations", ArrayOf(Integer())},
                   {"bodies", ArrayOf(Integer())},
                   {"purpose", String()},
                   {"given_on", DateString()},
                   {"method", EnumSchema({"written", "oral"})},
                   {"witness", {{"type", "string"}, {"description", "required for oral consent"}}},
                   {"explanation_version", String()},
                   {"expires_on", DateString()}},
                  {"purpose", "given_on", "method", "explanation_version"});
}

Json Consent() {
    Json consent = ConsentInput();
    consent["properties"]["id"] = Integer();
    consent["properties"]["person_id"] = Integer();
    consent["properties"]["given_on_wareki"] = String();
    consent["properties"]["method_label"] = String();
    consent["properties"]["expires_on"] = NullableString();
    consent["properties"]["expires_on_wareki"] = NullableString();
    consent["properties"]["withdrawn_at"] = NullableString();
    consent["properties"]["active"] = Boolean();
    consent["properties"]["recorded_by"] = Integer();
    consent["properties"]["recorded_at"] = String();
    consent["required"] = {"id", "person_id", "given_on", "method", "active"};
    return consent;
}

Json MeetingBodyInput() {
    return Object(
        {{"legal_basis", LegalBasisEnum()},
         {"display_name", String()},
         {"shares_without_consent", {{"type", "boolean"}, {"description", "defaults to what the legal basis allows"}}},
         {"sharing_days", {{"type", "integer"}, {"minimum", 1}, {"maximum", 3650}}},
         {"coordinating_organization_id", Integer()},
         {"members",
          ArrayOf(
              Object({{"organization_id", Integer()}, {"pledge_signed_on", DateString()}, {"left_on", DateString()}},
                     {"organization_id"}))},
         {"named_members",
          ArrayOf(Object({{"user_id", Integer()},
                          {"organization_id",
                           {{"type", "integer"}, {"description", "the member organisation; defaults to the user's"}}},
                          {"pledge_signed_on", DateString()},
                          {"left_on", DateString()}},
                         {"user_id", "pledge_signed_on"}))}},
        {"legal_basis", "display_name"});
}

Json MeetingBody() {
    Json body = MeetingBodyInput();
    body["properties"]["id"] = Integer();
    body["properties"]["legal_basis_label"] = String();
    body["properties"]["coordinating_organization_id"] = NullableInteger();
    body["properties"]["created_at"] = String();
    body["properties"]["version"] = Integer();
    // A member still in the body has a null left_on in a response.
    body["properties"]["members"]["items"]["properties"]["left_on"] = NullableString();
    body["properties"]["named_members"]["items"]["properties"]["left_on"] = NullableString();
    body["required"] = {"id", "legal_basis", "display_name", "members", "version"};
    return body;
}

Json MeetingInput() {
    return Object(
        {{"body_id", Integer()},
         {"joint_body_id",
          {{"type", "integer"},
           {"description", "a second body holding the meeting jointly; read under the stricter of their rules"}}},
         {"held_on", DateString()},
         {"attendees", ArrayOf(Object({{"user_id", Integer()}, {"name", String()}, {"organization_id", Integer()}},
                                      {"name", "organization_id"}))},
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

Json EmergencyAccess() {
    return Object({{"id", Integer()},
                   {"person_id", Integer()},
                   {"user_id", Integer()},
                   {"organization_id", Integer()},
                   {"reason", String()},
                   {"granted_at", String()},
                   {"expires_at", String()},
                   {"expires_at_jst", String()},
                   {"active", Boolean()},
                   {"acknowledged_by", NullableInteger()},
                   {"acknowledged", Boolean()}},
                  {"id", "person_id", "user_id", "expires_at"});
}

Json AccessExplanation() {
    return Object({{"organization_id", Integer()},
                   {"organization_name", String()},
                   {"user_id", NullableInteger()},
                   {"user_name", String()},
                   {"level", EnumSchema({"identity", "referral_sheet", "meeting_shared", "full"})},
                   {"basis", String()},
                   {"basis_label", String()},
                   {"basis_detail", String()},
                   {"explanation", String()},
                   {"address_and_contact", Boolean()}},
                  {"organization_id", "level", "basis", "explanation"});
}

Json AuditEntry() {
    return Object({{"sequence", Integer()},
                   {"at", String()},
                   {"at_jst", String()},
                   {"user_id", Integer()},
                   {"organization_id", Integer()},
                   {"post_id", NullableInteger()},
                   {"action", String()},
                   {"record_type", String()},
                   {"record_id", Integer()},
                   {"person_id", NullableInteger()},
                   {"fields", String()},
                   {"basis", String()},
                   {"basis_detail", String()},
                   {"remote_address", String()},
                   {"request_id", String()},
                   {"detail", String()},
                   {"hash", String()}},
                  {"sequence", "at", "user_id", "action", "record_type"});
}

}  // namespace schema

}  // namespace kasane::http::api
