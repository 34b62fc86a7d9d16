// SPDX-License-Identifier: Apache-2.0
#include "domain/export_rights.hpp"

#include <algorithm>
#include <charconv>

#include "domain/intake.hpp"
#include "domain/repositories.hpp"

namespace kasane::domain {

namespace {

bool NeverExportsPersonalData(Role role) { return role == Role::kWelfareVolunteer || role == Role::kPrefectureAnalyst; }

}  // namespace

bool MayBeGrantedPersonalDataExport(Role role) {
    return role == Role::kCoordinator || role == Role::kMunicipalAdministrator || role == Role::kCaseworker;
}

std::vector<Role> DefaultPersonalDataExporters() { return {Role::kMunicipalAdministrator, Role::kCoordinator}; }

bool MayExport(const Principal& principal, ExportKind kind, const std::vector<Role>& personal_data_exporters) {
    auto granted = [&] {
        for (Role role : principal.user.roles) {
            if (NeverExportsPersonalData(role)) return false;
        }
        for (Role role : personal_data_exporters) {
            if (MayBeGrantedPersonalDataExport(role) && principal.HasRole(role)) return true;
        }
        return false;
    };
    switch (kind) {
        case ExportKind::kPersonalData: return granted();
        case ExportKind::kAuditTrail:
            return principal.HasRole(Role::kAuditor) || (principal.HasRole(Role::kMunicipalAdministrator) && granted());
    }
    return false;
}

std::string ExportRolesText(const std::vector<Role>& roles) {
    std::string text;
    for (Role role : roles) {
        if (!text.empty()) text += ",";
        text += RoleCode(role);
    }
    return text;
}

Result<std::vector<Role>> PersonalDataExporters(Store& store, MunicipalityId municipality_id) {
    auto value = store.Tenant(municipality_id)->Settings().Get(kPersonalDataExportersSetting);
    if (!value) return Fail(value.error());
    if (!value->has_value()) return DefaultPersonalDataExporters();
    std::vector<Role> roles;
    std::string_view text = **value;
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        const std::string_view code = text.substr(0, comma);
        // An unknown or no longer grantable code grants nothing: the setting can only narrow, never widen.
        if (auto role = ParseRole(code); role && MayBeGrantedPersonalDataExport(*role)) roles.push_back(*role);
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return roles;
}

Status AuthorizeExport(Store& store, const Actor& actor, ExportKind kind) {
    auto exporters = PersonalDataExporters(store, actor.Tenant());
    if (!exporters) return Fail(exporters.error());
    if (MayExport(actor.principal, kind, *exporters)) return {};
    return Fail(Error::PermissionDenied(kind == ExportKind::kAuditTrail
                                            ? "監査記録を出力する権限がありません"
                                            : "個人情報を出力（ファイル・印刷・写し）する権限がありません。"
                                              "必要なときは町の管理者に出力の権限を依頼してください"));
}

std::string ExportDetail(long long rows, std::string_view what) {
    std::string detail = "rows=" + std::to_string(rows);
    if (!what.empty()) {
        detail += "; ";
        detail += what;
    }
    return detail;
}

std::optional<long long> ExportRows(std::string_view detail) {
    if (!detail.starts_with("rows=")) return std::nullopt;
    detail.remove_prefix(5);
    long long rows = 0;
    const auto [end, error] = std::from_chars(detail.data(), detail.data() + detail.size(), rows);
    if (error != std::errc{} || end == detail.data()) return std::nullopt;
    return rows;
}

}  // namespace kasane::domain
