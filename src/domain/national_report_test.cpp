// SPDX-License-Identifier: Apache-2.0
// 国報告 (issue 17, item 10): the 国への報告項目 as the definition lists them, their figures the 年度集計's, and the
// file in both CSV encodings and XLSX under the 和暦 heading.

#include "domain/national_report.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "domain/import_table.hpp"
#include "domain/report_definition.hpp"
#include "domain/report_explain.hpp"

namespace kasane::domain {
namespace {

ConsultationCounts Counts() {
    ConsultationCounts counts;
    counts.contacts = 20;
    counts.persons = 9;
    counts.households = 2;
    counts.consultations = 11;
    counts.by_source = {{"self", "本人", 15, 7}, {"agency", "関係機関", 5, 2}};
    counts.by_field = {{"elderly", "高齢", 12, 5},
                       {"disability", "障がい", 9, 4},
                       {"child", "子ども", 1, 1},
                       {"poverty", "生活困窮", 0, 0},
                       {"other", "その他", 4, 3}};
    return counts;
}

CaseCounts Cases() {
    CaseCounts cases{.cases_opened = 6, .cases_closed = 2, .plans_approved = 4};
    cases.by_program = {{.program = Program::kCollaboration, .opened = 6},
                        {.program = Program::kOutreach, .opened = 1},
                        {.program = Program::kParticipation, .opened = 3}};
    cases.by_body = {{.body_id = MeetingBodyId{1},
                      .name = "支援会議",
                      .legal_basis = LegalBasis::kArticle106_6,
                      .meetings_held = 7,
                      .person_items = 11},
                     {.body_id = MeetingBodyId{2},
                      .name = "重層的支援会議",
                      .legal_basis = LegalBasis::kMultilayerMeeting,
                      .meetings_held = 5,
                      .person_items = 8},
                     {.body_id = MeetingBodyId{3},
                      .name = "第二支援会議",
                      .legal_basis = LegalBasis::kArticle106_6,
                      .meetings_held = 1,
                      .person_items = 2},
                     {.body_id = MeetingBodyId{4},
                      .name = "地域協議会",
                      .legal_basis = LegalBasis::kIsolationCouncil,
                      .meetings_held = 9,
                      .person_items = 30}};
    return cases;
}

FiscalYearReport Report() {
    FiscalYearReport report = ShowPeriod(*FiscalYearPeriod(2024), Counts(), Cases(), Figures::kExact);
    report.outreach = ShowOutreach(OutreachCounts{.by_stage = {}, .visits = 14, .persons = 6}, Figures::kExact);
    return report;
}

const NationalReportLine& Line(const NationalReport& report, std::string_view code) {
    const auto found = std::ranges::find(report.lines, code, &NationalReportLine::code);
    EXPECT_NE(found, report.lines.end()) << code;
    return *found;
}

TEST(ReportDefinition, VersionFiveMarksTheNationalItemsEachDrawnFromACellItDefines) {
    const ReportDefinition& definition = FiscalYearReportDefinition();
    EXPECT_EQ(DefinitionLabel(definition), "fiscal-year-report v5");
    ASSERT_FALSE(definition.national_items.empty());
    for (const NationalReportItem& item : definition.national_items) {
        EXPECT_NE(FindCellDefinition(definition, item.cell), nullptr) << item.number;
    }
    EXPECT_TRUE(IsNationalCell(definition, "contacts"));
    EXPECT_TRUE(IsNationalCell(definition, "field"));
    EXPECT_TRUE(IsNationalCell(definition, "meetings"));
    EXPECT_FALSE(IsNationalCell(definition, "channel"));
    EXPECT_FALSE(IsNationalCell(definition, "household_size"));
    EXPECT_FALSE(IsNationalCell(definition, "no-such-cell"));
}

TEST(NationalReport, EveryItemOfTheDefinitionHasItsLinesByItsCode) {
    const NationalReport national = NationalReportOf(Report());
    for (const NationalReportItem& item : FiscalYearReportDefinition().national_items) {
        const auto lines = std::ranges::count_if(national.lines, [&](const NationalReportLine& line) {
            return line.code == item.code || line.code.starts_with(std::string(item.code) + ":");
        });
        EXPECT_GT(lines, 0) << item.code;
    }
}

TEST(NationalReport, EveryItemIsTheFiscalYearReportsFigure) {
    const FiscalYearReport report = Report();
    const NationalReport national = NationalReportOf(report);
    EXPECT_EQ(national.label, "令和6年度");
    EXPECT_EQ(national.definition, "fiscal-year-report v5");
    EXPECT_EQ(Line(national, "contacts").count, report.contacts.Value());
    EXPECT_EQ(Line(national, "contacts").explain_cell, "contacts");
    EXPECT_EQ(Line(national, "persons").count, report.persons.Value());
    ASSERT_TRUE(Line(national, "partner_share").share.has_value());
    EXPECT_DOUBLE_EQ(*Line(national, "partner_share").share, *report.partner_share);
    EXPECT_EQ(Line(national, "partner_share").ValueText(), "25.0%");
    EXPECT_EQ(Line(national, "partner_share").explain_cell, "source:agency:contacts");
    for (const ReportBucket& bucket : report.by_field) {
        const NationalReportLine& contacts = Line(national, "field_contacts:" + bucket.code);
        EXPECT_EQ(contacts.count, bucket.contacts.Value()) << bucket.code;
        EXPECT_EQ(contacts.explain_cell, "field:" + bucket.code + ":contacts");
        EXPECT_NE(contacts.label.find(bucket.label), std::string::npos);
        EXPECT_EQ(Line(national, "field_persons:" + bucket.code).count, bucket.persons.Value()) << bucket.code;
    }
    EXPECT_EQ(Line(national, "field_contacts:elderly").number, "4-1");
    EXPECT_EQ(Line(national, "field_persons:other").number, "5-5");
    EXPECT_EQ(Line(national, "cases_opened").count, 6);
    EXPECT_EQ(Line(national, "cases_closed").count, 2);
    EXPECT_EQ(Line(national, "plans_approved").count, 4);
    EXPECT_FALSE(Line(national, "plans_approved").explain_cell.has_value());
    // 支援会議: both bodies under 第106条の6; the 地域協議会 is no 支援会議.
    EXPECT_EQ(Line(national, "support_meetings_held").count, 8);
    EXPECT_EQ(Line(national, "support_meeting_person_items").count, 13);
    EXPECT_EQ(Line(national, "multilayer_meetings_held").count, 5);
    EXPECT_EQ(Line(national, "multilayer_meeting_person_items").count, 8);
    EXPECT_EQ(Line(national, "outreach_persons").count, 6);
    EXPECT_EQ(Line(national, "outreach_visits").count, 14);
    EXPECT_EQ(Line(national, "participation_opened").count, 3);
    // Each line carries its cell's definition in words.
    for (const NationalReportLine& line : national.lines) {
        EXPECT_FALSE(line.definition.empty()) << line.code;
        if (line.explain_cell) {
            EXPECT_TRUE(ParseExplainCell(*line.explain_cell).has_value()) << *line.explain_cell;
        }
    }
}

TEST(NationalReport, ItIsAYearOrItsFirstHalf) {
    auto half = NationalReportPeriod(2024, 9);
    ASSERT_TRUE(half.has_value());
    EXPECT_EQ(PeriodLabel(*half), "令和6年度（～9月）");
    EXPECT_TRUE(NationalReportPeriod(2024, 3).has_value());
    auto june = NationalReportPeriod(2024, 6);
    ASSERT_FALSE(june.has_value());
    EXPECT_EQ(june.error().field, "through");
    auto unknown = NationalReportPeriod(1800, 3);
    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(unknown.error().field, "year");
}

TEST(NationalReport, TheFileHasTheWarekiHeadingInBothEncodingsAndXlsx) {
    const NationalReport national = NationalReportOf(Report());
    const ReportFile file = NationalReportFile(national);
    EXPECT_EQ(file.Rows(), static_cast<long long>(national.lines.size()));
    auto sjis = WriteReportFile(file, "kokuhoukoku-2024", ReportFormat::kCsvWindows31j);
    ASSERT_TRUE(sjis) << sjis.error().message;
    EXPECT_EQ(sjis->file_name, "kokuhoukoku-2024-sjis.csv");
    auto decoded = DecodeText(sjis->bytes);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(decoded->encoding, TextEncoding::kWindows31j);
    EXPECT_NE(decoded->text.find("国報告（重層的支援体制整備事業 実施状況）,令和6年度\r\n"), std::string::npos);
    EXPECT_NE(decoded->text.find("番号,項目,値,定義\r\n"), std::string::npos);
    EXPECT_NE(decoded->text.find("1,包括的相談支援：相談受付の延べ件数,20,"), std::string::npos);
    EXPECT_NE(decoded->text.find("3,包括的相談支援：関係機関からの相談の割合,25.0%,"), std::string::npos);
    auto xlsx = WriteReportFile(file, "kokuhoukoku-2024", ReportFormat::kXlsx);
    ASSERT_TRUE(xlsx) << xlsx.error().message;
    auto tables = ReadTables(xlsx->file_name, xlsx->bytes);
    ASSERT_TRUE(tables) << tables.error().message;
    ASSERT_EQ(tables->size(), 1U);
    EXPECT_EQ((*tables)[0].name, "国報告");
}

TEST(ReportExplain, AFieldsRowListsTheContactsWhoseCategoriesTouchIt) {
    auto cell = ParseExplainCell("field:poverty:contacts");
    ASSERT_TRUE(cell.has_value());
    auto persons = ParseExplainCell("field:poverty:persons");
    ASSERT_TRUE(persons.has_value());
    EXPECT_FALSE(ParseExplainCell("field:poverty:households").has_value());
    std::vector<CountedContact> counted(3);
    counted[0] = {.contact_id = 1, .person_id = PersonId{1}, .category_codes = {"debt", "hikikomori"}};
    counted[1] = {.contact_id = 2, .person_id = PersonId{1}, .category_codes = {"debt"}};
    counted[2] = {.contact_id = 3, .person_id = PersonId{2}, .category_codes = {"hikikomori"}};
    const auto behind = ContactsBehind(*cell, counted);
    ASSERT_EQ(behind.size(), 2U);
    EXPECT_EQ(FigureOfContacts(*cell, behind), 2);
    EXPECT_EQ(FigureOfContacts(*persons, ContactsBehind(*persons, counted)), 1);
}

TEST(ReportExplain, AHouseholdSizesRowListsTheContactsOfItsPersonsAndAnonymousOnesUnderUnknown) {
    auto two = ParseExplainCell("household_size:2:persons");
    ASSERT_TRUE(two.has_value());
    auto unknown = ParseExplainCell("household_size:unknown:contacts");
    ASSERT_TRUE(unknown.has_value());
    std::vector<CountedContact> counted(4);
    counted[0] = {.contact_id = 1, .person_id = PersonId{1}};
    counted[1] = {.contact_id = 2, .person_id = PersonId{1}};
    counted[2] = {.contact_id = 3, .person_id = PersonId{2}};  // in no household
    counted[3] = {.contact_id = 4};                            // anonymous
    const HouseholdSizes sizes{{PersonId{1}, 2}};
    EXPECT_EQ(FigureOfContacts(*two, ContactsBehind(*two, counted, sizes)), 1);
    EXPECT_EQ(ContactsBehind(*two, counted, sizes).size(), 2U);
    const auto behind = ContactsBehind(*unknown, counted, sizes);
    ASSERT_EQ(behind.size(), 2U);
    EXPECT_EQ(behind[0].contact_id, 3);
    EXPECT_EQ(behind[1].contact_id, 4);
}

}  // namespace
}  // namespace kasane::domain
