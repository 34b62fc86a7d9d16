// SPDX-License-Identifier: Apache-2.0
#include "storage/sqlite/sqlite_store.hpp"

#include <sqlite3.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/log.hpp"
#include "domain/read_ahead.hpp"
#include "storage/sql/access_facts_cache.hpp"
#include "storage/sql/sql_store.hpp"

namespace kasane::storage::sqlite {
namespace {

constexpr int kBusyTimeoutMilliseconds = 5000;

// Connection settings. journal_mode=WAL is persistent in the file; the others are per connection.
// Memory, set deliberately (docs/deployment.md, 「メモリ」): each connection keeps a page cache of at most 2 MiB
// (cache_size = -2048 KiB), so the pool's share of the server's memory is (--pool-size + 1) × 2 MiB — 18 MiB with
// the default 8 readers — whatever the size of the file; the operating system's page cache holds the rest of the
// file for every connection at once. No memory map (mmap_size = 0): the mapped pages of a 5 GB file would count in
// the server's resident memory. Temporary b-trees of large sorts go to a file, not the heap (temp_store = FILE).
constexpr const char* kWriterPragmas =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -2048; "
    "PRAGMA mmap_size = 0; PRAGMA temp_store = FILE;";
constexpr const char* kReaderPragmas =
    "PRAGMA foreign_keys = ON; PRAGMA query_only = ON; PRAGMA cache_size = -2048; PRAGMA mmap_size = 0; "
    "PRAGMA temp_store = FILE;";

// Maps an SQLite result code onto the contract of SqlConnection.
Error ErrorFromCode(sqlite3* db, int code, std::string_view context) {
    const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    switch (code) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY: return Error::Conflict(message);
        case SQLITE_CONSTRAINT_FOREIGNKEY: return Error::NotFound("参照先が見つかりません");
        case SQLITE_CONSTRAINT_CHECK:
        case SQLITE_CONSTRAINT_NOTNULL:
        case SQLITE_CONSTRAINT_DATATYPE: return Error::InvalidArgument("値が制約を満たしていません");
        default: break;
    }
    Log(LogLevel::kError, "sqlite error", {{"code", code}, {"detail", message}, {"context", context}});
    switch (code & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return Error::Unavailable("データベースが混み合っています。しばらくしてからやり直してください");
        case SQLITE_CANTOPEN:
        case SQLITE_IOERR:
        case SQLITE_FULL:
        case SQLITE_READONLY:
        case SQLITE_NOTADB:
        case SQLITE_PERM: return Error::Unavailable(std::string("データベースを利用できません: ") + message);
        default: return Error::Internal();
    }
}

// One sqlite3 handle with its prepared statements. Used by one thread at a time (the pool or the writer mutex
// guarantees it), so it is opened with SQLITE_OPEN_NOMUTEX.
class Connection final : public SqlConnection {
public:
    enum class Role { kWriter, kReader };

    static Result<std::unique_ptr<Connection>> Open(const std::string& path, Role role) {
        sqlite3* db = nullptr;
        const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE |
                          (role == Role::kWriter ? SQLITE_OPEN_CREATE : 0);
        const int opened = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
        auto connection = std::unique_ptr<Connection>(new Connection(db));
        if (opened != SQLITE_OK) {
            Log(LogLevel::kError, "sqlite open failed", {{"path", path}, {"detail", sqlite3_errstr(opened)}});
            return Fail(
                Error::Unavailable("データベースファイルを開けません: " + path + " (" + sqlite3_errstr(opened) + ")"));
        }
        sqlite3_busy_timeout(db, kBusyTimeoutMilliseconds);
        if (auto set = connection->ExecuteScript(role == Role::kWriter ? kWriterPragmas : kReaderPragmas); !set) {
            return Fail(set.error());
        }
        return connection;
    }

    ~Connection() override {
        for (auto& [text, cached] : cache_) sqlite3_finalize(cached.statement);
        sqlite3_close_v2(db_);
    }

    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    sqlite3* Handle() const { return db_; }

