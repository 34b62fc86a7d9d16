// SPDX-License-Identifier: Apache-2.0
#include "domain/referral.hpp"

#include <algorithm>

#include "base/holidays.hpp"
#include "base/japan_time.hpp"

namespace kasane::domain {

bool IsAllowedTransition(ReferralStatus from, ReferralStatus to) {
    switch (from) {
        case ReferralStatus::kSent: return to == ReferralStatus::kAccepted || to == ReferralStatus::kDeclined;
        case ReferralStatus::kAccepted: return to == ReferralStatus::kInProgress || to == ReferralStatus::kCompleted;
        case ReferralStatus::kInProgress: return to == ReferralStatus::kCompleted;
        case ReferralStatus::kDeclined:
        case ReferralStatus::kCompleted: return false;
    }
    return false;
}

// Working days are counted on the Japanese calendar (JST): a referral sent on a Friday evening in JST is
// answered by the following working days, not by a UTC weekday.
Instant AddWorkingDays(Instant from, int working_days) {
    const JstLocalTime local = ToJstLocal(from);
    auto local_day = std::chrono::floor<std::chrono::days>(local);
    const auto time_of_day = local - local_day;
    int remaining = working_days;
    while (remaining > 0) {
        local_day += std::chrono::days{1};
        if (!IsOfficeClosed(std::chrono::year_month_day{std::chrono::sys_days{local_day.time_since_epoch()}})) {
            --remaining;
        }
    }
    return FromJstLocal(local_day + time_of_day);
}

bool IsOverdue(const Referral& referral, Instant now, int working_days) {
    return IsOverdue(referral.status, referral.sent_at, now, working_days);
}

bool IsOverdue(ReferralStatus status, Instant sent_at, Instant now, int working_days) {
    return status == ReferralStatus::kSent && now >= AddWorkingDays(sent_at, working_days);
}

Instant LatestSentAtThatMayBeOverdue(Instant now, int working_days) {
    return now - std::chrono::days{std::max(working_days, 0)};
}

}  // namespace kasane::domain
