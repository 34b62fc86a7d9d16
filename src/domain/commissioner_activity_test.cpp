// SPDX-License-Identifier: Apache-2.0
// 民生委員の活動記録: the national items, the month's rules, the roll-up's sum, the policy and the XLSX file.

#include <gtest/gtest.h>

#include "domain/access_policy.hpp"
#include "domain/commissioner_activity.hpp"
#include "domain/import_table.hpp"
#include "domain/xlsx_writer.hpp"

namespace kasane::domain {
namespace {

using std::chrono::April;
using std::chrono::day;
using std::chrono::February;
using std::chrono::March;
using std::chrono::May;
using std::chrono::year;

constexpr Date kToday{year{2024}, May, day{20}};

int CountOf(ActivityGroup group) {
    int count = 0;
    for (const ActivityItem& item : kActivityItems) count += item.group == group ? 1 : 0;
    return count;
}

ActivityMonth AprilWith(std::map<std::string, int, std::less<>> counts) {
    return ActivityMonth{.user_id = UserId{7}, .month = year{2024} / April, .counts = std::move(counts)};
}

Principal MakePrincipal(std::int64_t id, std::vector<Role> roles) {
    Principal principal;
    principal.user.id = UserId{id};
    principal.user.municipality_id = MunicipalityId{1};
    principal.user.roles = std::move(roles);
    return principal;
}

TEST(CommissionerActivity, TheItemsAreThoseOfTheNationalForm) {
    EXPECT_EQ(CountOf(ActivityGroup::kConsultationByContent), 14);
    EXPECT_EQ(CountOf(ActivityGroup::kConsultationByField), 4);
    EXPECT_EQ(CountOf(ActivityGroup::kVisits), 1);
    EXPECT_EQ(CountOf(ActivityGroup::kLiaison), 2);
    EXPECT_EQ(CountOf(ActivityGroup::kDays), 1);
    EXPECT_EQ(CountOf(ActivityGroup::kOtherActivities), 6);
    ASSERT_NE(FindActivityItem("child_protection_report"), nullptr);
    EXPECT_EQ(FindActivityItem("child_protection_report")->label, "要保護児童の発見の通告・仲介");
    EXPECT_EQ(FindActivityItem("nothing"), nullptr);
}

TEST(CommissionerActivity, MonthCodesAndLabels) {
    EXPECT_EQ(MonthCode(year{2024} / April), "2024-04");
    EXPECT_EQ(*ParseMonthCode("2025-03", "month"), year{2025} / March);
    for (const char* bad : {"2024-13", "2024-4", "24-04-01", "1999-12", "abcd-ef", ""}) {
        auto parsed = ParseMonthCode(bad, "month");
        ASSERT_FALSE(parsed) << bad;
        EXPECT_EQ(parsed.error().field, "month");
    }
    EXPECT_EQ(MonthLabel(year{2024} / April), "令和6年4月");
}

TEST(CommissionerActivity, TheFormOpensAtTheMonthBeingFinished) {
    EXPECT_EQ(DefaultActivityMonth(Date{year{2024}, May, day{3}}), year{2024} / April);
    EXPECT_EQ(DefaultActivityMonth(Date{year{2024}, May, day{10}}), year{2024} / April);
    EXPECT_EQ(DefaultActivityMonth(Date{year{2024}, May, day{11}}), year{2024} / May);
    EXPECT_EQ(DefaultActivityMonth(Date{year{2025}, std::chrono::January, day{5}}), year{2024} / std::chrono::December);
    EXPECT_EQ(FiscalYearStartOf(year{2025} / February), year{2024} / April);
    EXPECT_EQ(FiscalYearStartOf(year{2024} / April), year{2024} / April);
}

TEST(CommissionerActivity, AMonthWhoseFieldsAddUpToItsContentsIsAccepted) {
    EXPECT_TRUE(ValidateActivityMonth(AprilWith({{"home_welfare", 2},
                                                 {"daily_support", 3},
                                                 {"field_elderly", 4},
                                                 {"field_child", 1},
                                                 {"visits", 12},
                                                 {"activity_days", 30},
                                                 {"survey", 2}}),
                                      kToday));
    EXPECT_TRUE(ValidateActivityMonth(AprilWith({}), kToday));
}

TEST(CommissionerActivity, FieldsThatDoNotAddUpAreRefusedNamingTheField) {
    auto refused = ValidateActivityMonth(AprilWith({{"home_welfare", 2}, {"field_elderly", 1}}), kToday);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "field_elderly");
    EXPECT_NE(refused.error().message.find("分野別の合計（1件）"), std::string::npos);
}

TEST(CommissionerActivity, CountsOutOfRangeAndUnknownItemsAreRefused) {
    auto negative = ValidateActivityMonth(AprilWith({{"visits", -1}}), kToday);
    ASSERT_FALSE(negative);
    EXPECT_EQ(negative.error().field, "visits");
    auto too_many = ValidateActivityMonth(AprilWith({{"visits", kMaxActivityCount + 1}}), kToday);
    ASSERT_FALSE(too_many);
    EXPECT_EQ(too_many.error().field, "visits");
    auto unknown = ValidateActivityMonth(AprilWith({{"golf", 1}}), kToday);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().field, "golf");
}

