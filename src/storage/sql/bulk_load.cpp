// SPDX-License-Identifier: Apache-2.0
// The bulk load session of the SQL stores (domain::BulkLoad, storage/bulk_load_port.hpp): while a generated set is
// written, the secondary indexes of its big tables are dropped and built once at the end, from the very text the
// migrations gave them, so the schema ends as a migrated one (SQLite's person_grams, a WITHOUT ROWID table, is filled
// in key order at the end, see Begin()). SQLite also writes without waiting for the disk, with a page cache of 1 GiB
// and with the sorter's helper threads, for the load only. Indexes that back a constraint (primary keys, UNIQUE)
// stay: the repositories' checks and the foreign keys need them.

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "domain/bulk_load.hpp"
#include "storage/bulk_load_port.hpp"
#include "storage/sql/report_aggregates_store.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {
namespace {

// The tables the generators fill by the million. Their indexes that no write of the load reads (the writes check
// references by primary key; referral_events_by_referral, which a referral's transitions read, is not among them).
#define KASANE_BULK_TABLES \
    "'persons', 'person_search', 'household_members', 'consultations', 'contacts', 'referrals', 'audit_entries'"

constexpr SqlStatement kSqliteIndexes{
    "bulk_sqlite_indexes",
    "SELECT name, sql, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
    "AND tbl_name IN (" KASANE_BULK_TABLES ") ORDER BY name"};
constexpr SqlStatement kPostgresIndexes{
    "bulk_postgres_indexes",
    "SELECT quote_ident(ic.relname), pg_get_indexdef(i.indexrelid), t.relname FROM pg_index i "
    "JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
    "WHERE t.relnamespace = current_schema()::regnamespace AND t.relname IN (" KASANE_BULK_TABLES
    ") "
    "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY ic.relname"};
// The triggers: SQLite's to drop and make again from their text, PostgreSQL's tables to disable and enable them on.
constexpr SqlStatement kSqliteTriggers{"bulk_sqlite_triggers",
                                       "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"};
constexpr SqlStatement kPostgresTriggerTables{
    "bulk_postgres_trigger_tables",
    "SELECT DISTINCT quote_ident(c.relname) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
    "WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace ORDER BY 1"};
// Every municipality's epoch (person 0 of access_versions) raised: every access fact kept before is read again.
constexpr std::string_view kRaiseEpochs =
    "INSERT INTO access_versions (municipality_id, person_id, version) SELECT id, 0, 1 FROM municipalities WHERE true "
    "ON CONFLICT (municipality_id, person_id) DO UPDATE SET version = access_versions.version + 1";
// And every user's account version (migration 66): every session's user and posts kept before are read again.
constexpr std::string_view kRaiseAccountVersions =
    "INSERT INTO account_versions (user_id, version) SELECT id, 1 FROM users WHERE true "
    "ON CONFLICT (user_id) DO UPDATE SET version = account_versions.version + 1";
constexpr SqlStatement kSqlitePersonGrams{
    "bulk_sqlite_person_grams", "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'person_grams'"};
constexpr SqlStatement kSqliteSynchronous{"bulk_sqlite_synchronous", "PRAGMA synchronous"};
constexpr SqlStatement kSqliteCacheSize{"bulk_sqlite_cache_size", "PRAGMA cache_size"};
constexpr SqlStatement kSqliteThreads{"bulk_sqlite_threads", "PRAGMA threads"};

// SQLite's sorter may use helper threads for the sorts of CREATE INDEX and of the ordered person_grams fill (off by
// default): on the city set on 2 cores, Finish() took 24 s with two instead of 31 s with none (docs/performance.md).
std::int64_t SorterThreads() {
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 2 : std::min<std::int64_t>(cores, 8);
}

// The tables whose indexes a copy source's later stages read (BulkLoadUse::kCopySource): the cases look up the
// memberships of their persons (and the access versions' triggers the members of a household), and their persons'
// consultations and referrals.
bool ReadBeforeTheCopy(std::string_view table) {
    return table == "household_members" || table == "consultations" || table == "referrals";
}

class SqlBulkLoad final : public domain::BulkLoad {
public:
    SqlBulkLoad(SqlExecutor& executor, bool sqlite, BulkLoadUse use)
        : executor_(executor), sqlite_(sqlite), use_(use) {}
    ~SqlBulkLoad() override {
        if (open_) (void)Finish();  // an abandoned load still leaves the schema whole
    }
    SqlBulkLoad(const SqlBulkLoad&) = delete;
    SqlBulkLoad& operator=(const SqlBulkLoad&) = delete;

