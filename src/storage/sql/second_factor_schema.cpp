// SPDX-License-Identifier: Apache-2.0
// Migration 6 (the second factor of sign-in), written once for both dialects like migrations 2 to 5.
//
// A user's TOTP secret (sealed with the server's key), the hashes of its single-use recovery codes, and the pending
// state between a right password and the second step. Every row goes with its user: deleting the user deletes them.

#include "storage/sql/migrations.hpp"
#include "storage/sql/sql_store.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
Migration SecondFactorMigration(const DdlTypes& t) {
    Migration migration{.version = 6, .name = "second factor of sign-in", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);

    s.push_back("CREATE TABLE user_second_factors ("
                " user_id " + integer + " PRIMARY KEY,"
                " municipality_id " + integer + " NOT NULL,"
                " sealed_secret " + text + " NOT NULL,"
                " confirmed_at " + instant + ","
                " last_step " + integer + " NOT NULL CHECK (last_step >= 0),"
                " created_at " + instant + " NOT NULL,"
                " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id) ON DELETE CASCADE" +
                table_end);
    s.push_back("CREATE TABLE user_recovery_codes ("
                " user_id " + integer + " NOT NULL REFERENCES user_second_factors (user_id) ON DELETE CASCADE,"
                " code_hash " + text + " NOT NULL,"
                " used_at " + instant + ","
                " PRIMARY KEY (user_id, code_hash)" +
                clustered_end);
    s.push_back("CREATE TABLE pending_sign_ins ("
                " token_hash " + text + " PRIMARY KEY,"
                " user_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " purpose " + text + " NOT NULL CHECK (purpose IN ('code', 'enrol')),"
                " created_at " + instant + " NOT NULL,"
                " expires_at " + instant + " NOT NULL,"
                " remote_address " + text + " NOT NULL,"
                " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id) ON DELETE CASCADE" +
                clustered_end);
    s.push_back("CREATE INDEX pending_sign_ins_by_user ON pending_sign_ins (user_id)");
    return migration;
}
// clang-format on

}  // namespace kasane::storage
