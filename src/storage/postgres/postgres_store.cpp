// SPDX-License-Identifier: Apache-2.0
#include "storage/postgres/postgres_store.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/log.hpp"
#include "base/process.hpp"
#include "domain/read_ahead.hpp"
#include "storage/postgres/session_settings.hpp"
#include "storage/sql/access_facts_cache.hpp"
#include "storage/sql/read_ahead.hpp"
#include "storage/sql/sql_store.hpp"

namespace kasane::storage::postgres {
namespace {

constexpr SqlStatement kSelectServerEncoding{"select_server_encoding",
                                             "SELECT current_setting('server_encoding'), current_setting('lc_ctype')"};
// The statements after it in a pipeline run on their generic plans: the pipeline is one implicit transaction, and a
// local setting ends with it. For the gram reads of a search (RunsOnGenericPlan), whose custom plan PostgreSQL would
// otherwise make again on every execution: 0.4–0.8 ms each, four a search, against 0.02 ms for the cached generic
// plan, which is the same plan (docs/performance.md).
constexpr SqlStatement kGenericPlansUntilSync{"generic_plans_until_sync",
                                              "SELECT set_config('plan_cache_mode', 'force_generic_plan', true)"};
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

// --- reading ahead (domain/read_ahead.hpp) ----------------------------------------------------------------------

// A parameter as it is sent: text, or NULL.
using ParamText = std::optional<std::string>;

// The key of a statement run with its parameters: the name, then each parameter (NULL distinct from any text).
std::string CallKey(std::string_view name, std::span<const ParamText> params) {
    std::string key(name);
    for (const ParamText& param : params) {
        key += '\x1f';
        if (param) {
            key += 'v';
            key += *param;
        } else {
            key += 'n';
        }
    }
    return key;
}

// The results read ahead for one thread, of one store, while a scope is open. Reads on that thread that ask for one
// of them (same statement, same parameters) are answered from it; everything else runs as usual.
struct ReadAheadTable {
    const void* store = nullptr;
    bool served_once = false;  // each result answers one read, then the read goes to the database
    std::unordered_map<std::string, SqlResult> results;
};
thread_local ReadAheadTable* t_read_ahead = nullptr;
// Non-zero while this thread runs work inside a transaction (Executor::Write): never served from a read-ahead.
thread_local int t_writing = 0;

// One statement of a pipeline: the statement, its parameters as text.
struct PipelinedCall {
    SqlStatement statement;
    std::vector<ParamText> params;
};

// Rewrites the parameters $1, $2 … of `text` with `replacements` (index 0 for $1); a parameter without a replacement
// (an empty string) stays as it is. Used to derive a statement that finds a parameter itself (by a sub-select)
// from the statement a repository runs, so that both return the same rows.
std::string SubstituteParameters(std::string_view text, const std::vector<std::string>& replacements) {
    std::string out;
    out.reserve(text.size() + 128);
    for (std::size_t at = 0; at < text.size();) {
        if (text[at] == '$' && at + 1 < text.size() && text[at + 1] >= '1' && text[at + 1] <= '9') {
            std::size_t end = at + 1;
            while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
            std::size_t number = 0;
            std::from_chars(text.data() + at + 1, text.data() + end, number);
            if (number <= replacements.size() && !replacements[number - 1].empty()) {
                out += replacements[number - 1];
            } else {
                out.append(text.substr(at, end - at));
            }
            at = end;
        } else {
            out += text[at++];
        }
    }
    return out;
}

// A statement derived from `original` by SubstituteParameters, under the original's name with `suffix`. Made once
// per process (the texts live as long as it: prepared statements are keyed by name).
class DerivedStatement {
public:
    DerivedStatement(const SqlStatement& original, std::string_view suffix,
                     const std::vector<std::string>& replacements)
        : name_(std::string(original.name) + std::string(suffix)),
          text_(SubstituteParameters(original.text, replacements)) {}
    SqlStatement Statement() const { return {name_.c_str(), text_.c_str()}; }

private:
    std::string name_;
    std::string text_;
};

class Connection final : public SqlConnection {
public:
    static Result<std::unique_ptr<Connection>> Open(const std::string& url, const void* owner,
                                                    std::atomic<std::int64_t>* round_trips) {
        // Keywords before "dbname" are defaults the URL may override; those after it are Kasane's own.
        const char* keywords[] = {"connect_timeout", "dbname", "client_encoding", "application_name", nullptr};
        const char* values[] = {"5", url.c_str(), "UTF8", "kasane", nullptr};
        PGconn* conn = PQconnectdbParams(keywords, values, 1);
        auto connection = std::unique_ptr<Connection>(new Connection(conn, owner, round_trips));
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
        // Sessions in UTC with ISO dates and no parallel workers, set once the connection is up rather than through
        // the startup packet's "options": a connection pooler in front (pgbouncer 1.18, Debian 12's) refuses that
        // parameter, while in session mode a SET holds for the session (docs/deployment.md).
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
        std::vector<std::string> texts(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        FillParams(params, texts, values);
        if (t_read_ahead != nullptr && t_read_ahead->store == owner_ && t_writing == 0) {
            std::vector<ParamText> sent(params.size());
            for (std::size_t i = 0; i < params.size(); ++i) {
                if (values[i] != nullptr) sent[i] = texts[i];
            }
            if (auto found = t_read_ahead->results.find(CallKey(statement.name, sent));
                found != t_read_ahead->results.end()) {
                if (!t_read_ahead->served_once) return found->second;  // a copy: a page may ask twice (CaseExists)
                SqlResult result = std::move(found->second);
                t_read_ahead->results.erase(found);
                return result;
            }
        }
        if (RunsOnGenericPlan(statement) && PQtransactionStatus(conn_) == PQTRANS_IDLE) {
            std::vector<ParamText> texts_of_call(params.size());
            for (std::size_t i = 0; i < params.size(); ++i) {
                if (values[i] != nullptr) texts_of_call[i] = std::move(texts[i]);
            }
            const PipelinedCall calls[] = {{kGenericPlansUntilSync, {}}, {statement, std::move(texts_of_call)}};
            auto results = Pipeline(calls);
            if (!results) return Fail(results.error());
            return std::move((*results)[1]);
        }
        if (auto prepared = EnsurePrepared(statement); !prepared) return Fail(prepared.error());
        CountRoundTrip();
        ResultPtr result(
            PQexecPrepared(conn_, statement.name, static_cast<int>(params.size()), values.data(), nullptr, nullptr, 0));
        const ExecStatusType status = PQresultStatus(result.get());
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
            return Fail(ErrorFromResult(conn_, result.get(), statement.name));
        }
        return ToSqlResult(result.get());
    }

