// SPDX-License-Identifier: Apache-2.0
#include "http/api/consultation_json.hpp"

#include "base/japan_time.hpp"
#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

Result<domain::ContactInput> ContactFromJson(const Json& object, std::string_view prefix) {
    domain::ContactInput contact;
    auto occurred_text = RequireString(object, "occurred_at", 100);
    if (!occurred_text) return Fail(Prefixed(occurred_text.error(), prefix));
    auto occurred_at = ParseInstantText(*occurred_text, std::string(prefix) + "occurred_at");
    if (!occurred_at) return Fail(occurred_at.error());
    contact.occurred_at = *occurred_at;
    auto channel =
        RequireCode<domain::Channel>(object, "channel", domain::ParseChannel,
                                     "相談方法は visit、phone、home_visit、email、via_agency、other のいずれかです");
    if (!channel) return Fail(Prefixed(channel.error(), prefix));
    contact.channel = *channel;
    auto source = RequireCode<domain::Source>(object, "source", domain::ParseSource,
                                              "相談経路は self、family、neighbor、welfare_volunteer、"
                                              "neighborhood_association、agency、other、anonymous のいずれかです");
    if (!source) return Fail(Prefixed(source.error(), prefix));
    contact.source = *source;
    if (const auto caller = object.find("caller"); caller != object.end() && !caller->is_null()) {
        const std::string caller_prefix = std::string(prefix) + "caller.";
        if (!caller->is_object()) {
            return Fail(
                Error::InvalidArgument("「caller」はオブジェクトで指定してください", std::string(prefix) + "caller"));
        }
        const std::pair<const char*, std::string*> texts[] = {{"name", &contact.caller.name},
                                                              {"relationship", &contact.caller.relationship},
                                                              {"phone", &contact.caller.phone}};
        for (const auto& [name, target] : texts) {
            auto value = TextOf(*caller, name);
            if (!value) return Fail(Prefixed(value.error(), caller_prefix));
            *target = std::move(*value);
        }
        auto organization_id = OptionalInteger(*caller, "organization_id");
        if (!organization_id) return Fail(Prefixed(organization_id.error(), caller_prefix));
        contact.caller.organization_id = OptionalIdOf<OrganizationId>(*organization_id);
    }
    auto summary = TextOf(object, "summary");
    if (!summary) return Fail(Prefixed(summary.error(), prefix));
    contact.summary = std::move(*summary);
    auto tag = OptionalCode<domain::TextTag>(object, "summary_tag", domain::ParseTextTag,
                                             "記録の区分は fact、third_party、assessment のいずれかです");
    if (!tag) return Fail(Prefixed(tag.error(), prefix));
    contact.summary_tag = tag->value_or(domain::TextTag::kFact);
    return contact;
}

Json ToJson(const domain::WorryCategory& category) {
    return {{"id", category.id},
            {"code", category.code},
            {"label", category.label},
            {"sort_order", category.sort_order},
            {"active", category.active}};
}

// 取消: who, when and why; null when not cancelled.
Json CancellationJson(const std::optional<domain::Cancellation>& cancellation) {
    if (!cancellation) return nullptr;
    return {
        {"user_id", cancellation->user_id}, {"at", FormatIso8601(cancellation->at)}, {"reason", cancellation->reason}};
}

Json ConsultationJson(const domain::Consultation& consultation, const std::vector<domain::WorryCategory>& categories) {
    Json chosen = Json::array();
    for (const domain::CategoryChoice& choice : consultation.categories) {
        Json item = {{"category_id", choice.category_id}, {"most_pressing", choice.most_pressing}};
        for (const domain::WorryCategory& category : categories) {
            if (category.id != choice.category_id) continue;
            item["code"] = category.code;
            item["label"] = category.label;
        }
        chosen.push_back(std::move(item));
    }
    Json contacts = Json::array();
    for (const domain::Contact& contact : consultation.contacts) {
        contacts.push_back({{"id", contact.id},
                            {"occurred_at", FormatIso8601(contact.occurred_at)},
                            {"occurred_at_jst", FormatJst(contact.occurred_at)},
                            {"channel", domain::ChannelCode(contact.channel)},
                            {"channel_label", domain::ChannelLabel(contact.channel)},
                            {"source", domain::SourceCode(contact.source)},
                            {"source_label", domain::SourceLabel(contact.source)},
                            {"caller",
                             {{"name", contact.caller.name},
                              {"relationship", contact.caller.relationship},
                              {"phone", contact.caller.phone},
                              {"organization_id", OptionalIdJson(contact.caller.organization_id)}}},
                            {"organization_id", contact.organization_id},
                            {"staff_user_id", contact.staff_user_id},
                            {"summary", contact.summary},
                            {"summary_tag", domain::TextTagCode(contact.summary_tag)},
                            {"summary_tag_label", domain::TextTagLabel(contact.summary_tag)},
                            {"recorded_at", FormatIso8601(contact.recorded_at)},
                            {"counted", domain::IsCounted(consultation, contact)},
                            {"cancelled", CancellationJson(contact.cancelled)}});
    }
    Json events = Json::array();
    for (const domain::ConsultationEvent& event : consultation.events) {
        events.push_back({{"kind", domain::ConsultationEventKindCode(event.kind)},
                          {"kind_label", domain::ConsultationEventKindLabel(event.kind)},
                          {"at", FormatIso8601(event.at)},
                          {"user_id", event.user_id},
                          {"reason", event.reason}});
    }
    return {{"id", consultation.id},
            {"municipality_id", consultation.municipality_id},
            {"receiving_organization_id", consultation.receiving_organization_id},
            {"received_by_user_id", consultation.received_by_user_id},
            {"person_id", OptionalIdJson(consultation.person_id)},  // null: an anonymous consultation
            {"anonymous", domain::IsAnonymous(consultation)},
            {"household_id", OptionalIdJson(consultation.household_id)},
            {"chief_complaint", consultation.chief_complaint},
            {"categories", std::move(chosen)},
            {"outcome", domain::OutcomeCode(consultation.outcome)},
            {"outcome_label", domain::OutcomeLabel(consultation.outcome)},
            {"outcome_note", consultation.outcome_note},
            {"outcome_referral_id", OptionalIdJson(consultation.outcome_referral_id)},
            {"outcome_case_id", OptionalIdJson(consultation.outcome_case_id)},
            {"status", domain::ConsultationStatusCode(consultation.status)},
            {"status_label", domain::ConsultationStatusLabel(consultation.status)},
            {"next_contact_on", DateJson(consultation.next_contact_on)},
            {"counted", domain::IsCounted(consultation)},
            {"cancelled", CancellationJson(consultation.cancelled)},
            {"events", std::move(events)},
            {"contacts", std::move(contacts)},
            {"created_at", FormatIso8601(consultation.created_at)},
            {"version", consultation.version}};
}

