// SPDX-License-Identifier: Apache-2.0
#include "domain/mutual_aid_liaison_service.hpp"

#include "base/japan_time.hpp"
#include "domain/access_policy.hpp"
#include "domain/intake_support.hpp"

namespace kasane::domain {

using intake_support::EntryFor;

namespace {

std::vector<UserId> AttendeeUsers(const LiaisonMeeting& meeting) {
    std::vector<UserId> users;
    for (const LiaisonAttendee& attendee : meeting.attendees) {
        if (attendee.user_id) users.push_back(*attendee.user_id);
    }
    return users;
}

AuditEntry MeetingAudit(const Actor& actor, Instant now, AuditAction action, const LiaisonMeeting& meeting,
                        std::optional<PersonId> person, std::string_view basis) {
    AuditEntry audit = EntryFor(actor, now, action, "liaison_meeting", static_cast<std::int64_t>(meeting.id), person,
                                person ? "concerns" : "*");
    audit.basis = std::string(basis);
    audit.basis_detail = "meeting_body:" + std::to_string(static_cast<std::int64_t>(meeting.body_id));
    return audit;
}

std::string NameOf(const Person& person) { return person.data.family_name + " " + person.data.given_name; }

}  // namespace

MutualAidLiaisonService::MutualAidLiaisonService(Store& store, const Clock& clock, AuditRecorder& audit)
    : store_(store), clock_(clock), audit_(audit) {}

Result<std::vector<LiaisonBody>> MutualAidLiaisonService::Bodies(const Actor& actor) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    if (!MayKeepLiaison(actor.principal, *kind) && !actor.principal.HasRole(Role::kWelfareVolunteer)) {
        return Fail(Error::PermissionDenied("支え愛連絡会を見る権限がありません"));
    }
    return store_.Tenant(actor.Tenant())->MutualAidLiaison().Bodies();
}

Result<bool> MutualAidLiaisonService::MayKeep(const Actor& actor) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    return MayKeepLiaison(actor.principal, *kind);
}

Result<LiaisonBody> MutualAidLiaisonService::SetUp(const Actor& actor, AreaId neighborhood) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    if (!MayKeepLiaison(actor.principal, *kind)) {
        return Fail(Error::PermissionDenied("支え愛連絡会を設けられるのは町の担当課の職員です"));
    }
    auto area = store_.Tenant(actor.Tenant())->Areas().Get(neighborhood);
    if (!area || area->kind != AreaKind::kNeighborhood) {
        return Fail(Error::InvalidArgument("自治会を選んでください", "neighborhood_area_id"));
    }
    const Instant now = clock_.Now();
    MeetingBody body{.id = {},
                     .municipality_id = actor.Tenant(),
                     .legal_basis = LegalBasis::kMutualAidLiaison,
                     .display_name = LiaisonBodyName(area->name),
                     .shares_without_consent = false,  // never: residents owe no statutory secrecy
                     .sharing_days = 90,
                     .coordinating_organization_id = actor.principal.user.organization_id,
                     .members = {},
                     .named_members = {},
                     .created_at = now,
                     .version = 1};
    LiaisonBody made;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto created = in->Meetings().CreateBody(body);
        if (!created) return Fail(created.error());
        if (auto tied = in->MutualAidLiaison().TieBody(created->id, neighborhood); !tied) return tied;
        made = LiaisonBody{.body_id = created->id,
                           .neighborhood_area_id = neighborhood,
                           .display_name = created->display_name,
                           .area_name = area->name};
        std::vector<AuditEntry> entries{EntryFor(actor, now, AuditAction::kCreate, "meeting_body", created->id,
                                                 std::nullopt, "legal_basis,display_name,neighborhood_area_id")};
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return made;
}

Result<LiaisonBodyView> MutualAidLiaisonService::Body(const Actor& actor, MeetingBodyId body) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    const bool keeps = MayKeepLiaison(actor.principal, *kind);
    if (!keeps && !actor.principal.HasRole(Role::kWelfareVolunteer)) {
        return Fail(Error::PermissionDenied("支え愛連絡会を見る権限がありません"));
    }
    auto tenant = store_.Tenant(actor.Tenant());
    auto found = tenant->MutualAidLiaison().Body(body);
    if (!found) return Fail(found.error());
    auto meetings = tenant->MutualAidLiaison().Meetings(body);
    if (!meetings) return Fail(meetings.error());
    LiaisonBodyView view{.body = std::move(*found), .meetings = {}, .may_record = keeps};
    for (LiaisonMeeting& meeting : *meetings) {
        // The list shows dates and attendees' count only; what was shared opens on the meeting's own page.
        if (!LiaisonMeetingAccess(actor.principal, AttendeeUsers(meeting), meeting.recorded_by).allowed) continue;
        view.meetings.push_back(std::move(meeting));
    }
    return view;
}

