// SPDX-License-Identifier: Apache-2.0
#include "storage/postgres/postgres_store.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/log.hpp"
#include "base/process.hpp"
#include "storage/sql/sql_store.hpp"

namespace kasane::storage::postgres {
namespace {

constexpr SqlStatement kSelectServerEncoding{"select_server_encoding",
                                             "SELECT current_setting('server_encoding'), current_setting('lc_ctype')"};
// Run once on each new connection, unprepared (Connection::Open).
constexpr const char* kSessionSettings = "SET TimeZone = 'UTC'; SET DateStyle = 'ISO'";
// In the C ctype PostgreSQL's regular expressions (and pg_trgm) see no letters outside ASCII.
constexpr SqlStatement kSelectCtypeSeesJapanese{"select_ctype_sees_japanese", "SELECT 'あ' ~ '^[[:alpha:]]$'"};

const char* const kCreateDatabaseAdvice =
    "データベースは ENCODING 'UTF8' と LC_CTYPE 'C.UTF-8' で作成してください (例: CREATE DATABASE kasane "
    "TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8')。";

std::string Sqlstate(const PGresult* result) {
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    return state != nullptr ? state : "";
}

// Maps a failed result onto the contract of SqlConnection.
Error ErrorFromResult(PGconn* conn, const PGresult* result, std::string_view context) {
    const std::string state = Sqlstate(result);
    if (state == "23505") return Error::Conflict("一意制約に違反しています");
    if (state == "23503") return Error::NotFound("参照先が見つかりません");
    if (state == "23514" || state == "23502" || state.starts_with("22")) {
        return Error::InvalidArgument("値が制約を満たしていません");
    }
    const char* message = result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn);
    Log(LogLevel::kError, "postgresql error", {{"sqlstate", state}, {"detail", message}, {"context", context}});
    if (PQstatus(conn) != CONNECTION_OK || state.starts_with("08") || state.starts_with("57P") || state == "53300" ||
        state == "40001" || state == "40P01") {
        return Error::Unavailable("データベースに接続できないか、処理を完了できませんでした");
    }
    return Error::Internal();
}

struct ResultDeleter {
    void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

class Connection final : public SqlConnection {
public:
    static Result<std::unique_ptr<Connection>> Open(const std::string& url) {
        // Keywords before "dbname" are defaults the URL may override; those after it are Kasane's own.
        const char* keywords[] = {"connect_timeout", "dbname", "client_encoding", "application_name", nullptr};
        const char* values[] = {"5", url.c_str(), "UTF8", "kasane", nullptr};
        PGconn* conn = PQconnectdbParams(keywords, values, 1);
        auto connection = std::unique_ptr<Connection>(new Connection(conn));
        if (conn != nullptr) {
            // Notices ("relation already exists, skipping") are expected chatter, not errors worth a log line.
            PQsetNoticeProcessor(
                conn, [](void*, const char*) {}, nullptr);
        }
        if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
            std::string message = conn != nullptr ? PQerrorMessage(conn) : "out of memory";
            while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
            Log(LogLevel::kError, "postgresql connect failed", {{"detail", message}});
            return Fail(Error::Unavailable("PostgreSQL に接続できません: " + message));
        }
        // Sessions in UTC with ISO dates, set once the connection is up rather than through the startup packet's
        // "options": a connection pooler in front (pgbouncer 1.18, Debian 12's) refuses that parameter, while it
        // tracks a SET of TimeZone and DateStyle and keeps it for the session (docs/deployment.md).
        ResultPtr set(PQexec(conn, kSessionSettings));
        if (PQresultStatus(set.get()) != PGRES_COMMAND_OK) {
            std::string message = PQerrorMessage(conn);
            while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
            Log(LogLevel::kError, "postgresql session settings failed", {{"detail", message}});
            return Fail(Error::Unavailable("PostgreSQL に接続できません: " + message));
        }
        return connection;
    }

