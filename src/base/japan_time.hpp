// SPDX-License-Identifier: Apache-2.0
#pragma once

// Time in Japan: the one home of Japan's offset from UTC. JST is UTC+9 all year (Japan has kept no daylight saving
// since 1952), so a calendar day in Japan runs from 15:00 UTC of the day before. Every rule that counts in days
// (consent expiry, sharing periods, due dates, 年度) and every page that shows or reads a time of day asks here,
// with "now" from an injected `Clock`, never from the wall clock.

#include <chrono>
#include <string>

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

// "2024年4月1日 18:30" in JST, for display.
std::string FormatJst(Instant instant);

}  // namespace kasane
