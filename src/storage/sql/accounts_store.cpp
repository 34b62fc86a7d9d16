// SPDX-License-Identifier: Apache-2.0
// Look-ups before the tenant is known: sign-in, sessions, second factor and pending sign-ins
// (domain::AccountRepository).

#include "storage/sql/read_ahead.hpp"
#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

#include "storage/sql/account_support.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Accounts: look-ups before the tenant is known.

constexpr SqlStatement kRecordSignInFailure{
    "record_sign_in_failure",
    "UPDATE users SET failed_sign_ins = failed_sign_ins + 1, locked_until = $2 WHERE id = $1 "
    "RETURNING failed_sign_ins"};
constexpr SqlStatement kRecordSignInSuccess{"record_sign_in_success",
                                            "UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1"};
constexpr SqlStatement kInsertSession{
    "insert_session",
    "INSERT INTO sessions (token_hash, user_id, municipality_id, created_at, last_seen_at, expires_at, "
    "remote_address, user_agent, post_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
#define KASANE_SESSION_COLUMNS                                                                                   \
    "s.token_hash, s.user_id, s.municipality_id, s.created_at, s.last_seen_at, s.expires_at, s.remote_address, " \
    "s.user_agent, s.post_id"
constexpr SqlStatement kSelectSession{
    "select_session",
    "SELECT " KASANE_SESSION_COLUMNS
    ", u.id, u.municipality_id, u.organization_id, u.username, u.display_name, u.password_hash, u.disabled, "
    "u.failed_sign_ins, u.locked_until, u.created_at, r.role "
    "FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN user_roles r ON r.user_id = u.id "
    "WHERE s.token_hash = $1"};
// The session's own columns and its user's account version (migration 66; 0 before the user's first change).
constexpr SqlStatement kSelectSessionAccountVersion{
    "select_session_account_version",
    "SELECT " KASANE_SESSION_COLUMNS
    ", COALESCE(v.version, 0) FROM sessions s LEFT JOIN account_versions v ON v.user_id = s.user_id "
    "WHERE s.token_hash = $1"};
#undef KASANE_SESSION_COLUMNS
constexpr SqlStatement kTouchSession{"touch_session", "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1"};
constexpr SqlStatement kSetSessionPost{"set_session_post", "UPDATE sessions SET post_id = $2 WHERE token_hash = $1"};
constexpr SqlStatement kDeleteSession{"delete_session", "DELETE FROM sessions WHERE token_hash = $1"};
constexpr SqlStatement kDeleteSessionsOfUser{"delete_sessions_of_user", "DELETE FROM sessions WHERE user_id = $1"};
constexpr SqlStatement kDeleteExpiredSessions{"delete_expired_sessions",
                                              "DELETE FROM sessions WHERE last_seen_at < $1 OR expires_at <= $2"};
constexpr SqlStatement kSelectApiToken{
    "select_api_token",
    "SELECT t.id, t.municipality_id, t.user_id, t.name, t.token_hash, t.created_at, t.expires_at, t.revoked_at, "
    "u.id, u.municipality_id, u.organization_id, u.username, u.display_name, u.password_hash, u.disabled, "
    "u.failed_sign_ins, u.locked_until, u.created_at, r.role "
    "FROM api_tokens t JOIN users u ON u.id = t.user_id LEFT JOIN user_roles r ON r.user_id = u.id "
    "WHERE t.token_hash = $1"};

constexpr std::size_t kSessionColumns = 9;
static_assert(kUserColumns == 11 && kApiTokenColumns == 8);

Result<Session> SessionFromRow(const SqlRow& row) {
    auto token_hash = row.Text(0);
    auto user_id = row.Integer(1);
    auto municipality_id = row.Integer(2);
    auto created_at = row.Time(3);
    auto last_seen_at = row.Time(4);
    auto expires_at = row.Time(5);
    auto remote_address = row.Text(6);
    auto user_agent = row.Text(7);
    if (!token_hash || !user_id || !municipality_id || !created_at || !last_seen_at || !expires_at || !remote_address ||
        !user_agent) {
        return Fail(Error::Internal());
    }
    return Session{.token_hash = std::move(*token_hash),
                   .user_id = UserId{*user_id},
                   .municipality_id = MunicipalityId{*municipality_id},
                   .created_at = *created_at,
                   .last_seen_at = *last_seen_at,
                   .expires_at = *expires_at,
                   .remote_address = std::move(*remote_address),
                   .user_agent = std::move(*user_agent),
                   .post_id = row.OptionalInteger(8).value_or(0)};
}

constexpr SqlStatement kSelectSecondFactor{
    "select_second_factor",
    "SELECT user_id, municipality_id, sealed_secret, confirmed_at, last_step, created_at FROM user_second_factors "
    "WHERE user_id = $1"};
constexpr SqlStatement kDeleteSecondFactor{"delete_second_factor",
                                           "DELETE FROM user_second_factors WHERE user_id = $1"};
constexpr SqlStatement kInsertSecondFactor{
    "insert_second_factor",
    "INSERT INTO user_second_factors (user_id, municipality_id, sealed_secret, confirmed_at, last_step, created_at) "
    "VALUES ($1, $2, $3, NULL, $4, $5)"};
constexpr SqlStatement kConfirmSecondFactor{
    "confirm_second_factor", "UPDATE user_second_factors SET confirmed_at = $2, last_step = $3 WHERE user_id = $1"};
constexpr SqlStatement kInsertRecoveryCode{
    "insert_recovery_code", "INSERT INTO user_recovery_codes (user_id, code_hash, used_at) VALUES ($1, $2, NULL)"};
constexpr SqlStatement kAdvanceSecondFactorStep{
    "advance_second_factor_step",
    "UPDATE user_second_factors SET last_step = $2 WHERE user_id = $1 AND last_step < $2"};
constexpr SqlStatement kUseRecoveryCode{
    "use_recovery_code",
    "UPDATE user_recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL"};
constexpr SqlStatement kCountUnusedRecoveryCodes{
    "count_unused_recovery_codes", "SELECT count(*) FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NULL"};
constexpr SqlStatement kInsertPendingSignIn{
    "insert_pending_sign_in",
    "INSERT INTO pending_sign_ins (token_hash, user_id, municipality_id, purpose, created_at, expires_at, "
    "remote_address) VALUES ($1, $2, $3, $4, $5, $6, $7)"};
constexpr SqlStatement kSelectPendingSignIn{
    "select_pending_sign_in",
    "SELECT token_hash, user_id, municipality_id, purpose, created_at, expires_at, remote_address "
    "FROM pending_sign_ins WHERE token_hash = $1"};
constexpr SqlStatement kDeletePendingSignIn{"delete_pending_sign_in",
                                            "DELETE FROM pending_sign_ins WHERE token_hash = $1"};
constexpr SqlStatement kDeletePendingSignInsOfUser{"delete_pending_sign_ins_of_user",
                                                   "DELETE FROM pending_sign_ins WHERE user_id = $1"};
constexpr SqlStatement kDeleteExpiredPendingSignIns{"delete_expired_pending_sign_ins",
                                                    "DELETE FROM pending_sign_ins WHERE expires_at <= $1"};

Result<SecondFactor> SecondFactorFromRow(const SqlRow& row) {
    auto user_id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto sealed_secret = row.Text(2);
    auto confirmed_at = row.OptionalTime(3);
    auto last_step = row.Integer(4);
    auto created_at = row.Time(5);
    if (!user_id || !municipality_id || !sealed_secret || !confirmed_at || !last_step || !created_at) {
        return Fail(Error::Internal());
    }
    return SecondFactor{.user_id = UserId{*user_id},
                        .municipality_id = MunicipalityId{*municipality_id},
                        .sealed_secret = std::move(*sealed_secret),
                        .confirmed_at = *confirmed_at,
                        .last_step = *last_step,
                        .created_at = *created_at};
}

Result<PendingSignIn> PendingSignInFromRow(const SqlRow& row) {
    auto token_hash = row.Text(0);
    auto user_id = row.Integer(1);
    auto municipality_id = row.Integer(2);
    auto purpose_text = row.Text(3);
    auto created_at = row.Time(4);
    auto expires_at = row.Time(5);
    auto remote_address = row.Text(6);
    if (!token_hash || !user_id || !municipality_id || !purpose_text || !created_at || !expires_at || !remote_address) {
        return Fail(Error::Internal());
    }
    const auto purpose = domain::ParsePendingPurpose(*purpose_text);
    if (!purpose) return Fail(Error::Internal());
    return PendingSignIn{.token_hash = std::move(*token_hash),
                         .user_id = UserId{*user_id},
                         .municipality_id = MunicipalityId{*municipality_id},
                         .purpose = *purpose,
                         .created_at = *created_at,
                         .expires_at = *expires_at,
                         .remote_address = std::move(*remote_address)};
}

class SqlAccountRepository final : public domain::AccountRepository {
public:
    explicit SqlAccountRepository(SqlExecutor& executor) : executor_(executor) {}

    Result<User> FindUserByUsername(std::string_view username) override {
        return ReadInto<User>(executor_, [&](SqlConnection& connection, User& out) {
            return ReadOneUser(connection.Execute(kSelectUserByUsername, {username}), out);
        });
    }

    Result<int> RecordSignInFailure(UserId id, std::optional<Instant> locked_until) override {
        const std::optional<std::string> locked_text = OptionalTimeText(locked_until);
        return WriteInto<int>(executor_, [&](SqlConnection& connection, int& out) -> Status {
            auto result = connection.Execute(kRecordSignInFailure, {id, TextOrNull(locked_text)});
            if (!result) return Fail(result.error());
            if (result->Empty()) return Fail(Error::NotFound("利用者が見つかりません"));
            auto count = SqlRow(result->rows.front()).Integer(0);
            if (!count) return Fail(count.error());
            out = static_cast<int>(*count);
            return {};
        });
    }

    Status RecordSignInSuccess(UserId id) override {
        return executor_.Write([&](SqlConnection& connection) {
            return ExpectOneRow(connection.Execute(kRecordSignInSuccess, {id}), "利用者");
        });
    }

    Status CreateSession(const Session& session) override {
        const std::string created_at = FormatIso8601(session.created_at);
        const std::string last_seen_at = FormatIso8601(session.last_seen_at);
        const std::string expires_at = FormatIso8601(session.expires_at);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result = connection.Execute(
                kInsertSession,
                {session.token_hash, session.user_id, session.municipality_id, created_at, last_seen_at, expires_at,
                 session.remote_address, session.user_agent,
                 IdOrNull(session.post_id == 0 ? std::nullopt : std::optional<std::int64_t>(session.post_id))});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("同じセッションが既に存在します", "token_hash"));
                }
                if (result.error().Is(ErrorCode::kNotFound)) {
                    return Fail(WithField(Error::NotFound("利用者が見つかりません"), "user_id"));
                }
                return Fail(result.error());
            }
            return {};
        });
    }

    Result<std::pair<Session, User>> FindSession(std::string_view token_hash) override {
        using Found = std::pair<Session, User>;
        return ReadInto<Found>(executor_, [&](SqlConnection& connection, Found& out) -> Status {
            auto result = connection.Execute(kSelectSession, {token_hash});
            if (!result) return Fail(result.error());
            if (result->Empty()) return Fail(Error::NotFound("セッションが見つかりません"));
            auto session = SessionFromRow(SqlRow(result->rows.front()));
            if (!session) return Fail(session.error());
            auto users = UsersFromRows(*result, kSessionColumns);
            if (!users || users->size() != 1) return Fail(Error::Internal());
            out = Found(std::move(*session), std::move(users->front()));
            return {};
        });
    }

    Status TouchSession(std::string_view token_hash, Instant last_seen_at) override {
        const std::string last_seen_text = FormatIso8601(last_seen_at);
        return executor_.Write([&](SqlConnection& connection) {
            return ExpectOneRow(connection.Execute(kTouchSession, {token_hash, last_seen_text}), "セッション");
        });
    }

    Status SetSessionPost(std::string_view token_hash, PostId post_id) override {
        return executor_.Write([&](SqlConnection& connection) {
            return ExpectOneRow(connection.Execute(kSetSessionPost, {token_hash, post_id}), "セッション");
        });
    }

    Status DeleteSession(std::string_view token_hash) override {
        return executor_.Write([&](SqlConnection& connection) {
            return ExpectOneRow(connection.Execute(kDeleteSession, {token_hash}), "セッション");
        });
    }

    Status DeleteSessionsOfUser(UserId id) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result = connection.Execute(kDeleteSessionsOfUser, {id});
            if (!result) return Fail(result.error());
            return {};
        });
    }

    Result<int> DeleteExpiredSessions(Instant idle_before, Instant now) override {
        const std::string idle_text = FormatIso8601(idle_before);
        const std::string now_text = FormatIso8601(now);
        return WriteInto<int>(executor_, [&](SqlConnection& connection, int& out) -> Status {
            auto result = connection.Execute(kDeleteExpiredSessions, {idle_text, now_text});
            if (!result) return Fail(result.error());
            out = static_cast<int>(result->affected_rows);
            return {};
        });
    }

    Result<std::pair<ApiToken, User>> FindApiToken(std::string_view token_hash) override {
        using Found = std::pair<ApiToken, User>;
        return ReadInto<Found>(executor_, [&](SqlConnection& connection, Found& out) -> Status {
            auto result = connection.Execute(kSelectApiToken, {token_hash});
            if (!result) return Fail(result.error());
            if (result->Empty()) return Fail(Error::NotFound("APIトークンが見つかりません"));
            auto token = ApiTokenFromRow(SqlRow(result->rows.front()));
            if (!token) return Fail(token.error());
            auto users = UsersFromRows(*result, kApiTokenColumns);
            if (!users || users->size() != 1) return Fail(Error::Internal());
            out = Found(std::move(*token), std::move(users->front()));
            return {};
        });
    }

    Status AppendAuthEvent(const AuthEvent& event) override {
        const std::string at = FormatIso8601(event.at);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result = connection.Execute(kInsertAuthEvent,
                                             {domain::AuthEventKindCode(event.kind), IdOrNull(event.municipality_id),
                                              IdOrNull(event.user_id), event.username, event.remote_address, at});
            if (!result) {
                if (result.error().Is(ErrorCode::kNotFound)) {
                    return Fail(Error::NotFound("認証イベントの市町村または利用者が見つかりません"));
                }
                return Fail(result.error());
            }
            return {};
        });
    }

    Result<int> CountSignInFailuresFromAddress(std::string_view remote_address, Instant since) override {
        const std::string since_text = FormatIso8601(since);
        return ReadInto<int>(executor_, [&](SqlConnection& connection, int& out) -> Status {
            auto result = connection.Execute(
                kCountSignInFailuresFromAddress,
                {remote_address, since_text, domain::AuthEventKindCode(domain::AuthEventKind::kSignInFailed)});
            if (!result) return Fail(result.error());
            auto count = SqlRow(result->rows.at(0)).Integer(0);
            if (!count) return Fail(count.error());
            out = static_cast<int>(*count);
            return {};
        });
    }

    Result<SecondFactor> FindSecondFactor(UserId user_id) override {
        return ReadInto<SecondFactor>(executor_, [&](SqlConnection& connection, SecondFactor& out) -> Status {
            auto result = connection.Execute(kSelectSecondFactor, {user_id});
            if (!result) return Fail(result.error());
            if (result->Empty()) return Fail(Error::NotFound("二要素認証が登録されていません"));
            auto found = SecondFactorFromRow(SqlRow(result->rows.front()));
            if (!found) return Fail(found.error());
            out = std::move(*found);
            return {};
        });
    }

    Status StartSecondFactor(const SecondFactor& second_factor) override {
        const std::string created_at = FormatIso8601(second_factor.created_at);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            // The recovery codes of an earlier factor go with it (ON DELETE CASCADE).
            if (auto deleted = connection.Execute(kDeleteSecondFactor, {second_factor.user_id}); !deleted) {
                return Fail(deleted.error());
            }
            auto result = connection.Execute(
                kInsertSecondFactor, {second_factor.user_id, second_factor.municipality_id, second_factor.sealed_secret,
                                      second_factor.last_step, created_at});
            if (!result) {
                if (result.error().Is(ErrorCode::kNotFound)) {
                    return Fail(WithField(Error::NotFound("利用者が見つかりません"), "user_id"));
                }
                return Fail(result.error());
            }
            return {};
        });
    }

    Status ConfirmSecondFactor(UserId user_id, Instant confirmed_at, std::int64_t step,
                               const std::vector<std::string>& recovery_code_hashes) override {
        const std::string confirmed_text = FormatIso8601(confirmed_at);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            if (auto confirmed = ExpectOneRow(connection.Execute(kConfirmSecondFactor, {user_id, confirmed_text, step}),
                                              "二要素認証");
                !confirmed) {
                return confirmed;
            }
            for (const std::string& hash : recovery_code_hashes) {
                if (auto inserted = connection.Execute(kInsertRecoveryCode, {user_id, hash}); !inserted) {
                    return Fail(inserted.error());
                }
            }
            return {};
        });
    }

    Result<bool> AdvanceSecondFactorStep(UserId user_id, std::int64_t step) override {
        return WriteInto<bool>(executor_, [&](SqlConnection& connection, bool& out) -> Status {
            auto result = connection.Execute(kAdvanceSecondFactorStep, {user_id, step});
            if (!result) return Fail(result.error());
            out = result->affected_rows == 1;
            return {};
        });
    }

    Result<bool> UseRecoveryCode(UserId user_id, std::string_view code_hash, Instant used_at) override {
        const std::string used_text = FormatIso8601(used_at);
        return WriteInto<bool>(executor_, [&](SqlConnection& connection, bool& out) -> Status {
            auto result = connection.Execute(kUseRecoveryCode, {user_id, code_hash, used_text});
            if (!result) return Fail(result.error());
            out = result->affected_rows == 1;
            return {};
        });
    }

    Result<int> CountUnusedRecoveryCodes(UserId user_id) override {
        return ReadInto<int>(executor_, [&](SqlConnection& connection, int& out) -> Status {
            auto result = connection.Execute(kCountUnusedRecoveryCodes, {user_id});
            if (!result) return Fail(result.error());
            auto count = SqlRow(result->rows.at(0)).Integer(0);
            if (!count) return Fail(count.error());
            out = static_cast<int>(*count);
            return {};
        });
    }

    Status DeleteSecondFactor(UserId user_id) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result = connection.Execute(kDeleteSecondFactor, {user_id});
            if (!result) return Fail(result.error());
            return {};
        });
    }

    Status CreatePendingSignIn(const PendingSignIn& pending) override {
        const std::string created_at = FormatIso8601(pending.created_at);
        const std::string expires_at = FormatIso8601(pending.expires_at);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result =
                connection.Execute(kInsertPendingSignIn, {pending.token_hash, pending.user_id, pending.municipality_id,
                                                          domain::PendingPurposeCode(pending.purpose), created_at,
                                                          expires_at, pending.remote_address});
            if (!result) {
                if (result.error().Is(ErrorCode::kNotFound)) {
                    return Fail(WithField(Error::NotFound("利用者が見つかりません"), "user_id"));
                }
                return Fail(result.error());
            }
            return {};
        });
    }

    Result<PendingSignIn> FindPendingSignIn(std::string_view token_hash) override {
        return ReadInto<PendingSignIn>(executor_, [&](SqlConnection& connection, PendingSignIn& out) -> Status {
            auto result = connection.Execute(kSelectPendingSignIn, {token_hash});
            if (!result) return Fail(result.error());
            if (result->Empty()) return Fail(Error::NotFound("サインインの途中の状態が見つかりません"));
            auto found = PendingSignInFromRow(SqlRow(result->rows.front()));
            if (!found) return Fail(found.error());
            out = std::move(*found);
            return {};
        });
    }

    Status DeletePendingSignIn(std::string_view token_hash) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result = connection.Execute(kDeletePendingSignIn, {token_hash});
            if (!result) return Fail(result.error());
            return {};
        });
    }

    Status DeletePendingSignInsOfUser(UserId user_id) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result = connection.Execute(kDeletePendingSignInsOfUser, {user_id});
            if (!result) return Fail(result.error());
            return {};
        });
    }

    Result<int> DeleteExpiredPendingSignIns(Instant now) override {
        const std::string now_text = FormatIso8601(now);
        return WriteInto<int>(executor_, [&](SqlConnection& connection, int& out) -> Status {
            auto result = connection.Execute(kDeleteExpiredPendingSignIns, {now_text});
            if (!result) return Fail(result.error());
            out = static_cast<int>(result->affected_rows);
            return {};
        });
    }

private:
    SqlExecutor& executor_;
};

}  // namespace

std::unique_ptr<domain::AccountRepository> MakeAccountRepository(SqlExecutor& executor) {
    return std::make_unique<SqlAccountRepository>(executor);
}

SessionReadStatements SessionStatementsToReadAhead() {
    return {.with_user = kSelectSession,
            .with_account_version = kSelectSessionAccountVersion,
            .session_columns = kSessionColumns};
}

}  // namespace kasane::storage