    Result<SqlResult> Execute(const SqlStatement& statement, std::span<const SqlParam> params) override {
        auto cached = Prepare(statement);
        if (!cached) return Fail(cached.error());
        sqlite3_stmt* stmt = (*cached)->statement;
        // Reset and clear the bindings whatever happens, so that the cached statement is ready for its next use
        // and holds no pointer into the caller's strings.
        struct ResetGuard {
            sqlite3_stmt* stmt;
            ~ResetGuard() {
                sqlite3_reset(stmt);
                sqlite3_clear_bindings(stmt);
            }
        } guard{stmt};

        if (auto bound = Bind(statement, **cached, params); !bound) return Fail(bound.error());

        SqlResult result;
        const int columns = sqlite3_column_count(stmt);
        for (;;) {
            const int stepped = sqlite3_step(stmt);
            if (stepped == SQLITE_DONE) break;
            if (stepped != SQLITE_ROW) return Fail(ErrorFromCode(db_, sqlite3_extended_errcode(db_), statement.name));
            auto& row = result.rows.emplace_back();
            row.reserve(static_cast<std::size_t>(columns));
            for (int column = 0; column < columns; ++column) {
                if (sqlite3_column_type(stmt, column) == SQLITE_NULL) {
                    row.emplace_back(std::nullopt);
                } else {
                    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
                    row.emplace_back(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, column))));
                }
            }
        }
        if (sqlite3_stmt_readonly(stmt) == 0) result.affected_rows = sqlite3_changes64(db_);
        return result;
    }

    Status Stream(const SqlStatement& statement, std::span<const SqlParam> params, const SqlVisit& visit) override {
        auto cached = Prepare(statement);
        if (!cached) return Fail(cached.error());
        sqlite3_stmt* stmt = (*cached)->statement;
        struct ResetGuard {
            sqlite3_stmt* stmt;
            ~ResetGuard() {
                sqlite3_reset(stmt);
                sqlite3_clear_bindings(stmt);
            }
        } guard{stmt};
        if (auto bound = Bind(statement, **cached, params); !bound) return bound;
        // Reads the columns straight from the statement: no copies, integers without a round trip through text.
        class Cursor final : public SqlCursor {
        public:
            explicit Cursor(sqlite3_stmt* stmt) : stmt_(stmt) {}
            bool IsNull(std::size_t column) const override {
                return sqlite3_column_type(stmt_, static_cast<int>(column)) == SQLITE_NULL;
            }
            std::int64_t Integer(std::size_t column) const override {
                return sqlite3_column_int64(stmt_, static_cast<int>(column));
            }
            std::string_view Text(std::size_t column) const override {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, static_cast<int>(column)));
                if (text == nullptr) return {};
                return {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, static_cast<int>(column)))};
            }

        private:
            sqlite3_stmt* stmt_;
        } cursor(stmt);
        for (;;) {
            const int stepped = sqlite3_step(stmt);
            if (stepped == SQLITE_DONE) break;
            if (stepped != SQLITE_ROW) return Fail(ErrorFromCode(db_, sqlite3_extended_errcode(db_), statement.name));
            if (!visit(cursor)) break;
        }
        return {};
    }

    Status ExecuteScript(std::string_view sql) override {
        const std::string text(sql);
        char* message = nullptr;
        const int executed = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
        sqlite3_free(message);
        if (executed != SQLITE_OK) return Fail(ErrorFromCode(db_, sqlite3_extended_errcode(db_), sql.substr(0, 80)));
        return {};
    }

