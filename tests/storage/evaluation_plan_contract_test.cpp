// SPDX-License-Identifier: Apache-2.0
// The storage contract of 実施計画と評価 (domain/evaluation_plan_repositories.hpp, migrations 44 and 51: the plans, and
// the 事業別実績 and 関係者調査 beside them): on SQLite (a fresh
// file per test) and on PostgreSQL (the throwaway cluster, schema recreated per test), like
// community_contract_test.cpp. The PostgreSQL cases fail, never skip, when the cluster is missing.

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <filesystem>
#include <string>
#include <vector>

#include "base/log.hpp"
#include "contract_support.hpp"
#include "domain/evaluation_plan_repositories.hpp"
#include "domain/repositories.hpp"
#include "storage/evaluation_plan_port.hpp"
#include "storage/open_store.hpp"

namespace kasane::storage {
namespace {

using domain::ActionItem;
using domain::EvaluationIndicator;
using domain::EvaluationPlan;
using domain::IndicatorKind;

const std::string& PostgresUrl() {
    static const std::string url = CreateDatabase("evaluation_plan_contract");
    return url;
}

class EvaluationPlanContractTest : public TwoTownStoreTest {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(OpenTwoTowns(PostgresUrl));
        a_plans_ = EvaluationPlansOf(*ta_);
        b_plans_ = EvaluationPlansOf(*tb_);
        ASSERT_NE(a_plans_, nullptr);
    }

    void TearDown() override {
        a_plans_.reset();
        b_plans_.reset();
        TwoTownStoreTest::TearDown();
    }

    EvaluationPlan Plan() {
        return EvaluationPlan{.name = "第1期 重層的支援体制整備事業実施計画",
                              .first_year = 2024,
                              .last_year = 2026,
                              .created_by = staff_,
                              .created_at = At(2024, 4, 1)};
    }

