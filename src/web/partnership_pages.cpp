// SPDX-License-Identifier: Apache-2.0
// 官民連携プラットフォーム and 協議会 (issue 16, item 6), in Japanese:
//   GET  /platforms                     the town's platforms and councils (from 地域づくり)
//   GET  /platforms/new                 a new platform or council: kind, the meeting body it is, 公示, 共同設置
//   POST /platforms
//   GET  /platforms/{id}                a platform: members by sector, 分科会, meetings and notices, with the forms
//   POST /platforms/{id}/members        a member: an organisation of the town, or an outside one with its town
//   POST /platforms/{id}/subgroups      a 分科会 with its members
//   POST /platforms/{id}/entries        a meeting (date, agenda summary) or a notice
// Each handler calls one use case of domain::PartnershipService; the service decides who may do what.

#include "web/partnership_pages.hpp"

#include <map>

#include "base/japanese_date.hpp"
#include "web/page_context.hpp"
#include "web/page_routes.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

struct Services {
    domain::PartnershipService& partnerships;
    domain::Directory& directory;
};

std::map<OrganizationId, std::string> OrganizationNames(Services& services, const http::Request& request) {
    std::map<OrganizationId, std::string> names;
    auto organizations = services.directory.Organizations(*request.principal);
    if (!organizations) return names;
    for (const domain::Organization& organization : *organizations) names[organization.id] = organization.name;
    return names;
}

json PlatformJson(const domain::PartnershipPlatform& platform) {
    return json{{"id", platform.id.value()},
                {"name", platform.name},
                {"kind", domain::PlatformKindLabel(platform.kind)},
                {"purpose", platform.purpose},
                {"notice_number", platform.notice_number},
                {"notice_on", platform.notice_on ? FormatWareki(*platform.notice_on) : ""},
                {"has_notice", !platform.notice_number.empty()},
                {"partner_town_name", platform.partner_town_name},
                {"partner_town_code", platform.partner_town_code},
                {"joint", !platform.partner_town_name.empty()}};
}

// --- the list and the new platform's form ---------------------------------------------------------------------

http::Response ListPage(Services& services, const http::Request& request) {
    auto list = services.partnerships.List(ActorOf(request));
    if (!list) return RenderErrorPage(request, list.error());
    json platforms = json::array();
    for (const domain::PartnershipPlatform& platform : list->platforms) platforms.push_back(PlatformJson(platform));
    json data = {{"platforms", std::move(platforms)}, {"may_manage", list->may_manage}};
    return RenderPage(request, "協議会・プラットフォーム", "platforms", std::move(data));
}

http::Response ShowPlatformForm(Services& services, const http::Request& request, json form, json errors, int status) {
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    auto list = services.partnerships.List(ActorOf(request));
    if (!list) return RenderErrorPage(request, list.error());
    if (!list->may_manage) {
        return RenderErrorPage(request, Error::PermissionDenied("協議会・プラットフォームを設ける権限がありません"));
    }
    json bodies = json::array();
    const std::string chosen_body = form.value("meeting_body_id", "");
    for (const domain::BodyOption& body : list->bodies) {
        const std::string value = std::to_string(body.id.value());
        bodies.push_back({{"value", value},
                          {"label", body.name + "（" + std::string(domain::LegalBasisLabel(body.legal_basis)) + "）"},
                          {"selected", value == chosen_body}});
    }
    const std::string kind = form.value("kind", "public_private_platform");
    json data = {
        {"form", form},
        {"errors", std::move(errors)},
        {"kinds", EnumOptions(domain::kAllPlatformKinds, domain::PlatformKindCode, domain::PlatformKindLabel, kind)},
        {"bodies", std::move(bodies)}};
    return RenderPage(request, "協議会・プラットフォームを設ける", "platform_form", std::move(data), status);
}

http::Response NewPlatformPage(Services& services, const http::Request& request) {
    return ShowPlatformForm(services, request, json::object(), json::object(), 200);
}

http::Response SavePlatform(Services& services, const http::Request& request) {
    json form = json::object();
    const std::vector<std::string_view> fields = {
        "kind",          "name",      "purpose",           "meeting_body_id",
        "notice_number", "notice_on", "partner_town_name", "partner_town_code"};
    for (const std::string_view name : fields) form[std::string(name)] = FormField(request, std::string(name));
    json errors = json::object();
    domain::PartnershipPlatform platform{.name = Trim(form["name"].get<std::string>()),
                                         .purpose = Trim(form["purpose"].get<std::string>()),
                                         .notice_number = Trim(form["notice_number"].get<std::string>()),
                                         .partner_town_name = Trim(form["partner_town_name"].get<std::string>()),
                                         .partner_town_code = Trim(form["partner_town_code"].get<std::string>())};
    const auto kind = domain::ParsePlatformKind(form["kind"].get<std::string>());
    if (!kind) AddFieldError(errors, Error::InvalidArgument("種類を選んでください", "kind"), fields);
    if (const std::string body = form["meeting_body_id"].get<std::string>(); !body.empty()) {
        if (const auto id = ParseId(body)) platform.meeting_body_id = domain::MeetingBodyId{*id};
    }
    if (const std::string notice_on = Trim(form["notice_on"].get<std::string>()); !notice_on.empty()) {
        auto date = ParseJapaneseDate(notice_on, "公示の日付");
        if (!date) {
            AddFieldError(errors, Error::InvalidArgument(date.error().message, "notice_on"), fields);
        } else {
            platform.notice_on = *date;
        }
    }
    if (!errors.empty()) return ShowPlatformForm(services, request, std::move(form), std::move(errors), 400);
    platform.kind = *kind;
    auto saved = services.partnerships.SavePlatform(ActorOf(request), platform);
    if (!saved) {
        if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
        AddFieldError(errors, saved.error(), fields);
        return ShowPlatformForm(services, request, std::move(form), std::move(errors), 400);
    }
    return http::Response::Redirect("/platforms/" + std::to_string(saved->id.value()) + "?saved=platform");
}

