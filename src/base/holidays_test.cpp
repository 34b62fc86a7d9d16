// SPDX-License-Identifier: Apache-2.0
#include "base/holidays.hpp"

#include <gtest/gtest.h>

namespace kasane {
namespace {

using namespace std::chrono;

TEST(Holidays, KnownDates2024) {
    EXPECT_TRUE(IsNationalHoliday(2024y / January / 1));
    EXPECT_TRUE(IsNationalHoliday(2024y / January / 8));     // 成人の日
    EXPECT_TRUE(IsNationalHoliday(2024y / February / 12));   // 振替休日 (建国記念の日 on Sunday)
    EXPECT_TRUE(IsNationalHoliday(2024y / February / 23));   // 天皇誕生日
    EXPECT_TRUE(IsNationalHoliday(2024y / March / 20));      // 春分の日
    EXPECT_TRUE(IsNationalHoliday(2024y / May / 6));         // 振替休日
    EXPECT_TRUE(IsNationalHoliday(2024y / July / 15));       // 海の日
    EXPECT_TRUE(IsNationalHoliday(2024y / August / 12));     // 振替休日 (山の日 on Sunday)
    EXPECT_TRUE(IsNationalHoliday(2024y / September / 16));  // 敬老の日
    EXPECT_TRUE(IsNationalHoliday(2024y / September / 22));  // 秋分の日
    EXPECT_TRUE(IsNationalHoliday(2024y / September / 23));  // 振替休日
    EXPECT_TRUE(IsNationalHoliday(2024y / October / 14));    // スポーツの日
    EXPECT_TRUE(IsNationalHoliday(2024y / November / 4));    // 振替休日 (文化の日 on Sunday)
    EXPECT_FALSE(IsNationalHoliday(2024y / April / 1));
    EXPECT_FALSE(IsNationalHoliday(2024y / December / 23));
}

TEST(Holidays, CitizensHolidayBetweenTwoHolidays) {
    EXPECT_TRUE(IsNationalHoliday(2015y / September / 22));  // between 敬老の日 (21) and 秋分の日 (23)
    EXPECT_TRUE(IsNationalHoliday(2019y / April / 30));
}

TEST(Holidays, OfficeClosedOnWeekendsAndYearEnd) {
    EXPECT_TRUE(IsOfficeClosed(2024y / April / 6));  // Saturday
    EXPECT_TRUE(IsOfficeClosed(2024y / December / 30));
    EXPECT_TRUE(IsOfficeClosed(2025y / January / 3));
    EXPECT_FALSE(IsOfficeClosed(2025y / January / 6));
    EXPECT_FALSE(IsOfficeClosed(2024y / April / 1));
}

}  // namespace
}  // namespace kasane
