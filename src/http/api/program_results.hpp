// SPDX-License-Identifier: Apache-2.0
#pragma once

// 事業別実績 and 関係者調査 (program_results.cpp), the 実施計画's companions, and the 評価シート as a file:
// GET and PUT /api/v1/evaluation/program-results (and .csv, .xlsx), GET and POST /api/v1/evaluation/surveys,
// GET /api/v1/evaluation/surveys/{id} (and export.csv, export.xlsx), POST …/{id}/items and …/{id}/responses,
// GET /api/v1/evaluation-plans/{id}/sheet.csv and sheet.xlsx.

#include "domain/evaluation_plan_service.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddProgramResultRoutes(Router& router, domain::EvaluationPlanService& plans);

}  // namespace kasane::http::api
