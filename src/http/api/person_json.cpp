// SPDX-License-Identifier: Apache-2.0
#include "http/api/person_json.hpp"

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "http/api/access_json.hpp"
#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

namespace {

Result<domain::Address> AddressFromJson(const Json& object) {
    domain::Address address;
    const auto it = object.find("address");
    if (it == object.end() || it->is_null()) return address;
    if (!it->is_object()) return Fail(Error::InvalidArgument("「address」はオブジェクトで指定してください", "address"));
    const std::pair<const char*, std::string*> parts[] = {{"prefecture", &address.prefecture},
                                                          {"municipality", &address.municipality},
                                                          {"town", &address.town},
                                                          {"block", &address.block},
                                                          {"building", &address.building}};
    for (const auto& [name, target] : parts) {
        auto value = TextOf(*it, name);
        if (!value) return Fail(Prefixed(value.error(), "address."));
        *target = std::move(*value);
    }
    return address;
}

Result<std::map<std::string, domain::UnknownReason, std::less<>>> UnknownReasonsFromJson(const Json& object) {
    std::map<std::string, domain::UnknownReason, std::less<>> reasons;
    const auto it = object.find("unknown_reasons");
    if (it == object.end() || it->is_null()) return reasons;
    if (!it->is_object()) {
        return Fail(Error::InvalidArgument("「unknown_reasons」は {\"項目\": \"理由\"} の形で指定してください",
                                           "unknown_reasons"));
    }
    for (const auto& [field, code] : it->items()) {
        if (!domain::IsPersonFieldName(field)) {
            return Fail(Error::InvalidArgument("不明の理由を記録できない項目です: " + field, "unknown_reasons"));
        }
        const auto reason = code.is_string() ? domain::ParseUnknownReason(code.get<std::string>()) : std::nullopt;
        if (!reason) {
            return Fail(
                Error::InvalidArgument("不明の理由は unknown、refused、not_asked のいずれかです", "unknown_reasons"));
        }
        reasons.emplace(field, *reason);
    }
    return reasons;
}

Json AddressJson(const domain::Address& address) {
    return {{"prefecture", address.prefecture},
            {"municipality", address.municipality},
            {"town", address.town},
            {"block", address.block},
            {"building", address.building}};
}

}  // namespace

Result<domain::PersonData> PersonDataFromJson(const Json& object) {
    domain::PersonData data;
    const std::pair<const char*, std::string*> texts[] = {
        {"family_name", &data.family_name},
        {"given_name", &data.given_name},
        {"family_name_kana", &data.family_name_kana},
        {"given_name_kana", &data.given_name_kana},
        {"reading_self_reported", &data.reading_self_reported},
        {"phone", &data.phone},
        {"contact_notes", &data.contact_notes},
    };
    for (const auto& [name, target] : texts) {
        auto value = TextOf(object, name);
        if (!value) return Fail(value.error());
        *target = std::move(*value);
    }
    auto birth_date = OptionalDateField(object, "birth_date", "生年月日");
    if (!birth_date) return Fail(birth_date.error());
    data.birth_date = *birth_date;
    auto sex = OptionalCode<domain::Sex>(object, "sex", domain::ParseSex,
                                         "性別は male、female、other、no_answer のいずれかです");
    if (!sex) return Fail(sex.error());
    data.sex = *sex;
    auto address = AddressFromJson(object);
    if (!address) return Fail(address.error());
    data.address = std::move(*address);
    auto resides_elsewhere = OptionalBool(object, "resides_elsewhere", false);
    if (!resides_elsewhere) return Fail(resides_elsewhere.error());
    data.resides_elsewhere = *resides_elsewhere;
    auto dv_protected = OptionalBool(object, "dv_protected", false);
    if (!dv_protected) return Fail(dv_protected.error());
    data.dv_protected = *dv_protected;
    const std::pair<const char*, std::optional<AreaId>*> areas[] = {
        {"neighborhood_id", &data.neighborhood_id},
        {"elementary_school_district_id", &data.elementary_school_district_id},
        {"junior_high_school_district_id", &data.junior_high_school_district_id},
        {"welfare_volunteer_district_id", &data.welfare_volunteer_district_id},
    };
    for (const auto& [name, target] : areas) {
        auto value = OptionalInteger(object, name);
        if (!value) return Fail(value.error());
        *target = *value;
    }
    auto reasons = UnknownReasonsFromJson(object);
    if (!reasons) return Fail(reasons.error());
    data.unknown_reasons = std::move(*reasons);
    return data;
}