TEST(CommissionerActivity, ActivityDaysAreAtMostTheDaysOfTheMonth) {
    EXPECT_FALSE(ValidateActivityMonth(AprilWith({{"activity_days", 31}}), kToday));  // April has 30
    ActivityMonth february{.user_id = UserId{7}, .month = year{2024} / February, .counts = {{"activity_days", 29}}};
    EXPECT_TRUE(ValidateActivityMonth(february, kToday));  // 2024 is a leap year
    february.counts["activity_days"] = 30;
    EXPECT_FALSE(ValidateActivityMonth(february, kToday));
}

TEST(CommissionerActivity, AMonthNotYetComeIsRefused) {
    ActivityMonth june{.user_id = UserId{7}, .month = year{2024} / std::chrono::June};
    auto refused = ValidateActivityMonth(june, kToday);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "month");
    june.month = year{2024} / May;  // the current month may be entered as it goes
    EXPECT_TRUE(ValidateActivityMonth(june, kToday));
}

TEST(CommissionerActivity, TheRollUpSumsItemByItemAndCountsReporters) {
    const ActivityTotals totals = SumActivity({AprilWith({{"visits", 5}, {"survey", 1}}),
                                               ActivityMonth{.user_id = UserId{8}, .counts = {{"visits", 7}}},
                                               ActivityMonth{.user_id = UserId{7}, .counts = {{"visits", 1}}}});
    EXPECT_EQ(totals.Count("visits"), 13);
    EXPECT_EQ(totals.Count("survey"), 1);
    EXPECT_EQ(totals.Count("events"), 0);
    EXPECT_EQ(totals.months, 3);
    EXPECT_EQ(totals.reporters, (std::vector<UserId>{UserId{7}, UserId{8}}));
}

TEST(CommissionerActivity, NotesNeedASubjectAndABody) {
    CommissionerNote note{.user_id = UserId{7}, .noted_on = kToday, .subject = "東浜のAさん", .body = "訪問、元気"};
    EXPECT_TRUE(ValidateCommissionerNote(note, kToday));
    note.subject.clear();
    EXPECT_EQ(ValidateCommissionerNote(note, kToday).error().field, "subject");
    note.subject = "Aさん";
    note.noted_on = Date{year{2024}, May, day{21}};
    EXPECT_EQ(ValidateCommissionerNote(note, kToday).error().field, "noted_on");
}

TEST(CommissionerActivityPolicy, AMonthIsReadByHerselfAndHerCouncilsStaffOnly) {
    const CommissionerCouncil council{.id = 3, .name = "浜地区民児協", .staff_user_id = UserId{40}};
    const Principal herself = MakePrincipal(7, {Role::kWelfareVolunteer});
    const Principal other_commissioner = MakePrincipal(8, {Role::kWelfareVolunteer});
    const Principal staff = MakePrincipal(40, {Role::kCaseworker});
    const Principal other_staff = MakePrincipal(41, {Role::kCaseworker});
    const Principal administrator = MakePrincipal(50, {Role::kMunicipalAdministrator});
    EXPECT_EQ(CommissionerMonthAccess(herself, UserId{7}, &council).basis, "own_entry");
    EXPECT_EQ(CommissionerMonthAccess(staff, UserId{7}, &council).basis, "council_staff");
    EXPECT_FALSE(CommissionerMonthAccess(other_commissioner, UserId{7}, &council).allowed);
    EXPECT_FALSE(CommissionerMonthAccess(other_staff, UserId{7}, &council).allowed);
    EXPECT_FALSE(CommissionerMonthAccess(administrator, UserId{7}, &council).allowed);
    EXPECT_FALSE(CommissionerMonthAccess(staff, UserId{7}, nullptr).allowed);
    // Notes on individuals: the same two, never an administrator (民生委員法 第15条).
    EXPECT_TRUE(CommissionerNotesAccess(herself, UserId{7}, &council).allowed);
    EXPECT_TRUE(CommissionerNotesAccess(staff, UserId{7}, &council).allowed);
    EXPECT_FALSE(CommissionerNotesAccess(administrator, UserId{7}, &council).allowed);
    EXPECT_FALSE(CommissionerNotesAccess(other_commissioner, UserId{7}, &council).allowed);
    // The staff member in charge must work cases: a named user without a professional role is not.
    const Principal named_but_auditor = MakePrincipal(40, {Role::kAuditor});
    EXPECT_FALSE(CommissionerMonthAccess(named_but_auditor, UserId{7}, &council).allowed);
}

