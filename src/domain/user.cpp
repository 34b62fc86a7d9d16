// SPDX-License-Identifier: Apache-2.0
#include "domain/user.hpp"

#include <algorithm>

#include "base/json.hpp"

namespace kasane::domain {

std::string_view RoleCode(Role role) {
    switch (role) {
        case Role::kSystemAdministrator: return "system_administrator";
        case Role::kMunicipalAdministrator: return "municipal_administrator";
        case Role::kCoordinator: return "coordinator";
        case Role::kCaseworker: return "caseworker";
        case Role::kWelfareVolunteer: return "welfare_volunteer";
        case Role::kAuditor: return "auditor";
        case Role::kPrefectureAnalyst: return "prefecture_analyst";
    }
    return "caseworker";
}

std::string_view RoleLabel(Role role) {
    switch (role) {
        case Role::kSystemAdministrator: return "システム管理者";
        case Role::kMunicipalAdministrator: return "市町村管理者";
        case Role::kCoordinator: return "相談支援包括化推進員";
        case Role::kCaseworker: return "相談支援員";
        case Role::kWelfareVolunteer: return "民生委員";
        case Role::kAuditor: return "監査担当";
        case Role::kPrefectureAnalyst: return "県分析担当";
    }
    return "相談支援員";
}

std::optional<Role> ParseRole(std::string_view code) {
    for (const Role role : kAllRoles) {
        if (RoleCode(role) == code) return role;
    }
    return std::nullopt;
}

bool User::HasRole(Role role) const { return std::find(roles.begin(), roles.end(), role) != roles.end(); }

Status ValidateUsername(std::string_view username) {
    if (username.size() < 3 || username.size() > 64) {
        return Fail(Error::InvalidArgument("ユーザー名は3〜64文字にしてください", "username"));
    }
    const bool allowed = std::all_of(username.begin(), username.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
    if (!allowed) {
        return Fail(
            Error::InvalidArgument("ユーザー名は半角英小文字・数字・「.」「_」「-」で入力してください", "username"));
    }
    return {};
}

Status ValidatePassword(std::string_view password) {
    if (!IsValidUtf8(password)) {
        return Fail(Error::InvalidArgument("パスワードに使えない文字が含まれています", "password"));
    }
    const std::size_t length = CodePointCount(password);
    if (length < 10) return Fail(Error::InvalidArgument("パスワードは10文字以上にしてください", "password"));
    if (length > 256) return Fail(Error::InvalidArgument("パスワードは256文字以内にしてください", "password"));
    return {};
}

std::string_view AuthEventKindCode(AuthEventKind kind) {
    switch (kind) {
        case AuthEventKind::kSignInSucceeded: return "sign_in_succeeded";
        case AuthEventKind::kSignInFailed: return "sign_in_failed";
        case AuthEventKind::kLockedOut: return "locked_out";
        case AuthEventKind::kSignedOut: return "signed_out";
        case AuthEventKind::kPasswordChanged: return "password_changed";
        case AuthEventKind::kUserDisabled: return "user_disabled";
        case AuthEventKind::kApiTokenCreated: return "api_token_created";
        case AuthEventKind::kApiTokenRevoked: return "api_token_revoked";
    }
    return "sign_in_failed";
}

std::optional<AuthEventKind> ParseAuthEventKind(std::string_view code) {
    static constexpr AuthEventKind kAll[] = {AuthEventKind::kSignInSucceeded, AuthEventKind::kSignInFailed,
                                             AuthEventKind::kLockedOut,       AuthEventKind::kSignedOut,
                                             AuthEventKind::kPasswordChanged, AuthEventKind::kUserDisabled,
                                             AuthEventKind::kApiTokenCreated, AuthEventKind::kApiTokenRevoked};
    for (const AuthEventKind kind : kAll) {
        if (AuthEventKindCode(kind) == code) return kind;
    }
    return std::nullopt;
}

std::string_view PendingPurposeCode(PendingPurpose purpose) {
    switch (purpose) {
        case PendingPurpose::kCode: return "code";
        case PendingPurpose::kEnrol: return "enrol";
    }
    return "code";
}

std::optional<PendingPurpose> ParsePendingPurpose(std::string_view code) {
    if (code == "code") return PendingPurpose::kCode;
    if (code == "enrol") return PendingPurpose::kEnrol;
    return std::nullopt;
}

}  // namespace kasane::domain
