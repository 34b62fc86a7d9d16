// SPDX-License-Identifier: Apache-2.0
#pragma once

// Ports of 民生委員の活動記録 (commissioner_activity.hpp): 民児協, the commissioners' assignments, their months and
// their notes. Same conventions as repositories.hpp: every method acts within the TenantStore's municipality.

#include <chrono>
#include <optional>
#include <vector>

#include "base/result.hpp"
#include "domain/commissioner_activity.hpp"

namespace kasane::domain {

class CommissionerActivityRepository {
public:
    virtual ~CommissionerActivityRepository() = default;

    // 民児協, by name. CreateCouncil: kConflict (field "name") for a name taken; kNotFound (field "staff_user_id")
    // for a staff member not of this municipality.
    virtual Result<std::vector<CommissionerCouncil>> Councils() = 0;
    virtual Result<CommissionerCouncil> CreateCouncil(const CommissionerCouncil& council) = 0;

    // The commissioners' assignments, by user id. Assign replaces the user's assignment; kNotFound naming the
    // field for a user, area or council not of this municipality.
    virtual Result<std::vector<Commissioner>> Commissioners() = 0;
    virtual Status AssignCommissioner(const Commissioner& commissioner) = 0;

    // One commissioner's month; nullopt when she has not recorded it.
    virtual Result<std::optional<ActivityMonth>> Month(UserId user_id, std::chrono::year_month month) = 0;
    // Saves the month with all its counts, replacing what was there. `expected_version` is the version read (0 for a
    // month not yet recorded); kConflict when it has changed meanwhile. Returns the saved month.
    virtual Result<ActivityMonth> SaveMonth(const ActivityMonth& month, int expected_version) = 0;
    // Every recorded month from `from` to `to` (inclusive), of one 民児協 or (nullopt) of all, by month and user.
    virtual Result<std::vector<ActivityMonth>> Months(std::optional<CommissionerCouncilId> council,
                                                      std::chrono::year_month from, std::chrono::year_month to) = 0;

    // Notes about individuals, apart from the counts.
    virtual Result<CommissionerNote> AddNote(const CommissionerNote& note) = 0;
    // One commissioner's notes, newest first.
    virtual Result<std::vector<CommissionerNote>> Notes(UserId user_id) = 0;
};

}  // namespace kasane::domain
