// SPDX-License-Identifier: Apache-2.0
#pragma once

// The loneliness outcomes' repository of a tenant store (domain::LonelinessRepositories), for the composition root:
// the tenant store of the SQL stores (both backends), of a transaction too. nullptr for any other.

#include <memory>

#include "domain/loneliness_repositories.hpp"
#include "domain/repositories.hpp"

namespace kasane::storage {

std::unique_ptr<domain::LonelinessRepository> LonelinessOf(domain::TenantStore& tenant);

}  // namespace kasane::storage
