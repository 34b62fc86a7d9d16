// SPDX-License-Identifier: Apache-2.0
#include "storage/bulk_copy.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace kasane::storage {
namespace {

using Rows = std::vector<std::vector<std::string>>;

struct PgDeleter {
    void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct PgResultDeleter {
    void operator()(PGresult* result) const { PQclear(result); }
};
struct SqliteDeleter {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StatementDeleter {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using PgConn = std::unique_ptr<PGconn, PgDeleter>;
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;
using SqliteDb = std::unique_ptr<sqlite3, SqliteDeleter>;
using SqliteStatement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

Error PgError(PGconn* conn, std::string_view what) {
    std::string message = PQerrorMessage(conn);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    return Error::Internal("PostgreSQL: " + std::string(what) + ": " + message);
}

Result<PgConn> ConnectPostgres(std::string_view url) {
    const std::string text(url);
    const char* keywords[] = {"dbname", "client_encoding", "application_name", "options", nullptr};
    const char* values[] = {text.c_str(), "UTF8", "kasane-bulk", "-c TimeZone=UTC -c DateStyle=ISO", nullptr};
    PgConn conn(PQconnectdbParams(keywords, values, 1));
    if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
        return Fail(Error::Unavailable("PostgreSQL に接続できません: " +
                                       std::string(conn ? PQerrorMessage(conn.get()) : "out of memory")));
    }
    PQsetNoticeProcessor(
        conn.get(), [](void*, const char*) {}, nullptr);
    return conn;
}

// Runs SQL without parameters; the rows as text (NULL as empty).
Result<Rows> PgQuery(PGconn* conn, const std::string& sql, const std::vector<std::string>& params = {}) {
    std::vector<const char*> values;
    for (const std::string& param : params) values.push_back(param.c_str());
    PgResult result(params.empty() ? PQexec(conn, sql.c_str())
                                   : PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                                  values.data(), nullptr, nullptr, 0));
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return Fail(PgError(conn, sql.substr(0, 120)));
    Rows rows;
    for (int row = 0; row < PQntuples(result.get()); ++row) {
        auto& out = rows.emplace_back();
        for (int column = 0; column < PQnfields(result.get()); ++column) {
            out.emplace_back(PQgetvalue(result.get(), row, column),
                             static_cast<std::size_t>(PQgetlength(result.get(), row, column)));
        }
    }
    return rows;
}

Status PgExec(PGconn* conn, const std::string& sql) {
    auto done = PgQuery(conn, sql);
    if (!done) return Fail(done.error());
    return {};
}

Result<SqliteDb> OpenSqlite(std::string_view path, int flags) {
    sqlite3* raw = nullptr;
    const std::string text(path);
    const int opened = sqlite3_open_v2(text.c_str(), &raw, flags, nullptr);
    SqliteDb db(raw);
    if (opened != SQLITE_OK) {
        return Fail(Error::Unavailable("SQLite のファイルを開けません: " + text + " (" +
                                       (raw != nullptr ? sqlite3_errmsg(raw) : "out of memory") + ")"));
    }
    return db;
}

Result<Rows> SqliteQuery(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
        return Fail(Error::Internal("SQLite: " + sql.substr(0, 120) + ": " + sqlite3_errmsg(db)));
    }
    SqliteStatement statement(raw);
    Rows rows;
    int step = SQLITE_ROW;
    while ((step = sqlite3_step(statement.get())) == SQLITE_ROW) {
        auto& out = rows.emplace_back();
        for (int column = 0; column < sqlite3_column_count(statement.get()); ++column) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement.get(), column));
            out.emplace_back(text != nullptr ? text : "");
        }
    }
    if (step != SQLITE_DONE) return Fail(Error::Internal("SQLite: " + sql.substr(0, 120) + ": " + sqlite3_errmsg(db)));
    return rows;
}

