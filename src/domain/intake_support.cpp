// SPDX-License-Identifier: Apache-2.0
#include "domain/intake_support.hpp"

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"

namespace kasane::domain::intake_support {

AuditEntry EntryFor(const Actor& actor, Instant at, AuditAction action, std::string_view record_type,
                    std::int64_t record_id, std::optional<PersonId> person_id, std::string_view fields) {
    AuditEntry entry = EntryBy(actor.principal, at, action, record_type, record_id, fields);
    entry.person_id = person_id;
    entry.remote_address = actor.remote_address;
    entry.request_id = actor.request_id;
    return entry;
}

void SetBasis(AuditEntry& entry, const AccessDecision& decision) {
    entry.basis = std::string(AccessBasisCode(decision.basis));
    entry.basis_detail = decision.basis_detail;
}

AuditEntry RecordEntry(const Actor& actor, Instant at, AuditAction action, std::string_view record_type,
                       std::int64_t record_id, std::string_view basis) {
    AuditEntry entry = EntryFor(actor, at, action, record_type, record_id, std::nullopt, "*");
    entry.basis = std::string(basis);
    return entry;
}

Status AppendOne(TenantStore& tenant, AuditEntry entry) {
    std::vector<AuditEntry> entries{std::move(entry)};
    return tenant.Audit().Append(entries);
}

Result<OrganizationKind> OrganizationKindOf(Store& store, const Actor& actor) {
    static std::mutex mutex;
    static std::unordered_map<OrganizationId, OrganizationKind> cache;
    const OrganizationId id = actor.principal.user.organization_id;
    {
        const std::lock_guard lock(mutex);
        if (const auto it = cache.find(id); it != cache.end()) return it->second;
    }
    auto organization = store.Tenant(actor.Tenant())->Organizations().Get(id);
    if (!organization) return Fail(organization.error());
    const std::lock_guard lock(mutex);
    cache[id] = organization->kind;
    return organization->kind;
}

Viewer ViewerOf(const Actor& actor, OrganizationKind kind) {
    return Viewer{.principal = actor.principal, .organization_kind = kind};
}

Error Hidden(const Error& error) { return error.Is(ErrorCode::kNotFound) ? Error::NotFound() : error; }

Result<MeetingFact> MeetingFactFor(TenantStore& tenant, const Meeting& meeting,
                                   std::map<MeetingBodyId, MeetingBody>& bodies) {
    const auto body_of = [&](MeetingBodyId id) -> Result<const MeetingBody*> {
        auto found = bodies.find(id);
        if (found == bodies.end()) {
            auto body = tenant.Meetings().GetBody(id);
            if (!body) return Fail(body.error());
            found = bodies.emplace(id, std::move(*body)).first;
        }
        return &found->second;
    };
    auto body = body_of(meeting.body_id);
    if (!body) return Fail(body.error());
    const MeetingBody* joint = nullptr;
    if (meeting.joint_body_id) {
        auto found = body_of(*meeting.joint_body_id);
        if (!found) return Fail(found.error());
        joint = *found;
    }
    return MeetingFactOf(**body, joint, meeting);
}

Result<MeetingFact> MeetingFactFor(TenantStore& tenant, const Meeting& meeting) {
    std::map<MeetingBodyId, MeetingBody> bodies;
    return MeetingFactFor(tenant, meeting, bodies);
}

bool WorksCases(const Principal& principal) { return RecordsConsultations(principal); }

Status CheckRecordsNoPersonalData(const MeetingBody& body, const std::optional<MeetingBody>& joint_body,
                                  const Meeting& meeting) {
    const bool body_takes = TakesPersonalData(body.legal_basis);
    if (joint_body && body_takes != TakesPersonalData(joint_body->legal_basis)) {
        return Fail(
            Error::InvalidArgument("法定外の庁内会議は、法に基づく会議体と合同で開催できません", "joint_body_id"));
    }
    if (body_takes) return {};
    const std::string refusal =
        "この会議体（" + body.display_name + "）は法的根拠のない庁内の会議のため、個人の情報を記録できません。";
    if (!meeting.agenda.empty()) {
        return Fail(Error::InvalidArgument(refusal + "議題に本人を載せず、内容は議事メモに書いてください", "agenda"));
    }
    for (const Attendee& attendee : meeting.attendees) {
        if (attendee.kind != AttendeeKind::kStaff) {
            return Fail(Error::InvalidArgument(refusal + "本人や家族は出席者にできません", "attendees"));
        }
    }
    for (const Decision& decision : meeting.decisions) {
        if (decision.case_id) {
            return Fail(Error::InvalidArgument(refusal + "決定に支援ケースを結び付けられません", "decisions"));
        }
    }
    return {};
}

}  // namespace kasane::domain::intake_support