    ~Connection() override { PQfinish(conn_); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    bool Healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

    Result<SqlResult> Execute(const SqlStatement& statement, std::span<const SqlParam> params) override {
        if (auto prepared = EnsurePrepared(statement); !prepared) return Fail(prepared.error());
        std::vector<std::string> texts(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        FillParams(params, texts, values);
        ResultPtr result(
            PQexecPrepared(conn_, statement.name, static_cast<int>(params.size()), values.data(), nullptr, nullptr, 0));
        const ExecStatusType status = PQresultStatus(result.get());
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
            return Fail(ErrorFromResult(conn_, result.get(), statement.name));
        }
        SqlResult out;
        const int rows = PQntuples(result.get());
        const int columns = PQnfields(result.get());
        out.rows.reserve(static_cast<std::size_t>(rows));
        for (int row = 0; row < rows; ++row) {
            auto& values_out = out.rows.emplace_back();
            values_out.reserve(static_cast<std::size_t>(columns));
            for (int column = 0; column < columns; ++column) {
                if (PQgetisnull(result.get(), row, column)) {
                    values_out.emplace_back(std::nullopt);
                } else {
                    values_out.emplace_back(
                        std::string(PQgetvalue(result.get(), row, column),
                                    static_cast<std::size_t>(PQgetlength(result.get(), row, column))));
                }
            }
        }
        const char* affected = PQcmdTuples(result.get());
        out.affected_rows = (affected != nullptr && *affected != '\0') ? std::atoll(affected) : 0;
        return out;
    }

    // Single-row mode: the server streams the rows and libpq hands them over one at a time, so a year of contacts
    // never sits in memory at once. After an early stop the remaining rows are drained (the protocol requires it).
    Status Stream(const SqlStatement& statement, std::span<const SqlParam> params, const SqlVisit& visit) override {
        if (auto prepared = EnsurePrepared(statement); !prepared) return prepared;
        std::vector<std::string> texts(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        FillParams(params, texts, values);
        if (PQsendQueryPrepared(conn_, statement.name, static_cast<int>(params.size()), values.data(), nullptr, nullptr,
                                0) == 0) {
            return Fail(ErrorFromResult(conn_, nullptr, statement.name));
        }
        (void)PQsetSingleRowMode(conn_);
        class Cursor final : public SqlCursor {
        public:
            bool IsNull(std::size_t column) const override {
                return PQgetisnull(result_, 0, static_cast<int>(column)) != 0;
            }
            std::int64_t Integer(std::size_t column) const override {
                const std::string_view text = Text(column);
                std::int64_t value = 0;
                std::from_chars(text.data(), text.data() + text.size(), value);
                return value;
            }
            std::string_view Text(std::size_t column) const override {
                return {PQgetvalue(result_, 0, static_cast<int>(column)),
                        static_cast<std::size_t>(PQgetlength(result_, 0, static_cast<int>(column)))};
            }
            PGresult* result_ = nullptr;
        } cursor;
        Status status;
        bool stopped = false;
        for (;;) {
            ResultPtr result(PQgetResult(conn_));
            if (!result) break;
            const ExecStatusType state = PQresultStatus(result.get());
            if (state == PGRES_SINGLE_TUPLE) {
                if (stopped || !status) continue;
                cursor.result_ = result.get();
                if (!visit(cursor)) stopped = true;
            } else if (state != PGRES_TUPLES_OK && state != PGRES_COMMAND_OK && status) {
                status = Fail(ErrorFromResult(conn_, result.get(), statement.name));
            }
        }
        return status;
    }

    Status ExecuteScript(std::string_view sql) override {
        const std::string text(sql);
        ResultPtr result(PQexec(conn_, text.c_str()));
        const ExecStatusType status = PQresultStatus(result.get());
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            return Fail(ErrorFromResult(conn_, result.get(), sql.substr(0, 80)));
        }
        return {};
    }

    bool RoundTripPerStatement() const override { return true; }

    Status RefreshStatistics(std::span<const std::string_view> tables) override {
        if (tables.empty()) return {};
        std::string sql = "ANALYZE ";
        for (std::size_t i = 0; i < tables.size(); ++i) {
            if (i > 0) sql += ", ";
            sql += tables[i];
        }
        return ExecuteScript(sql);
    }

private:
    explicit Connection(PGconn* conn) : conn_(conn) {}

    Status EnsurePrepared(const SqlStatement& statement) {
        if (auto found = prepared_.find(statement.name); found != prepared_.end()) {
            if (found->second == statement.text) return {};
            // Two statements under one name: the server would run the first one's SQL with the second's parameters.
            Log(LogLevel::kError, "two SQL statements share one name", {{"statement", statement.name}});
            return Fail(Error::Internal());
        }
        ResultPtr prepared(PQprepare(conn_, statement.name, statement.text, 0, nullptr));
        if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
            return Fail(ErrorFromResult(conn_, prepared.get(), statement.name));
        }
        prepared_.emplace(statement.name, statement.text);
        return {};
    }

