// SPDX-License-Identifier: Apache-2.0
#pragma once

// The seam between the repositories (written once, in portable SQL) and the two backends. A backend supplies
// connections that run one statement with parameters, and an executor that decides which connection runs a
// piece of work and how it is made atomic. The repositories never see sqlite3* or PGconn*.
//
// Portable SQL here means: parameters written $1, $2 … (PostgreSQL's form; the SQLite backend binds them by
// name), RETURNING, ON CONFLICT, no casts, no backend functions. Instants travel as FormatIso8601 text and come
// back as text that ParseIso8601 reads (SQLite: the same text; PostgreSQL: timestamptz printed in UTC).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"

namespace kasane::storage {

// One SQL statement. Statements are constants with static storage: backends cache prepared statements keyed by
// the address of `text`, and PostgreSQL prepares them under `name`, which must be unique.
struct SqlStatement {
    const char* name;
    const char* text;
};

// A bound parameter: NULL, an integer, a boolean or text.
using SqlParam = std::variant<std::monostate, std::int64_t, bool, std::string_view>;

// A parameter as a server that takes every parameter as text is sent it (PostgreSQL): nullopt for NULL.
inline std::optional<std::string> SqlParamText(const SqlParam& param) {
    if (std::holds_alternative<std::monostate>(param)) return std::nullopt;
    if (const auto* integer = std::get_if<std::int64_t>(&param)) return std::to_string(*integer);
    if (const auto* boolean = std::get_if<bool>(&param)) return std::string(*boolean ? "true" : "false");
    return std::string(std::get<std::string_view>(param));
}

// The rows a statement returned, every value as text (NULL as nullopt), and how many rows it changed.
struct SqlResult {
    std::vector<std::vector<std::optional<std::string>>> rows;
    std::int64_t affected_rows = 0;

    bool Empty() const { return rows.empty(); }
};

// Reading one row of a result, with the conversions the repositories need. Failures are kInternal: a value
// the schema guarantees is missing or malformed.
class SqlRow {
public:
    explicit SqlRow(const std::vector<std::optional<std::string>>& values) : values_(values) {}

    bool IsNull(std::size_t column) const;
    Result<std::string> Text(std::size_t column) const;
    Result<std::int64_t> Integer(std::size_t column) const;
    std::optional<std::int64_t> OptionalInteger(std::size_t column) const;
    // An integer column read as the id type it holds (base/ids.hpp): `row.Id<PersonId>(0)`.
    template <AnyId T>
    Result<T> Id(std::size_t column) const {
        auto value = Integer(column);
        if (!value) return Fail(value.error());
        return T{*value};
    }
    template <AnyId T>
    std::optional<T> OptionalId(std::size_t column) const {
        return OptionalIdOf<T>(OptionalInteger(column));
    }
    // SQLite stores 0/1, PostgreSQL prints t/f.
    Result<bool> Boolean(std::size_t column) const;
    Result<Instant> Time(std::size_t column) const;
    Result<std::optional<Instant>> OptionalTime(std::size_t column) const;

private:
    const std::vector<std::optional<std::string>>& values_;
};

// The current row of a streamed result (SqlConnection::Stream), read in place: the values are valid only during
// the callback. Integer() of NULL or of a non-integer is 0; Text() of NULL is empty.
class SqlCursor {
public:
    virtual ~SqlCursor() = default;
    virtual bool IsNull(std::size_t column) const = 0;
    virtual std::int64_t Integer(std::size_t column) const = 0;
    virtual std::string_view Text(std::size_t column) const = 0;
};

// Called for each streamed row; returning false stops the stream.
using SqlVisit = std::function<bool(const SqlCursor&)>;

// A connection, used by one thread at a time. Errors are mapped so that repositories can act on them:
//   kConflict (field empty)     a UNIQUE or PRIMARY KEY constraint failed,
//   kNotFound (field empty)     a FOREIGN KEY constraint failed,
//   kInvalidArgument            a CHECK or NOT NULL constraint failed,
//   kUnavailable                the database cannot be reached or is busy past the timeout,
//   kInternal                   anything else (logged with the statement name).
class SqlConnection {
public:
    virtual ~SqlConnection() = default;
    virtual Result<SqlResult> Execute(const SqlStatement& statement, std::span<const SqlParam> params) = 0;
    Result<SqlResult> Execute(const SqlStatement& statement, std::initializer_list<SqlParam> params) {
        return Execute(statement, std::span<const SqlParam>(params.begin(), params.size()));
    }
    // Runs a query and hands its rows to `visit` one at a time, without materialising the result (reports over a
    // year of contacts). The connection must not be used from inside `visit`.
    virtual Status Stream(const SqlStatement& statement, std::span<const SqlParam> params, const SqlVisit& visit) = 0;
    // Runs one or more statements without parameters and without preparing them (DDL, BEGIN, COMMIT …).
    virtual Status ExecuteScript(std::string_view sql) = 0;
    // Brings the planner's statistics of `tables` (names from Kasane's own code, never from input) up to date inside
    // the open transaction. An import fills tables that were nearly empty when last analysed, and PostgreSQL plans
    // the statements that follow (foreign-key checks, read-backs, generic plans) for the empty tables
    // (docs/performance.md): its connection runs ANALYZE, which counts the transaction's own rows. SQLite keeps no
    // statistics unless ANALYZE is run (Kasane never does) and its planner then takes the indexes: nothing to do.
    virtual Status RefreshStatistics(std::span<const std::string_view> /*tables*/) { return {}; }
    // Whether each statement is a round trip to a database server (PostgreSQL), so that reads of several parts are
    // better sent as one statement; SQLite runs a statement in the process, where a combined statement only adds
    // work (the access facts, access_facts_store.cpp).
    virtual bool RoundTripPerStatement() const { return false; }
};

using SqlWork = std::function<Status(SqlConnection&)>;

// Chooses the connection for a piece of work. Read() work only reads; Write() work runs atomically (in a
// transaction, or a savepoint when one is already open) and is rolled back when it returns an error or throws.
class SqlExecutor {
public:
    virtual ~SqlExecutor() = default;
    virtual Status Read(const SqlWork& work) = 0;
    virtual Status Write(const SqlWork& work) = 0;
};

// Wraps a backend's executor in another (test support: storage/sql/faulty_executor.hpp). A store opened with one
// runs every repository and every Store::Transaction through the executor it returns.
using SqlExecutorDecorator = std::function<std::unique_ptr<SqlExecutor>(SqlExecutor& inner)>;

// One forward-only schema step. `statements` run in order inside the migration's transaction.
struct Migration {
    int version = 0;
    std::string name;
    std::vector<std::string> statements;
};

// What differs between the backends beyond the connection itself.
struct SqlDialect {
    std::string_view backend;                   // "sqlite" or "postgresql"
    std::string_view begin_transaction;         // "BEGIN IMMEDIATE" or "BEGIN"
    SqlStatement schema_migrations_exists;      // one row, one boolean column
    std::string_view create_schema_migrations;  // CREATE TABLE IF NOT EXISTS schema_migrations …
    // Taken first in every migration transaction (PostgreSQL: an advisory lock); nullptr when not needed.
    const SqlStatement* migration_lock = nullptr;
    SqlStatement database_bytes;        // one row, one integer: the size of the whole database in bytes
    std::vector<Migration> migrations;  // ascending versions
};

}  // namespace kasane::storage
