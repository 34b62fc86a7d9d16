// SPDX-License-Identifier: Apache-2.0
#include "domain/small_cells.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>

namespace kasane::domain {

ShownCount ShownCount::Exact(long long value) {
    ShownCount count;
    count.value_ = value;
    return count;
}

ShownCount ShownCount::Suppressed() {
    ShownCount count;
    count.suppressed_ = true;
    return count;
}

bool IsSmallCount(long long value) { return IsBelowFloor(value, kDefaultSmallCellFloor); }

bool IsBelowFloor(long long value, int floor) { return value >= 1 && value < floor; }

ShownCount SuppressIfSmall(long long value) {
    return IsSmallCount(value) ? ShownCount::Suppressed() : ShownCount::Exact(value);
}

namespace {

// Every figure of the table (cells, row totals, column totals, grand total) as one entry, and every published
// equation as a line: total = sum of members.
struct Entry {
    long long value = 0;
    bool suppressed = false;
    bool is_total = false;
};

struct Line {
    std::size_t total = 0;
    std::vector<std::size_t> members;
};

constexpr long long kUnbounded = std::numeric_limits<long long>::max() / 4;

struct Bounds {
    long long low = 0;
    long long high = 0;
};

// The attacker's view: a published figure is its value; a hidden one is at least 1 (zeros are shown) and unbounded
// above. Each line tightens the bounds of its hidden entries from the others' bounds, round after round, until
// nothing changes. Returns the index of a hidden entry whose bounds meet (its value is disclosed), if any.
// Single-unknown lines are solved in the first round they become single-unknown, so the chains that peeling
// follows are found within one round per entry; the cap on rounds only stops slow creeping of wide bounds.
std::optional<std::size_t> FindDisclosed(const std::vector<Entry>& entries, const std::vector<Line>& lines) {
    std::vector<Bounds> bounds(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        bounds[i] = entries[i].suppressed ? Bounds{1, kUnbounded} : Bounds{entries[i].value, entries[i].value};
    }
    const std::size_t max_rounds = 4 * entries.size() + 16;
    for (std::size_t round = 0; round < max_rounds; ++round) {
        bool changed = false;
        auto tighten = [&](std::size_t index, long long low, long long high) {
            Bounds& b = bounds[index];
            if (low > b.low) {
                b.low = low;
                changed = true;
            }
            if (high < b.high) {
                b.high = high;
                changed = true;
            }
        };
        for (const Line& line : lines) {
            // Lows are always finite; highs are finite sums or unbounded, so count the unbounded ones apart.
            long long members_low = 0;
            long long bounded_high = 0;
            int unbounded = 0;
            for (std::size_t member : line.members) {
                members_low += bounds[member].low;
                if (bounds[member].high >= kUnbounded) {
                    ++unbounded;
                } else {
                    bounded_high += bounds[member].high;
                }
            }
            if (entries[line.total].suppressed) {
                tighten(line.total, members_low, unbounded > 0 ? kUnbounded : bounded_high);
            }
            const Bounds total = bounds[line.total];
            for (std::size_t member : line.members) {
                if (!entries[member].suppressed) continue;
                const Bounds own = bounds[member];
                const bool own_unbounded = own.high >= kUnbounded;
                const long long others_low = members_low - own.low;
                long long low = own.low;
                if (unbounded - (own_unbounded ? 1 : 0) == 0) {
                    const long long others_high = bounded_high - (own_unbounded ? 0 : own.high);
                    low = std::max(low, total.low - others_high);
                }
                long long high = own.high;
                if (total.high < kUnbounded) high = std::min(high, total.high - others_low);
                tighten(member, low, high);
            }
        }
        if (!changed) break;
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (entries[i].suppressed && bounds[i].low == bounds[i].high) return i;
    }
    return std::nullopt;
}

// The published entry to hide so that `line` protects its hidden ones: the smallest non-zero published member, or
// else the total when it is published and non-zero.
std::optional<std::size_t> Complement(const std::vector<Entry>& entries, const Line& line) {
    std::optional<std::size_t> best;
    for (std::size_t member : line.members) {
        const Entry& entry = entries[member];
        if (entry.suppressed || entry.value == 0) continue;
        // Cells before totals (a line of the grand total has totals as members); then the smaller value.
        if (!best ||
            std::pair(entry.is_total, entry.value) < std::pair(entries[*best].is_total, entries[*best].value)) {
            best = member;
        }
    }
    if (!best && !entries[line.total].suppressed && entries[line.total].value != 0) best = line.total;
    return best;
}

int Unknowns(const std::vector<Entry>& entries, const Line& line) {
    int unknowns = entries[line.total].suppressed ? 1 : 0;
    for (std::size_t member : line.members) unknowns += entries[member].suppressed ? 1 : 0;
    return unknowns;
}

bool Contains(const Line& line, std::size_t index) {
    return line.total == index || std::find(line.members.begin(), line.members.end(), index) != line.members.end();
}

}  // namespace

ShownTable SuppressSmallCells(const CountTable& table) { return SuppressSmallCells(table, SuppressionRule{}); }

ShownTable SuppressSmallCells(const CountTable& table, const SuppressionRule& rule) {
    const std::size_t rows = table.cells.size();
    const std::size_t columns = rows == 0 ? 0 : table.cells.front().size();
    const bool with_columns = table.margins == Margins::kRowsAndColumns;

    // Layout: cells row-major, then row totals, then column totals, then the grand total.
    std::vector<Entry> entries;
    entries.reserve(rows * columns + rows + columns + 1);
    for (const auto& row : table.cells) {
        for (long long value : row) entries.push_back({.value = value});
    }
    const std::size_t row_total_base = entries.size();
    for (const auto& row : table.cells) {
        long long sum = 0;
        for (long long value : row) sum += value;
        entries.push_back({.value = sum, .is_total = true});
    }
    const std::size_t column_total_base = entries.size();
    if (with_columns) {
        for (std::size_t c = 0; c < columns; ++c) {
            long long sum = 0;
            for (std::size_t r = 0; r < rows; ++r) sum += table.cells[r][c];
            entries.push_back({.value = sum, .is_total = true});
        }
    }
    const std::size_t grand = entries.size();
    long long grand_sum = 0;
    for (std::size_t r = 0; r < rows; ++r) grand_sum += entries[row_total_base + r].value;
    entries.push_back({.value = grand_sum, .is_total = true});

    std::vector<Line> lines;
    for (std::size_t r = 0; r < rows; ++r) {
        Line line{.total = row_total_base + r, .members = {}};
        for (std::size_t c = 0; c < columns; ++c) line.members.push_back(r * columns + c);
        lines.push_back(std::move(line));
    }
    if (with_columns) {
        for (std::size_t c = 0; c < columns; ++c) {
            Line line{.total = column_total_base + c, .members = {}};
            for (std::size_t r = 0; r < rows; ++r) line.members.push_back(r * columns + c);
            lines.push_back(std::move(line));
        }
        Line by_columns{.total = grand, .members = {}};
        for (std::size_t c = 0; c < columns; ++c) by_columns.members.push_back(column_total_base + c);
        lines.push_back(std::move(by_columns));
    }
    Line by_rows{.total = grand, .members = {}};
    for (std::size_t r = 0; r < rows; ++r) by_rows.members.push_back(row_total_base + r);
    lines.push_back(std::move(by_rows));

    // Primary suppression: every small figure, totals included (a total of 2 is two people), and whatever the rule
    // keeps hidden.
    for (Entry& entry : entries) entry.suppressed = IsBelowFloor(entry.value, rule.floor);
    for (const CellAt& cell : rule.keep_hidden) {
        if (cell.row < rows && cell.column < columns) entries[cell.row * columns + cell.column].suppressed = true;
    }
    for (std::size_t row : rule.keep_hidden_row_totals) {
        if (row < rows) entries[row_total_base + row].suppressed = true;
    }

    // Complementary suppression. Every pass hides one more entry, so this ends within entries.size() passes.
    for (;;) {
        std::optional<std::size_t> hide;
        for (const Line& line : lines) {
            if (Unknowns(entries, line) != 1) continue;
            hide = Complement(entries, line);
            if (hide) break;
        }
        if (!hide) {
            const auto disclosed = FindDisclosed(entries, lines);
            if (!disclosed) break;
            // A line through the disclosed entry that can take one more hidden entry; the one with the fewest
            // hidden entries first, as it is the one that pinned it down most likely.
            int fewest = std::numeric_limits<int>::max();
            for (const Line& line : lines) {
                if (!Contains(line, *disclosed)) continue;
                const auto candidate = Complement(entries, line);
                if (candidate && Unknowns(entries, line) < fewest) {
                    fewest = Unknowns(entries, line);
                    hide = candidate;
                }
            }
            if (!hide) {
                // Every line through it is hidden already: hide the smallest published non-zero figure anywhere.
                for (std::size_t i = 0; i < entries.size(); ++i) {
                    if (entries[i].suppressed || entries[i].value == 0) continue;
                    if (!hide || entries[i].value < entries[*hide].value) hide = i;
                }
            }
            if (!hide) break;  // nothing left to hide
        }
        entries[*hide].suppressed = true;
    }

    auto shown = [&](std::size_t index) {
        return entries[index].suppressed ? ShownCount::Suppressed() : ShownCount::Exact(entries[index].value);
    };
    ShownTable result;
    result.cells.resize(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < columns; ++c) result.cells[r].push_back(shown(r * columns + c));
        result.row_totals.push_back(shown(row_total_base + r));
    }
    if (with_columns) {
        for (std::size_t c = 0; c < columns; ++c) result.column_totals.push_back(shown(column_total_base + c));
    }
    result.grand_total = shown(grand);
    return result;
}

}  // namespace kasane::domain
