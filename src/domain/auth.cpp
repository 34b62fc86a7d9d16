// SPDX-License-Identifier: Apache-2.0
#include "domain/auth.hpp"

#include "base/crypto.hpp"
#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "base/json.hpp"
#include "base/totp.hpp"
#include "domain/audit.hpp"
#include "domain/read_ahead.hpp"
#include "domain/reads.hpp"

namespace kasane::domain {

namespace {

constexpr std::size_t kMaxTokenLength = 128;
constexpr std::string_view kCsrfKey = "kasane-csrf-v1";
constexpr std::string_view kRequiredSetting = "auth.second_factor_required_for_professionals";
constexpr std::size_t kTotpSecretBytes = 20;  // 160 bits, RFC 4226's recommended length for HMAC-SHA-1

Error SessionEnded() {
    return Error::Unauthenticated("サインインの有効期限が切れました。もう一度サインインしてください");
}

bool IsAdministratorPrincipal(const Principal& principal) {
    return principal.HasRole(Role::kMunicipalAdministrator) || principal.HasRole(Role::kSystemAdministrator);
}

// What a person types for a recovery code: "abcd-efgh 2345 …" is "ABCDEFGH2345…".
std::string NormalizedRecoveryCode(std::string_view typed) {
    std::string normalized;
    for (char c : typed) {
        if (c == '-' || c == ' ') continue;
        normalized.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    }
    return normalized;
}

// Recovery codes carry 80 random bits, so a fast hash is enough at rest; the user id keeps equal codes of two
// users (never expected) from sharing a hash.
std::string RecoveryCodeHash(UserId user_id, std::string_view normalized) {
    return Sha256Hex("kasane-recovery-v1:" + std::to_string(user_id) + ":" + std::string(normalized));
}

// 16 base32 characters (80 bits) shown in groups of four.
std::string NewRecoveryCode() {
    const std::string encoded = Base32Encode(RandomBytes(10));
    std::string grouped;
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        if (i > 0 && i % 4 == 0) grouped.push_back('-');
        grouped.push_back(encoded[i]);
    }
    return grouped;
}

std::string PercentEncodeComponent(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string encoded;
    for (unsigned char c : text) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved) {
            encoded.push_back(static_cast<char>(c));
        } else {
            encoded.push_back('%');
            encoded.push_back(kHex[c >> 4]);
            encoded.push_back(kHex[c & 0x0f]);
        }
    }
    return encoded;
}

std::int64_t UnixSeconds(Instant at) {
    return std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
}

}  // namespace

Error AuthService::WrongCredentials() { return Error::Unauthenticated("ユーザー名またはパスワードが正しくありません"); }
Error AuthService::WrongCode() { return Error::Unauthenticated("確認コードが正しくありません"); }
Error AuthService::PendingEnded() {
    return Error::Unauthenticated("確認の有効期限が切れました。もう一度サインインしてください");
}

Status AppendAccountAudit(Store& transaction, MunicipalityId municipality_id, UserId actor,
                          OrganizationId actor_organization, std::string_view record_type, std::int64_t target,
                          std::string_view fields, std::string_view detail, Instant at) {
    std::vector<AuditEntry> entries(1);
    AuditEntry& entry = entries.front();
    entry.municipality_id = municipality_id;
    entry.at = at;
    entry.user_id = actor;
    entry.organization_id = actor_organization;
    entry.action = std::string(AuditActionCode(AuditAction::kUpdate));
    entry.record_type = std::string(record_type);
    entry.record_id = target;
    entry.fields = std::string(fields);
    entry.detail = std::string(detail);
    return transaction.Tenant(municipality_id)->Audit().Append(entries);
}

AuthService::AuthService(Store& store, const Clock& clock, AuthSettings settings)
    : store_(store), clock_(clock), settings_(std::move(settings)) {
    // A verification against this hash costs what a real one costs, so that a missing username cannot be told
    // apart from a wrong password by timing.
    dummy_hash_ = HashPassword(RandomToken(16)).value_or(std::string{});
}

std::string AuthService::CsrfTokenFor(std::string_view session_token) { return KeyedHashHex(kCsrfKey, session_token); }

