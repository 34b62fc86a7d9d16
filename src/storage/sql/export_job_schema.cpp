// SPDX-License-Identifier: Apache-2.0
// Migration 49: 出力ファイル, the background exports (issue 17, item 4), written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 49: a background export job, one row per request: who asked, what (the kind and the filter as its
// query string), in which format, the scope the requester had when asking, and how far it got (status, rows done
// of the rows counted first), with the file's name, the error of a failed job and the characters Windows-31J could
// not hold. The file itself is in the exports directory, named by municipality and id (domain::ExportFilePath).
Migration ExportJobMigration(const DdlTypes& t) {
    Migration migration{.version = 49, .name = "export jobs", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE export_jobs ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " requested_by " + integer + " NOT NULL,"
                " kind " + text + " NOT NULL CHECK (kind IN ('consultation_book')),"
                " filter " + text + " NOT NULL,"
                " format " + text + " NOT NULL CHECK (format IN ('csv-utf-8', 'csv-windows-31j', 'xlsx')),"
                " scope_kind " + text + " NOT NULL CHECK (scope_kind IN ('entered_by', 'organization')),"
                " scope_user_id " + integer + " NOT NULL,"
                " scope_organization_id " + integer + " NOT NULL,"
                " status " + text + " NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),"
                " rows_done " + integer + " NOT NULL CHECK (rows_done >= 0),"
                " rows_total " + integer + " NOT NULL CHECK (rows_total >= 0),"
                " file_name " + text + " NOT NULL,"
                " error " + text + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " finished_at " + instant + ","
                " substituted " + integer + " NOT NULL CHECK (substituted >= 0),"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (requested_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX export_jobs_by_user ON export_jobs (municipality_id, requested_by, id)");
    s.push_back("CREATE INDEX export_jobs_by_status ON export_jobs (municipality_id, status, id)");
    return migration;
}
// clang-format on

// Migration 52: retention (issue 17, item 4). export_jobs.status gains 'expired', a done job whose file was deleted
// after the days it is kept (domain::ExportLimits); the row stays. WidenCheck (migration 49's list written out as it
// was released), then the index the runner's sweep reads done jobs by, which is also SQLite's real schema change
// after the CHECK's rewrite.
Migration ExportRetentionMigration(std::string_view backend) {
    Migration migration{.version = 52, .name = "export retention", .statements = {}};
    WidenCheck(migration.statements, backend,
               CheckWidening{.table = "export_jobs",
                             .column = "status",
                             .released = "'queued', 'running', 'done', 'failed'",
                             .widened = "'queued', 'running', 'done', 'failed', 'expired'",
                             .sqlite_prefix = " status TEXT NOT NULL "});
    migration.statements.push_back(
        "CREATE INDEX export_jobs_by_finish ON export_jobs (municipality_id, status, finished_at)");
    return migration;
}

}  // namespace kasane::storage
