// SPDX-License-Identifier: Apache-2.0
#include "storage/bulk_copy.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace kasane::storage {
namespace {

// Returns the error of a failed Status from the enclosing function.
#define COPY_TRY(expression)                                         \
    do {                                                             \
        if (auto copy_try_result = (expression); !copy_try_result) { \
            return Fail(std::move(copy_try_result).error());         \
        }                                                            \
    } while (false)

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

// The copier: owns the PostgreSQL connection and its one transaction, and copies the tables handed to it on its own
// thread. Every step after the first failure is skipped, and the transaction is rolled back.
class SqliteToPostgresCopy::Copier {
public:
    Copier(std::string sqlite_path, PgConn pg, std::function<void(std::string_view)> progress)
        : sqlite_path_(std::move(sqlite_path)), pg_(std::move(pg)), progress_(std::move(progress)) {}

    // In the caller's thread, before the copier's starts: the checks, then the constraints set aside.
    Status Prepare() {
        auto db = OpenSqlite(sqlite_path_, SQLITE_OPEN_READONLY);
        if (!db) return Fail(db.error());
        sqlite3_busy_timeout(db->get(), 60000);
        sqlite_ = std::move(*db);
        PGconn* conn = pg_.get();
        auto source_version = SqliteVersion(sqlite_.get());
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
        COPY_TRY(PgExec(conn, "SET maintenance_work_mem = '512MB'; SET synchronous_commit = off"));
        COPY_TRY(PgExec(conn, "BEGIN"));
        in_transaction_ = true;
        auto tables = PgQuery(conn,
                              "SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
                              "AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migrations' ORDER BY c.relname");
        if (!tables) return Fail(tables.error());
        for (const auto& row : *tables) tables_.push_back(row[0]);
        // The foreign keys with the table each references (added back once both are copied), then the primary keys and
        // UNIQUE constraints (dropped after the foreign keys that lean on them): an index built once over the sorted
        // rows costs far less than one kept up to date row by row.
        auto constraints = PgQuery(conn,
                                   "SELECT t.relname, quote_ident(c.conname), pg_get_constraintdef(c.oid), "
                                   "COALESCE(r.relname, '') FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
                                   "LEFT JOIN pg_class r ON r.oid = c.confrelid WHERE c.contype IN ('f', 'p', 'u') "
                                   "AND t.relnamespace = current_schema()::regnamespace "
                                   "AND t.relname <> 'schema_migrations' ORDER BY c.contype <> 'f', 1, 2");
        if (!constraints) return Fail(constraints.error());
        auto indexes =
            PgQuery(conn,
                    "SELECT t.relname, quote_ident(ic.relname), pg_get_indexdef(i.indexrelid) FROM pg_index i "
                    "JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
                    "WHERE t.relnamespace = current_schema()::regnamespace "
                    "AND t.relname <> 'schema_migrations' AND NOT EXISTS "
                    "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1, 2");
        if (!indexes) return Fail(indexes.error());
        for (const auto& constraint : *constraints) {
            COPY_TRY(PgExec(conn, "ALTER TABLE " + Quoted(constraint[0]) + " DROP CONSTRAINT " + constraint[1]));
            const bool foreign = !constraint[3].empty();
            (foreign ? foreign_keys_ : keys_)
                .push_back({.table = constraint[0],
                            .name = constraint[1],
                            .definition = constraint[2],
                            .references = constraint[3]});
        }
        for (const auto& index : *indexes) {
            COPY_TRY(PgExec(conn, "DROP INDEX " + index[1]));
            indexes_.push_back({.table = index[0], .name = index[1], .definition = index[2], .references = {}});
        }
        std::string truncate = "TRUNCATE ";
        for (std::size_t i = 0; i < tables_.size(); ++i) truncate += (i > 0 ? ", " : "") + Quoted(tables_[i]);
        if (!tables_.empty()) COPY_TRY(PgExec(conn, truncate));
        // The tables' own triggers (the access versions of migration 60) stay off while the rows come in: the copy
        // brings the source's access_versions as they are, and their upserts would need the keys set aside above.
        for (const std::string& table : tables_) {
            COPY_TRY(PgExec(conn, "ALTER TABLE " + Quoted(table) + " DISABLE TRIGGER USER"));
        }
        Say("copy: " + std::to_string(tables_.size()) + " tables; " + std::to_string(keys_.size()) + " keys, " +
            std::to_string(indexes_.size()) + " indexes and " + std::to_string(foreign_keys_.size()) +
            " foreign keys set aside");
        return {};
    }

