// SPDX-License-Identifier: Apache-2.0
// API tokens of users (domain::ApiTokenRepository).

#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

#include "storage/sql/account_support.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// API tokens

constexpr SqlStatement kInsertApiToken{
    "insert_api_token",
    "INSERT INTO api_tokens (municipality_id, user_id, name, token_hash, created_at, expires_at, revoked_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
constexpr SqlStatement kListApiTokens{
    "list_api_tokens",
    "SELECT id, municipality_id, user_id, name, token_hash, created_at, expires_at, revoked_at "
    "FROM api_tokens WHERE municipality_id = $1 ORDER BY id"};
constexpr SqlStatement kRevokeApiToken{
    "revoke_api_token",
    "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2 AND municipality_id = $3"};

class SqlApiTokenRepository final : public domain::ApiTokenRepository {
public:
    SqlApiTokenRepository(SqlExecutor& executor, MunicipalityId tenant) : executor_(executor), tenant_(tenant) {}

    Result<ApiToken> Create(const ApiToken& token) override {
        const std::string created_at = FormatIso8601(token.created_at);
        const std::optional<std::string> expires_at = OptionalTimeText(token.expires_at);
        const std::optional<std::string> revoked_at = OptionalTimeText(token.revoked_at);
        return WriteInto<ApiToken>(executor_, [&](SqlConnection& connection, ApiToken& out) -> Status {
            auto result =
                connection.Execute(kInsertApiToken, {tenant_, token.user_id, token.name, token.token_hash, created_at,
                                                     TextOrNull(expires_at), TextOrNull(revoked_at)});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("同じトークンが既に登録されています", "token_hash"));
                }
                if (result.error().Is(ErrorCode::kNotFound)) {
                    return Fail(WithField(Error::NotFound("利用者が見つかりません"), "user_id"));
                }
                return Fail(result.error());
            }
            auto id = SqlRow(result->rows.at(0)).Integer(0);
            if (!id) return Fail(id.error());
            out = token;
            out.id = *id;
            out.municipality_id = tenant_;
            return {};
        });
    }

    Result<std::vector<ApiToken>> List() override {
        using List = std::vector<ApiToken>;
        return ReadInto<List>(executor_, [&](SqlConnection& connection, List& out) -> Status {
            auto result = connection.Execute(kListApiTokens, {tenant_});
            if (!result) return Fail(result.error());
            for (const auto& values : result->rows) {
                auto token = ApiTokenFromRow(SqlRow(values));
                if (!token) return Fail(token.error());
                out.push_back(std::move(*token));
            }
            return {};
        });
    }

    Status Revoke(ApiTokenId id, Instant at) override {
        const std::string at_text = FormatIso8601(at);
        return executor_.Write([&](SqlConnection& connection) {
            return ExpectOneRow(connection.Execute(kRevokeApiToken, {at_text, id, tenant_}), "APIトークン");
        });
    }

private:
    SqlExecutor& executor_;
    MunicipalityId tenant_;
};

}  // namespace

std::unique_ptr<domain::ApiTokenRepository> MakeApiTokenRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlApiTokenRepository>(executor, tenant);
}

}  // namespace kasane::storage
