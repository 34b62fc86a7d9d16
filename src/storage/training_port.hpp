// SPDX-License-Identifier: Apache-2.0
#pragma once

// 人材育成's repository of a tenant store (domain::TrainingRepositories), for the composition root: the tenant store of
// the SQL stores (both backends), of a transaction too. nullptr for any other.

#include <memory>

#include "domain/repositories.hpp"
#include "domain/training_repositories.hpp"

namespace kasane::storage {

std::unique_ptr<domain::TrainingRepository> TrainingOf(domain::TenantStore& tenant);

}  // namespace kasane::storage
