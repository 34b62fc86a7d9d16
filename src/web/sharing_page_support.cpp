// SPDX-License-Identifier: Apache-2.0
// What the pages of lawful sharing share; see sharing_page_support.hpp.

#include "web/sharing_page_support.hpp"

#include <map>
#include <string>

#include "base/japanese_date.hpp"
#include "domain/access_policy.hpp"
#include "web/pages.hpp"

namespace kasane::web {

void AddSharingPage(http::Router& router, const SharingPageServices& services, std::string method, std::string pattern,
                    http::Response (*handler)(const SharingPageServices&, http::Request&)) {
    router.Add({.method = std::move(method),
                .pattern = std::move(pattern),
                .access = http::Access::kSignedIn,
                .surface = http::Surface::kPage,
                .handler = [services, handler](http::Request& request) { return handler(services, request); }});
}

namespace sharing {

using nlohmann::json;

bool ManagesBodies(const domain::Principal& principal) {
    return principal.HasRole(domain::Role::kCoordinator) || principal.HasRole(domain::Role::kMunicipalAdministrator);
}

bool ReadsAudit(const domain::Principal& principal) {
    return principal.HasRole(domain::Role::kAuditor) || principal.HasRole(domain::Role::kMunicipalAdministrator);
}

// How much of the record a line of the 共有 tab opens, in the words the tab uses.
std::string_view ViewLevelLabel(domain::ViewLevel level) {
    switch (level) {
        case domain::ViewLevel::kFull: return "全部";
        case domain::ViewLevel::kMeetingShared: return "会議で共有された内容のみ";
        case domain::ViewLevel::kReferralSheet: return "紹介シートのみ";
        case domain::ViewLevel::kIdentity: return "本人確認のみ";
        case domain::ViewLevel::kNone: return "閲覧できない";
    }
    return "";
}

std::string_view ViewLevelCode(domain::ViewLevel level) {
    switch (level) {
        case domain::ViewLevel::kFull: return "full";
        case domain::ViewLevel::kMeetingShared: return "meeting";
        case domain::ViewLevel::kReferralSheet: return "sheet";
        case domain::ViewLevel::kIdentity: return "identity";
        case domain::ViewLevel::kNone: return "none";
    }
    return "";
}

// The basis column of the audit trail holds an AccessBasisCode, a LegalBasisCode (a meeting's provision), or ""
// for the organisation's own writes.
std::string BasisLabelOfCode(std::string_view code) {
    if (code.empty()) return "自機関の操作";
    for (domain::AccessBasis basis : kAccessBases) {
        if (domain::AccessBasisCode(basis) == code) return std::string(domain::AccessBasisLabel(basis));
    }
    if (auto legal = domain::ParseLegalBasis(code))
        return "会議での提供（" + std::string(domain::LegalBasisLabel(*legal)) + "）";
    return std::string(code);
}

std::string ActionLabel(std::string_view code) {
    static const std::map<std::string, std::string, std::less<>> kLabels = {
        {"read", "閲覧"},   {"search", "検索"},  {"export", "出力・提供"},    {"create", "登録"},
        {"update", "更新"}, {"merge", "名寄せ"}, {"unmerge", "名寄せの取消"}, {"status_change", "状態の変更"}};
    auto found = kLabels.find(code);
    return found == kLabels.end() ? std::string(code) : found->second;
}

std::string RecordTypeLabel(std::string_view code) {
    static const std::map<std::string, std::string, std::less<>> kLabels = {{"person", "本人"},
                                                                            {"household", "世帯"},
                                                                            {"consultation", "相談"},
                                                                            {"referral", "つなぎ"},
                                                                            {"report", "集計"},
                                                                            {"consent", "同意"},
                                                                            {"meeting", "会議"},
                                                                            {"emergency_access", "緊急時の閲覧"},
                                                                            {"person_sharing", "共有の説明"},
                                                                            {"disclosure_copy", "開示用の写し"},
                                                                            {"audit_trail", "監査記録"}};
    auto found = kLabels.find(code);
    return found == kLabels.end() ? std::string(code) : found->second;
}

http::Response NotFound(const http::Request& request) { return RenderErrorPage(request, Error::NotFound()); }

std::optional<std::int64_t> PathId(const http::Request& request, std::string_view name) {
    return ParseId(request.PathParam(name));
}

Result<std::map<OrganizationId, std::string>> OrganizationNames(const SharingPageServices& services,
                                                                const domain::Actor& actor) {
    std::map<OrganizationId, std::string> names;
    if (auto organizations = services.directory->Organizations(actor.principal)) {
        for (const domain::Organization& organization : *organizations) names[organization.id] = organization.name;
    } else {
        return Fail(organizations.error());
    }
    return names;
}

Result<std::map<UserId, domain::User>> UsersById(const SharingPageServices& services, const domain::Actor& actor) {
    std::map<UserId, domain::User> users;
    if (auto list = services.directory->Users(actor.principal)) {
        for (domain::User& user : *list) users.emplace(user.id, std::move(user));
    } else {
        return Fail(list.error());
    }
    return users;
}

std::string NameOr(const std::map<OrganizationId, std::string>& names, OrganizationId id) {
    auto found = names.find(id);
    return found == names.end() ? "機関 " + std::to_string(id) : found->second;
}

// A date typed in 和暦 or 西暦; nullopt for an empty field.
Result<std::optional<Date>> OptionalDate(const FormFields& fields, std::string_view name, std::string_view label) {
    const std::string text = FieldOf(fields, name);
    if (text.empty()) return std::optional<Date>{};
    auto date = ParseJapaneseDate(text, label);
    if (!date) {
        Error error = date.error();
        error.field = std::string(name);
        return Fail(std::move(error));
    }
    return std::optional<Date>{*date};
}

json PersonTabs(domain::PersonId id, std::string_view current) {
    return {{"id", id}, {"record", current == "record"}, {"sharing", current == "sharing"}};
}

}  // namespace sharing

}  // namespace kasane::web
