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

// ParseJapanDateTime: every accepted form gives the instant named in UTC; every refused form an error naming the
// field in Japanese.
std::string Parsed(std::string_view text) {
    auto parsed = ParseJapanDateTime(text, "日時");
    return parsed ? FormatIso8601(*parsed) : "error: " + parsed.error().message;
}

TEST(ParseJapanDateTime, IsoFormsWithAndWithoutZone) {
    // No zone: Japan time.
    EXPECT_EQ(Parsed("2022-04-01T08:30"), "2022-03-31T23:30:00.000Z");
    EXPECT_EQ(Parsed("2022-04-01T08:30:15"), "2022-03-31T23:30:15.000Z");
    EXPECT_EQ(Parsed("2022-04-01 08:30"), "2022-03-31T23:30:00.000Z");
    EXPECT_EQ(Parsed("2022-04-01T08:30:15.250"), "2022-03-31T23:30:15.250Z");
    // Z and offsets.
    EXPECT_EQ(Parsed("2022-04-01T08:30Z"), "2022-04-01T08:30:00.000Z");
    EXPECT_EQ(Parsed("2022-04-01T08:30:00.000Z"), "2022-04-01T08:30:00.000Z");
    EXPECT_EQ(Parsed("2022-04-01t08:30:00z"), "2022-04-01T08:30:00.000Z");
    EXPECT_EQ(Parsed("2022-04-01T08:30+09:00"), "2022-03-31T23:30:00.000Z");
    EXPECT_EQ(Parsed("2022-04-01T08:30:00+0900"), "2022-03-31T23:30:00.000Z");
    EXPECT_EQ(Parsed("2022-04-01T08:30:00-05:00"), "2022-04-01T13:30:00.000Z");
    EXPECT_EQ(Parsed("2022-04-01 08:30:00+00"), "2022-04-01T08:30:00.000Z");  // PostgreSQL's text form
    EXPECT_EQ(Parsed("2022-04-01T08:30:00+05:30"), "2022-04-01T03:00:00.000Z");
    // Full-width digits and letters.
    EXPECT_EQ(Parsed("２０２２－０４－０１Ｔ０８：３０"), "2022-03-31T23:30:00.000Z");
    EXPECT_EQ(Parsed("  2022-04-01T08:30  "), "2022-03-31T23:30:00.000Z");
}

TEST(ParseJapanDateTime, WarekiAndJapaneseTimes) {
    const std::string expected = "2022-03-31T23:30:00.000Z";  // 令和4年4月1日 8:30 JST
    EXPECT_EQ(Parsed("令和4年4月1日 8:30"), expected);
    EXPECT_EQ(Parsed("令和4年4月1日 08:30:00"), expected);
    EXPECT_EQ(Parsed("令和4年4月1日　８：３０"), expected);  // full-width space and digits
    EXPECT_EQ(Parsed("令和4年4月1日8:30"), expected);
    EXPECT_EQ(Parsed("令和4年4月1日 8時30分"), expected);
    EXPECT_EQ(Parsed("令和4年4月1日 午前8時30分"), expected);
    EXPECT_EQ(Parsed("令和4年4月1日午前8時30分"), expected);
    EXPECT_EQ(Parsed("令和4年4月1日 午前8:30"), expected);
    EXPECT_EQ(Parsed("令和4年4月1日 8時半"), expected);
    EXPECT_EQ(Parsed("令和4年4月1日（金） 8:30"), expected);
    EXPECT_EQ(Parsed("令和4年4月1日(金)8:30"), expected);
    EXPECT_EQ(Parsed("R4.4.1 8:30"), expected);
    EXPECT_EQ(Parsed("2022/4/1 8:30"), expected);
    EXPECT_EQ(Parsed("2022年4月1日 8:30"), expected);
    EXPECT_EQ(Parsed("R4.4.1T8:30"), expected);
    EXPECT_EQ(Parsed("令和4年4月1日 午後3:05"), "2022-04-01T06:05:00.000Z");
    EXPECT_EQ(Parsed("令和4年4月1日 午後3時5分"), "2022-04-01T06:05:00.000Z");
    EXPECT_EQ(Parsed("令和4年4月1日 午後 3時"), "2022-04-01T06:00:00.000Z");
    EXPECT_EQ(Parsed("令和4年4月1日 午後0時"), "2022-04-01T03:00:00.000Z");  // noon
    EXPECT_EQ(Parsed("令和4年4月1日 午前0時"), "2022-03-31T15:00:00.000Z");  // midnight
    EXPECT_EQ(Parsed("令和4年4月1日 23時59分59秒"), "2022-04-01T14:59:59.000Z");
    EXPECT_EQ(Parsed("令和元年5月1日 0:00"), "2019-04-30T15:00:00.000Z");
}

TEST(ParseJapanDateTime, RefusesWithAMessageNamingTheField) {
    for (const char* text : {"", "あした", "8:30", "2022-04-01T8:30Z", "2022-04-01T08:30 JST", "令和4年4月1日 8",
                             "令和4年4月1日 8:3", "令和4年4月1日 8時30", "2022-04-01T08:30+9"}) {
        const std::string got = Parsed(text);
        EXPECT_TRUE(got.starts_with("error: 「日時」の")) << text << " → " << got;
    }
    // A date alone has no time of day.
    EXPECT_EQ(Parsed("令和4年4月1日"),
              "error: 「日時」の時刻がありません（例：令和6年4月1日 10:30、2024-04-01T10:30）");
    EXPECT_EQ(Parsed("2022-04-01"), "error: 「日時」の時刻がありません（例：令和6年4月1日 10:30、2024-04-01T10:30）");
    // Impossible dates and times.
    EXPECT_EQ(Parsed("2022-02-30T08:30"), "error: 「日時」の2022-02-30は存在しない日付です");
    EXPECT_TRUE(Parsed("令和4年2月30日 8:30").starts_with("error: 「日時」の令和4年2月30日は存在しない日付です"));
    EXPECT_EQ(Parsed("2022-04-01T24:00"), "error: 「日時」の時刻は存在しません（0:00〜23:59）");
    EXPECT_EQ(Parsed("2022-04-01T23:60"), "error: 「日時」の時刻は存在しません（0:00〜23:59）");
    EXPECT_EQ(Parsed("令和4年4月1日 25:00"), "error: 「日時」の時刻は存在しません（0:00〜23:59）");
    EXPECT_EQ(Parsed("令和4年4月1日 8:30:60"), "error: 「日時」の時刻は存在しません（0:00〜23:59）");
    EXPECT_EQ(Parsed("令和4年4月1日 午後13時"),
              "error: 「日時」の午前・午後を付けた時刻は0〜11時で入力してください（正午は午後0時）");
    EXPECT_EQ(Parsed("令和4年4月1日 午前12:00"),
              "error: 「日時」の午前・午後を付けた時刻は0〜11時で入力してください（正午は午後0時）");
    EXPECT_EQ(Parsed("2022-04-01T08:30+19:00"), "error: 「日時」の時差は-18:00〜+18:00で指定してください");
    EXPECT_TRUE(Parsed("平成31年5月1日 8:30").starts_with("error: 「日時」の平成31年5月1日は平成の期間外です"));
    auto error = ParseJapanDateTime("x", "occurred_at");
    ASSERT_FALSE(error);
    EXPECT_EQ(error.error().field, "occurred_at");
    EXPECT_EQ(error.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace kasane