Result<SignInStep> AuthService::SignIn(std::string_view username, std::string_view password,
                                       std::string_view remote_address, std::string_view user_agent) {
    const Instant now = clock_.Now();
    AccountRepository& accounts = store_.Accounts();
    const std::string typed_username = IsValidUtf8(username) ? std::string(username.substr(0, 64)) : std::string{};

    auto record_event = [&](AuthEventKind kind, const User* user) {
        AuthEvent event;
        event.kind = kind;
        event.username = typed_username;
        event.remote_address = std::string(remote_address);
        event.at = now;
        if (user != nullptr) {
            event.user_id = user->id;
            event.municipality_id = user->municipality_id;
        }
        return accounts.AppendAuthEvent(event);
    };

    // Every refusal below is the one WrongCredentials(), after one hash verification: a client cannot tell an
    // unknown username, a wrong password, a disabled account, a locked account and a throttled address apart
    // (by status, body, headers or time), so that none of them tells an attacker which usernames exist or
    // that the lock-out has started. The auth events say which it was, for administrators and auditors.

    // Throttling per address: many failures from one place, whatever the usernames, pause that place.
    auto recent_failures = accounts.CountSignInFailuresFromAddress(remote_address, now - settings_.address_window);
    if (!recent_failures) return Fail(recent_failures.error());
    const bool address_throttled = *recent_failures >= settings_.max_failures_per_address;

    auto found = accounts.FindUserByUsername(typed_username);
    if (ReadFailed(found)) return Fail(found.error());
    if (!found || address_throttled) {
        (void)VerifyPassword(dummy_hash_, password);
        if (auto recorded = record_event(AuthEventKind::kSignInFailed, found ? &*found : nullptr); !recorded) {
            return Fail(recorded.error());
        }
        return Fail(WrongCredentials());
    }
    const User& user = *found;

    const bool locked = user.locked_until.has_value() && *user.locked_until > now;
    if (locked) {
        (void)VerifyPassword(user.password_hash, password);
        if (auto recorded = record_event(AuthEventKind::kSignInFailed, &user); !recorded) return Fail(recorded.error());
        return Fail(WrongCredentials());
    }

    if (!VerifyPassword(user.password_hash, password) || user.disabled) {
        // A lock that has run out starts the count again.
        int previous_failures = user.failed_sign_ins;
        if (user.locked_until.has_value()) {
            if (auto reset = accounts.RecordSignInSuccess(user.id); !reset) return Fail(reset.error());
            previous_failures = 0;
        }
        const bool lock_now = previous_failures + 1 >= settings_.max_failures_per_account;
        const std::optional<Instant> locked_until =
            lock_now ? std::optional<Instant>(now + settings_.lockout_duration) : std::nullopt;
        if (auto counted = accounts.RecordSignInFailure(user.id, locked_until); !counted) return Fail(counted.error());
        if (auto recorded = record_event(AuthEventKind::kSignInFailed, &user); !recorded) return Fail(recorded.error());
        if (lock_now) {
            if (auto recorded = record_event(AuthEventKind::kLockedOut, &user); !recorded)
                return Fail(recorded.error());
        }
        return Fail(WrongCredentials());
    }

    // The password is right. A second factor, when the user has one or the town requires one, comes before any
    // session: the pending token opens nothing but the second step. The failure count is reset only when the
    // sign-in completes, so that wrong codes count towards the same lock-out.
    std::optional<PendingPurpose> purpose;
    auto second_factor = accounts.FindSecondFactor(user.id);
    if (second_factor && second_factor->confirmed_at.has_value()) {
        purpose = PendingPurpose::kCode;
    } else if (!ReadFailed(second_factor)) {
        auto required = RequiredFor(user);
        if (!required) return Fail(required.error());
        if (*required) purpose = PendingPurpose::kEnrol;
    } else {
        return Fail(second_factor.error());
    }

    SignInStep step;
    if (purpose) {
        SecondStep second;
        second.purpose = *purpose;
        second.pending_token = RandomToken(32);
        second.expires_at = now + settings_.pending_sign_in_lifetime;
        PendingSignIn pending{.token_hash = Sha256Hex(second.pending_token),
                              .user_id = user.id,
                              .municipality_id = user.municipality_id,
                              .purpose = *purpose,
                              .created_at = now,
                              .expires_at = second.expires_at,
                              .remote_address = std::string(remote_address.substr(0, 64))};
        // A pending sign-in whose code never came stays in the table until swept: each new one sweeps those past their
        // five minutes (a hash of a token that opens nothing once expired, but no reason to keep it).
        if (auto swept = accounts.DeleteExpiredPendingSignIns(now); !swept) return Fail(swept.error());
        if (auto created = accounts.CreatePendingSignIn(pending); !created) return Fail(created.error());
        step.second_step = std::move(second);
        return step;
    }
    auto signed_in = OpenSession(user, typed_username, remote_address, user_agent, {});
    if (!signed_in) return Fail(signed_in.error());
    step.signed_in = std::move(*signed_in);
    return step;
}

