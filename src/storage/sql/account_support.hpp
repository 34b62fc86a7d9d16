// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to src/storage/sql: the users, API tokens and sign-in events that users_store.cpp, api_tokens_store.cpp,
// auth_events_store.cpp and accounts_store.cpp (the look-ups before the tenant is known) share.

#include <string>
#include <vector>

#include "domain/repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {
namespace {  // NOLINT(google-build-namespaces,cert-dcl59-cpp): internal to src/storage/sql

using domain::ApiToken;
using domain::Area;
using domain::AreaKind;
using domain::AuthEvent;
using domain::Municipality;
using domain::NewUser;
using domain::Organization;
using domain::OrganizationKind;
using domain::PendingSignIn;
using domain::Prefecture;
using domain::Role;
using domain::SecondFactor;
using domain::Session;
using domain::User;
using sql_support::IdOrNull;
using sql_support::OptionalTimeText;
using sql_support::ReadInto;
using sql_support::TextOrNull;
using sql_support::WithField;
using sql_support::WriteInto;

inline constexpr SqlStatement kSelectUserByUsername{
    "select_user_by_username",
    "SELECT u.id, u.municipality_id, u.organization_id, u.username, u.display_name, u.password_hash, u.disabled, "
    "u.failed_sign_ins, u.locked_until, u.created_at, r.role "
    "FROM users u LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.username = $1"};

inline constexpr std::size_t kUserColumns = 11;  // the user's columns plus r.role

// Folds rows of (user columns…, role) starting at column `first` into users, in row order.
inline Result<std::vector<User>> UsersFromRows(const SqlResult& result, std::size_t first) {
    std::vector<User> users;
    for (const auto& values : result.rows) {
        const SqlRow row(values);
        auto id = row.Integer(first);
        if (!id) return Fail(id.error());
        if (users.empty() || users.back().id != *id) {
            User user;
            auto municipality_id = row.Integer(first + 1);
            auto organization_id = row.Integer(first + 2);
            auto username = row.Text(first + 3);
            auto display_name = row.Text(first + 4);
            auto password_hash = row.Text(first + 5);
            auto disabled = row.Boolean(first + 6);
            auto failed_sign_ins = row.Integer(first + 7);
            auto locked_until = row.OptionalTime(first + 8);
            auto created_at = row.Time(first + 9);
            if (!municipality_id || !organization_id || !username || !display_name || !password_hash || !disabled ||
                !failed_sign_ins || !locked_until || !created_at) {
                return Fail(Error::Internal());
            }
            user.id = UserId{*id};
            user.municipality_id = MunicipalityId{*municipality_id};
            user.organization_id = OrganizationId{*organization_id};
            user.username = std::move(*username);
            user.display_name = std::move(*display_name);
            user.password_hash = std::move(*password_hash);
            user.disabled = *disabled;
            user.failed_sign_ins = static_cast<int>(*failed_sign_ins);
            user.locked_until = *locked_until;
            user.created_at = *created_at;
            users.push_back(std::move(user));
        }
        if (!row.IsNull(first + 10)) {
            auto role = domain::ParseRole(*row.Text(first + 10));
            if (!role) return Fail(Error::Internal());
            users.back().roles.push_back(*role);
        }
    }
    for (User& user : users) std::sort(user.roles.begin(), user.roles.end());
    return users;
}

inline Status ReadOneUser(const Result<SqlResult>& result, User& out) {
    if (!result) return Fail(result.error());
    auto users = UsersFromRows(*result, 0);
    if (!users) return Fail(users.error());
    if (users->empty()) return Fail(Error::NotFound("利用者が見つかりません"));
    out = std::move(users->front());
    return {};
}

// UPDATE … WHERE id = … AND municipality_id = …: no row changed means no such user in this municipality.
inline Status ExpectOneRow(const Result<SqlResult>& result, std::string_view what) {
    if (!result) return Fail(result.error());
    if (result->affected_rows == 0) return Fail(Error::NotFound(std::string(what) + "が見つかりません"));
    return {};
}

inline constexpr std::size_t kApiTokenColumns = 8;

inline Result<ApiToken> ApiTokenFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto user_id = row.Integer(2);
    auto name = row.Text(3);
    auto token_hash = row.Text(4);
    auto created_at = row.Time(5);
    auto expires_at = row.OptionalTime(6);
    auto revoked_at = row.OptionalTime(7);
    if (!id || !municipality_id || !user_id || !name || !token_hash || !created_at || !expires_at || !revoked_at) {
        return Fail(Error::Internal());
    }
    return ApiToken{.id = *id,
                    .municipality_id = MunicipalityId{*municipality_id},
                    .user_id = UserId{*user_id},
                    .name = std::move(*name),
                    .token_hash = std::move(*token_hash),
                    .created_at = *created_at,
                    .expires_at = *expires_at,
                    .revoked_at = *revoked_at};
}

inline constexpr SqlStatement kInsertAuthEvent{
    "insert_auth_event",
    "INSERT INTO auth_events (kind, municipality_id, user_id, username, remote_address, at) "
    "VALUES ($1, $2, $3, $4, $5, $6)"};
inline constexpr SqlStatement kListRecentAuthEvents{
    "list_recent_auth_events",
    "SELECT id, kind, municipality_id, user_id, username, remote_address, at FROM auth_events "
    "WHERE municipality_id = $1 ORDER BY id DESC LIMIT $2"};
inline constexpr SqlStatement kCountSignInFailuresFromAddress{
    "count_sign_in_failures_from_address",
    "SELECT count(*) FROM auth_events WHERE remote_address = $1 AND at >= $2 AND kind = $3"};

}  // namespace
}  // namespace kasane::storage
