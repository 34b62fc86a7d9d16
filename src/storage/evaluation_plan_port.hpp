// SPDX-License-Identifier: Apache-2.0
#pragma once

// 実施計画と評価's repository of a tenant store (domain::EvaluationPlanRepositories), for the composition root: the
// tenant store of the SQL stores (both backends), of a transaction too. nullptr for any other.

#include <memory>

#include "domain/evaluation_plan_repositories.hpp"
#include "domain/repositories.hpp"

namespace kasane::storage {

std::unique_ptr<domain::EvaluationPlanRepository> EvaluationPlansOf(domain::TenantStore& tenant);

}  // namespace kasane::storage