// --- a platform's page ------------------------------------------------------------------------------------------

// The page of one platform, with the form `form_name` ("member", "subgroup", "entry") showing `form` and `errors`
// when a submission came back.
http::Response ShowPlatform(Services& services, const http::Request& request, std::int64_t id,
                            const std::string& form_name, json form, json errors, int status) {
    auto view = services.partnerships.Get(ActorOf(request), PartnershipPlatformId{id});
    if (!view) return RenderErrorPage(request, view.error());
    const auto organizations = OrganizationNames(services, request);
    std::map<PlatformMemberId, std::string> member_names;
    json members = json::array();
    for (const domain::PlatformMember& member : view->members) {
        std::string name;
        std::string town;
        if (member.organization_id) {
            const auto found = organizations.find(*member.organization_id);
            name = found == organizations.end() ? "" : found->second;
        } else {
            name = member.outside_name;
            town = member.outside_town;
        }
        member_names[member.id] = name;
        const std::string field = "member_" + std::to_string(member.id.value());
        members.push_back({{"id", member.id.value()},
                           {"name", name},
                           {"outside", !member.organization_id.has_value()},
                           {"town", town},
                           {"sector", domain::SectorLabel(member.sector)},
                           {"field", field},
                           {"checked", form_name == "subgroup" && form.value(field, "") == "1"}});
    }
    std::map<PlatformSubgroupId, std::string> subgroup_names;
    json subgroups = json::array();
    for (const domain::PlatformSubgroup& subgroup : view->subgroups) {
        subgroup_names[subgroup.id] = subgroup.name;
        std::string names;
        for (const PlatformMemberId member : subgroup.members) {
            names += (names.empty() ? "" : "、") + member_names[member];
        }
        const std::string value = std::to_string(subgroup.id.value());
        subgroups.push_back({{"id", subgroup.id.value()},
                             {"name", subgroup.name},
                             {"theme", subgroup.theme},
                             {"members", names},
                             {"value", value},
                             {"label", subgroup.name},
                             {"selected", form_name == "entry" && form.value("subgroup_id", "") == value}});
    }
    json entries = json::array();
    for (const domain::PlatformEntry& entry : view->entries) {
        entries.push_back({{"kind", domain::EntryKindLabel(entry.kind)},
                           {"dated", FormatWareki(entry.dated)},
                           {"title", entry.title},
                           {"summary", entry.summary},
                           {"subgroup", entry.subgroup_id ? subgroup_names[*entry.subgroup_id] : ""}});
    }
    json organization_options = json::array();
    const std::string chosen_organization = form_name == "member" ? form.value("organization_id", "") : "";
    for (const auto& [organization_id, name] : organizations) {
        const std::string value = std::to_string(organization_id.value());
        organization_options.push_back({{"value", value}, {"label", name}, {"selected", value == chosen_organization}});
    }
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    json data = {{"platform", PlatformJson(view->platform)},
                 {"meeting_body_name", view->meeting_body_name},
                 {"members", std::move(members)},
                 {"subgroups", std::move(subgroups)},
                 {"entries", std::move(entries)},
                 {"may_manage", view->may_manage},
                 {"saved", QueryFields(request).contains("saved")},
                 {"organizations", std::move(organization_options)},
                 {"sectors", EnumOptions(domain::kAllSectors, domain::SectorCode, domain::SectorLabel,
                                         form_name == "member" ? form.value("sector", "") : "")},
                 {"entry_kinds", EnumOptions(std::array{domain::EntryKind::kMeeting, domain::EntryKind::kNotice},
                                             domain::EntryKindCode, domain::EntryKindLabel,
                                             form_name == "entry" ? form.value("kind", "meeting") : "meeting")},
                 {"member_form", form_name == "member" ? form : json::object()},
                 {"member_errors", form_name == "member" ? errors : json::object()},
                 {"subgroup_form", form_name == "subgroup" ? form : json::object()},
                 {"subgroup_errors", form_name == "subgroup" ? errors : json::object()},
                 {"entry_form", form_name == "entry" ? form : json::object()},
                 {"entry_errors", form_name == "entry" ? errors : json::object()}};
    return RenderPage(request, view->platform.name, "platform", std::move(data), status);
}

