// SPDX-License-Identifier: Apache-2.0
#pragma once

// The prefecture's view (県の集計, issue 17 item 6): its municipalities' figures of one release period side by side
// and in total, as its analysts see them. Pure: the service (prefecture_statistics.hpp) reads each town's figures
// inside the town with the town's own counting rules (report.hpp: the 年度集計 at exact figures) and hands them here;
// nothing leaves this function that the rules below have not passed.
//
// The rules, in order:
// 1. Units. A town is shown on its own row, unless it belongs to a 圏域 (a named group of towns the prefecture
//    defines) of which any town has fewer residents than the prefecture's merge threshold (or no population entered
//    for the 年度): then the whole 圏域 is one row, its towns merged. The first release that touches a period fixes
//    the rows for every period overlapping it (a 年度 and its 上半期): were X and Y merged in one release and X
//    alone in the next, Y would be the difference.
// 2. Suppression, per measure (a column of units beside its 総計): a figure from 1 to floor − 1 is hidden as 「χ」,
//    then complementary suppression (small_cells.hpp) so that no hidden figure can be worked out from the 総計 and the
//    other rows. The floor is the prefecture's (3 unless it sets more, e.g. 10) and is set in one place only: its
//    statistics settings (PrefectureStatisticsSettings::floor).
// 3. The 総計 counts the true figures of every town that sent any, hidden ones included. It is shown exact unless
//    it is itself below the floor, or an earlier release rule hides it (4.); it cannot reveal a hidden row because
//    complementary suppression of rule 2 treats it as a published total: a column with hidden rows always has at
//    least two hidden rows, and no hidden row's bounds close on one value (the attacker of small_cells.hpp).
// 4. Releases. Every roll-up shown is a release, recorded (period, rows, the figures shown; never a hidden one).
//    A later release of a period overlapping an earlier one (the same period again, or the 年度 after its 上半期)
//    keeps hidden whatever an earlier release of the same period hid, and hides a figure (row or 総計) whose
//    difference with the same row's figure in any earlier overlapping release is from 1 to floor − 1 (the 下半期
//    of a town would otherwise be the 年度 minus the 上半期); complementary suppression then runs again, until
//    nothing changes.
// 5. Marks: 「χ」 hidden, 「-」 none (0), 「…」 not collected (no town of the row sent figures for the period, e.g.
//    a town that had not started the 事業). Rates per 1,000 residents from the row's population of the 年度
//    (the sum of its towns', when every one is entered); a rate is shown only beside a shown figure, else its mark.
//
// What is guaranteed, and checked by the tests: no hidden figure can be recovered from a release's 総計 and rows;
// no row of one release can be subtracted from a merged row of an overlapping one; and no figure shown in two
// overlapping releases differs by less than the floor unless by 0. Not guaranteed: combinations of three or more
// releases' totals beyond these pairs (the release periods outside a town are only the 年度 and its 上半期,
// report.hpp: IsReleasePeriod, which keeps such combinations few).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "domain/report.hpp"
#include "domain/small_cells.hpp"

namespace kasane::domain {

// The figures compared across towns, each taken from a town's 年度集計 at exact figures.
struct RollupMeasure {
    std::string_view code;
    std::string_view label;
    bool rated = false;  // shown with a rate per 1,000 residents
};
const std::vector<RollupMeasure>& RollupMeasures();  // 実人数, 延べ件数, …, in the order of the columns

// One measure's figures of a town's report, in RollupMeasures() order.
std::vector<long long> RollupFiguresOf(const FiscalYearReport& exact_report);

inline constexpr int kMaxSmallCellFloor = 100;

// A named group of the prefecture's towns (圏域), by 団体コード.
struct RollupArea {
    std::string name;
    std::vector<std::string> town_codes;
};

// The prefecture's statistics settings: the one place the floor is set.
struct PrefectureStatisticsSettings {
    int floor = kDefaultSmallCellFloor;       // counts 1 .. floor − 1 hidden; 3..kMaxSmallCellFloor
    std::int64_t merge_below_population = 0;  // towns with fewer residents are shown in their 圏域; 0: never
    std::vector<RollupArea> areas;
};

// Checks settings typed by the prefecture: kInvalidArgument naming the field ("floor", "merge_below_population",
// "areas") — a floor below 3 or above kMaxSmallCellFloor, a negative threshold, a 圏域 without a name or with fewer
// than two towns, a town in two 圏域 or not of the prefecture (`prefecture_towns`).
Status ValidatePrefectureStatisticsSettings(const PrefectureStatisticsSettings& settings,
                                            const std::vector<std::string>& prefecture_towns);

// One town's figures of the period, read inside the town.
struct TownRollupInput {
    std::string code;                               // 団体コード
    std::string name;                               // 町名
    std::optional<std::int64_t> population;         // of the 年度 (town set-up's YearFigures), when entered
    std::optional<std::vector<long long>> figures;  // in RollupMeasures() order; nullopt: not collected
};

// A row as released: its towns (sorted codes) and each measure's figure shown, nullopt when hidden or not collected.
struct ReleasedRow {
    std::vector<std::string> town_codes;
    std::vector<std::optional<long long>> shown;
};

// A release of the roll-up: what left the prefecture's analysts' screen or file. Never holds a hidden figure.
struct RollupRelease {
    Date first_day{};
    Date last_day{};
    int floor = kDefaultSmallCellFloor;
    std::vector<ReleasedRow> rows;
    std::vector<std::optional<long long>> totals;  // the 総計 per measure, nullopt when hidden
};

enum class CellMark {
    kFigure,        // a figure above 0
    kSuppressed,    // 「χ」
    kNone,          // 「-」 0
    kNotCollected,  // 「…」
};

struct RollupCell {
    CellMark mark = CellMark::kNotCollected;
    long long value = 0;                 // when kFigure
    std::optional<double> per_thousand;  // rate per 1,000 residents, for a shown figure of a rated measure
};

// 「χ」, 「-」, 「…」 or the figure.
std::string CellText(const RollupCell& cell);
// The rate to one decimal (「0.8」), or the cell's mark when there is none.
std::string RateText(const RollupCell& cell);

enum class RowKind { kTown, kArea };

struct RollupRow {
    RowKind kind = RowKind::kTown;
    std::string label;  // the town's or the 圏域's name
    std::vector<std::string> town_codes;
    std::vector<std::string> town_names;
    std::optional<std::int64_t> population;
    std::vector<RollupCell> cells;  // in RollupMeasures() order
};

struct PrefectureRollup {
    ReportPeriod period;
    std::string label;
    int floor = kDefaultSmallCellFloor;
    std::vector<RollupRow> rows;  // in the order of the towns' codes (a 圏域 at its first town)
    RollupRow total;              // 総計
    RollupRelease release;        // what this roll-up releases, to be recorded
};

// The roll-up of `period` for the towns (any order), under the settings, given every earlier release of the
// prefecture (any order; those not overlapping the period are ignored). Pure.
PrefectureRollup RollUpPrefecture(const ReportPeriod& period, const std::vector<TownRollupInput>& towns,
                                  const PrefectureStatisticsSettings& settings,
                                  const std::vector<RollupRelease>& earlier);

// Whether two releases hold the same rows and figures (a roll-up seen again is not recorded twice).
bool SameRelease(const RollupRelease& a, const RollupRelease& b);

}  // namespace kasane::domain
