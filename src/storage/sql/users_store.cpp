// SPDX-License-Identifier: Apache-2.0
// The users of a municipality with their roles (domain::UserRepository).

#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

#include "storage/sql/account_support.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Users. A user is read with one statement (users LEFT JOIN user_roles, one row per role), so that the user and
// its roles come from one snapshot; the rows are folded back into users here.

constexpr SqlStatement kSelectUser{
    "select_user",
    "SELECT u.id, u.municipality_id, u.organization_id, u.username, u.display_name, u.password_hash, u.disabled, "
    "u.failed_sign_ins, u.locked_until, u.created_at, r.role "
    "FROM users u LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.id = $1 AND u.municipality_id = $2"};
constexpr SqlStatement kListUsers{
    "list_users",
    "SELECT u.id, u.municipality_id, u.organization_id, u.username, u.display_name, u.password_hash, u.disabled, "
    "u.failed_sign_ins, u.locked_until, u.created_at, r.role "
    "FROM users u LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.municipality_id = $1 ORDER BY u.id"};

constexpr SqlStatement kInsertUser{
    "insert_user",
    "INSERT INTO users (municipality_id, organization_id, username, display_name, password_hash, disabled, "
    "failed_sign_ins, created_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7) RETURNING id"};
constexpr SqlStatement kInsertUserRole{"insert_user_role", "INSERT INTO user_roles (user_id, role) VALUES ($1, $2)"};
constexpr SqlStatement kSetPasswordHash{"set_password_hash",
                                        "UPDATE users SET password_hash = $1, failed_sign_ins = 0, locked_until = NULL "
                                        "WHERE id = $2 AND municipality_id = $3"};
constexpr SqlStatement kSetDisabled{"set_disabled",
                                    "UPDATE users SET disabled = $1 WHERE id = $2 AND municipality_id = $3"};

class SqlUserRepository final : public domain::UserRepository {
public:
    SqlUserRepository(SqlExecutor& executor, MunicipalityId tenant) : executor_(executor), tenant_(tenant) {}

    Result<User> Create(const NewUser& user, Instant created_at) override {
        std::vector<Role> roles = user.roles;
        std::sort(roles.begin(), roles.end());
        roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
        const std::string created_text = FormatIso8601(created_at);
        return WriteInto<User>(executor_, [&](SqlConnection& connection, User& out) -> Status {
            // The composite foreign key (organization_id, municipality_id) makes an organisation of another
            // municipality fail exactly like a missing one.
            auto result = connection.Execute(kInsertUser, {tenant_, user.organization_id, user.username,
                                                           user.display_name, user.password_hash, false, created_text});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("このユーザー名は既に使われています", "username"));
                }
                if (result.error().Is(ErrorCode::kNotFound)) {
                    return Fail(WithField(Error::NotFound("所属機関が見つかりません"), "organization_id"));
                }
                return Fail(result.error());
            }
            auto id = SqlRow(result->rows.at(0)).Integer(0);
            if (!id) return Fail(id.error());
            for (Role role : roles) {
                auto inserted = connection.Execute(kInsertUserRole, {*id, domain::RoleCode(role)});
                if (!inserted) return Fail(inserted.error());
            }
            out = User{.id = UserId{*id},
                       .municipality_id = tenant_,
                       .organization_id = user.organization_id,
                       .username = user.username,
                       .display_name = user.display_name,
                       .roles = roles,
                       .password_hash = user.password_hash,
                       .disabled = false,
                       .failed_sign_ins = 0,
                       .locked_until = std::nullopt,
                       .created_at = created_at};
            return {};
        });
    }

    Result<User> Get(UserId id) override {
        return ReadInto<User>(executor_, [&](SqlConnection& connection, User& out) {
            return ReadOneUser(connection.Execute(kSelectUser, {id, tenant_}), out);
        });
    }

    Result<std::vector<User>> List() override {
        using List = std::vector<User>;
        return ReadInto<List>(executor_, [&](SqlConnection& connection, List& out) -> Status {
            auto result = connection.Execute(kListUsers, {tenant_});
            if (!result) return Fail(result.error());
            auto users = UsersFromRows(*result, 0);
            if (!users) return Fail(users.error());
            out = std::move(*users);
            return {};
        });
    }

    Status SetPasswordHash(UserId id, std::string_view password_hash) override {
        return executor_.Write([&](SqlConnection& connection) {
            return ExpectOneRow(connection.Execute(kSetPasswordHash, {password_hash, id, tenant_}), "利用者");
        });
    }

    Status SetDisabled(UserId id, domain::AccountState state) override {
        return executor_.Write([&](SqlConnection& connection) {
            return ExpectOneRow(
                connection.Execute(kSetDisabled, {state == domain::AccountState::kDisabled, id, tenant_}), "利用者");
        });
    }

private:
    SqlExecutor& executor_;
    MunicipalityId tenant_;
};

}  // namespace

std::unique_ptr<domain::UserRepository> MakeUserRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlUserRepository>(executor, tenant);
}

}  // namespace kasane::storage
