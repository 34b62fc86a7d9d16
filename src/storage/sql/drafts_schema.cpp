// SPDX-License-Identifier: Apache-2.0
// Migration 12: drafts of forms and submit keys (issue 13, item 4), written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 12: never lose typing. A draft is a user's sealed form content for one form (the path it posts to),
// replaced at each autosave; a submit key is the reservation, then the sealed answer, of the first submit with a
// key (status NULL while it runs). Both belong to the user (ids are unique over the installation) and go with it.
// The instants serve the sweeps (drafts after 7 days, keys after 24 hours: domain/drafts.hpp).
Migration DraftMigration(const DdlTypes& t) {
    Migration migration{.version = 12, .name = "drafts and submit keys", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE form_drafts ("
                " user_id " + integer + " NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
                " form_key " + text + " NOT NULL CHECK (length(form_key) BETWEEN 1 AND 300),"
                " sealed_content " + text + " NOT NULL,"
                " saved_at " + instant + " NOT NULL,"
                " PRIMARY KEY (user_id, form_key)" + clustered_end);
    s.push_back("CREATE INDEX form_drafts_saved_at ON form_drafts (saved_at)");
    s.push_back("CREATE TABLE submit_keys ("
                " user_id " + integer + " NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
                " key_hash " + text + " NOT NULL CHECK (length(key_hash) = 64),"
                " reserved_at " + instant + " NOT NULL,"
                " status " + integer + " CHECK (status BETWEEN 100 AND 599),"
                " sealed_response " + text + " NOT NULL DEFAULT '',"
                " PRIMARY KEY (user_id, key_hash)" + clustered_end);
    s.push_back("CREATE INDEX submit_keys_reserved_at ON submit_keys (reserved_at)");
    return migration;
}
// clang-format on

}  // namespace kasane::storage
