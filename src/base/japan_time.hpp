// SPDX-License-Identifier: Apache-2.0
#pragma once

// Time in Japan: the one home of Japan's offset from UTC. JST is UTC+9 all year (Japan has kept no daylight saving
// since 1952), so a calendar day in Japan runs from 15:00 UTC of the day before. Every rule that counts in days
// (consent expiry, sharing periods, due dates, 年度) and every page that shows or reads a time of day asks here,
// with "now" from an injected `Clock`, never from the wall clock.

#include <chrono>
#include <string>
#include <string_view>

#include "base/japanese_date.hpp"
#include "base/time.hpp"

namespace kasane {

// The wall-clock time in Japan of an instant, as a time point with no zone (for splitting into date and time).
using JstLocalTime = std::chrono::local_time<std::chrono::milliseconds>;

JstLocalTime ToJstLocal(Instant instant);
// The instant at which Japan's clocks show `local` (a time typed by a person: "2024-05-01 10:30" means JST).
Instant FromJstLocal(JstLocalTime local);

// The calendar date in Japan of an instant: "today" for every rule that counts in days.
Date JstDate(Instant instant);
// The date in Japan now.
Date TodayInJapan(const Clock& clock);
// 00:00 JST of `date`; a day in Japan is [StartOfJstDay(d), StartOfJstDay(d + 1 day)).
Instant StartOfJstDay(Date date);
// 00:00 JST of the day after `date`: the exclusive end of `date`.
Instant EndOfJstDay(Date date);
// 年度 `fiscal_year` (named by the western year in which it starts) runs over
// [StartOfFiscalYear(fy), StartOfFiscalYear(fy + 1)): 1 April 00:00 JST.
Instant StartOfFiscalYear(int fiscal_year);

// Parses a date and time as people write them, and as the API accepts them (issue 13). Accepted, with full-width
// digits, letters and spaces read as ASCII (NFKC) and white space around the parts:
//   ISO 8601:  2024-04-01T10:30, 2024-04-01T10:30:15, 2024-04-01T10:30:15.250, with "T" or a space, followed by
//              Z, +09:00, -05:00, +0900 or +09 (PostgreSQL's text form) — or by NOTHING, which means JAPAN TIME
//              (2024-04-01T10:30 is 01:30 UTC);
//   a date as ParseJapaneseDate() reads it (令和4年4月1日, R4.4.1, 2022/4/1, 2022年4月1日（金） …) then a time of
//   day in Japan time: 8:30, 08:30:15, 8時, 8時30分, 8時30分15秒, 8時半, each optionally after 午前 or 午後
//   (午前8時30分, 午後3:05; 午前/午後 with hours 0–11: 午後0時 is noon), separated from the date by a space or
//   "T", or by nothing after 日 or 午前/午後 (令和4年4月1日8:30, 令和4年4月1日午後3時).
// Refused with kInvalidArgument, Error::field = `field` and a Japanese message quoting `field`: a date alone (no
// time of day), an hour above 23, minutes or seconds above 59, 午前/午後 with an hour above 11, an offset beyond
// ±18:00, and every error of ParseJapaneseDate() (impossible dates, dates outside an era).
Result<Instant> ParseJapanDateTime(std::string_view text, std::string_view field);

// "2024年4月1日 18:30" in JST, for display.
std::string FormatJst(Instant instant);

}  // namespace kasane