http::Response PlatformPage(Services& services, const http::Request& request) {
    const auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return ShowPlatform(services, request, *id, "", json::object(), json::object(), 200);
}

http::Response SaveMember(Services& services, const http::Request& request) {
    const auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const std::vector<std::string_view> fields = {"organization_id", "outside_name", "outside_town", "sector"};
    json form = json::object();
    for (const std::string_view name : fields) form[std::string(name)] = FormField(request, std::string(name));
    json errors = json::object();
    domain::PlatformMember member{.platform_id = PartnershipPlatformId{*id},
                                  .outside_name = Trim(form["outside_name"].get<std::string>()),
                                  .outside_town = Trim(form["outside_town"].get<std::string>())};
    if (const auto organization = ParseId(form["organization_id"].get<std::string>())) {
        member.organization_id = OrganizationId{*organization};
    }
    const auto sector = domain::ParseSector(form["sector"].get<std::string>());
    if (!sector) {
        AddFieldError(errors, Error::InvalidArgument("分野を選んでください", "sector"), fields);
        return ShowPlatform(services, request, *id, "member", std::move(form), std::move(errors), 400);
    }
    member.sector = *sector;
    auto saved = services.partnerships.AddMember(ActorOf(request), member);
    if (!saved) {
        if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
        AddFieldError(errors, saved.error(), fields);
        return ShowPlatform(services, request, *id, "member", std::move(form), std::move(errors), 400);
    }
    return http::Response::Redirect("/platforms/" + std::to_string(*id) + "?saved=member");
}

http::Response SaveSubgroup(Services& services, const http::Request& request) {
    const auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    auto view = services.partnerships.Get(ActorOf(request), PartnershipPlatformId{*id});
    if (!view) return RenderErrorPage(request, view.error());
    json form = {{"name", FormField(request, "name")}, {"theme", FormField(request, "theme")}};
    domain::PlatformSubgroup subgroup{.platform_id = PartnershipPlatformId{*id},
                                      .name = Trim(form["name"].get<std::string>()),
                                      .theme = Trim(form["theme"].get<std::string>())};
    for (const domain::PlatformMember& member : view->members) {
        const std::string field = "member_" + std::to_string(member.id.value());
        form[field] = FormField(request, field);
        if (form[field] == "1") subgroup.members.push_back(member.id);
    }
    auto saved = services.partnerships.AddSubgroup(ActorOf(request), subgroup);
    if (!saved) {
        if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
        json errors = json::object();
        AddFieldError(errors, saved.error(), {"name", "theme", "members"});
        return ShowPlatform(services, request, *id, "subgroup", std::move(form), std::move(errors), 400);
    }
    return http::Response::Redirect("/platforms/" + std::to_string(*id) + "?saved=subgroup");
}

http::Response SaveEntry(Services& services, const http::Request& request) {
    const auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const std::vector<std::string_view> fields = {"kind", "dated", "title", "summary", "subgroup_id"};
    json form = json::object();
    for (const std::string_view name : fields) form[std::string(name)] = FormField(request, std::string(name));
    json errors = json::object();
    domain::PlatformEntry entry{.platform_id = PartnershipPlatformId{*id},
                                .title = Trim(form["title"].get<std::string>()),
                                .summary = Trim(form["summary"].get<std::string>())};
    const auto kind = domain::ParseEntryKind(form["kind"].get<std::string>());
    if (!kind) AddFieldError(errors, Error::InvalidArgument("種類を選んでください", "kind"), fields);
    auto dated = ParseJapaneseDate(Trim(form["dated"].get<std::string>()), "日付");
    if (!dated) AddFieldError(errors, Error::InvalidArgument(dated.error().message, "dated"), fields);
    if (const auto subgroup = ParseId(form["subgroup_id"].get<std::string>())) {
        entry.subgroup_id = PlatformSubgroupId{*subgroup};
    }
    if (!errors.empty()) return ShowPlatform(services, request, *id, "entry", std::move(form), std::move(errors), 400);
    entry.kind = *kind;
    entry.dated = *dated;
    auto saved = services.partnerships.AddEntry(ActorOf(request), entry);
    if (!saved) {
        if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
        AddFieldError(errors, saved.error(), fields);
        return ShowPlatform(services, request, *id, "entry", std::move(form), std::move(errors), 400);
    }
    return http::Response::Redirect("/platforms/" + std::to_string(*id) + "?saved=entry");
}

}  // namespace

void AddPartnershipPages(http::Router& router, domain::PartnershipService& partnerships, domain::Directory& directory) {
    const auto add = SignedInPageAdder(router, std::make_shared<Services>(Services{partnerships, directory}));
    add("GET", "/platforms", ListPage);
    add("GET", "/platforms/new", NewPlatformPage);
    add("POST", "/platforms", SavePlatform);
    add("GET", "/platforms/{id}", PlatformPage);
    add("POST", "/platforms/{id}/members", SaveMember);
    add("POST", "/platforms/{id}/subgroups", SaveSubgroup);
    add("POST", "/platforms/{id}/entries", SaveEntry);
}

}  // namespace kasane::web
