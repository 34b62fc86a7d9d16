// SPDX-License-Identifier: Apache-2.0
#pragma once

// The bulk load session (domain/bulk_load.hpp) of a SQL store, for the generators' callers (`kasane demo --scale`):
// made on the store's executor; nullptr for a store of another kind. Not for request handling.

#include <memory>

#include "base/ids.hpp"
#include "domain/bulk_load.hpp"
#include "domain/repositories.hpp"

namespace kasane::storage {

// What the loaded database is for once the session ends.
enum class BulkLoadUse {
    kServed,      // Finish() leaves the schema exactly as the migrations made it
    kCopySource,  // only read by the generator's later stages and then copied elsewhere (storage/bulk_copy.hpp) and
                  // removed: Finish() builds again only the indexes those stages read (the memberships', the
                  // consultations' and the referrals'), not those of the contacts, the audit entries, the persons'
                  // other lookups and person_search, which nothing reads before the copy
};

std::unique_ptr<domain::BulkLoad> BulkLoadOf(domain::Store& store, MunicipalityId tenant,
                                             BulkLoadUse use = BulkLoadUse::kServed);

}  // namespace kasane::storage
