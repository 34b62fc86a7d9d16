// SPDX-License-Identifier: Apache-2.0
// The prefecture's roll-up: the rules' examples, then attackers who hold one or two releases and try to work out a
// hidden figure from the 総計 and the rows, by differencing merged and unmerged rows, or the 年度 and its 上半期.

#include "domain/prefecture_rollup.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace kasane::domain {
namespace {

constexpr std::size_t kPersons = 0;  // 実人数, the first measure

ReportPeriod Year(int year) { return *FiscalYearPeriod(year); }
ReportPeriod FirstHalf(int year) { return *PartYearPeriod(year, 9); }

// A town whose every measure is `value`.
TownRollupInput Town(std::string code, std::string name, std::optional<std::int64_t> population, long long value) {
    return {.code = std::move(code),
            .name = std::move(name),
            .population = population,
            .figures = std::vector<long long>(RollupMeasures().size(), value)};
}

std::vector<std::string> Marks(const PrefectureRollup& rollup, std::size_t measure) {
    std::vector<std::string> marks;
    for (const RollupRow& row : rollup.rows) marks.push_back(CellText(row.cells[measure]));
    marks.push_back(CellText(rollup.total.cells[measure]));
    return marks;
}

// The attacker of one release, per measure: the 総計 minus the shown rows is the sum of the hidden ones, each at
// least 1. A hidden row is recovered when that pins it down. Returns the recovered (row label, value) pairs.
std::vector<std::pair<std::string, long long>> AttackOneRelease(const PrefectureRollup& rollup) {
    std::vector<std::pair<std::string, long long>> recovered;
    for (std::size_t m = 0; m < RollupMeasures().size(); ++m) {
        const RollupCell& total = rollup.total.cells[m];
        if (total.mark == CellMark::kSuppressed || total.mark == CellMark::kNotCollected) continue;
        long long rest = total.value;
        std::vector<std::size_t> hidden;
        for (std::size_t r = 0; r < rollup.rows.size(); ++r) {
            const RollupCell& cell = rollup.rows[r].cells[m];
            if (cell.mark == CellMark::kSuppressed) hidden.push_back(r);
            if (cell.mark == CellMark::kFigure) rest -= cell.value;
        }
        const long long k = static_cast<long long>(hidden.size());
        if (k == 1 || (k > 1 && rest == k)) {
            for (std::size_t r : hidden) recovered.emplace_back(rollup.rows[r].label, k == 1 ? rest : 1);
        }
    }
    return recovered;
}

// The attacker of several releases of one period: every shown figure is an equation "sum over these towns = v";
// differences of nested sets give new equations, until nothing new comes. Returns the towns whose own figure of
// `measure` is worked out though some release hid it (or never showed it alone).
std::map<std::string, long long> AttackByDifferencing(const std::vector<RollupRelease>& releases, std::size_t measure) {
    std::map<std::set<std::string>, long long> known;
    std::set<std::set<std::string>> hidden;
    for (const RollupRelease& release : releases) {
        std::set<std::string> all;
        for (const ReleasedRow& row : release.rows) {
            const std::set<std::string> towns(row.town_codes.begin(), row.town_codes.end());
            all.insert(towns.begin(), towns.end());
            if (row.shown[measure]) {
                known[towns] = *row.shown[measure];
            } else {
                hidden.insert(towns);
            }
        }
        if (release.totals[measure]) known[all] = *release.totals[measure];
    }
    for (bool changed = true; changed;) {
        changed = false;
        const auto snapshot = known;
        for (const auto& [big, big_value] : snapshot) {
            for (const auto& [small, small_value] : snapshot) {
                if (small.size() >= big.size() || !std::ranges::includes(big, small)) continue;
                std::set<std::string> rest;
                std::ranges::set_difference(big, small, std::inserter(rest, rest.end()));
                if (known.emplace(rest, big_value - small_value).second) changed = true;
            }
        }
    }
    std::map<std::string, long long> recovered;
    for (const auto& [towns, value] : known) {
        if (towns.size() != 1) continue;
        const bool was_hidden = hidden.contains(towns);
        bool shown_alone = false;
        for (const RollupRelease& release : releases) {
            for (const ReleasedRow& row : release.rows) {
                if (row.town_codes.size() == 1 && row.town_codes.front() == *towns.begin() && row.shown[measure]) {
                    shown_alone = true;
                }
            }
        }
        if (was_hidden || !shown_alone) recovered.emplace(*towns.begin(), value);
    }
    return recovered;
}

// The five towns of the done-when: two of them small.
std::vector<TownRollupInput> FiveTowns() {
    return {Town("313025", "岩美町", 10'500, 40), Town("313254", "若桜町", 2'900, 1),
            Town("313289", "智頭町", 6'400, 17), Town("313297", "八頭町", 15'800, 52),
            Town("313645", "三朝町", 5'900, 2)};
}

TEST(PrefectureRollup, SmallTownsAreHiddenWithAComplementAndTheTotalCountsThemAll) {
    const PrefectureRollup rollup = RollUpPrefecture(Year(2024), FiveTowns(), {}, {});
    ASSERT_EQ(rollup.rows.size(), 5U);
    // 若桜町 1 and 三朝町 2 hidden; their sum 3 would be split 1+2 or 2+1, so no further hiding is needed.
    EXPECT_EQ(Marks(rollup, kPersons), (std::vector<std::string>{"40", "χ", "17", "52", "χ", "112"}));
    EXPECT_EQ(rollup.total.cells[kPersons].value, 112);
    EXPECT_TRUE(AttackOneRelease(rollup).empty());
    // The release holds no hidden figure.
    EXPECT_EQ(rollup.release.rows[1].shown[kPersons], std::nullopt);
    EXPECT_EQ(rollup.release.rows[4].shown[kPersons], std::nullopt);
    EXPECT_EQ(rollup.release.totals[kPersons], 112);
}

TEST(PrefectureRollup, ALoneSmallTownTakesAnotherWithItAgainstTheTotal) {
    std::vector<TownRollupInput> towns = FiveTowns();
    towns[4].figures->assign(RollupMeasures().size(), 30);  // 三朝町 30: 若桜町 alone is small
    const PrefectureRollup rollup = RollUpPrefecture(Year(2024), towns, {}, {});
    EXPECT_EQ(Marks(rollup, kPersons), (std::vector<std::string>{"40", "χ", "χ", "52", "30", "140"}));
    EXPECT_TRUE(AttackOneRelease(rollup).empty());
}

TEST(PrefectureRollup, TheFloorIsThePrefecturesAndTenHidesMore) {
    const PrefectureStatisticsSettings settings{.floor = 10, .merge_below_population = 0, .areas = {}};
    std::vector<TownRollupInput> towns = FiveTowns();
    towns[2].figures->assign(RollupMeasures().size(), 9);  // 智頭町 9: shown at 3, hidden at 10
    EXPECT_EQ(Marks(RollUpPrefecture(Year(2024), towns, {}, {}), kPersons),
              (std::vector<std::string>{"40", "χ", "9", "52", "χ", "104"}));
    const PrefectureRollup rollup = RollUpPrefecture(Year(2024), towns, settings, {});
    EXPECT_EQ(rollup.floor, 10);
    EXPECT_EQ(Marks(rollup, kPersons), (std::vector<std::string>{"40", "χ", "χ", "52", "χ", "104"}));
    EXPECT_TRUE(AttackOneRelease(rollup).empty());
}

TEST(PrefectureRollup, MarksTellNoneFromNotCollectedAndRatesFollowThePopulation) {
    std::vector<TownRollupInput> towns = FiveTowns();
    towns[0].figures->assign(RollupMeasures().size(), 0);  // 岩美町: none
    towns[3].figures.reset();                              // 八頭町: not collected
    towns[2].population.reset();                           // 智頭町: no population for the 年度
    towns[1].figures->assign(RollupMeasures().size(), 29);
    towns[4].figures->assign(RollupMeasures().size(), 59);
    const PrefectureRollup rollup = RollUpPrefecture(Year(2024), towns, {}, {});
    EXPECT_EQ(Marks(rollup, kPersons), (std::vector<std::string>{"-", "29", "17", "…", "59", "105"}));
    EXPECT_EQ(RateText(rollup.rows[1].cells[kPersons]), "10.0");  // 29 of 2,900
    EXPECT_EQ(RateText(rollup.rows[4].cells[kPersons]), "10.0");  // 59 of 5,900
    EXPECT_EQ(RateText(rollup.rows[2].cells[kPersons]), "…");     // no population
    EXPECT_EQ(RateText(rollup.rows[0].cells[kPersons]), "-");
    EXPECT_EQ(RateText(rollup.rows[3].cells[kPersons]), "…");
    // The 総計's rate needs every collected town's population.
    EXPECT_EQ(rollup.total.population, std::nullopt);
    // A measure that is not rated has no rate.
    EXPECT_EQ(rollup.rows[1].cells[2].per_thousand, std::nullopt);
}

PrefectureStatisticsSettings Eastern(std::int64_t merge_below) {
    return {.floor = 3, .merge_below_population = merge_below, .areas = {{"東部圏域", {"313254", "313645"}}}};
}

TEST(PrefectureRollup, SmallTownsAreMergedIntoTheirArea) {
    std::vector<TownRollupInput> towns = FiveTowns();
    const PrefectureRollup rollup = RollUpPrefecture(Year(2024), towns, Eastern(3'000), {});
    ASSERT_EQ(rollup.rows.size(), 4U);
    EXPECT_EQ(rollup.rows[1].label, "東部圏域");
    EXPECT_EQ(rollup.rows[1].kind, RowKind::kArea);
    EXPECT_EQ(rollup.rows[1].town_names, (std::vector<std::string>{"若桜町", "三朝町"}));
    EXPECT_EQ(rollup.rows[1].population, 8'800);
    // 1 + 2 = 3 is shown for the 圏域: at the floor, not below it.
    EXPECT_EQ(Marks(rollup, kPersons), (std::vector<std::string>{"40", "3", "17", "52", "112"}));
    // No threshold, no merging.
    EXPECT_EQ(RollUpPrefecture(Year(2024), towns, Eastern(0), {}).rows.size(), 5U);
}

TEST(PrefectureRollup, AMergedReleaseThenAnUnmergedOneCannotBeDifferenced) {
    // Release A: 若桜町 (1) and 三朝町 merged as 東部圏域; the 圏域 is shown. 三朝町 is 30 here so that, alone, it
    // would be shown: were release B to show it alone, 若桜町 = 東部圏域 − 三朝町.
    std::vector<TownRollupInput> towns = FiveTowns();
    towns[4].figures->assign(RollupMeasures().size(), 30);
    const PrefectureRollup a = RollUpPrefecture(Year(2024), towns, Eastern(3'000), {});
    ASSERT_EQ(a.rows.size(), 4U);
    EXPECT_EQ(CellText(a.rows[1].cells[kPersons]), "31");

    // The attack works against a naive release B (the threshold lowered, no memory of A) ...
    const PrefectureRollup naive = RollUpPrefecture(Year(2024), towns, Eastern(0), {});
    ASSERT_EQ(naive.rows.size(), 5U);
    EXPECT_EQ(AttackByDifferencing({a.release, naive.release}, kPersons).at("313254"), 1);

    // ... and fails against the real one: A fixed the rows of the 年度, and of its 上半期 too.
    const PrefectureRollup b = RollUpPrefecture(Year(2024), towns, Eastern(0), {a.release});
    EXPECT_EQ(b.rows.size(), 4U);
    EXPECT_TRUE(AttackByDifferencing({a.release, b.release}, kPersons).empty());
    const PrefectureRollup half = RollUpPrefecture(FirstHalf(2024), towns, Eastern(0), {a.release});
    EXPECT_EQ(half.rows.size(), 4U);
    // Another 年度 does not overlap: its rows follow the settings.
    EXPECT_EQ(RollUpPrefecture(Year(2025), towns, Eastern(0), {a.release}).rows.size(), 5U);
}

TEST(PrefectureRollup, WhatAReleaseHidAReleaseOfTheSamePeriodKeepsHidden) {
    // Release A: 若桜町 1, 三朝町 2 hidden. Then late entries: 若桜町 5, 三朝町 8 — each would be shown alone, and
    // with A's total the attacker would learn A's hidden 1 and 2 as differences... they stay hidden.
    const std::vector<TownRollupInput> before = FiveTowns();
    const PrefectureRollup a = RollUpPrefecture(Year(2024), before, {}, {});
    std::vector<TownRollupInput> after = before;
    after[1].figures->assign(RollupMeasures().size(), 5);
    after[4].figures->assign(RollupMeasures().size(), 8);
    const PrefectureRollup b = RollUpPrefecture(Year(2024), after, {}, {a.release});
    EXPECT_EQ(CellText(b.rows[1].cells[kPersons]), "χ");
    EXPECT_EQ(CellText(b.rows[4].cells[kPersons]), "χ");
    EXPECT_TRUE(AttackOneRelease(b).empty());
    EXPECT_TRUE(AttackByDifferencing({a.release, b.release}, kPersons).empty());
}

TEST(PrefectureRollup, TheYearMinusItsFirstHalfNeverGivesASmallSecondHalf) {
    // 上半期: 岩美町 20. 年度: 岩美町 21 — its 下半期 would be 1, so the 年度's figure is hidden (and another with it).
    std::vector<TownRollupInput> half = FiveTowns();
    half[0].figures->assign(RollupMeasures().size(), 20);
    const PrefectureRollup a = RollUpPrefecture(FirstHalf(2024), half, {}, {});
    EXPECT_EQ(CellText(a.rows[0].cells[kPersons]), "20");
    std::vector<TownRollupInput> year = half;
    year[0].figures->assign(RollupMeasures().size(), 21);
    const PrefectureRollup b = RollUpPrefecture(Year(2024), year, {}, {a.release});
    EXPECT_EQ(CellText(b.rows[0].cells[kPersons]), "χ");
    EXPECT_TRUE(AttackOneRelease(b).empty());
    // Every figure shown in both differs by 0 or by at least the floor, the 総計 included.
    for (std::size_t m = 0; m < RollupMeasures().size(); ++m) {
        for (std::size_t r = 0; r < b.rows.size(); ++r) {
            const auto before = a.release.rows[r].shown[m];
            const auto now = b.release.rows[r].shown[m];
            if (before && now) {
                EXPECT_FALSE(IsBelowFloor(std::llabs(*now - *before), 3)) << m << " " << r;
            }
        }
        if (a.release.totals[m] && b.release.totals[m]) {
            EXPECT_FALSE(IsBelowFloor(std::llabs(*b.release.totals[m] - *a.release.totals[m]), 3)) << m;
        }
    }
}

TEST(PrefectureRollup, RandomTownsNeverGiveAHiddenFigureBack) {
    std::mt19937 random(17);
    for (int round = 0; round < 300; ++round) {
        const int count = 2 + static_cast<int>(random() % 18);
        std::vector<TownRollupInput> towns;
        for (int t = 0; t < count; ++t) {
            std::vector<long long> figures;
            for (std::size_t m = 0; m < RollupMeasures().size(); ++m) {
                figures.push_back(random() % 3 == 0 ? static_cast<long long>(random() % 4)
                                                    : static_cast<long long>(random() % 60));
            }
            towns.push_back({.code = std::to_string(310000 + t * 10),
                             .name = "町" + std::to_string(t),
                             .population = 1000 + static_cast<std::int64_t>(random() % 20'000),
                             .figures = figures});
        }
        const int floor = random() % 2 == 0 ? 3 : 10;
        const PrefectureStatisticsSettings settings{.floor = floor, .merge_below_population = 0, .areas = {}};
        const PrefectureRollup a = RollUpPrefecture(FirstHalf(2024), towns, settings, {});
        EXPECT_TRUE(AttackOneRelease(a).empty()) << round;
        for (TownRollupInput& town : towns) {
            for (long long& value : *town.figures) value += static_cast<long long>(random() % 5);
        }
        const PrefectureRollup b = RollUpPrefecture(Year(2024), towns, settings, {a.release});
        EXPECT_TRUE(AttackOneRelease(b).empty()) << round;
        for (std::size_t m = 0; m < RollupMeasures().size(); ++m) {
            for (std::size_t r = 0; r < b.rows.size(); ++r) {
                const auto before = a.release.rows[r].shown[m];
                const auto now = b.release.rows[r].shown[m];
                if (before && now) {
                    EXPECT_FALSE(IsBelowFloor(std::llabs(*now - *before), floor)) << round;
                }
                // No figure below the floor is ever shown.
                if (now) {
                    EXPECT_FALSE(IsBelowFloor(*now, floor)) << round;
                }
            }
        }
    }
}

TEST(PrefectureRollup, SettingsAreCheckedNamingTheField) {
    const std::vector<std::string> towns{"313025", "313254", "313645"};
    EXPECT_TRUE(ValidatePrefectureStatisticsSettings({}, towns));
    EXPECT_EQ(ValidatePrefectureStatisticsSettings({.floor = 2, .merge_below_population = 0, .areas = {}}, towns)
                  .error()
                  .field,
              "floor");
    EXPECT_EQ(ValidatePrefectureStatisticsSettings({.floor = 10, .merge_below_population = -1, .areas = {}}, towns)
                  .error()
                  .field,
              "merge_below_population");
    EXPECT_EQ(ValidatePrefectureStatisticsSettings(
                  {.floor = 10, .merge_below_population = 0, .areas = {{"東部", {"313025", "999999"}}}}, towns)
                  .error()
                  .field,
              "areas");
    EXPECT_FALSE(ValidatePrefectureStatisticsSettings(
        {.floor = 10,
         .merge_below_population = 0,
         .areas = {{"東部", {"313025", "313254"}}, {"西部", {"313254", "313645"}}}},
        towns));
}

}  // namespace
}  // namespace kasane::domain
