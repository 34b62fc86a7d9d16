// SPDX-License-Identifier: Apache-2.0
#pragma once

// 実施計画と評価's pages (evaluation_plan_pages.cpp), under /evaluation.

#include "domain/directory.hpp"
#include "domain/evaluation_plan_service.hpp"
#include "http/router.hpp"

namespace kasane::web {

void AddEvaluationPlanPages(http::Router& router, domain::EvaluationPlanService& plans, domain::Directory& directory);

}  // namespace kasane::web
