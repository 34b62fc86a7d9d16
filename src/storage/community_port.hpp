// SPDX-License-Identifier: Apache-2.0
#pragma once

// 地域づくり's and the 地域課題 register's repository of a tenant store (domain::CommunityRepositories), for the
// composition root: the tenant store of the SQL stores (both backends), of a transaction too. nullptr for any other.

#include <memory>

#include "domain/community_development_repositories.hpp"
#include "domain/repositories.hpp"

namespace kasane::storage {

std::unique_ptr<domain::CommunityRepository> CommunityOf(domain::TenantStore& tenant);

}  // namespace kasane::storage
