// SPDX-License-Identifier: Apache-2.0
#pragma once

// The floor of small-cell suppression as a parameter (issue 17, item 6), beside small_cells.hpp: the same
// suppression with counts from 1 to floor − 1 hidden, and cells an earlier release obliges to keep hidden. A header of
// its own for now: small_cells.hpp is read by some fifty files (to fold in with the next change that touches it).

#include <cstddef>
#include <vector>

#include "domain/small_cells.hpp"

namespace kasane::domain {

// The smallest count a table shows (the floor): counts from 1 to floor − 1 are hidden. The national rule is 3 (1 and 2
// hidden, IsSmallCount); a prefecture may set a higher floor for the figures its towns send it (prefecture_rollup.hpp:
// the one place it is set), never a lower one.
inline constexpr int kDefaultSmallCellFloor = 3;
// A count below the floor: 1 .. floor − 1 (0 is shown).
bool IsBelowFloor(long long value, int floor);

// A cell of a CountTable.
struct CellAt {
    std::size_t row = 0;
    std::size_t column = 0;
};

// How a table is suppressed: the floor, and what must stay hidden whatever the values (a figure an earlier release
// of the same period hid, or whose difference with an earlier release would be small: prefecture_rollup.hpp).
struct SuppressionRule {
    int floor = kDefaultSmallCellFloor;
    std::vector<CellAt> keep_hidden;                  // cells
    std::vector<std::size_t> keep_hidden_row_totals;  // row totals
};

// SuppressSmallCells (small_cells.hpp) under the rule: primary suppression of every figure below the floor and of
// what the rule keeps hidden, then the same complementary suppression. SuppressSmallCells(table) is this with the
// default rule.
ShownTable SuppressSmallCells(const CountTable& table, const SuppressionRule& rule);

}  // namespace kasane::domain