    // Runs `calls` in one pipeline (libpq's pipeline mode, PostgreSQL 14+): every statement not yet prepared on this
    // connection is prepared in the same pipeline, so the whole batch is one round trip. All or nothing: when any
    // statement fails the error is returned and no result (a read-ahead then simply reads as usual).
    Result<std::vector<SqlResult>> Pipeline(std::span<const PipelinedCall> calls) {
        for (const PipelinedCall& call : calls) {
            if (call.statement.name == nullptr) continue;
            if (auto found = prepared_.find(call.statement.name);
                found != prepared_.end() && found->second != call.statement.text) {
                Log(LogLevel::kError, "two SQL statements share one name", {{"statement", call.statement.name}});
                return Fail(Error::Internal());
            }
        }
        if (PQenterPipelineMode(conn_) != 1) return Fail(ErrorFromResult(conn_, nullptr, "pipeline"));
        CountRoundTrip();
        // What was sent, in order: a Prepare (index of the call, true) or an Execute (index, false).
        std::vector<std::pair<std::size_t, bool>> sent;
        std::unordered_set<std::string_view> preparing;
        bool send_failed = false;
        for (std::size_t index = 0; index < calls.size() && !send_failed; ++index) {
            const PipelinedCall& call = calls[index];
            if (call.statement.name == nullptr) {  // BEGIN, COMMIT: sent as they are, without parameters
                if (PQsendQueryParams(conn_, call.statement.text, 0, nullptr, nullptr, nullptr, nullptr, 0) == 0) {
                    send_failed = true;
                    break;
                }
                sent.emplace_back(index, false);
                continue;
            }
            if (!prepared_.contains(call.statement.name) && !preparing.contains(call.statement.name)) {
                if (PQsendPrepare(conn_, call.statement.name, call.statement.text, 0, nullptr) == 0) {
                    send_failed = true;
                    break;
                }
                preparing.insert(call.statement.name);
                sent.emplace_back(index, true);
            }
            std::vector<const char*> values(call.params.size(), nullptr);
            for (std::size_t i = 0; i < call.params.size(); ++i) {
                if (call.params[i]) values[i] = call.params[i]->c_str();
            }
            if (PQsendQueryPrepared(conn_, call.statement.name, static_cast<int>(values.size()), values.data(), nullptr,
                                    nullptr, 0) == 0) {
                send_failed = true;
                break;
            }
            sent.emplace_back(index, false);
        }
        const bool synced = !send_failed && PQpipelineSync(conn_) == 1;
        std::vector<SqlResult> results(calls.size());
        Status status;
        if (!synced) status = Fail(ErrorFromResult(conn_, nullptr, "pipeline"));
        // Each statement sent gives its results and then a null; the sync gives PGRES_PIPELINE_SYNC. A statement's
        // rows may come one at a time (PGRES_SINGLE_TUPLE) before its final result: the single-row mode a Stream set
        // can still be set for the first statement of a pipeline (libpq clears it when a statement is sent outside a
        // pipeline, and inside one only as it moves along its queue), and reading one result and one null per
        // statement then lost the pipeline's place — the sync was never read, the connection stayed in pipeline
        // mode and every later request it served failed.
        for (const auto& [index, is_prepare] : sent) {
            if (!synced) break;
            const char* name = calls[index].statement.name;
            while (ResultPtr result{PQgetResult(conn_)}) {
                const ExecStatusType state = PQresultStatus(result.get());
                if (is_prepare && state == PGRES_COMMAND_OK) {
                    prepared_.emplace(name, calls[index].statement.text);
                } else if (!is_prepare &&
                           (state == PGRES_SINGLE_TUPLE || state == PGRES_TUPLES_OK || state == PGRES_COMMAND_OK)) {
                    SqlResult part = ToSqlResult(result.get());
                    std::move(part.rows.begin(), part.rows.end(), std::back_inserter(results[index].rows));
                    results[index].affected_rows = part.affected_rows;
                } else if (status) {
                    status = Fail(ErrorFromResult(conn_, result.get(), name != nullptr ? name : "pipeline"));
                }
            }
        }
        if (synced) {
            for (;;) {  // up to and including the sync
                ResultPtr result(PQgetResult(conn_));
                if (!result || PQresultStatus(result.get()) == PGRES_PIPELINE_SYNC) break;
            }
        }
        if (PQexitPipelineMode(conn_) != 1 && status) status = Fail(ErrorFromResult(conn_, nullptr, "pipeline"));
        // A statement that failed inside the pipeline's BEGIN leaves the transaction aborted: end it.
        if (PQtransactionStatus(conn_) != PQTRANS_IDLE) ResultPtr rollback(PQexec(conn_, "ROLLBACK"));
        if (!status) return Fail(status.error());
        return results;
    }