Result<SignedIn> AuthService::OpenSession(const User& user, std::string_view typed_username,
                                          std::string_view remote_address, std::string_view user_agent,
                                          const std::string& pending_token_hash) {
    const Instant now = clock_.Now();
    // The session starts in the user's default post (post.hpp); a user whose posts have all ended gets no session.
    std::optional<PostId> start_post;
    auto principal = InPost(user, 0, now, &start_post);
    if (!principal) return Fail(principal.error());
    SignedIn signed_in;
    signed_in.session_token = RandomToken(32);
    Session session;
    session.token_hash = Sha256Hex(signed_in.session_token);
    session.user_id = user.id;
    session.municipality_id = user.municipality_id;
    session.created_at = now;
    session.last_seen_at = now;
    session.expires_at = now + settings_.session_absolute_lifetime;
    session.remote_address = std::string(remote_address.substr(0, 64));
    session.user_agent = IsValidUtf8(user_agent) ? std::string(user_agent.substr(0, 256)) : std::string{};
    session.post_id = start_post.value_or(0);

    // Sessions end when presented after their idle or absolute expiry (AuthenticateSession); one never presented again
    // would stay, so each new session sweeps the expired ones first, in a statement of its own (no locks held with the
    // sign-in's transaction).
    if (auto swept = store_.Accounts().DeleteExpiredSessions(now - settings_.session_idle_timeout, now); !swept) {
        return Fail(swept.error());
    }
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        AccountRepository& tx_accounts = transaction.Accounts();
        if (!pending_token_hash.empty()) {
            if (auto ended = tx_accounts.DeletePendingSignIn(pending_token_hash); !ended) return ended;
        }
        if (auto reset = tx_accounts.RecordSignInSuccess(user.id); !reset) return reset;
        if (auto created = tx_accounts.CreateSession(session); !created) return created;
        AuthEvent event{.kind = AuthEventKind::kSignInSucceeded,
                        .municipality_id = user.municipality_id,
                        .user_id = user.id,
                        .username = std::string(typed_username),
                        .remote_address = session.remote_address,
                        .at = now};
        return tx_accounts.AppendAuthEvent(event);
    });
    if (!stored) return Fail(stored.error());

    signed_in.principal = std::move(*principal);
    signed_in.principal.user.failed_sign_ins = 0;
    signed_in.principal.user.locked_until.reset();
    signed_in.principal.method = AuthMethod::kSession;
    signed_in.principal.csrf_token = CsrfTokenFor(signed_in.session_token);
    signed_in.expires_at = session.expires_at;
    return signed_in;
}

Result<bool> AuthService::RequiredFor(const User& user) {
    // The roles of every post the user may act in today count, not only the account's own.
    User with_posts = user;
    auto posts = store_.Tenant(user.municipality_id)->Posts().ListOfUser(user.id);
    if (!posts) return Fail(posts.error());
    if (!posts->empty()) with_posts.roles.clear();
    for (const Post& post : ActivePosts(*posts, JstDate(clock_.Now()))) {
        with_posts.roles.insert(with_posts.roles.end(), post.roles.begin(), post.roles.end());
    }
    if (!IsProfessional(Principal{.user = with_posts, .method = AuthMethod::kSession, .csrf_token = {}})) return false;
    auto value = store_.Tenant(user.municipality_id)->Settings().Get(kRequiredSetting);
    if (!value) return Fail(value.error());
    return value->has_value() && **value == "1";
}