    void Start() {
        thread_ = std::thread([this] { Run(); });
    }

    // Hands tables over (all that are left when `tables` is nullopt, which ends the copy).
    void Hand(std::optional<std::vector<std::string>> tables) {
        {
            const std::lock_guard lock(mutex_);
            queue_.push_back(std::move(tables));
        }
        wake_.notify_one();
    }

    // Waits for the copier's thread; its outcome. `commit`: the last hand-off was the end (otherwise: abandoned).
    Result<CopyReport> Join(bool commit) {
        if (!commit) {
            const std::lock_guard lock(mutex_);
            abandoned_ = true;
        }
        wake_.notify_one();
        if (thread_.joinable()) thread_.join();
        if (status_ && !commit) status_ = Fail(Error::Internal("copy abandoned"));
        if (!status_ || !committed_) {
            if (in_transaction_) (void)PgExec(pg_.get(), "ROLLBACK");
            in_transaction_ = false;
        }
        if (!status_) return Fail(status_.error());
        return report_;
    }

    void RollBack() {
        if (in_transaction_) (void)PgExec(pg_.get(), "ROLLBACK");
        in_transaction_ = false;
    }

private:
    struct Definition {
        std::string table;  // as in pg_class, unquoted
        std::string name;   // quoted
        std::string definition;
        std::string references;  // a foreign key's referenced table, unquoted
    };

    void Say(const std::string& line) {
        if (!progress_) return;
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        progress_(line + " (" + std::to_string(static_cast<long long>(seconds)) + " s)");
    }

    void Run() {
        while (true) {
            std::optional<std::vector<std::string>> tables;
            {
                std::unique_lock lock(mutex_);
                wake_.wait(lock, [&] { return abandoned_ || !queue_.empty(); });
                if (abandoned_) return;
                tables = std::move(queue_.front());
                queue_.pop_front();
            }
            const bool last = !tables.has_value();
            if (last) {
                tables.emplace();
                for (const std::string& table : tables_) {
                    if (!copied_.contains(table)) tables->push_back(table);
                }
            }
            if (status_) status_ = CopyAndIndex(*tables);
            if (last) {
                if (status_) status_ = Complete();
                return;
            }
        }
    }

    bool Abandoned() {
        const std::lock_guard lock(mutex_);
        return abandoned_;
    }

    // Copies `tables`, then builds their keys and indexes, the foreign keys whose both tables are in, and their
    // planner statistics.
    Status CopyAndIndex(const std::vector<std::string>& tables) {
        PGconn* conn = pg_.get();
        for (const std::string& table : tables) {
            if (Abandoned()) return Fail(Error::Internal("copy abandoned"));
            if (copied_.contains(table)) return Fail(Error::Internal("テーブル " + table + " は二度コピーできません"));
            if (std::ranges::find(tables_, table) == tables_.end()) {
                return Fail(Error::Internal("コピー先にテーブル " + table + " がありません"));
            }
            auto columns = PgQuery(conn,
                                   "SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 "
                                   "AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
                                   {Quoted(table)});
            if (!columns) return Fail(columns.error());
            auto source_columns = SqliteQuery(sqlite_.get(), "SELECT name FROM pragma_table_info('" + table + "')");
            if (!source_columns) return Fail(source_columns.error());
            std::set<std::string> present;
            for (const auto& column : *source_columns) present.insert(column[0]);
            if (present.empty()) return Fail(Error::Internal("SQLite のファイルにテーブル " + table + " がありません"));
            std::vector<std::string> names;
            for (const auto& column : *columns) {
                if (!present.contains(column[0])) {
                    return Fail(Error::Internal("SQLite のテーブル " + table + " に列 " + column[0] + " がありません"));
                }
                names.push_back(column[0]);
            }
            auto copied = CopyTable(sqlite_.get(), conn, table, names);
            if (!copied) return Fail(copied.error());
            copied_.insert(table);
            ++report_.tables;
            report_.rows += *copied;
            if (*copied >= 100000) Say("copy: " + table + " " + std::to_string(*copied) + " rows");
        }
        const std::set<std::string> now(tables.begin(), tables.end());
        for (const Definition& key : keys_) {
            if (!now.contains(key.table)) continue;
            COPY_TRY(PgExec(conn,
                            "ALTER TABLE " + Quoted(key.table) + " ADD CONSTRAINT " + key.name + " " + key.definition));
        }
        for (const Definition& index : indexes_) {
            if (now.contains(index.table)) COPY_TRY(PgExec(conn, index.definition));
        }
        for (const Definition& fk : foreign_keys_) {
            const bool both_in = copied_.contains(fk.table) && copied_.contains(fk.references);
            const bool new_now = now.contains(fk.table) || now.contains(fk.references);
            if (!both_in || !new_now) continue;
            COPY_TRY(
                PgExec(conn, "ALTER TABLE " + Quoted(fk.table) + " ADD CONSTRAINT " + fk.name + " " + fk.definition));
        }
        // The planner's statistics of the tables just filled (what autovacuum would soon do), inside the transaction.
        std::string analyze = "ANALYZE ";
        for (std::size_t i = 0; i < tables.size(); ++i) analyze += (i > 0 ? ", " : "") + Quoted(tables[i]);
        if (!tables.empty()) COPY_TRY(PgExec(conn, analyze));
        Say("copy: " + std::to_string(tables.size()) + " tables in, with their keys, indexes and foreign keys");
        return {};
    }