Json PersonJson(const domain::Person& person, const domain::AccessDecision& decision, domain::Date today) {
    const domain::PersonData& data = person.data;
    int age = -1;
    if (data.birth_date) age = AgeOn(*data.birth_date, today);
    Json json = {
        {"id", person.id},
        {"municipality_id", person.municipality_id},
        {"family_name", data.family_name},
        {"given_name", data.given_name},
        {"family_name_kana", data.family_name_kana},
        {"given_name_kana", data.given_name_kana},
        {"full_name", person.FullName()},
        {"full_name_kana", person.FullNameKana()},
        {"birth_date", DateJson(data.birth_date)},
        {"birth_date_wareki", data.birth_date ? Json(FormatWareki(*data.birth_date)) : Json(nullptr)},
        {"age", age >= 0 ? Json(age) : Json(nullptr)},
        {"sex", data.sex ? Json(domain::SexCode(*data.sex)) : Json(nullptr)},
        {"sex_label", data.sex ? Json(domain::SexLabel(*data.sex)) : Json(nullptr)},
        {"merged_into", OptionalIdJson(person.merged_into)},
    };
    // Identity matches (名寄せ) and pending referrals show who the person is, and nothing of where they live or how
    // to reach them.
    if (decision.level != domain::ViewLevel::kFull) return json;
    Json reasons = Json::object();
    for (const auto& [field, reason] : data.unknown_reasons) {
        if (!decision.address_and_contact && (field == "phone" || field == "address")) continue;
        reasons[field] = domain::UnknownReasonCode(reason);
    }
    json["unknown_reasons"] = std::move(reasons);
    json["reading_self_reported"] = data.reading_self_reported;
    json["resides_elsewhere"] = data.resides_elsewhere;
    json["neighborhood_id"] = OptionalIdJson(data.neighborhood_id);
    json["elementary_school_district_id"] = OptionalIdJson(data.elementary_school_district_id);
    json["junior_high_school_district_id"] = OptionalIdJson(data.junior_high_school_district_id);
    json["welfare_volunteer_district_id"] = OptionalIdJson(data.welfare_volunteer_district_id);
    json["dv_protected"] = data.dv_protected;
    json["created_by_organization_id"] = person.created_by_organization_id;
    json["created_by_user_id"] = person.created_by_user_id;
    json["created_at"] = FormatIso8601(person.created_at);
    json["updated_at"] = FormatIso8601(person.updated_at);
    json["version"] = person.version;
    // DV等支援措置: the address and contact go to named staff only.
    if (decision.address_and_contact) {
        json["phone"] = data.phone;
        json["contact_notes"] = data.contact_notes;
        json["address"] = AddressJson(data.address);
        json["address_line"] = data.address.OneLine();
    }
    return json;
}

namespace {

Json KnownToJson(const std::vector<domain::KnownTo>& known_to) {
    Json array = Json::array();
    for (const domain::KnownTo& organization : known_to) {
        array.push_back({{"organization_id", organization.organization_id}, {"name", organization.name}});
    }
    return array;
}

}  // namespace

Json ToJson(const domain::PersonView& view, domain::Date today) {
    Json json = PersonJson(view.person, view.decision, today);
    json["access"] = AccessJson(view.decision);
    json["known_to"] = KnownToJson(view.known_to);
    Json merges = Json::array();
    for (const domain::PersonMerge& merge : view.merges) merges.push_back(ToJson(merge));
    json["merges"] = std::move(merges);
    json["may_change"] = {{"identity", view.may_change.identity},
                          {"address_and_contact", view.may_change.address_and_contact},
                          {"household", view.may_change.household},
                          {"dv_protection_on", view.may_change.dv_protection_on},
                          {"dv_protection_off", view.may_change.dv_protection_off},
                          {"hand_over", view.may_change.hand_over}};
    if (view.decision.level == domain::ViewLevel::kFull) {
        json["holder_organization_id"] = view.holder_organization_id;
    }
    return json;
}

Json ToJson(const domain::PersonSummary& summary, domain::Date today) {
    Json json = PersonJson(summary.person, summary.decision, today);
    json["access"] = AccessJson(summary.decision);
    json["known_to"] = KnownToJson(summary.known_to);
    json["matched_on"] = summary.matched_on;
    return json;
}

Json ToJson(const domain::DuplicateCandidate& candidate, domain::Date today) {
    Json json = ToJson(candidate.summary, today);
    json["reasons"] = candidate.reasons;
    return json;
}

