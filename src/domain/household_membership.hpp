// SPDX-License-Identifier: Apache-2.0
#pragma once

// Whether a household membership counts on a day: the one rule behind Household::CurrentMembers and the counts of
// 世帯人員 that stream memberships without building households (reports_store.cpp).

#include <chrono>
#include <optional>

namespace kasane::domain {

// Current on `on` unless it ended on or before that day (moved_out) or begins after it (moved_in).
inline bool IsCurrentMembership(const std::optional<std::chrono::year_month_day>& moved_in,
                                const std::optional<std::chrono::year_month_day>& moved_out,
                                std::chrono::year_month_day on) {
    const std::chrono::sys_days day{on};
    if (moved_out.has_value() && std::chrono::sys_days{*moved_out} <= day) return false;
    return !(moved_in.has_value() && std::chrono::sys_days{*moved_in} > day);
}

}  // namespace kasane::domain
