// SPDX-License-Identifier: Apache-2.0
// 官民連携プラットフォーム and 協議会 (issue 16, item 6). Each handler parses, calls one use case and maps its Result.

#include "http/api/partnership_platforms.hpp"

#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

namespace {

using domain::PartnershipPlatform;
using domain::PlatformEntry;
using domain::PlatformMember;
using domain::PlatformSubgroup;

Json PlatformJson(const PartnershipPlatform& platform) {
    return Json{{"id", platform.id},
                {"kind", domain::PlatformKindCode(platform.kind)},
                {"kind_label", domain::PlatformKindLabel(platform.kind)},
                {"name", platform.name},
                {"purpose", platform.purpose},
                {"meeting_body_id", platform.meeting_body_id ? Json(platform.meeting_body_id->value()) : Json(nullptr)},
                {"notice_number", platform.notice_number},
                {"notice_on", DateJson(platform.notice_on)},
                {"partner_town_name", platform.partner_town_name},
                {"partner_town_code", platform.partner_town_code}};
}

Json MemberJson(const PlatformMember& member) {
    return Json{{"id", member.id},
                {"organization_id", member.organization_id ? Json(member.organization_id->value()) : Json(nullptr)},
                {"outside_name", member.outside_name},
                {"outside_town", member.outside_town},
                {"sector", domain::SectorCode(member.sector)},
                {"sector_label", domain::SectorLabel(member.sector)}};
}

Json SubgroupJson(const PlatformSubgroup& subgroup) {
    Json members = Json::array();
    for (const PlatformMemberId member : subgroup.members) members.push_back(member.value());
    return Json{{"id", subgroup.id}, {"name", subgroup.name}, {"theme", subgroup.theme}, {"member_ids", members}};
}

Json EntryJson(const PlatformEntry& entry) {
    return Json{{"id", entry.id},
                {"kind", domain::EntryKindCode(entry.kind)},
                {"dated", IsoDate(entry.dated)},
                {"title", entry.title},
                {"summary", entry.summary},
                {"subgroup_id", entry.subgroup_id ? Json(entry.subgroup_id->value()) : Json(nullptr)}};
}

Result<PartnershipPlatform> PlatformFromJson(const Json& body) {
    PartnershipPlatform platform;
    auto kind = RequireCode<domain::PlatformKind>(body, "kind", domain::ParsePlatformKind,
                                                  "kind は public_private_platform、isolation_council、other_council "
                                                  "のいずれかです");
    if (!kind) return Fail(kind.error());
    platform.kind = *kind;
    for (auto [field, target, length] : {std::tuple{"name", &platform.name, 200},
                                         {"purpose", &platform.purpose, 4000},
                                         {"notice_number", &platform.notice_number, 200},
                                         {"partner_town_name", &platform.partner_town_name, 200},
                                         {"partner_town_code", &platform.partner_town_code, 16}}) {
        auto value = TextOf(body, field, static_cast<std::size_t>(length));
        if (!value) return Fail(value.error());
        *target = *value;
    }
    auto notice_on = OptionalDateField(body, "notice_on", "公示の日付");
    if (!notice_on) return Fail(notice_on.error());
    platform.notice_on = *notice_on;
    auto body_id = OptionalId<domain::MeetingBodyId>(body, "meeting_body_id");
    if (!body_id) return Fail(body_id.error());
    platform.meeting_body_id = *body_id;
    return platform;
}

Result<PlatformMember> MemberFromJson(const Json& body, PartnershipPlatformId platform_id) {
    PlatformMember member{.platform_id = platform_id};
    auto organization = OptionalId<OrganizationId>(body, "organization_id");
    if (!organization) return Fail(organization.error());
    member.organization_id = *organization;
    auto name = TextOf(body, "outside_name", 200);
    if (!name) return Fail(name.error());
    member.outside_name = *name;
    auto town = TextOf(body, "outside_town", 200);
    if (!town) return Fail(town.error());
    member.outside_town = *town;
    auto sector = RequireCode<domain::Sector>(body, "sector", domain::ParseSector, "sector（分野）が正しくありません");
    if (!sector) return Fail(sector.error());
    member.sector = *sector;
    return member;
}

Result<PlatformSubgroup> SubgroupFromJson(const Json& body, PartnershipPlatformId platform_id) {
    PlatformSubgroup subgroup{.platform_id = platform_id};
    auto name = TextOf(body, "name", 200);
    if (!name) return Fail(name.error());
    subgroup.name = *name;
    auto theme = TextOf(body, "theme", 4000);
    if (!theme) return Fail(theme.error());
    subgroup.theme = *theme;
    auto members = IdArray<PlatformMemberId>(body, "member_ids");
    if (!members) return Fail(members.error());
    subgroup.members = *members;
    return subgroup;
}

Result<PlatformEntry> EntryFromJson(const Json& body, PartnershipPlatformId platform_id) {
    PlatformEntry entry{.platform_id = platform_id};
    auto kind = RequireCode<domain::EntryKind>(body, "kind", domain::ParseEntryKind, "kind は meeting か notice です");
    if (!kind) return Fail(kind.error());
    entry.kind = *kind;
    auto dated = RequireDate(body, "dated", "日付");
    if (!dated) return Fail(dated.error());
    entry.dated = *dated;
    auto title = TextOf(body, "title", 200);
    if (!title) return Fail(title.error());
    entry.title = *title;
    auto summary = TextOf(body, "summary", 4000);
    if (!summary) return Fail(summary.error());
    entry.summary = *summary;
    auto subgroup = OptionalId<PlatformSubgroupId>(body, "subgroup_id");
    if (!subgroup) return Fail(subgroup.error());
    entry.subgroup_id = *subgroup;
    return entry;
}

std::vector<std::string_view> Codes(const auto& all, auto code) {
    std::vector<std::string_view> codes;
    for (const auto value : all) codes.push_back(code(value));
    return codes;
}

Json PlatformSchema() {
    return schema::Object(
        {{"id", schema::Integer()},
         {"kind", EnumSchema(Codes(domain::kAllPlatformKinds, domain::PlatformKindCode))},
         {"kind_label", schema::String()},
         {"name", schema::String()},
         {"purpose", schema::String()},
         {"meeting_body_id", NullableInteger()},
         {"notice_number", schema::String()},
         {"notice_on", NullableString()},
         {"partner_town_name", schema::String()},
         {"partner_town_code", schema::String()}},
        {"id", "kind", "name", "notice_number", "notice_on", "partner_town_name", "partner_town_code"});
}

Json PlatformRequestSchema() {
    return schema::Object({{"kind", EnumSchema(Codes(domain::kAllPlatformKinds, domain::PlatformKindCode))},
                           {"name", schema::String()},
                           {"purpose", schema::String()},
                           {"meeting_body_id", NullableInteger()},
                           {"notice_number", schema::String()},
                           {"notice_on", DateString()},
                           {"partner_town_name", schema::String()},
                           {"partner_town_code", schema::String()}},
                          {"kind", "name"});
}

Json MemberSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"organization_id", NullableInteger()},
                           {"outside_name", schema::String()},
                           {"outside_town", schema::String()},
                           {"sector", EnumSchema(Codes(domain::kAllSectors, domain::SectorCode))},
                           {"sector_label", schema::String()}},
                          {"id", "organization_id", "outside_name", "outside_town", "sector"});
}

