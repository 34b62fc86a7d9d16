// SPDX-License-Identifier: Apache-2.0
#pragma once

// What each PostgreSQL connection runs first, unprepared: Kasane's (postgres_store.cpp, Connection::Open) and the
// ceiling server's (bench/ceiling_server.cpp), so that the two are measured on connections alike. UTC and ISO dates:
// the text Kasane parses. No parallel workers: Kasane's statements read a page's worth of rows for one request among
// many at once, and a Gather's workers cost more to start than such a statement costs to run (the access facts of
// three persons on the prefecture set: 75–109 ms with two workers, 6–15 ms without; docs/performance.md).

namespace kasane::storage::postgres {

inline constexpr const char* kSessionSettings =
    "SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; SET max_parallel_workers_per_gather = 0";

}  // namespace kasane::storage::postgres
