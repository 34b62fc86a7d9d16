// SPDX-License-Identifier: Apache-2.0
// 実施計画と評価: the actual of each 評価指標 taken from the records' counts (or typed, for 手入力 only), the 達成率,
// the rules refusing bad input (an unknown 年度, a negative target or actual, an unknown kind), and who keeps and
// who reads a plan.

#include "domain/evaluation_plan.hpp"

#include <gtest/gtest.h>

#include "domain/access_policy.hpp"

namespace kasane::domain {
namespace {

EvaluationPlan Plan() { return EvaluationPlan{.name = "第1期 実施計画", .first_year = 2024, .last_year = 2026}; }

TEST(EvaluationIndicator, TheActualIsTheRecordsCountOfItsKind) {
    const RecordCounts counts{.contacts = 120,
                              .persons = 45,
                              .meetings = 12,
                              .cases_opened = 7,
                              .outreach_persons = 3,
                              .participation_persons = 9,
                              .cooperating_hosts = 4,
                              .community_places = 6,
                              .community_participants = 310,
                              .trainees = 95};
    EvaluationIndicator indicator{.kind = IndicatorKind::kConsultationContacts};
    EXPECT_EQ(ActualOf(indicator, 2024, counts), 120);
    indicator.kind = IndicatorKind::kSupportMeetings;
    EXPECT_EQ(ActualOf(indicator, 2024, counts), 12);
    indicator.kind = IndicatorKind::kCooperatingHosts;
    EXPECT_EQ(ActualOf(indicator, 2024, counts), 4);
    indicator.kind = IndicatorKind::kCommunityPlaces;
    EXPECT_EQ(ActualOf(indicator, 2024, counts), 6);
    indicator.kind = IndicatorKind::kTrainees;
    EXPECT_EQ(ActualOf(indicator, 2024, counts), 95);
    // A typed actual of a counted kind is never used: the records answer.
    indicator.years = {{.fiscal_year = 2024, .target = 100, .manual_actual = 1}};
    EXPECT_EQ(ActualOf(indicator, 2024, counts), 95);
    // A count not read (a 年度 not begun) leaves the actual absent.
    EXPECT_EQ(ActualOf(indicator, 2025, RecordCounts{}), std::nullopt);
}

TEST(EvaluationIndicator, AManualIndicatorsActualIsTheOneTypedForThatYear) {
    EvaluationIndicator indicator{.kind = IndicatorKind::kManual, .name = "関係機関の連携満足度"};
    indicator.years = {{.fiscal_year = 2024, .target = 80, .manual_actual = 72},
                       {.fiscal_year = 2025, .target = 85, .manual_actual = std::nullopt}};
    EXPECT_EQ(ActualOf(indicator, 2024, RecordCounts{.contacts = 5}), 72);
    EXPECT_EQ(ActualOf(indicator, 2025, RecordCounts{}), std::nullopt);
    EXPECT_EQ(ActualOf(indicator, 2026, RecordCounts{}), std::nullopt);
}

TEST(EvaluationIndicator, AchievementRateIsActualOverTarget) {
    ASSERT_TRUE(AchievementRate(120, 90).has_value());
    EXPECT_DOUBLE_EQ(*AchievementRate(120, 90), 75.0);
    EXPECT_DOUBLE_EQ(*AchievementRate(10, 12), 120.0);
    EXPECT_EQ(AchievementRate(0, 5), std::nullopt);
    EXPECT_EQ(AchievementRate(std::nullopt, 5), std::nullopt);
    EXPECT_EQ(AchievementRate(10, std::nullopt), std::nullopt);
    EXPECT_EQ(AchievementRateText(75.0), "75.0%");
    EXPECT_EQ(AchievementRateText(std::nullopt), "—");
}

TEST(EvaluationPlanRules, RefusesBadInputNamingTheField) {
    EXPECT_TRUE(ValidatePlan(Plan()));
    EvaluationPlan plan = Plan();
    plan.name.clear();
    EXPECT_EQ(ValidatePlan(plan).error().field, "name");
    plan = Plan();
    plan.first_year = 1999;
    EXPECT_EQ(ValidatePlan(plan).error().field, "first_year");
    plan = Plan();
    plan.last_year = 2023;
    EXPECT_EQ(ValidatePlan(plan).error().field, "last_year");
    plan.last_year = 2034;
    EXPECT_EQ(ValidatePlan(plan).error().field, "last_year");

    EXPECT_TRUE(ValidateIndicatorYear(Plan(), IndicatorKind::kTrainees, {.fiscal_year = 2025, .target = 100}));
    EXPECT_EQ(
        ValidateIndicatorYear(Plan(), IndicatorKind::kTrainees, {.fiscal_year = 2027, .target = 100}).error().field,
        "fiscal_year");
    EXPECT_EQ(
        ValidateIndicatorYear(Plan(), IndicatorKind::kTrainees, {.fiscal_year = 2024, .target = -1}).error().field,
        "target");
    EXPECT_EQ(
        ValidateIndicatorYear(Plan(), IndicatorKind::kTrainees, {.fiscal_year = 2024, .target = 1, .manual_actual = 3})
            .error()
            .field,
        "actual");
    EXPECT_EQ(
        ValidateIndicatorYear(Plan(), IndicatorKind::kManual, {.fiscal_year = 2024, .target = 1, .manual_actual = -3})
            .error()
            .field,
        "actual");
    EXPECT_TRUE(
        ValidateIndicatorYear(Plan(), IndicatorKind::kManual, {.fiscal_year = 2024, .target = 1, .manual_actual = 3}));

    EXPECT_EQ(ParseIndicatorKind("trainees"), IndicatorKind::kTrainees);
    EXPECT_EQ(ParseIndicatorKind("unknown"), std::nullopt);
    for (IndicatorKind kind : kAllIndicatorKinds) EXPECT_EQ(ParseIndicatorKind(IndicatorKindCode(kind)), kind);
    EXPECT_EQ(ValidateIndicator({.kind = IndicatorKind::kManual}).error().field, "name");
    EXPECT_TRUE(ValidateIndicator({.kind = IndicatorKind::kTrainees}));
}

TEST(ActionPlanRules, AnItemOfThePlansYearsWithAnOwner) {
    ActionItem item{.fiscal_year = 2024, .item = "相談窓口の周知", .owner = "福祉課"};
    EXPECT_TRUE(ValidateActionItem(Plan(), item));
    item.fiscal_year = 2030;
    EXPECT_EQ(ValidateActionItem(Plan(), item).error().field, "fiscal_year");
    item.fiscal_year = 2024;
    item.owner.clear();
    EXPECT_EQ(ValidateActionItem(Plan(), item).error().field, "owner");
    EXPECT_EQ(ParseActionItemStatus("in_progress"), ActionItemStatus::kInProgress);
    EXPECT_EQ(ActionItemStatusLabel(ActionItemStatus::kCancelled), "中止");
    EXPECT_EQ(ParseActionRating("B"), ActionRating::kB);
    EXPECT_EQ(ParseActionRating("D"), std::nullopt);
}

TEST(EvaluationPlanAccess, CoordinatorsAndAdministratorsKeepCaseworkersReadOthersNothing) {
    Principal coordinator;
    coordinator.user.roles = {Role::kCoordinator};
    EXPECT_TRUE(MayKeepEvaluationPlan(coordinator, OrganizationKind::kMunicipalDivision));
    EXPECT_FALSE(MayKeepEvaluationPlan(coordinator, OrganizationKind::kSocialWelfareCouncil));
    EXPECT_FALSE(MayReadEvaluationPlan(coordinator, OrganizationKind::kNpo));
    Principal administrator;
    administrator.user.roles = {Role::kMunicipalAdministrator};
    EXPECT_TRUE(MayKeepEvaluationPlan(administrator, OrganizationKind::kMunicipalDivision));
    Principal caseworker;
    caseworker.user.roles = {Role::kCaseworker};
    EXPECT_FALSE(MayKeepEvaluationPlan(caseworker, OrganizationKind::kMunicipalDivision));
    EXPECT_TRUE(MayReadEvaluationPlan(caseworker, OrganizationKind::kMunicipalDivision));
    EXPECT_FALSE(MayReadEvaluationPlan(caseworker, OrganizationKind::kSocialWelfareCouncil));
    Principal volunteer;
    volunteer.user.roles = {Role::kWelfareVolunteer};
    EXPECT_FALSE(MayReadEvaluationPlan(volunteer, OrganizationKind::kMunicipalDivision));
    Principal analyst;
    analyst.user.roles = {Role::kPrefectureAnalyst};
    EXPECT_FALSE(MayReadEvaluationPlan(analyst, OrganizationKind::kMunicipalDivision));
}

}  // namespace
}  // namespace kasane::domain
