// SPDX-License-Identifier: Apache-2.0
#pragma once

// 課題と特性's repository of a tenant store (domain::PersonTraitRepositories), for the composition root: the tenant
// store of the SQL stores (both backends), of a transaction too. nullptr for any other.

#include <memory>

#include "domain/person_trait_repositories.hpp"
#include "domain/repositories.hpp"

namespace kasane::storage {

std::unique_ptr<domain::PersonTraitRepository> PersonTraitsOf(domain::TenantStore& tenant);

}  // namespace kasane::storage