private:
    struct Cached {
        sqlite3_stmt* statement = nullptr;
        // parameter_indexes[i] is the bind index of $(i + 1).
        std::vector<int> parameter_indexes;
    };

    Status Bind(const SqlStatement& statement, const Cached& cached, std::span<const SqlParam> params) {
        sqlite3_stmt* stmt = cached.statement;
        const std::vector<int>& indexes = cached.parameter_indexes;
        if (params.size() != indexes.size()) {
            Log(LogLevel::kError, "parameter count mismatch",
                {{"statement", statement.name}, {"expected", indexes.size()}, {"given", params.size()}});
            return Fail(Error::Internal());
        }
        for (std::size_t i = 0; i < params.size(); ++i) {
            const int index = indexes[i];
            int bound = SQLITE_OK;
            if (std::holds_alternative<std::monostate>(params[i])) {
                bound = sqlite3_bind_null(stmt, index);
            } else if (const auto* integer = std::get_if<std::int64_t>(&params[i])) {
                bound = sqlite3_bind_int64(stmt, index, *integer);
            } else if (const auto* boolean = std::get_if<bool>(&params[i])) {
                bound = sqlite3_bind_int(stmt, index, *boolean ? 1 : 0);
            } else {
                const std::string_view text = std::get<std::string_view>(params[i]);
                bound = sqlite3_bind_text64(stmt, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
            }
            if (bound != SQLITE_OK) return Fail(ErrorFromCode(db_, bound, statement.name));
        }

        return {};
    }

    explicit Connection(sqlite3* db) : db_(db) {}

    Result<Cached*> Prepare(const SqlStatement& statement) {
        if (auto found = cache_.find(statement.text); found != cache_.end()) return &found->second;
        Cached cached;
        const int prepared =
            sqlite3_prepare_v3(db_, statement.text, -1, SQLITE_PREPARE_PERSISTENT, &cached.statement, nullptr);
        if (prepared != SQLITE_OK) {
            sqlite3_finalize(cached.statement);
            return Fail(ErrorFromCode(db_, prepared, statement.name));
        }
        // The SQL is written with PostgreSQL's $1, $2 …; SQLite treats each as a named parameter, numbered in
        // order of first appearance, so the numbers are mapped by name.
        const int count = sqlite3_bind_parameter_count(cached.statement);
        cached.parameter_indexes.assign(static_cast<std::size_t>(count), 0);
        for (int index = 1; index <= count; ++index) {
            const char* name = sqlite3_bind_parameter_name(cached.statement, index);
            int number = 0;
            const std::size_t length = name != nullptr ? std::char_traits<char>::length(name) : 0;
            if (length < 2 || name[0] != '$' || std::from_chars(name + 1, name + length, number).ec != std::errc{} ||
                number < 1 || number > count) {
                Log(LogLevel::kError, "statement parameters must be $1..$n", {{"statement", statement.name}});
                sqlite3_finalize(cached.statement);
                return Fail(Error::Internal());
            }
            cached.parameter_indexes[static_cast<std::size_t>(number - 1)] = index;
        }
        auto [inserted, ignored] = cache_.emplace(statement.text, cached);
        return &inserted->second;
    }

    sqlite3* db_;
    std::unordered_map<const char*, Cached> cache_;
};

class SqliteStore;

// The reader a thread holds through one request (SqliteStore::Session): the request's reads share one connection
// and one read transaction, so SQLite takes its file and WAL locks once a request instead of once a statement. The
// transaction is begun again when the store has committed since it began (SqliteStore::FreshenHeldReader).
struct HeldReader {
    const SqliteStore* store = nullptr;
    Connection* reader = nullptr;
    bool in_transaction = false;
    std::uint64_t commits = 0;  // the store's commits counted when the transaction began
    bool busy = false;          // a read runs on it (a read inside a read takes another connection)
};
thread_local HeldReader t_held;

// Ends the held reader's read transaction, unless a read is stepping through it.
void LeaveHeldTransaction() {
    if (!t_held.in_transaction || t_held.busy) return;
    if (!t_held.reader->ExecuteScript("COMMIT")) (void)t_held.reader->ExecuteScript("ROLLBACK");
    t_held.in_transaction = false;
}

class SqliteStore final : public domain::Store, public domain::ReadAhead {
public:
    SqliteStore(std::unique_ptr<Connection> writer, std::vector<std::unique_ptr<Connection>> readers,
                const SqlExecutorDecorator& decorate)
        : writer_(std::move(writer)),
          readers_(std::move(readers)),
          executor_(*this),
          decorated_(decorate ? decorate(executor_) : nullptr),
          active_(decorated_ ? *decorated_ : static_cast<SqlExecutor&>(executor_)),
          repositories_(active_),
          access_facts_cache_(
              decorated_ ? nullptr
                         : std::make_unique<AccessFactsCacheRegistration>(active_, kAccessFactsCacheCapacity)) {
        for (auto& reader : readers_) idle_readers_.push_back(reader.get());
    }

