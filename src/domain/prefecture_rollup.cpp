// SPDX-License-Identifier: Apache-2.0
#include "domain/prefecture_rollup.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

namespace kasane::domain {

const std::vector<RollupMeasure>& RollupMeasures() {
    static const std::vector<RollupMeasure> measures{
        {.code = "persons", .label = "実人数", .rated = true},
        {.code = "contacts", .label = "延べ件数", .rated = true},
        {.code = "households", .label = "世帯数", .rated = false},
        {.code = "consultations", .label = "相談件数", .rated = false},
        {.code = "cases_opened", .label = "多機関協働の開始", .rated = false},
        {.code = "plans_approved", .label = "支援プランの決定", .rated = false},
        {.code = "meetings_held", .label = "会議の開催", .rated = false},
        {.code = "outreach_persons", .label = "アウトリーチの実人数", .rated = false},
    };
    return measures;
}

namespace {

long long ExactOf(const ShownCount& count) { return count.IsSuppressed() ? 0 : count.Value(); }

}  // namespace

std::vector<long long> RollupFiguresOf(const FiscalYearReport& exact_report) {
    return {ExactOf(exact_report.persons),
            ExactOf(exact_report.contacts),
            ExactOf(exact_report.households),
            ExactOf(exact_report.consultations),
            ExactOf(exact_report.cases.cases_opened),
            ExactOf(exact_report.cases.plans_approved),
            ExactOf(exact_report.cases.all_meetings.meetings_held),
            ExactOf(exact_report.outreach.persons)};
}

Status ValidatePrefectureStatisticsSettings(const PrefectureStatisticsSettings& settings,
                                            const std::vector<std::string>& prefecture_towns) {
    if (settings.floor < kDefaultSmallCellFloor || settings.floor > kMaxSmallCellFloor) {
        return Fail(Error::InvalidArgument("秘匿の基準は3以上100以下の数にしてください", "floor"));
    }
    if (settings.merge_below_population < 0) {
        return Fail(Error::InvalidArgument("圏域にまとめる人口は0以上の数にしてください", "merge_below_population"));
    }
    std::set<std::string> seen;
    std::set<std::string> names;
    for (const RollupArea& area : settings.areas) {
        if (area.name.empty()) return Fail(Error::InvalidArgument("圏域の名前を入力してください", "areas"));
        if (!names.insert(area.name).second) {
            return Fail(Error::InvalidArgument("圏域「" + area.name + "」が二つあります", "areas"));
        }
        if (area.town_codes.size() < 2) {
            return Fail(
                Error::InvalidArgument("圏域「" + area.name + "」には二つ以上の市町村を入れてください", "areas"));
        }
        for (const std::string& code : area.town_codes) {
            if (std::ranges::find(prefecture_towns, code) == prefecture_towns.end()) {
                return Fail(
                    Error::InvalidArgument("団体コード" + code + "はこの都道府県の市町村ではありません", "areas"));
            }
            if (!seen.insert(code).second) {
                return Fail(Error::InvalidArgument("団体コード" + code + "が二つの圏域に入っています", "areas"));
            }
        }
    }
    return {};
}

std::string CellText(const RollupCell& cell) {
    switch (cell.mark) {
        case CellMark::kFigure: return std::to_string(cell.value);
        case CellMark::kSuppressed: return "χ";
        case CellMark::kNone: return "-";
        case CellMark::kNotCollected: return "…";
    }
    return "…";
}

std::string RateText(const RollupCell& cell) {
    if (cell.mark != CellMark::kFigure || !cell.per_thousand) {
        return cell.mark == CellMark::kFigure ? "…" : CellText(cell);
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", *cell.per_thousand);
    return text;
}

bool SameRelease(const RollupRelease& a, const RollupRelease& b) {
    if (a.first_day != b.first_day || a.last_day != b.last_day || a.floor != b.floor || a.totals != b.totals ||
        a.rows.size() != b.rows.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.rows.size(); ++i) {
        if (a.rows[i].town_codes != b.rows[i].town_codes || a.rows[i].shown != b.rows[i].shown) return false;
    }
    return true;
}

namespace {

bool Overlaps(const RollupRelease& release, const ReportPeriod& period) {
    return std::chrono::sys_days{release.first_day} <= std::chrono::sys_days{period.last_day} &&
           std::chrono::sys_days{period.first_day} <= std::chrono::sys_days{release.last_day};
}

bool SamePeriod(const RollupRelease& release, const ReportPeriod& period) {
    return release.first_day == period.first_day && release.last_day == period.last_day;
}

// A row being built: its towns and their true figures.
struct Unit {
    RowKind kind = RowKind::kTown;
    std::string label;
    std::vector<const TownRollupInput*> towns;  // sorted by code
    std::vector<std::string> codes;             // sorted
};

// Rule 1: the rows, from the earliest overlapping release if any, else from the settings.
std::vector<Unit> UnitsOf(const std::vector<TownRollupInput>& towns, const PrefectureStatisticsSettings& settings,
                          const std::vector<const RollupRelease*>& overlapping) {
    std::map<std::string, const TownRollupInput*> by_code;
    for (const TownRollupInput& town : towns) by_code.emplace(town.code, &town);
    std::vector<std::vector<std::string>> groups;
    std::set<std::string> placed;
    auto add_group = [&](std::vector<std::string> codes) {
        std::erase_if(codes, [&](const std::string& code) { return !by_code.contains(code) || placed.contains(code); });
        if (codes.empty()) return;
        for (const std::string& code : codes) placed.insert(code);
        std::ranges::sort(codes);
        groups.push_back(std::move(codes));
    };
    if (!overlapping.empty()) {
        for (const ReleasedRow& row : overlapping.front()->rows) {
            if (row.town_codes.size() > 1) add_group(row.town_codes);
        }
    } else {
        for (const RollupArea& area : settings.areas) {
            const bool merge = std::ranges::any_of(area.town_codes, [&](const std::string& code) {
                const auto town = by_code.find(code);
                if (town == by_code.end()) return false;
                return !town->second->population || *town->second->population < settings.merge_below_population;
            });
            if (merge && settings.merge_below_population > 0) add_group(area.town_codes);
        }
    }
    for (const auto& [code, town] : by_code) {
        if (!placed.contains(code)) add_group({code});
    }
    std::ranges::sort(groups, [](const auto& a, const auto& b) { return a.front() < b.front(); });

    std::vector<Unit> units;
    for (const auto& codes : groups) {
        Unit unit;
        unit.codes = codes;
        for (const std::string& code : codes) unit.towns.push_back(by_code.at(code));
        if (codes.size() == 1) {
            unit.label = unit.towns.front()->name;
        } else {
            unit.kind = RowKind::kArea;
            unit.label = "圏域";
            for (const RollupArea& area : settings.areas) {
                if (std::ranges::find(area.town_codes, codes.front()) != area.town_codes.end()) unit.label = area.name;
            }
        }
        units.push_back(std::move(unit));
    }
    return units;
}

// The row's figure of one measure: the sum of its towns that sent figures; nullopt when none did.
std::optional<long long> UnitValue(const Unit& unit, std::size_t measure) {
    std::optional<long long> sum;
    for (const TownRollupInput* town : unit.towns) {
        if (!town->figures || measure >= town->figures->size()) continue;
        sum = sum.value_or(0) + (*town->figures)[measure];
    }
    return sum;
}

std::optional<std::int64_t> UnitPopulation(const Unit& unit) {
    std::int64_t sum = 0;
    for (const TownRollupInput* town : unit.towns) {
        if (!town->population) return std::nullopt;
        sum += *town->population;
    }
    return sum;
}

const ReleasedRow* RowOf(const RollupRelease& release, const std::vector<std::string>& codes) {
    for (const ReleasedRow& row : release.rows) {
        if (row.town_codes == codes) return &row;
    }
    return nullptr;
}

RollupCell MakeCell(std::optional<long long> value, bool hidden, bool rated, std::optional<std::int64_t> population) {
    if (!value) return {.mark = CellMark::kNotCollected, .value = 0, .per_thousand = std::nullopt};
    if (hidden) return {.mark = CellMark::kSuppressed, .value = 0, .per_thousand = std::nullopt};
    if (*value == 0) return {.mark = CellMark::kNone, .value = 0, .per_thousand = std::nullopt};
    RollupCell cell{.mark = CellMark::kFigure, .value = *value, .per_thousand = std::nullopt};
    if (rated && population && *population > 0) {
        cell.per_thousand = static_cast<double>(*value) * 1000.0 / static_cast<double>(*population);
    }
    return cell;
}

}  // namespace

PrefectureRollup RollUpPrefecture(const ReportPeriod& period, const std::vector<TownRollupInput>& towns,
                                  const PrefectureStatisticsSettings& settings,
                                  const std::vector<RollupRelease>& earlier) {
    std::vector<const RollupRelease*> overlapping;
    for (const RollupRelease& release : earlier) {
        if (Overlaps(release, period)) overlapping.push_back(&release);
    }
    // The earliest first (by period, then as recorded): it fixes the rows.
    std::ranges::stable_sort(overlapping, [](const RollupRelease* a, const RollupRelease* b) {
        return std::chrono::sys_days{a->first_day} < std::chrono::sys_days{b->first_day};
    });
    const std::vector<Unit> units = UnitsOf(towns, settings, overlapping);
    const std::vector<RollupMeasure>& measures = RollupMeasures();
    const int floor = settings.floor;

    PrefectureRollup rollup{
        .period = period,
        .label = PeriodLabel(period),
        .floor = floor,
        .rows = {},
        .total = {.kind = RowKind::kArea,
                  .label = "総計",
                  .town_codes = {},
                  .town_names = {},
                  .population = std::nullopt,
                  .cells = {}},
        .release = {
            .first_day = period.first_day, .last_day = period.last_day, .floor = floor, .rows = {}, .totals = {}}};
    for (const Unit& unit : units) {
        RollupRow row{.kind = unit.kind,
                      .label = unit.label,
                      .town_codes = unit.codes,
                      .town_names = {},
                      .population = UnitPopulation(unit),
                      .cells = {}};
        for (const TownRollupInput* town : unit.towns) row.town_names.push_back(town->name);
        rollup.rows.push_back(std::move(row));
        rollup.release.rows.push_back({.town_codes = unit.codes, .shown = {}});
    }
    // The 総計's population: every collected row's, when every one is entered.
    std::optional<std::int64_t> total_population = 0;
    bool any_collected = false;
    for (std::size_t u = 0; u < units.size(); ++u) {
        if (!UnitValue(units[u], 0)) continue;
        any_collected = true;
        if (!rollup.rows[u].population || !total_population) {
            total_population.reset();
        } else {
            *total_population += *rollup.rows[u].population;
        }
    }
    rollup.total.population = any_collected ? total_population : std::nullopt;

    for (std::size_t m = 0; m < measures.size(); ++m) {
        // The column: the collected rows, beside their 総計 (one row of cells with its total).
        std::vector<std::size_t> collected;
        CountTable table{.cells = {{}}, .margins = Margins::kRows};
        for (std::size_t u = 0; u < units.size(); ++u) {
            if (auto value = UnitValue(units[u], m)) {
                collected.push_back(u);
                table.cells[0].push_back(*value);
            }
        }
        long long total = 0;
        for (long long value : table.cells[0]) total += value;

        SuppressionRule rule{.floor = floor, .keep_hidden = {}, .keep_hidden_row_totals = {}};
        // Rule 4, first half: what an earlier release of the same period hid stays hidden.
        for (const RollupRelease* release : overlapping) {
            if (!SamePeriod(*release, period)) continue;
            for (std::size_t c = 0; c < collected.size(); ++c) {
                const ReleasedRow* row = RowOf(*release, units[collected[c]].codes);
                if (row && m < row->shown.size() && !row->shown[m]) rule.keep_hidden.push_back({0, c});
            }
            if (m < release->totals.size() && !release->totals[m] && !collected.empty()) {
                rule.keep_hidden_row_totals.push_back(0);
            }
        }
        ShownTable shown;
        if (collected.empty()) {
            table.cells.clear();
        } else {
            // Rule 4, second half: a small difference with an earlier overlapping release is hidden; again until
            // nothing changes (each round hides one more figure or stops).
            for (;;) {
                shown = SuppressSmallCells(table, rule);
                bool more = false;
                auto small_difference = [&](long long now, std::optional<long long> before) {
                    return before && IsBelowFloor(now > *before ? now - *before : *before - now, floor);
                };
                for (const RollupRelease* release : overlapping) {
                    for (std::size_t c = 0; c < collected.size(); ++c) {
                        if (shown.cells[0][c].IsSuppressed()) continue;
                        const ReleasedRow* row = RowOf(*release, units[collected[c]].codes);
                        if (row && m < row->shown.size() && small_difference(table.cells[0][c], row->shown[m])) {
                            rule.keep_hidden.push_back({0, c});
                            more = true;
                        }
                    }
                    if (!shown.grand_total.IsSuppressed() && m < release->totals.size() &&
                        small_difference(total, release->totals[m])) {
                        rule.keep_hidden_row_totals.push_back(0);
                        more = true;
                    }
                }
                if (!more) break;
            }
        }
        const bool total_hidden = !collected.empty() && shown.grand_total.IsSuppressed();
        std::size_t c = 0;
        for (std::size_t u = 0; u < units.size(); ++u) {
            const std::optional<long long> value = UnitValue(units[u], m);
            const bool hidden = value && shown.cells[0][c].IsSuppressed();
            if (value) ++c;
            rollup.rows[u].cells.push_back(MakeCell(value, hidden, measures[m].rated, rollup.rows[u].population));
            rollup.release.rows[u].shown.push_back(value && !hidden ? value : std::nullopt);
        }
        const std::optional<long long> total_value = collected.empty() ? std::nullopt : std::optional(total);
        rollup.total.cells.push_back(MakeCell(total_value, total_hidden, measures[m].rated, rollup.total.population));
        rollup.release.totals.push_back(total_value && !total_hidden ? total_value : std::nullopt);
    }
    return rollup;
}

}  // namespace kasane::domain
