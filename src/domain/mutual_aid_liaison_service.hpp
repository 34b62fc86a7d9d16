// SPDX-License-Identifier: Apache-2.0
#pragma once

// The use cases of the 支え愛連絡会 (mutual_aid_liaison.hpp): setting one up for a 自治会 (a meeting body of
// LegalBasis::kMutualAidLiaison tied to the area, in one transaction), recording a meeting with its resident
// attendees and what was shared — a person by name only with a consent in force naming the body
// (MayNameAtLiaison), otherwise a concern without a person link — and reading meetings as the policy lets the
// viewer (LiaisonMeetingAccess: its attendees). Every change and every read of a named person is audited.

#include <optional>
#include <vector>

#include "domain/audit_recorder.hpp"
#include "domain/intake.hpp"
#include "domain/mutual_aid_liaison.hpp"
#include "domain/mutual_aid_liaison_repositories.hpp"
#include "domain/repositories.hpp"

namespace kasane::domain {

struct LiaisonBodyView {
    LiaisonBody body;
    std::vector<LiaisonMeeting> meetings;  // only those the viewer may read, newest first
    bool may_record = false;
};

struct LiaisonMeetingView {
    LiaisonBody body;
    LiaisonMeeting meeting;
    std::string basis;  // the audit basis the viewer reads it on
};

class MutualAidLiaisonService {
public:
    MutualAidLiaisonService(Store& store, const Clock& clock, AuditRecorder& audit);

    // Every 支え愛連絡会 (names and 自治会 only): the municipality's staff and the 民生委員.
    Result<std::vector<LiaisonBody>> Bodies(const Actor& actor);
    // Whether the viewer sets up bodies and records meetings (MayKeepLiaison): the pages' forms.
    Result<bool> MayKeep(const Actor& actor);
    // Sets up the 支え愛連絡会 of a 自治会: the body (consent only, never without) and its tie, one transaction.
    // kConflict when the 自治会 has one; the municipality's professional staff only.
    Result<LiaisonBody> SetUp(const Actor& actor, AreaId neighborhood);
    // A body with the meetings the viewer attended or recorded.
    Result<LiaisonBodyView> Body(const Actor& actor, MeetingBodyId body);
    // Records a meeting (ValidateLiaisonMeeting). A concern naming a person is refused (kInvalidArgument, field
    // "concerns") unless a consent in force names this body; a user attendee must be a professional or 民生委員
    // of the town (named from the account). One transaction with its audit entries.
    Result<LiaisonMeeting> Record(const Actor& actor, LiaisonMeeting meeting);
    // One meeting: kNotFound for anyone but its attendees and recorder. A named concern whose consent is no longer
    // in force is returned without the name (name_withheld).
    Result<LiaisonMeetingView> Meeting(const Actor& actor, LiaisonMeetingId id);

private:
    Store& store_;
    const Clock& clock_;
    AuditRecorder& audit_;
};

}  // namespace kasane::domain
