// SPDX-License-Identifier: Apache-2.0
// Drafts of forms and submit keys, by user (domain::DraftRepository, migration 12).

#include <string>

#include "domain/draft_repositories.hpp"
#include "storage/sql/sql_repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {
namespace {

using namespace sql_support;

constexpr SqlStatement kUpsertDraft{
    "drafts_upsert",
    "INSERT INTO form_drafts (user_id, form_key, sealed_content, saved_at) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (user_id, form_key) DO UPDATE SET sealed_content = excluded.sealed_content,"
    " saved_at = excluded.saved_at"};
constexpr SqlStatement kFindDraft{
    "drafts_find", "SELECT sealed_content, saved_at FROM form_drafts WHERE user_id = $1 AND form_key = $2"};
constexpr SqlStatement kDeleteDraft{"drafts_delete", "DELETE FROM form_drafts WHERE user_id = $1 AND form_key = $2"};
constexpr SqlStatement kDeleteOldDrafts{"drafts_delete_old", "DELETE FROM form_drafts WHERE saved_at < $1"};
constexpr SqlStatement kReserveKey{
    "submit_keys_reserve",
    "INSERT INTO submit_keys (user_id, key_hash, reserved_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"};
constexpr SqlStatement kFindKey{
    "submit_keys_find",
    "SELECT reserved_at, status, sealed_response FROM submit_keys WHERE user_id = $1 AND key_hash = $2"};
constexpr SqlStatement kCompleteKey{
    "submit_keys_complete",
    "UPDATE submit_keys SET status = $3, sealed_response = $4 WHERE user_id = $1 AND key_hash = $2"};
constexpr SqlStatement kReleaseKey{"submit_keys_release",
                                   "DELETE FROM submit_keys WHERE user_id = $1 AND key_hash = $2 AND status IS NULL"};
constexpr SqlStatement kDeleteOldKeys{"submit_keys_delete_old", "DELETE FROM submit_keys WHERE reserved_at < $1"};

class SqlDraftRepository final : public domain::DraftRepository {
public:
    explicit SqlDraftRepository(SqlExecutor& executor) : executor_(executor) {}

    Status SaveDraft(const domain::StoredDraft& draft) override {
        const std::string saved_at = FormatIso8601(draft.saved_at);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_EXECUTE(connection, kUpsertDraft, draft.user_id, std::string_view(draft.form_key),
                           std::string_view(draft.sealed_content), std::string_view(saved_at));
            return {};
        });
    }

    Result<std::optional<domain::StoredDraft>> FindDraft(UserId user_id, std::string_view form_key) override {
        using Found = std::optional<domain::StoredDraft>;
        return ReadInto<Found>(executor_, [&](SqlConnection& connection, Found& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kFindDraft, {user_id, form_key}));
            if (result->rows.empty()) return {};
            const SqlRow row(result->rows.front());
            auto content = row.Text(0);
            auto saved_at = row.Time(1);
            if (!content || !saved_at) return Fail(Corrupt("form_draft"));
            out = domain::StoredDraft{.user_id = user_id,
                                      .form_key = std::string(form_key),
                                      .sealed_content = std::move(*content),
                                      .saved_at = *saved_at};
            return {};
        });
    }

    Status DeleteDraft(UserId user_id, std::string_view form_key) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_EXECUTE(connection, kDeleteDraft, user_id, form_key);
            return {};
        });
    }

    Result<int> DeleteDraftsSavedBefore(Instant before) override { return DeleteBefore(kDeleteOldDrafts, before); }

    Result<bool> ReserveSubmitKey(UserId user_id, std::string_view key_hash, Instant now) override {
        const std::string now_text = FormatIso8601(now);
        return WriteInto<bool>(executor_, [&](SqlConnection& connection, bool& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kReserveKey, {user_id, key_hash, std::string_view(now_text)}));
            out = result->affected_rows == 1;
            return {};
        });
    }

    Result<std::optional<domain::StoredSubmitKey>> FindSubmitKey(UserId user_id, std::string_view key_hash) override {
        using Found = std::optional<domain::StoredSubmitKey>;
        return ReadInto<Found>(executor_, [&](SqlConnection& connection, Found& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kFindKey, {user_id, key_hash}));
            if (result->rows.empty()) return {};
            const SqlRow row(result->rows.front());
            auto reserved_at = row.Time(0);
            auto status = row.OptionalInteger(1);
            auto response = row.Text(2);
            if (!reserved_at || !response) return Fail(Corrupt("submit_key"));
            domain::StoredSubmitKey key{.user_id = user_id,
                                        .key_hash = std::string(key_hash),
                                        .reserved_at = *reserved_at,
                                        .status = std::nullopt,
                                        .sealed_response = std::move(*response)};
            if (status) key.status = static_cast<int>(*status);
            out = std::move(key);
            return {};
        });
    }

    Status CompleteSubmitKey(UserId user_id, std::string_view key_hash, int status,
                             std::string_view sealed_response) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(result,
                          connection.Execute(kCompleteKey, {user_id, key_hash, std::int64_t{status}, sealed_response}));
            if (result->affected_rows != 1) return Fail(Error::NotFound("送信キーが見つかりません"));
            return {};
        });
    }

    Status ReleaseSubmitKey(UserId user_id, std::string_view key_hash) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_EXECUTE(connection, kReleaseKey, user_id, key_hash);
            return {};
        });
    }

    Result<int> DeleteSubmitKeysReservedBefore(Instant before) override { return DeleteBefore(kDeleteOldKeys, before); }

private:
    Result<int> DeleteBefore(const SqlStatement& statement, Instant before) {
        const std::string before_text = FormatIso8601(before);
        return WriteInto<int>(executor_, [&](SqlConnection& connection, int& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(statement, {std::string_view(before_text)}));
            out = static_cast<int>(result->affected_rows);
            return {};
        });
    }

    SqlExecutor& executor_;
};

}  // namespace

std::unique_ptr<domain::DraftRepository> MakeDraftRepository(SqlExecutor& executor) {
    return std::make_unique<SqlDraftRepository>(executor);
}

}  // namespace kasane::storage
