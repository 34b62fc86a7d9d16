// SPDX-License-Identifier: Apache-2.0
#include "base/japanese_date.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace kasane {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

Date Ymd(int y, unsigned m, unsigned d) { return year{y} / month{m} / day{d}; }

void ExpectDate(std::string_view text, Date expected) {
    const auto parsed = ParseJapaneseDate(text, "birth_date");
    ASSERT_TRUE(parsed.has_value()) << text << ": " << parsed.error().message;
    EXPECT_EQ(*parsed, expected) << text;
}

std::string ErrorOf(std::string_view text) {
    const auto parsed = ParseJapaneseDate(text, "生年月日");
    if (parsed.has_value()) return "(parsed)";
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(parsed.error().field, "生年月日");
    return parsed.error().message;
}

TEST(ParseJapaneseDate, AcceptsEveryDocumentedForm) {
    const Date april_first = Ymd(2024, 4, 1);
    for (const char* text : {"2024-04-01",
                             "2024/4/1",
                             "2024.4.1",
                             "2024年4月1日",
                             "2024年4月1",
                             "西暦2024年4月1日",
                             "20240401",
                             "令和6年4月1日",
                             "R6.4.1",
                             "R06.04.01",
                             "r6/4/1",
                             "R6-4-1",
                             "令6.4.1",
                             "令和六年四月一日",
                             "２０２４－０４－０１",
                             "２０２４年４月１日",
                             "令和６年４月１日",
                             "Ｒ６．４．１",
                             "ｒ６／４／１",
                             "令和 6 年 4 月 1 日",
                             " 2024 - 04 - 01 ",
                             "令和　６年４月１日",
                             "㋿6年4月1日",
                             "令和6年（2024年）4月1日",
                             "令和6年(2024年)4月1日",
                             "2024年4月1日(月)",
                             "令和6年4月1日（月）"}) {
        ExpectDate(text, april_first);
    }
    ExpectDate("令和元年5月1日", Ymd(2019, 5, 1));
    ExpectDate("R1.5.1", Ymd(2019, 5, 1));
    ExpectDate("H31.4.30", Ymd(2019, 4, 30));
    ExpectDate("平成31年4月30日", Ymd(2019, 4, 30));
    ExpectDate("㍻31年4月30日", Ymd(2019, 4, 30));
    ExpectDate("平31.4.30", Ymd(2019, 4, 30));
    ExpectDate("S64.1.7", Ymd(1989, 1, 7));
    ExpectDate("昭和64年1月7日", Ymd(1989, 1, 7));
    ExpectDate("T15.12.24", Ymd(1926, 12, 24));
    ExpectDate("M45.7.29", Ymd(1912, 7, 29));
    ExpectDate("明治45年7月29日", Ymd(1912, 7, 29));
    ExpectDate("昭和二十年八月十五日", Ymd(1945, 8, 15));
    ExpectDate("昭和三十一年十二月三十一日", Ymd(1956, 12, 31));
    ExpectDate("平成元年1月8日", Ymd(1989, 1, 8));
    ExpectDate("H1.1.8", Ymd(1989, 1, 8));
}