    std::string_view Backend() const override { return "sqlite"; }
    domain::MunicipalityRepository& Municipalities() override { return repositories_.Municipalities(); }
    domain::PrefectureRepository& Prefectures() override { return repositories_.Prefectures(); }
    domain::AccountRepository& Accounts() override { return repositories_.Accounts(); }
    domain::DraftRepository& Drafts() override { return repositories_.Drafts(); }
    domain::TownSetupRepository& TownSetups() override { return repositories_.TownSetups(); }
    std::unique_ptr<domain::TenantStore> Tenant(MunicipalityId municipality_id) override {
        return repositories_.Tenant(municipality_id);
    }

    // Through the executor's Write(): the writer connection inside BEGIN IMMEDIATE … COMMIT.
    Status Transaction(const std::function<Status(domain::Store&)>& work) override {
        return RunTransaction(*this, active_, SqliteDialect(), work);
    }

    Status Ping() override { return PingDatabase(active_); }

    domain::PoolStats Pool() override {
        std::lock_guard lock(readers_mutex_);
        return domain::PoolStats{
            .size = static_cast<int>(readers_.size()) + 1,
            .in_use = static_cast<int>(readers_.size() - idle_readers_.size()) + (writer_busy_.load() ? 1 : 0),
            .waits = reader_waits_ + writer_waits_.load()};
    }

    int LatestSchemaVersion() const override { return LatestVersionOf(SqliteDialect()); }
    Result<int> SchemaVersion() override { return ReadSchemaVersion(active_, SqliteDialect()); }
    Result<std::int64_t> StoredBytes() override { return ReadDatabaseBytes(active_, SqliteDialect()); }
    Result<int> Migrate() override { return ApplyMigrations(active_, SqliteDialect()); }

    // In-process, SQLite has no round trips to save: of the reads ahead only the request's own is kept, as one reader
    // and one read transaction held by the thread until the scope ends or the store commits (HeldReader).
    std::unique_ptr<domain::ReadAheadScope> Session(std::string_view, const domain::SessionFollowUp&) override {
        // A fault-injecting executor's tests, a thread already holding one, and a transaction read as they are.
        if (decorated_ || t_held.store != nullptr || writer_owner_.load() == std::this_thread::get_id()) {
            return std::make_unique<domain::ReadAheadScope>();
        }
        // Never the last idle reader: a read inside a read, or another thread, takes one meanwhile.
        Connection* reader = nullptr;
        {
            std::lock_guard lock(readers_mutex_);
            if (idle_readers_.size() < 2) return std::make_unique<domain::ReadAheadScope>();
            reader = idle_readers_.back();
            idle_readers_.pop_back();
        }
        return std::make_unique<HeldReaderScope>(*this, reader);
    }
    std::unique_ptr<domain::ReadAheadScope> CasePage(MunicipalityId, domain::CaseId) override {
        return std::make_unique<domain::ReadAheadScope>();
    }
    std::unique_ptr<domain::ReadAheadScope> Organizations(MunicipalityId, const std::vector<OrganizationId>&) override {
        return std::make_unique<domain::ReadAheadScope>();
    }
    std::unique_ptr<domain::ReadAheadScope> NameCandidates(MunicipalityId, const std::vector<std::string>&,
                                                           const std::vector<std::string>&, int) override {
        return std::make_unique<domain::ReadAheadScope>();
    }
    std::unique_ptr<domain::ReadAheadScope> PersonsAndAccessVersions(MunicipalityId,
                                                                     const std::vector<domain::PersonId>&) override {
        return std::make_unique<domain::ReadAheadScope>();
    }