    // After the last tables: the identity sequences, the triggers, the commit.
    Status Complete() {
        PGconn* conn = pg_.get();
        // Identity columns continue after the ids copied (an empty table's sequence is left as new).
        auto identities =
            PgQuery(conn,
                    "SELECT quote_ident(c.relname), quote_ident(a.attname) FROM pg_attribute a "
                    "JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = current_schema()::regnamespace "
                    "AND c.relkind = 'r' AND a.attidentity <> '' ORDER BY 1");
        if (!identities) return Fail(identities.error());
        for (const auto& identity : *identities) {
            const std::string& table = identity[0];
            const std::string& column = identity[1];
            COPY_TRY(PgExec(conn, "SELECT setval(pg_get_serial_sequence('" + table + "', '" + column +
                                      "'), COALESCE(MAX(" + column + "), 1), MAX(" + column + ") IS NOT NULL) FROM " +
                                      table));
        }
        for (const std::string& table : tables_) {
            COPY_TRY(PgExec(conn, "ALTER TABLE " + Quoted(table) + " ENABLE TRIGGER USER"));
        }
        if (Abandoned()) return Fail(Error::Internal("copy abandoned"));
        COPY_TRY(PgExec(conn, "COMMIT"));
        committed_ = true;
        in_transaction_ = false;
        report_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        Say("copy: done");
        return {};
    }

    const std::string sqlite_path_;
    PgConn pg_;
    const std::function<void(std::string_view)> progress_;
    const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    SqliteDb sqlite_;
    bool in_transaction_ = false;
    bool committed_ = false;
    std::vector<std::string> tables_;
    std::vector<Definition> foreign_keys_;
    std::vector<Definition> keys_;
    std::vector<Definition> indexes_;
    // The copier thread's own (read by the caller after the join).
    std::set<std::string> copied_;
    Status status_;
    CopyReport report_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::optional<std::vector<std::string>>> queue_;  // guarded by mutex_
    bool abandoned_ = false;                                     // guarded by mutex_
};

Result<std::unique_ptr<SqliteToPostgresCopy>> SqliteToPostgresCopy::Start(
    std::string_view sqlite_path, std::string_view postgres_url, std::function<void(std::string_view)> progress) {
    auto pg = ConnectPostgres(postgres_url);
    if (!pg) return Fail(pg.error());
    auto copier = std::make_unique<Copier>(std::string(sqlite_path), std::move(*pg), std::move(progress));
    if (auto prepared = copier->Prepare(); !prepared) {
        copier->RollBack();
        return Fail(prepared.error());
    }
    copier->Start();
    return std::unique_ptr<SqliteToPostgresCopy>(new SqliteToPostgresCopy(std::move(copier)));
}

SqliteToPostgresCopy::SqliteToPostgresCopy(std::unique_ptr<Copier> copier) : copier_(std::move(copier)) {}

SqliteToPostgresCopy::~SqliteToPostgresCopy() {
    if (copier_) (void)copier_->Join(false);
}

void SqliteToPostgresCopy::Copy(std::vector<std::string> tables) {
    if (copier_) copier_->Hand(std::move(tables));
}

Result<CopyReport> SqliteToPostgresCopy::Finish() {
    if (!copier_) return Fail(Error::Internal("copy already finished"));
    copier_->Hand(std::nullopt);
    auto report = copier_->Join(true);
    copier_.reset();
    return report;
}

Result<CopyReport> CopySqliteIntoPostgres(std::string_view sqlite_path, std::string_view postgres_url,
                                          const std::function<void(std::string_view)>& progress) {
    auto copy = SqliteToPostgresCopy::Start(sqlite_path, postgres_url, progress);
    if (!copy) return Fail(copy.error());
    return (*copy)->Finish();
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
