// SPDX-License-Identifier: Apache-2.0
// The meetings behind a cell of the 会議の開催状況 (issue 17, item 11).

#include "domain/report_explain.hpp"

#include <gtest/gtest.h>

namespace kasane::domain {
namespace {

Date Day(int y, unsigned m, unsigned d) { return Date{std::chrono::year{y} / m / d}; }

TEST(ReportExplainMeetings, TheCellsOfMeetingsParseAndNameThemselvesBack) {
    for (const char* text : {"meetings:held", "meetings:internal:held", "meetings:body:12:held"}) {
        auto cell = ParseExplainCell(text);
        ASSERT_TRUE(cell.has_value()) << text;
        EXPECT_EQ(cell->breakdown, kMeetingsBreakdown);
        EXPECT_EQ(cell->measure, ExplainMeasure::kMeetingsHeld);
        EXPECT_EQ(ExplainCellKey(*cell), text);
    }
    for (const char* text :
         {"meetings:", "meetings::held", "meetings:body::held", "meetings:body:0:held", "meetings:body:x:held",
          "meetings:body:12:persons", "meetings:other:held", "held", "meetings:body:12"}) {
        auto cell = ParseExplainCell(text);
        ASSERT_FALSE(cell.has_value()) << text;
        EXPECT_EQ(cell.error().field, "cell");
    }
}

TEST(ReportExplainMeetings, AJointMeetingIsUnderEachOfItsBodiesAndOnceInTheTotal) {
    std::vector<MeetingBody> bodies(3);
    bodies[0] = {.id = MeetingBodyId{1}, .legal_basis = LegalBasis::kArticle106_6, .display_name = "支援会議"};
    bodies[1] = {.id = MeetingBodyId{2}, .legal_basis = LegalBasis::kOther, .display_name = "地域協議会"};
    bodies[2] = {.id = MeetingBodyId{3}, .legal_basis = LegalBasis::kInternalLiaison, .display_name = "連絡会"};
    std::vector<Meeting> meetings(5);
    meetings[0] = {.id = MeetingId{5}, .body_id = MeetingBodyId{1}, .held_on = Day(2025, 4, 1)};  // the next 年度
    meetings[1] = {.id = MeetingId{4},
                   .body_id = MeetingBodyId{1},
                   .held_on = Day(2025, 3, 31),
                   .joint_body_id = MeetingBodyId{2}};
    meetings[2] = {.id = MeetingId{3}, .body_id = MeetingBodyId{3}, .held_on = Day(2024, 10, 1)};
    meetings[3] = {.id = MeetingId{2}, .body_id = MeetingBodyId{2}, .held_on = Day(2024, 4, 1)};
    meetings[4] = {.id = MeetingId{1}, .body_id = MeetingBodyId{1}, .held_on = Day(2024, 3, 31)};  // the 年度 before
    const Date first = Day(2024, 4, 1);
    const Date end = Day(2025, 4, 1);
    auto behind = [&](std::string_view text) {
        std::vector<std::int64_t> ids;
        for (const Meeting& meeting : MeetingsBehind(*ParseExplainCell(text), meetings, bodies, first, end)) {
            ids.push_back(meeting.id.value());
        }
        return ids;
    };
    EXPECT_EQ(behind("meetings:held"), (std::vector<std::int64_t>{4, 2}));
    EXPECT_EQ(behind("meetings:internal:held"), (std::vector<std::int64_t>{3}));
    EXPECT_EQ(behind("meetings:body:1:held"), (std::vector<std::int64_t>{4}));
    EXPECT_EQ(behind("meetings:body:2:held"), (std::vector<std::int64_t>{4, 2}));
    EXPECT_EQ(behind("meetings:body:3:held"), (std::vector<std::int64_t>{3}));
    EXPECT_TRUE(behind("meetings:body:9:held").empty());
}

TEST(ReportExplainCases, OpenedClosedAndPlansApprovedByTheDayInThePeriod) {
    for (const char* text : {"cases:opened", "cases:closed", "cases:plans_approved"}) {
        auto cell = ParseExplainCell(text);
        ASSERT_TRUE(cell.has_value()) << text;
        EXPECT_EQ(cell->breakdown, kCasesBreakdown);
        EXPECT_EQ(ExplainCellKey(*cell), text);
    }
    EXPECT_FALSE(ParseExplainCell("cases:suspended").has_value());
    EXPECT_FALSE(ParseExplainCell("cases").has_value());
    std::vector<SupportCase> cases(3);
    cases[0].id = CaseId{1};
    cases[0].opened_on = Day(2024, 4, 1);
    cases[1].id = CaseId{2};
    cases[1].opened_on = Day(2023, 4, 1);
    cases[1].status = CaseStatus::kClosed;
    cases[1].closed_on = Day(2025, 3, 31);
    cases[2].id = CaseId{3};
    cases[2].opened_on = Day(2025, 4, 1);  // the next 年度
    cases[2].status = CaseStatus::kSuspended;
    cases[2].closed_on = Day(2024, 6, 1);  // 中断, not 終結
    const Date first = Day(2024, 4, 1);
    const Date end = Day(2025, 4, 1);
    const auto opened = CasesBehind(*ParseExplainCell("cases:opened"), cases, first, end);
    ASSERT_EQ(opened.size(), 1U);
    EXPECT_EQ(opened[0].id, CaseId{1});
    const auto closed = CasesBehind(*ParseExplainCell("cases:closed"), cases, first, end);
    ASSERT_EQ(closed.size(), 1U);
    EXPECT_EQ(closed[0].id, CaseId{2});
    std::vector<SupportPlan> plans(3);
    plans[0].approved_on = Day(2024, 4, 1);
    plans[1].approved_on = Day(2025, 4, 1);
    plans[2].approved_on = std::nullopt;  // a draft
    EXPECT_EQ(PlansApprovedBehind(plans, first, end).size(), 1U);
}

}  // namespace
}  // namespace kasane::domain
