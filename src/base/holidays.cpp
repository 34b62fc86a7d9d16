// SPDX-License-Identifier: Apache-2.0
#include "base/holidays.hpp"

#include <cmath>

namespace kasane {

namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::weekday;
using std::chrono::year;
using std::chrono::year_month_day;

bool IsMonday(year_month_day date) { return weekday{sys_days{date}} == std::chrono::Monday; }

// The n-th Monday of a month (ハッピーマンデー).
bool IsNthMonday(year_month_day date, unsigned n) {
    return IsMonday(date) && (static_cast<unsigned>(date.day()) - 1) / 7 + 1 == n;
}

int VernalEquinoxDay(int y) {
    return static_cast<int>(std::floor(20.8431 + 0.242194 * (y - 1980) - std::floor((y - 1980) / 4.0)));
}
int AutumnalEquinoxDay(int y) {
    return static_cast<int>(std::floor(23.2488 + 0.242194 * (y - 1980) - std::floor((y - 1980) / 4.0)));
}

// Holidays named by the law, before substitutes.
bool IsNamedHoliday(year_month_day date) {
    const int y = static_cast<int>(date.year());
    const unsigned m = static_cast<unsigned>(date.month());
    const unsigned d = static_cast<unsigned>(date.day());
    switch (m) {
        case 1: return d == 1 || IsNthMonday(date, 2);              // 元日, 成人の日
        case 2: return d == 11 || (y >= 2020 && d == 23);           // 建国記念の日, 天皇誕生日
        case 3: return static_cast<int>(d) == VernalEquinoxDay(y);  // 春分の日
        case 4: return d == 29 || (y == 2019 && d == 30);           // 昭和の日; 2019: 国民の休日
        case 5:
            return d == 3 || d == 4 || d == 5 ||
                   (y == 2019 && (d == 1 || d == 2));  // 憲法記念日, みどりの日, こどもの日; 即位の日
        case 7:
            if (y == 2020) return d == 23 || d == 24;  // 海の日, スポーツの日 (東京大会)
            if (y == 2021) return d == 22 || d == 23;
            return IsNthMonday(date, 3);  // 海の日
        case 8:
            if (y == 2020) return d == 10;
            if (y == 2021) return d == 8;
            return y >= 2016 && d == 11;                                                      // 山の日
        case 9: return IsNthMonday(date, 3) || static_cast<int>(d) == AutumnalEquinoxDay(y);  // 敬老の日, 秋分の日
        case 10:
            if (y == 2020 || y == 2021) return false;
            return IsNthMonday(date, 2) || (y == 2019 && d == 22);  // スポーツの日; 即位礼正殿の儀
        case 11: return d == 3 || d == 23;                          // 文化の日, 勤労感謝の日
        case 12: return y <= 2018 && d == 23;                       // 天皇誕生日 (平成)
        default: return false;
    }
}

}  // namespace

bool IsNationalHoliday(year_month_day date) {
    if (IsNamedHoliday(date)) return true;
    const sys_days today{date};
    // 振替休日: when a holiday falls on a Sunday, the nearest following day that is not a holiday.
    for (sys_days previous = today - std::chrono::days{1};; previous -= std::chrono::days{1}) {
        if (!IsNamedHoliday(year_month_day{previous})) break;
        if (weekday{previous} == std::chrono::Sunday) return true;
    }
    // 国民の休日: a day between two holidays.
    return IsNamedHoliday(year_month_day{today - std::chrono::days{1}}) &&
           IsNamedHoliday(year_month_day{today + std::chrono::days{1}});
}

bool IsOfficeClosed(year_month_day date) {
    const weekday day_of_week{sys_days{date}};
    if (day_of_week == std::chrono::Saturday || day_of_week == std::chrono::Sunday) return true;
    const unsigned m = static_cast<unsigned>(date.month());
    const unsigned d = static_cast<unsigned>(date.day());
    if ((m == 12 && d >= 29) || (m == 1 && d <= 3)) return true;
    return IsNationalHoliday(date);
}

}  // namespace kasane
