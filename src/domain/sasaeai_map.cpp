// SPDX-License-Identifier: Apache-2.0
#include "domain/sasaeai_map.hpp"

#include <algorithm>

namespace kasane::domain {

Status ValidateSasaeaiMapStatus(const SasaeaiMapStatus& status, Date today) {
    struct Dated {
        const std::optional<Date>& date;
        const char* field;
    };
    for (const Dated dated :
         {Dated{status.made_on, "made_on"}, Dated{status.updated_on, "updated_on"},
          Dated{status.meeting_held_on, "meeting_held_on"}, Dated{status.drill_held_on, "drill_held_on"}}) {
        if (!dated.date) continue;
        if (!dated.date->ok() || *dated.date > today) {
            return Fail(Error::InvalidArgument("日付は今日までの日付にしてください", dated.field));
        }
        if (std::string_view(dated.field) == "made_on") continue;
        if (!status.made_on) {
            return Fail(Error::InvalidArgument("支え愛マップを作った日を先に入力してください", dated.field));
        }
        if (*dated.date < *status.made_on) {
            return Fail(Error::InvalidArgument("支え愛マップを作った日より前の日付です", dated.field));
        }
    }
    return {};
}

SasaeaiMapIndicator SasaeaiIndicatorOf(const std::vector<AreaId>& districts,
                                       const std::vector<SasaeaiMapStatus>& statuses) {
    SasaeaiMapIndicator indicator{.districts = static_cast<int>(districts.size())};
    for (const SasaeaiMapStatus& status : statuses) {
        if (status.Made() && std::ranges::find(districts, status.area_id) != districts.end()) ++indicator.with_map;
    }
    if (indicator.districts > 0) {
        indicator.share = static_cast<double>(indicator.with_map) / static_cast<double>(indicator.districts);
    }
    return indicator;
}

}  // namespace kasane::domain