    static SqlResult ToSqlResult(PGresult* result) {
        SqlResult out;
        const int rows = PQntuples(result);
        const int columns = PQnfields(result);
        out.rows.reserve(static_cast<std::size_t>(rows));
        for (int row = 0; row < rows; ++row) {
            auto& values_out = out.rows.emplace_back();
            values_out.reserve(static_cast<std::size_t>(columns));
            for (int column = 0; column < columns; ++column) {
                if (PQgetisnull(result, row, column)) {
                    values_out.emplace_back(std::nullopt);
                } else {
                    values_out.emplace_back(std::string(PQgetvalue(result, row, column),
                                                        static_cast<std::size_t>(PQgetlength(result, row, column))));
                }
            }
        }
        const char* affected = PQcmdTuples(result);
        out.affected_rows = (affected != nullptr && *affected != '\0') ? std::atoll(affected) : 0;
        return out;
    }

    std::int64_t RoundTrips() const { return round_trips_ != nullptr ? round_trips_->load() : 0; }

    // Single-row mode: the server streams the rows and libpq hands them over one at a time, so a year of contacts
    // never sits in memory at once. After an early stop the remaining rows are drained (the protocol requires it).
    Status Stream(const SqlStatement& statement, std::span<const SqlParam> params, const SqlVisit& visit) override {
        if (auto prepared = EnsurePrepared(statement); !prepared) return prepared;
        std::vector<std::string> texts(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        FillParams(params, texts, values);
        CountRoundTrip();
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
        CountRoundTrip();
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
    Connection(PGconn* conn, const void* owner, std::atomic<std::int64_t>* round_trips)
        : conn_(conn), owner_(owner), round_trips_(round_trips) {}

    void CountRoundTrip() {
        if (round_trips_ != nullptr) round_trips_->fetch_add(1, std::memory_order_relaxed);
    }

    Status EnsurePrepared(const SqlStatement& statement) {
        if (auto found = prepared_.find(statement.name); found != prepared_.end()) {
            if (found->second == statement.text) return {};
            // Two statements under one name: the server would run the first one's SQL with the second's parameters.
            Log(LogLevel::kError, "two SQL statements share one name", {{"statement", statement.name}});
            return Fail(Error::Internal());
        }
        CountRoundTrip();
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
            ParamText text = SqlParamText(params[i]);
            if (!text) continue;
            texts[i] = std::move(*text);
            values[i] = texts[i].c_str();
        }
    }

    PGconn* conn_;
    const void* owner_;                       // the store, to match a read-ahead table to its store
    std::atomic<std::int64_t>* round_trips_;  // the store's count of round trips (PostgresRoundTrips)
    // Keyed by the statement's name, the name it is prepared under. Not by the text's address: at -O3 the linker
    // merges identical string literals, so two statements with the same SQL would share one entry while only the
    // first name was ever prepared on the server. The text is kept to refuse a second statement under a name.
    std::unordered_map<std::string, std::string> prepared_;
};

// Connections are opened on demand up to `size`; one that broke is dropped when it comes back.
class ConnectionPool {
public:
    ConnectionPool(std::string url, int size, const void* owner)
        : url_(std::move(url)), max_size_(std::max(size, 1)), owner_(owner) {}

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
        auto connection = Connection::Open(url_, owner_, &round_trips_);
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

