// SPDX-License-Identifier: Apache-2.0
#include "domain/sharing_service.hpp"

#include <algorithm>
#include <map>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "base/japanese_text.hpp"
#include "base/json.hpp"
#include "base/log.hpp"
#include "domain/administration.hpp"
#include "domain/intake_support.hpp"
#include "domain/reads.hpp"
#include "domain/town_settings.hpp"

namespace kasane::domain {

using namespace intake_support;

namespace {

bool IsCoordinatorOrAdministrator(const Principal& principal) {
    return principal.HasRole(Role::kCoordinator) || principal.HasRole(Role::kMunicipalAdministrator);
}

Error NamedNotFound(std::string message, std::string field) {
    Error error = Error::NotFound(std::move(message));
    error.field = std::move(field);
    return error;
}

Status ValidateConsent(const Consent& consent, Date today) {
    if (consent.organizations.empty() && consent.bodies.empty()) {
        return Fail(Error::InvalidArgument("同意の範囲（機関または会議体）を1つ以上選んでください", "organizations"));
    }
    if (auto valid = ValidateFreeText(consent.purpose, "purpose", 500); !valid) return Fail(valid.error());
    if (consent.purpose.empty()) return Fail(Error::InvalidArgument("同意の目的を入力してください", "purpose"));
    if (std::chrono::sys_days{consent.given_on} > std::chrono::sys_days{today}) {
        return Fail(Error::InvalidArgument("同意日が未来になっています", "given_on"));
    }
    if (consent.expires_on && std::chrono::sys_days{*consent.expires_on} < std::chrono::sys_days{consent.given_on}) {
        return Fail(Error::InvalidArgument("有効期限が同意日より前です", "expires_on"));
    }
    if (consent.method == ConsentMethod::kOral && consent.witness.empty()) {
        return Fail(Error::InvalidArgument("口頭での同意には立会人を記録してください", "witness"));
    }
    if (consent.by_proxy && (consent.proxy_name.empty() || consent.proxy_relationship.empty())) {
        return Fail(
            Error::InvalidArgument("代理人の氏名と本人との関係（成年後見人など）を入力してください", "proxy_name"));
    }
    if (consent.explanation_version.empty()) {
        return Fail(Error::InvalidArgument("説明した文書の版を入力してください", "explanation_version"));
    }
    for (const auto& [text, field, max] :
         {std::tuple{std::string_view(consent.witness), "witness", 100},
          std::tuple{std::string_view(consent.proxy_name), "proxy_name", 100},
          std::tuple{std::string_view(consent.proxy_relationship), "proxy_relationship", 50},
          std::tuple{std::string_view(consent.explanation_version), "explanation_version", 50}}) {
        if (auto valid = ValidateFreeText(text, field, static_cast<std::size_t>(max)); !valid)
            return Fail(valid.error());
    }
    return {};
}

// Fills the organisation of each named member from the user's post and checks it is a member organisation of the
// body: a person pledges as their organisation's member.
Status ResolveNamedMembers(TenantStore& tenant, MeetingBody& body) {
    for (NamedMember& member : body.named_members) {
        auto user = tenant.Users().Get(member.user_id);
        if (!user) return Fail(NamedNotFound("誓約した職員が見つかりません", "named_members"));
        if (member.organization_id == 0) member.organization_id = user->organization_id;
        const bool of_member = std::any_of(body.members.begin(), body.members.end(), [&](const BodyMember& m) {
            return m.organization_id == member.organization_id;
        });
        if (!of_member) {
            return Fail(Error::InvalidArgument("誓約した職員（" + user->display_name + "）の機関が構成機関にありません",
                                               "named_members"));
        }
    }
    return {};
}

Status ValidateBody(const MeetingBody& body) {
    if (auto valid = ValidateFreeText(body.display_name, "display_name", 100); !valid) return Fail(valid.error());
    if (body.display_name.empty())
        return Fail(Error::InvalidArgument("会議体の名称を入力してください", "display_name"));
    if (body.sharing_days < 1 || body.sharing_days > 3650) {
        return Fail(Error::InvalidArgument("共有期間は1〜3650日で指定してください", "sharing_days"));
    }
    // A membership is a period from the pledge to leaving: one that ends before it starts is a typing error.
    for (const BodyMember& member : body.members) {
        if (member.pledge_signed_on && member.left_on && *member.left_on < *member.pledge_signed_on) {
            return Fail(Error::InvalidArgument("脱退日が誓約日より前です", "members.left_on"));
        }
    }
    for (const NamedMember& member : body.named_members) {
        if (member.left_on && *member.left_on < member.pledge_signed_on) {
            return Fail(Error::InvalidArgument("脱退日が誓約日より前です", "named_members.left_on"));
        }
    }
    // 重層的支援会議 handles only persons who consented (実施要綱); a body without a statutory secrecy regime cannot
    // be made to share without consent either, nor a 支え愛連絡会 whose resident attendees owe no statutory secrecy.
    if (body.shares_without_consent &&
        (body.legal_basis == LegalBasis::kMultilayerMeeting || body.legal_basis == LegalBasis::kOther ||
         body.legal_basis == LegalBasis::kMutualAidLiaison || !TakesPersonalData(body.legal_basis))) {
        return Fail(Error::InvalidArgument("この会議体の根拠では本人の同意なしに情報を共有できません",
                                           "shares_without_consent"));
    }
    return {};
}

Status ValidateMeeting(const Meeting& meeting) {
    if (auto valid = ValidateFreeText(meeting.minutes, "minutes", 20000); !valid) return Fail(valid.error());
    for (const AgendaItem& item : meeting.agenda) {
        if (auto valid = ValidateFreeText(item.shared_summary, "agenda.shared_summary", 8000); !valid) {
            return Fail(valid.error());
        }
    }
    for (const Attendee& attendee : meeting.attendees) {
        if (auto valid = ValidateFreeText(attendee.name, "attendees.name", 100); !valid) return Fail(valid.error());
        if (attendee.kind != AttendeeKind::kStaff && attendee.user_id) {
            return Fail(Error::InvalidArgument("本人・家族の出席者は利用者として選べません。氏名で記録してください",
                                               "attendees.user_id"));
        }
    }
    for (const Decision& decision : meeting.decisions) {
        if (auto valid = ValidateFreeText(decision.text, "decisions.text", 4000); !valid) return Fail(valid.error());
    }
    return {};
}

}  // namespace

SharingService::SharingService(Store& store, const Clock& clock, AuditRecorder& audit, PersonService& persons)
    : store_(store), clock_(clock), audit_(audit), persons_(persons) {}

// --- consent -------------------------------------------------------------------------------------------------

Result<Consent> SharingService::RecordConsent(const Actor& actor, const Consent& consent) {
    if (!IsProfessional(actor.principal)) return Fail(Error::PermissionDenied("同意を記録する権限がありません"));
    // A consent record tells more than identity (whom the person trusts, through whom): it needs the full record.
    auto decision = persons_.Authorize(actor, consent.person_id);
    // A failed read is an error to show, not a refusal to hide as 'not found'.
    if (ReadFailed(decision)) return Fail(decision.error());
    if (!decision || decision->level != ViewLevel::kFull)
        return Fail(NamedNotFound("本人が見つかりません", "person_id"));
    const Instant now = clock_.Now();
    if (auto valid = ValidateConsent(consent, JstDate(now)); !valid) return Fail(valid.error());
    Consent record = consent;
    record.municipality_id = actor.Tenant();
    record.recorded_by = actor.principal.user.id;
    record.recorded_at = now;
    record.withdrawn_at.reset();
    Consent created;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto saved = tenant->Consents().Create(record);
        if (!saved) return Fail(saved.error());
        created = std::move(*saved);
        AuditEntry entry = EntryFor(actor, now, AuditAction::kCreate, "consent", created.id, created.person_id, "*");
        SetBasis(entry, *decision);
        std::vector<AuditEntry> entries{std::move(entry)};
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    created.state = ConsentStateAt(created, now);
    return created;
}

Result<Consent> SharingService::WithdrawConsent(const Actor& actor, ConsentId id) {
    if (!IsProfessional(actor.principal)) return Fail(Error::PermissionDenied("同意の撤回を記録する権限がありません"));
    auto tenant = store_.Tenant(actor.Tenant());
    auto consent = tenant->Consents().Get(id);
    if (!consent) return Fail(Hidden(consent.error()));
    auto decision = persons_.Authorize(actor, consent->person_id);
    // A failed read is an error to show, not a refusal to hide as 'not found'.
    if (ReadFailed(decision)) return Fail(decision.error());
    if (!decision || decision->level != ViewLevel::kFull) return Fail(Error::NotFound());
    const Instant now = clock_.Now();
    Consent withdrawn;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tx_tenant = transaction.Tenant(actor.Tenant());
        auto saved = tx_tenant->Consents().Withdraw(id, now);
        if (!saved) return Fail(saved.error());
        withdrawn = std::move(*saved);
        AuditEntry entry =
            EntryFor(actor, now, AuditAction::kUpdate, "consent", id, withdrawn.person_id, "withdrawn_at");
        SetBasis(entry, *decision);
        std::vector<AuditEntry> entries{std::move(entry)};
        return tx_tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    withdrawn.state = ConsentStateAt(withdrawn, now);
    return withdrawn;
}

Result<std::vector<Consent>> SharingService::ConsentsOf(const Actor& actor, PersonId person_id) {
    auto decision = persons_.Authorize(actor, person_id);
    // A failed read is an error to show, not a refusal to hide as 'not found'.
    if (ReadFailed(decision)) return Fail(decision.error());
    if (!decision || decision->level != ViewLevel::kFull) return Fail(Error::NotFound());
    auto tenant = store_.Tenant(actor.Tenant());
    auto group = tenant->Persons().IdentityGroup(person_id);
    if (!group) return Fail(group.error());
    auto consents = tenant->Consents().OfPersons(*group);
    if (!consents) return Fail(consents.error());
    const Instant now = clock_.Now();
    for (Consent& consent : *consents) consent.state = ConsentStateAt(consent, now);
    AuditEntry entry = EntryFor(actor, now, AuditAction::kRead, "consent", 0, person_id, "consents");
    SetBasis(entry, *decision);
    audit_.Record(std::move(entry));
    return consents;
}

// --- meeting bodies ------------------------------------------------------------------------------------------

Result<MeetingBody> SharingService::CreateBody(const Actor& actor, const MeetingBody& body) {
    if (!IsCoordinatorOrAdministrator(actor.principal)) {
        return Fail(Error::PermissionDenied("会議体を登録できるのは推進員と管理者です"));
    }
    if (auto valid = ValidateBody(body); !valid) return Fail(valid.error());
    MeetingBody record = body;
    record.municipality_id = actor.Tenant();
    record.created_at = clock_.Now();
    return SaveBody(actor, record, [&](TenantStore& tenant) { return tenant.Meetings().CreateBody(record); });
}

// Writes a body (its members and pledges decide who reads its meetings) with an audit entry, in one transaction.
Result<MeetingBody> SharingService::SaveBody(const Actor& actor, MeetingBody& record,
                                             const std::function<Result<MeetingBody>(TenantStore&)>& write) {
    if (auto resolved = ResolveNamedMembers(*store_.Tenant(actor.Tenant()), record); !resolved) {
        return Fail(resolved.error());
    }
    const Instant now = clock_.Now();
    MeetingBody saved;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto written = write(*tenant);
        if (!written) return Fail(written.error());
        saved = std::move(*written);
        std::vector<AuditEntry> entries{EntryFor(actor, now, AuditAction::kUpdate, "meeting_body", saved.id,
                                                 std::nullopt, "members,named_members")};
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return saved;
}

Result<MeetingBody> SharingService::UpdateBody(const Actor& actor, MeetingBodyId id, int expected_version,
                                               const MeetingBody& body) {
    if (!IsCoordinatorOrAdministrator(actor.principal)) {
        return Fail(Error::PermissionDenied("会議体を変更できるのは推進員と管理者です"));
    }
    if (auto valid = ValidateBody(body); !valid) return Fail(valid.error());
    MeetingBody record = body;
    return SaveBody(actor, record,
                    [&](TenantStore& tenant) { return tenant.Meetings().UpdateBody(id, expected_version, record); });
}

Result<std::vector<MeetingBody>> SharingService::Bodies(const Actor& actor) {
    if (!WorksCases(actor.principal) && !Administration::IsAdministrator(actor.principal) &&
        !actor.principal.HasRole(Role::kAuditor)) {
        return Fail(Error::PermissionDenied("会議体を閲覧する権限がありません"));
    }
    return store_.Tenant(actor.Tenant())->Meetings().ListBodies();
}

Result<MeetingBody> SharingService::Body(const Actor& actor, MeetingBodyId id) {
    if (!WorksCases(actor.principal) && !Administration::IsAdministrator(actor.principal) &&
        !actor.principal.HasRole(Role::kAuditor)) {
        return Fail(Error::NotFound());
    }
    auto body = store_.Tenant(actor.Tenant())->Meetings().GetBody(id);
    if (!body) return Fail(Hidden(body.error()));
    return body;
}

Result<std::string> SharingService::AnnouncementText(const Actor& actor, MeetingBodyId id) {
    auto body = Body(actor, id);
    if (!body) return Fail(body.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto municipality = store_.Municipalities().Get(actor.Tenant());
    if (!municipality) return Fail(municipality.error());
    auto organization_name = [&](OrganizationId organization_id) {
        auto organization = tenant->Organizations().Get(organization_id);
        return organization ? organization->name : std::string("（不明な機関）");
    };
    std::string text;
    if (body->legal_basis == LegalBasis::kIsolationCouncil) {
        // 孤独・孤立対策推進法 第15条 and its 施行規則: the establishment is announced with the council's name, the
        // 調整機関 if designated, and the names of the member organisations.
        text +=
            "孤独・孤立対策推進法第15条第1項の規定に基づき、孤独・孤立対策地域協議会を設置したので、"
            "同条第2項の規定により、次のとおり公示する。\n\n";
    } else {
        text +=
            std::string(LegalBasisLabel(body->legal_basis)) + "に基づく会議体について、次のとおりお知らせする。\n\n";
    }
    text += "1　名称　" + body->display_name + "\n";
    text += "2　調整機関　" +
            (body->coordinating_organization_id ? organization_name(*body->coordinating_organization_id)
                                                : std::string("指定しない")) +
            "\n";
    text += "3　構成機関\n";
    for (const BodyMember& member : body->members) {
        if (member.left_on) continue;
        text += "　・" + organization_name(member.organization_id) + "\n";
    }
    text += "\n" + municipality->prefecture_name + municipality->name + "長\n";
    if (municipality->fictional) text += "（これは架空のデモデータです）\n";
    return text;
}

// --- meetings ------------------------------------------------------------------------------------------------

namespace {

// The persons of `agenda` that may not be on the meeting's agenda now (MayBeOnAgenda): for a body that shares only
// with consent (or a meeting held jointly with one), those without a consent in force covering it. One read of the
// persons' access facts.
Result<std::vector<PersonId>> OffAgenda(TenantStore& tenant, const MeetingFact& meeting,
                                        const std::vector<AgendaItem>& agenda, Instant now) {
    std::vector<PersonId> refused;
    if (!SharesOnlyWithConsent(meeting) || agenda.empty()) return refused;
    std::vector<PersonId> ids;
    for (const AgendaItem& item : agenda) ids.push_back(item.person_id);
    auto facts = tenant.Persons().AccessFactsOfMany(ids);
    if (!facts) return Fail(facts.error());
    for (const PersonAccessFacts& person : *facts) {
        if (!MayBeOnAgenda(meeting, person, now)) refused.push_back(person.person_id);
    }
    return refused;
}

// 本人 and family attend at the 事務局's invitation: their organisation, when none is named, is the one the convenor
// (or the editor) acts for.
void InvitedBy(std::vector<Attendee>& attendees, OrganizationId organization_id) {
    for (Attendee& attendee : attendees) {
        if (attendee.kind != AttendeeKind::kStaff && attendee.organization_id == OrganizationId{}) {
            attendee.organization_id = organization_id;
        }
    }
}

// Refuses an agenda with a person who may not be on it, naming the rule.
Status CheckAgenda(TenantStore& tenant, const MeetingFact& meeting, const std::vector<AgendaItem>& agenda,
                   std::string_view body_name, Instant now) {
    auto refused = OffAgenda(tenant, meeting, agenda, now);
    if (!refused) return Fail(refused.error());
    if (refused->empty()) return {};
    return Fail(Error::InvalidArgument(
        "この会議体（" + std::string(body_name) + "）は本人の同意がある事例だけを扱います。先に同意を記録してください",
        "agenda"));
}

// Removes the agenda items (and the decisions about their cases) that the meeting may not share now: an item whose
// person has no consent in force covering a body that shares only with consent is withheld.
Status WithholdItems(TenantStore& tenant, const MeetingFact& fact, Meeting& meeting, Instant now) {
    auto withheld = OffAgenda(tenant, fact, meeting.agenda, now);
    if (!withheld) return Fail(withheld.error());
    std::vector<std::int64_t> withheld_cases;
    std::erase_if(meeting.agenda, [&](const AgendaItem& item) {
        const bool hide = std::find(withheld->begin(), withheld->end(), item.person_id) != withheld->end();
        if (hide && item.case_id) withheld_cases.push_back(*item.case_id);
        return hide;
    });
    std::erase_if(meeting.decisions, [&](const Decision& decision) {
        return decision.case_id &&
               std::find(withheld_cases.begin(), withheld_cases.end(), *decision.case_id) != withheld_cases.end();
    });
    return {};
}

}  // namespace

Result<Meeting> SharingService::CreateMeeting(const Actor& actor, const Meeting& meeting) {
    if (!actor.principal.HasRole(Role::kCoordinator) && !actor.principal.HasRole(Role::kMunicipalAdministrator)) {
        return Fail(Error::PermissionDenied("会議を開催（登録）できるのは推進員と管理者です"));
    }
    if (auto valid = ValidateMeeting(meeting); !valid) return Fail(valid.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto body = tenant->Meetings().GetBody(meeting.body_id);
    if (!body) return Fail(NamedNotFound("会議体が見つかりません", "body_id"));
    std::optional<MeetingBody> joint_body;
    if (meeting.joint_body_id) {
        auto joint = tenant->Meetings().GetBody(*meeting.joint_body_id);
        if (!joint) return Fail(NamedNotFound("合同で開催する会議体が見つかりません", "joint_body_id"));
        if (joint->id == body->id) {
            return Fail(Error::InvalidArgument("合同で開催する会議体には別の会議体を選んでください", "joint_body_id"));
        }
        joint_body = std::move(*joint);
    }
    if (auto none = CheckRecordsNoPersonalData(*body, joint_body, meeting); !none) return Fail(none.error());
    const Instant now = clock_.Now();
    // The convenor must know each person on the agenda; a body that needs consent takes only persons whose
    // consent covers it (重層的支援会議: 本人の同意を得た事例のみ).
    for (const AgendaItem& item : meeting.agenda) {
        auto decision = persons_.Authorize(actor, item.person_id);
        // A failed read is an error to show, not a refusal to hide as 'not found'.
        if (ReadFailed(decision)) return Fail(decision.error());
        if (!decision || decision->level == ViewLevel::kReferralSheet) {
            return Fail(NamedNotFound("議題の本人が見つかりません", "agenda"));
        }
    }
    const MeetingFact fact = MeetingFactOf(*body, joint_body ? &*joint_body : nullptr, meeting);
    if (auto allowed = CheckAgenda(*tenant, fact, meeting.agenda, body->display_name, now); !allowed) {
        return Fail(allowed.error());
    }
    if (!meeting.decisions.empty() && !MeetingHeld(meeting.held_on, now)) {
        return Fail(Error::InvalidArgument("開催日が未来の会議には決定を記録できません", "decisions"));
    }
    Meeting record = meeting;
    record.municipality_id = actor.Tenant();
    record.convenor_user_id = actor.principal.user.id;
    InvitedBy(record.attendees, actor.principal.user.organization_id);
    record.created_at = now;
    Meeting created;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tx_tenant = transaction.Tenant(actor.Tenant());
        auto saved = tx_tenant->Meetings().CreateMeeting(record);
        if (!saved) return Fail(saved.error());
        created = std::move(*saved);
        std::vector<AuditEntry> entries;
        for (std::size_t i = 0; i < record.agenda.size(); ++i) {
            // Putting a person on an agenda provides their information to the members: recorded with its ground.
            AuditEntry entry = EntryFor(actor, now, AuditAction::kExport, "meeting", created.id,
                                        record.agenda[i].person_id, "shared_summary");
            entry.basis = std::string(LegalBasisCode(body->legal_basis));
            entry.basis_detail = "body:" + std::to_string(body->id);
            entries.push_back(std::move(entry));
        }
        if (entries.empty()) return {};
        return tx_tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return created;
}

Result<Meeting> SharingService::UpdateMeeting(const Actor& actor, MeetingId id, int expected_version,
                                              const Meeting& meeting) {
    if (!actor.principal.HasRole(Role::kCoordinator) && !actor.principal.HasRole(Role::kMunicipalAdministrator)) {
        return Fail(Error::PermissionDenied("会議の記録を変更できるのは推進員と管理者です"));
    }
    auto existing = GetMeeting(actor, id);
    if (!existing) return Fail(existing.error());
    if (auto valid = ValidateMeeting(meeting); !valid) return Fail(valid.error());
    for (const AgendaItem& item : meeting.agenda) {
        auto decision = persons_.Authorize(actor, item.person_id);
        // A failed read is an error to show, not a refusal to hide as 'not found'.
        if (ReadFailed(decision)) return Fail(decision.error());
        if (!decision || decision->level == ViewLevel::kReferralSheet) {
            return Fail(NamedNotFound("議題の本人が見つかりません", "agenda"));
        }
    }
    auto tenant = store_.Tenant(actor.Tenant());
    std::map<MeetingBodyId, MeetingBody> bodies;
    auto fact = MeetingFactFor(*tenant, *existing, bodies);
    if (!fact) return Fail(fact.error());
    std::optional<MeetingBody> joint_body;
    if (existing->joint_body_id) joint_body = bodies.at(*existing->joint_body_id);
    if (auto none = CheckRecordsNoPersonalData(bodies.at(existing->body_id), joint_body, meeting); !none) {
        return Fail(none.error());
    }
    if (auto allowed =
            CheckAgenda(*tenant, *fact, meeting.agenda, bodies.at(existing->body_id).display_name, clock_.Now());
        !allowed) {
        return Fail(allowed.error());
    }
    if (!meeting.decisions.empty() && !MeetingHeld(meeting.held_on, clock_.Now())) {
        return Fail(Error::InvalidArgument("開催日が未来の会議には決定を記録できません", "decisions"));
    }
    Meeting record = meeting;
    record.body_id = existing->body_id;
    record.joint_body_id = existing->joint_body_id;
    InvitedBy(record.attendees, actor.principal.user.organization_id);
    record.convenor_user_id = existing->convenor_user_id;
    const Instant now = clock_.Now();
    Meeting updated;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tx_tenant = transaction.Tenant(actor.Tenant());
        auto saved = tx_tenant->Meetings().UpdateMeeting(id, expected_version, record);
        if (!saved) return Fail(saved.error());
        updated = std::move(*saved);
        std::vector<AuditEntry> entries{EntryFor(actor, now, AuditAction::kUpdate, "meeting", id, std::nullopt, "*")};
        return tx_tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return updated;
}

Result<Meeting> SharingService::GetMeeting(const Actor& actor, MeetingId id) {
    auto tenant = store_.Tenant(actor.Tenant());
    auto meeting = tenant->Meetings().GetMeeting(id);
    if (!meeting) return Fail(Hidden(meeting.error()));
    auto fact = MeetingFactFor(*tenant, *meeting);
    if (!fact) return Fail(fact.error());
    const Instant now = clock_.Now();
    if (MeetingReaderOf(actor.principal, *fact, now) == MeetingReader::kNone) return Fail(Error::NotFound());
    if (auto withheld = WithholdItems(*tenant, *fact, *meeting, now); !withheld) return Fail(withheld.error());
    for (const AgendaItem& item : meeting->agenda) {
        AuditEntry entry = EntryFor(actor, now, AuditAction::kRead, "meeting", id, item.person_id, "shared_summary");
        entry.basis = std::string(AccessBasisCode(AccessBasis::kMeeting));
        entry.basis_detail = "meeting:" + std::to_string(id);
        audit_.Record(std::move(entry));
    }
    return meeting;
}

Result<std::vector<Meeting>> SharingService::Meetings(const Actor& actor, std::optional<MeetingBodyId> body_id) {
    auto tenant = store_.Tenant(actor.Tenant());
    auto meetings = tenant->Meetings().ListMeetings(body_id);
    if (!meetings) return Fail(meetings.error());
    std::map<MeetingBodyId, MeetingBody> bodies;
    std::vector<Meeting> visible;
    const Instant now = clock_.Now();
    for (Meeting& meeting : *meetings) {
        auto fact = MeetingFactFor(*tenant, meeting, bodies);
        if (!fact) return Fail(fact.error());
        if (MeetingReaderOf(actor.principal, *fact, now) == MeetingReader::kNone) continue;
        // The list shows dates and bodies; the agenda's contents are read (and recorded) on the meeting's page.
        for (AgendaItem& item : meeting.agenda) item.shared_summary.clear();
        meeting.minutes.clear();
        visible.push_back(std::move(meeting));
    }
    return visible;
}

Result<std::set<MeetingId>> SharingService::ReadableMeetings(const Actor& actor, const std::vector<Meeting>& meetings) {
    std::set<MeetingId> readable;
    if (meetings.empty()) return readable;
    auto tenant = store_.Tenant(actor.Tenant());
    std::map<MeetingBodyId, MeetingBody> bodies;
    const Instant now = clock_.Now();
    for (const Meeting& meeting : meetings) {
        auto fact = MeetingFactFor(*tenant, meeting, bodies);
        if (!fact) return Fail(fact.error());
        if (MeetingReaderOf(actor.principal, *fact, now) != MeetingReader::kNone) readable.insert(meeting.id);
    }
    return readable;
}

Result<std::vector<SharedItem>> SharingService::SharedWith(const Actor& actor, PersonId person_id) {
    // Aggregate, administrative and audit roles see no case records, through meetings either.
    if (!WorksCases(actor.principal)) return Fail(Error::NotFound());
    auto kind = OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto facts = tenant->Persons().AccessFacts(person_id);
    if (!facts) return Fail(Hidden(facts.error()));
    const Instant now = clock_.Now();
    const Viewer viewer = ViewerOf(actor, *kind);
    auto group = tenant->Persons().IdentityGroup(person_id);
    if (!group) return Fail(group.error());
    std::vector<SharedItem> items;
    for (const MeetingFact& fact : facts->meetings) {
        if (!MeetingOpensTo(viewer, fact, *facts, now)) continue;
        auto meeting = tenant->Meetings().GetMeeting(fact.meeting_id);
        auto body = tenant->Meetings().GetBody(fact.body_id);
        if (!meeting || !body) continue;
        for (const AgendaItem& item : meeting->agenda) {
            if (std::find(group->begin(), group->end(), item.person_id) == group->end()) continue;
            items.push_back(SharedItem{.meeting_id = meeting->id,
                                       .body_name = body->display_name,
                                       .held_on = meeting->held_on,
                                       .shared_summary = item.shared_summary});
            AuditEntry entry =
                EntryFor(actor, now, AuditAction::kRead, "meeting", meeting->id, person_id, "shared_summary");
            entry.basis = std::string(AccessBasisCode(AccessBasis::kMeeting));
            entry.basis_detail = "meeting:" + std::to_string(meeting->id);
            audit_.Record(std::move(entry));
        }
    }
    if (items.empty()) {
        // Either nothing was shared, or the actor is not entitled: the two look the same unless the actor may see
        // the person anyway.
        auto decision = persons_.Authorize(actor, person_id);
        // A failed read is an error to show, not a refusal to hide as 'not found'.
        if (ReadFailed(decision)) return Fail(decision.error());
        if (!decision || decision->level == ViewLevel::kReferralSheet) return Fail(Error::NotFound());
    }
    return items;
}

// --- emergency access ----------------------------------------------------------------------------------------

Result<EmergencyAccess> SharingService::RequestEmergencyAccess(const Actor& actor, PersonId person_id,
                                                               std::string_view reason, int hours) {
    if (!IsProfessional(actor.principal)) return Fail(Error::PermissionDenied("緊急時の閲覧を行う権限がありません"));
    if (auto valid = ValidateFreeText(reason, "reason", 1000); !valid) return Fail(valid.error());
    if (auto valid = ValidateEmergencyReason(reason); !valid) return Fail(valid.error());
    if (hours < 1 || hours > 24) return Fail(Error::InvalidArgument("閲覧できる時間は1〜24時間です", "hours"));
    auto tenant = store_.Tenant(actor.Tenant());
    if (auto facts = tenant->Persons().AccessFacts(person_id); !facts)
        return Fail(NamedNotFound("本人が見つかりません", "person_id"));
    const Instant now = clock_.Now();
    EmergencyAccess access{.municipality_id = actor.Tenant(),
                           .person_id = person_id,
                           .user_id = actor.principal.user.id,
                           .organization_id = actor.principal.user.organization_id,
                           .reason = std::string(reason),
                           .granted_at = now,
                           .expires_at = now + std::chrono::hours{hours}};
    EmergencyAccess created;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tx_tenant = transaction.Tenant(actor.Tenant());
        auto saved = tx_tenant->EmergencyAccesses().Create(access);
        if (!saved) return Fail(saved.error());
        created = std::move(*saved);
        AuditEntry entry = EntryFor(actor, now, AuditAction::kCreate, "emergency_access", created.id, person_id, "*");
        entry.basis = std::string(AccessBasisCode(AccessBasis::kEmergency));
        entry.basis_detail = "emergency:" + std::to_string(created.id);
        entry.detail = std::string(reason.substr(0, 300));
        std::vector<AuditEntry> entries{std::move(entry)};
        return tx_tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    Log(LogLevel::kWarning, "emergency access granted; administrators alerted",
        {{"request_id", actor.request_id},
         {"user_id", actor.principal.user.id},
         {"person_id", person_id},
         {"emergency_access_id", created.id},
         {"hours", hours}});
    return created;
}

Result<std::vector<EmergencyAccess>> SharingService::EmergencyAlerts(const Actor& actor, AlertListing listing) {
    if (!Administration::IsAdministrator(actor.principal) && !actor.principal.HasRole(Role::kAuditor)) {
        return Fail(Error::PermissionDenied("緊急時の閲覧の通知は管理者と監査担当が確認します"));
    }
    return store_.Tenant(actor.Tenant())->EmergencyAccesses().List(listing, 200);
}

Result<EmergencyAccess> SharingService::AcknowledgeEmergency(const Actor& actor, EmergencyAccessId id) {
    if (!Administration::IsAdministrator(actor.principal)) {
        return Fail(Error::PermissionDenied("確認済みにできるのは管理者です"));
    }
    return store_.Tenant(actor.Tenant())->EmergencyAccesses().Acknowledge(id, actor.principal.user.id);
}

// --- who can see ---------------------------------------------------------------------------------------------

namespace {

std::string Explain(const AccessDecision& decision, const PersonAccessFacts& facts,
                    const std::map<MeetingBodyId, MeetingBody>& bodies,
                    const std::vector<EmergencyAccess>& emergencies) {
    const std::string& detail = decision.basis_detail;
    auto id_of = [&](std::string_view prefix) -> std::int64_t {
        if (!detail.starts_with(prefix)) return 0;
        return std::stoll(detail.substr(prefix.size()));
    };
    switch (decision.basis) {
        case AccessBasis::kOwnRecord:
            return detail == "entered_by_user" ? "本人が自ら入力した記録を閲覧できます"
                                               : "この機関が本人の記録を作成、または相談を受け付けています";
        case AccessBasis::kIdentityMatch:
            return "町の担当課として、本人確認のための氏名・ふりがな・生年月日だけを閲覧できます（名寄せ）";
        case AccessBasis::kReferral:
            return decision.level == ViewLevel::kReferralSheet
                       ? "つなぎ（紹介）を受けています。受理するまでは紹介シートだけを閲覧できます"
                       : "つなぎ（紹介）を受理したため閲覧できます";
        case AccessBasis::kConsent: {
            const std::int64_t id = id_of("consent:");
            for (const ConsentFact& consent : facts.consents) {
                if (consent.consent_id == id) {
                    std::string text = "本人の同意（" + FormatWareki(consent.given_on) + "）により閲覧できます";
                    if (consent.expires_on) text += "。" + FormatWareki(*consent.expires_on) + "まで有効";
                    return text;
                }
            }
            return "本人の同意により閲覧できます";
        }
        case AccessBasis::kMeeting: {
            const std::int64_t id = id_of("meeting:");
            for (const MeetingFact& meeting : facts.meetings) {
                if (meeting.meeting_id != id) continue;
                const auto body = bodies.find(meeting.body_id);
                const std::string name = body == bodies.end() ? std::string("会議") : body->second.display_name;
                const Date until{std::chrono::sys_days{meeting.held_on} + std::chrono::days{meeting.sharing_days}};
                return name + "（" + std::string(LegalBasisLabel(meeting.legal_basis)) + "）の" +
                       FormatWareki(meeting.held_on) + "の会議で共有された内容だけを、" + FormatWareki(until) +
                       "まで閲覧できます";
            }
            return "法定の会議で共有された内容を閲覧できます";
        }
        case AccessBasis::kCaseTeam: return "支援チーム（多機関協働）の一員として閲覧できます";
        case AccessBasis::kEmergency: {
            const std::int64_t id = id_of("emergency:");
            for (const EmergencyAccess& access : emergencies) {
                if (access.id == id)
                    return "緊急時の閲覧（理由: " + access.reason + "）。" + FormatJst(access.expires_at) + "まで";
            }
            return "緊急時の閲覧";
        }
    }
    return {};
}

}  // namespace

Result<std::vector<AccessExplanation>> SharingService::WhoCanSee(const Actor& actor, PersonId person_id) {
    if (!actor.principal.HasRole(Role::kAuditor)) {
        auto decision = persons_.Authorize(actor, person_id);
        // A failed read is an error to show, not a refusal to hide as 'not found'.
        if (ReadFailed(decision)) return Fail(decision.error());
        if (!decision || decision->level != ViewLevel::kFull) return Fail(Error::NotFound());
    }
    auto tenant = store_.Tenant(actor.Tenant());
    auto facts = tenant->Persons().AccessFacts(person_id);
    if (!facts) return Fail(facts.error());
    auto organizations = tenant->Organizations().List();
    if (!organizations) return Fail(organizations.error());
    auto users = tenant->Users().List();
    if (!users) return Fail(users.error());
    auto bodies_list = tenant->Meetings().ListBodies();
    if (!bodies_list) return Fail(bodies_list.error());
    std::map<MeetingBodyId, MeetingBody> bodies;
    for (MeetingBody& body : *bodies_list) bodies.emplace(body.id, std::move(body));
    auto emergencies = tenant->EmergencyAccesses().List(AlertListing::kAll, 200);
    if (!emergencies) return Fail(emergencies.error());
    const Instant now = clock_.Now();

    std::vector<AccessExplanation> lines;
    // Organisation by organisation, as a caseworker of each would be decided.
    for (const Organization& organization : *organizations) {
        Principal representative;
        representative.user.organization_id = organization.id;
        representative.user.municipality_id = actor.Tenant();
        representative.user.roles = {Role::kCaseworker};
        const AccessDecision decision = DecideAccess(Viewer{representative, organization.kind}, *facts, now);
        if (!decision.Allowed()) continue;
        lines.push_back(AccessExplanation{.organization_id = organization.id,
                                          .organization_name = organization.name,
                                          .level = decision.level,
                                          .basis = decision.basis,
                                          .basis_detail = decision.basis_detail,
                                          .explanation = Explain(decision, *facts, bodies, *emergencies),
                                          .address_and_contact = decision.address_and_contact});
    }
    // Grounds that belong to one user: emergency access, a meeting (its convenor and the persons who pledged for
    // its body: 社会福祉法第106条の6 binds persons), and 民生委員's own entries.
    const auto takes_part = [&](UserId user_id) {
        return std::any_of(facts->meetings.begin(), facts->meetings.end(), [&](const MeetingFact& meeting) {
            return meeting.convenor_user_id == user_id ||
                   std::any_of(meeting.named_members.begin(), meeting.named_members.end(),
                               [&](const NamedMember& member) { return member.user_id == user_id; });
        });
    };
    for (const User& user : *users) {
        Principal principal{.user = user};
        const bool volunteer = IsVolunteerOnly(principal);
        const bool has_emergency =
            std::any_of(facts->emergencies.begin(), facts->emergencies.end(),
                        [&](const EmergencyFact& e) { return e.user_id == user.id && now < e.expires_at; });
        if (!volunteer && !has_emergency && !takes_part(user.id)) continue;
        auto kind = tenant->Organizations().Get(user.organization_id);
        if (ReadFailed(kind)) return Fail(kind.error());  // never decide on a guessed organisation kind
        const AccessDecision decision =
            DecideAccess(Viewer{principal, kind ? kind->kind : OrganizationKind::kOther}, *facts, now);
        const bool personal_basis =
            decision.basis == AccessBasis::kEmergency || decision.basis == AccessBasis::kMeeting;
        if (!decision.Allowed() || (!personal_basis && !volunteer)) continue;
        lines.push_back(AccessExplanation{.organization_id = user.organization_id,
                                          .organization_name = kind ? kind->name : std::string{},
                                          .user_id = user.id,
                                          .user_name = user.display_name,
                                          .level = decision.level,
                                          .basis = decision.basis,
                                          .basis_detail = decision.basis_detail,
                                          .explanation = Explain(decision, *facts, bodies, *emergencies),
                                          .address_and_contact = decision.address_and_contact});
    }
    AuditEntry entry = EntryFor(actor, now, AuditAction::kRead, "person_sharing", person_id, person_id, "sharing");
    audit_.Record(std::move(entry));
    return lines;
}

// --- disclosure ----------------------------------------------------------------------------------------------

Result<nlohmann::json> SharingService::DisclosureCopy(const Actor& actor, PersonId person_id) {
    if (!IsProfessional(actor.principal))
        return Fail(Error::PermissionDenied("開示用の写しを作成する権限がありません"));
    // A copy leaves the system: the right to export personal data, asked before the person is looked up.
    if (auto allowed = AuthorizeExport(store_, actor, ExportKind::kPersonalData); !allowed) {
        return Fail(allowed.error());
    }
    auto decision = persons_.Authorize(actor, person_id);
    // A failed read is an error to show, not a refusal to hide as 'not found'.
    if (ReadFailed(decision)) return Fail(decision.error());
    if (!decision || decision->level != ViewLevel::kFull) return Fail(Error::NotFound());
    auto tenant = store_.Tenant(actor.Tenant());
    auto person = tenant->Persons().Get(person_id);
    if (!person) return Fail(person.error());
    ConsultationService consultation_service(store_, clock_, audit_, persons_);
    auto consultations = consultation_service.OfPerson(actor, person_id);
    if (!consultations) return Fail(consultations.error());
    const Instant now = clock_.Now();

    // 個人情報保護法 第78条第1項: information about third parties (第2号) and the organisation's assessment of the case
    // (事務・事業に関する情報, 第7号) may be withheld; facts about the requester are disclosed.
    auto text_of = [](std::string_view text, TextTag tag) -> nlohmann::json {
        switch (tag) {
            case TextTag::kFact: return text;
            case TextTag::kThirdParty: return {{"withheld", "third_party"}, {"label", "不開示（第三者に関する情報）"}};
            case TextTag::kAssessment:
                return {{"withheld", "assessment"}, {"label", "不開示（職員の評価・判断に関する情報）"}};
        }
        return nullptr;
    };
    nlohmann::json records = nlohmann::json::array();
    for (const Consultation& consultation : *consultations) {
        nlohmann::json contacts = nlohmann::json::array();
        for (const Contact& contact : consultation.contacts) {
            contacts.push_back({{"occurred_at", FormatIso8601(contact.occurred_at)},
                                {"channel", ChannelLabel(contact.channel)},
                                {"source", SourceLabel(contact.source)},
                                {"summary", text_of(contact.summary, contact.summary_tag)}});
        }
        records.push_back(
            {{"consultation_id", consultation.id},
             {"chief_complaint", consultation.chief_complaint},
             // The status while no 対応結果 is set (「対応中」), else the result.
             {"outcome", consultation.outcome == Outcome::kOpen ? ConsultationStatusLabel(consultation.status)
                                                                : OutcomeLabel(consultation.outcome)},
             {"contacts", contacts}});
    }
    // 支援経過記録 of the cases about the person: entries about the person or the household as a whole; entries
    // about another member are that member's information (第78条第1項第2号) and are left out.
    nlohmann::json case_records = nlohmann::json::array();
    auto cases = tenant->Cases().OfPersons({person_id});
    if (!cases) return Fail(cases.error());
    for (const SupportCase& support_case : *cases) {
        if (support_case.person_id != person_id) continue;
        // A partner copies only its part of the case: the notes it wrote (DecideCasePart).
        const CasePart part = DecideCasePart(Viewer{actor.principal}, *decision, support_case, JstDate(now));
        auto notes = part.whole ? tenant->ProgressNotes().OfCase(support_case.id, 0)
                                : tenant->ProgressNotes().OfCaseBy(support_case.id, part.organization_id, 0);
        if (!notes) return Fail(notes.error());
        nlohmann::json entries = nlohmann::json::array();
        for (auto note = notes->rbegin(); note != notes->rend(); ++note) {
            if (note->about_person_id && *note->about_person_id != person_id) continue;
            entries.push_back({{"occurred_at", FormatIso8601(note->occurred_at)},
                               {"method", NoteMethodLabel(note->method)},
                               {"text", text_of(note->text, note->tag)}});
        }
        case_records.push_back({{"case_id", support_case.id},
                                {"title", support_case.title},
                                {"opened_on", FormatWareki(support_case.opened_on)},
                                {"status", CaseStatusLabel(support_case.status)},
                                {"progress_notes", entries}});
    }
    const PersonData& data = person->data;
    nlohmann::json copy = {
        {"person",
         {{"name", person->FullName()},
          {"name_kana", person->FullNameKana()},
          {"birth_date", data.birth_date ? FormatWareki(*data.birth_date) : std::string{}},
          {"sex", data.sex ? std::string(SexLabel(*data.sex)) : std::string{}},
          // DV等支援措置: even in a copy for the person, the address is written only by staff named for it.
          {"address", decision->address_and_contact ? data.address.OneLine() : std::string(kConcealed)},
          {"phone", decision->address_and_contact ? data.phone : std::string(kConcealed)}}},
        {"consultations", records},
        {"cases", case_records},
        {"prepared_at", FormatIso8601(now)},
        {"note", "第三者からの情報および職員の所見は、個人情報保護法第78条第1項により不開示としています"}};
    const Status recorded = store_.Transaction([&](Store& transaction) -> Status {
        AuditEntry entry = EntryFor(actor, now, AuditAction::kExport, "disclosure_copy", person_id, person_id, "*");
        SetBasis(entry, *decision);
        // Rows: the person, each contact and each progress note written into the copy.
        long long rows = 1;
        for (const auto& record : records) rows += static_cast<long long>(record["contacts"].size());
        for (const auto& record : case_records) rows += static_cast<long long>(record["progress_notes"].size());
        entry.detail = ExportDetail(rows, "開示請求");
        std::vector<AuditEntry> entries{std::move(entry)};
        return transaction.Tenant(actor.Tenant())->Audit().Append(entries);
    });
    if (!recorded) return Fail(recorded.error());
    return copy;
}

Status SharingService::MayExport(const Actor& actor, ExportKind kind) {
    return domain::AuthorizeExport(store_, actor, kind);
}

Status SharingService::RecordExport(const Actor& actor, ExportKind kind, const ExportRecord& record) {
    if (auto allowed = AuthorizeExport(store_, actor, kind); !allowed) return allowed;
    AuditEntry entry = EntryFor(actor, clock_.Now(), AuditAction::kExport, record.record_type, record.record_id,
                                record.person_id, record.fields);
    entry.detail = ExportDetail(record.rows, record.what);
    std::vector<AuditEntry> entries{std::move(entry)};
    return store_.Transaction(
        [&](Store& transaction) -> Status { return transaction.Tenant(actor.Tenant())->Audit().Append(entries); });
}

Result<std::vector<MeetingMention>> SharingService::MeetingsHeld(const Actor& actor, Date from, Date to) {
    std::vector<MeetingMention> mentions;
    auto tenant = store_.Tenant(actor.Tenant());
    auto ids = tenant->Desk().MeetingsOfUser(actor.principal.user.id, from, to);
    if (!ids) return Fail(ids.error());
    std::map<MeetingBodyId, MeetingBody> bodies;
    const Instant now = clock_.Now();
    for (MeetingId id : *ids) {
        auto meeting = tenant->Meetings().GetMeeting(id);
        if (!meeting) return Fail(meeting.error());
        auto fact = MeetingFactFor(*tenant, *meeting, bodies);
        if (!fact) return Fail(fact.error());
        if (MeetingReaderOf(actor.principal, *fact, now) == MeetingReader::kNone) continue;
        mentions.push_back(MeetingMention{.id = meeting->id,
                                          .held_on = meeting->held_on,
                                          .body_id = meeting->body_id,
                                          .body_name = bodies.at(meeting->body_id).display_name});
    }
    return mentions;
}

Result<std::vector<Consent>> SharingService::ConsentsExpiring(const Actor& actor, int limit, ListingUse use) {
    std::vector<Consent> expiring;
    if (!IsProfessional(actor.principal)) return expiring;
    const Instant now = clock_.Now();
    const Date today = JstDate(now);
    auto tenant = store_.Tenant(actor.Tenant());
    // The town's number of days (設定), asked of the settings here and nowhere else.
    auto within_days = ReadTownSetting(tenant->Settings(), TownSetting::kConsentExpiringWithinDays);
    if (!within_days) return Fail(within_days.error());
    const Date last{std::chrono::sys_days{today} + std::chrono::days{*within_days}};
    auto ids = tenant->Desk().ExpiringConsents(actor.principal.user.organization_id, today, last, limit);
    if (!ids) return Fail(ids.error());
    std::vector<Consent> candidates;
    std::vector<PersonId> persons;
    for (ConsentId id : *ids) {
        auto consent = tenant->Consents().Get(id);
        if (!consent) return Fail(consent.error());
        persons.push_back(consent->person_id);
        candidates.push_back(std::move(*consent));
    }
    auto decisions = persons_.AuthorizeMany(actor, persons);
    if (!decisions) return Fail(decisions.error());
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const auto& decision = (*decisions)[i];
        Consent& consent = candidates[i];
        // Consent records need full access (issue 11, item 5).
        if (!decision || decision->level != ViewLevel::kFull || !ConsentExpiringSoon(consent, now, *within_days))
            continue;
        consent.state = ConsentStateAt(consent, now);
        if (use == ListingUse::kCountOnly) {
            expiring.push_back(std::move(consent));
            continue;
        }
        AuditEntry entry =
            EntryFor(actor, now, AuditAction::kSearch, "consent", consent.id, consent.person_id, "expires_on");
        SetBasis(entry, *decision);
        entry.detail = "desk";
        audit_.Record(std::move(entry));
        expiring.push_back(std::move(consent));
    }
    return expiring;
}

}  // namespace kasane::domain
