// SPDX-License-Identifier: Apache-2.0
#pragma once

// Ports for lawful sharing (sharing.hpp). Conventions as in repositories.hpp: scoped to the TenantStore's
// municipality; kNotFound for rows elsewhere; kConflict (field "version") for a stale expected_version.

#include <map>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/sharing.hpp"

namespace kasane::domain {

class ConsentRepository {
public:
    virtual ~ConsentRepository() = default;
    // kNotFound, field "organizations" or "bodies", for an organisation or body of another municipality.
    virtual Result<Consent> Create(const Consent& consent) = 0;
    virtual Result<Consent> Get(ConsentId id) = 0;
    virtual Result<std::vector<Consent>> OfPersons(const std::vector<PersonId>& person_ids) = 0;  // newest first
    // Sets withdrawn_at (kConflict, field "withdrawn_at", when already withdrawn).
    virtual Result<Consent> Withdraw(ConsentId id, Instant at) = 0;
};

class MeetingRepository {
public:
    virtual ~MeetingRepository() = default;
    virtual Result<MeetingBody> CreateBody(const MeetingBody& body) = 0;
    virtual Result<MeetingBody> GetBody(MeetingBodyId id) = 0;
    virtual Result<std::vector<MeetingBody>> ListBodies() = 0;
    // Replaces display name, sharing rule, sharing days, coordinator and members.
    virtual Result<MeetingBody> UpdateBody(MeetingBodyId id, int expected_version, const MeetingBody& body) = 0;

    // kNotFound, field "body_id", when the body is of another municipality; field "agenda" for a person elsewhere.
    virtual Result<Meeting> CreateMeeting(const Meeting& meeting) = 0;
    virtual Result<Meeting> GetMeeting(MeetingId id) = 0;
    virtual Result<std::vector<Meeting>> ListMeetings(std::optional<MeetingBodyId> body_id) = 0;  // newest first
    // Replaces attendees, agenda, minutes and decisions.
    virtual Result<Meeting> UpdateMeeting(MeetingId id, int expected_version, const Meeting& meeting) = 0;
    // Meetings with any of the persons on the agenda, newest first.
    virtual Result<std::vector<Meeting>> OfPersons(const std::vector<PersonId>& person_ids) = 0;
};

class EmergencyAccessRepository {
public:
    virtual ~EmergencyAccessRepository() = default;
    virtual Result<EmergencyAccess> Create(const EmergencyAccess& access) = 0;
    // Newest first; only those not yet acknowledged with AlertListing::kUnacknowledgedOnly.
    virtual Result<std::vector<EmergencyAccess>> List(AlertListing listing, int limit) = 0;
    // Acknowledges through the alerts' one mechanism (AlertAcknowledgementRepository, kind kEmergencyAccess).
    virtual Result<EmergencyAccess> Acknowledge(EmergencyAccessId id, UserId administrator_id) = 0;
};

// Who reviewed which administrators' alert (AlertKind). The subject's existence is the caller's rule.
class AlertAcknowledgementRepository {
public:
    virtual ~AlertAcknowledgementRepository() = default;
    // kConflict, field "acknowledged_by", when the alert is acknowledged already (the first reviewer stays);
    // kNotFound, field "administrator_id", for a user of another municipality or none.
    virtual Status Acknowledge(AlertKind kind, std::int64_t subject_id, UserId administrator_id) = 0;
    // The acknowledged alerts of a kind: subject id → the administrator who reviewed it.
    virtual Result<std::map<std::int64_t, UserId>> List(AlertKind kind) = 0;
};

}  // namespace kasane::domain