    // Round trips to the server by every connection of this pool since it was made: each statement run, prepared
    // or streamed, each script, and each pipeline counts one (opening a connection is not counted).
    std::int64_t RoundTrips() const { return round_trips_.load(); }

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
    const void* owner_;
    std::atomic<std::int64_t> round_trips_{0};
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Connection>> idle_;
    int open_ = 0;
    int in_use_ = 0;
    long long waits_ = 0;
};

class ReadAheadScope;

// The users and posts the read-ahead of sessions (PostgresStore::Session) keeps between requests, each under the
// account version read before it (migration 66, access_versions_schema.cpp): used again only while the session row
// comes with the same version, so a change to the user, its roles, its posts or their roles, committed by any
// process, is read on the very next request. Values are kept as the statements' text.
class KeptAccounts {
public:
    struct Account {
        std::string version;
        std::string municipality;                       // the session's: the posts were read in it
        std::vector<std::vector<ParamText>> user_rows;  // the session-with-user rows after the session's columns
        SqlResult posts;
    };

    std::shared_ptr<const Account> Find(const std::string& user, const std::string& version,
                                        const std::string& municipality) const {
        std::lock_guard lock(mutex_);
        const auto found = accounts_.find(user);
        if (found == accounts_.end() || found->second->version != version ||
            found->second->municipality != municipality) {
            return nullptr;
        }
        return found->second;
    }