Json ToJson(const domain::PersonMerge& merge) {
    return {{"id", merge.id},
            {"survivor_id", merge.survivor_id},
            {"merged_id", merge.merged_id},
            {"merged_by", merge.merged_by},
            {"merged_at", FormatIso8601(merge.merged_at)},
            {"undone_by", OptionalIdJson(merge.undone_by)},
            {"undone_at", merge.undone_at ? Json(FormatIso8601(*merge.undone_at)) : Json(nullptr)}};
}

namespace schema {

Json PersonInput() {
    return Object({{"family_name", String()},
                   {"given_name", String()},
                   {"family_name_kana", String()},
                   {"given_name_kana", String()},
                   {"reading_self_reported", String()},
                   {"birth_date", {{"type", "string"}, {"description", "2024-04-01, 令和6年4月1日, R6.4.1, ..."}}},
                   {"sex", EnumSchema({"male", "female", "other", "no_answer"})},
                   {"phone", String()},
                   {"contact_notes", String()},
                   {"address", Object({{"prefecture", String()},
                                       {"municipality", String()},
                                       {"town", String()},
                                       {"block", String()},
                                       {"building", String()}},
                                      {})},
                   {"resides_elsewhere", Boolean()},
                   {"neighborhood_id", Integer()},
                   {"elementary_school_district_id", Integer()},
                   {"junior_high_school_district_id", Integer()},
                   {"welfare_volunteer_district_id", Integer()},
                   {"unknown_reasons",
                    {{"type", "object"},
                     {"description", "field (name, name_kana, birth_date, sex, phone, address) -> reason"},
                     {"additionalProperties", EnumSchema({"unknown", "refused", "not_asked"})}}},
                   {"dv_protected", Boolean()}},
                  {});
}

Json Person() {
    Json person = PersonInput();
    person["properties"]["id"] = Integer();
    person["properties"]["full_name"] = String();
    person["properties"]["full_name_kana"] = String();
    person["properties"]["birth_date"] = NullableString();
    person["properties"]["birth_date_wareki"] = NullableString();
    person["properties"]["age"] = NullableInteger();
    person["properties"]["sex_label"] = NullableString();
    // What was not recorded is null in a response (the input leaves it out).
    person["properties"]["sex"] = {{"enum", {"male", "female", "other", "no_answer", nullptr}}};
    for (const char* district : {"neighborhood_id", "elementary_school_district_id", "junior_high_school_district_id",
                                 "welfare_volunteer_district_id"}) {
        person["properties"][district] = NullableInteger();
    }
    person["properties"]["address_line"] = String();
    person["properties"]["merged_into"] = NullableInteger();
    person["properties"]["version"] = Integer();
    person["properties"]["access"] =
        Object({{"level", EnumSchema({"identity", "referral_sheet", "meeting_shared", "full"})},
                {"basis", String()},
                {"basis_label", String()},
                {"basis_detail", String()},
                {"address_and_contact", Boolean()}},
               {"level", "basis"});
    person["properties"]["known_to"] = ArrayOf(Object({{"organization_id", Integer()}, {"name", String()}}, {}));
    person["properties"]["merges"] = ArrayOf(PersonMerge());
    person["properties"]["holder_organization_id"] = Integer();
    person["properties"]["may_change"] = Object({{"identity", Boolean()},
                                                 {"address_and_contact", Boolean()},
                                                 {"household", Boolean()},
                                                 {"dv_protection_on", Boolean()},
                                                 {"dv_protection_off", Boolean()},
                                                 {"hand_over", Boolean()}},
                                                {});
    person["required"] = {"id", "access"};
    person["description"] =
        "Below access level full only identity fields; address, phone and contact notes are "
        "absent for DV-protected persons unless the user is named staff";
    return person;
}

Json PersonSummary() {
    Json summary = Person();
    summary["properties"].erase("merges");
    summary["properties"]["matched_on"] = ArrayOf(String());
    summary["properties"]["reasons"] = ArrayOf(String());
    return summary;
}

Json PersonMerge() {
    return Object({{"id", Integer()},
                   {"survivor_id", Integer()},
                   {"merged_id", Integer()},
                   {"merged_by", Integer()},
                   {"merged_at", String()},
                   {"undone_by", NullableInteger()},
                   {"undone_at", NullableString()}},
                  {"id", "survivor_id", "merged_id"});
}

}  // namespace schema

}  // namespace kasane::http::api
