// SPDX-License-Identifier: Apache-2.0
#include "http/api/household_json.hpp"

#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

Result<domain::HouseholdMemberInput> HouseholdMemberFromJson(const Json& object, std::string_view field) {
    if (!object.is_object()) {
        return Fail(Error::InvalidArgument("世帯員はオブジェクトで指定してください", std::string(field)));
    }
    const std::string prefix = field.empty() ? std::string{} : std::string(field) + ".";
    domain::HouseholdMemberInput member;
    auto person_id = RequireInteger(object, "person_id");
    if (!person_id) return Fail(Prefixed(person_id.error(), prefix));
    member.person_id = domain::PersonId{*person_id};
    auto relationship = RequireCode<domain::Relationship>(object, "relationship", domain::ParseRelationship,
                                                          "続柄の指定が正しくありません（head、spouse、child など）");
    if (!relationship) return Fail(Prefixed(relationship.error(), prefix));
    member.relationship = *relationship;
    auto is_head = OptionalBool(object, "is_head", member.relationship == domain::Relationship::kHead);
    if (!is_head) return Fail(Prefixed(is_head.error(), prefix));
    member.is_head = *is_head;
    auto moved_in = OptionalDateField(object, "moved_in", "転入・同居開始日");
    if (!moved_in) return Fail(Prefixed(moved_in.error(), prefix));
    member.moved_in = *moved_in;
    return member;
}

Json ToJson(const domain::Household& household, domain::Date today) {
    Json members = Json::array();
    for (const domain::HouseholdMember& member : household.members) {
        members.push_back({{"id", member.id},
                           {"person_id", member.person_id},
                           {"relationship", domain::RelationshipCode(member.relationship)},
                           {"relationship_label", domain::RelationshipLabel(member.relationship)},
                           {"is_head", member.is_head},
                           {"moved_in", DateJson(member.moved_in)},
                           {"moved_out", DateJson(member.moved_out)},
                           {"moved_out_reason", member.moved_out_reason},
                           {"current", !member.moved_out || *member.moved_out > today}});
    }
    return {{"id", household.id},
            {"municipality_id", household.municipality_id},
            {"name", household.name},
            {"notes", household.notes},
            {"members", std::move(members)},
            {"created_by_organization_id", household.created_by_organization_id},
            {"created_at", FormatIso8601(household.created_at)},
            {"version", household.version}};
}

namespace schema {

Json HouseholdMemberInput() {
    return Object({{"person_id", Integer()},
                   {"relationship", EnumSchema({"head", "spouse", "child", "parent", "grandchild", "grandparent",
                                                "sibling", "child_in_law", "other_relative", "non_relative"})},
                   {"is_head", Boolean()},
                   {"moved_in", String()}},
                  {"person_id", "relationship"});
}

Json Household() {
    Json member = HouseholdMemberInput();
    member["properties"]["id"] = Integer();
    member["properties"]["relationship_label"] = String();
    member["properties"]["moved_in"] = NullableString();
    member["properties"]["moved_out"] = NullableString();
    member["properties"]["moved_out_reason"] = String();
    member["properties"]["current"] = Boolean();
    return Object({{"id", Integer()},
                   {"name", String()},
                   {"notes", String()},
                   {"members", ArrayOf(member)},
                   {"created_by_organization_id", Integer()},
                   {"created_at", String()},
                   {"version", Integer()}},
                  {"id", "name", "members", "version"});
}

}  // namespace schema

}  // namespace kasane::http::api