Result<std::pair<PendingSignIn, User>> AuthService::FindPending(std::string_view pending_token) {
    if (pending_token.empty() || pending_token.size() > kMaxTokenLength) return Fail(PendingEnded());
    AccountRepository& accounts = store_.Accounts();
    const std::string token_hash = Sha256Hex(pending_token);
    auto pending = accounts.FindPendingSignIn(token_hash);
    if (!pending) {
        if (pending.error().Is(ErrorCode::kNotFound)) return Fail(PendingEnded());
        return Fail(pending.error());
    }
    const Instant now = clock_.Now();
    auto user = store_.Tenant(pending->municipality_id)->Users().Get(pending->user_id);
    if (ReadFailed(user)) return Fail(user.error());
    const bool locked = user && user->locked_until.has_value() && *user->locked_until > now;
    if (now >= pending->expires_at || !user || user->disabled || locked) {
        (void)accounts.DeletePendingSignIn(token_hash);
        return Fail(PendingEnded());
    }
    return std::pair<PendingSignIn, User>(std::move(*pending), std::move(*user));
}

Status AuthService::RecordFailure(const User& user, std::string_view remote_address) {
    const Instant now = clock_.Now();
    AccountRepository& accounts = store_.Accounts();
    const bool lock_now = user.failed_sign_ins + 1 >= settings_.max_failures_per_account;
    const std::optional<Instant> locked_until =
        lock_now ? std::optional<Instant>(now + settings_.lockout_duration) : std::nullopt;
    if (auto counted = accounts.RecordSignInFailure(user.id, locked_until); !counted) return Fail(counted.error());
    AuthEvent event{.kind = AuthEventKind::kSignInFailed,
                    .municipality_id = user.municipality_id,
                    .user_id = user.id,
                    .username = user.username,
                    .remote_address = std::string(remote_address.substr(0, 64)),
                    .at = now};
    if (auto recorded = accounts.AppendAuthEvent(event); !recorded) return recorded;
    if (lock_now) {
        event.kind = AuthEventKind::kLockedOut;
        if (auto recorded = accounts.AppendAuthEvent(event); !recorded) return recorded;
        // A locked account's pending sign-ins end with it.
        if (auto ended = accounts.DeletePendingSignInsOfUser(user.id); !ended) return ended;
    }
    return {};
}

Result<SignedIn> AuthService::CompleteSignIn(std::string_view pending_token, std::string_view code,
                                             std::string_view remote_address, std::string_view user_agent) {
    auto found = FindPending(pending_token);
    if (!found) return Fail(found.error());
    auto& [pending, user] = *found;
    if (pending.purpose != PendingPurpose::kCode) return Fail(PendingEnded());
    const Instant now = clock_.Now();
    AccountRepository& accounts = store_.Accounts();

    auto recent_failures = accounts.CountSignInFailuresFromAddress(remote_address, now - settings_.address_window);
    if (!recent_failures) return Fail(recent_failures.error());
    bool accepted = false;
    if (*recent_failures < settings_.max_failures_per_address) {
        const std::string typed = NormalizedRecoveryCode(code);
        if (typed.size() == static_cast<std::size_t>(kTotpDigits)) {
            auto second_factor = accounts.FindSecondFactor(user.id);
            if (!second_factor) return Fail(second_factor.error());
            auto secret = OpenSecret(settings_.secret_key, second_factor->sealed_secret);
            if (!secret) return Fail(secret.error());
            if (const auto step = MatchTotpStep(*secret, UnixSeconds(now), typed)) {
                // A code is good once: its step must be newer than the last accepted one (RFC 6238 section 5.2).
                auto advanced = accounts.AdvanceSecondFactorStep(user.id, *step);
                if (!advanced) return Fail(advanced.error());
                accepted = *advanced;
            }
        } else if (!typed.empty() && typed.size() <= 32) {
            auto used = accounts.UseRecoveryCode(user.id, RecoveryCodeHash(user.id, typed), now);
            if (!used) return Fail(used.error());
            accepted = *used;
        }
    }
    if (!accepted) {
        if (auto recorded = RecordFailure(user, remote_address); !recorded) return Fail(recorded.error());
        return Fail(WrongCode());
    }
    return OpenSession(user, user.username, remote_address, user_agent, pending.token_hash);
}

Result<TotpEnrolment> AuthService::NewSecret(const User& user) {
    const std::string secret = RandomBytes(kTotpSecretBytes);
    SecondFactor second_factor{.user_id = user.id,
                               .municipality_id = user.municipality_id,
                               .sealed_secret = SealSecret(settings_.secret_key, secret),
                               .confirmed_at = std::nullopt,
                               .last_step = 0,
                               .created_at = clock_.Now()};
    if (auto started = store_.Accounts().StartSecondFactor(second_factor); !started) return Fail(started.error());
    TotpEnrolment enrolment;
    enrolment.secret_base32 = Base32Encode(secret);
    const std::string label =
        PercentEncodeComponent(settings_.totp_issuer) + ":" + PercentEncodeComponent(user.username);
    enrolment.otpauth_uri = "otpauth://totp/" + label + "?secret=" + enrolment.secret_base32 +
                            "&issuer=" + PercentEncodeComponent(settings_.totp_issuer) +
                            "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
                            "&period=" + std::to_string(kTotpStepSeconds);
    return enrolment;
}

