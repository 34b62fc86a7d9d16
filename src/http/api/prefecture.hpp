// SPDX-License-Identifier: Apache-2.0
#pragma once

// 県の集計 (prefecture.cpp; domain/prefecture_statistics.hpp): GET /api/v1/prefecture (the prefecture, its towns,
// settings and support visits), GET /api/v1/prefecture/rollup (+ .csv, .xlsx), PUT /api/v1/prefecture/settings,
// POST /api/v1/prefecture/visits, and the operator's PUT /api/v1/operator/prefecture-offices. Anyone but the
// prefecture's analysts is answered 404, like a missing page.

#include "base/time.hpp"
#include "domain/prefecture_statistics.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddPrefectureRoutes(Router& router, domain::PrefectureStatistics& prefecture, const Clock& clock);

}  // namespace kasane::http::api
