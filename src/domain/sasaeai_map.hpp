// SPDX-License-Identifier: Apache-2.0
#pragma once

// 支え愛マップ (鳥取県; issue 15, item 3): per 地区 (a 自治会 area) whether the residents have made their map, when it
// was last updated, and when the 地域支え愛会議 and the 避難訓練 that use it were last held; and the prefecture's
// indicator, the 地区 with a map and their share of all 地区. Sources: docs/commissioner_activity.md.

#include <optional>
#include <vector>

#include "base/ids.hpp"
#include "base/japanese_date.hpp"
#include "base/result.hpp"
#include "base/time.hpp"

namespace kasane::domain {

struct SasaeaiMapStatus {
    AreaId area_id = 0;                   // the 地区 (自治会)
    std::optional<Date> made_on;          // 作成: none while the 地区 has no map
    std::optional<Date> updated_on;       // 最終更新
    std::optional<Date> meeting_held_on;  // 地域支え愛会議 (the last one)
    std::optional<Date> drill_held_on;    // 避難訓練 (the last one)
    UserId recorded_by{};
    Instant recorded_at{};

    bool Made() const { return made_on.has_value(); }
};

// kInvalidArgument naming the field: no date after today; an update, a 会議 or a 訓練 only for a map that was made,
// and not before it was made.
Status ValidateSasaeaiMapStatus(const SasaeaiMapStatus& status, Date today);

// The prefecture's indicator over the town's 地区: how many, how many with a map, and their share (0 when none).
struct SasaeaiMapIndicator {
    int districts = 0;
    int with_map = 0;
    double share = 0.0;  // with_map / districts
};
// `districts` are the town's 地区 (自治会 areas); a status of an area not among them is not counted.
SasaeaiMapIndicator SasaeaiIndicatorOf(const std::vector<AreaId>& districts,
                                       const std::vector<SasaeaiMapStatus>& statuses);

}  // namespace kasane::domain
