// SPDX-License-Identifier: Apache-2.0
#pragma once

// 世帯訪問調査 pages (household_survey_pages.cpp): /surveys (campaigns and set-up), /surveys/{id} (areas, bodies,
// progress, assignment), /surveys/{id}/areas/{area} (the printable visit list), the visit form, and
// /survey-visits/{id} with 「つなぐ」. The service, directory and clock must outlive the router.

#include "base/time.hpp"
#include "domain/directory.hpp"
#include "domain/household_survey_service.hpp"
#include "http/router.hpp"

namespace kasane::web {

void AddHouseholdSurveyPages(http::Router& router, domain::HouseholdSurveyService& surveys,
                             domain::Directory& directory, const Clock& clock);

}  // namespace kasane::web
