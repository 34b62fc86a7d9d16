// SPDX-License-Identifier: Apache-2.0
// Small-cell suppression: the rule's examples, then random tables attacked by an independent solver that works
// out hidden figures the way a reader of the published table could.

#include "domain/small_cells.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

namespace kasane::domain {
namespace {

const ShownCount kX = ShownCount::Suppressed();
ShownCount N(long long value) { return ShownCount::Exact(value); }

TEST(SmallCells, SingleCountsOfOneAndTwoAreHiddenZeroIsShown) {
    EXPECT_EQ(SuppressIfSmall(0), N(0));
    EXPECT_EQ(SuppressIfSmall(1), kX);
    EXPECT_EQ(SuppressIfSmall(2), kX);
    EXPECT_EQ(SuppressIfSmall(3), N(3));
    EXPECT_TRUE(kX.IsSuppressed());
    EXPECT_EQ(kX.ValueIfShown(), std::nullopt);
    EXPECT_EQ(N(0).ValueIfShown(), 0);
}

TEST(SmallCells, ALoneSmallCellInARowTakesTheNextSmallestWithIt) {
    // 電話 1, 来所 0, 訪問 7, その他 4; total 12: hiding 1 alone would leave 12 − 7 − 4 = 1.
    const ShownTable shown = SuppressSmallCells({.cells = {{1, 0, 7, 4}}, .margins = Margins::kRows});
    EXPECT_EQ(shown.cells[0], (std::vector{kX, N(0), N(7), kX}));
    EXPECT_EQ(shown.row_totals[0], N(12));
    EXPECT_EQ(shown.grand_total, N(12));
    EXPECT_TRUE(shown.column_totals.empty());
}

TEST(SmallCells, TwoHiddenOnesBesideTheirTotalAreHiddenWithAThird) {
    // 1, 1, 5 with total 7: the two χ must add up to 2, so both would be 1. A third cell keeps them apart.
    const ShownTable shown = SuppressSmallCells({.cells = {{1, 1, 5}}, .margins = Margins::kRows});
    EXPECT_EQ(shown.cells[0], (std::vector{kX, kX, kX}));
    EXPECT_EQ(shown.row_totals[0], N(7));
}

TEST(SmallCells, ATotalThatIsItselfSmallIsHidden) {
    const ShownTable shown = SuppressSmallCells({.cells = {{0, 2, 0}}, .margins = Margins::kRows});
    EXPECT_EQ(shown.cells[0], (std::vector{N(0), kX, N(0)}));
    EXPECT_EQ(shown.row_totals[0], kX);
    EXPECT_EQ(shown.grand_total, kX);
}

TEST(SmallCells, ATotalEqualToItsOnlyHiddenCellIsHidden) {
    // Column 2 is 9 over 1: the 9 is hidden with the 1. Row 0 is then 0, 0, χ with total 9, which would repeat it.
    const ShownTable shown = SuppressSmallCells({.cells = {{0, 0, 9}, {5, 6, 1}}});
    EXPECT_EQ(shown.cells[0], (std::vector{N(0), N(0), kX}));
    EXPECT_EQ(shown.row_totals[0], kX);
    EXPECT_TRUE(shown.cells[1][2].IsSuppressed());
    EXPECT_EQ(shown.column_totals[2], N(10));
}

TEST(SmallCells, NothingSmallNothingHidden) {
    const ShownTable shown = SuppressSmallCells({.cells = {{3, 0}, {10, 4}}});
    EXPECT_EQ(shown.cells, (std::vector<std::vector<ShownCount>>{{N(3), N(0)}, {N(10), N(4)}}));
    EXPECT_EQ(shown.row_totals, (std::vector{N(3), N(14)}));
    EXPECT_EQ(shown.column_totals, (std::vector{N(13), N(4)}));
    EXPECT_EQ(shown.grand_total, N(17));
}

TEST(SmallCells, TheClassicTwoByTwo) {
    // 1 in one corner: its row and column each take one more, and the opposite corner closes the rectangle.
    const ShownTable shown = SuppressSmallCells({.cells = {{1, 5, 9}, {6, 7, 20}, {8, 30, 40}}});
    EXPECT_TRUE(shown.cells[0][0].IsSuppressed());
    EXPECT_EQ(shown.row_totals[0], N(15));
    EXPECT_EQ(shown.column_totals[0], N(15));
    EXPECT_EQ(shown.cells[0][1], kX);  // the row's next smallest
    EXPECT_EQ(shown.cells[1][0], kX);  // the column's next smallest
    EXPECT_EQ(shown.cells[1][1], kX);  // closes the rectangle
    EXPECT_EQ(shown.cells[2][2], N(40));
}

// --- the attacker, written apart from the implementation ------------------------------------------------------

// A published table as a reader sees it: known values and unknowns, cells and totals.
struct Reader {
    std::vector<std::vector<std::optional<long long>>> cells;
    std::vector<std::optional<long long>> rows;
    std::vector<std::optional<long long>> columns;  // empty when not published
    std::optional<long long> grand;
};

Reader Read(const ShownTable& shown) {
    Reader reader;
    for (const auto& row : shown.cells) {
        std::vector<std::optional<long long>> values;
        for (const ShownCount& cell : row) values.push_back(cell.ValueIfShown());
        reader.cells.push_back(values);
    }
    for (const ShownCount& total : shown.row_totals) reader.rows.push_back(total.ValueIfShown());
    for (const ShownCount& total : shown.column_totals) reader.columns.push_back(total.ValueIfShown());
    reader.grand = shown.grand_total.ValueIfShown();
    return reader;
}

// Each equation as references to its total and parts.
struct Equation {
    std::optional<long long>* total;
    std::vector<std::optional<long long>*> parts;
};

std::vector<Equation> EquationsOf(Reader& reader) {
    std::vector<Equation> equations;
    for (std::size_t r = 0; r < reader.cells.size(); ++r) {
        Equation row{&reader.rows[r], {}};
        for (auto& cell : reader.cells[r]) row.parts.push_back(&cell);
        equations.push_back(row);
    }
    for (std::size_t c = 0; c < reader.columns.size(); ++c) {
        Equation column{&reader.columns[c], {}};
        for (auto& row : reader.cells) column.parts.push_back(&row[c]);
        equations.push_back(column);
    }
    Equation by_rows{&reader.grand, {}};
    for (auto& total : reader.rows) by_rows.parts.push_back(&total);
    equations.push_back(by_rows);
    if (!reader.columns.empty()) {
        Equation by_columns{&reader.grand, {}};
        for (auto& total : reader.columns) by_columns.parts.push_back(&total);
        equations.push_back(by_columns);
    }
    return equations;
}

// Solves every equation with one unknown, again and again; returns how many hidden figures it recovered.
int Peel(Reader reader) {
    std::vector<Equation> equations = EquationsOf(reader);
    int recovered = 0;
    for (bool progress = true; progress;) {
        progress = false;
        for (Equation& equation : equations) {
            std::vector<std::optional<long long>*> unknown;
            long long parts_known = 0;
            for (auto* part : equation.parts) {
                if (*part) {
                    parts_known += **part;
                } else {
                    unknown.push_back(part);
                }
            }
            if (!*equation.total && unknown.empty()) {
                *equation.total = parts_known;
            } else if (*equation.total && unknown.size() == 1) {
                *unknown[0] = **equation.total - parts_known;
            } else {
                continue;
            }
            ++recovered;
            progress = true;
        }
    }
    return recovered;
}

// An equation with a known total whose k ≥ 2 unknown parts leave exactly k: each χ ≥ 1, so all are 1.
bool AllOnesDisclosed(Reader reader) {
    for (Equation& equation : EquationsOf(reader)) {
        if (!*equation.total) continue;
        long long rest = **equation.total;
        long long unknown = 0;
        for (auto* part : equation.parts) {
            if (*part) {
                rest -= **part;
            } else {
                ++unknown;
            }
        }
        if (unknown >= 2 && rest == unknown) return true;
    }
    return false;
}

std::string Describe(const CountTable& table) {
    std::string text;
    for (const auto& row : table.cells) {
        for (long long value : row) text += std::to_string(value) + " ";
        text += "/ ";
    }
    return text;
}

void CheckProtected(const CountTable& table) {
    const ShownTable shown = SuppressSmallCells(table);
    const std::string where = Describe(table);
    ASSERT_EQ(shown.cells.size(), table.cells.size()) << where;
    long long grand = 0;
    std::vector<long long> columns(table.cells.empty() ? 0 : table.cells[0].size(), 0);
    for (std::size_t r = 0; r < table.cells.size(); ++r) {
        long long row = 0;
        for (std::size_t c = 0; c < table.cells[r].size(); ++c) {
            const long long value = table.cells[r][c];
            row += value;
            columns[c] += value;
            const ShownCount cell = shown.cells[r][c];
            // Small cells hidden; what is shown is the true figure.
            if (value == 1 || value == 2) {
                EXPECT_TRUE(cell.IsSuppressed()) << where;
            }
            if (!cell.IsSuppressed()) {
                EXPECT_EQ(cell.Value(), value) << where;
            }
            if (value == 0) {
                EXPECT_FALSE(cell.IsSuppressed()) << "zero hidden: " << where;
            }
        }
        grand += row;
        if (row == 1 || row == 2) {
            EXPECT_TRUE(shown.row_totals[r].IsSuppressed()) << where;
        }
        if (!shown.row_totals[r].IsSuppressed()) {
            EXPECT_EQ(shown.row_totals[r].Value(), row) << where;
        }
    }
    if (table.margins == Margins::kRowsAndColumns) {
        for (std::size_t c = 0; c < columns.size(); ++c) {
            if (columns[c] == 1 || columns[c] == 2) {
                EXPECT_TRUE(shown.column_totals[c].IsSuppressed()) << where;
            }
            if (!shown.column_totals[c].IsSuppressed()) {
                EXPECT_EQ(shown.column_totals[c].Value(), columns[c]) << where;
            }
        }
    }
    if (!shown.grand_total.IsSuppressed()) {
        EXPECT_EQ(shown.grand_total.Value(), grand) << where;
    }
    EXPECT_EQ(Peel(Read(shown)), 0) << "a hidden figure is recoverable: " << where;
    EXPECT_FALSE(AllOnesDisclosed(Read(shown))) << "hidden ones add up to their count: " << where;
}

TEST(SmallCellsProperty, RandomTablesKeepEveryHiddenFigureHidden) {
    std::mt19937 random(20240401);
    // Mostly small values, so that small cells are common and interact; some zeros and some large ones.
    std::discrete_distribution<int> kind({3, 4, 4, 3, 1});
    std::uniform_int_distribution<int> larger(3, 60);
    for (int trial = 0; trial < 3000; ++trial) {
        std::uniform_int_distribution<int> size(1, 6);
        const int rows = size(random);
        const int columns = size(random);
        CountTable table{.cells = {}, .margins = trial % 3 == 0 ? Margins::kRows : Margins::kRowsAndColumns};
        for (int r = 0; r < rows; ++r) {
            std::vector<long long> row;
            for (int c = 0; c < columns; ++c) {
                const int k = kind(random);
                row.push_back(k == 0 ? 0 : k == 1 ? 1 : k == 2 ? 2 : larger(random));
            }
            table.cells.push_back(row);
        }
        CheckProtected(table);
        if (HasFailure()) return;
    }
}

TEST(SmallCellsProperty, TheAttackerFindsWhatPrimarySuppressionAloneLeaves) {
    // The attacker is not blind: with only the small cells hidden, it recovers them.
    Reader reader;
    reader.cells = {{std::nullopt, 7, 4}};
    reader.rows = {12};
    reader.grand = 12;
    EXPECT_EQ(Peel(reader), 1);
    reader.cells = {{std::nullopt, std::nullopt, 5}};
    reader.rows = {7};
    EXPECT_TRUE(AllOnesDisclosed(reader));
}

TEST(SmallCellsProperty, SameTableSameResult) {
    const CountTable table{.cells = {{1, 4, 0, 9}, {2, 2, 7, 3}, {0, 11, 1, 5}}};
    EXPECT_EQ(SuppressSmallCells(table).cells, SuppressSmallCells(table).cells);
}

}  // namespace
}  // namespace kasane::domain
