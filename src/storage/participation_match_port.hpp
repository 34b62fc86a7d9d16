// SPDX-License-Identifier: Apache-2.0
#pragma once

// 参加支援 matching's repository of a tenant store (domain::ParticipationMatchRepositories), for the composition root:
// the tenant store of the SQL stores (both backends), of a transaction too. nullptr for any other TenantStore.

#include <memory>

#include "domain/participation_match_repositories.hpp"
#include "domain/repositories.hpp"

namespace kasane::storage {

std::unique_ptr<domain::ParticipationMatchRepository> ParticipationMatchesOf(domain::TenantStore& tenant);

}  // namespace kasane::storage