Result<LiaisonMeeting> MutualAidLiaisonService::Record(const Actor& actor, LiaisonMeeting meeting) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    if (!MayKeepLiaison(actor.principal, *kind)) {
        return Fail(Error::PermissionDenied("支え愛連絡会を記録できるのは町の担当課の職員です"));
    }
    const Instant now = clock_.Now();
    auto tenant = store_.Tenant(actor.Tenant());
    auto body = tenant->MutualAidLiaison().Body(meeting.body_id);
    if (!body) return Fail(Error::InvalidArgument("支え愛連絡会が見つかりません", "body_id"));
    meeting.neighborhood_area_id = body->neighborhood_area_id;
    // A user attendee is named from the account: a professional or a 民生委員 of the town.
    for (LiaisonAttendee& attendee : meeting.attendees) {
        if (!attendee.user_id) continue;
        auto user = tenant->Users().Get(*attendee.user_id);
        const bool may_attend = user && !user->disabled &&
                                (user->HasRole(Role::kCaseworker) || user->HasRole(Role::kCoordinator) ||
                                 user->HasRole(Role::kWelfareVolunteer));
        if (!may_attend) {
            return Fail(
                Error::InvalidArgument("利用者として出席者に選べるのは町の職員・専門職と民生委員です", "attendees"));
        }
        attendee.name = user->display_name;
    }
    if (auto valid = ValidateLiaisonMeeting(meeting, JstDate(now)); !valid) return Fail(valid.error());
    // A person is named only with a consent in force naming this body; a pledge is no ground (MayNameAtLiaison).
    for (LiaisonConcern& concern : meeting.concerns) {
        concern.consent_id.reset();
        if (!concern.person_id) continue;
        auto consents = tenant->Consents().OfPersons({*concern.person_id});
        if (!consents) return Fail(consents.error());
        const LiaisonNaming naming = MayNameAtLiaison(*consents, meeting.body_id, now);
        if (!naming.allowed) {
            return Fail(Error::InvalidArgument(
                "この方の同意（この支え愛連絡会を共有先に含む有効な同意）がないため、氏名を挙げて記録できません。"
                "氏名や住所など個人が分かることを書かずに、気になることとして記録してください",
                "concerns"));
        }
        concern.consent_id = naming.consent_id;
    }
    meeting.recorded_by = actor.principal.user.id;
    meeting.recorded_at = now;
    LiaisonMeeting saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto added = in->MutualAidLiaison().AddMeeting(meeting);
        if (!added) return Fail(added.error());
        saved = std::move(*added);
        std::vector<AuditEntry> entries{
            MeetingAudit(actor, now, AuditAction::kCreate, saved, std::nullopt, "liaison_recorder")};
        for (const LiaisonConcern& concern : saved.concerns) {
            if (!concern.person_id) continue;
            AuditEntry named = MeetingAudit(actor, now, AuditAction::kCreate, saved, concern.person_id, "consent");
            named.basis_detail += ",consent:" + std::to_string(static_cast<std::int64_t>(*concern.consent_id));
            entries.push_back(std::move(named));
        }
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<LiaisonMeetingView> MutualAidLiaisonService::Meeting(const Actor& actor, LiaisonMeetingId id) {
    auto tenant = store_.Tenant(actor.Tenant());
    auto meeting = tenant->MutualAidLiaison().GetMeeting(id);
    if (!meeting) return Fail(Error::NotFound("支え愛連絡会の記録が見つかりません"));
    const ActivityAccess access = LiaisonMeetingAccess(actor.principal, AttendeeUsers(*meeting), meeting->recorded_by);
    if (!access.allowed) return Fail(Error::NotFound("支え愛連絡会の記録が見つかりません"));
    auto body = tenant->MutualAidLiaison().Body(meeting->body_id);
    if (!body) return Fail(body.error());
    const Instant now = clock_.Now();
    audit_.Record(MeetingAudit(actor, now, AuditAction::kRead, *meeting, std::nullopt, access.basis));
    for (LiaisonConcern& concern : meeting->concerns) {
        if (!concern.person_id) continue;
        // Asked again on reading: a withdrawn or lapsed consent hides the name from then on.
        auto consents = tenant->Consents().OfPersons({*concern.person_id});
        if (!consents) return Fail(consents.error());
        if (!MayNameAtLiaison(*consents, meeting->body_id, now).allowed) {
            concern.name_withheld = true;
            concern.person_id.reset();
            continue;
        }
        auto person = tenant->Persons().Get(*concern.person_id);
        if (!person) return Fail(person.error());
        concern.person_name = NameOf(*person);
        audit_.Record(MeetingAudit(actor, now, AuditAction::kRead, *meeting, concern.person_id, "consent"));
    }
    return LiaisonMeetingView{.body = std::move(*body), .meeting = std::move(*meeting), .basis = access.basis};
}

}  // namespace kasane::domain
