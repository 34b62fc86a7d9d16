// SPDX-License-Identifier: Apache-2.0
#pragma once

// 世帯訪問調査 (household_survey.cpp): /api/v1/survey-campaigns (list, create), …/{id} (the areas the caller reads
// with their progress), …/{id}/form, …/{id}/assignments, …/{id}/households (?area=), …/{id}/hearing-notes,
// …/{id}/visits, and /api/v1/survey-visits/{id} with …/connect (「つなぐ」). Registered apart from AddApiRoutes,
// with its one use case.

#include "domain/household_survey_service.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddHouseholdSurveyRoutes(Router& router, domain::HouseholdSurveyService& surveys);

}  // namespace kasane::http::api