Json MemberRequestSchema() {
    return schema::Object({{"organization_id", NullableInteger()},
                           {"outside_name", schema::String()},
                           {"outside_town", schema::String()},
                           {"sector", EnumSchema(Codes(domain::kAllSectors, domain::SectorCode))}},
                          {"sector"});
}

Json SubgroupSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"name", schema::String()},
                           {"theme", schema::String()},
                           {"member_ids", schema::ArrayOf(schema::Integer())}},
                          {"id", "name", "member_ids"});
}

Json SubgroupRequestSchema() {
    return schema::Object(
        {{"name", schema::String()}, {"theme", schema::String()}, {"member_ids", schema::ArrayOf(schema::Integer())}},
        {"name"});
}

Json EntrySchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"kind", EnumSchema({"meeting", "notice"})},
                           {"dated", schema::String()},
                           {"title", schema::String()},
                           {"summary", schema::String()},
                           {"subgroup_id", NullableInteger()}},
                          {"id", "kind", "dated", "title"});
}

Json EntryRequestSchema() {
    return schema::Object({{"kind", EnumSchema({"meeting", "notice"})},
                           {"dated", DateString()},
                           {"title", schema::String()},
                           {"summary", schema::String()},
                           {"subgroup_id", NullableInteger()}},
                          {"kind", "dated", "title"});
}

Json ViewJson(const domain::PlatformView& view) {
    Json json = PlatformJson(view.platform);
    json["meeting_body_name"] = view.meeting_body_name;
    Json members = Json::array();
    for (const PlatformMember& member : view.members) members.push_back(MemberJson(member));
    json["members"] = std::move(members);
    Json subgroups = Json::array();
    for (const PlatformSubgroup& subgroup : view.subgroups) subgroups.push_back(SubgroupJson(subgroup));
    json["subgroups"] = std::move(subgroups);
    Json entries = Json::array();
    for (const PlatformEntry& entry : view.entries) entries.push_back(EntryJson(entry));
    json["entries"] = std::move(entries);
    json["may_manage"] = view.may_manage;
    return json;
}

Json ViewSchema() {
    Json json = PlatformSchema();
    json["properties"]["meeting_body_name"] = schema::String();
    json["properties"]["members"] = schema::ArrayOf(MemberSchema());
    json["properties"]["subgroups"] = schema::ArrayOf(SubgroupSchema());
    json["properties"]["entries"] = schema::ArrayOf(EntrySchema());
    json["properties"]["may_manage"] = schema::Boolean();
    return json;
}

}  // namespace

