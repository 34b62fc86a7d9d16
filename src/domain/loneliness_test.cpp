// SPDX-License-Identifier: Apache-2.0
// Outcomes: the national items coded as the survey codes them, the UCLA bands, answers checked, and the outcome
// report's distributions and paired changes, never mixing versions.

#include "domain/loneliness.hpp"

#include <gtest/gtest.h>

#include "domain/loneliness_service.hpp"

namespace kasane::domain {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

LonelinessMeasure Measure(std::int64_t id, std::int64_t person, int day_of_may, std::optional<int> direct,
                          std::optional<std::array<int, 3>> ucla, std::string version = "内閣府2024") {
    return LonelinessMeasure{
        .id = LonelinessMeasureId{id},
        .person_id = PersonId{person},
        .phase = MeasurePhase::kFollowUp,
        .administered_on = Date{year{2024}, month{5}, day{static_cast<unsigned>(day_of_may)}},
        .administered_by = UserId{1},
        .answers = {.version = std::move(version), .direct = direct, .ucla = ucla, .isolation = {}}};
}

TEST(Loneliness, TheDirectQuestionIsCodedInItsOwnOrderTamaniBelowTokidoki) {
    EXPECT_EQ(DirectAnswerLabel(1), "決してない");
    EXPECT_EQ(DirectAnswerLabel(3), "たまにある");
    EXPECT_EQ(DirectAnswerLabel(4), "時々ある");
    EXPECT_EQ(DirectAnswerLabel(5), "しばしばある・常にある");
    EXPECT_EQ(DirectAnswerLabel(6), "");
    EXPECT_EQ(UclaAnswerLabel(3), "時々ある");
    EXPECT_EQ(UclaAnswerLabel(4), "常にある");
}

TEST(Loneliness, TheUclaTotalFallsInTheSurveysBands) {
    EXPECT_EQ(UclaBandOf(3), UclaBand::k3);
    EXPECT_EQ(UclaBandOf(4), UclaBand::k4To6);
    EXPECT_EQ(UclaBandOf(6), UclaBand::k4To6);
    EXPECT_EQ(UclaBandOf(7), UclaBand::k7To9);
    EXPECT_EQ(UclaBandOf(9), UclaBand::k7To9);
    EXPECT_EQ(UclaBandOf(10), UclaBand::k10To12);
    EXPECT_EQ(UclaBandOf(12), UclaBand::k10To12);
    LonelinessAnswers answers{.version = "v", .direct = {}, .ucla = std::array<int, 3>{4, 3, 4}, .isolation = {}};
    EXPECT_EQ(answers.UclaTotal(), 11);
}

TEST(Loneliness, AnswersOutOfRangeOrNoneAtAllAreRefusedNamingTheField) {
    LonelinessAnswers answers{.version = "v", .direct = 6, .ucla = {}, .isolation = {}};
    EXPECT_EQ(CheckLonelinessAnswers(answers).error().field, "direct");
    answers.direct = 0;
    EXPECT_FALSE(CheckLonelinessAnswers(answers));
    answers.direct = 5;
    EXPECT_TRUE(CheckLonelinessAnswers(answers));
    answers.ucla = std::array<int, 3>{1, 5, 1};
    EXPECT_EQ(CheckLonelinessAnswers(answers).error().field, "ucla");
    answers.ucla.reset();
    answers.version.clear();
    EXPECT_EQ(CheckLonelinessAnswers(answers).error().field, "version");
    const LonelinessAnswers empty{.version = "v", .direct = {}, .ucla = {}, .isolation = {}};
    EXPECT_FALSE(CheckLonelinessAnswers(empty));
    LonelinessAnswers isolation_only{.version = "v", .direct = {}, .ucla = {}, .isolation = {}};
    isolation_only.isolation.has_someone_to_rely_on = false;
    EXPECT_TRUE(CheckLonelinessAnswers(isolation_only));
    isolation_only.isolation.family_contact_by_phone = 7;
    EXPECT_EQ(CheckLonelinessAnswers(isolation_only).error().field, "family_contact_by_phone");
}

TEST(Loneliness, TheOutcomeCountsFirstAndLatestAndPairsEachPersonsChange) {
    const std::vector<LonelinessMeasure> measures = {
        // Person 1: 時々ある (4), UCLA 10 → たまにある (3), UCLA 7: better on both.
        Measure(2, 1, 20, 3, std::array<int, 3>{2, 3, 2}),
        Measure(1, 1, 1, 4, std::array<int, 3>{4, 3, 3}),
        // Person 2: one measure only: counted in both distributions, not paired.
        Measure(3, 2, 2, 5, std::nullopt),
        // Person 3: ほとんどない (2) → 時々ある (4): worse.
        Measure(4, 3, 3, 2, std::nullopt),
        Measure(5, 3, 30, 4, std::nullopt),
    };
    const auto outcomes = LonelinessOutcomes(measures);
    ASSERT_EQ(outcomes.size(), 1U);
    const LonelinessOutcome& outcome = outcomes.front();
    EXPECT_EQ(outcome.at_intake.direct_persons, 3);
    EXPECT_EQ(outcome.at_intake.direct[3], 1);  // 時々ある: person 1 at first
    EXPECT_EQ(outcome.at_intake.direct[1], 1);  // ほとんどない: person 3 at first
    EXPECT_EQ(outcome.latest.direct[2], 1);     // たまにある: person 1 latest
    EXPECT_EQ(outcome.latest.direct[3], 1);     // 時々ある: person 3 latest
    EXPECT_EQ(outcome.at_intake.ucla[static_cast<std::size_t>(UclaBand::k10To12)], 1);
    EXPECT_EQ(outcome.latest.ucla[static_cast<std::size_t>(UclaBand::k7To9)], 1);
    EXPECT_EQ(outcome.direct_change.persons, 2);
    EXPECT_EQ(outcome.direct_change.better, 1);
    EXPECT_EQ(outcome.direct_change.worse, 1);
    EXPECT_DOUBLE_EQ(outcome.direct_change.mean_change, 0.5);  // (−1 + 2) / 2
    EXPECT_EQ(outcome.ucla_change.persons, 1);
    EXPECT_EQ(outcome.ucla_change.better, 1);
    EXPECT_DOUBLE_EQ(outcome.ucla_change.mean_change, -3.0);
}

TEST(Loneliness, VersionsAreNeverMixed) {
    const std::vector<LonelinessMeasure> measures = {
        Measure(1, 1, 1, 5, std::nullopt, "旧版"),
        Measure(2, 1, 20, 1, std::nullopt, "新版"),
    };
    const auto outcomes = LonelinessOutcomes(measures);
    ASSERT_EQ(outcomes.size(), 2U);
    EXPECT_EQ(outcomes[0].version, "旧版");
    EXPECT_EQ(outcomes[1].version, "新版");
    EXPECT_EQ(outcomes[0].direct_change.persons, 0);  // no pair across versions
    EXPECT_EQ(outcomes[1].direct_change.persons, 0);
}

TEST(Loneliness, TheNationalDistributionIsAReferenceWithItsSource) {
    const auto& reference = NationalDirectReference();
    ASSERT_EQ(reference.size(), 3U);
    double lonely = 0;
    for (const NationalReference& row : reference) {
        EXPECT_NE(row.source.find("人々のつながりに関する基礎調査"), std::string_view::npos);
        lonely += row.percent;
    }
    EXPECT_NEAR(lonely, 39.3, 1e-9);  // 孤独感がある 計, as published
}

// The consultation page's change: per version, the person's first and latest answer of each instrument.
TEST(Loneliness, APersonsChangeIsFromTheFirstToTheLatestOfEachVersion) {
    const std::vector<LonelinessMeasure> measures = {
        Measure(3, 1, 20, 2, std::array<int, 3>{2, 2, 1}),
        Measure(1, 1, 1, 4, std::array<int, 3>{3, 3, 3}),
        Measure(2, 1, 10, std::nullopt, std::nullopt, "旧版"),
        Measure(4, 1, 12, 3, std::nullopt),
    };
    const auto changes = ChangesOf(measures);
    ASSERT_EQ(changes.size(), 2U);
    EXPECT_EQ(changes[0].version, "内閣府2024");  // in the order the versions first appear
    EXPECT_EQ(changes[0].measures, 3);
    EXPECT_EQ(changes[0].direct_first, 4);   // 1 May
    EXPECT_EQ(changes[0].direct_latest, 2);  // 20 May, not the 12 May one listed last
    EXPECT_EQ(changes[0].ucla_first, 9);
    EXPECT_EQ(changes[0].ucla_latest, 5);
    EXPECT_EQ(changes[1].version, "旧版");
    EXPECT_FALSE(changes[1].direct_first.has_value());
    EXPECT_TRUE(ChangesOf({}).empty());
}

// The report as a reader sees it: exact for the town's staff; small cells hidden, with their totals, for others.
TEST(Loneliness, TheOutcomeIsShownExactOrWithSmallCellsHidden) {
    std::vector<LonelinessMeasure> measures;
    for (std::int64_t person = 1; person <= 5; ++person) {
        measures.push_back(Measure(person * 10, person, 1, 4, std::array<int, 3>{3, 3, 3}));
        measures.push_back(Measure(person * 10 + 1, person, 20, person == 1 ? 5 : 2, std::array<int, 3>{2, 2, 2}));
    }
    const auto outcomes = LonelinessOutcomes(measures);
    ASSERT_EQ(outcomes.size(), 1U);
    const ShownOutcome exact = ShowLonelinessOutcome(outcomes[0], Figures::kExact);
    EXPECT_EQ(exact.at_intake.direct[3], ShownCount::Exact(5));  // 時々ある
    EXPECT_EQ(exact.latest.direct[4], ShownCount::Exact(1));     // しばしばある・常にある
    EXPECT_EQ(exact.latest.direct_persons, ShownCount::Exact(5));
    EXPECT_EQ(exact.direct_change.better, ShownCount::Exact(4));
    EXPECT_EQ(exact.direct_change.worse, ShownCount::Exact(1));
    ASSERT_TRUE(exact.direct_change.mean_change.has_value());
    EXPECT_DOUBLE_EQ(*exact.direct_change.mean_change, (4 * -2.0 + 1) / 5);
    EXPECT_EQ(exact.ucla_change.better, ShownCount::Exact(5));

    const ShownOutcome hidden = ShowLonelinessOutcome(outcomes[0], Figures::kSmallCellsSuppressed);
    EXPECT_TRUE(hidden.latest.direct[4].IsSuppressed());  // the one person who got worse
    EXPECT_TRUE(hidden.direct_change.worse.IsSuppressed());
    // The total beside a hidden cell would give it back: something else in the row is hidden too.
    EXPECT_TRUE(hidden.latest.direct[1].IsSuppressed() || hidden.latest.direct_persons.IsSuppressed());
    EXPECT_EQ(hidden.at_intake.direct[3], ShownCount::Exact(5));
}

// The town's own alert level counts persons at or above it, first and latest, one version at a time.
TEST(Loneliness, TheLocalAlertLevelCountsPersonsAtOrAboveItFirstAndLatest) {
    const std::vector<LonelinessMeasure> measures = {
        Measure(1, 1, 1, std::nullopt, std::array<int, 3>{3, 3, 3}),   // 9
        Measure(2, 1, 20, std::nullopt, std::array<int, 3>{2, 2, 1}),  // 5
        Measure(3, 2, 2, std::nullopt, std::array<int, 3>{4, 4, 4}),   // 12, one measure: first and latest
        Measure(4, 3, 2, 5, std::nullopt),                             // no UCLA answer
        Measure(5, 4, 2, std::nullopt, std::array<int, 3>{4, 4, 4}, "旧版"),
    };
    const LocalAlertCounts counts = AtOrAboveLocalLevel(measures, "内閣府2024", 9);
    EXPECT_EQ(counts.at_intake, 2);
    EXPECT_EQ(counts.latest, 1);
    EXPECT_EQ(AtOrAboveLocalLevel(measures, "旧版", 9).latest, 1);
    EXPECT_EQ(AtOrAboveLocalLevel(measures, "内閣府2024", 13).at_intake, 0);
}

// The report's file: a row per version and time point, the change, and the reference; χ as on the page.
TEST(Loneliness, TheReportFileHoldsTheTablesAndTheReference) {
    std::vector<LonelinessMeasure> measures = {Measure(1, 1, 1, 4, std::array<int, 3>{3, 3, 3}),
                                               Measure(2, 1, 20, 2, std::array<int, 3>{2, 2, 1})};
    LonelinessReport report{.period = {},
                            .label = "令和6年度",
                            .computed_at = {},
                            .figures = Figures::kExact,
                            .outcomes = {ShowLonelinessOutcome(LonelinessOutcomes(measures).at(0), Figures::kExact)}};
    ReportFile file = LonelinessFile(report);
    ASSERT_EQ(file.sections.size(), 4U);
    EXPECT_EQ(file.sections[0].name, "直接質問");
    ASSERT_EQ(file.sections[0].rows.size(), 2U);                     // 受付時, 最新
    EXPECT_EQ(CellText(file.sections[0].rows[0].cells.at(5)), "1");  // 時々ある at intake
    EXPECT_EQ(CellText(file.sections[2].rows[0].cells.at(3)), "1");  // 改善
    EXPECT_EQ(CellText(file.sections[2].rows[0].cells.at(6)), "-2.00");
    EXPECT_EQ(file.sections[3].name, "全国（参考・母集団）");
    EXPECT_EQ(file.sections[3].rows.size(), 3U);

    report.figures = Figures::kSmallCellsSuppressed;
    report.outcomes = {ShowLonelinessOutcome(LonelinessOutcomes(measures).at(0), Figures::kSmallCellsSuppressed)};
    file = LonelinessFile(report);
    EXPECT_EQ(CellText(file.sections[0].rows[0].cells.at(5)), "χ");
    EXPECT_EQ(CellText(file.sections[2].rows[0].cells.at(6)), "χ");
}

}  // namespace
}  // namespace kasane::domain
