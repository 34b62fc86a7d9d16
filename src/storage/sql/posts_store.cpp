// SPDX-License-Identifier: Apache-2.0
// The posts of users (domain::PostRepository): secondments and moves, each with its own roles.

#include "storage/sql/read_ahead.hpp"
#include "storage/sql/sql_repositories.hpp"

#include <algorithm>

#include "domain/repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

namespace {

using domain::Post;
using domain::Role;
using sql_support::DateText;
using sql_support::NotFoundField;
using sql_support::OptionalDate;
using sql_support::OptionalDateText;
using sql_support::ReadInto;
using sql_support::RequiredDate;
using sql_support::TextOrNull;
using sql_support::WriteInto;

constexpr SqlStatement kUserExists{"post_user_exists",
                                   "SELECT count(*) FROM users WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kOrganizationExists{"post_organization_exists",
                                           "SELECT count(*) FROM organizations WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kInsertPost{
    "insert_user_post",
    "INSERT INTO user_posts (municipality_id, user_id, organization_id, starts_on, ends_on, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
constexpr SqlStatement kInsertPostRole{"insert_user_post_role",
                                       "INSERT INTO user_post_roles (post_id, role) VALUES ($1, $2)"};
#define KASANE_POST_SELECT                                                                                        \
    "SELECT p.id, p.user_id, p.municipality_id, p.organization_id, p.starts_on, p.ends_on, p.created_at, r.role " \
    "FROM user_posts p LEFT JOIN user_post_roles r ON r.post_id = p.id "
constexpr SqlStatement kSelectPost{"select_user_post",
                                   KASANE_POST_SELECT "WHERE p.id = $1 AND p.municipality_id = $2 ORDER BY r.role"};
constexpr SqlStatement kListPostsOfUser{
    "list_user_posts",
    KASANE_POST_SELECT "WHERE p.user_id = $1 AND p.municipality_id = $2 ORDER BY p.starts_on, p.id, r.role"};
#undef KASANE_POST_SELECT
constexpr SqlStatement kSetPostEndsOn{"set_user_post_ends_on",
                                      "UPDATE user_posts SET ends_on = $1 WHERE id = $2 AND municipality_id = $3"};

// Folds rows of (post columns…, role), one per role, into posts in row order.
Result<std::vector<Post>> PostsFromRows(const SqlResult& result) {
    std::vector<Post> posts;
    for (const auto& values : result.rows) {
        const SqlRow row(values);
        KASANE_ASSIGN(id, row.Integer(0));
        if (posts.empty() || posts.back().id != *id) {
            KASANE_ASSIGN(user_id, row.Integer(1));
            KASANE_ASSIGN(municipality_id, row.Integer(2));
            KASANE_ASSIGN(organization_id, row.Integer(3));
            KASANE_ASSIGN(starts_on, RequiredDate(row, 4));
            KASANE_ASSIGN(ends_on, OptionalDate(row, 5));
            KASANE_ASSIGN(created_at, row.Time(6));
            posts.push_back(Post{.id = *id,
                                 .user_id = UserId{*user_id},
                                 .municipality_id = MunicipalityId{*municipality_id},
                                 .organization_id = OrganizationId{*organization_id},
                                 .roles = {},
                                 .starts_on = *starts_on,
                                 .ends_on = *ends_on,
                                 .created_at = *created_at});
        }
        if (!row.IsNull(7)) {
            const auto role = domain::ParseRole(*row.Text(7));
            if (!role) return Fail(sql_support::Corrupt("user_post_roles.role"));
            posts.back().roles.push_back(*role);
        }
    }
    for (Post& post : posts) std::sort(post.roles.begin(), post.roles.end());
    return posts;
}

Result<bool> Exists(SqlConnection& connection, const SqlStatement& statement, std::int64_t id, MunicipalityId tenant) {
    KASANE_ASSIGN(result, connection.Execute(statement, {id, tenant}));
    KASANE_ASSIGN(count, SqlRow(result->rows.at(0)).Integer(0));
    return *count > 0;
}

class SqlPostRepository final : public domain::PostRepository {
public:
    SqlPostRepository(SqlExecutor& executor, MunicipalityId tenant) : executor_(executor), tenant_(tenant) {}

    Result<Post> Create(const Post& post, Instant created_at) override {
        std::vector<Role> roles = post.roles;
        std::sort(roles.begin(), roles.end());
        roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
        const std::string starts_on = DateText(post.starts_on);
        const auto ends_on = OptionalDateText(post.ends_on);
        const std::string created_text = FormatIso8601(created_at);
        return WriteInto<Post>(executor_, [&](SqlConnection& connection, Post& out) -> Status {
            // Checked first, so that the error names the field (a composite foreign key would refuse either alike).
            KASANE_ASSIGN(user_found, Exists(connection, kUserExists, post.user_id, tenant_));
            if (!*user_found) return Fail(NotFoundField("利用者が見つかりません", "user_id"));
            KASANE_ASSIGN(organization_found, Exists(connection, kOrganizationExists, post.organization_id, tenant_));
            if (!*organization_found) return Fail(NotFoundField("所属機関が見つかりません", "organization_id"));
            KASANE_ASSIGN(inserted, connection.Execute(kInsertPost, {tenant_, post.user_id, post.organization_id,
                                                                     std::string_view(starts_on), TextOrNull(ends_on),
                                                                     std::string_view(created_text)}));
            KASANE_ASSIGN(id, SqlRow(inserted->rows.at(0)).Integer(0));
            for (Role role : roles) {
                KASANE_EXECUTE(connection, kInsertPostRole, *id, domain::RoleCode(role));
            }
            out = post;
            out.id = *id;
            out.municipality_id = tenant_;
            out.roles = roles;
            out.created_at = created_at;
            return {};
        });
    }

    Result<Post> Get(PostId id) override {
        return ReadInto<Post>(executor_, [&](SqlConnection& connection, Post& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectPost, {id, tenant_}));
            KASANE_ASSIGN(posts, PostsFromRows(*result));
            if (posts->empty()) return Fail(Error::NotFound("職（所属）が見つかりません"));
            out = std::move(posts->front());
            return {};
        });
    }

    Result<std::vector<Post>> ListOfUser(UserId user_id) override {
        using List = std::vector<Post>;
        return ReadInto<List>(executor_, [&](SqlConnection& connection, List& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kListPostsOfUser, {user_id, tenant_}));
            KASANE_ASSIGN(posts, PostsFromRows(*result));
            out = std::move(*posts);
            return {};
        });
    }

    Status SetEndsOn(PostId id, domain::Date ends_on) override {
        const std::string ends_text = DateText(ends_on);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSetPostEndsOn, {std::string_view(ends_text), id, tenant_}));
            if (result->affected_rows == 0) return Fail(Error::NotFound("職（所属）が見つかりません"));
            return {};
        });
    }

private:
    SqlExecutor& executor_;
    MunicipalityId tenant_;
};

}  // namespace

std::unique_ptr<domain::PostRepository> MakePostRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlPostRepository>(executor, tenant);
}

const SqlStatement& PostsOfUserStatementToReadAhead() { return kListPostsOfUser; }

}  // namespace kasane::storage
