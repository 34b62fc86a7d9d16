// SPDX-License-Identifier: Apache-2.0
#pragma once

// How long a list of the worker's desk may be (desk.hpp): the overdue referrals in and out, the reviews due and the
// consents about to expire are each read at most this many at a time, oldest first, so that the home page costs
// what the caller's own work costs, never the town's. A part that reaches the limit may have more than it shows,
// and says so: the home page and /desk write 「200件以上」, the API gives "at_limit": true (AtDeskListLimit).
// A separate header, so that the limit's users (desk.cpp, referral_service.cpp, the page and the API) share it
// without the widely included desk.hpp changing.

#include <cstddef>

namespace kasane::domain {

inline constexpr int kDeskListLimit = 200;

// Whether a part's list stopped at the limit. Exact for the referrals (ReferralService::Overdue keeps every candidate
// a professional reads that is overdue, and the candidates come oldest first, so the first that is not overdue ends
// them); for the reviews and consents a list that the access rule shortened below the limit is a lower bound.
inline bool AtDeskListLimit(std::size_t size) { return size >= static_cast<std::size_t>(kDeskListLimit); }

}  // namespace kasane::domain