TEST(CommissionerActivityPolicy, RollUpsAndTheTownTotal) {
    const CommissionerCouncil hama{.id = 3, .name = "浜地区民児協", .staff_user_id = UserId{40}};
    const CommissionerCouncil yamate{.id = 4, .name = "山手地区民児協", .staff_user_id = std::nullopt};
    const Principal member = MakePrincipal(7, {Role::kWelfareVolunteer});
    const std::optional<Commissioner> of_hama =
        Commissioner{.user_id = UserId{7}, .district_area_id = 1, .council_id = 3};
    EXPECT_EQ(CouncilRollUpAccess(member, hama, of_hama).basis, "council_member");
    EXPECT_FALSE(CouncilRollUpAccess(member, yamate, of_hama).allowed);
    EXPECT_FALSE(CouncilRollUpAccess(member, hama, std::nullopt).allowed);
    EXPECT_FALSE(MunicipalActivityTotalAccess(member, {hama, yamate}).allowed);
    const Principal staff = MakePrincipal(40, {Role::kCaseworker});
    EXPECT_EQ(CouncilRollUpAccess(staff, hama, std::nullopt).basis, "council_staff");
    EXPECT_FALSE(CouncilRollUpAccess(staff, yamate, std::nullopt).allowed);
    EXPECT_EQ(MunicipalActivityTotalAccess(staff, {hama, yamate}).basis, "council_staff");
    const Principal caseworker = MakePrincipal(41, {Role::kCaseworker});
    EXPECT_FALSE(MunicipalActivityTotalAccess(caseworker, {hama, yamate}).allowed);
    const Principal administrator = MakePrincipal(50, {Role::kMunicipalAdministrator});
    EXPECT_EQ(MunicipalActivityTotalAccess(administrator, {hama}).basis, "municipal_administrator");
    EXPECT_EQ(CouncilRollUpAccess(administrator, yamate, std::nullopt).basis, "municipal_administrator");
}

TEST(XlsxWriter, AWorkbookReadsBackWithTheImportsReader) {
    auto bytes = WriteXlsx({XlsxSheet{.name = "民生委員活動状況",
                                      .rows = {{std::string("区分"), std::string("項目"), std::string("合計")},
                                               {std::string("訪問回数"), std::string("訪問回数"), 1234LL},
                                               {std::string("=1+1"), std::string("証明事務"), 0LL}},
                                      .column_widths = {20, 20}}});
    ASSERT_TRUE(bytes) << bytes.error().message;
    auto tables = ReadTables("minsei.xlsx", *bytes);
    ASSERT_TRUE(tables) << tables.error().message;
    ASSERT_EQ(tables->size(), 1U);
    const Table& table = tables->front();
    EXPECT_EQ(table.name, "民生委員活動状況");
    EXPECT_EQ(table.header, (std::vector<std::string>{"区分", "項目", "合計"}));
    ASSERT_EQ(table.rows.size(), 2U);
    EXPECT_EQ(table.rows[0].cells, (std::vector<std::string>{"訪問回数", "訪問回数", "1234"}));
    EXPECT_EQ(table.rows[1].cells[0], "=1+1");  // written as text, not a formula
    EXPECT_EQ(table.rows[1].cells[2], "0");
}

}  // namespace
}  // namespace kasane::domain
