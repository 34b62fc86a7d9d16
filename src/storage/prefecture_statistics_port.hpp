// SPDX-License-Identifier: Apache-2.0
#pragma once

// The prefectures' statistics repository (domain::PrefectureStatisticsRepositories), for the composition root: over the
// connection of a tenant store of the SQL stores (both backends), of a transaction too. nullptr for any other
// TenantStore. The tables are installation-wide (keyed by prefecture); the tenant store lends its connection only.

#include <memory>

#include "domain/prefecture_statistics_repositories.hpp"
#include "domain/repositories.hpp"

namespace kasane::storage {

std::unique_ptr<domain::PrefectureStatisticsRepository> PrefectureStatisticsOf(domain::TenantStore& tenant);

}  // namespace kasane::storage