TEST(ParseJapaneseDate, EraBoundariesBothSides) {
    // 令和 from 2019-05-01.
    ExpectDate("令和元年5月1日", Ymd(2019, 5, 1));
    EXPECT_EQ(ErrorOf("令和元年4月30日"), "「生年月日」の令和元年4月30日は令和の期間外です（令和は2019年5月1日から）");
    ExpectDate("平成31年4月30日", Ymd(2019, 4, 30));
    EXPECT_EQ(ErrorOf("平成31年5月1日"), "「生年月日」の平成31年5月1日は平成の期間外です（平成は2019年4月30日まで）");
    // 平成 from 1989-01-08; 昭和 to 1989-01-07.
    ExpectDate("平成元年1月8日", Ymd(1989, 1, 8));
    EXPECT_EQ(ErrorOf("平成元年1月7日"), "「生年月日」の平成元年1月7日は平成の期間外です（平成は1989年1月8日から）");
    ExpectDate("昭和64年1月7日", Ymd(1989, 1, 7));
    EXPECT_EQ(ErrorOf("昭和64年1月8日"), "「生年月日」の昭和64年1月8日は昭和の期間外です（昭和は1989年1月7日まで）");
    // 昭和 from 1926-12-25, which is also the last day of 大正.
    ExpectDate("昭和元年12月25日", Ymd(1926, 12, 25));
    ExpectDate("大正15年12月25日", Ymd(1926, 12, 25));
    EXPECT_EQ(ErrorOf("昭和元年12月24日"),
              "「生年月日」の昭和元年12月24日は昭和の期間外です（昭和は1926年12月25日から）");
    EXPECT_EQ(ErrorOf("大正15年12月26日"),
              "「生年月日」の大正15年12月26日は大正の期間外です（大正は1926年12月25日まで）");
    // 大正 from 1912-07-30, which is also the last day of 明治.
    ExpectDate("大正元年7月30日", Ymd(1912, 7, 30));
    ExpectDate("明治45年7月30日", Ymd(1912, 7, 30));
    EXPECT_EQ(ErrorOf("大正元年7月29日"), "「生年月日」の大正元年7月29日は大正の期間外です（大正は1912年7月30日から）");
    EXPECT_EQ(ErrorOf("明治45年7月31日"), "「生年月日」の明治45年7月31日は明治の期間外です（明治は1912年7月30日まで）");
    // 明治 from the solar calendar, 明治6年1月1日.
    ExpectDate("明治6年1月1日", Ymd(1873, 1, 1));
    EXPECT_EQ(ErrorOf("明治5年12月31日"),
              "「生年月日」の明治5年12月31日は旧暦の時代の日付のため扱えません（明治6年1月1日以降を入力してください）");
    EXPECT_NE(ErrorOf("明治元年1月25日"), "(parsed)");
}

TEST(ParseJapaneseDate, RejectsDatesThatDoNotExist) {
    EXPECT_EQ(ErrorOf("令和7年2月30日"), "「生年月日」の令和7年2月30日は存在しない日付です");
    EXPECT_EQ(ErrorOf("2025-02-29"), "「生年月日」の2025年2月29日は存在しない日付です");
    ExpectDate("2024-02-29", Ymd(2024, 2, 29));
    ExpectDate("令和6年2月29日", Ymd(2024, 2, 29));
    EXPECT_EQ(ErrorOf("2024年13月1日"), "「生年月日」の2024年13月1日は存在しない日付です");
    EXPECT_EQ(ErrorOf("R6.13.1"), "「生年月日」の令和6年13月1日は存在しない日付です");
    EXPECT_EQ(ErrorOf("2024-04-00"), "「生年月日」の2024年4月0日は存在しない日付です");
    EXPECT_EQ(ErrorOf("令和6年0月1日"), "「生年月日」の令和6年0月1日は存在しない日付です");
    EXPECT_EQ(ErrorOf("2024-04-31"), "「生年月日」の2024年4月31日は存在しない日付です");
    EXPECT_EQ(ErrorOf("令和0年4月1日"), "「生年月日」の令和0年は存在しません");
    EXPECT_EQ(ErrorOf("0000-01-01"), "「生年月日」の0000年1月1日は扱える範囲（1年〜9999年）の外です");
}

TEST(ParseJapaneseDate, ExplainsOtherMistakes) {
    EXPECT_EQ(ErrorOf("X6.4.1"),
              "「生年月日」の元号を読み取れません（明治・大正・昭和・平成・令和、または M・T・S・H・R）");
    EXPECT_EQ(ErrorOf("慶応3年1月1日"),
              "「生年月日」の元号を読み取れません（明治・大正・昭和・平成・令和、または M・T・S・H・R）");
    EXPECT_EQ(ErrorOf(""), "「生年月日」の日付を入力してください");
    EXPECT_EQ(ErrorOf("　 "), "「生年月日」の日付を入力してください");
    const std::string format = "「生年月日」の日付の形式が正しくありません（例：2024-04-01、令和6年4月1日、R6.4.1）";
    for (const char* text : {"2024", "2024-04", "2024-04-01-01", "R6", "令和6年4月", "2024--04-01", "2024/4/1日本",
                             "2024-004-01", "R6.4.1.", "令和6年4月1日(", "\xFF", "2024-04-01T00:00:00Z", "123456789"}) {
        EXPECT_EQ(ErrorOf(text), format) << text;
    }
    EXPECT_EQ(ErrorOf("24/4/1"), "「生年月日」の年は西暦4桁（2024）か元号付き（令和6年、R6）で入力してください");
    EXPECT_EQ(ErrorOf("令和6年（2023年）4月1日"), "「生年月日」の和暦の年と西暦の年が一致しません");
    EXPECT_EQ(ErrorOf("2024年4月1日(火)"), "「生年月日」の2024年4月1日の曜日が正しくありません");
    EXPECT_EQ(ErrorOf("令和2024年4月1日"),
              "「生年月日」の令和2024年は元号の年として大きすぎます（西暦なら 2024-04-01 の形で入力してください）");
    const auto unnamed = ParseJapaneseDate("2024-02-30", "");
    ASSERT_FALSE(unnamed.has_value());
    EXPECT_EQ(unnamed.error().message, "2024年2月30日は存在しない日付です");
}

