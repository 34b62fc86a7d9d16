// SPDX-License-Identifier: Apache-2.0
#pragma once

// Small-cell suppression (秘匿処理) of counts shown outside the municipality's own staff.
//
// A count of 1 or 2 in a table of welfare consultations can point at one household of a small town, so a figure
// shown to the prefecture (or anyone outside the town's staff) hides it as 「χ」, the mark of Japanese official
// statistics (e-Stat: 「χ」秘匿, 統計法 第41条 守秘義務). Hiding the small cells alone is not enough: a published
// row or column total minus the other cells gives the hidden one back, so more cells are hidden (complementary
// suppression) until no hidden figure can be worked out from the totals.
//
// What is guaranteed, and checked by the tests: no hidden figure (cell or total) can be recovered by solving, one
// after another, the equations "total = sum of its cells" that have a single unknown; nor by using that every 「χ」
// is at least 1 (zeros are shown), as in a row "χ, χ, total 2" that can only be 1 + 1. The suppression does this
// by propagating such bounds through every row, column and total until they settle, as an attacker would.

#include <cstddef>
#include <optional>
#include <vector>

namespace kasane::domain {

// A count as shown: an exact figure, or suppressed (「χ」). Suppressed is a state of its own, not a number.
class ShownCount {
public:
    ShownCount() = default;
    static ShownCount Exact(long long value);
    static ShownCount Suppressed();

    bool IsSuppressed() const { return suppressed_; }
    // Precondition: !IsSuppressed().
    long long Value() const { return value_; }
    std::optional<long long> ValueIfShown() const {
        if (suppressed_) return std::nullopt;
        return value_;
    }

    friend bool operator==(const ShownCount&, const ShownCount&) = default;

private:
    long long value_ = 0;  // 0 when suppressed, so that equality compares states
    bool suppressed_ = false;
};

// Counts of 1 and 2 are small; 0 is shown (it identifies nobody).
bool IsSmallCount(long long value);

// One count on its own, with no total published beside it: suppressed when small.
ShownCount SuppressIfSmall(long long value);

// Which totals are published with a table. Totals are the sums of the cells.
enum class Margins {
    kRowsAndColumns,  // each row's total, each column's total and the grand total
    kRows,            // each row's total and the grand total (a 1 × N breakdown beside its overall total)
};

struct CountTable {
    std::vector<std::vector<long long>> cells;  // rows × columns; every row the same length; values ≥ 0
    Margins margins = Margins::kRowsAndColumns;
};

struct ShownTable {
    std::vector<std::vector<ShownCount>> cells;
    std::vector<ShownCount> row_totals;
    std::vector<ShownCount> column_totals;  // empty unless Margins::kRowsAndColumns
    ShownCount grand_total;
};

// Primary suppression of every small cell and total, then complementary suppression: while a row, column or the
// grand total has a single hidden entry, or bounds pin a hidden entry down, the smallest non-zero published cell
// of that line is hidden too (a total only when the line has no such cell). Pure; the result is the same for the
// same table. Precondition: the rows are of one length and no value is negative.
ShownTable SuppressSmallCells(const CountTable& table);

// --- the floor as a parameter (issue 17, item 6: the prefecture's roll-up) ---

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
