// SPDX-License-Identifier: Apache-2.0
#pragma once

// 支え愛マップ use cases (sasaeai_map.hpp): the status of every 地区 (自治会) of the town with the prefecture's
// indicator, and recording a 地区's status. Counts and dates of 地区 only; no person is named.

#include <optional>
#include <string>
#include <vector>

#include "domain/audit_recorder.hpp"
#include "domain/intake.hpp"
#include "domain/repositories.hpp"
#include "domain/sasaeai_map.hpp"

namespace kasane::domain {

struct SasaeaiMapRow {
    Area area;
    SasaeaiMapStatus status;
};

struct SasaeaiMapOverview {
    std::vector<SasaeaiMapRow> rows;  // every 自治会, with its status (empty when none is recorded)
    SasaeaiMapIndicator indicator;
    bool may_record = false;
};

class SasaeaiMapService {
public:
    SasaeaiMapService(Store& store, const Clock& clock);

    // Any professional, 民生委員 or administrator of the town (no person is named).
    Result<SasaeaiMapOverview> Overview(const Actor& actor);
    // The municipality's professional staff and administrators; the area must be a 自治会. Audited.
    Status Record(const Actor& actor, SasaeaiMapStatus status);

private:
    Store& store_;
    const Clock& clock_;
};

}  // namespace kasane::domain