    Status Begin() override {
        if (open_) return {};
        KASANE_TRY(executor_.Write([&](SqlConnection& connection) -> Status {
            indexes_.clear();
            KASANE_ASSIGN(found, connection.Execute(sqlite_ ? kSqliteIndexes : kPostgresIndexes, {}));
            for (const auto& values : found->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(name, row.Text(0));
                KASANE_ASSIGN(sql, row.Text(1));
                KASANE_ASSIGN(table, row.Text(2));
                indexes_.push_back({.name = std::move(*name), .sql = std::move(*sql), .table = std::move(*table)});
            }
            for (const Index& index : indexes_) KASANE_TRY(connection.ExecuteScript("DROP INDEX " + index.name));
            KASANE_TRY(SetTriggersAside(connection));
            // The 年度集計's aggregates are not kept row by row during the load: Finish() recounts them.
            SuspendReportAggregates(executor_, true);
            if (!sqlite_) return {};
            // person_grams (about 26 rows a person) is a WITHOUT ROWID table whose key is the whole row: filled in
            // the order persons come, every row lands somewhere else in the tree. During the load it is a plain
            // table the rows are appended to; Finish() makes it again from its migration text and fills it in
            // key order.
            KASANE_ASSIGN(grams, connection.Execute(kSqlitePersonGrams, {}));
            KASANE_ASSIGN(grams_sql, SqlRow(grams->rows.at(0)).Text(0));
            person_grams_sql_ = std::move(*grams_sql);
            KASANE_TRY(connection.ExecuteScript(
                "CREATE TABLE person_grams_loading (municipality_id INTEGER, field TEXT, gram TEXT, person_id INTEGER);"
                " INSERT INTO person_grams_loading SELECT municipality_id, field, gram, person_id FROM person_grams;"
                " DROP TABLE person_grams; ALTER TABLE person_grams_loading RENAME TO person_grams"));
            KASANE_ASSIGN(synchronous, connection.Execute(kSqliteSynchronous, {}));
            KASANE_ASSIGN(cache_size, connection.Execute(kSqliteCacheSize, {}));
            KASANE_ASSIGN(threads, connection.Execute(kSqliteThreads, {}));
            synchronous_ = SqlRow(synchronous->rows.at(0)).Integer(0).value_or(2);
            cache_size_ = SqlRow(cache_size->rows.at(0)).Integer(0).value_or(-2000);
            threads_ = SqlRow(threads->rows.at(0)).Integer(0).value_or(0);
            // The safety level cannot change inside a transaction: this one is committed (the indexes are gone)
            // and a new one opened for the executor to commit.
            return connection.ExecuteScript(
                "COMMIT; PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576; PRAGMA threads = " +
                std::to_string(SorterThreads()) + "; BEGIN IMMEDIATE");
        }));
        open_ = true;
        return {};
    }

    Status Finish() override {
        if (!open_) return {};
        KASANE_TRY(executor_.Write([&](SqlConnection& connection) -> Status {
            for (const Index& index : indexes_) {
                if (use_ == BulkLoadUse::kCopySource && !ReadBeforeTheCopy(index.table)) continue;
                KASANE_TRY(connection.ExecuteScript(index.sql));
            }
            for (const auto& [name, sql] : triggers_) KASANE_TRY(connection.ExecuteScript(sql));
            KASANE_TRY(connection.ExecuteScript(kRaiseEpochs));
            KASANE_TRY(connection.ExecuteScript(kRaiseAccountVersions));
            SuspendReportAggregates(executor_, false);
            KASANE_TRY(FillReportAggregates(connection));
            if (!sqlite_) return {};
            // The migration's person_grams again, filled in key order (duplicates dropped, as the repositories'
            // ON CONFLICT DO NOTHING would have; its CHECK and STRICT types checked here).
            KASANE_TRY(connection.ExecuteScript("ALTER TABLE person_grams RENAME TO person_grams_loading"));
            KASANE_TRY(connection.ExecuteScript(person_grams_sql_));
            KASANE_TRY(connection.ExecuteScript(
                "INSERT OR IGNORE INTO person_grams (municipality_id, field, gram, person_id) SELECT municipality_id, "
                "field, gram, person_id FROM person_grams_loading ORDER BY municipality_id, field, gram, person_id;"
                " DROP TABLE person_grams_loading"));
            return connection.ExecuteScript("COMMIT; PRAGMA synchronous = " + std::to_string(synchronous_) +
                                            "; PRAGMA cache_size = " + std::to_string(cache_size_) +
                                            "; PRAGMA threads = " + std::to_string(threads_) + "; BEGIN IMMEDIATE");
        }));
        open_ = false;
        return {};
    }

private:
    // Fills triggers_ with (what is set aside, the statement that puts it back) and sets them aside.
    Status SetTriggersAside(SqlConnection& connection) {
        triggers_.clear();
        KASANE_ASSIGN(found, connection.Execute(sqlite_ ? kSqliteTriggers : kPostgresTriggerTables, {}));
        for (const auto& values : found->rows) {
            const SqlRow row(values);
            KASANE_ASSIGN(name, row.Text(0));
            if (sqlite_) {
                KASANE_ASSIGN(sql, row.Text(1));
                triggers_.emplace_back(*name, std::move(*sql));
                KASANE_TRY(connection.ExecuteScript("DROP TRIGGER " + *name));
            } else {
                triggers_.emplace_back(*name, "ALTER TABLE " + *name + " ENABLE TRIGGER USER");
                KASANE_TRY(connection.ExecuteScript("ALTER TABLE " + *name + " DISABLE TRIGGER USER"));
            }
        }
        return {};
    }

    SqlExecutor& executor_;
    const bool sqlite_;
    const BulkLoadUse use_;
    bool open_ = false;
    struct Index {
        std::string name;
        std::string sql;  // CREATE INDEX
        std::string table;
    };
    std::vector<Index> indexes_;
    // SQLite: name, CREATE TRIGGER text; PostgreSQL: table, ENABLE statement.
    std::vector<std::pair<std::string, std::string>> triggers_;
    std::string person_grams_sql_;  // SQLite: its CREATE TABLE text
    std::int64_t synchronous_ = 2;
    std::int64_t cache_size_ = -2000;
    std::int64_t threads_ = 0;
};

}  // namespace

std::unique_ptr<domain::BulkLoad> MakeBulkLoad(SqlExecutor& executor, std::string_view backend, BulkLoadUse use) {
    return std::make_unique<SqlBulkLoad>(executor, backend == "sqlite", use);
}

}  // namespace kasane::storage
