// SPDX-License-Identifier: Apache-2.0
#include "http/api/consent_json.hpp"

#include "base/japanese_date.hpp"
#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

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
    auto organizations = IdArray<OrganizationId>(object, "organizations");
    if (!organizations) return Fail(organizations.error());
    consent.organizations = std::move(*organizations);
    auto bodies = IdArray<domain::MeetingBodyId>(object, "bodies");
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

}  // namespace schema

}  // namespace kasane::http::api
