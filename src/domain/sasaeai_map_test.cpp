// SPDX-License-Identifier: Apache-2.0
// 支え愛マップ: the status rules and the prefecture's indicator.

#include "domain/sasaeai_map.hpp"

#include <gtest/gtest.h>

namespace kasane::domain {
namespace {

using std::chrono::day;
using std::chrono::May;
using std::chrono::year;

constexpr Date kToday{year{2024}, May, day{20}};
constexpr Date kMade{year{2023}, std::chrono::October, day{1}};

TEST(SasaeaiMap, AMapWithItsMeetingAndDrillIsValid) {
    EXPECT_TRUE(ValidateSasaeaiMapStatus({.area_id = 1,
                                          .made_on = kMade,
                                          .updated_on = Date{year{2024}, May, day{1}},
                                          .meeting_held_on = Date{year{2024}, May, day{2}},
                                          .drill_held_on = kToday},
                                         kToday));
    EXPECT_TRUE(ValidateSasaeaiMapStatus({.area_id = 1}, kToday));  // no map yet
}

TEST(SasaeaiMap, DatesNeedAMapAndComeAfterIt) {
    auto refused = ValidateSasaeaiMapStatus({.area_id = 1, .drill_held_on = kToday}, kToday);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "drill_held_on");
    refused = ValidateSasaeaiMapStatus(
        {.area_id = 1, .made_on = kMade, .updated_on = Date{year{2023}, std::chrono::September, day{30}}}, kToday);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "updated_on");
    refused = ValidateSasaeaiMapStatus({.area_id = 1, .made_on = Date{year{2024}, May, day{21}}}, kToday);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "made_on");
}

TEST(SasaeaiMap, TheIndicatorCountsTheTownsDistrictsWithAMap) {
    const std::vector<SasaeaiMapStatus> statuses = {{.area_id = 1, .made_on = kMade},
                                                    {.area_id = 2},
                                                    {.area_id = 3, .made_on = kMade},
                                                    {.area_id = 99, .made_on = kMade}};  // not a 地区 of the town
    const SasaeaiMapIndicator indicator = SasaeaiIndicatorOf({1, 2, 3, 4}, statuses);
    EXPECT_EQ(indicator.districts, 4);
    EXPECT_EQ(indicator.with_map, 2);
    EXPECT_DOUBLE_EQ(indicator.share, 0.5);
    EXPECT_EQ(SasaeaiIndicatorOf({}, statuses).share, 0.0);
}

}  // namespace
}  // namespace kasane::domain
