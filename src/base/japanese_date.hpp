// SPDX-License-Identifier: Apache-2.0
#pragma once

// Calendar dates as people in Japanese municipalities write them (architecture decision 9): 和暦 (Japanese era)
// in the UI, ISO 8601 in storage and the API, and fiscal years (年度) from 1 April to 31 March.
//
// Era boundaries (Gregorian, first and last day):
//   明治 M  1873-01-01 .. 1912-07-30   (the era began 1868-01-25, but Japan kept the lunisolar calendar until
//                                       明治5年12月2日; the next day was 明治6年1月1日 = 1873-01-01. A Gregorian
//                                       date cannot be labelled 明治1–5年 without converting from the old
//                                       calendar, which Kasane does not do: 明治 dates before 明治6年 are errors.)
//   大正 T  1912-07-30 .. 1926-12-25
//   昭和 S  1926-12-25 .. 1989-01-07
//   平成 H  1989-01-08 .. 2019-04-30
//   令和 R  2019-05-01 ..
// The era changed during the day on 1912-07-30 and 1926-12-25, so each of those days belongs to both eras:
// 明治45年7月30日 and 大正元年7月30日 parse to the same date; formatting uses the new era.
// The first year of an era is 元年 (year 1).
//
// All functions are pure and thread-safe.

#include <chrono>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace kasane {

// A calendar date with no time zone. Functions here take and return valid dates (ok()).
using Date = std::chrono::year_month_day;

// Parses a date typed by a person or sent in the API. Accepted, with white space anywhere and full-width digits,
// letters and punctuation read as their ASCII forms (NFKC):
//   western:   2024-04-01, 2024/4/1, 2024.4.1, 2024年4月1日, 西暦2024年4月1日, 20240401 (western years have 4 digits)
//   era:       令和6年4月1日, 令和元年5月1日, 令和六年四月一日 (kanji numerals), R6.4.1, R06.04.01, r6/4/1, H31.4.30,
//              S64.1.7, T15.12.24, M45.7.29, 平31.4.30 (one-kanji era), ㍻31年4月30日 (squared era names),
//              令和6年（2024年）4月1日 (the western year in brackets must agree); era years run to 99 at most
//              ("令和2024年" is refused as a likely slip rather than read as the year 4042)
//   weekday:   2024年4月1日（月） (checked against the date)
// Western years run from 0001 to 9999.
// The day may be followed by 日; 年 and 月 may be replaced by any of - / . and a date written with 年 may omit 日.
// Errors are kInvalidArgument with Error::field = `field` and a Japanese message that quotes the field:
//   「生年月日」の令和7年2月30日は存在しない日付です (also for month 13 or day 0),
//   「生年月日」の元号を読み取れません, 「生年月日」の平成31年5月1日は平成の期間外です（平成は2019年4月30日まで）,
//   「生年月日」の日付の形式が正しくありません（例：2024-04-01、令和6年4月1日、R6.4.1）, and others.
Result<Date> ParseJapaneseDate(std::string_view text, std::string_view field);

// "令和6年4月1日", "令和元年5月1日", "平成31年4月30日". A date before 明治6年1月1日 (1873-01-01), which has no era
// label here, or after 令和99年12月31日 (2117-12-31; era years are read only up to 99, see ParseJapaneseDate), is
// written in the western form "1872年12月31日" (4-digit year), which ParseJapaneseDate() reads back.
// Returns "" for a date that is not ok() or whose year is outside 1..9999.
std::string FormatWareki(Date date);

// "令和6年（2024年）4月1日", "令和元年（2019年）5月1日"; before 1873 the western form as in FormatWareki().
std::string FormatWarekiWithWestern(Date date);

// The calendar date in Japan of an instant is JstDate() in base/japan_time.hpp.
// The fiscal year (年度) holding `date`, named by the western year in which it starts: 2024-04-01 → 2024,
// 2025-03-31 → 2024.
int FiscalYearOf(Date date);

// The label of a fiscal year: 2024 → 令和6年度, 2019 → 令和元年度, 2018 → 平成30年度, 1989 → 平成元年度,
// 1988 → 昭和63年度. Rule: the era in effect on 31 December of the starting year, which gives the labels
// municipalities used when an era began during a fiscal year (the fiscal year from 2019-04-01 is 令和元年度).
// Where there is no era label (before 1873, after 令和99年度, outside 0..9999) the western form "1872年度".
std::string FiscalYearLabel(int fiscal_year);

// Parses a fiscal year: "2024", "2024年度", "令和6年度", "令和元年度", "R6", "r06年度", "H30", "平成31年度", full-width
// digits and letters, white space anywhere. An era year is accepted when the fiscal year overlaps the era, so
// 平成31年度 (used before 令和 was announced) and 令和元年度 both give 2019, and 昭和64年度 is an error. Errors as in
// ParseJapaneseDate(). ParseFiscalYear(FiscalYearLabel(y)) == y for 0 <= y <= 9999. Western years have 4 digits.
Result<int> ParseFiscalYear(std::string_view text, std::string_view field);

// Age in completed years during the whole of day `on`, for a person born on `birth`. The age goes up on the
// birthday; someone born on 29 February goes up on 1 March in common years. This agrees, day for day, with the
// legal rule (年齢計算ニ関スル法律 and 民法143条): one reaches an age at the end of the day before the birthday
// (for 29 February births, at the end of 28 February), so the first whole day at the new age is the birthday
// (1 March). Deadlines defined by the legal rule ("the day one turns 65", 到達日) fall on the day before the
// birthday: compute those from the birthday, not from this function. Returns -1 if `on` is before `birth` or
// either date is not ok().
int AgeOn(Date birth, Date on);

}  // namespace kasane
