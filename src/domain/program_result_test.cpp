// SPDX-License-Identifier: Apache-2.0
// 事業別実績 and 関係者調査: the counts shown beside each 事業 are the 評価指標's record counts, 委託 needs a 委託先
// and 直営 has none, a survey's counts are whole numbers ≥ 0 summed per item, and the files carry the 年度 in 和暦.

#include "domain/program_result.hpp"

#include <gtest/gtest.h>

#include "domain/stakeholder_survey.hpp"

namespace kasane::domain {
namespace {

const Date kToday{std::chrono::year{2024}, std::chrono::month{10}, std::chrono::day{1}};

ProgramResult Participation() {
    return ProgramResult{.fiscal_year = 2024,
                         .program = SubProgramme::kParticipation,
                         .operation = Operation::kCommissioned,
                         .contractors = {{.organization_id = std::nullopt, .name = "北栄町社会福祉協議会"}},
                         .activities = "就労体験の受入先開拓"};
}

TEST(ProgramResult, EachProgramShowsItsOwnRecordCounts) {
    const RecordCounts counts{.contacts = 120,
                              .persons = 45,
                              .meetings = 12,
                              .cases_opened = 7,
                              .outreach_persons = 3,
                              .outreach_visits = 11,
                              .participation_persons = 9,
                              .cooperating_hosts = 4,
                              .community_places = 6,
                              .community_participants = 310};
    const auto intake = ProgramCountsOf(SubProgramme::kIntake, counts);
    ASSERT_EQ(intake.size(), 2U);
    EXPECT_EQ(intake[0].value, 120);
    EXPECT_EQ(intake[1].value, 45);
    EXPECT_EQ(ProgramCountsOf(SubProgramme::kCollaboration, counts)[1].value, 12);
    EXPECT_EQ(ProgramCountsOf(SubProgramme::kOutreach, counts)[1].value, 11);
    EXPECT_EQ(ProgramCountsOf(SubProgramme::kParticipation, counts)[0].value, 9);
    EXPECT_EQ(ProgramCountsOf(SubProgramme::kCommunity, counts)[1].value, 310);
    // A count not read stays unknown, never 0.
    EXPECT_EQ(ProgramCountsOf(SubProgramme::kParticipation, RecordCounts{})[0].value, std::nullopt);
}

TEST(ProgramResult, CodesRoundTripAndAnUnknownProgramIsRefused) {
    for (SubProgramme program : kAllSubProgrammes) EXPECT_EQ(ParseSubProgramme(SubProgrammeCode(program)), program);
    for (Operation operation : kAllOperations) EXPECT_EQ(ParseOperation(OperationCode(operation)), operation);
    EXPECT_EQ(ParseSubProgramme("housing"), std::nullopt);
    EXPECT_EQ(SubProgrammeLabel(SubProgramme::kParticipation), "参加支援事業");
    EXPECT_EQ(OperationLabel(Operation::kPartlyCommissioned), "一部委託");
}

TEST(ProgramResult, CommissionedNeedsAContractorAndDirectHasNone) {
    EXPECT_TRUE(ValidateProgramResult(Participation(), kToday));
    ProgramResult without = Participation();
    without.contractors.clear();
    auto refused = ValidateProgramResult(without, kToday);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "contractors");
    without.operation = Operation::kPartlyCommissioned;
    EXPECT_FALSE(ValidateProgramResult(without, kToday));
    without.operation = Operation::kDirect;
    EXPECT_TRUE(ValidateProgramResult(without, kToday));
    ProgramResult direct = Participation();
    direct.operation = Operation::kDirect;
    EXPECT_EQ(ValidateProgramResult(direct, kToday).error().field, "contractors");
    ProgramResult unnamed = Participation();
    unnamed.contractors = {{.organization_id = std::nullopt, .name = ""}};
    EXPECT_EQ(ValidateProgramResult(unnamed, kToday).error().field, "contractors");
    unnamed.contractors = {{.organization_id = OrganizationId{3}, .name = ""}};
    EXPECT_TRUE(ValidateProgramResult(unnamed, kToday));
}

TEST(ProgramResult, TheYearIsOneOfTheRecordsYears) {
    ProgramResult result = Participation();
    result.fiscal_year = 2026;  // two 年度 ahead
    EXPECT_EQ(ValidateProgramResult(result, kToday).error().field, "fiscal_year");
    result.fiscal_year = 2025;
    EXPECT_TRUE(ValidateProgramResult(result, kToday));
    result.fiscal_year = 2014;
    EXPECT_EQ(ValidateProgramResult(result, kToday).error().field, "fiscal_year");
}

TEST(ProgramResult, TheFileHasTheYearInWarekiAndOneRowPerCount) {
    ProgramResultRow row{.program = SubProgramme::kParticipation,
                         .result = Participation(),
                         .contractor_names = {"北栄町社会福祉協議会"},
                         .counts = ProgramCountsOf(SubProgramme::kParticipation,
                                                   RecordCounts{.participation_persons = 9, .cooperating_hosts = 4})};
    const ReportFile file = ProgramResultsFile(2024, {row});
    ASSERT_EQ(file.preamble.size(), 1U);
    EXPECT_EQ(file.preamble[0][1], "令和6年度");
    ASSERT_EQ(file.sections.size(), 1U);
    ASSERT_EQ(file.sections[0].rows.size(), 2U);
    const auto& first = file.sections[0].rows[0].cells;
    EXPECT_EQ(CellText(first[0]), "参加支援事業");
    EXPECT_EQ(CellText(first[1]), "委託");
    EXPECT_EQ(CellText(first[2]), "北栄町社会福祉協議会");
    EXPECT_EQ(std::get<long long>(first[5]), 9);
    // The 事業's own columns are not repeated on its further counts.
    EXPECT_EQ(CellText(file.sections[0].rows[1].cells[0]), "");
    EXPECT_NE(ReportCsvText(file).find("就労体験の受入先開拓"), std::string::npos);
}

StakeholderSurvey Survey() {
    return StakeholderSurvey{.title = "関係者調査（平成30年度）",
                             .fiscal_year = 2018,
                             .items = {std::string(kDefaultSurveyItems[0]), std::string(kDefaultSurveyItems[1])}};
}

TEST(StakeholderSurvey, CountsAreWholeNumbersNotBelowZero) {
    EXPECT_EQ(ParseSurveyCount("112", "count_0").value(), 112);
    EXPECT_EQ(ParseSurveyCount("１１２", "count_0").value(), 112);  // full-width digits
    EXPECT_EQ(ParseSurveyCount(" ", "count_0").value(), std::nullopt);
    for (const char* bad : {"-3", "+3", "1.5", "十", "3人", "99999999999999999999"}) {
        auto parsed = ParseSurveyCount(bad, "count_1");
        ASSERT_FALSE(parsed) << bad;
        EXPECT_EQ(parsed.error().field, "count_1");
    }
    SurveyResponse response{.agency = "地域包括支援センター", .counts = {80, -1}};
    EXPECT_EQ(ValidateSurveyResponse(Survey(), response).error().field, "counts");
    response.counts = {80, 30, 5};  // more counts than items
    EXPECT_EQ(ValidateSurveyResponse(Survey(), response).error().field, "counts");
    response.counts = {80, std::nullopt};
    EXPECT_TRUE(ValidateSurveyResponse(Survey(), response));
    response.agency = "";
    EXPECT_EQ(ValidateSurveyResponse(Survey(), response).error().field, "agency");
    response.organization_id = OrganizationId{2};
    EXPECT_TRUE(ValidateSurveyResponse(Survey(), response));
}

TEST(StakeholderSurvey, ASurveyHasATitleAYearAndItems) {
    EXPECT_TRUE(ValidateSurvey(Survey(), kToday));
    StakeholderSurvey survey = Survey();
    survey.items.clear();
    EXPECT_EQ(ValidateSurvey(survey, kToday).error().field, "items");
    survey = Survey();
    survey.title = "";
    EXPECT_EQ(ValidateSurvey(survey, kToday).error().field, "title");
    survey = Survey();
    survey.conducted_on = Date{std::chrono::year{2019}, std::chrono::month{4}, std::chrono::day{1}};  // 令和元年度
    EXPECT_EQ(ValidateSurvey(survey, kToday).error().field, "conducted_on");
    survey.conducted_on = Date{std::chrono::year{2018}, std::chrono::month{10}, std::chrono::day{1}};
    EXPECT_TRUE(ValidateSurvey(survey, kToday));
}

TEST(StakeholderSurvey, TheTotalsAreThePerItemSumsOfTheAgenciesAnswers) {
    const StakeholderSurvey survey = Survey();
    const std::vector<SurveyResponse> responses = {
        {.id = SurveyResponseId{1}, .agency = "地域包括支援センター", .counts = {70, 30}},
        {.id = SurveyResponseId{2}, .agency = "民生委員児童委員協議会", .counts = {42, 24}},
        {.id = SurveyResponseId{3}, .agency = "保健センター", .counts = {std::nullopt}}};
    const SurveyTotals totals = TotalsOf(survey, responses);
    EXPECT_EQ(totals.totals, (std::vector<long long>{112, 54}));
    EXPECT_EQ(totals.answered, (std::vector<int>{2, 2}));
    EXPECT_EQ(totals.responses, 3);
    const ReportFile file =
        SurveyFile(survey, responses, {"地域包括支援センター", "民生委員児童委員協議会", "保健センター"});
    EXPECT_EQ(file.preamble[1][1], "平成30年度");
    const auto& last = file.sections[0].rows.back().cells;
    EXPECT_EQ(CellText(last[0]), "合計");
    EXPECT_EQ(std::get<long long>(last[1]), 112);
    EXPECT_EQ(std::get<long long>(last[2]), 54);
}

}  // namespace
}  // namespace kasane::domain