Result<std::vector<std::string>> AuthService::Confirm(const User& user, std::string_view code, Store& transaction) {
    const Instant now = clock_.Now();
    AccountRepository& accounts = transaction.Accounts();
    auto second_factor = accounts.FindSecondFactor(user.id);
    if (!second_factor) {
        if (second_factor.error().Is(ErrorCode::kNotFound)) {
            return Fail(Error::InvalidArgument("先に秘密鍵を発行してください", "code"));
        }
        return Fail(second_factor.error());
    }
    if (second_factor->confirmed_at.has_value()) {
        return Fail(Error::Conflict("二要素認証はすでに登録されています", "code"));
    }
    auto secret = OpenSecret(settings_.secret_key, second_factor->sealed_secret);
    if (!secret) return Fail(secret.error());
    const auto step = MatchTotpStep(*secret, UnixSeconds(now), NormalizedRecoveryCode(code));
    if (!step)
        return Fail(Error::InvalidArgument(
            "確認コードが正しくありません。アプリに表示されている6桁の数字を入力してください", "code"));
    std::vector<std::string> codes;
    std::vector<std::string> hashes;
    for (int i = 0; i < kRecoveryCodeCount; ++i) {
        codes.push_back(NewRecoveryCode());
        hashes.push_back(RecoveryCodeHash(user.id, NormalizedRecoveryCode(codes.back())));
    }
    if (auto confirmed = accounts.ConfirmSecondFactor(user.id, now, *step, hashes); !confirmed) {
        return Fail(confirmed.error());
    }
    if (auto audited = AppendAccountAudit(transaction, user.municipality_id, user.id, user.organization_id,
                                          "user_account", user.id, "second_factor", "二要素認証を登録", now);
        !audited) {
        return Fail(audited.error());
    }
    return codes;
}

Result<TotpEnrolment> AuthService::StartEnrolment(std::string_view pending_token) {
    auto found = FindPending(pending_token);
    if (!found) return Fail(found.error());
    if (found->first.purpose != PendingPurpose::kEnrol) return Fail(PendingEnded());
    return NewSecret(found->second);
}

Result<EnrolmentConfirmed> AuthService::ConfirmEnrolment(std::string_view pending_token, std::string_view code,
                                                         std::string_view remote_address, std::string_view user_agent) {
    auto found = FindPending(pending_token);
    if (!found) return Fail(found.error());
    auto& [pending, user] = *found;
    if (pending.purpose != PendingPurpose::kEnrol) return Fail(PendingEnded());
    EnrolmentConfirmed confirmed;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto codes = Confirm(user, code, transaction);
        if (!codes) return Fail(codes.error());
        confirmed.recovery_codes = std::move(*codes);
        return {};
    });
    if (!stored) {
        if (stored.error().Is(ErrorCode::kInvalidArgument)) {
            if (auto recorded = RecordFailure(user, remote_address); !recorded) return Fail(recorded.error());
        }
        return Fail(stored.error());
    }
    auto signed_in = OpenSession(user, user.username, remote_address, user_agent, pending.token_hash);
    if (!signed_in) return Fail(signed_in.error());
    confirmed.signed_in = std::move(*signed_in);
    return confirmed;
}

Result<TotpEnrolment> AuthService::StartEnrolment(const Principal& principal) {
    if (principal.method != AuthMethod::kSession) {
        return Fail(Error::PermissionDenied("二要素認証の登録は、サインインした本人だけが行えます"));
    }
    auto existing = store_.Accounts().FindSecondFactor(principal.user.id);
    if (existing && existing->confirmed_at.has_value()) {
        return Fail(
            Error::Conflict("二要素認証はすでに登録されています。登録し直すときは、管理者に解除を依頼してください"));
    }
    if (ReadFailed(existing)) return Fail(existing.error());
    return NewSecret(principal.user);
}

