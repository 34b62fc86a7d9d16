// SPDX-License-Identifier: Apache-2.0
// 世帯名簿の取り込み: every row of a household list checked with its row number (an unknown 自治会, no address, a row
// repeated, no 自治会 at all), the 自治会 chosen for rows that name none, and households already on the list matched
// by 自治会, address and 世帯主 (after NFKC) so that the same file imported again adds nothing.

#include "domain/survey_household_import.hpp"

#include <gtest/gtest.h>

namespace kasane::domain {
namespace {

std::vector<Area> Areas() {
    return {Area{.id = 11, .kind = AreaKind::kNeighborhood, .name = "東浜自治会"},
            Area{.id = 12, .kind = AreaKind::kNeighborhood, .name = "西浜自治会"},
            Area{.id = 13, .kind = AreaKind::kNeighborhood, .name = "廃止自治会", .active = false},
            Area{.id = 14, .kind = AreaKind::kDistrict, .name = "北部地区"}};
}

Table ListOf(std::vector<std::string> header, std::vector<std::vector<std::string>> rows) {
    Table table{.name = "households.csv", .header_line = 1, .header = std::move(header)};
    int line = 1;
    for (auto& cells : rows) table.rows.push_back(TableRow{.line = ++line, .cells = std::move(cells)});
    return table;
}

TEST(SurveyHouseholdImport, EveryRowIsCheckedWithItsRowNumber) {
    const Table table = ListOf({"住所", "世帯主", "自治会"}, {{"東浜1-1", "取込 一郎", "東浜自治会"},
                                                              {"", "取込 二郎", "東浜自治会"},
                                                              {"西浜2-2", "取込 三郎", "どこにもない自治会"},
                                                              {"東浜1-1", "取込 一郎", "東浜自治会"},
                                                              {"北1", "取込 四郎", "北部地区"},
                                                              {"廃1", "取込 五郎", "廃止自治会"},
                                                              {"無1", "取込 六郎", ""}});
    auto plan = PlanHouseholdRows(table, Areas(), {}, std::nullopt);
    ASSERT_TRUE(plan) << plan.error().message;
    ASSERT_EQ(plan->rows.size(), 7U);
    EXPECT_EQ(plan->errors, 6);
    EXPECT_EQ(plan->to_create, 1);
    EXPECT_EQ(plan->rows[0].line, 2);
    EXPECT_EQ(plan->rows[0].error, "");
    EXPECT_EQ(plan->rows[0].area_id, 11);
    EXPECT_EQ(plan->rows[1].error, "住所を入力してください");
    EXPECT_EQ(plan->rows[2].error, "自治会「どこにもない自治会」はこの町にありません");
    EXPECT_EQ(plan->rows[3].error, "同じ自治会・住所・世帯主の行が2行目にもあります");
    EXPECT_EQ(plan->rows[4].error, "自治会「北部地区」はこの町にありません");    // a 地区, not a 自治会
    EXPECT_EQ(plan->rows[5].error, "自治会「廃止自治会」はこの町にありません");  // retired
    EXPECT_EQ(plan->rows[6].line, 8);
    EXPECT_NE(plan->rows[6].error.find("自治会がありません"), std::string::npos);
}

TEST(SurveyHouseholdImport, RowsWithoutAnAreaGoToTheOneChosen) {
    const Table table = ListOf({"所在地", "氏名"}, {{"　東浜1-2　", "取込 花子"}});
    auto plan = PlanHouseholdRows(table, Areas(), {}, AreaId{11});
    ASSERT_TRUE(plan) << plan.error().message;
    EXPECT_EQ(plan->errors, 0);
    EXPECT_EQ(plan->rows[0].area_id, 11);
    EXPECT_EQ(plan->rows[0].area_name, "東浜自治会");
    EXPECT_EQ(plan->rows[0].address, "東浜1-2");  // trimmed, full-width spaces too
    EXPECT_EQ(plan->rows[0].head_name, "取込 花子");
}

TEST(SurveyHouseholdImport, AChosenAreaMustBeAnActiveNeighborhood) {
    const Table table = ListOf({"住所"}, {{"東浜1-2"}});
    for (AreaId area : {AreaId{13}, AreaId{14}, AreaId{99}}) {
        auto plan = PlanHouseholdRows(table, Areas(), {}, area);
        ASSERT_FALSE(plan);
        EXPECT_EQ(plan.error().field, "area_id");
    }
}

TEST(SurveyHouseholdImport, HouseholdsOnTheListAlreadyAddNothing) {
    const Table table = ListOf({"住所", "世帯主", "自治会"},
                               {{"東浜１－１", "取込 一郎", "東浜自治会"}, {"東浜1-1", "取込 一郎", "西浜自治会"}});
    const std::vector<SurveyHousehold> on_list{
        SurveyHousehold{.id = SurveyHouseholdId{1}, .area_id = 11, .address = "東浜1-1", .head_name = "取込 一郎"}};
    auto plan = PlanHouseholdRows(table, Areas(), on_list, std::nullopt);
    ASSERT_TRUE(plan) << plan.error().message;
    EXPECT_EQ(plan->errors, 0);
    EXPECT_TRUE(plan->rows[0].existing);   // the same after NFKC (全角の数字とダッシュ)
    EXPECT_FALSE(plan->rows[1].existing);  // another 自治会
    EXPECT_EQ(plan->existing, 1);
    EXPECT_EQ(plan->to_create, 1);
}

TEST(SurveyHouseholdImport, AListWithoutAnAddressColumnOrRowsIsRefused) {
    auto no_address = PlanHouseholdRows(ListOf({"世帯主"}, {{"取込 一郎"}}), Areas(), {}, AreaId{11});
    ASSERT_FALSE(no_address);
    EXPECT_EQ(no_address.error().field, "file");
    auto empty = PlanHouseholdRows(ListOf({"住所", "世帯主"}, {}), Areas(), {}, AreaId{11});
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().field, "file");
}

}  // namespace
}  // namespace kasane::domain
