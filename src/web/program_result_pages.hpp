// SPDX-License-Identifier: Apache-2.0
#pragma once

// 事業別実績 and 関係者調査's pages (program_result_pages.cpp), under /evaluation.

#include "domain/directory.hpp"
#include "domain/evaluation_plan_service.hpp"
#include "http/router.hpp"

namespace kasane::web {

void AddProgramResultPages(http::Router& router, domain::EvaluationPlanService& plans, domain::Directory& directory);

}  // namespace kasane::web
