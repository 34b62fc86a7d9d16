// SPDX-License-Identifier: Apache-2.0
// Migration 17: moving in (issue 14, item 4), written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 17: files uploaded for an import wait here between the upload, the dry run and the confirmation
// (servers are stateless; the bytes are kept as base64 text, which both dialects store alike), and each imported
// row's external id — its source, the kind of record it became and its key in the source (相談No, or the contact's
// line) — so that importing the same file twice changes nothing.
Migration ImportMigration(const DdlTypes& t) {
    Migration migration{.version = 17, .name = "imports: uploads and external ids", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE import_uploads ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " file_name " + text + " NOT NULL,"
                " sha256 " + text + " NOT NULL,"
                " size_bytes " + integer + " NOT NULL,"
                " content_base64 " + text + " NOT NULL,"
                " uploaded_by " + integer + " NOT NULL,"
                " uploaded_at " + instant + " NOT NULL,"
                " FOREIGN KEY (uploaded_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX import_uploads_by_municipality ON import_uploads (municipality_id, id)");
    s.push_back("CREATE TABLE import_external_ids ("
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " source " + text + " NOT NULL,"
                " kind " + text + " NOT NULL CHECK (kind IN ('person', 'household', 'consultation', 'contact')),"
                " key " + text + " NOT NULL,"
                " record_id " + integer + " NOT NULL,"
                " PRIMARY KEY (municipality_id, source, kind, key)" +
                clustered_end);
    return migration;
}
// clang-format on

}  // namespace kasane::storage
