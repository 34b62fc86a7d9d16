// SPDX-License-Identifier: Apache-2.0
#pragma once

// Helpers shared by the intake services (not part of the domain's public surface).

#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include "domain/audit.hpp"
#include "domain/intake.hpp"

namespace kasane::domain::intake_support {

// An audit entry with who, where and when filled in from the actor.
AuditEntry EntryFor(const Actor& actor, Instant at, AuditAction action, std::string_view record_type,
                    std::int64_t record_id, std::optional<PersonId> person_id, std::string_view fields);
// Names the basis of a decision in an entry.
void SetBasis(AuditEntry& entry, const AccessDecision& decision);
// An entry for a change to (or read of) a record that names no person — a place, a platform, a course — on the
// given basis (the rule that allowed it), covering every field.
AuditEntry RecordEntry(const Actor& actor, Instant at, AuditAction action, std::string_view record_type,
                       std::int64_t record_id, std::string_view basis);
// Appends one entry to the tenant's audit trail.
Status AppendOne(TenantStore& tenant, AuditEntry entry);

// The kind of the actor's organisation, cached: an organisation's kind does not change while a server runs.
Result<OrganizationKind> OrganizationKindOf(Store& store, const Actor& actor);
Viewer ViewerOf(const Actor& actor, OrganizationKind kind);

// The error to answer when the record a request names is missing *or* refused: both must look the same, so a
// storage error that names a field or says which record is replaced by the plain "not found".
Error Hidden(const Error& error);

// The policy's fact of a meeting, with its body and (held jointly) its second body read through `bodies`, a cache
// the caller keeps for a list of meetings.
Result<MeetingFact> MeetingFactFor(TenantStore& tenant, const Meeting& meeting,
                                   std::map<MeetingBodyId, MeetingBody>& bodies);
Result<MeetingFact> MeetingFactFor(TenantStore& tenant, const Meeting& meeting);

// Refuses personal data in a meeting of a body that records none (TakesPersonalData: the internal meetings with no
// statute): a person on the agenda, 本人 or family among the attendees, a decision about a case, or a joint meeting
// with a body that takes them.
Status CheckRecordsNoPersonalData(const MeetingBody& body, const std::optional<MeetingBody>& joint_body,
                                  const Meeting& meeting);

// Roles that may write case records (professional roles and 民生委員).
bool WorksCases(const Principal& principal);

}  // namespace kasane::domain::intake_support
