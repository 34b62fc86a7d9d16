// SPDX-License-Identifier: Apache-2.0
#pragma once

// The port of set-up (town_setup.hpp): the one set-up of the installation and its one-time tokens belong to the
// installation, not to a municipality, so the port hangs off the Store (like the accounts), not a TenantStore.

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"

namespace kasane::domain {

// A town's figures for one 年度 (the denominators of rates: 相談件数 per 1,000 people, per household, ...).
struct YearFigures {
    int fiscal_year = 0;          // 年度, e.g. 2025 for 令和7年度
    std::int64_t population = 0;  // 人口 (住民基本台帳)
    std::int64_t households = 0;  // 世帯数
    int aging_rate_permille = 0;  // 高齢化率 in tenths of a percent: 352 is 35.2%
};

class TownSetupRepository {
public:
    virtual ~TownSetupRepository() = default;
    // Records the one set-up of the installation; kConflict when it was set up already.
    virtual Status Record(MunicipalityId municipality_id, Instant at) = 0;
    virtual Status CreateToken(std::string_view token_hash, Instant created_at, Instant expires_at) = 0;
    // Whether the token (by its hash) exists, is unused and expires after `now`.
    virtual Result<bool> TokenUsable(std::string_view token_hash, Instant now) = 0;
    // Marks a usable token used; false when it was not usable (unknown, used or expired).
    virtual Result<bool> UseToken(std::string_view token_hash, Instant now) = 0;
    // Stores the figures of a municipality (each 年度 once; kConflict, field "figures", for a 年度 stored already).
    virtual Status PutFigures(MunicipalityId municipality_id, const std::vector<YearFigures>& figures) = 0;
    virtual Result<std::vector<YearFigures>> Figures(MunicipalityId municipality_id) = 0;  // by 年度
};

}  // namespace kasane::domain