std::string Quoted(std::string_view name) {
    std::string out = "\"";
    for (const char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// A value in COPY's text format.
void AppendCopyText(std::string& out, const unsigned char* text, int size) {
    for (int i = 0; i < size; ++i) {
        const char c = static_cast<char>(text[i]);
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            default: out += c;
        }
    }
}

// Streams one table from SQLite into PostgreSQL with COPY … FROM STDIN (text format). The rows copied.
Result<long long> CopyTable(sqlite3* db, PGconn* conn, const std::string& table,
                            const std::vector<std::string>& columns) {
    std::string select = "SELECT ";
    std::string copy = "COPY " + Quoted(table) + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) {
        select += (i > 0 ? ", " : "") + Quoted(columns[i]);
        copy += (i > 0 ? ", " : "") + Quoted(columns[i]);
    }
    select += " FROM " + Quoted(table);
    copy += ") FROM STDIN";
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, select.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
        return Fail(Error::Internal("SQLite: " + select.substr(0, 120) + ": " + sqlite3_errmsg(db)));
    }
    SqliteStatement statement(raw);
    {
        PgResult started(PQexec(conn, copy.c_str()));
        if (PQresultStatus(started.get()) != PGRES_COPY_IN) return Fail(PgError(conn, copy));
    }
    std::string buffer;
    buffer.reserve(1 << 20);
    long long rows = 0;
    bool failed = false;
    auto flush = [&] {
        if (!buffer.empty() && PQputCopyData(conn, buffer.data(), static_cast<int>(buffer.size())) != 1) failed = true;
        buffer.clear();
    };
    int step = SQLITE_ROW;
    const int count = static_cast<int>(columns.size());
    while (!failed && (step = sqlite3_step(statement.get())) == SQLITE_ROW) {
        for (int column = 0; column < count; ++column) {
            if (column > 0) buffer += '\t';
            switch (sqlite3_column_type(statement.get(), column)) {
                case SQLITE_NULL: buffer += "\\N"; break;
                case SQLITE_BLOB: {  // bytea, hex format
                    static constexpr char kHex[] = "0123456789abcdef";
                    const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(statement.get(), column));
                    const int size = sqlite3_column_bytes(statement.get(), column);
                    buffer += "\\\\x";
                    for (int i = 0; i < size; ++i) {
                        buffer += kHex[bytes[i] >> 4];
                        buffer += kHex[bytes[i] & 15];
                    }
                    break;
                }
                default: {
                    const unsigned char* text = sqlite3_column_text(statement.get(), column);
                    AppendCopyText(buffer, text, sqlite3_column_bytes(statement.get(), column));
                }
            }
        }
        buffer += '\n';
        ++rows;
        if (buffer.size() >= (1 << 20)) flush();
    }
    if (!failed) flush();
    const bool read_failed = !failed && step != SQLITE_DONE;
    if (PQputCopyEnd(conn, failed || read_failed ? "kasane: copy abandoned" : nullptr) != 1) failed = true;
    PgResult finished(PQgetResult(conn));
    const bool copied = PQresultStatus(finished.get()) == PGRES_COMMAND_OK;
    while (PgResult more{PQgetResult(conn)}) {
    }
    if (read_failed) return Fail(Error::Internal("SQLite: " + table + ": " + sqlite3_errmsg(db)));
    if (failed || !copied) return Fail(PgError(conn, "COPY " + table));
    return rows;
}

Result<int> SqliteVersion(sqlite3* db) {
    auto rows = SqliteQuery(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!rows) return Fail(rows.error());
    return std::stoi(rows->at(0).at(0));
}

}  // namespace