Result<EnrolmentConfirmed> AuthService::ConfirmEnrolment(const Principal& principal, std::string_view code) {
    if (principal.method != AuthMethod::kSession) {
        return Fail(Error::PermissionDenied("二要素認証の登録は、サインインした本人だけが行えます"));
    }
    EnrolmentConfirmed confirmed;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto codes = Confirm(principal.user, code, transaction);
        if (!codes) return Fail(codes.error());
        confirmed.recovery_codes = std::move(*codes);
        return {};
    });
    if (!stored) return Fail(stored.error());
    return confirmed;
}

Result<SecondFactorState> AuthService::SecondFactorStatus(const Principal& principal) {
    SecondFactorState state;
    auto second_factor = store_.Accounts().FindSecondFactor(principal.user.id);
    if (second_factor) {
        state.enrolled = second_factor->confirmed_at.has_value();
        state.confirmed_at = second_factor->confirmed_at;
    } else if (!second_factor.error().Is(ErrorCode::kNotFound)) {
        return Fail(second_factor.error());
    }
    if (state.enrolled) {
        auto left = store_.Accounts().CountUnusedRecoveryCodes(principal.user.id);
        if (!left) return Fail(left.error());
        state.recovery_codes_left = *left;
    }
    auto required = RequiredFor(principal.user);
    if (!required) return Fail(required.error());
    state.required = *required;
    return state;
}

Status AuthService::ResetSecondFactor(const Principal& principal, UserId user_id) {
    if (!IsAdministratorPrincipal(principal)) {
        return Fail(Error::PermissionDenied("二要素認証を解除できるのは管理者だけです"));
    }
    const Instant now = clock_.Now();
    return store_.Transaction([&](Store& transaction) -> Status {
        // The tenant's look-up answers kNotFound for a user of another municipality.
        auto user = transaction.Tenant(principal.Tenant())->Users().Get(user_id);
        if (!user) return Fail(user.error());
        if (auto removed = transaction.Accounts().DeleteSecondFactor(user_id); !removed) return removed;
        if (auto ended = transaction.Accounts().DeletePendingSignInsOfUser(user_id); !ended) return ended;
        return AppendAccountAudit(transaction, principal.Tenant(), principal.user.id, principal.user.organization_id,
                                  "user_account", user_id, "second_factor", "管理者が二要素認証を解除", now);
    });
}

Result<bool> AuthService::SecondFactorRequired(const Principal& principal) {
    auto value = store_.Tenant(principal.Tenant())->Settings().Get(kRequiredSetting);
    if (!value) return Fail(value.error());
    return value->has_value() && **value == "1";
}

Status AuthService::SetSecondFactorRequired(const Principal& principal, SecondFactorRule rule) {
    const bool required = rule == SecondFactorRule::kRequired;
    if (!IsAdministratorPrincipal(principal)) {
        return Fail(Error::PermissionDenied("この設定を変えられるのは管理者だけです"));
    }
    const Instant now = clock_.Now();
    return store_.Transaction([&](Store& transaction) -> Status {
        if (auto set = transaction.Tenant(principal.Tenant())->Settings().Set(kRequiredSetting, required ? "1" : "0");
            !set) {
            return set;
        }
        return AppendAccountAudit(
            transaction, principal.Tenant(), principal.user.id, principal.user.organization_id, "municipality_setting",
            principal.Tenant(), std::string(kRequiredSetting),
            required ? "要配慮個人情報を扱う役割に二要素認証を必須にした" : "二要素認証の必須を解除した", now);
    });
}

Result<Principal> AuthService::AuthenticateSession(std::string_view session_token) {
    std::unique_ptr<ReadAheadScope> read_ahead;
    return AuthenticateSession(session_token, {}, read_ahead);
}

