// SPDX-License-Identifier: Apache-2.0
#pragma once

// The PostgreSQL backend, on libpq: a pool of connections (opened as needed, up to the pool size), statements
// prepared lazily per connection under their names, parameters sent as text, sessions in UTC.

#include <cstdint>
#include <memory>
#include <string_view>

#include "base/result.hpp"
#include "domain/repositories.hpp"
#include "storage/sql/sql.hpp"

namespace kasane::storage::postgres {

// Connects to `url` (a libpq URI or conninfo string) and checks the database: kUnavailable when it cannot be
// reached, and kUnavailable with instructions when its encoding is not UTF8 or its ctype does not classify
// Japanese characters (a database created with LC_CTYPE 'C'). Does not migrate.
// `decorate` (test support) wraps the executor every repository runs on.
Result<std::unique_ptr<domain::Store>> OpenPostgresStore(std::string_view url, int pool_size,
                                                         const SqlExecutorDecorator& decorate = {});

// Round trips this store's connections have made to the server (statements run, prepared or streamed, scripts,
// pipelines; not the opening of connections), -1 for a store that is not a PostgreSQL store. For tests that count
// the round trips of a use case, and for the benchmark's explanation.
std::int64_t PostgresRoundTrips(domain::Store& store);

// The schema steps and the backend's SQL differences (schema.cpp).
const SqlDialect& PostgresDialect();

}  // namespace kasane::storage::postgres