Result<CopyReport> CopySqliteIntoPostgres(std::string_view sqlite_path, std::string_view postgres_url,
                                          const std::function<void(std::string_view)>& progress) {
    const auto start = std::chrono::steady_clock::now();
    auto say = [&](const std::string& line) {
        if (!progress) return;
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        progress(line + " (" + std::to_string(static_cast<long long>(seconds)) + " s)");
    };
    auto db = OpenSqlite(sqlite_path, SQLITE_OPEN_READONLY);
    if (!db) return Fail(db.error());
    auto pg = ConnectPostgres(postgres_url);
    if (!pg) return Fail(pg.error());
    PGconn* conn = pg->get();
    sqlite3* sqlite = db->get();

    auto source_version = SqliteVersion(sqlite);
    if (!source_version) return Fail(source_version.error());
    auto target_version = PgQuery(conn, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!target_version) return Fail(target_version.error());
    if (std::stoi(target_version->at(0).at(0)) != *source_version) {
        return Fail(Error::Conflict("コピー先の PostgreSQL のスキーマの版 (" + target_version->at(0).at(0) +
                                        ") が生成したデータ (" + std::to_string(*source_version) + ") と異なります",
                                    "db"));
    }
    auto municipalities = PgQuery(conn, "SELECT EXISTS (SELECT 1 FROM municipalities)");
    if (!municipalities) return Fail(municipalities.error());
    if (municipalities->at(0).at(0) == "t") {
        return Fail(Error::Conflict(
            "コピー先の PostgreSQL のデータベースには自治体の記録があります。新しいデータベースを指定してください",
            "db"));
    }

    // The load's own settings: index builds get memory, the one commit does not wait for a flush of each page.
    if (auto set = PgExec(conn, "SET maintenance_work_mem = '512MB'; SET synchronous_commit = off"); !set) {
        return Fail(set.error());
    }
    if (auto begun = PgExec(conn, "BEGIN"); !begun) return Fail(begun.error());
    auto rollback = [&](Error error) -> Result<CopyReport> {
        (void)PgExec(conn, "ROLLBACK");
        return Fail(std::move(error));
    };
    auto tables = PgQuery(conn,
                          "SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
                          "AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migrations' ORDER BY c.relname");
    if (!tables) return rollback(tables.error());
    auto foreign_keys = PgQuery(conn,
                                "SELECT quote_ident(t.relname), quote_ident(c.conname), pg_get_constraintdef(c.oid) "
                                "FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'f' "
                                "AND t.relnamespace = current_schema()::regnamespace ORDER BY 1, 2");
    if (!foreign_keys) return rollback(foreign_keys.error());
    // Primary keys and UNIQUE constraints are set aside too (after the foreign keys that lean on them): an index
    // built once over the sorted rows costs far less than one kept up to date row by row.
    auto keys = PgQuery(conn,
                        "SELECT quote_ident(t.relname), quote_ident(c.conname), pg_get_constraintdef(c.oid) "
                        "FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype IN ('p', 'u') "
                        "AND t.relnamespace = current_schema()::regnamespace AND t.relname <> 'schema_migrations' "
                        "ORDER BY 1, 2");
    if (!keys) return rollback(keys.error());
    auto indexes = PgQuery(conn,
                           "SELECT quote_ident(ic.relname), pg_get_indexdef(i.indexrelid) FROM pg_index i "
                           "JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
                           "WHERE t.relnamespace = current_schema()::regnamespace AND t.relname <> 'schema_migrations' "
                           "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1");
    if (!indexes) return rollback(indexes.error());
    for (const auto& fk : *foreign_keys) {
        if (auto dropped = PgExec(conn, "ALTER TABLE " + fk[0] + " DROP CONSTRAINT " + fk[1]); !dropped) {
            return rollback(dropped.error());
        }
    }
    for (const auto& key : *keys) {
        if (auto dropped = PgExec(conn, "ALTER TABLE " + key[0] + " DROP CONSTRAINT " + key[1]); !dropped) {
            return rollback(dropped.error());
        }
    }
    for (const auto& index : *indexes) {
        if (auto dropped = PgExec(conn, "DROP INDEX " + index[0]); !dropped) return rollback(dropped.error());
    }
    std::string truncate = "TRUNCATE ";
    for (std::size_t i = 0; i < tables->size(); ++i) truncate += (i > 0 ? ", " : "") + Quoted((*tables)[i][0]);
    if (!tables->empty()) {
        if (auto emptied = PgExec(conn, truncate); !emptied) return rollback(emptied.error());
    }
    // The tables' own triggers (the access versions of migration 60) stay off while the rows come in: the copy
    // brings the source's access_versions as they are, and their upserts would need the keys set aside above.
    for (const auto& table_row : *tables) {
        if (auto disabled = PgExec(conn, "ALTER TABLE " + Quoted(table_row[0]) + " DISABLE TRIGGER USER"); !disabled) {
            return rollback(disabled.error());
        }
    }
    say("copy: " + std::to_string(tables->size()) + " tables; " + std::to_string(keys->size()) + " keys, " +
        std::to_string(indexes->size()) + " indexes and " + std::to_string(foreign_keys->size()) +
        " foreign keys set aside");

    CopyReport report;
    for (const auto& table_row : *tables) {
        const std::string& table = table_row[0];
        auto columns = PgQuery(conn,
                               "SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 "
                               "AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
                               {Quoted(table)});
        if (!columns) return rollback(columns.error());
        auto source_columns = SqliteQuery(sqlite, "SELECT name FROM pragma_table_info('" + table + "')");
        if (!source_columns) return rollback(source_columns.error());
        std::set<std::string> present;
        for (const auto& column : *source_columns) present.insert(column[0]);
        if (present.empty()) return rollback(Error::Internal("SQLite のファイルにテーブル " + table + " がありません"));
        std::vector<std::string> names;
        for (const auto& column : *columns) {
            if (!present.contains(column[0])) {
                return rollback(Error::Internal("SQLite のテーブル " + table + " に列 " + column[0] + " がありません"));
            }
            names.push_back(column[0]);
        }
        auto copied = CopyTable(sqlite, conn, table, names);
        if (!copied) return rollback(copied.error());
        ++report.tables;
        report.rows += *copied;
        if (*copied >= 100000) say("copy: " + table + " " + std::to_string(*copied) + " rows");
    }

    // Identity columns continue after the ids copied (an empty table's sequence is left as new).
    auto identities =
        PgQuery(conn,
                "SELECT quote_ident(c.relname), quote_ident(a.attname) FROM pg_attribute a "
                "JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = current_schema()::regnamespace "
                "AND c.relkind = 'r' AND a.attidentity <> '' ORDER BY 1");
    if (!identities) return rollback(identities.error());
    for (const auto& identity : *identities) {
        const std::string& table = identity[0];
        const std::string& column = identity[1];
        if (auto moved =
                PgExec(conn, "SELECT setval(pg_get_serial_sequence('" + table + "', '" + column + "'), COALESCE(MAX(" +
                                 column + "), 1), MAX(" + column + ") IS NOT NULL) FROM " + table);
            !moved) {
            return rollback(moved.error());
        }
    }
    say("copy: " + std::to_string(report.rows) + " rows copied; building keys and indexes");
    for (const auto& key : *keys) {
        if (auto added = PgExec(conn, "ALTER TABLE " + key[0] + " ADD CONSTRAINT " + key[1] + " " + key[2]); !added) {
            return rollback(added.error());
        }
    }
    for (const auto& index : *indexes) {
        if (auto made = PgExec(conn, index[1]); !made) return rollback(made.error());
    }
    say("copy: indexes built; checking foreign keys");
    for (const auto& fk : *foreign_keys) {
        if (auto added = PgExec(conn, "ALTER TABLE " + fk[0] + " ADD CONSTRAINT " + fk[1] + " " + fk[2]); !added) {
            return rollback(added.error());
        }
    }
    for (const auto& table_row : *tables) {
        if (auto enabled = PgExec(conn, "ALTER TABLE " + Quoted(table_row[0]) + " ENABLE TRIGGER USER"); !enabled) {
            return rollback(enabled.error());
        }
    }
    if (auto committed = PgExec(conn, "COMMIT"); !committed) return rollback(committed.error());
    // What autovacuum would soon do: the planner's statistics of the tables just filled.
    if (auto analyzed = PgExec(conn, "ANALYZE"); !analyzed) return Fail(analyzed.error());
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    say("copy: done");
    return report;
}

