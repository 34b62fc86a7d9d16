// SPDX-License-Identifier: Apache-2.0
#pragma once

// Ports of 見守り (watch_list.hpp). Same conventions as repositories.hpp: every method acts within the TenantStore's
// municipality.

#include <optional>
#include <vector>

#include "base/result.hpp"
#include "domain/watch_list.hpp"

namespace kasane::domain {

class WatchListRepository {
public:
    virtual ~WatchListRepository() = default;
    // Stores a new entry with its watchers (id ignored). Invalid argument naming the field for a person, area or
    // watcher user not of this municipality.
    virtual Result<WatchEntry> Add(const WatchEntry& entry) = 0;
    virtual Result<WatchEntry> Get(WatchEntryId id) = 0;
    // The entries of one 民生委員区 (or all) and one 自治会 (or all), by 自治会 then id.
    virtual Result<std::vector<WatchEntry>> List(std::optional<AreaId> district,
                                                 std::optional<AreaId> neighborhood) = 0;
    // Sets the last contact. kNotFound for an entry of another municipality.
    virtual Status RecordContact(WatchEntryId id, Date on) = 0;
};

}  // namespace kasane::domain
