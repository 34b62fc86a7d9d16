// SPDX-License-Identifier: Apache-2.0
#pragma once

// 官民連携プラットフォーム's and 協議会's repository of a tenant store (domain::PartnershipRepositories), for the
// composition root: the tenant store of the SQL stores (both backends), of a transaction too. nullptr for any other.

#include <memory>

#include "domain/partnership_platform_repositories.hpp"
#include "domain/repositories.hpp"

namespace kasane::storage {

std::unique_ptr<domain::PartnershipRepository> PartnershipOf(domain::TenantStore& tenant);

}  // namespace kasane::storage
