// SPDX-License-Identifier: Apache-2.0
#pragma once

// The resource directory's repository of a tenant store (domain::ResourceDirectoryRepositories), for the composition
// root: the tenant store of the SQL stores (both backends), of a transaction too. nullptr for any other TenantStore.

#include <memory>

#include "domain/repositories.hpp"
#include "domain/resource_directory_repositories.hpp"

namespace kasane::storage {

std::unique_ptr<domain::ResourceDirectoryRepository> ResourceDirectoryOf(domain::TenantStore& tenant);

}  // namespace kasane::storage
