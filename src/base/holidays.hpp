// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>

namespace kasane {

// Japanese national holidays (国民の祝日に関する法律), with 振替休日 and 国民の休日, for 2000–2099 (the equinox
// formulas hold from 1980 to 2099; the 2020/2021 Olympic moves and 2019's enthronement days are included).
bool IsNationalHoliday(std::chrono::year_month_day date);

// A day a municipal office is closed: Saturday, Sunday, a national holiday, or 12/29–1/3 (年末年始, by the
// 休日を定める条例 every municipality has).
bool IsOfficeClosed(std::chrono::year_month_day date);

}  // namespace kasane
