// SPDX-License-Identifier: Apache-2.0
#pragma once

// The 支え愛マップ repository (sasaeai_map.hpp): one status per 地区 of the tenant.

#include <vector>

#include "base/result.hpp"
#include "domain/sasaeai_map.hpp"

namespace kasane::domain {

class SasaeaiMapRepository {
public:
    virtual ~SasaeaiMapRepository() = default;
    virtual Result<std::vector<SasaeaiMapStatus>> List() = 0;  // by area id
    // Replaces the area's status. Invalid argument naming "area_id" for an area not of this municipality.
    virtual Status Save(const SasaeaiMapStatus& status) = 0;
};

}  // namespace kasane::domain
