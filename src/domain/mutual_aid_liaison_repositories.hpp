// SPDX-License-Identifier: Apache-2.0
#pragma once

// Ports of the 支え愛連絡会 (mutual_aid_liaison.hpp). Same conventions as repositories.hpp: every method acts within
// the TenantStore's municipality.

#include <optional>
#include <vector>

#include "base/result.hpp"
#include "domain/mutual_aid_liaison.hpp"

namespace kasane::domain {

class MutualAidLiaisonRepository {
public:
    virtual ~MutualAidLiaisonRepository() = default;
    // Ties a meeting body to its 自治会. kConflict when the 自治会 has its 支え愛連絡会 already; invalid
    // argument for a body or area not of this municipality.
    virtual Status TieBody(MeetingBodyId body, AreaId neighborhood) = 0;
    // Every 支え愛連絡会 with its 自治会, by 自治会 name.
    virtual Result<std::vector<LiaisonBody>> Bodies() = 0;
    // kNotFound for a body that is not a 支え愛連絡会 of this municipality.
    virtual Result<LiaisonBody> Body(MeetingBodyId body) = 0;
    // Stores a meeting with its attendees and concerns (id ignored).
    virtual Result<LiaisonMeeting> AddMeeting(const LiaisonMeeting& meeting) = 0;
    virtual Result<LiaisonMeeting> GetMeeting(LiaisonMeetingId id) = 0;
    // The meetings of one body, newest first.
    virtual Result<std::vector<LiaisonMeeting>> Meetings(MeetingBodyId body) = 0;
};

}  // namespace kasane::domain