    Status Backup(std::string_view destination) override {
        const std::string path(destination);
        std::error_code error;
        if (path.empty()) return Fail(Error::InvalidArgument("バックアップ先を指定してください", "destination"));
        if (std::filesystem::exists(path, error)) {
            return Fail(Error::InvalidArgument("バックアップ先のファイルが既に存在します: " + path, "destination"));
        }
        // A read connection is the source: the backup reads one snapshot while the writer keeps committing to
        // the WAL.
        return WithReader([&](Connection& source) -> Status {
            sqlite3* target = nullptr;
            const int opened = sqlite3_open_v2(
                path.c_str(), &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE, nullptr);
            if (opened != SQLITE_OK) {
                sqlite3_close_v2(target);
                return Fail(Error::Unavailable("バックアップ先のファイルを作成できません: " + path + " (" +
                                               sqlite3_errstr(opened) + ")"));
            }
            sqlite3_backup* backup = sqlite3_backup_init(target, "main", source.Handle(), "main");
            int result = SQLITE_OK;
            if (backup == nullptr) {
                result = sqlite3_errcode(target);
            } else {
                const int stepped = sqlite3_backup_step(backup, -1);
                result = sqlite3_backup_finish(backup);
                if (stepped != SQLITE_DONE) result = stepped;
            }
            const std::string message = sqlite3_errstr(result);
            sqlite3_close_v2(target);
            if (result != SQLITE_OK && result != SQLITE_DONE) {
                std::filesystem::remove(path, error);
                Log(LogLevel::kError, "sqlite backup failed", {{"destination", path}, {"detail", message}});
                return Fail(Error::Unavailable("バックアップに失敗しました: " + message));
            }
            return {};
        });
    }

private:
    // Reads go to the pool, writes to the writer inside BEGIN IMMEDIATE … COMMIT.
    class Executor final : public SqlExecutor {
    public:
        explicit Executor(SqliteStore& store) : store_(store) {}
        Status Read(const SqlWork& work) override {
            if (t_held.store == &store_ && !t_held.busy) {
                store_.FreshenHeldReader();
                t_held.busy = true;
                struct Done {
                    ~Done() { t_held.busy = false; }
                } done;
                return work(*t_held.reader);
            }
            return store_.WithReader([&](Connection& connection) { return work(connection); });
        }
        Status Write(const SqlWork& work) override {
            auto lock = store_.LockWriter();
            if (!lock) return Fail(lock.error());
            if (auto begun = store_.writer_->ExecuteScript("BEGIN IMMEDIATE"); !begun) return begun;
            Status status;
            try {
                status = work(*store_.writer_);
            } catch (...) {
                (void)store_.writer_->ExecuteScript("ROLLBACK");
                throw;
            }
            if (!status) {
                (void)store_.writer_->ExecuteScript("ROLLBACK");
                return status;
            }
            if (auto committed = store_.writer_->ExecuteScript("COMMIT"); !committed) {
                (void)store_.writer_->ExecuteScript("ROLLBACK");
                return committed;
            }
            store_.commits_.fetch_add(1, std::memory_order_release);
            return {};
        }

    private:
        SqliteStore& store_;
    };

    // Holds the writer mutex and marks which thread owns it.
    class WriterLock {
    public:
        explicit WriterLock(SqliteStore& store) : store_(&store) {}
        WriterLock(WriterLock&& other) noexcept : store_(std::exchange(other.store_, nullptr)) {}
        WriterLock& operator=(WriterLock&&) = delete;
        ~WriterLock() {
            if (store_ == nullptr) return;
            store_->writer_owner_.store(std::thread::id{});
            store_->writer_busy_.store(false);
            store_->writer_mutex_.unlock();
        }

    private:
        SqliteStore* store_;
    };

    Result<WriterLock> LockWriter() {
        // A write through the outer Store from inside its own Transaction() would wait for itself forever.
        if (writer_owner_.load() == std::this_thread::get_id()) {
            Log(LogLevel::kError, "write through the outer Store inside Transaction(); use the Store& passed in");
            return Fail(Error::Internal());
        }
        if (!writer_mutex_.try_lock()) {
            writer_waits_.fetch_add(1);
            writer_mutex_.lock();
        }
        writer_owner_.store(std::this_thread::get_id());
        writer_busy_.store(true);
        return WriterLock(*this);
    }

    Connection* TakeReader() {
        std::unique_lock lock(readers_mutex_);
        if (idle_readers_.empty()) {
            ++reader_waits_;
            readers_available_.wait(lock, [&] { return !idle_readers_.empty(); });
        }
        Connection* reader = idle_readers_.back();
        idle_readers_.pop_back();
        return reader;
    }

    void GiveBack(Connection* reader) {
        {
            std::lock_guard lock(readers_mutex_);
            idle_readers_.push_back(reader);
        }
        readers_available_.notify_one();
    }

