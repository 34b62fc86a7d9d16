// SPDX-License-Identifier: Apache-2.0
#pragma once

// 県の集計 (prefecture_pages.cpp): /prefecture, the prefecture's towns side by side and in total with 「χ」, its
// settings (the floor, the 圏域) and its support visits. The use case must outlive the router.

#include "base/time.hpp"
#include "domain/prefecture_statistics.hpp"
#include "http/router.hpp"

namespace kasane::web {

// Registers the pages; the use case is also what OffersPrefecturePage asks (one installation per process).
void AddPrefecturePages(http::Router& router, domain::PrefectureStatistics& prefecture, const Clock& clock);

// Whether the navigation offers 県の集計 (domain::MayReadPrefectureRollup, asked through the use case); false before
// AddPrefecturePages.
bool OffersPrefecturePage(const domain::Principal& principal);

}  // namespace kasane::web