    void Keep(const std::string& user, std::shared_ptr<const Account> account) {
        std::lock_guard lock(mutex_);
        if (accounts_.size() >= kCapacity) accounts_.clear();  // a town has hundreds of users, a prefecture thousands
        accounts_.insert_or_assign(user, std::move(account));
    }

private:
    static constexpr std::size_t kCapacity = 20000;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<const Account>> accounts_;
};

class PostgresStore final : public domain::Store, public domain::ReadAhead {
public:
    PostgresStore(std::string url, int pool_size, const SqlExecutorDecorator& decorate)
        : url_(url),
          pool_(std::move(url), pool_size, this),
          executor_(pool_),
          decorated_(decorate ? decorate(executor_) : nullptr),
          active_(decorated_ ? *decorated_ : static_cast<SqlExecutor&>(executor_)),
          repositories_(active_),
          access_facts_cache_(
              decorated_ ? nullptr
                         : std::make_unique<AccessFactsCacheRegistration>(active_, kAccessFactsCacheCapacity)) {}

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
    std::int64_t RoundTrips() const { return pool_.RoundTrips(); }

    std::unique_ptr<domain::ReadAheadScope> CasePage(MunicipalityId tenant, domain::CaseId id) override;
    std::unique_ptr<domain::ReadAheadScope> Session(std::string_view token_hash,
                                                    const domain::SessionFollowUp& then) override;
    std::unique_ptr<domain::ReadAheadScope> Organizations(MunicipalityId tenant,
                                                          const std::vector<OrganizationId>& ids) override;
    std::unique_ptr<domain::ReadAheadScope> NameCandidates(MunicipalityId tenant, const std::vector<std::string>& exact,
                                                           const std::vector<std::string>& inside, int limit) override;
    std::unique_ptr<domain::ReadAheadScope> PersonsAndAccessVersions(MunicipalityId tenant,
                                                                     const std::vector<domain::PersonId>& ids) override;
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
    // Runs `calls` in one pipeline and keeps each result from `first` on in `scope` under its statement and
    // parameters (the calls before `first` only set up the ones after); nothing when the pipeline fails.
    void ReadAheadEach(ReadAheadScope& scope, const std::vector<PipelinedCall>& calls, std::size_t first = 0);

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
            struct Writing {
                Writing() { ++t_writing; }
                ~Writing() { --t_writing; }
                Writing(const Writing&) = delete;
                Writing& operator=(const Writing&) = delete;
            } writing;
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
    // The access facts kept between reads (access_facts_cache.hpp); none for a decorated (fault-injecting) executor.
    std::unique_ptr<AccessFactsCacheRegistration> access_facts_cache_;
    KeptAccounts kept_accounts_;  // for Session
};

// The thread's read-ahead while it lives (a scope opened inside another hides the outer one until it ends).
class ReadAheadScope final : public domain::ReadAheadScope {
public:
    explicit ReadAheadScope(const void* store, bool served_once = false) : previous_(t_read_ahead) {
        table_.store = store;
        table_.served_once = served_once;
        t_read_ahead = &table_;
    }
    ~ReadAheadScope() override { t_read_ahead = previous_; }
    ReadAheadScope(const ReadAheadScope&) = delete;
    ReadAheadScope& operator=(const ReadAheadScope&) = delete;

