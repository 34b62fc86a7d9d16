// SPDX-License-Identifier: Apache-2.0
#pragma once

// 実施計画と評価 (evaluation_plans.cpp): GET and POST /api/v1/evaluation-plans, GET /api/v1/evaluation-plans/{id},
// POST /api/v1/evaluation-plans/{id}/indicators, PUT /api/v1/evaluation-indicators/{id}/target, POST
// /api/v1/evaluation-plans/{id}/actions, PUT /api/v1/evaluation-actions/{id}. Registered apart from AddApiRoutes.

#include "domain/evaluation_plan_service.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddEvaluationPlanRoutes(Router& router, domain::EvaluationPlanService& plans);

}  // namespace kasane::http::api