TEST(FormatWareki, WritesEraYearMonthDay) {
    EXPECT_EQ(FormatWareki(Ymd(2024, 4, 1)), "令和6年4月1日");
    EXPECT_EQ(FormatWareki(Ymd(2019, 5, 1)), "令和元年5月1日");
    EXPECT_EQ(FormatWareki(Ymd(2019, 4, 30)), "平成31年4月30日");
    EXPECT_EQ(FormatWareki(Ymd(1989, 1, 8)), "平成元年1月8日");
    EXPECT_EQ(FormatWareki(Ymd(1989, 1, 7)), "昭和64年1月7日");
    EXPECT_EQ(FormatWareki(Ymd(1926, 12, 25)), "昭和元年12月25日");
    EXPECT_EQ(FormatWareki(Ymd(1926, 12, 24)), "大正15年12月24日");
    EXPECT_EQ(FormatWareki(Ymd(1912, 7, 30)), "大正元年7月30日");
    EXPECT_EQ(FormatWareki(Ymd(1912, 7, 29)), "明治45年7月29日");
    EXPECT_EQ(FormatWareki(Ymd(1873, 1, 1)), "明治6年1月1日");
    EXPECT_EQ(FormatWareki(Ymd(1872, 12, 31)), "1872年12月31日");
    EXPECT_EQ(FormatWareki(Ymd(2117, 12, 31)), "令和99年12月31日");
    EXPECT_EQ(FormatWareki(Ymd(2118, 1, 1)), "2118年1月1日");
    EXPECT_EQ(FormatWareki(Ymd(2025, 2, 30)), "");
    EXPECT_EQ(FormatWarekiWithWestern(Ymd(2024, 4, 1)), "令和6年（2024年）4月1日");
    EXPECT_EQ(FormatWarekiWithWestern(Ymd(2019, 5, 1)), "令和元年（2019年）5月1日");
    EXPECT_EQ(FormatWarekiWithWestern(Ymd(1989, 1, 7)), "昭和64年（1989年）1月7日");
    EXPECT_EQ(FormatWarekiWithWestern(Ymd(1850, 1, 1)), "1850年1月1日");
}

TEST(FormatWareki, EveryDayParsesBack) {
    for (std::chrono::sys_days d = std::chrono::sys_days{Ymd(1860, 1, 1)}; d <= std::chrono::sys_days{Ymd(2125, 1, 1)};
         d += std::chrono::days{1}) {
        const Date date{d};
        const auto plain = ParseJapaneseDate(FormatWareki(date), "date");
        ASSERT_TRUE(plain.has_value()) << FormatWareki(date) << ": " << plain.error().message;
        ASSERT_EQ(*plain, date) << FormatWareki(date);
        const auto with_western = ParseJapaneseDate(FormatWarekiWithWestern(date), "date");
        ASSERT_TRUE(with_western.has_value()) << FormatWarekiWithWestern(date) << ": " << with_western.error().message;
        ASSERT_EQ(*with_western, date) << FormatWarekiWithWestern(date);
    }
}

TEST(FiscalYear, RunsFromAprilToMarch) {
    EXPECT_EQ(FiscalYearOf(Ymd(2025, 3, 31)), 2024);
    EXPECT_EQ(FiscalYearOf(Ymd(2024, 4, 1)), 2024);
    EXPECT_EQ(FiscalYearOf(Ymd(2024, 3, 31)), 2023);
    EXPECT_EQ(FiscalYearOf(Ymd(2024, 12, 31)), 2024);
    EXPECT_EQ(FiscalYearOf(Ymd(2025, 1, 1)), 2024);
}