    // Text parameters must be NUL-terminated, so each is copied into a string.
    static void FillParams(std::span<const SqlParam> params, std::vector<std::string>& texts,
                           std::vector<const char*>& values) {
        for (std::size_t i = 0; i < params.size(); ++i) {
            if (std::holds_alternative<std::monostate>(params[i])) continue;
            if (const auto* integer = std::get_if<std::int64_t>(&params[i])) {
                texts[i] = std::to_string(*integer);
            } else if (const auto* boolean = std::get_if<bool>(&params[i])) {
                texts[i] = *boolean ? "true" : "false";
            } else {
                texts[i] = std::string(std::get<std::string_view>(params[i]));
            }
            values[i] = texts[i].c_str();
        }
    }

    PGconn* conn_;
    // Keyed by the statement's name, the name it is prepared under. Not by the text's address: at -O3 the linker
    // merges identical string literals, so two statements with the same SQL would share one entry while only the
    // first name was ever prepared on the server. The text is kept to refuse a second statement under a name.
    std::unordered_map<std::string, std::string> prepared_;
};

// Connections are opened on demand up to `size`; one that broke is dropped when it comes back.
class ConnectionPool {
public:
    ConnectionPool(std::string url, int size) : url_(std::move(url)), max_size_(std::max(size, 1)) {}

    class Lease {
    public:
        Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection)
            : pool_(&pool), connection_(std::move(connection)) {}
        Lease(Lease&& other) noexcept
            : pool_(std::exchange(other.pool_, nullptr)), connection_(std::move(other.connection_)) {}
        Lease& operator=(Lease&&) = delete;
        ~Lease() {
            if (pool_ != nullptr && connection_ != nullptr) pool_->Release(std::move(connection_));
        }
        Connection& operator*() const { return *connection_; }

    private:
        ConnectionPool* pool_;
        std::unique_ptr<Connection> connection_;
    };

    Result<Lease> Acquire() {
        std::unique_lock lock(mutex_);
        if (idle_.empty() && open_ >= max_size_) {
            ++waits_;
            available_.wait(lock, [&] { return !idle_.empty() || open_ < max_size_; });
        }
        if (!idle_.empty()) {
            auto connection = std::move(idle_.back());
            idle_.pop_back();
            ++in_use_;
            return Lease(*this, std::move(connection));
        }
        // Connect outside the lock: it can take up to connect_timeout.
        ++open_;
        ++in_use_;
        lock.unlock();
        auto connection = Connection::Open(url_);
        if (!connection) {
            lock.lock();
            --open_;
            --in_use_;
            lock.unlock();
            available_.notify_one();
            return Fail(connection.error());
        }
        return Lease(*this, std::move(*connection));
    }

    domain::PoolStats Stats() {
        std::lock_guard lock(mutex_);
        return domain::PoolStats{.size = open_, .in_use = in_use_, .waits = waits_};
    }

private:
    void Release(std::unique_ptr<Connection> connection) {
        {
            std::lock_guard lock(mutex_);
            --in_use_;
            if (connection->Healthy()) {
                idle_.push_back(std::move(connection));
            } else {
                --open_;
                connection.reset();
            }
        }
        available_.notify_one();
    }

    const std::string url_;
    const int max_size_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Connection>> idle_;
    int open_ = 0;
    int in_use_ = 0;
    long long waits_ = 0;
};

class PostgresStore final : public domain::Store {
public:
    PostgresStore(std::string url, int pool_size, const SqlExecutorDecorator& decorate)
        : url_(url),
          pool_(std::move(url), pool_size),
          executor_(pool_),
          decorated_(decorate ? decorate(executor_) : nullptr),
          active_(decorated_ ? *decorated_ : static_cast<SqlExecutor&>(executor_)),
          repositories_(active_) {}

