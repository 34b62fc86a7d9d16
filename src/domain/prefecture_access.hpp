// SPDX-License-Identifier: Apache-2.0
#pragma once

// 県の集計's rule of access (defined in access_policy.cpp with the others). A header of its own for now:
// access_policy.hpp is read by some sixty files (to fold in with the next change that touches it).

#include <optional>

#include "base/ids.hpp"
#include "domain/auth.hpp"

namespace kasane::domain {

// Who sees a prefecture's roll-up of its towns, keeps its settings (the floor, the 圏域) and records its support
// visits: a prefecture analyst (Role::kPrefectureAnalyst) whose account is in the municipality the operator
// designated as that prefecture's office (`prefecture_office`). A prefecture analyst of any other town keeps what
// the role gave before: that one town's own figures, suppressed (report.hpp). Everyone else is answered as if the
// prefecture's pages did not exist.
bool MayReadPrefectureRollup(const Principal& principal, std::optional<MunicipalityId> prefecture_office);

}  // namespace kasane::domain