Result<Principal> AuthService::AuthenticateSession(std::string_view session_token, const SessionFollowUp& then,
                                                   std::unique_ptr<ReadAheadScope>& read_ahead) {
    if (session_token.empty() || session_token.size() > kMaxTokenLength) return Fail(Error::Unauthenticated());
    const Instant now = clock_.Now();
    AccountRepository& accounts = store_.Accounts();
    const std::string token_hash = Sha256Hex(session_token);
    // On PostgreSQL the session, its user's posts and what the request reads next are read in one round trip
    // (read_ahead.hpp); the reads below are answered from it.
    if (auto* ahead = dynamic_cast<ReadAhead*>(&store_)) read_ahead = ahead->Session(token_hash, then);
    auto found = accounts.FindSession(token_hash);
    if (!found) {
        if (found.error().Is(ErrorCode::kNotFound)) return Fail(SessionEnded());
        return Fail(found.error());
    }
    auto& [session, user] = *found;
    const bool expired = now >= session.expires_at || now - session.last_seen_at >= settings_.session_idle_timeout;
    if (expired || user.disabled) {
        (void)accounts.DeleteSession(token_hash);
        return Fail(SessionEnded());
    }
    // A session acts in one post; a post that has ended gives nothing, and the session ends with it.
    std::optional<PostId> moved_to;
    auto principal = InPost(std::move(user), session.post_id, now, &moved_to);
    if (!principal) {
        if (principal.error().Is(ErrorCode::kUnauthenticated)) (void)accounts.DeleteSession(token_hash);
        return Fail(principal.error());
    }
    if (moved_to) {
        if (auto moved = accounts.SetSessionPost(token_hash, *moved_to); !moved) return Fail(moved.error());
    }
    if (now - session.last_seen_at >= settings_.touch_interval) {
        if (auto touched = accounts.TouchSession(token_hash, now); !touched) return Fail(touched.error());
    }
    principal->csrf_token = CsrfTokenFor(session_token);
    return principal;
}

Result<Principal> AuthService::InPost(User user, PostId session_post_id, Instant now, std::optional<PostId>* moved_to) {
    auto posts = store_.Tenant(user.municipality_id)->Posts().ListOfUser(user.id);
    if (!posts) return Fail(posts.error());
    const Date today = JstDate(now);
    const SessionPost resolved = ResolveSessionPost(user, *posts, session_post_id, today);
    Principal principal{.user = std::move(user), .method = AuthMethod::kSession, .csrf_token = {}};
    switch (resolved.kind) {
        case SessionPost::Kind::kOwn: return principal;
        case SessionPost::Kind::kEnded:
            return Fail(Error::Unauthenticated(
                session_post_id == 0 ? "現在有効な職（所属）がありません。管理者に確認してください"
                                     : "この職（所属）の期間が終わりました。もう一度サインインしてください"));
        case SessionPost::Kind::kPost: break;
    }
    principal.user = ActingIn(std::move(principal.user), *resolved.post);
    principal.post_id = resolved.post->id;
    principal.posts = ActivePosts(*posts, today);
    if (resolved.moved && moved_to != nullptr) *moved_to = resolved.post->id;
    return principal;
}

Result<Principal> AuthService::SwitchPost(std::string_view session_token, const Principal& principal, PostId post_id,
                                          std::string_view remote_address, std::string_view request_id) {
    if (principal.method != AuthMethod::kSession || session_token.empty()) {
        return Fail(Error::PermissionDenied("職（所属）の切り替えは、サインインしたセッションだけが行えます"));
    }
    const Instant now = clock_.Now();
    auto tenant = store_.Tenant(principal.Tenant());
    auto post = tenant->Posts().Get(post_id);
    if (!post || post->user_id != principal.user.id) {
        if (ReadFailed(post)) return Fail(post.error());
        return Fail(Error::NotFound("職（所属）が見つかりません"));
    }
    if (!post->ActiveOn(JstDate(now))) {
        return Fail(
            Error::InvalidArgument("この職（所属）は期間外です（終了したか、まだ始まっていません）", "post_id"));
    }
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        if (auto moved = transaction.Accounts().SetSessionPost(Sha256Hex(session_token), post->id); !moved) {
            return moved;
        }
        // The entry is written as the post now acted in: its organisation and its id.
        std::vector<AuditEntry> entries(1);
        AuditEntry& entry = entries.front();
        entry.municipality_id = principal.Tenant();
        entry.at = now;
        entry.user_id = principal.user.id;
        entry.organization_id = post->organization_id;
        entry.post_id = post->id;
        entry.action = std::string(AuditActionCode(AuditAction::kUpdate));
        entry.record_type = "session_post";
        entry.record_id = post->id;
        entry.fields = "post_id";
        entry.remote_address = std::string(remote_address.substr(0, 64));
        entry.request_id = std::string(request_id);
        entry.detail = "from_post=" + std::to_string(principal.post_id);
        return transaction.Tenant(principal.Tenant())->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    auto switched = InPost(principal.user, post->id, now, nullptr);
    if (!switched) return Fail(switched.error());
    switched->csrf_token = principal.csrf_token;
    return switched;
}