    // Refuses a database whose encoding or ctype cannot hold Japanese text properly.
    Status CheckDatabase() {
        return executor_.Read([](SqlConnection& connection) -> Status {
            auto encoding = connection.Execute(kSelectServerEncoding, {});
            if (!encoding) return Fail(encoding.error());
            const SqlRow row(encoding->rows.at(0));
            const std::string server_encoding = row.Text(0).value_or("?");
            const std::string ctype = row.Text(1).value_or("?");
            if (server_encoding != "UTF8") {
                return Fail(Error::Unavailable("PostgreSQL のデータベースの文字コードが UTF8 ではありません (現在: " +
                                               server_encoding + ")。" + kCreateDatabaseAdvice));
            }
            auto sees = connection.Execute(kSelectCtypeSeesJapanese, {});
            if (!sees) return Fail(sees.error());
            auto japanese = SqlRow(sees->rows.at(0)).Boolean(0);
            if (!japanese) return Fail(japanese.error());
            if (!*japanese) {
                return Fail(Error::Unavailable("PostgreSQL のデータベースの LC_CTYPE (現在: " + ctype +
                                               ") では日本語の文字を扱えません。" + kCreateDatabaseAdvice));
            }
            return {};
        });
    }

    std::string_view Backend() const override { return "postgresql"; }
    domain::MunicipalityRepository& Municipalities() override { return repositories_.Municipalities(); }
    domain::PrefectureRepository& Prefectures() override { return repositories_.Prefectures(); }
    domain::AccountRepository& Accounts() override { return repositories_.Accounts(); }
    domain::DraftRepository& Drafts() override { return repositories_.Drafts(); }
    domain::TownSetupRepository& TownSetups() override { return repositories_.TownSetups(); }
    std::unique_ptr<domain::TenantStore> Tenant(MunicipalityId municipality_id) override {
        return repositories_.Tenant(municipality_id);
    }

    // Through the executor's Write(): one pooled connection inside BEGIN … COMMIT.
    Status Transaction(const std::function<Status(domain::Store&)>& work) override {
        return RunTransaction(*this, active_, PostgresDialect(), work);
    }

    Status Ping() override { return PingDatabase(active_); }
    domain::PoolStats Pool() override { return pool_.Stats(); }
    int LatestSchemaVersion() const override { return LatestVersionOf(PostgresDialect()); }
    Result<int> SchemaVersion() override { return ReadSchemaVersion(active_, PostgresDialect()); }
    Result<std::int64_t> StoredBytes() override { return ReadDatabaseBytes(active_, PostgresDialect()); }
    Result<int> Migrate() override { return ApplyMigrations(active_, PostgresDialect()); }

    // pg_dump --format=custom (no shell, so nothing in the URL is interpreted); its standard error is reported
    // when it fails, and a partial file is removed.
    Status Backup(std::string_view destination) override {
        const std::string path(destination);
        std::error_code error;
        if (path.empty()) return Fail(Error::InvalidArgument("バックアップ先を指定してください", "destination"));
        if (std::filesystem::exists(path, error)) {
            return Fail(Error::InvalidArgument("バックアップ先のファイルが既に存在します: " + path, "destination"));
        }
        const Status dumped = RunProgram({"pg_dump", "--format=custom", "--file=" + path, "--dbname=" + url_});
        if (!dumped) {
            std::filesystem::remove(path, error);
            Log(LogLevel::kError, "pg_dump failed", {{"error", dumped.error().message}});
        }
        return dumped;
    }

private:
    // Reads take a connection for one statement or a few; writes run inside BEGIN … COMMIT on one connection.
    class Executor final : public SqlExecutor {
    public:
        explicit Executor(ConnectionPool& pool) : pool_(pool) {}
        Status Read(const SqlWork& work) override {
            auto lease = pool_.Acquire();
            if (!lease) return Fail(lease.error());
            return work(**lease);
        }
        Status Write(const SqlWork& work) override {
            auto lease = pool_.Acquire();
            if (!lease) return Fail(lease.error());
            return RunAtomically(**lease, "BEGIN", [&] { return work(**lease); });
        }

    private:
        ConnectionPool& pool_;
    };

    std::string url_;
    ConnectionPool pool_;
    Executor executor_;
    std::unique_ptr<SqlExecutor> decorated_;  // test support (SqlExecutorDecorator); usually null
    SqlExecutor& active_;
    SqlRepositories repositories_;
};

}  // namespace

Result<std::unique_ptr<domain::Store>> OpenPostgresStore(std::string_view url, int pool_size,
                                                         const SqlExecutorDecorator& decorate) {
    auto store = std::make_unique<PostgresStore>(std::string(url), pool_size, decorate);
    if (auto checked = store->CheckDatabase(); !checked) return Fail(checked.error());
    return std::unique_ptr<domain::Store>(std::move(store));
}

}  // namespace kasane::storage::postgres