namespace schema {

Json WorryCategory() {
    return Object(
        {{"id", Integer()}, {"code", String()}, {"label", String()}, {"sort_order", Integer()}, {"active", Boolean()}},
        {"id", "code", "label"});
}

Json ContactInput() {
    return Object(
        {{"occurred_at",
          {{"type", "string"}, {"description", "ISO 8601 UTC, or a date and JST time: 令和6年5月1日 10:30"}}},
         {"channel", EnumSchema({"visit", "phone", "home_visit", "email", "via_agency", "other"})},
         {"source", EnumSchema({"self", "family", "neighbor", "welfare_volunteer", "neighborhood_association", "agency",
                                "other", "anonymous"})},
         {"caller",
          Object({{"name", String()}, {"relationship", String()}, {"phone", String()}, {"organization_id", Integer()}},
                 {})},
         {"summary", String()},
         {"summary_tag", EnumSchema({"fact", "third_party", "assessment"})}},
        {"occurred_at", "channel", "source"});
}

Json Consultation() {
    Json contact = ContactInput();
    contact["properties"]["id"] = Integer();
    contact["properties"]["occurred_at_jst"] = String();
    contact["properties"]["channel_label"] = String();
    contact["properties"]["source_label"] = String();
    contact["properties"]["summary_tag_label"] = String();
    contact["properties"]["organization_id"] = Integer();
    contact["properties"]["staff_user_id"] = Integer();
    contact["properties"]["recorded_at"] = String();
    contact["properties"]["caller"]["properties"]["organization_id"] = NullableInteger();
    const Json cancellation = {
        {"oneOf", Json::array({{{"type", "null"}},
                               Object({{"user_id", Integer()}, {"at", String()}, {"reason", String()}},
                                      {"user_id", "at", "reason"})})}};
    contact["properties"]["counted"] = Boolean();
    contact["properties"]["cancelled"] = cancellation;
    return Object(
        {{"id", Integer()},
         {"receiving_organization_id", Integer()},
         {"received_by_user_id", Integer()},
         {"person_id", NullableInteger()},
         {"anonymous", Boolean()},
         {"household_id", NullableInteger()},
         {"chief_complaint", String()},
         {"categories",
          ArrayOf(Object(
              {{"category_id", Integer()}, {"code", String()}, {"label", String()}, {"most_pressing", Boolean()}},
              {"category_id", "most_pressing"}))},
         {"outcome", EnumSchema({"open", "information_provided", "referred", "escalated", "continuing"})},
         {"outcome_label", String()},
         {"outcome_note", String()},
         {"outcome_referral_id", NullableInteger()},
         {"outcome_case_id", NullableInteger()},
         {"status", EnumSchema({"open", "closed"})},
         {"status_label", String()},
         {"next_contact_on", NullableString()},
         {"counted", Boolean()},
         {"cancelled", cancellation},
         {"events", ArrayOf(Object({{"kind", EnumSchema({"closed", "reopened"})},
                                    {"kind_label", String()},
                                    {"at", String()},
                                    {"user_id", Integer()},
                                    {"reason", String()}},
                                   {"kind", "at", "user_id", "reason"}))},
         {"contacts", ArrayOf(contact)},
         {"created_at", String()},
         {"version", Integer()}},
        {"id", "person_id", "categories", "outcome", "status", "contacts", "version"});
}

}  // namespace schema

}  // namespace kasane::http::api