Result<Principal> AuthService::AuthenticateApiToken(std::string_view token) {
    if (token.empty() || token.size() > kMaxTokenLength)
        return Fail(Error::Unauthenticated("API トークンが正しくありません"));
    const Instant now = clock_.Now();
    auto found = store_.Accounts().FindApiToken(Sha256Hex(token));
    if (!found) {
        if (found.error().Is(ErrorCode::kNotFound))
            return Fail(Error::Unauthenticated("API トークンが正しくありません"));
        return Fail(found.error());
    }
    auto& [record, user] = *found;
    const bool expired = record.expires_at.has_value() && now >= *record.expires_at;
    if (record.revoked_at.has_value() || expired || user.disabled) {
        return Fail(Error::Unauthenticated("API トークンは無効です（失効または期限切れ）"));
    }
    // A token acts in its user's default post, chosen afresh on every request.
    auto principal = InPost(std::move(user), 0, now, nullptr);
    if (!principal) return Fail(principal.error());
    principal->method = AuthMethod::kApiToken;
    return principal;
}

Status AuthService::SignOut(std::string_view session_token, const Principal& principal,
                            std::string_view remote_address) {
    AccountRepository& accounts = store_.Accounts();
    if (auto deleted = accounts.DeleteSession(Sha256Hex(session_token)); !deleted) return deleted;
    return accounts.AppendAuthEvent(AuthEvent{.kind = AuthEventKind::kSignedOut,
                                              .municipality_id = principal.user.municipality_id,
                                              .user_id = principal.user.id,
                                              .username = principal.user.username,
                                              .remote_address = std::string(remote_address.substr(0, 64)),
                                              .at = clock_.Now()});
}

Result<IssuedApiToken> AuthService::CreateApiToken(const Principal& principal, UserId user_id, std::string_view name,
                                                   std::optional<Instant> expires_at) {
    if (!principal.HasRole(Role::kMunicipalAdministrator) && !principal.HasRole(Role::kSystemAdministrator)) {
        return Fail(Error::PermissionDenied("API トークンを発行できるのは管理者だけです"));
    }
    if (name.empty() || !IsValidUtf8(name) || CodePointCount(name) > 100) {
        return Fail(Error::InvalidArgument("トークン名は1〜100文字で入力してください", "name"));
    }
    const Instant now = clock_.Now();
    if (expires_at.has_value() && *expires_at <= now) {
        return Fail(Error::InvalidArgument("有効期限は未来の日時にしてください", "expires_at"));
    }
    IssuedApiToken issued;
    issued.token = "kst_" + RandomToken(32);
    ApiToken record{.municipality_id = principal.Tenant(),
                    .user_id = user_id,
                    .name = std::string(name),
                    .token_hash = Sha256Hex(issued.token),
                    .created_at = now,
                    .expires_at = expires_at};
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(principal.Tenant());
        auto created = tenant->ApiTokens().Create(record);
        if (!created) return Fail(created.error());
        issued.record = *created;
        return transaction.Accounts().AppendAuthEvent(AuthEvent{.kind = AuthEventKind::kApiTokenCreated,
                                                                .municipality_id = principal.Tenant(),
                                                                .user_id = principal.user.id,
                                                                .username = principal.user.username,
                                                                .remote_address = {},
                                                                .at = now});
    });
    if (!stored) return Fail(stored.error());
    return issued;
}

Status AuthService::RevokeApiToken(const Principal& principal, ApiTokenId token_id) {
    if (!principal.HasRole(Role::kMunicipalAdministrator) && !principal.HasRole(Role::kSystemAdministrator)) {
        return Fail(Error::PermissionDenied("API トークンを失効させられるのは管理者だけです"));
    }
    const Instant now = clock_.Now();
    return store_.Transaction([&](Store& transaction) -> Status {
        if (auto revoked = transaction.Tenant(principal.Tenant())->ApiTokens().Revoke(token_id, now); !revoked) {
            return revoked;
        }
        return transaction.Accounts().AppendAuthEvent(AuthEvent{.kind = AuthEventKind::kApiTokenRevoked,
                                                                .municipality_id = principal.Tenant(),
                                                                .user_id = principal.user.id,
                                                                .username = principal.user.username,
                                                                .remote_address = {},
                                                                .at = now});
    });
}

}  // namespace kasane::domain
