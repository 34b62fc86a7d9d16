#pragma once

// Sign-in, sessions, API tokens and throttling. Stateless: everything lives in the database, so several
// servers can share one PostgreSQL.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/master_data.hpp"
#include "domain/repositories.hpp"
#include "domain/user.hpp"

namespace kasane::domain {

struct AuthSettings {
    std::chrono::minutes session_idle_timeout{30};
    std::chrono::hours session_absolute_lifetime{12};
    // Per account: this many consecutive failures lock the account for lockout_duration.
    int max_failures_per_account = 5;
    std::chrono::minutes lockout_duration{15};
    // Per address: this many failures within address_window refuse further attempts from the address.
    int max_failures_per_address = 20;
    std::chrono::minutes address_window{15};
    // last_seen_at is written at most this often, so that reads do not become writes.
    std::chrono::seconds touch_interval{60};
};

enum class AuthMethod { kSession, kApiToken };

// Who is making a request: the user, the tenant it acts in, and how it proved itself.
struct Principal {
    User user;
    AuthMethod method = AuthMethod::kSession;
    std::string csrf_token;  // for kSession: the token state-changing requests must carry

    MunicipalityId Tenant() const { return user.municipality_id; }
    bool HasRole(Role role) const { return user.HasRole(role); }
};

// Roles whose work is casework (専門職): caseworkers and coordinators. 要配慮個人情報 (個人情報保護法 第2条第3項: 病歴,
// 障害, 犯罪の経歴, 犯罪により害を被った事実 …) is shown only to them, and only they work support cases.
inline bool IsProfessional(const Principal& principal) {
    return principal.HasRole(Role::kCaseworker) || principal.HasRole(Role::kCoordinator);
}

struct SignedIn {
    std::string session_token;  // goes into the cookie, nowhere else
    Principal principal;
    Instant expires_at{};
};

struct IssuedApiToken {
    std::string token;  // shown once
    ApiToken record;
};

class AuthService {
public:
    AuthService(Store& store, const Clock& clock, AuthSettings settings);

    // Checks the password (Argon2id) and opens a session. Every attempt is recorded as an auth event.
    // kUnauthenticated for a wrong username or password (the same message for both, and the same cost:
    // a missing user still pays one hash verification); kTooManyRequests while the account is locked or the
    // address is throttled; disabled users fail like a wrong password.
    Result<SignedIn> SignIn(std::string_view username, std::string_view password, std::string_view remote_address,
                            std::string_view user_agent);

    // The principal of a session token from a cookie. kUnauthenticated when unknown, idle too long, past its
    // absolute expiry, or its user is disabled. Refreshes last_seen_at at most every touch_interval.
    Result<Principal> AuthenticateSession(std::string_view session_token);

    // The principal of a bearer token. kUnauthenticated when unknown, revoked, expired or the user disabled.
    Result<Principal> AuthenticateApiToken(std::string_view token);

    Status SignOut(std::string_view session_token, const Principal& principal, std::string_view remote_address);

    // Issues an API token acting as `user_id` (of the principal's municipality). Municipal or system
    // administrators only.
    Result<IssuedApiToken> CreateApiToken(const Principal& principal, UserId user_id, std::string_view name,
                                          std::optional<Instant> expires_at);

    // Revokes a token of the principal's municipality at once. Administrators only.
    Status RevokeApiToken(const Principal& principal, ApiTokenId token_id);

    // The CSRF token that belongs to a session token (derived, so nothing more is stored).
    static std::string CsrfTokenFor(std::string_view session_token);

private:
    Store& store_;
    const Clock& clock_;
    AuthSettings settings_;
    std::string dummy_hash_;  // verified against when the username is unknown, to keep timing equal
};

}  // namespace kasane::domain
