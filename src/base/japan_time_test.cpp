// SPDX-License-Identifier: Apache-2.0
#include "base/japan_time.hpp"

#include <gtest/gtest.h>

namespace kasane {
namespace {

Instant At(std::string_view iso) { return *ParseIso8601(iso); }
Date Day(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

TEST(JapanTime, DateInJapanTurnsAtThreePmUtc) {
    EXPECT_EQ(JstDate(At("2024-03-31T14:59:59.999Z")), Day(2024, 3, 31));
    EXPECT_EQ(JstDate(At("2024-03-31T15:00:00.000Z")), Day(2024, 4, 1));
}

TEST(JapanTime, DayBoundsAreMidnightInJapan) {
    EXPECT_EQ(FormatIso8601(StartOfJstDay(Day(2024, 4, 1))), "2024-03-31T15:00:00.000Z");
    EXPECT_EQ(FormatIso8601(EndOfJstDay(Day(2024, 12, 31))), "2024-12-31T15:00:00.000Z");
    EXPECT_EQ(FormatIso8601(StartOfFiscalYear(2024)), "2024-03-31T15:00:00.000Z");
}

TEST(JapanTime, LocalTimeRoundTrips) {
    const Instant instant = At("2024-05-01T01:30:00.000Z");
    EXPECT_EQ(FromJstLocal(ToJstLocal(instant)), instant);
    const JstLocalTime ten_thirty{std::chrono::sys_days{Day(2024, 5, 1)}.time_since_epoch() + std::chrono::hours{10} +
                                  std::chrono::minutes{30}};
    EXPECT_EQ(FromJstLocal(ten_thirty), instant);
}

TEST(JapanTime, TodayComesFromTheInjectedClock) {
    const ManualClock clock{At("2025-03-31T15:00:00.000Z")};
    EXPECT_EQ(TodayInJapan(clock), Day(2025, 4, 1));
}

TEST(JapanTime, FormatsForDisplayInJapanTime) {
    EXPECT_EQ(FormatJst(At("2024-03-31T15:30:00Z")), "2024年4月1日 00:30");
}

}  // namespace
}  // namespace kasane
