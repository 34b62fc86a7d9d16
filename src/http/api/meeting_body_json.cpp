// SPDX-License-Identifier: Apache-2.0
#include "http/api/meeting_body_json.hpp"

#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

namespace {

// The codes of domain::kAllLegalBases, for the schema and the error that lists them.
std::vector<std::string_view> LegalBasisCodes() {
    std::vector<std::string_view> codes;
    for (const domain::LegalBasis basis : domain::kAllLegalBases) codes.push_back(domain::LegalBasisCode(basis));
    return codes;
}

std::string LegalBasisCodeText() {
    std::string text;
    for (const std::string_view code : LegalBasisCodes()) text += (text.empty() ? "" : "、") + std::string(code);
    return text;
}

Json LegalBasisEnum() { return EnumSchema(LegalBasisCodes()); }

}  // namespace

Result<domain::MeetingBody> MeetingBodyFromJson(const Json& object) {
    domain::MeetingBody body;
    auto code = OptionalString(object, "legal_basis", 64);
    if (!code) return Fail(code.error());
    const auto basis = code->has_value() ? domain::ParseLegalBasis(**code) : std::nullopt;
    if (!basis) {
        return Fail(Error::InvalidArgument("会議体の根拠が正しくありません（" + LegalBasisCodeText() + " のいずれか）",
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
    body.coordinating_organization_id = OptionalIdOf<OrganizationId>(*coordinating);
    auto members = ObjectArray(object, "members");
    if (!members) return Fail(members.error());
    std::set<OrganizationId> seen;
    for (const Json* item : *members) {
        domain::BodyMember member;
        auto organization_id = RequireId<OrganizationId>(*item, "organization_id");
        if (!organization_id) return Fail(Prefixed(organization_id.error(), "members."));
        if (!seen.insert(*organization_id).second) {
            return Fail(Error::InvalidArgument("同じ機関が構成機関に二度含まれています", "members.organization_id"));
        }
        member.organization_id = OrganizationId{*organization_id};
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
        body.named_members.push_back(
            domain::NamedMember{.user_id = UserId{*user_id},
                                .organization_id = OrganizationId{organization_id->value_or(0)},
                                .pledge_signed_on = *pledged,
                                .left_on = *left_on});
    }
    return body;
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

namespace schema {

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

}  // namespace schema

}  // namespace kasane::http::api