    std::unique_ptr<domain::EvaluationPlanRepository> a_plans_, b_plans_;
};

TEST_P(EvaluationPlanContractTest, PlansIndicatorsTargetsAndActionsRoundTrip) {
    auto plan = a_plans_->AddPlan(Plan());
    ASSERT_OK(plan);
    auto indicator = a_plans_->AddIndicator(EvaluationIndicator{.plan_id = plan->id,
                                                                .kind = IndicatorKind::kTrainees,
                                                                .name = "研修受講者数",
                                                                .unit = "人",
                                                                .created_by = staff_,
                                                                .created_at = At(2024, 4, 2)});
    ASSERT_OK(indicator);
    auto manual = a_plans_->AddIndicator(EvaluationIndicator{.plan_id = plan->id,
                                                             .kind = IndicatorKind::kManual,
                                                             .name = "連携満足度",
                                                             .unit = "%",
                                                             .created_by = staff_,
                                                             .created_at = At(2024, 4, 2)});
    ASSERT_OK(manual);
    ASSERT_OK(a_plans_->SetYear(indicator->id, {.fiscal_year = 2025, .target = 120}));
    ASSERT_OK(a_plans_->SetYear(indicator->id, {.fiscal_year = 2024, .target = 90}));
    // Setting a 年度 again replaces it.
    ASSERT_OK(a_plans_->SetYear(indicator->id, {.fiscal_year = 2024, .target = 100}));
    ASSERT_OK(a_plans_->SetYear(manual->id, {.fiscal_year = 2024, .target = 80, .manual_actual = 72}));
    auto indicators = a_plans_->Indicators(plan->id);
    ASSERT_OK(indicators);
    ASSERT_EQ(indicators->size(), 2U);
    const EvaluationIndicator& trainees = (*indicators)[0];
    EXPECT_EQ(trainees.kind, IndicatorKind::kTrainees);
    EXPECT_EQ(trainees.name, "研修受講者数");
    ASSERT_EQ(trainees.years.size(), 2U);
    EXPECT_EQ(trainees.years[0].fiscal_year, 2024);
    EXPECT_EQ(trainees.years[0].target, 100);
    EXPECT_EQ(trainees.years[0].manual_actual, std::nullopt);
    EXPECT_EQ(trainees.years[1].target, 120);
    auto typed = a_plans_->GetIndicator(manual->id);
    ASSERT_OK(typed);
    ASSERT_EQ(typed->years.size(), 1U);
    EXPECT_EQ(typed->years[0].manual_actual, 72);

    auto action = a_plans_->AddAction(ActionItem{.plan_id = plan->id,
                                                 .fiscal_year = 2024,
                                                 .item = "相談窓口の周知",
                                                 .owner = "福祉課",
                                                 .created_by = staff_,
                                                 .created_at = At(2024, 4, 3)});
    ASSERT_OK(action);
    EXPECT_EQ(action->status, domain::ActionItemStatus::kNotStarted);
    ActionItem done = *action;
    done.status = domain::ActionItemStatus::kDone;
    done.evaluation = "広報誌に2回掲載";
    done.rating = domain::ActionRating::kA;
    ASSERT_OK(a_plans_->UpdateAction(done));
    auto actions = a_plans_->Actions(plan->id);
    ASSERT_OK(actions);
    ASSERT_EQ(actions->size(), 1U);
    EXPECT_EQ((*actions)[0].status, domain::ActionItemStatus::kDone);
    EXPECT_EQ((*actions)[0].evaluation, "広報誌に2回掲載");
    EXPECT_EQ((*actions)[0].rating, domain::ActionRating::kA);
    auto plans = a_plans_->Plans();
    ASSERT_OK(plans);
    ASSERT_EQ(plans->size(), 1U);
    EXPECT_EQ((*plans)[0].name, "第1期 重層的支援体制整備事業実施計画");
    EXPECT_EQ((*plans)[0].last_year, 2026);
}

TEST_P(EvaluationPlanContractTest, TheOtherTownSeesAndChangesNothingAndTheChecksHold) {
    auto plan = a_plans_->AddPlan(Plan());
    ASSERT_OK(plan);
    EXPECT_TRUE(b_plans_->GetPlan(plan->id).error().Is(ErrorCode::kNotFound));
    EXPECT_TRUE(b_plans_->Plans()->empty());
    auto foreign = b_plans_->AddIndicator(EvaluationIndicator{
        .plan_id = plan->id, .kind = IndicatorKind::kTrainees, .created_by = b_staff_, .created_at = At(2024, 4, 2)});
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().field, "plan_id");
    auto indicator = a_plans_->AddIndicator(EvaluationIndicator{
        .plan_id = plan->id, .kind = IndicatorKind::kTrainees, .created_by = staff_, .created_at = At(2024, 4, 2)});
    ASSERT_OK(indicator);
    EXPECT_FALSE(b_plans_->SetYear(indicator->id, {.fiscal_year = 2024, .target = 1}));
    // The database's last guard: no negative target.
    EXPECT_FALSE(a_plans_->SetYear(indicator->id, {.fiscal_year = 2024, .target = -1}));
    EXPECT_TRUE(a_plans_->GetIndicator(indicator->id)->years.empty());
    auto action = a_plans_->AddAction(ActionItem{.plan_id = plan->id,
                                                 .fiscal_year = 2024,
                                                 .item = "周知",
                                                 .owner = "福祉課",
                                                 .created_by = staff_,
                                                 .created_at = At(2024, 4, 3)});
    ASSERT_OK(action);
    EXPECT_FALSE(b_plans_->UpdateAction(*action));
    EXPECT_TRUE(b_plans_->GetAction(action->id).error().Is(ErrorCode::kNotFound));
}

domain::ProgramResult Commissioned(UserId by, std::vector<domain::Contractor> contractors) {
    return domain::ProgramResult{.fiscal_year = 2024,
                                 .program = domain::SubProgramme::kParticipation,
                                 .operation = domain::Operation::kCommissioned,
                                 .contractors = std::move(contractors),
                                 .activities = "就労体験の受入先開拓",
                                 .updated_by = by,
                                 .updated_at = At(2024, 5, 1)};
}

TEST_P(EvaluationPlanContractTest, AProgramResultIsSetAndReplacedWithItsContractorsInOrder) {
    auto set = a_plans_->SetProgramResult(Commissioned(
        staff_,
        {{.organization_id = org_, .name = ""}, {.organization_id = std::nullopt, .name = "NPO法人 ほくえい"}}));
    ASSERT_OK(set);
    domain::ProgramResult direct{.fiscal_year = 2024,
                                 .program = domain::SubProgramme::kIntake,
                                 .operation = domain::Operation::kDirect,
                                 .contractors = {},
                                 .activities = "",
                                 .updated_by = staff_,
                                 .updated_at = At(2024, 5, 2)};
    ASSERT_OK(a_plans_->SetProgramResult(direct));
    auto results = a_plans_->ProgramResults(2024);
    ASSERT_OK(results);
    ASSERT_EQ(results->size(), 2U);
    // The order of the five 事業, not of recording.
    EXPECT_EQ((*results)[0].program, domain::SubProgramme::kIntake);
    const domain::ProgramResult& participation = (*results)[1];
    EXPECT_EQ(participation.operation, domain::Operation::kCommissioned);
    EXPECT_EQ(participation.activities, "就労体験の受入先開拓");
    ASSERT_EQ(participation.contractors.size(), 2U);
    EXPECT_EQ(participation.contractors[0].organization_id, org_);
    EXPECT_EQ(participation.contractors[1].name, "NPO法人 ほくえい");
    // Setting it again replaces the record and its contractors, keeping its id.
    auto again = a_plans_->SetProgramResult(
        Commissioned(staff_, {{.organization_id = std::nullopt, .name = "北栄町社会福祉協議会"}}));
    ASSERT_OK(again);
    EXPECT_EQ(again->id, set->id);
    results = a_plans_->ProgramResults(2024);
    ASSERT_OK(results);
    ASSERT_EQ((*results)[1].contractors.size(), 1U);
    EXPECT_EQ((*results)[1].contractors[0].name, "北栄町社会福祉協議会");
    EXPECT_TRUE(a_plans_->ProgramResults(2023)->empty());
    // The other town sees nothing, and may not name this town's organisation as its 委託先.
    EXPECT_TRUE(b_plans_->ProgramResults(2024)->empty());
    auto foreign = b_plans_->SetProgramResult(Commissioned(b_staff_, {{.organization_id = org_, .name = ""}}));
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().field, "contractors");
    EXPECT_TRUE(b_plans_->ProgramResults(2024)->empty());
}

