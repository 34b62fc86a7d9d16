// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to src/storage/sql: one INSERT of many rows. Statements of 64, 16, 4 and 1 value tuples are sent, the
// largest that the rows left fill first, so that writing N rows costs about N / 64 round trips (at most nine more)
// instead of N — what an import of 100,000 consultations needs on PostgreSQL, where every statement is a round trip
// (docs/performance.md), and a person's dozen name grams need. Portable SQL: plain VALUES lists.

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "storage/sql/sql.hpp"

namespace kasane::storage::sql_support {

class RowsInsert {
public:
    // `head` is "INSERT INTO t (a, b, c) VALUES ", `tail` what follows the tuples (" ON CONFLICT DO NOTHING" or
    // empty), `columns` the number of values of a row. Construct once, with static storage: the backends cache
    // prepared statements by the address of their text, and PostgreSQL prepares them under `name` (a prefix of
    // the two statements' names, which must be unique).
    RowsInsert(std::string_view name, std::string_view head, std::size_t columns, std::string_view tail);
    RowsInsert(const RowsInsert&) = delete;
    RowsInsert& operator=(const RowsInsert&) = delete;

    // Inserts the rows whose values `row_major` holds one row after another (its size a multiple of columns).
    Status Run(SqlConnection& connection, std::span<const SqlParam> row_major) const;

    // The same, for a `tail` of " RETURNING id": the new rows' ids, in the rows' order. The ids of one statement's
    // rows are drawn in the order of its VALUES list (PostgreSQL's identity sequence, SQLite's next rowid), but
    // RETURNING does not promise to hand them back in that order: each statement's ids are sorted.
    Result<std::vector<std::int64_t>> RunReturningIds(SqlConnection& connection,
                                                      std::span<const SqlParam> row_major) const;

private:
    static constexpr std::size_t kRowsPerStatement[] = {64, 16, 4, 1};
    struct Statement {
        std::string name, text;
    };
    std::size_t columns_;
    Statement statements_[std::size(kRowsPerStatement)];
};

}  // namespace kasane::storage::sql_support