TEST(FiscalYear, Labels) {
    EXPECT_EQ(FiscalYearLabel(2024), "令和6年度");
    EXPECT_EQ(FiscalYearLabel(2019), "令和元年度");
    EXPECT_EQ(FiscalYearLabel(2018), "平成30年度");
    EXPECT_EQ(FiscalYearLabel(1989), "平成元年度");
    EXPECT_EQ(FiscalYearLabel(1988), "昭和63年度");
    EXPECT_EQ(FiscalYearLabel(1873), "明治6年度");
    EXPECT_EQ(FiscalYearLabel(1872), "1872年度");
}

TEST(FiscalYear, Parses) {
    const std::vector<std::pair<std::string, int>> cases = {
        {"2024", 2024},       {"2024年度", 2024},   {"２０２４年度", 2024}, {"令和6年度", 2024},
        {"令和６年度", 2024}, {"R6", 2024},         {"r06年度", 2024},      {"Ｒ６", 2024},
        {"令和元年度", 2019}, {"R1", 2019},         {"平成31年度", 2019},   {"H30", 2018},
        {"平成30年度", 2018}, {"平成元年度", 1989}, {"昭和63年度", 1988},   {" 令和 6 年度 ", 2024},
    };
    for (const auto& [text, expected] : cases) {
        const auto parsed = ParseFiscalYear(text, "fiscal_year");
        ASSERT_TRUE(parsed.has_value()) << text << ": " << parsed.error().message;
        EXPECT_EQ(*parsed, expected) << text;
    }
    for (const char* bad : {"", "24", "令和", "令和6年4月", "X6", "昭和64年度", "令和0年度", "2024年度度", "R6.4"}) {
        const auto parsed = ParseFiscalYear(bad, "fiscal_year");
        ASSERT_FALSE(parsed.has_value()) << bad;
        EXPECT_EQ(parsed.error().field, "fiscal_year");
        EXPECT_TRUE(parsed.error().message.starts_with("「fiscal_year」の")) << parsed.error().message;
    }
    EXPECT_EQ(ParseFiscalYear("昭和64年度", "fiscal_year").error().message,
              "「fiscal_year」の昭和64年度は昭和の期間外です");
    for (int fiscal_year = 1000; fiscal_year <= 9999; ++fiscal_year) {
        const auto parsed = ParseFiscalYear(FiscalYearLabel(fiscal_year), "fiscal_year");
        ASSERT_TRUE(parsed.has_value()) << FiscalYearLabel(fiscal_year);
        ASSERT_EQ(*parsed, fiscal_year) << FiscalYearLabel(fiscal_year);
    }
}

TEST(AgeOn, CountsCompletedYears) {
    EXPECT_EQ(AgeOn(Ymd(1950, 4, 1), Ymd(2024, 3, 31)), 73);
    EXPECT_EQ(AgeOn(Ymd(1950, 4, 1), Ymd(2024, 4, 1)), 74);
    EXPECT_EQ(AgeOn(Ymd(1950, 4, 1), Ymd(1950, 4, 1)), 0);
    EXPECT_EQ(AgeOn(Ymd(1950, 12, 31), Ymd(2024, 1, 1)), 73);
    EXPECT_EQ(AgeOn(Ymd(2024, 4, 2), Ymd(2024, 4, 1)), -1);
    EXPECT_EQ(AgeOn(Ymd(2024, 2, 30), Ymd(2024, 4, 1)), -1);
}

TEST(AgeOn, LeapDayBirthsAgeOnFirstOfMarchInCommonYears) {
    const Date birth = Ymd(2000, 2, 29);
    EXPECT_EQ(AgeOn(birth, Ymd(2023, 2, 28)), 22);
    EXPECT_EQ(AgeOn(birth, Ymd(2023, 3, 1)), 23);
    EXPECT_EQ(AgeOn(birth, Ymd(2024, 2, 28)), 23);
    EXPECT_EQ(AgeOn(birth, Ymd(2024, 2, 29)), 24);
    EXPECT_EQ(AgeOn(birth, Ymd(2001, 3, 1)), 1);
}

}  // namespace
}  // namespace kasane