TEST_P(EvaluationPlanContractTest, ASurveyKeepsItsItemsAndEachAgencysCounts) {
    auto survey = a_plans_->AddSurvey(domain::StakeholderSurvey{
        .title = "関係者調査（平成30年度）",
        .fiscal_year = 2018,
        .conducted_on = domain::Date{std::chrono::year{2018}, std::chrono::month{10}, std::chrono::day{1}},
        .items = {"複合的課題を抱える世帯（世帯数）", "ひきこもり状態にある方（人数）"},
        .created_by = staff_,
        .created_at = At(2024, 6, 1)});
    ASSERT_OK(survey);
    ASSERT_OK(a_plans_->AddSurveyResponse(domain::SurveyResponse{.survey_id = survey->id,
                                                                 .organization_id = org_,
                                                                 .agency = "",
                                                                 .counts = {70, 30},
                                                                 .created_by = staff_,
                                                                 .created_at = At(2024, 6, 2)}));
    ASSERT_OK(a_plans_->AddSurveyItem(survey->id, "8050世帯（世帯数）"));
    ASSERT_OK(a_plans_->AddSurveyResponse(domain::SurveyResponse{.survey_id = survey->id,
                                                                 .organization_id = std::nullopt,
                                                                 .agency = "民生委員児童委員協議会",
                                                                 .counts = {42, std::nullopt, 5},
                                                                 .created_by = staff_,
                                                                 .created_at = At(2024, 6, 3)}));
    auto read = a_plans_->GetSurvey(survey->id);
    ASSERT_OK(read);
    EXPECT_EQ(read->items.size(), 3U);
    EXPECT_EQ(read->items[2], "8050世帯（世帯数）");
    EXPECT_EQ(read->conducted_on, survey->conducted_on);
    auto responses = a_plans_->SurveyResponses(survey->id);
    ASSERT_OK(responses);
    ASSERT_EQ(responses->size(), 2U);
    EXPECT_EQ((*responses)[0].organization_id, org_);
    EXPECT_EQ((*responses)[0].counts, (std::vector<std::optional<long long>>{70, 30}));
    EXPECT_EQ((*responses)[1].agency, "民生委員児童委員協議会");
    EXPECT_EQ((*responses)[1].counts, (std::vector<std::optional<long long>>{42, std::nullopt, 5}));
    ASSERT_EQ(a_plans_->Surveys()->size(), 1U);
    // The other town sees none of it and cannot answer it; the database refuses a negative count.
    EXPECT_TRUE(b_plans_->GetSurvey(survey->id).error().Is(ErrorCode::kNotFound));
    EXPECT_TRUE(b_plans_->Surveys()->empty());
    auto foreign = b_plans_->AddSurveyResponse(domain::SurveyResponse{.survey_id = survey->id,
                                                                      .agency = "よその機関",
                                                                      .counts = {1, 1},
                                                                      .created_by = b_staff_,
                                                                      .created_at = At(2024, 6, 4)});
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().field, "survey_id");
    EXPECT_FALSE(a_plans_->AddSurveyResponse(domain::SurveyResponse{.survey_id = survey->id,
                                                                    .agency = "保健センター",
                                                                    .counts = {-1},
                                                                    .created_by = staff_,
                                                                    .created_at = At(2024, 6, 4)}));
    EXPECT_EQ(a_plans_->SurveyResponses(survey->id)->size(), 2U);
}

INSTANTIATE_TEST_SUITE_P(Backends, EvaluationPlanContractTest, testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace kasane::storage
