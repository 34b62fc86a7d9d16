// SPDX-License-Identifier: Apache-2.0
#pragma once

// Sign-in, sessions, API tokens and throttling. Stateless: everything lives in the database, so several
// servers can share one PostgreSQL.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/master_data.hpp"
#include "domain/post.hpp"
#include "domain/read_ahead.hpp"
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
    // The time between a right password and the second step (a code, or enrolment).
    std::chrono::minutes pending_sign_in_lifetime{5};
    // Seals TOTP secrets at rest (SealSecret). Empty: the deployment gave no key, and secrets are stored unsealed
    // (still never logged, audited or returned after enrolment).
    std::string secret_key;
    // The issuer shown by authenticator apps (otpauth:// URI).
    std::string totp_issuer = "Kasane";
};

enum class AuthMethod { kSession, kApiToken };

// Who is making a request: the user, the tenant it acts in, and how it proved itself. When the user holds posts
// (post.hpp), `user.organization_id` and `user.roles` are those of the post the session acts in, so that every
// decision of the policy is made with the post's rights.
struct Principal {
    User user;
    AuthMethod method = AuthMethod::kSession;
    std::string csrf_token;   // for kSession: the token state-changing requests must carry
    PostId post_id = 0;       // the post acted in; 0: the user has no posts (the account's own organisation)
    std::vector<Post> posts;  // the user's posts active today (empty when the user has none)

    MunicipalityId Tenant() const { return user.municipality_id; }
    bool HasRole(Role role) const { return user.HasRole(role); }
};

// Roles whose work is casework (専門職): caseworkers and coordinators. 要配慮個人情報 (個人情報保護法 第2条第3項: 病歴,
// 障害, 犯罪の経歴, 犯罪により害を被った事実 …) is shown only to them, and only they work support cases.
inline bool IsProfessional(const Principal& principal) {
    return principal.HasRole(Role::kCaseworker) || principal.HasRole(Role::kCoordinator);
}

// Roles that record consultations and persons and send or receive referrals: the professional roles and 民生委員.
// One home: the use cases (intake_support::WorksCases) and the menu (相談受付, つなぎ) both ask this.
inline bool RecordsConsultations(const Principal& principal) {
    return IsProfessional(principal) || principal.HasRole(Role::kWelfareVolunteer);
}

struct SignedIn {
    std::string session_token;  // goes into the cookie, nowhere else
    Principal principal;
    Instant expires_at{};
};

// What a right password gives when a second step is due: a token for that step alone (no session, no access to
// anything else), valid for AuthSettings::pending_sign_in_lifetime and stored as its SHA-256 hash.
struct SecondStep {
    PendingPurpose purpose = PendingPurpose::kCode;
    std::string pending_token;  // shown once to the client
    Instant expires_at{};
};

// The first step of a sign-in: a session, or a second step to take. Exactly one is set.
struct SignInStep {
    std::optional<SignedIn> signed_in;
    std::optional<SecondStep> second_step;
};

// A new TOTP secret, shown once: to be typed into (or read by) an authenticator app.
struct TotpEnrolment {
    std::string secret_base32;
    std::string otpauth_uri;  // otpauth://totp/Issuer:username?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30
};

// A confirmed enrolment: the recovery codes, shown once, and — when it finished a sign-in — the session.
struct EnrolmentConfirmed {
    std::vector<std::string> recovery_codes;
    std::optional<SignedIn> signed_in;
};

struct SecondFactorState {
    bool enrolled = false;  // confirmed
    std::optional<Instant> confirmed_at;
    int recovery_codes_left = 0;
    bool required = false;  // the town requires it of this user's roles
};

inline constexpr int kRecoveryCodeCount = 10;

// The town's rule on a second factor for the roles that read 要配慮個人情報: AuthService::SetSecondFactorRequired.
enum class SecondFactorRule { kOptional, kRequired };

struct IssuedApiToken {
    std::string token;  // shown once
    ApiToken record;
};

class AuthService {
public:
    AuthService(Store& store, const Clock& clock, AuthSettings settings);

    // Checks the password (Argon2id). Every attempt is recorded as an auth event. A wrong password, an unknown
    // username, a disabled user, a locked account and a throttled address all give the one error of
    // WrongCredentials(), at the cost of one hash verification each, so that nothing tells them apart. The
    // lock-out counts per account (max_failures_per_account) and per address (max_failures_per_address).
    // A right password gives a session, or — when the user has a second factor, or the town requires one of the
    // user's roles and the user has none yet — a SecondStep and no session.
    Result<SignInStep> SignIn(std::string_view username, std::string_view password, std::string_view remote_address,
                              std::string_view user_agent);

