// SPDX-License-Identifier: Apache-2.0
// Migration 8: the posts of users, and the post named in sessions and audit entries.

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
Migration PostMigration(const DdlTypes& t) {
    Migration migration{.version = 8, .name = "posts of users (secondment and moves)", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);

    // A user's dated post in an organisation of the same municipality, with its own roles. Never deleted while its
    // user exists (a post ends), so that the post ids in sessions and the audit trail keep naming something.
    s.push_back("CREATE TABLE user_posts ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL,"
                " user_id " + integer + " NOT NULL,"
                " organization_id " + integer + " NOT NULL,"
                " starts_on " + date + " NOT NULL,"
                " ends_on " + date + ","
                " created_at " + instant + " NOT NULL,"
                " CHECK (ends_on IS NULL OR ends_on >= starts_on),"
                " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id) ON DELETE CASCADE,"
                " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id)"
                "  ON DELETE RESTRICT" +
                table_end);
    s.push_back("CREATE INDEX user_posts_by_user ON user_posts (user_id, municipality_id, starts_on)");
    s.push_back("CREATE TABLE user_post_roles ("
                " post_id " + integer + " NOT NULL REFERENCES user_posts (id) ON DELETE CASCADE,"
                " role " + text + " NOT NULL CHECK (role IN (" + RoleCheckList() + ")),"
                " PRIMARY KEY (post_id, role)" +
                clustered_end);
    // The post a session acts in (NULL while its user has no posts); the post an audit entry was written in (NULL
    // before posts existed, and for users without posts; no foreign key: an entry outlives what it mentions).
    s.push_back("ALTER TABLE sessions ADD COLUMN post_id " + integer + " REFERENCES user_posts (id) ON DELETE CASCADE");
    s.push_back("ALTER TABLE audit_entries ADD COLUMN post_id " + integer);
    return migration;
}
// clang-format on

}  // namespace kasane::storage
