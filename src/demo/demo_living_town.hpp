// SPDX-License-Identifier: Apache-2.0
#pragma once

// The living demo of `make run` (issue 14, item 5): the demo town grown to the seed's 北栄町 — 63 自治会 with their
// household counts (about 5,500 households), the town's five 法人 (four 社会福祉法人 and the 社協), its 地域包括 and
// NPOs — with the town-size volume (demo_scale.hpp: about 15,000 persons, their consultations, referrals, cases,
// 支援会議 and 重層的支援会議) moved in time so that it ends today, and the town's 全戸訪問 (世帯訪問調査) under way —
// every household of the 63 自治会 on the lists of the five 法人, about half visited — so that every page a newcomer
// opens has content.
// The tests keep the small demo town (demo_town.hpp); only `kasane demo --living` and `serve --load-living-demo`
// load this.

#include <functional>
#include <string_view>

#include "base/japanese_date.hpp"
#include "base/result.hpp"
#include "demo/demo_scale.hpp"
#include "demo/demo_town.hpp"
#include "domain/repositories.hpp"

namespace kasane::demo {

// The number of 自治会 of the living demo, and about how many households they count together.
inline constexpr int kLivingNeighborhoods = 63;
inline constexpr int kLivingHouseholds = 5'500;

// Adds what the living demo has beyond the demo town (idempotent: what exists by name is kept), then the
// town-size volume ending on `today` (JST). kConflict (field "scale") on a database holding other generated data.
Result<DemoScaleReport> LoadLivingTown(domain::Store& store, const DemoTown& town, Date today,
                                       std::function<void(std::string_view)> progress);

}  // namespace kasane::demo
