// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"

namespace kasane::domain {

enum class Role {
    kSystemAdministrator,     // システム管理者: operates the installation
    kMunicipalAdministrator,  // 市町村管理者: users and masters of one municipality
    kCoordinator,             // 相談支援包括化推進員
    kCaseworker,              // 相談支援員 (caseworker of any organisation)
    kWelfareVolunteer,        // 民生委員・児童委員: narrow rights
    kAuditor,                 // 監査担当 (privacy officer): reads the audit trail
    kPrefectureAnalyst,       // 都道府県の分析担当: aggregates only
};
inline constexpr Role kAllRoles[] = {Role::kSystemAdministrator, Role::kMunicipalAdministrator, Role::kCoordinator,
                                     Role::kCaseworker,          Role::kWelfareVolunteer,       Role::kAuditor,
                                     Role::kPrefectureAnalyst};
std::string_view RoleCode(Role role);   // "welfare_volunteer"
std::string_view RoleLabel(Role role);  // "民生委員"
std::optional<Role> ParseRole(std::string_view code);

struct User {
    UserId id{};
    MunicipalityId municipality_id{};
    OrganizationId organization_id{};
    std::string username;       // unique across the installation; 3..64 of [a-z0-9._-]
    std::string display_name;   // 氏名
    std::vector<Role> roles;    // sorted, no duplicates
    std::string password_hash;  // Argon2id string
    bool disabled = false;
    int failed_sign_ins = 0;              // consecutive failures since the last success
    std::optional<Instant> locked_until;  // temporary lock-out after repeated failures
    Instant created_at{};

    bool HasRole(Role role) const;
};

// What UserRepository::SetDisabled sets an account to.
enum class AccountState { kActive, kDisabled };

// Checks a username and a password against the rules; the error names the field.
Status ValidateUsername(std::string_view username);
Status ValidatePassword(std::string_view password);

struct NewUser {
    OrganizationId organization_id{};
    std::string username;
    std::string display_name;
    std::vector<Role> roles;
    std::string password_hash;
};

// A signed-in session. The token itself is only ever in the browser's cookie; the database holds its hash.
struct Session {
    std::string token_hash;
    UserId user_id{};
    MunicipalityId municipality_id{};
    Instant created_at{};
    Instant last_seen_at{};
    Instant expires_at{};  // absolute expiry
    std::string remote_address;
    std::string user_agent;
    PostId post_id = 0;  // the post the session acts in (post.hpp); 0 while the user has no posts
};

struct ApiToken {
    ApiTokenId id = 0;
    MunicipalityId municipality_id{};
    UserId user_id{};  // the token acts as this (service) user, with its roles
    std::string name;
    std::string token_hash;
    Instant created_at{};
    std::optional<Instant> expires_at;
    std::optional<Instant> revoked_at;
};

enum class AuthEventKind {
    kSignInSucceeded,
    kSignInFailed,
    kLockedOut,
    kSignedOut,
    kPasswordChanged,
    kUserDisabled,
    kApiTokenCreated,
    kApiTokenRevoked,
};
std::string_view AuthEventKindCode(AuthEventKind kind);  // "sign_in_failed"
std::optional<AuthEventKind> ParseAuthEventKind(std::string_view code);

struct AuthEvent {
    std::int64_t id = 0;
    AuthEventKind kind = AuthEventKind::kSignInFailed;
    std::optional<MunicipalityId> municipality_id;  // unknown when the username matched nobody
    std::optional<UserId> user_id;
    std::string username;  // as typed
    std::string remote_address;
    Instant at{};
};

// A second factor (TOTP, RFC 6238) of one user. The secret is kept sealed (SealSecret) with the server's key.
struct SecondFactor {
    UserId user_id{};
    MunicipalityId municipality_id{};
    std::string sealed_secret;
    std::optional<Instant> confirmed_at;  // unset while the user has not yet proved the app holds the secret
    std::int64_t last_step = 0;           // the newest time step accepted; that step and older are refused (replay)
    Instant created_at{};
};

// What the first step of a sign-in left for the second: the password was right, the session not yet given.
enum class PendingPurpose {
    kCode,   // enter a code from the app, or a recovery code
    kEnrol,  // the town requires a second factor of this user's roles and the user has none yet
};
std::string_view PendingPurposeCode(PendingPurpose purpose);  // "code", "enrol"
std::optional<PendingPurpose> ParsePendingPurpose(std::string_view code);

struct PendingSignIn {
    std::string token_hash;  // SHA-256 of the token the client holds
    UserId user_id{};
    MunicipalityId municipality_id{};
    PendingPurpose purpose = PendingPurpose::kCode;
    Instant created_at{};
    Instant expires_at{};
    std::string remote_address;
};

}  // namespace kasane::domain
