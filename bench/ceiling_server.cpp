// SPDX-License-Identifier: Apache-2.0
// The ceiling for Kasane's authenticated read: the least an HTTP server on the same stack can do to answer
// "GET /org/{id}" from the same database, SQLite or PostgreSQL. Same threading model as Kasane (N threads, each running
// its own io_context; the acceptor on the first hands each new connection to one of them; one coroutine per connection,
// keep-alive, TCP_NODELAY), a prepared statement on a per-thread connection, and the row returned as JSON. No
// sessions, no authorization, no logging: whatever Kasane spends beyond this is the cost of those, which
// bench/run.sh reports as a ratio.
//
//
// On PostgreSQL (--db postgresql://…) each io thread holds one libpq connection opened as Kasane opens its own
// (src/storage/postgres/postgres_store.cpp: the same connection keywords, sessions in UTC with ISO dates) and runs
// one prepared statement per request: one round trip, the least a read from another process can cost.
//
//   ceiling_server --db PATH|postgresql://… [--listen 127.0.0.1:8081] [--threads 2] [--table organizations]

#include <utility>  // before Boost.Asio: Boost 1.74 with g++ 12 misses it otherwise

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <charconv>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <libpq-fe.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include "storage/postgres/session_settings.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct Options {
    std::string database_path;
    std::string host = "127.0.0.1";
    std::uint16_t port = 8081;
    int threads = 2;
    std::string table = "organizations";
};

// One connection and one prepared statement per io thread: SQLite connections must not be shared between
// threads without locking, and a thread-local one needs none.
class ThreadDatabase {
public:
    ThreadDatabase(const std::string& path, const std::string& table) {
        if (sqlite3_open_v2(path.c_str(), &database_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
            SQLITE_OK) {
            throw std::runtime_error("cannot open " + path + ": " + sqlite3_errmsg(database_));
        }
        sqlite3_busy_timeout(database_, 5000);
        // WAL lets these readers run beside Kasane's writer; the database file keeps the mode once set.
        Execute("PRAGMA journal_mode=WAL");
        Execute("PRAGMA synchronous=NORMAL");
        const std::string sql = "SELECT * FROM \"" + table + "\" WHERE id = ?1";
        if (sqlite3_prepare_v3(database_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &statement_, nullptr) !=
            SQLITE_OK) {
            throw std::runtime_error("cannot prepare '" + sql + "': " + sqlite3_errmsg(database_));
        }
    }
    ThreadDatabase(const ThreadDatabase&) = delete;
    ThreadDatabase& operator=(const ThreadDatabase&) = delete;
    ~ThreadDatabase() {
        sqlite3_finalize(statement_);
        sqlite3_close(database_);
    }

    // The row as a JSON object of its columns, nullopt when there is no such id.
    std::optional<nlohmann::json> Row(std::int64_t id) {
        sqlite3_reset(statement_);
        sqlite3_bind_int64(statement_, 1, id);
        const int step = sqlite3_step(statement_);
        if (step == SQLITE_DONE) {
            return std::nullopt;
        }
        if (step != SQLITE_ROW) {
            throw std::runtime_error(std::string("query failed: ") + sqlite3_errmsg(database_));
        }
        nlohmann::json row = nlohmann::json::object();
        const int column_count = sqlite3_column_count(statement_);
        for (int column = 0; column < column_count; ++column) {
            const char* name = sqlite3_column_name(statement_, column);
            switch (sqlite3_column_type(statement_, column)) {
                case SQLITE_INTEGER: row[name] = sqlite3_column_int64(statement_, column); break;
                case SQLITE_FLOAT: row[name] = sqlite3_column_double(statement_, column); break;
                case SQLITE_NULL: row[name] = nullptr; break;
                default: {
                    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
                    row[name] = std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
                }
            }
        }
        sqlite3_reset(statement_);
        return row;
    }

private:
    void Execute(const char* sql) {
        char* message = nullptr;
        if (sqlite3_exec(database_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
            const std::string text = message != nullptr ? message : "unknown error";
            sqlite3_free(message);
            throw std::runtime_error(std::string(sql) + ": " + text);
        }
    }

    sqlite3* database_ = nullptr;
    sqlite3_stmt* statement_ = nullptr;
};

bool IsPostgresUrl(std::string_view url) { return url.starts_with("postgresql://") || url.starts_with("postgres://"); }

// The PostgreSQL counterpart: one libpq connection and one prepared statement per io thread.
class ThreadPostgres {
public:
    ThreadPostgres(const std::string& url, const std::string& table) {
        // As Connection::Open in src/storage/postgres/postgres_store.cpp.
        const char* keywords[] = {"connect_timeout", "dbname", "client_encoding", "application_name", nullptr};
        const char* values[] = {"5", url.c_str(), "UTF8", "kasane-ceiling", nullptr};
        conn_ = PQconnectdbParams(keywords, values, 1);
        if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
            throw std::runtime_error("cannot connect to " + url + ": " + (conn_ ? PQerrorMessage(conn_) : "no memory"));
        }
        Check(PQexec(conn_, kasane::storage::postgres::kSessionSettings), "session settings");
        const std::string sql = "SELECT * FROM \"" + table + "\" WHERE id = $1";
        Check(PQprepare(conn_, "ceiling_row", sql.c_str(), 1, nullptr), sql.c_str());
    }
    ThreadPostgres(const ThreadPostgres&) = delete;
    ThreadPostgres& operator=(const ThreadPostgres&) = delete;
    ~ThreadPostgres() { PQfinish(conn_); }

    std::optional<nlohmann::json> Row(std::int64_t id) {
        const std::string text = std::to_string(id);
        const char* values[] = {text.c_str()};
        PGresult* result = PQexecPrepared(conn_, "ceiling_row", 1, values, nullptr, nullptr, 0);
        if (PQresultStatus(result) != PGRES_TUPLES_OK) {
            const std::string message = PQerrorMessage(conn_);
            PQclear(result);
            throw std::runtime_error("query failed: " + message);
        }
        std::optional<nlohmann::json> row;
        if (PQntuples(result) > 0) {
            row = nlohmann::json::object();
            for (int column = 0; column < PQnfields(result); ++column) {
                const char* name = PQfname(result, column);
                if (PQgetisnull(result, 0, column)) {
                    (*row)[name] = nullptr;
                } else if (PQftype(result, column) == 20 || PQftype(result, column) == 23) {  // int8, int4
                    (*row)[name] = std::stoll(PQgetvalue(result, 0, column));
                } else {
                    (*row)[name] = std::string(PQgetvalue(result, 0, column),
                                               static_cast<std::size_t>(PQgetlength(result, 0, column)));
                }
            }
        }
        PQclear(result);
        return row;
    }

private:
    void Check(PGresult* result, const char* what) {
        const ExecStatusType status = PQresultStatus(result);
        PQclear(result);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            throw std::runtime_error(std::string(what) + ": " + PQerrorMessage(conn_));
        }
    }