    Status WithReader(const std::function<Status(Connection&)>& work) {
        struct Return {
            SqliteStore& store;
            Connection* reader;
            ~Return() { store.GiveBack(reader); }
        } give_back{*this, TakeReader()};
        return work(*give_back.reader);
    }

    // Before a read on the thread's held reader: a transaction begun before the store's latest commit is ended and
    // another begun, so that a read sees every write this process committed before it — the request's own, another
    // request's, the audit recorder's it waited for. A commit of another process shows from the next request on.
    // The count is read before BEGIN, and the snapshot is taken by the read after it: it holds what was counted.
    void FreshenHeldReader() {
        const std::uint64_t commits = commits_.load(std::memory_order_acquire);
        if (t_held.in_transaction) {
            if (t_held.commits == commits) return;
            LeaveHeldTransaction();
        }
        if (!t_held.reader->ExecuteScript("BEGIN")) return;  // read on without one, each statement its own
        t_held.in_transaction = true;
        t_held.commits = commits;
    }

    // Holds a reader for the thread while it lives (Session).
    class HeldReaderScope final : public domain::ReadAheadScope {
    public:
        // `reader` is the store's, taken for the scope.
        HeldReaderScope(SqliteStore& store, Connection* reader) : store_(store) {
            t_held =
                HeldReader{.store = &store, .reader = reader, .in_transaction = false, .commits = 0, .busy = false};
        }
        ~HeldReaderScope() override {
            if (t_held.store != &store_) return;
            LeaveHeldTransaction();
            store_.GiveBack(t_held.reader);
            t_held = HeldReader{};
        }
        HeldReaderScope(const HeldReaderScope&) = delete;
        HeldReaderScope& operator=(const HeldReaderScope&) = delete;

    private:
        SqliteStore& store_;
    };

    std::unique_ptr<Connection> writer_;
    std::mutex writer_mutex_;
    std::atomic<std::thread::id> writer_owner_{};
    std::atomic<bool> writer_busy_{false};
    std::atomic<long long> writer_waits_{0};
    std::atomic<std::uint64_t> commits_{0};  // write transactions committed through the executor

    std::vector<std::unique_ptr<Connection>> readers_;
    std::mutex readers_mutex_;
    std::condition_variable readers_available_;
    std::vector<Connection*> idle_readers_;
    long long reader_waits_ = 0;

    Executor executor_;
    std::unique_ptr<SqlExecutor> decorated_;  // test support (SqlExecutorDecorator); usually null
    SqlExecutor& active_;
    SqlRepositories repositories_;
    // The access facts kept between reads (access_facts_cache.hpp); none for a decorated (fault-injecting) executor.
    std::unique_ptr<AccessFactsCacheRegistration> access_facts_cache_;
};

}  // namespace

Result<std::unique_ptr<domain::Store>> OpenSqliteStore(std::string_view path, int read_connections,
                                                       const SqlExecutorDecorator& decorate) {
    // SQLite's memory statistics take a process-wide mutex on every allocation; with several io threads reading at
    // once it was a measured point of contention (docs/performance.md), and nothing reads the statistics. Must
    // precede sqlite3_initialize(), so it takes effect only when this is the first use of SQLite in the process.
    static const int memory_statistics_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)memory_statistics_off;
    const std::string file(path);
    if (file.empty()) return Fail(Error::InvalidArgument("SQLite のファイル名を指定してください", "db"));
    const std::filesystem::path parent = std::filesystem::absolute(std::filesystem::path(file)).parent_path();
    std::error_code error;
    if (!std::filesystem::is_directory(parent, error)) {
        return Fail(Error::InvalidArgument("データベースファイルのディレクトリがありません: " + parent.string(), "db"));
    }
    // The writer is opened first: it creates the file and switches it to WAL before any reader opens it.
    auto writer = Connection::Open(file, Connection::Role::kWriter);
    if (!writer) return Fail(writer.error());
    std::vector<std::unique_ptr<Connection>> readers;
    for (int i = 0; i < std::max(read_connections, 1); ++i) {
        auto reader = Connection::Open(file, Connection::Role::kReader);
        if (!reader) return Fail(reader.error());
        readers.push_back(std::move(*reader));
    }
    return std::make_unique<SqliteStore>(std::move(*writer), std::move(readers), decorate);
}

}  // namespace kasane::storage::sqlite