Result<std::string> DescribeSchema(std::string_view url) {
    std::string out;
    auto append = [&](const Rows& rows, std::string_view kind) {
        for (const auto& row : rows) {
            out += kind;
            for (const std::string& value : row) out += " | " + value;
            out += '\n';
        }
    };
    if (url.starts_with("sqlite:")) {
        auto db = OpenSqlite(url.substr(7), SQLITE_OPEN_READONLY);
        if (!db) return Fail(db.error());
        auto rows = SqliteQuery(db->get(),
                                "SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master "
                                "WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name");
        if (!rows) return Fail(rows.error());
        append(*rows, "object");
        return out;
    }
    auto pg = ConnectPostgres(url);
    if (!pg) return Fail(pg.error());
    PGconn* conn = pg->get();
    const std::pair<const char*, const char*> queries[] = {
        {"column",
         "SELECT table_name, column_name, data_type, is_nullable, COALESCE(column_default, ''), is_identity, "
         "is_generated FROM information_schema.columns WHERE table_schema = current_schema() "
         "ORDER BY table_name, ordinal_position"},
        {"constraint",
         "SELECT t.relname, c.conname, c.contype, pg_get_constraintdef(c.oid), c.convalidated FROM pg_constraint c "
         "JOIN pg_class t ON t.oid = c.conrelid WHERE t.relnamespace = current_schema()::regnamespace "
         "ORDER BY 1, 2"},
        {"index",
         "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
         "ORDER BY 1, 2"},
        {"trigger",
         "SELECT t.relname, g.tgname, pg_get_triggerdef(g.oid) FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid "
         "WHERE NOT g.tgisinternal AND t.relnamespace = current_schema()::regnamespace ORDER BY 1, 2"},
    };
    for (const auto& [kind, sql] : queries) {
        auto rows = PgQuery(conn, sql);
        if (!rows) return Fail(rows.error());
        append(*rows, kind);
    }
    return out;
}

}  // namespace kasane::storage