void AddPartnershipRoutes(Router& router, domain::PartnershipService& partnerships) {
    AddSignedInRoute(
        router, "GET", "/api/v1/platforms",
        [&partnerships](Request& request) {
            auto list = partnerships.List(ActorOf(request));
            if (!list) return Response::ErrorJson(list.error());
            Json items = Json::array();
            for (const PartnershipPlatform& platform : list->platforms) items.push_back(PlatformJson(platform));
            return Response::Json(200, Json{{"items", std::move(items)}, {"may_manage", list->may_manage}});
        },
        {.summary = "官民連携プラットフォーム and 協議会 of the town (no personal data)",
         .tag = "platforms",
         .response_body =
             schema::Object({{"items", schema::ArrayOf(PlatformSchema())}, {"may_manage", schema::Boolean()}},
                            {"items", "may_manage"})});

    AddSignedInRoute(router, "POST", "/api/v1/platforms",
                     [&partnerships](Request& request) {
                         auto platform = BodyAs(request, PlatformFromJson);
                         if (!platform) return Response::ErrorJson(platform.error());
                         return ReplyWith(partnerships.SavePlatform(ActorOf(request), *platform), PlatformJson, 201);
                     },
                     {.summary = "Sets up a platform or council: its kind, the meeting body it is (a 協議会), its 公示 "
                                 "(number and date) and its 共同設置 partner town (name and 団体コード)",
                      .tag = "platforms",
                      .request_body = PlatformRequestSchema(),
                      .response_body = PlatformSchema(),
                      .success_status = 201});

    AddSignedInRoute(router, "GET", "/api/v1/platforms/{id}", ById([&partnerships](Request& request, std::int64_t id) {
                         return ReplyWith(partnerships.Get(ActorOf(request), PartnershipPlatformId{id}), ViewJson);
                     }),
                     {.summary = "A platform or council with its members, 分科会, meetings and notices",
                      .tag = "platforms",
                      .response_body = ViewSchema()});

    AddSignedInRoute(router, "PUT", "/api/v1/platforms/{id}", ById([&partnerships](Request& request, std::int64_t id) {
                         auto platform = BodyAs(request, PlatformFromJson);
                         if (!platform) return Response::ErrorJson(platform.error());
                         platform->id = PartnershipPlatformId{id};
                         return ReplyWith(partnerships.SavePlatform(ActorOf(request), *platform), PlatformJson);
                     }),
                     {.summary = "Replaces a platform's fields (its 公示, its 共同設置 …)",
                      .tag = "platforms",
                      .request_body = PlatformRequestSchema(),
                      .response_body = PlatformSchema()});

    AddSignedInRoute(router, "POST", "/api/v1/platforms/{id}/members",
                     ById([&partnerships](Request& request, std::int64_t id) {
                         auto member = BodyAs(request, MemberFromJson, PartnershipPlatformId{id});
                         if (!member) return Response::ErrorJson(member.error());
                         return ReplyWith(partnerships.AddMember(ActorOf(request), *member), MemberJson, 201);
                     }),
                     {.summary = "Adds a member: an organisation of the town (organization_id), or an outside one "
                                 "named as text with its town (outside_name, outside_town), with its sector",
                      .tag = "platforms",
                      .request_body = MemberRequestSchema(),
                      .response_body = MemberSchema(),
                      .success_status = 201});

    AddSignedInRoute(router, "POST", "/api/v1/platforms/{id}/subgroups",
                     ById([&partnerships](Request& request, std::int64_t id) {
                         auto subgroup = BodyAs(request, SubgroupFromJson, PartnershipPlatformId{id});
                         if (!subgroup) return Response::ErrorJson(subgroup.error());
                         return ReplyWith(partnerships.AddSubgroup(ActorOf(request), *subgroup), SubgroupJson, 201);
                     }),
                     {.summary = "Adds a 分科会 with members of the platform",
                      .tag = "platforms",
                      .request_body = SubgroupRequestSchema(),
                      .response_body = SubgroupSchema(),
                      .success_status = 201});

    AddSignedInRoute(router, "POST", "/api/v1/platforms/{id}/entries",
                     ById([&partnerships](Request& request, std::int64_t id) {
                         auto entry = BodyAs(request, EntryFromJson, PartnershipPlatformId{id});
                         if (!entry) return Response::ErrorJson(entry.error());
                         return ReplyWith(partnerships.AddEntry(ActorOf(request), *entry), EntryJson, 201);
                     }),
                     {.summary = "Records a meeting (date and agenda summary, no personal data) or a notice "
                                 "(お知らせ), of the whole platform or of a 分科会",
                      .tag = "platforms",
                      .request_body = EntryRequestSchema(),
                      .response_body = EntrySchema(),
                      .success_status = 201});
}

}  // namespace kasane::http::api
