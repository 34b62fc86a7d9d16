// SPDX-License-Identifier: Apache-2.0
#pragma once

// Opening a Store from a database URL: the one place that knows which backends exist.

#include <memory>
#include <string_view>

#include "base/result.hpp"
#include "domain/repositories.hpp"
#include "storage/sql/sql.hpp"

namespace kasane::storage {

struct StoreOptions {
    // PostgreSQL: the most connections the pool opens. SQLite: the number of read connections (writes always
    // go through one writer connection).
    int pool_size = 8;
    // Test support: wraps the backend's executor (storage/sql/faulty_executor.hpp). Empty in production.
    SqlExecutorDecorator decorate_executor;
};

// `url` is "sqlite:PATH" (the file is created when absent; its directory must exist) or "postgresql://…" /
// "postgres://…" (a libpq URI). Opening does not migrate: call Migrate(). kInvalidArgument with field "db" for
// a URL of no known form; kUnavailable when the database cannot be opened or is unsuitable (see
// postgres/postgres_store.hpp).
Result<std::unique_ptr<domain::Store>> OpenStore(std::string_view url, const StoreOptions& options);

}  // namespace kasane::storage
