// SPDX-License-Identifier: Apache-2.0
// 人材育成 as a file: the 年度's 研修受講者数 (延べ95名 = 市民33名 + 専門職62名 from a sample) in all and per course
// kind, its courses with their counts, the 和暦 heading, and the same rows in CSV (UTF-8 with BOM, Windows-31J) and
// XLSX.

#include "domain/training_file.hpp"

#include <gtest/gtest.h>

#include "domain/training.hpp"

namespace kasane::domain {
namespace {

Date On(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

// 令和4年度: a 基礎 course counted only (市民 20+10, 専門職 25+30) and a 分野横断 course with 3 市民 and 7 専門職
// named, 5 of them 修了.
TrainingYear SampleYear() {
    const std::vector<TrainingCourse> courses = {
        {.id = TrainingCourseId{1},
         .name = "基礎研修",
         .kind = CourseKind::kBasic,
         .fiscal_year = 2022,
         .organizer = "福祉課",
         .audience = "市民・職員"},
        {.id = TrainingCourseId{2}, .name = "分野横断研修", .kind = CourseKind::kCrossSector, .fiscal_year = 2022}};
    const std::vector<TrainingSession> sessions = {
        {.id = TrainingSessionId{10},
         .course_id = TrainingCourseId{1},
         .held_on = On(2022, 6, 1),
         .minutes = 90,
         .citizens = 20,
         .professionals = 25},
        {.id = TrainingSessionId{11},
         .course_id = TrainingCourseId{1},
         .held_on = On(2023, 2, 1),
         .minutes = 90,
         .citizens = 10,
         .professionals = 30},
        {.id = TrainingSessionId{12}, .course_id = TrainingCourseId{2}, .held_on = On(2022, 10, 5), .minutes = 120}};
    std::vector<TrainingAttendee> attendees;
    for (int i = 0; i < 10; ++i) {
        attendees.push_back({.course_id = TrainingCourseId{2},
                             .name = "受講者",
                             .type = i < 3 ? TraineeType::kCitizen : TraineeType::kProfessional,
                             .completion = i < 5 ? Completion::kCompleted : Completion::kNotCompleted,
                             .sessions = {TrainingSessionId{12}}});
    }
    TrainingYear year{.fiscal_year = 2022,
                      .courses = {},
                      .totals = TrainingTotalsOf(2022, courses, sessions, attendees),
                      .may_edit = false};
    for (const TrainingCourse& course : courses) {
        year.courses.push_back({.course = course, .counts = TrainingTotalsOf(2022, {course}, sessions, attendees).all});
    }
    return year;
}

const ReportRow* RowOf(const ReportSection& section, std::string_view key) {
    for (const ReportRow& row : section.rows) {
        if (row.key == key) return &row;
    }
    return nullptr;
}

TEST(TrainingFile, HoldsTheYearsTotalsInAllPerKindAndPerCourse) {
    const ReportFile file = TrainingYearFile(SampleYear());
    ASSERT_EQ(file.preamble.size(), 3U);
    EXPECT_EQ(file.preamble[0], (std::vector<std::string>{"集計", "人材育成（令和4年度）"}));
    EXPECT_EQ(file.preamble[2], (std::vector<std::string>{"研修受講者数", "延べ95名（市民33名、専門職62名）"}));
    ASSERT_EQ(file.sections.size(), 2U);
    const ReportSection& totals = file.sections[0];
    EXPECT_EQ(totals.heading[2], "延べ");
    EXPECT_EQ(totals.heading[3], "市民");
    EXPECT_EQ(totals.heading[4], "専門職");
    const ReportRow* all = RowOf(totals, "all");
    ASSERT_NE(all, nullptr);
    // 延べ, 市民, 専門職, 実人数, 実（市民）, 実（専門職）, 修了者数, 開催回数, 講座数
    EXPECT_EQ(all->cells, (std::vector<XlsxCell>{std::string("総数"), std::string("合計"), 95LL, 33LL, 62LL, 10LL, 3LL,
                                                 7LL, 5LL, 3LL, 2LL}));
    EXPECT_EQ(std::get<long long>(all->cells[3]) + std::get<long long>(all->cells[4]),
              std::get<long long>(all->cells[2]));
    // Every kind, zero when none.
    EXPECT_EQ(totals.rows.size(), 1U + std::size(kAllCourseKinds));
    ASSERT_NE(RowOf(totals, "kind:basic"), nullptr);
    EXPECT_EQ(RowOf(totals, "kind:basic")->cells[2], XlsxCell(85LL));
    EXPECT_EQ(RowOf(totals, "kind:follow_up")->cells[2], XlsxCell(0LL));

    const ReportSection& courses = file.sections[1];
    ASSERT_EQ(courses.rows.size(), 2U);
    const ReportRow* basic = RowOf(courses, "course:1");
    ASSERT_NE(basic, nullptr);
    EXPECT_EQ(basic->cells[0], XlsxCell(std::string("基礎研修")));
    EXPECT_EQ(basic->cells[2], XlsxCell(std::string("福祉課")));
    EXPECT_EQ(basic->cells[4], XlsxCell(85LL));                       // 延べ
    EXPECT_EQ(basic->cells[11], XlsxCell(2LL));                       // 開催回数
    EXPECT_EQ(RowOf(courses, "course:2")->cells[10], XlsxCell(5LL));  // 修了者数
    EXPECT_EQ(file.Rows(), 1 + 6 + 2);
}

TEST(TrainingFile, WritesTheSameRowsAsCsvAndXlsx) {
    const ReportFile file = TrainingYearFile(SampleYear());
    const std::string text = ReportCsvText(file);
    EXPECT_NE(text.find("集計,人材育成（令和4年度）"), std::string::npos);
    EXPECT_NE(text.find("総数,合計,95,33,62,10,3,7,5,3,2"), std::string::npos);
    EXPECT_NE(text.find("基礎研修,基礎,福祉課,市民・職員,85,30,55,0,0,0,0,2"), std::string::npos);

    auto utf8 = WriteReportFile(file, "jinzai-ikusei-2022", ReportFormat::kCsvUtf8);
    ASSERT_TRUE(utf8);
    EXPECT_EQ(utf8->file_name, "jinzai-ikusei-2022.csv");
    EXPECT_EQ(utf8->bytes.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_EQ(utf8->rows, 9);
    auto sjis = WriteReportFile(file, "jinzai-ikusei-2022", ReportFormat::kCsvWindows31j);
    ASSERT_TRUE(sjis);
    EXPECT_EQ(sjis->file_name, "jinzai-ikusei-2022-sjis.csv");
    EXPECT_EQ(sjis->substituted, 0);
    EXPECT_EQ(sjis->bytes.find("\xEF\xBB\xBF"), std::string::npos);
    auto xlsx = WriteReportFile(file, "jinzai-ikusei-2022", ReportFormat::kXlsx);
    ASSERT_TRUE(xlsx);
    EXPECT_EQ(xlsx->file_name, "jinzai-ikusei-2022.xlsx");
    EXPECT_EQ(xlsx->bytes.substr(0, 2), "PK");
}

}  // namespace
}  // namespace kasane::domain
