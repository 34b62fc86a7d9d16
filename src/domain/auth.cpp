#include "domain/auth.hpp"

#include "base/crypto.hpp"
#include "base/json.hpp"

namespace kasane::domain {

namespace {

constexpr std::size_t kMaxTokenLength = 128;
constexpr std::string_view kCsrfKey = "kasane-csrf-v1";

Error WrongCredentials() { return Error::Unauthenticated("ユーザー名またはパスワードが正しくありません"); }
Error SessionEnded() { return Error::Unauthenticated("サインインの有効期限が切れました。もう一度サインインしてください"); }

}  // namespace

AuthService::AuthService(Store& store, const Clock& clock, AuthSettings settings)
    : store_(store), clock_(clock), settings_(settings) {
    // A verification against this hash costs what a real one costs, so that a missing username cannot be told
    // apart from a wrong password by timing.
    dummy_hash_ = HashPassword(RandomToken(16)).value_or(std::string{});
}

std::string AuthService::CsrfTokenFor(std::string_view session_token) { return KeyedHashHex(kCsrfKey, session_token); }

Result<SignedIn> AuthService::SignIn(std::string_view username, std::string_view password,
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

    // Throttling per address: many failures from one place, whatever the usernames, pause that place.
    auto recent_failures = accounts.CountSignInFailuresFromAddress(remote_address, now - settings_.address_window);
    if (!recent_failures) return Fail(recent_failures.error());
    if (*recent_failures >= settings_.max_failures_per_address) {
        return Fail(Error::TooManyRequests("サインインの失敗が続いたため、一時的に受け付けを停止しています。"
                                           "しばらく時間をおいてからやり直してください"));
    }

    auto found = accounts.FindUserByUsername(typed_username);
    if (!found) {
        if (!found.error().Is(ErrorCode::kNotFound)) return Fail(found.error());
        (void)VerifyPassword(dummy_hash_, password);
        if (auto recorded = record_event(AuthEventKind::kSignInFailed, nullptr); !recorded) return Fail(recorded.error());
        return Fail(WrongCredentials());
    }
    const User& user = *found;

    const bool locked = user.locked_until.has_value() && *user.locked_until > now;
    if (locked) {
        if (auto recorded = record_event(AuthEventKind::kSignInFailed, &user); !recorded) return Fail(recorded.error());
        return Fail(Error::TooManyRequests("サインインの失敗が続いたため、一時的にサインインできません。" +
                                           FormatJst(*user.locked_until) + " 以降にやり直してください"));
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
            if (auto recorded = record_event(AuthEventKind::kLockedOut, &user); !recorded) return Fail(recorded.error());
        }
        return Fail(WrongCredentials());
    }

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

    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        AccountRepository& tx_accounts = transaction.Accounts();
        if (auto reset = tx_accounts.RecordSignInSuccess(user.id); !reset) return reset;
        if (auto created = tx_accounts.CreateSession(session); !created) return created;
        AuthEvent event{.kind = AuthEventKind::kSignInSucceeded,
                        .municipality_id = user.municipality_id,
                        .user_id = user.id,
                        .username = typed_username,
                        .remote_address = session.remote_address,
                        .at = now};
        return tx_accounts.AppendAuthEvent(event);
    });
    if (!stored) return Fail(stored.error());

    signed_in.principal.user = user;
    signed_in.principal.user.failed_sign_ins = 0;
    signed_in.principal.user.locked_until.reset();
    signed_in.principal.method = AuthMethod::kSession;
    signed_in.principal.csrf_token = CsrfTokenFor(signed_in.session_token);
    signed_in.expires_at = session.expires_at;
    return signed_in;
}

Result<Principal> AuthService::AuthenticateSession(std::string_view session_token) {
    if (session_token.empty() || session_token.size() > kMaxTokenLength) return Fail(Error::Unauthenticated());
    const Instant now = clock_.Now();
    AccountRepository& accounts = store_.Accounts();
    const std::string token_hash = Sha256Hex(session_token);
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
    if (now - session.last_seen_at >= settings_.touch_interval) {
        if (auto touched = accounts.TouchSession(token_hash, now); !touched) return Fail(touched.error());
    }
    return Principal{.user = std::move(user), .method = AuthMethod::kSession, .csrf_token = CsrfTokenFor(session_token)};
}

Result<Principal> AuthService::AuthenticateApiToken(std::string_view token) {
    if (token.empty() || token.size() > kMaxTokenLength) return Fail(Error::Unauthenticated("API トークンが正しくありません"));
    const Instant now = clock_.Now();
    auto found = store_.Accounts().FindApiToken(Sha256Hex(token));
    if (!found) {
        if (found.error().Is(ErrorCode::kNotFound)) return Fail(Error::Unauthenticated("API トークンが正しくありません"));
        return Fail(found.error());
    }
    auto& [record, user] = *found;
    const bool expired = record.expires_at.has_value() && now >= *record.expires_at;
    if (record.revoked_at.has_value() || expired || user.disabled) {
        return Fail(Error::Unauthenticated("API トークンは無効です（失効または期限切れ）"));
    }
    return Principal{.user = std::move(user), .method = AuthMethod::kApiToken, .csrf_token = {}};
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