    PGconn* conn_ = nullptr;
};

const Options* options_for_threads = nullptr;

std::optional<nlohmann::json> ReadRow(std::int64_t id) {
    if (IsPostgresUrl(options_for_threads->database_path)) {
        thread_local ThreadPostgres database(options_for_threads->database_path, options_for_threads->table);
        return database.Row(id);
    }
    thread_local ThreadDatabase database(options_for_threads->database_path, options_for_threads->table);
    return database.Row(id);
}

std::optional<std::int64_t> ParseId(std::string_view text) {
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc{} || end != text.data() + text.size() || text.empty() || id <= 0) {
        return std::nullopt;
    }
    return id;
}

http::response<http::string_body> Handle(const http::request<http::string_body>& request) {
    http::response<http::string_body> response;
    response.version(request.version());
    response.keep_alive(request.keep_alive());
    response.set(http::field::content_type, "application/json");
    constexpr std::string_view kPrefix = "/org/";
    const std::string_view target(request.target().data(), request.target().size());
    std::optional<std::int64_t> id;
    if (request.method() == http::verb::get && target.starts_with(kPrefix)) {
        id = ParseId(target.substr(kPrefix.size()));
    }
    const std::optional<nlohmann::json> row = id ? ReadRow(*id) : std::nullopt;
    if (row) {
        response.result(http::status::ok);
        response.body() = row->dump();
    } else {
        response.result(http::status::not_found);
        response.body() = R"({"error":{"code":"not_found"}})";
    }
    response.prepare_payload();
    return response;
}

asio::awaitable<void> Serve(tcp::socket socket) {
    beast::flat_buffer buffer;
    beast::error_code error;
    for (;;) {
        http::request<http::string_body> request;
        co_await http::async_read(socket, buffer, request, asio::redirect_error(asio::use_awaitable, error));
        if (error) {
            break;  // closed by the client, or malformed: either way this connection is done
        }
        http::response<http::string_body> response;
        try {
            response = Handle(request);
        } catch (const std::exception& exception) {
            std::cerr << "ceiling_server: " << exception.what() << '\n';
            response.result(http::status::internal_server_error);
            response.keep_alive(false);
            response.prepare_payload();
        }
        const bool keep_alive = response.keep_alive();
        co_await http::async_write(socket, response, asio::redirect_error(asio::use_awaitable, error));
        if (error || !keep_alive) {
            break;
        }
    }
    socket.shutdown(tcp::socket::shutdown_send, error);
}