    void Add(const SqlStatement& statement, std::vector<ParamText> params, SqlResult result) {
        table_.results.insert_or_assign(CallKey(statement.name, params), std::move(result));
    }

private:
    ReadAheadTable table_;
    ReadAheadTable* previous_;
};

// One snapshot for a read-ahead: a statement that finds its parameter by a sub-select (the household of the case)
// and the statement whose row gave that parameter (the case) must see the same data, or a result would be kept
// under parameters it does not belong to.
constexpr SqlStatement kBeginSnapshot{nullptr, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"};
constexpr SqlStatement kCommitSnapshot{nullptr, "COMMIT"};

// The value of `column` of the only row of `result`, when there is exactly one row and the value is not NULL.
std::optional<std::string> OnlyValue(const SqlResult& result, std::size_t column) {
    if (result.rows.size() != 1 || column >= result.rows.front().size()) return std::nullopt;
    return result.rows.front()[column];
}

// The case page's reads (CaseService::Get) in one round trip. The household, its members and the meetings of the
// case's person are found by sub-selects on the case, the actions of the current and draft plans by their
// position in the current plans (the same order), and each result is kept under the statement and parameters the
// repository will ask with, which come from the case row and the plan rows read in the same snapshot.
std::unique_ptr<domain::ReadAheadScope> PostgresStore::CasePage(MunicipalityId tenant, domain::CaseId id) {
    auto scope = std::make_unique<ReadAheadScope>(this);
    if (decorated_ || t_writing != 0) return scope;  // fault-injection tests and transactions read as they are
    const CaseReadStatements cases = CaseStatementsToReadAhead();
    const PlanReadStatements plans = PlanStatementsToReadAhead();
    const HouseholdReadStatements households = HouseholdStatementsToReadAhead();
    const SqlStatement& notes = NotesOfCaseStatementToReadAhead();
    const SqlStatement& meetings = MeetingsOfPersonStatementToReadAhead();
    static const std::string kHouseholdOfCase =
        "(SELECT c.household_id FROM cases c WHERE c.id = $1 AND c.municipality_id = $2)";
    static const DerivedStatement kHousehold(households.household, "_of_case", {kHouseholdOfCase});
    static const DerivedStatement kMembers(households.members, "_of_case", {kHouseholdOfCase});
    static const DerivedStatement kMeetingsOfCase(
        meetings, "_of_case", {"", "(SELECT c.person_id FROM cases c WHERE c.id = $2 AND c.municipality_id = $1)"});
    // kSelectCurrentPlansOfCase's rows, by position: its filter and order (plans_store.cpp).
    const auto plan_at = [](int offset) {
        return "(SELECT p.id FROM support_plans p WHERE p.case_id = $1 AND p.municipality_id = $2 AND p.state IN "
               "('approved', 'draft') ORDER BY p.plan_version DESC LIMIT 1 OFFSET " +
               std::to_string(offset) + ")";
    };
    static const DerivedStatement kActionsFirst(plans.actions_of_plan, "_of_case_first", {plan_at(0)});
    static const DerivedStatement kActionsSecond(plans.actions_of_plan, "_of_case_second", {plan_at(1)});
    constexpr int kNotes = 20;  // CaseService::Get reads the last 20 notes

    const ParamText case_id = std::to_string(id);
    const ParamText municipality = std::to_string(tenant);
    const std::vector<ParamText> by_case{case_id, municipality};
    const std::vector<PipelinedCall> calls{
        {kBeginSnapshot, {}},
        {cases.select_case, by_case},
        {cases.programs, by_case},
        {cases.categories, by_case},
        {cases.team, by_case},
        {cases.latest_assessment, by_case},
        {cases.exists, by_case},
        {cases.relations, by_case},
        {plans.current_of_case, by_case},
        {notes, {case_id, municipality, std::to_string(kNotes)}},
        {kHousehold.Statement(), by_case},
        {kMembers.Statement(), by_case},
        {kMeetingsOfCase.Statement(), {municipality, case_id}},
        {kActionsFirst.Statement(), by_case},
        {kActionsSecond.Statement(), by_case},
        {kCommitSnapshot, {}},
    };
    auto lease = pool_.Acquire();
    if (!lease) return scope;
    auto results = (**lease).Pipeline(calls);
    if (!results) return scope;  // the page then reads as it always did
    auto& r = *results;
    for (std::size_t index = 1; index <= 9; ++index) scope->Add(calls[index].statement, calls[index].params, r[index]);
    const SqlResult& case_row = r[1];
    if (const auto household_id = OnlyValue(case_row, 3)) {
        scope->Add(households.household, {*household_id, municipality}, std::move(r[10]));
        scope->Add(households.members, {*household_id, municipality}, std::move(r[11]));
    }
    if (const auto person_id = OnlyValue(case_row, 2)) {
        scope->Add(meetings, {municipality, *person_id}, std::move(r[12]));
    }
    const SqlResult& current_plans = r[8];
    for (std::size_t position = 0; position < 2 && position < current_plans.rows.size(); ++position) {
        const std::optional<std::string>& plan_id = current_plans.rows[position].front();
        if (plan_id) scope->Add(plans.actions_of_plan, {*plan_id, municipality}, std::move(r[13 + position]));
    }
    return scope;
}

// A session, its user's posts (AuthService::AuthenticateSession) and what the request reads next in one round trip
// that reads only the session row, its user's account version and the next read, the user and posts coming from
// kept_accounts_ while the version is the one they were kept under; otherwise read in a second round trip and kept.
// The next read is found by a sub-select on the session, kept under the session's municipality. Served once each:
// the scope lasts the request.
std::unique_ptr<domain::ReadAheadScope> PostgresStore::Session(std::string_view token_hash,
                                                               const domain::SessionFollowUp& then) {
    auto scope = std::make_unique<ReadAheadScope>(this, /*served_once=*/true);
    if (decorated_ || t_writing != 0) return scope;
    const SessionReadStatements session = SessionStatementsToReadAhead();
    const SqlStatement& posts = PostsOfUserStatementToReadAhead();
    const SqlStatement& organization = OrganizationStatementToReadAhead();
    // (id, municipality) becomes (id, token): the municipality is the session's.
    static const DerivedStatement kOrganizationOfSession(
        organization, "_of_session", {"", "(SELECT s.municipality_id FROM sessions s WHERE s.token_hash = $2)"});
    const ParamText token(std::string{token_hash});
    // No snapshot needed: a session's user and municipality never change, so the row the sub-select finds is that of
    // the municipality in the session row whatever ran in between.
    std::vector<PipelinedCall> calls{{session.with_account_version, {token}}};
    if (then.organization) {
        calls.push_back({kOrganizationOfSession.Statement(), {std::to_string(*then.organization), token}});
    }
    auto lease = pool_.Acquire();
    if (!lease) return scope;
    auto results = (**lease).Pipeline(calls);
    if (!results) return scope;
    if ((*results)[0].rows.empty()) {  // no such session: FindSession finds none, as it would have
        scope->Add(session.with_user, {token}, SqlResult{});
        return scope;
    }
    const auto& row = (*results)[0].rows.front();
    if (row.size() != session.session_columns + 1 || !row[1] || !row[2] || !row.back()) return scope;
    const std::string& user = *row[1];
    const std::string& municipality = *row[2];
    if (then.organization) {
        scope->Add(organization, {std::to_string(*then.organization), municipality}, std::move((*results)[1]));
    }
    auto account = kept_accounts_.Find(user, *row.back(), municipality);
    if (!account) {
        // Read after the version, so never older than it: what a change committed in between brings is kept under
        // the older version, and read again on the next request.
        const std::vector<PipelinedCall> reads{{session.with_user, {token}}, {posts, {user, municipality}}};
        auto read = (**lease).Pipeline(reads);
        if (!read) return scope;
        KeptAccounts::Account fresh{
            .version = *row.back(), .municipality = municipality, .user_rows = {}, .posts = std::move((*read)[1])};
        for (const auto& values : (*read)[0].rows) {
            fresh.user_rows.emplace_back(values.begin() + static_cast<std::ptrdiff_t>(session.session_columns),
                                         values.end());
        }
        if (fresh.user_rows.empty()) {  // signed out in between
            scope->Add(session.with_user, {token}, SqlResult{});
            return scope;
        }
        account = std::make_shared<const KeptAccounts::Account>(std::move(fresh));
        kept_accounts_.Keep(user, account);
    }
    SqlResult with_user;
    for (const auto& user_row : account->user_rows) {
        auto& values = with_user.rows.emplace_back(row.begin(),
                                                   row.begin() + static_cast<std::ptrdiff_t>(session.session_columns));
        values.insert(values.end(), user_row.begin(), user_row.end());
    }
    scope->Add(posts, {user, municipality}, account->posts);
    scope->Add(session.with_user, {token}, std::move(with_user));
    return scope;
}

// The organisations that know a person (PersonService's KnownTo), one Get each, in one round trip instead of one
// each. No snapshot needed: each result is the one row its own statement reads.
std::unique_ptr<domain::ReadAheadScope> PostgresStore::Organizations(MunicipalityId tenant,
                                                                     const std::vector<OrganizationId>& ids) {
    auto scope = std::make_unique<ReadAheadScope>(this);
    if (decorated_ || t_writing != 0 || ids.size() < 2) return scope;
    const SqlStatement& organization = OrganizationStatementToReadAhead();
    const ParamText municipality = std::to_string(tenant);
    std::vector<PipelinedCall> calls;
    calls.reserve(ids.size());
    for (OrganizationId id : ids) calls.push_back({organization, {std::to_string(id), municipality}});
    auto lease = pool_.Acquire();
    if (!lease) return scope;
    auto results = (**lease).Pipeline(calls);
    if (!results) return scope;
    for (std::size_t index = 0; index < calls.size(); ++index) {
        scope->Add(calls[index].statement, calls[index].params, std::move((*results)[index]));
    }
    return scope;
}

// The first reads of a town-wide search (PersonService::Search): the candidates of the exact family and given names,
// and the bigrams' first reads in names and in addresses, in one round trip instead of one each (three or more). No
// snapshot needed: each result is what its own statement reads.
std::unique_ptr<domain::ReadAheadScope> PostgresStore::NameCandidates(MunicipalityId tenant,
                                                                      const std::vector<std::string>& exact,
                                                                      const std::vector<std::string>& inside,
                                                                      int limit) {
    using Field = domain::PersonRepository::SearchField;
    auto scope = std::make_unique<ReadAheadScope>(this);
    if (decorated_ || t_writing != 0 || limit <= 0) return scope;
    std::vector<PipelinedCall> calls{{kGenericPlansUntilSync, {}}};
    const auto add = [&](const std::vector<std::string>& grams, Field field) {
        for (ReadCall& call : GramCandidatesToReadAhead(tenant, grams, field, limit)) {
            calls.push_back({call.statement, std::move(call.params)});
        }
    };
    for (const std::string& gram : exact) add({gram}, Field::kName);
    add(inside, Field::kName);
    add(inside, Field::kAddress);
    if (calls.size() < 3) return scope;  // one read or none: nothing to save
    ReadAheadEach(*scope, calls, /*first=*/1);
    return scope;
}

// A search's batch of candidates (PersonService::Search): the versions their cached access facts are checked against
// and their records, in one round trip instead of two. No snapshot needed: read one after the other on one
// connection, as the repositories read them, and each result is what its own statement reads.
std::unique_ptr<domain::ReadAheadScope> PostgresStore::PersonsAndAccessVersions(
    MunicipalityId tenant, const std::vector<domain::PersonId>& ids) {
    auto scope = std::make_unique<ReadAheadScope>(this);
    // Without the cache (a decorated executor) nothing reads the versions.
    if (decorated_ || !access_facts_cache_ || t_writing != 0 || ids.empty()) return scope;
    std::vector<PipelinedCall> calls;
    for (ReadCall call : {AccessVersionsToReadAhead(tenant, ids), PersonsOfManyToReadAhead(tenant, ids)}) {
        calls.push_back({call.statement, std::move(call.params)});
    }
    ReadAheadEach(*scope, calls);
    return scope;
}

void PostgresStore::ReadAheadEach(ReadAheadScope& scope, const std::vector<PipelinedCall>& calls, std::size_t first) {
    auto lease = pool_.Acquire();
    if (!lease) return;
    auto results = (**lease).Pipeline(calls);
    if (!results) return;  // the reads then go to the database as usual
    for (std::size_t index = first; index < calls.size(); ++index) {
        scope.Add(calls[index].statement, calls[index].params, std::move((*results)[index]));
    }
}

}  // namespace

std::int64_t PostgresRoundTrips(domain::Store& store) {
    auto* postgres = dynamic_cast<PostgresStore*>(&store);
    return postgres != nullptr ? postgres->RoundTrips() : -1;
}

Result<std::unique_ptr<domain::Store>> OpenPostgresStore(std::string_view url, int pool_size,
                                                         const SqlExecutorDecorator& decorate) {
    auto store = std::make_unique<PostgresStore>(std::string(url), pool_size, decorate);
    if (auto checked = store->CheckDatabase(); !checked) return Fail(checked.error());
    return std::unique_ptr<domain::Store>(std::move(store));
}

}  // namespace kasane::storage::postgres
