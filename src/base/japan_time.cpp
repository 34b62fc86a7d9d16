// SPDX-License-Identifier: Apache-2.0
#include "base/japan_time.hpp"

#include <cstdio>

namespace kasane {
namespace {

// Japan Standard Time, UTC+9 (標準時ニ関スル件, 明治19年勅令第51号), with no daylight saving.
constexpr std::chrono::hours kJapanOffset{9};

}  // namespace

JstLocalTime ToJstLocal(Instant instant) { return JstLocalTime{instant.time_since_epoch() + kJapanOffset}; }

Instant FromJstLocal(JstLocalTime local) { return Instant{local.time_since_epoch() - kJapanOffset}; }

Date JstDate(Instant instant) {
    return Date{std::chrono::sys_days{std::chrono::floor<std::chrono::days>(ToJstLocal(instant)).time_since_epoch()}};
}

Date TodayInJapan(const Clock& clock) { return JstDate(clock.Now()); }

Instant StartOfJstDay(Date date) { return FromJstLocal(JstLocalTime{std::chrono::sys_days{date}.time_since_epoch()}); }

Instant EndOfJstDay(Date date) { return StartOfJstDay(Date{std::chrono::sys_days{date} + std::chrono::days{1}}); }

Instant StartOfFiscalYear(int fiscal_year) {
    return StartOfJstDay(Date{std::chrono::year{fiscal_year}, std::chrono::April, std::chrono::day{1}});
}

std::string FormatJst(Instant instant) {
    const auto local = ToJstLocal(instant);
    const auto days = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::year_month_day date{std::chrono::sys_days{days.time_since_epoch()}};
    const std::chrono::hh_mm_ss time{local - days};
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%d年%u月%u日 %02d:%02d", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()));
    return buffer;
}

}  // namespace kasane