    // The second step with a code from the app (6 digits; one step either side is accepted, a step already used
    // is refused) or an unused recovery code (used up by this). A wrong code counts as a failed sign-in, towards
    // the account's and the address's lock-out. kUnauthenticated: WrongCode() or PendingEnded().
    Result<SignedIn> CompleteSignIn(std::string_view pending_token, std::string_view code,
                                    std::string_view remote_address, std::string_view user_agent);

    // Enrolment as the second step (PendingPurpose::kEnrol): a new secret, replacing any unconfirmed one;
    // then the confirmation with a code of it, which stores the recovery codes and opens the session.
    Result<TotpEnrolment> StartEnrolment(std::string_view pending_token);
    Result<EnrolmentConfirmed> ConfirmEnrolment(std::string_view pending_token, std::string_view code,
                                                std::string_view remote_address, std::string_view user_agent);

    // Enrolment by a signed-in user (session only). kConflict when the user already has a confirmed second factor
    // (an administrator removes it first); kInvalidArgument, field "code", for a wrong code.
    Result<TotpEnrolment> StartEnrolment(const Principal& principal);
    Result<EnrolmentConfirmed> ConfirmEnrolment(const Principal& principal, std::string_view code);
    Result<SecondFactorState> SecondFactorStatus(const Principal& principal);

    // An administrator of the user's municipality removes the user's second factor (a lost phone); audited.
    // kNotFound for a user of another municipality.
    Status ResetSecondFactor(const Principal& principal, UserId user_id);

    // The town's rule: a second factor for the roles that read 要配慮個人情報 (IsProfessional). Anyone signed in
    // reads it; municipal or system administrators set it (audited).
    Result<bool> SecondFactorRequired(const Principal& principal);
    Status SetSecondFactorRequired(const Principal& principal, SecondFactorRule rule);

    // The one answer to every failed first step.
    static Error WrongCredentials();
    static Error WrongCode();
    static Error PendingEnded();

    // The principal of a session token from a cookie. kUnauthenticated when unknown, idle too long, past its
    // absolute expiry, or its user is disabled. Refreshes last_seen_at at most every touch_interval.
    Result<Principal> AuthenticateSession(std::string_view session_token);
    // The same, and `then` — what the request reads next in the session's municipality — read with the session
    // where the store can (read_ahead.hpp); `read_ahead` receives the scope that serves it, to keep for the request.
    Result<Principal> AuthenticateSession(std::string_view session_token, const SessionFollowUp& then,
                                          std::unique_ptr<ReadAheadScope>& read_ahead);

    // The principal of a bearer token. kUnauthenticated when unknown, revoked, expired or the user disabled.
    Result<Principal> AuthenticateApiToken(std::string_view token);

    // Moves the session to another of the user's posts active today; audited (the entry names the new post).
    // kNotFound for a post that is not the user's; kInvalidArgument (field "post_id") for a post that has ended or
    // not yet started; kPermissionDenied for an API token (it acts in the default post).
    Result<Principal> SwitchPost(std::string_view session_token, const Principal& principal, PostId post_id,
                                 std::string_view remote_address, std::string_view request_id);

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
    Result<SignedIn> OpenSession(const User& user, std::string_view typed_username, std::string_view remote_address,
                                 std::string_view user_agent, const std::string& pending_token_hash);
    Result<std::pair<PendingSignIn, User>> FindPending(std::string_view pending_token);
    Result<TotpEnrolment> NewSecret(const User& user);
    // Checks `code` against the user's unconfirmed secret; on success confirms it with fresh recovery codes and
    // an audit entry, and (with a pending token hash) deletes the pending state, all in one transaction.
    Result<std::vector<std::string>> Confirm(const User& user, std::string_view code, Store& transaction);
    Result<bool> RequiredFor(const User& user);
    Status RecordFailure(const User& user, std::string_view remote_address);
    // The principal of `user` in the post a session (or token) acts in. kUnauthenticated when the user has posts and
    // none of them is usable; `moved_to` is set when a session without a post is to be stored in `*moved_to`.
    Result<Principal> InPost(User user, PostId session_post_id, Instant now, std::optional<PostId>* moved_to);

    Store& store_;
    const Clock& clock_;
    AuthSettings settings_;
    std::string dummy_hash_;  // verified against when the username is unknown, to keep timing equal
};

// Appends the audit entry of a change to an account (a password set, a second factor enrolled or removed, the
// town's sign-in rule), naming who did it (`actor`, 0 for the operator at the machine) and whose account it was
// (`target`). Call inside the transaction of the change. Never holds a password, a secret or a code.
Status AppendAccountAudit(Store& transaction, MunicipalityId municipality_id, UserId actor,
                          OrganizationId actor_organization, std::string_view record_type, std::int64_t target,
                          std::string_view fields, std::string_view detail, Instant at);

}  // namespace kasane::domain
