// SPDX-License-Identifier: Apache-2.0
// 会議体 (lawful sharing, issue #4): the list, the form of a body (legal basis, members and their pledges, sharing
// period) and its 公示 text.

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/japanese_date.hpp"
#include "base/japanese_text.hpp"
#include "domain/access_policy.hpp"
#include "domain/administration.hpp"
#include "domain/master_data.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/sharing_page_support.hpp"
#include "web/sharing_pages.hpp"

namespace kasane::web {

namespace {

using namespace sharing;
using nlohmann::json;

// --- 会議体 ----------------------------------------------------------------------------------------------------

const std::vector<std::string_view> kBodyFields = {
    "legal_basis", "display_name", "shares_without_consent", "sharing_days", "coordinating_organization_id", "members"};

json BodyFormJson(const SharingPageServices& services, const domain::Actor& actor, const FormFields& fields) {
    const std::string basis = FieldOf(fields, "legal_basis");
    const std::string coordinating = FieldOf(fields, "coordinating_organization_id");
    json organizations = json::array();
    json coordinating_options = json::array();
    coordinating_options.push_back({{"value", ""}, {"label", "指定しない"}, {"selected", coordinating.empty()}});
    json shown = json::object();  // the reads that failed (ShowSectionError)
    for (const auto& [id, name] : ValueOrShow(OrganizationNames(services, actor), shown, actor, "機関")) {
        const std::string key = std::to_string(id);
        organizations.push_back({{"id", id},
                                 {"label", name},
                                 {"member", FieldOf(fields, "member_" + key) == "1"},
                                 {"pledge", FieldOf(fields, "pledge_" + key)},
                                 {"left", FieldOf(fields, "left_" + key)}});
        coordinating_options.push_back({{"value", key}, {"label", name}, {"selected", coordinating == key}});
    }
    // The persons who may pledge: staff who work cases (professionals and 民生委員), by organisation.
    json persons = json::array();
    const auto organization_names = ValueOrShow(OrganizationNames(services, actor), shown, actor, "機関");
    for (const auto& [id, user] : ValueOrShow(UsersById(services, actor), shown, actor, "職員")) {
        const bool works_cases = user.HasRole(domain::Role::kCaseworker) || user.HasRole(domain::Role::kCoordinator) ||
                                 user.HasRole(domain::Role::kWelfareVolunteer);
        if (user.disabled || !works_cases) continue;
        const std::string key = std::to_string(id);
        persons.push_back(
            {{"id", id},
             {"label", user.display_name + "（" + NameOr(organization_names, user.organization_id) + "）"},
             {"named", FieldOf(fields, "named_" + key) == "1"},
             {"pledge", FieldOf(fields, "npledge_" + key)},
             {"left", FieldOf(fields, "nleft_" + key)}});
    }
    return {
        {"legal_basis_options", EnumOptions(kAllLegalBases, domain::LegalBasisCode, domain::LegalBasisLabel, basis)},
        {"display_name", FieldOf(fields, "display_name")},
        {"shares_without_consent", FieldOf(fields, "shares_without_consent") == "1"},
        {"sharing_days", FieldOf(fields, "sharing_days")},
        {"coordinating_options", coordinating_options},
        {"organizations", organizations},
        {"persons", persons},
        {"version", FieldOf(fields, "version")},
        {"section_errors", shown.value("section_errors", json::array())}};
}

FormFields FieldsOfBody(const domain::MeetingBody& body) {
    FormFields fields = {{"legal_basis", std::string(domain::LegalBasisCode(body.legal_basis))},
                         {"display_name", body.display_name},
                         {"shares_without_consent", body.shares_without_consent ? "1" : ""},
                         {"sharing_days", std::to_string(body.sharing_days)},
                         {"version", std::to_string(body.version)}};
    if (body.coordinating_organization_id) {
        fields["coordinating_organization_id"] = std::to_string(*body.coordinating_organization_id);
    }
    for (const domain::BodyMember& member : body.members) {
        const std::string key = std::to_string(member.organization_id);
        fields["member_" + key] = "1";
        if (member.pledge_signed_on) fields["pledge_" + key] = FormatWareki(*member.pledge_signed_on);
        if (member.left_on) fields["left_" + key] = FormatWareki(*member.left_on);
    }
    for (const domain::NamedMember& member : body.named_members) {
        const std::string key = std::to_string(member.user_id);
        fields["named_" + key] = "1";
        fields["npledge_" + key] = FormatWareki(member.pledge_signed_on);
        if (member.left_on) fields["nleft_" + key] = FormatWareki(*member.left_on);
    }
    return fields;
}

Result<domain::MeetingBody> BodyOfFields(const FormFields& fields) {
    domain::MeetingBody body;
    auto basis = domain::ParseLegalBasis(FieldOf(fields, "legal_basis"));
    if (!basis) return Fail(Error::InvalidArgument("根拠となる法令等を選んでください", "legal_basis"));
    body.legal_basis = *basis;
    body.display_name = Trim(FieldOf(fields, "display_name"));
    body.shares_without_consent = FieldOf(fields, "shares_without_consent") == "1";
    const std::string days = FieldOf(fields, "sharing_days");
    auto parsed_days = ParseId(days);
    if (!parsed_days || *parsed_days > 3650) {
        return Fail(Error::InvalidArgument("共有期間は1〜3650日で指定してください", "sharing_days"));
    }
    body.sharing_days = static_cast<int>(*parsed_days);
    if (const std::string coordinating = FieldOf(fields, "coordinating_organization_id"); !coordinating.empty()) {
        auto id = ParseId(coordinating);
        if (!id) return Fail(Error::InvalidArgument("調整機関を選び直してください", "coordinating_organization_id"));
        body.coordinating_organization_id = OrganizationId{*id};
    }
    for (const auto& [name, value] : fields) {
        if (!name.starts_with("member_") || value != "1") continue;
        auto id = ParseId(std::string_view(name).substr(7));
        if (!id) continue;
        const std::string key = std::to_string(*id);
        domain::BodyMember member{.organization_id = OrganizationId{*id}};
        auto pledge = OptionalDate(fields, "pledge_" + key, "誓約日");
        if (!pledge) return Fail(Error::InvalidArgument(pledge.error().message, "members"));
        member.pledge_signed_on = *pledge;
        auto left = OptionalDate(fields, "left_" + key, "脱退日");
        if (!left) return Fail(Error::InvalidArgument(left.error().message, "members"));
        member.left_on = *left;
        body.members.push_back(member);
    }
    for (const auto& [name, value] : fields) {
        if (!name.starts_with("named_") || value != "1") continue;
        auto id = ParseId(std::string_view(name).substr(6));
        if (!id) continue;
        const std::string key = std::to_string(*id);
        auto pledge = OptionalDate(fields, "npledge_" + key, "誓約日");
        if (!pledge) return Fail(Error::InvalidArgument(pledge.error().message, "named_members"));
        if (!pledge->has_value()) {
            return Fail(Error::InvalidArgument("誓約した職員には誓約日を入力してください", "named_members"));
        }
        auto left = OptionalDate(fields, "nleft_" + key, "脱退日");
        if (!left) return Fail(Error::InvalidArgument(left.error().message, "named_members"));
        body.named_members.push_back(domain::NamedMember{.user_id = UserId{*id},
                                                         .organization_id = OrganizationId{0},
                                                         .pledge_signed_on = **pledge,
                                                         .left_on = *left});
    }
    return body;
}

http::Response ListBodies(const SharingPageServices& services, http::Request& request) {
    const domain::Actor actor = ActorOf(request);
    auto bodies = services.sharing->Bodies(actor);
    if (!bodies) return RenderErrorPage(request, bodies.error());
    auto organizations_read = OrganizationNames(services, actor);
    if (!organizations_read) return RenderErrorPage(request, organizations_read.error());
    const auto& organizations = *organizations_read;
    auto users_read = UsersById(services, actor);
    if (!users_read) return RenderErrorPage(request, users_read.error());
    const auto& users = *users_read;
    json rows = json::array();
    for (const domain::MeetingBody& body : *bodies) {
        json members = json::array();
        for (const domain::BodyMember& member : body.members) {
            members.push_back({{"name", NameOr(organizations, member.organization_id)},
                               {"pledged", member.pledge_signed_on.has_value()},
                               {"left", member.left_on.has_value()}});
        }
        json named = json::array();
        for (const domain::NamedMember& member : body.named_members) {
            const auto user = users.find(member.user_id);
            named.push_back(
                {{"name", user == users.end() ? "職員 " + std::to_string(member.user_id) : user->second.display_name},
                 {"pledged_on", FormatWareki(member.pledge_signed_on)},
                 {"left", member.left_on.has_value()}});
        }
        rows.push_back({{"id", body.id},
                        {"name", body.display_name},
                        {"basis", domain::LegalBasisLabel(body.legal_basis)},
                        {"shares_without_consent", body.shares_without_consent},
                        {"sharing_days", body.sharing_days},
                        {"members", members},
                        {"named_members", named},
                        {"is_council", body.legal_basis == domain::LegalBasis::kIsolationCouncil}});
    }
    json data = {{"bodies", rows}, {"can_manage", ManagesBodies(actor.principal)}};
    if (request.QueryParam("saved")) data["notice"] = "会議体を保存しました。";
    return RenderPage(request, "会議体", "meeting_bodies", std::move(data));
}

http::Response RenderBodyForm(const SharingPageServices& services, const http::Request& request,
                              std::optional<domain::MeetingBodyId> id, const FormFields& fields, json errors,
                              int status) {
    json data = {{"body", BodyFormJson(services, ActorOf(request), fields)},
                 {"errors", std::move(errors)},
                 {"action", id ? "/meeting-bodies/" + std::to_string(*id) : std::string("/meeting-bodies")},
                 {"editing", id.has_value()}};
    return RenderPage(request, id ? "会議体を編集する" : "会議体を登録する", "meeting_body_form", std::move(data),
                      status);
}

http::Response NewBody(const SharingPageServices& services, http::Request& request) {
    if (!ManagesBodies(*request.principal)) {
        return RenderErrorPage(request, Error::PermissionDenied("会議体を登録できるのは推進員と管理者です"));
    }
    return RenderBodyForm(services, request, std::nullopt,
                          {{"legal_basis", "article_106_6"}, {"sharing_days", "90"}, {"shares_without_consent", "1"}},
                          json::object(), 200);
}

http::Response EditBody(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id) return NotFound(request);
    if (!ManagesBodies(*request.principal)) {
        return RenderErrorPage(request, Error::PermissionDenied("会議体を変更できるのは推進員と管理者です"));
    }
    auto body = services.sharing->Body(ActorOf(request), domain::MeetingBodyId{*id});
    if (!body) return RenderErrorPage(request, body.error());
    return RenderBodyForm(services, request, domain::MeetingBodyId{*id}, FieldsOfBody(*body), json::object(), 200);
}

http::Response SaveBody(const SharingPageServices& services, http::Request& request) {
    std::optional<domain::MeetingBodyId> id;
    if (!request.PathParam("id").empty()) {
        id = OptionalIdOf<domain::MeetingBodyId>(PathId(request, "id"));
        if (!id) return NotFound(request);
    }
    const FormFields fields = request.FormFields();
    auto fail = [&](const Error& error) {
        if (!error.Is(ErrorCode::kInvalidArgument) && !error.Is(ErrorCode::kConflict) &&
            !(error.Is(ErrorCode::kNotFound) && !error.field.empty())) {
            return RenderErrorPage(request, error);
        }
        json errors = json::object();
        AddFieldError(errors, error, kBodyFields);
        return RenderBodyForm(services, request, id, fields, std::move(errors),
                              error.Is(ErrorCode::kConflict) ? 409 : 400);
    };
    auto body = BodyOfFields(fields);
    if (!body) return fail(body.error());
    const domain::Actor actor = ActorOf(request);
    Result<domain::MeetingBody> saved = Fail(Error::Internal());
    if (id) {
        auto version = ParseId(FieldOf(fields, "version"));
        if (!version) return fail(Error::InvalidArgument("版が正しくありません。開き直してください", "version"));
        saved = services.sharing->UpdateBody(actor, *id, static_cast<int>(*version), *body);
    } else {
        saved = services.sharing->CreateBody(actor, *body);
    }
    if (!saved) return fail(saved.error());
    return http::Response::Redirect("/meeting-bodies?saved=1");
}

http::Response ShowAnnouncement(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id) return NotFound(request);
    const domain::Actor actor = ActorOf(request);
    auto body = services.sharing->Body(actor, domain::MeetingBodyId{*id});
    if (!body) return RenderErrorPage(request, body.error());
    auto text = services.sharing->AnnouncementText(actor, domain::MeetingBodyId{*id});
    if (!text) return RenderErrorPage(request, text.error());
    json lines = json::array();
    std::string_view rest = *text;
    while (!rest.empty()) {
        const std::size_t newline = rest.find('\n');
        lines.push_back(std::string(rest.substr(0, newline)));
        if (newline == std::string_view::npos) break;
        rest.remove_prefix(newline + 1);
    }
    json data = {{"lines", lines}, {"body_name", body->display_name}};
    return RenderPage(request, "公示文", "meeting_body_announcement", std::move(data));
}

}  // namespace

void AddMeetingBodyPages(http::Router& router, const SharingPageServices& services) {
    auto page = [&router, &services](std::string method, std::string pattern,
                                     http::Response (*handler)(const SharingPageServices&, http::Request&)) {
        AddSharingPage(router, services, std::move(method), std::move(pattern), handler);
    };
    page("GET", "/meeting-bodies", ListBodies);
    page("GET", "/meeting-bodies/new", NewBody);
    page("POST", "/meeting-bodies", SaveBody);
    page("GET", "/meeting-bodies/{id}", EditBody);
    page("POST", "/meeting-bodies/{id}", SaveBody);
    page("GET", "/meeting-bodies/{id}/announcement", ShowAnnouncement);
}

}  // namespace kasane::web