asio::awaitable<void> Accept(tcp::acceptor acceptor, std::vector<std::unique_ptr<asio::io_context>>& contexts) {
    std::size_t next = 0;
    for (;;) {
        beast::error_code error;
        asio::io_context& context = *contexts[next++ % contexts.size()];
        tcp::socket socket(context);
        co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, error));
        if (error) {
            if (error == asio::error::operation_aborted) {
                co_return;
            }
            continue;
        }
        socket.set_option(tcp::no_delay(true), error);
        asio::co_spawn(context, Serve(std::move(socket)), asio::detached);
    }
}

Options ParseOptions(int argc, char** argv) {
    Options options;
    const std::vector<std::string_view> arguments(argv + 1, argv + argc);
    for (std::size_t index = 0; index < arguments.size(); ++index) {
        const std::string_view flag = arguments[index];
        if (index + 1 >= arguments.size()) {
            throw std::invalid_argument("missing value after " + std::string(flag));
        }
        const std::string value(arguments[++index]);
        if (flag == "--db") {
            options.database_path = value.starts_with("sqlite:") ? value.substr(7) : value;
        } else if (flag == "--listen") {
            const auto colon = value.rfind(':');
            const auto port = colon == std::string::npos ? std::nullopt : ParseId(value.substr(colon + 1));
            if (!port || *port > 65535) {
                throw std::invalid_argument("--listen needs HOST:PORT, got " + value);
            }
            options.host = value.substr(0, colon);
            options.port = static_cast<std::uint16_t>(*port);
        } else if (flag == "--threads") {
            const auto threads = ParseId(value);
            if (!threads || *threads > 256) {
                throw std::invalid_argument("--threads needs a number from 1 to 256, got " + value);
            }
            options.threads = static_cast<int>(*threads);
        } else if (flag == "--table") {
            options.table = value;
        } else {
            throw std::invalid_argument("unknown flag " + std::string(flag));
        }
    }
    if (options.database_path.empty()) {
        throw std::invalid_argument("--db PATH is required");
    }
    return options;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options options = ParseOptions(argc, argv);
        // As Kasane's SQLite store does (src/storage/sqlite/sqlite_store.cpp): no allocation statistics, whose
        // process-wide mutex the io threads would contend for.
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        options_for_threads = &options;
        // Fail at start-up, not on the first request, when the database or table is wrong.
        if (IsPostgresUrl(options.database_path)) {
            ThreadPostgres check(options.database_path, options.table);
        } else {
            ThreadDatabase check(options.database_path, options.table);
        }

        std::vector<std::unique_ptr<asio::io_context>> contexts;
        for (int index = 0; index < options.threads; ++index) {
            contexts.push_back(std::make_unique<asio::io_context>(1));
        }
        asio::io_context& control = *contexts.front();
        tcp::acceptor acceptor(control);
        const tcp::endpoint endpoint(asio::ip::make_address(options.host), options.port);
        acceptor.open(endpoint.protocol());
        acceptor.set_option(asio::socket_base::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen(asio::socket_base::max_listen_connections);
        const auto bound = acceptor.local_endpoint();
        asio::co_spawn(control, Accept(std::move(acceptor), contexts), asio::detached);

        asio::signal_set signals(control, SIGINT, SIGTERM);
        signals.async_wait([&contexts](const beast::error_code&, int) {
            for (auto& context : contexts) {
                context->stop();
            }
        });

        std::cout << "listening on http://" << bound.address().to_string() << ':' << bound.port() << std::endl;
        // Idle io_contexts must not return before the acceptor hands them a connection.
        std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
        for (auto& context : contexts) {
            guards.push_back(asio::make_work_guard(*context));
        }
        std::vector<std::jthread> threads;
        for (int index = 1; index < options.threads; ++index) {
            threads.emplace_back([&contexts, index] { contexts[static_cast<std::size_t>(index)]->run(); });
        }
        control.run();
        for (auto& context : contexts) {
            context->stop();
        }
        return 0;
    } catch (const std::exception& exception) {
        std::cerr << "ceiling_server: " << exception.what() << '\n';
        return 1;
    }
}
