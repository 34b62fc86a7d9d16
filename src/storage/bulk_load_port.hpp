// SPDX-License-Identifier: Apache-2.0
#pragma once

// The bulk load session (domain/bulk_load.hpp) of a SQL store, for the generators' callers (`kasane demo --scale`):
// made on the store's executor; nullptr for a store of another kind. Not for request handling.

#include <memory>

#include "base/ids.hpp"
#include "domain/bulk_load.hpp"
#include "domain/repositories.hpp"

namespace kasane::storage {

std::unique_ptr<domain::BulkLoad> BulkLoadOf(domain::Store& store, MunicipalityId tenant);

}  // namespace kasane::storage
