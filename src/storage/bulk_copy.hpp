// SPDX-License-Identifier: Apache-2.0
#pragma once

// Moving a generated data set into PostgreSQL with COPY (issue 18, item 3), and the schema of a database as text.
//
// `kasane demo --scale` on PostgreSQL generates the set into a SQLite file first (the repositories' batch paths in
// large transactions, storage/bulk_load_port.hpp) and then copies every table into PostgreSQL here: the rows, ids
// and audit chain are those the repositories wrote, the PostgreSQL schema is the migrated one. Not for request
// handling, and not a migration tool between live databases: the target must hold no municipality.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace kasane::storage {

struct CopyReport {
    long long tables = 0;
    long long rows = 0;
    double seconds = 0;
};

// A copy of a SQLite file into PostgreSQL that takes the tables as the generator completes them, so that PostgreSQL
// parses the rows and builds their indexes on the second core while the generator writes the rest (issue 18, item
// 3). One connection and one transaction, owned by a thread of the copy: either every table is in and committed, or
// nothing is (the target is left as it was on any failure, on Abandon and when the object is destroyed unfinished).
//
// Start() does what CopySqliteIntoPostgres's contract below says before the rows (the same checks and errors, the
// constraints set aside, the tables emptied) and returns; Copy() hands over tables and returns at once: the copier
// copies them in order, then builds their keys and indexes, the foreign keys whose two tables are both in, and their
// planner statistics. A table handed over must not change in the file afterwards (the file is read in WAL mode
// beside its writer: each table as its last commit left it). Finish() copies every table not handed over, puts back
// the identity sequences and triggers, commits, and returns the first failure of any step (the transaction then
// rolled back). Not thread-safe: one caller thread.
class SqliteToPostgresCopy {
public:
    static Result<std::unique_ptr<SqliteToPostgresCopy>> Start(std::string_view sqlite_path,
                                                               std::string_view postgres_url,
                                                               std::function<void(std::string_view)> progress);
    ~SqliteToPostgresCopy();  // unfinished: abandoned, rolled back
    SqliteToPostgresCopy(const SqliteToPostgresCopy&) = delete;
    SqliteToPostgresCopy& operator=(const SqliteToPostgresCopy&) = delete;

    void Copy(std::vector<std::string> tables);
    Result<CopyReport> Finish();

private:
    class Copier;
    explicit SqliteToPostgresCopy(std::unique_ptr<Copier> copier);
    std::unique_ptr<Copier> copier_;
};

// Copies every table of the SQLite file at `sqlite_path` into the PostgreSQL database `postgres_url`, in one
// transaction: the target must be migrated to the same schema version (kConflict, field "db", otherwise) and hold
// no municipality (kConflict, field "db"). Its tables are emptied (what the migrations seeded comes back from the
// file), its foreign keys, primary keys, UNIQUE constraints and indexes are dropped, the rows go in with COPY, the
// identity sequences are moved past the ids copied, and the indexes and foreign keys are made again from their own
// definitions (the foreign keys are checked as they are added). `progress` (may be empty) gets a line per big table.
Result<CopyReport> CopySqliteIntoPostgres(std::string_view sqlite_path, std::string_view postgres_url,
                                          const std::function<void(std::string_view)>& progress);

// The schema of the database at `url` ("sqlite:PATH" or a PostgreSQL URL) as sorted lines: tables and columns,
// indexes, constraints (and whether they are validated) and triggers — equal for two databases of the same schema
// however they were filled.
Result<std::string> DescribeSchema(std::string_view url);

}  // namespace kasane::storage
