// SPDX-License-Identifier: Apache-2.0
#pragma once

// The SQLite backend: one database file in WAL mode (synchronous=FULL, foreign keys on, busy timeout 5 s).
// Every write and every Transaction() goes through one writer connection guarded by a mutex (BEGIN IMMEDIATE);
// reads use a small pool of read-only connections, so they run in parallel with each other and with the writer.
// Each connection caches its prepared statements.

#include <memory>
#include <string_view>

#include "base/result.hpp"
#include "domain/repositories.hpp"
#include "storage/sql/sql.hpp"

namespace kasane::storage::sqlite {

// Opens the database at `path`, creating the file when absent (its directory must exist). Does not migrate.
// `read_connections` (at least 1) read connections are opened up front. kUnavailable when the file cannot be
// opened or is not an SQLite database. `decorate` (test support) wraps the executor every repository runs on.
Result<std::unique_ptr<domain::Store>> OpenSqliteStore(std::string_view path, int read_connections,
                                                       const SqlExecutorDecorator& decorate = {});

// The schema steps and the backend's SQL differences (schema.cpp).
const SqlDialect& SqliteDialect();

}  // namespace kasane::storage::sqlite
