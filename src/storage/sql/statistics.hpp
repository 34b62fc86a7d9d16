// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to src/storage: the planner's statistics, brought up to date inside an open transaction.
//
// An import fills tables that were nearly empty when last analysed; PostgreSQL plans the statements that follow
// (foreign-key checks, read-backs, generic plans of prepared statements) for the empty tables, and at 100,000 rows
// each of them grows with the table (docs/performance.md). A backend whose planner needs it gives its connection
// this capability: PostgreSQL's connection runs ANALYZE, which counts the transaction's own rows and replaces the
// cached plans. SQLite's does not have it: it keeps no statistics unless ANALYZE is run (Kasane never does), and
// without them its planner takes the indexes.

#include <span>
#include <string_view>

#include "base/result.hpp"
#include "storage/sql/sql.hpp"

namespace kasane::storage {

class StatisticsRefresh {
public:
    virtual ~StatisticsRefresh() = default;
    // `tables` are names from Kasane's own code, never from input.
    virtual Status RefreshStatistics(std::span<const std::string_view> tables) = 0;
};

// Refreshes the statistics of `tables` when the connection's backend keeps them; nothing otherwise.
inline Status RefreshStatistics(SqlConnection& connection, std::span<const std::string_view> tables) {
    if (auto* refresh = dynamic_cast<StatisticsRefresh*>(&connection)) return refresh->RefreshStatistics(tables);
    return {};
}

}  // namespace kasane::storage
