// SPDX-License-Identifier: Apache-2.0
// The fiscal-year report as each reader sees it: who gets exact figures, and what the others see.

#include "domain/report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "base/time.hpp"
#include "domain/import_table.hpp"
#include "domain/report_file.hpp"

namespace kasane::domain {
namespace {

Principal With(std::vector<Role> roles) {
    Principal principal;
    std::sort(roles.begin(), roles.end());
    principal.user.roles = std::move(roles);
    return principal;
}

TEST(ReportFigures, TheTownsOwnStaffSeeExactFiguresOthersSeeSmallCellsHidden) {
    EXPECT_EQ(FiguresFor(With({Role::kCoordinator}), OrganizationKind::kMunicipalDivision), Figures::kExact);
    EXPECT_EQ(FiguresFor(With({Role::kMunicipalAdministrator}), OrganizationKind::kMunicipalDivision), Figures::kExact);
    EXPECT_EQ(FiguresFor(With({Role::kCaseworker}), OrganizationKind::kMunicipalDivision), Figures::kExact);
    EXPECT_EQ(FiguresFor(With({Role::kCaseworker}), OrganizationKind::kNpo), Figures::kSmallCellsSuppressed);
    EXPECT_EQ(FiguresFor(With({Role::kAuditor}), OrganizationKind::kMunicipalDivision), Figures::kSmallCellsSuppressed);
    EXPECT_EQ(FiguresFor(With({Role::kPrefectureAnalyst}), OrganizationKind::kMunicipalDivision),
              Figures::kSmallCellsSuppressed);
    // The prefecture's analyst gets suppressed figures even when the account holds a town role too.
    EXPECT_EQ(FiguresFor(With({Role::kCoordinator, Role::kPrefectureAnalyst}), OrganizationKind::kMunicipalDivision),
              Figures::kSmallCellsSuppressed);
}

ConsultationCounts Counts() {
    ConsultationCounts counts;
    counts.contacts = 20;
    counts.persons = 9;
    counts.households = 2;
    counts.consultations = 11;
    // 電話 1, 来所 12, 訪問 7: the 1 would be 20 − 12 − 7.
    counts.by_channel = {{"phone", "電話", 1, 1}, {"visit", "来所", 12, 5}, {"home_visit", "訪問", 7, 3}};
    counts.by_source = {{"self", "本人", 17, 7}, {"agency", "関係機関", 2, 1}, {"family", "家族", 1, 1}};
    return counts;
}

// One home for who reads the 年度集計: the route refuses by it and the navigation offers the link by it (issue 11: an
// NPO saw the link to a report it could not open).
TEST(ReportFigures, TheTownsReportIsForItsStaffThePrefectureAndThePrivacyOfficerNotPartners) {
    EXPECT_TRUE(MayReadTownReports(With({Role::kCoordinator}), OrganizationKind::kNpo));
    EXPECT_TRUE(MayReadTownReports(With({Role::kMunicipalAdministrator}), OrganizationKind::kMunicipalDivision));
    EXPECT_TRUE(MayReadTownReports(With({Role::kAuditor}), OrganizationKind::kMunicipalDivision));
    EXPECT_TRUE(MayReadTownReports(With({Role::kPrefectureAnalyst}), OrganizationKind::kOther));
    EXPECT_TRUE(MayReadTownReports(With({Role::kCaseworker}), OrganizationKind::kMunicipalDivision));
    EXPECT_FALSE(MayReadTownReports(With({Role::kCaseworker}), OrganizationKind::kNpo));
    EXPECT_FALSE(MayReadTownReports(With({Role::kCaseworker}), OrganizationKind::kCommunityCareCenter));
    EXPECT_FALSE(MayReadTownReports(With({Role::kWelfareVolunteer}), OrganizationKind::kMunicipalDivision));
}

TEST(ReportFigures, ExactFiguresAreTheCounts) {
    const FiscalYearReport report = ShowFiscalYear(2024, Counts(), CaseCounts{.cases_opened = 1}, Figures::kExact);
    EXPECT_EQ(report.label, "令和6年度");
    EXPECT_EQ(report.contacts, ShownCount::Exact(20));
    EXPECT_EQ(report.households, ShownCount::Exact(2));
    EXPECT_EQ(report.by_channel[0].contacts, ShownCount::Exact(1));
    EXPECT_EQ(report.cases.cases_opened, ShownCount::Exact(1));
    ASSERT_TRUE(report.partner_share.has_value());
    EXPECT_DOUBLE_EQ(*report.partner_share, 0.1);
}

TEST(ReportFigures, SuppressedFiguresHideSmallCellsAndWhatWouldGiveThemBack) {
    const FiscalYearReport report = ShowFiscalYear(2024, Counts(), CaseCounts{.cases_opened = 1, .cases_closed = 4},
                                                   Figures::kSmallCellsSuppressed);
    EXPECT_EQ(report.figures, Figures::kSmallCellsSuppressed);
    EXPECT_EQ(report.contacts, ShownCount::Exact(20));
    EXPECT_TRUE(report.households.IsSuppressed());
    EXPECT_TRUE(report.by_channel[0].contacts.IsSuppressed());
    // The next smallest of the row goes with it, so 20 − 12 does not give the 1 back.
    EXPECT_TRUE(report.by_channel[2].contacts.IsSuppressed());
    EXPECT_EQ(report.by_channel[1].contacts, ShownCount::Exact(12));
    // 関係機関 2 is hidden, so the share that would give it back (share × 20) is not shown.
    EXPECT_TRUE(report.by_source[1].contacts.IsSuppressed());
    EXPECT_FALSE(report.partner_share.has_value());
    EXPECT_TRUE(report.cases.cases_opened.IsSuppressed());
    EXPECT_EQ(report.cases.cases_closed, ShownCount::Exact(4));
}

// --- Periods (issue 17, item 2) ---

Date Day(int y, unsigned m, unsigned d) { return Date{std::chrono::year{y} / m / d}; }

TEST(ReportPeriods, AWholeYearRunsFromAprilTheFirstToMarchTheThirtyFirstInJapan) {
    auto period = FiscalYearPeriod(2024);
    ASSERT_TRUE(period.has_value());
    EXPECT_EQ(PeriodLabel(*period), "令和6年度");
    EXPECT_EQ(period->first_day, Day(2024, 4, 1));
    EXPECT_EQ(period->last_day, Day(2025, 3, 31));
    EXPECT_FALSE(period->IsPartial());
    // 2024-04-01T00:00 JST is 2024-03-31T15:00Z; the end is 2025-04-01T00:00 JST, excluded.
    EXPECT_EQ(FormatIso8601(period->From()), "2024-03-31T15:00:00.000Z");
    EXPECT_EQ(FormatIso8601(period->To()), "2025-03-31T15:00:00.000Z");
}

TEST(ReportPeriods, APartYearRunsFromAprilToTheChosenMonthAndIsLabelledSo) {
    auto half = PartYearPeriod(2023, 9);
    ASSERT_TRUE(half.has_value());
    EXPECT_EQ(half->kind, PeriodKind::kPartYear);
    EXPECT_EQ(PeriodLabel(*half), "令和5年度（～9月）");
    EXPECT_EQ(half->last_day, Day(2023, 9, 30));
    EXPECT_TRUE(half->IsPartial());
    auto to_february = PartYearPeriod(2023, 2);
    ASSERT_TRUE(to_february.has_value());
    EXPECT_EQ(to_february->last_day, Day(2024, 2, 29));  // 2024 is a leap year
    EXPECT_EQ(PeriodLabel(*to_february), "令和5年度（～2月）");
    // Through March is the whole year.
    EXPECT_EQ(PartYearPeriod(2023, 3)->kind, PeriodKind::kFiscalYear);
    EXPECT_EQ(PartYearPeriod(2023, 13).error().field, "through");
    EXPECT_EQ(PartYearPeriod(2023, 0).error().field, "through");
    EXPECT_EQ(FiscalYearPeriod(1988).error().field, "year");
    EXPECT_EQ(FiscalYearPeriod(2101).error().field, "year");
}

TEST(ReportPeriods, ARangeOfDaysMustNotEndBeforeItStarts) {
    auto range = DateRangePeriod(Day(2024, 4, 1), Day(2024, 6, 30));
    ASSERT_TRUE(range.has_value());
    EXPECT_EQ(PeriodLabel(*range), "令和6年4月1日～令和6年6月30日");
    EXPECT_EQ(range->fiscal_year, 2024);
    EXPECT_TRUE(DateRangePeriod(Day(2024, 4, 1), Day(2024, 4, 1)).has_value());
    auto backwards = DateRangePeriod(Day(2024, 6, 30), Day(2024, 4, 1));
    ASSERT_FALSE(backwards.has_value());
    EXPECT_EQ(backwards.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(backwards.error().field, "to");
}

TEST(ReportPeriods, OutsideTheTownOnlyTheYearAndItsFirstHalfAreReleased) {
    const ReportPeriod year = *FiscalYearPeriod(2024);
    const ReportPeriod first_half = *PartYearPeriod(2024, 9);
    const ReportPeriod to_june = *PartYearPeriod(2024, 6);
    const ReportPeriod range = *DateRangePeriod(Day(2024, 5, 1), Day(2024, 5, 31));
    const Principal analyst = With({Role::kPrefectureAnalyst});
    EXPECT_TRUE(MayAskPeriod(analyst, OrganizationKind::kOther, year));
    EXPECT_TRUE(MayAskPeriod(analyst, OrganizationKind::kOther, first_half));
    EXPECT_FALSE(MayAskPeriod(analyst, OrganizationKind::kOther, to_june));
    EXPECT_FALSE(MayAskPeriod(analyst, OrganizationKind::kOther, range));
    const Principal coordinator = With({Role::kCoordinator});
    EXPECT_TRUE(MayAskPeriod(coordinator, OrganizationKind::kMunicipalDivision, to_june));
    EXPECT_TRUE(MayAskPeriod(coordinator, OrganizationKind::kMunicipalDivision, range));
    // Whoever may not read the town's reports may ask no period at all.
    EXPECT_FALSE(MayAskPeriod(With({Role::kCaseworker}), OrganizationKind::kNpo, year));
}

// --- Meetings held (issue 17, item 1) ---

TEST(ReportMeetingsHeld, EveryMeetingHeldIsShownByBodyAndSmallFiguresHiddenOutsideTheTown) {
    CaseCounts cases;
    cases.all_meetings = {.meetings_held = 12,
                          .joint_meetings = 1,
                          .persons_discussed = 5,
                          .person_items = 9,
                          .cases_discussed = 2,
                          .case_items = 4};
    cases.by_body = {{.body_id = MeetingBodyId{7},
                      .name = "支援会議",
                      .legal_basis = LegalBasis::kArticle106_6,
                      .meetings_held = 10,
                      .joint_meetings = 1,
                      .persons_discussed = 5,
                      .person_items = 9,
                      .cases_discussed = 2,
                      .case_items = 4},
                     {.body_id = MeetingBodyId{8},
                      .name = "地域協議会",
                      .legal_basis = LegalBasis::kIsolationCouncil,
                      .meetings_held = 3,
                      .joint_meetings = 1}};
    const FiscalYearReport exact = ShowFiscalYear(2024, Counts(), cases, Figures::kExact);
    EXPECT_EQ(exact.cases.all_meetings.meetings_held, ShownCount::Exact(12));
    ASSERT_EQ(exact.cases.by_body.size(), 2U);
    EXPECT_EQ(exact.cases.by_body[0].name, "支援会議");
    EXPECT_EQ(exact.cases.by_body[0].person_items, ShownCount::Exact(9));
    EXPECT_EQ(exact.cases.by_body[1].joint_meetings, ShownCount::Exact(1));
    const FiscalYearReport hidden = ShowFiscalYear(2024, Counts(), cases, Figures::kSmallCellsSuppressed);
    EXPECT_EQ(hidden.cases.by_body[0].meetings_held, ShownCount::Exact(10));
    EXPECT_TRUE(hidden.cases.by_body[0].cases_discussed.IsSuppressed());
    EXPECT_TRUE(hidden.cases.by_body[1].joint_meetings.IsSuppressed());
    EXPECT_EQ(hidden.cases.by_body[1].meetings_held, ShownCount::Exact(3));
}

TEST(ReportMeetingsHeld, AReportOfAPartYearCarriesItsPeriodAndLabel) {
    const FiscalYearReport report = ShowPeriod(*PartYearPeriod(2023, 9), Counts(), CaseCounts{}, Figures::kExact);
    EXPECT_EQ(report.label, "令和5年度（～9月）");
    EXPECT_EQ(report.fiscal_year, 2023);
    EXPECT_TRUE(report.period.IsPartial());
}

TEST(ReportFile, OneLinePerFigureWithHiddenOnesAsChi) {
    CaseCounts cases;
    cases.all_meetings = {.meetings_held = 4, .joint_meetings = 1};
    cases.internal_meetings = {.meetings_held = 2};
    cases.by_body = {{.body_id = MeetingBodyId{7},
                      .name = "支援会議",
                      .legal_basis = LegalBasis::kArticle106_6,
                      .meetings_held = 4,
                      .joint_meetings = 1},
                     {.body_id = MeetingBodyId{8},
                      .name = "連携責任者連絡会",
                      .legal_basis = LegalBasis::kInternalLiaison,
                      .meetings_held = 2}};
    const FiscalYearReport exact = ShowPeriod(*PartYearPeriod(2023, 9), Counts(), cases, Figures::kExact);
    const ReportFile file = FiscalYearFile(exact);
    const std::string text = ReportCsvText(file);
    EXPECT_NE(text.find("集計,令和5年度（～9月）\r\n"), std::string::npos);
    EXPECT_NE(text.find("総数,相談,20,9\r\n"), std::string::npos);
    EXPECT_NE(text.find("経路別,電話,1,1\r\n"), std::string::npos);
    EXPECT_NE(text.find("支援会議,社会福祉法"), std::string::npos);
    // The internal meetings with no statute: their body's row, and their total apart from the statutory one.
    EXPECT_NE(text.find("合計（共同開催は1回）,,4,1,"), std::string::npos);
    EXPECT_NE(text.find("法定外の庁内会議の合計,,2,0,"), std::string::npos);
    // 3 totals, 3 channels, 3 sources, 2 bodies, 2 totals of meetings.
    EXPECT_EQ(file.Rows(), 13);
    const std::string hidden = ReportCsvText(
        FiscalYearFile(ShowPeriod(*PartYearPeriod(2023, 9), Counts(), cases, Figures::kSmallCellsSuppressed)));
    EXPECT_NE(hidden.find("経路別,電話,χ,χ\r\n"), std::string::npos);
    EXPECT_EQ(hidden.find("経路別,電話,1"), std::string::npos);
}

TrendReport ThreeYears(Figures figures) {
    CaseCounts cases;
    cases.all_meetings = {.meetings_held = 5};
    cases.by_body = {{.body_id = MeetingBodyId{7}, .name = "支援会議", .meetings_held = 5}};
    TrendReport trend{.computed_at = {}, .figures = figures, .years = {}};
    trend.years.push_back(ShowPeriod(*FiscalYearPeriod(2021), Counts(), CaseCounts{}, figures));
    trend.years.push_back(ShowPeriod(*FiscalYearPeriod(2022), Counts(), cases, figures));
    trend.years.push_back(ShowPeriod(*PartYearPeriod(2023, 9), Counts(), cases, figures));
    return trend;
}

const ReportRow* Find(const ReportSection& section, std::string_view key) {
    for (const ReportRow& row : section.rows) {
        if (row.key == key) return &row;
    }
    return nullptr;
}

TEST(ReportFile, TheTrendHasAColumnPerYearThePartYearLabelledAndABodyMissingInAYearAsZero) {
    const ReportFile file = TrendFile(ThreeYears(Figures::kExact));
    ASSERT_EQ(file.sections.size(), 2U);
    const ReportSection& counts = file.sections[0];
    EXPECT_EQ(counts.heading, (std::vector<std::string>{"区分", "令和3年度", "令和4年度", "令和5年度（～9月）"}));
    const ReportRow* persons = Find(counts, "persons");
    ASSERT_NE(persons, nullptr);
    EXPECT_EQ(persons->cells, (std::vector<XlsxCell>{std::string("実人数"), 9LL, 9LL, 9LL}));
    const ReportRow* body = Find(counts, "body:7");
    ASSERT_NE(body, nullptr);
    EXPECT_EQ(body->cells, (std::vector<XlsxCell>{std::string("支援会議の開催回数"), 0LL, 5LL, 5LL}));
    const ReportRow* agency = Find(file.sections[1], "source:agency");
    ASSERT_NE(agency, nullptr);
    EXPECT_EQ(agency->cells, (std::vector<XlsxCell>{std::string("関係機関"), 2LL, 2LL, 2LL}));
    // Outside the town the 2 of 関係機関 is hidden, as the report hides it.
    const ReportFile hidden = TrendFile(ThreeYears(Figures::kSmallCellsSuppressed));
    const ReportRow* hidden_agency = Find(hidden.sections[1], "source:agency");
    ASSERT_NE(hidden_agency, nullptr);
    EXPECT_EQ(hidden_agency->cells[1], XlsxCell{std::string("χ")});
    EXPECT_EQ(ReportCsvText(hidden).find(",2,2,2\r\n"), std::string::npos);
}

// Every cell of every sheet of an XLSX file as read back by the imports' reader, header row first.
std::vector<std::vector<std::string>> SheetCells(const Table& table) {
    std::vector<std::vector<std::string>> cells{table.header};
    for (const TableRow& row : table.rows) cells.push_back(row.cells);
    return cells;
}

TEST(ReportFile, TheTrendAsXlsxReadsBackWithItsFiguresAsNumbersAndItsHiddenOnesAsChi) {
    auto exported =
        WriteReportFile(TrendFile(ThreeYears(Figures::kSmallCellsSuppressed)), "suii-2021-2023-9", ReportFormat::kXlsx);
    ASSERT_TRUE(exported) << exported.error().message;
    EXPECT_EQ(exported->file_name, "suii-2021-2023-9.xlsx");
    EXPECT_EQ(exported->content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    auto tables = ReadTables(exported->file_name, exported->bytes);
    ASSERT_TRUE(tables) << tables.error().message;
    ASSERT_EQ(tables->size(), 2U);
    EXPECT_EQ((*tables)[0].name, "推移");
    EXPECT_EQ((*tables)[1].name, "相談者別の推移");
    const auto cells = SheetCells((*tables)[1]);
    const auto agency =
        std::find_if(cells.begin(), cells.end(), [](const auto& row) { return !row.empty() && row[0] == "関係機関"; });
    ASSERT_NE(agency, cells.end());
    EXPECT_EQ(*agency, (std::vector<std::string>{"関係機関", "χ", "χ", "χ"}));
    const auto self =
        std::find_if(cells.begin(), cells.end(), [](const auto& row) { return !row.empty() && row[0] == "本人"; });
    ASSERT_NE(self, cells.end());
    EXPECT_EQ(*self, (std::vector<std::string>{"本人", "17", "17", "17"}));
}

TEST(ReportFile, ShiftJisCsvDecodesBackAndNamesTheFile) {
    auto exported =
        WriteReportFile(TrendFile(ThreeYears(Figures::kExact)), "suii-2021-2023-9", ReportFormat::kCsvWindows31j);
    ASSERT_TRUE(exported) << exported.error().message;
    EXPECT_EQ(exported->file_name, "suii-2021-2023-9-sjis.csv");
    EXPECT_EQ(exported->content_type, "text/csv; charset=windows-31j");
    auto decoded = DecodeText(exported->bytes);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(decoded->encoding, TextEncoding::kWindows31j);
    EXPECT_NE(decoded->text.find("区分,令和3年度,令和4年度,令和5年度（～9月）\r\n"), std::string::npos);
    EXPECT_NE(decoded->text.find("支援会議の開催回数,0,5,5\r\n"), std::string::npos);
    EXPECT_EQ(exported->substituted, 0);
}

TEST(XlsxWriter, ASheetPastItsRowsGoesOnInFurtherSheetsEachHeadedByTheFrozenRows) {
    XlsxSheet sheet{
        .name = "一覧", .rows = {{std::string("番号"), std::string("名前")}}, .column_widths = {}, .frozen_rows = 1};
    for (long long row = 1; row <= 5; ++row) sheet.rows.push_back({row, std::string("行") + std::to_string(row)});
    auto bytes = WriteXlsx({sheet}, 3);  // the heading and two rows a sheet
    ASSERT_TRUE(bytes) << bytes.error().message;
    auto tables = ReadTables("list.xlsx", *bytes);
    ASSERT_TRUE(tables) << tables.error().message;
    ASSERT_EQ(tables->size(), 3U);
    EXPECT_EQ((*tables)[0].name, "一覧");
    EXPECT_EQ((*tables)[1].name, "一覧 (2)");
    EXPECT_EQ((*tables)[2].name, "一覧 (3)");
    for (const Table& table : *tables) EXPECT_EQ(table.header, (std::vector<std::string>{"番号", "名前"}));
    EXPECT_EQ(SheetCells((*tables)[1]).back(), (std::vector<std::string>{"4", "行4"}));
    EXPECT_EQ(SheetCells((*tables)[2]).size(), 2U);  // the heading and the fifth row
}

TEST(ReportPeriods, AMonthAskedIsAMonthOrRefused) {
    EXPECT_EQ(ParseThroughMonth(""), 3);
    EXPECT_EQ(ParseThroughMonth("9"), 9);
    EXPECT_FALSE(ParseThroughMonth("13"));
    EXPECT_FALSE(ParseThroughMonth("0"));
    EXPECT_FALSE(ParseThroughMonth("9月"));
    EXPECT_EQ(ParseThroughMonth("x").error().field, "through");
}

// --- 分野, 世帯人員 and データの質 (issue 17, items 3 and 10) ---

ConsultationCounts DimensionCounts() {
    ConsultationCounts counts = Counts();  // 延べ 20, 実人数 9
    // One consultation under several 分野 counts under each: 12 + 9 + 1 + 0 + 4 = 26 > 20.
    counts.by_field = {{"elderly", "高齢", 12, 5},
                       {"disability", "障がい", 9, 4},
                       {"child", "子ども", 1, 1},
                       {"poverty", "生活困窮", 0, 0},
                       {"other", "その他", 4, 3}};
    counts.by_household_size = {{"1", "1人", 8, 4},
                                {"2", "2人", 6, 2},
                                {"3", "3人", 0, 0},
                                {"4", "4人", 3, 1},
                                {"5_or_more", "5人以上", 0, 0},
                                {"unknown", "不明", 3, 2}};
    counts.person_unknowns = {{.field = "birth_date", .unknown = 3, .refused = 1, .not_asked = 0},
                              {.field = "phone", .unknown = 0, .refused = 0, .not_asked = 5}};
    return counts;
}

TEST(ReportDimensions, TheQualityFieldsAreThoseARecordKeepsAReasonFor) {
    ASSERT_EQ(QualityFields().size(), 6U);
    for (const QualityField& field : QualityFields()) EXPECT_TRUE(IsPersonFieldName(field.field)) << field.field;
}

TEST(ReportDimensions, HouseholdSizesFallInOneToFourFiveOrMoreAndUnknown) {
    ASSERT_EQ(HouseholdSizeBuckets().size(), 6U);
    EXPECT_EQ(HouseholdSizeBuckets()[HouseholdSizeIndex(1)].label, "1人");
    EXPECT_EQ(HouseholdSizeBuckets()[HouseholdSizeIndex(4)].label, "4人");
    EXPECT_EQ(HouseholdSizeBuckets()[HouseholdSizeIndex(5)].label, "5人以上");
    EXPECT_EQ(HouseholdSizeBuckets()[HouseholdSizeIndex(11)].code, "5_or_more");
    EXPECT_EQ(HouseholdSizeBuckets()[HouseholdSizeIndex(std::nullopt)].label, "不明");
    EXPECT_EQ(HouseholdSizeBuckets()[HouseholdSizeIndex(0)].code, "unknown");
}

TEST(ReportDimensions, ExactFiguresKeepSeveralFieldsPerConsultationAndTheSharesOfThePersons) {
    const FiscalYearReport report = ShowFiscalYear(2024, DimensionCounts(), CaseCounts{}, Figures::kExact);
    long long field_contacts = 0;
    for (const ReportBucket& bucket : report.by_field) field_contacts += bucket.contacts.Value();
    EXPECT_EQ(field_contacts, 26);  // more than the 延べ 20: several 分野 per consultation
    EXPECT_EQ(report.by_field[2].contacts, ShownCount::Exact(1));
    EXPECT_EQ(report.by_household_size[3].persons, ShownCount::Exact(1));
    ASSERT_EQ(report.quality.size(), 2U);
    EXPECT_EQ(report.quality[0].label, "生年月日");
    EXPECT_EQ(report.quality[0].refused, ShownCount::Exact(1));
    // N = the persons counted (9): 3 of 9 不明.
    EXPECT_DOUBLE_EQ(*ShareOfPersons(report.quality[0].unknown, report.persons), 3.0 / 9.0);
    EXPECT_EQ(report.quality[1].label, "電話");
}

TEST(ReportDimensions, SuppressedFiguresHideTheNewSmallCellsAsTheOthers) {
    const FiscalYearReport report =
        ShowFiscalYear(2024, DimensionCounts(), CaseCounts{}, Figures::kSmallCellsSuppressed);
    // 子ども 1 hidden, and with it the next smallest of the row so that no total gives it back.
    EXPECT_TRUE(report.by_field[2].contacts.IsSuppressed());
    EXPECT_TRUE(report.by_field[4].contacts.IsSuppressed());
    EXPECT_EQ(report.by_field[0].contacts, ShownCount::Exact(12));
    EXPECT_EQ(report.by_field[3].contacts, ShownCount::Exact(0));  // 0 identifies nobody
    // 世帯人員 4人: 1 person hidden; 2人 (2) and 不明 (2) too.
    EXPECT_TRUE(report.by_household_size[3].persons.IsSuppressed());
    EXPECT_TRUE(report.by_household_size[1].persons.IsSuppressed());
    EXPECT_EQ(report.by_household_size[0].persons, ShownCount::Exact(4));
    // データの質: a small count hidden, and its share with it.
    EXPECT_TRUE(report.quality[0].refused.IsSuppressed());
    EXPECT_FALSE(ShareOfPersons(report.quality[0].refused, report.persons).has_value());
    EXPECT_EQ(report.quality[1].not_asked, ShownCount::Exact(5));
    // The file carries the new buckets, never a hidden value.
    const std::string hidden = ReportCsvText(FiscalYearFile(report));
    EXPECT_NE(hidden.find("分野別（複数該当）,子ども,χ,χ\r\n"), std::string::npos);
    EXPECT_NE(hidden.find("分野別（複数該当）,高齢,12,5\r\n"), std::string::npos);
    EXPECT_NE(hidden.find("世帯人員別,4人,3,χ\r\n"), std::string::npos);
    EXPECT_NE(hidden.find("生年月日,3,χ,0\r\n"), std::string::npos);
    const std::string exact =
        ReportCsvText(FiscalYearFile(ShowFiscalYear(2024, DimensionCounts(), CaseCounts{}, Figures::kExact)));
    EXPECT_NE(exact.find("分野別（複数該当）,子ども,1,1\r\n"), std::string::npos);
    EXPECT_NE(exact.find("生年月日,3,1,0\r\n"), std::string::npos);
}

}  // namespace
}  // namespace kasane::domain
