// SPDX-License-Identifier: Apache-2.0
#pragma once

// The 年度集計's maintained aggregates of a SQL store (domain/report_aggregates.hpp), for `kasane report verify`:
// made on the town's store; nullptr for a store of another kind.

#include <memory>

#include "domain/report_aggregates.hpp"
#include "domain/repositories.hpp"

namespace kasane::storage {

std::unique_ptr<domain::ReportAggregates> ReportAggregatesOf(domain::TenantStore& tenant);

}  // namespace kasane::storage
