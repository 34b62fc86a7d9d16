// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <charconv>
#include <map>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "base/japanese_text.hpp"
#include "domain/desk_limits.hpp"
#include "domain/intake.hpp"
#include "domain/intake_support.hpp"
#include "domain/reads.hpp"
#include "domain/referral_in_transaction.hpp"
#include "domain/town_settings.hpp"

namespace kasane::domain {

using namespace intake_support;

namespace {

std::string DateText(const std::optional<Date>& date) { return date ? FormatWareki(*date) : std::string{}; }

// The つなぐシート: person header, household, worries, what was done, why this agency. Built from what the sender
// may see; a DV-protected person's address and phone never go on a sheet.
nlohmann::json BuildSheet(TenantStore& tenant, const Person& person, const AccessDecision& decision,
                          const std::optional<Consultation>& consultation, const std::vector<WorryCategory>& categories,
                          const std::vector<Household>& households, std::string_view from_name, std::string_view reason,
                          std::string_view done, Date today) {
    nlohmann::json header = {{"person_id", person.id},
                             {"name", person.FullName()},
                             {"name_kana", person.FullNameKana()},
                             {"sex", person.data.sex ? SexLabel(*person.data.sex) : "未回答"},
                             {"birth_date", DateText(person.data.birth_date)},
                             {"age", person.data.birth_date ? nlohmann::json(AgeOn(*person.data.birth_date, today))
                                                            : nlohmann::json(nullptr)}};
    // DV等支援措置 reaches the household: a protected member living at the same address protects the address too.
    bool address_protected = person.data.dv_protected;
    std::vector<Person> member_persons;
    for (const Household& household : households) {
        for (const HouseholdMember& member : household.CurrentMembers(today)) {
            auto member_person = tenant.Persons().Get(member.person_id);
            if (!member_person) continue;
            if (member_person->data.dv_protected && !person.data.address.Empty() &&
                member_person->data.address.OneLine() == person.data.address.OneLine()) {
                address_protected = true;
            }
            member_persons.push_back(std::move(*member_person));
        }
        break;  // the newest household is the one the person lives in
    }
    // The sheet goes to another organisation: a protected address or phone never goes on it, whoever sends it.
    if (decision.address_and_contact && !address_protected) {
        header["address"] = person.data.address.OneLine();
        header["phone"] = person.data.phone;
    } else {
        header["address"] = std::string(kConcealed);
        header["phone"] = std::string(kConcealed);
    }
    nlohmann::json members = nlohmann::json::array();
    for (const Household& household : households) {
        for (const HouseholdMember& member : household.CurrentMembers(today)) {
            auto found = std::find_if(member_persons.begin(), member_persons.end(),
                                      [&](const Person& p) { return p.id == member.person_id; });
            if (found == member_persons.end()) continue;
            const Person* member_person = &*found;
            members.push_back(
                {{"name", member_person->FullName()},
                 {"age", member_person->data.birth_date ? nlohmann::json(AgeOn(*member_person->data.birth_date, today))
                                                        : nlohmann::json(nullptr)},
                 {"relationship", RelationshipLabel(member.relationship)},
                 {"is_head", member.is_head}});
        }
        break;  // the newest household is the one the person lives in
    }
    nlohmann::json worries = nlohmann::json::array();
    std::string chief_complaint;
    if (consultation) {
        chief_complaint = consultation->chief_complaint;
        for (const CategoryChoice& choice : consultation->categories) {
            for (const WorryCategory& category : categories) {
                if (category.id == choice.category_id) {
                    worries.push_back({{"label", category.label}, {"most_pressing", choice.most_pressing}});
                }
            }
        }
    }
    return {{"person", header},
            {"household", members},
            {"worries", worries},
            {"chief_complaint", chief_complaint},
            {"done", done},
            {"reason", reason},
            {"from_organization", from_name}};
}

}  // namespace

ReferralService::ReferralService(Store& store, const Clock& clock, AuditRecorder& audit, PersonService& persons)
    : store_(store), clock_(clock), audit_(audit), persons_(persons) {}

Result<int> ReferralService::OverdueWorkingDays(const Actor& actor) {
    // The town's setting (設定, town_settings.hpp): 3 working days unless the town set another.
    return ReadTownSetting(store_.Tenant(actor.Tenant())->Settings(), TownSetting::kReferralOverdueWorkingDays);
}

Status ReferralService::SetOverdueWorkingDays(const Actor& actor, int working_days) {
    if (!actor.principal.HasRole(Role::kMunicipalAdministrator) && !actor.principal.HasRole(Role::kCoordinator)) {
        return Fail(Error::PermissionDenied("設定を変更する権限がありません"));
    }
    const TownSettingSpec& spec = SpecOf(TownSetting::kReferralOverdueWorkingDays);
    if (auto valid = ValidateTownSetting(spec, working_days); !valid) {
        Error error = valid.error();
        error.field = "working_days";
        return Fail(std::move(error));
    }
    return store_.Tenant(actor.Tenant())->Settings().Set(spec.key, std::to_string(working_days));
}

namespace {

// The names a list of referrals shows, each read once: a list of referrals names a handful of organisations and
// addressees (the desk's 200 overdue referrals were 400 reads of the same rows on the home page).
struct ReferralNames {
    std::map<OrganizationId, std::string> organizations;
    std::map<UserId, std::string> users;
};

// An organisation's name, from `names` or read into it.
Result<std::string> NameOf(TenantStore& tenant, OrganizationId id, ReferralNames& names) {
    if (auto known = names.organizations.find(id); known != names.organizations.end()) return known->second;
    auto organization = tenant.Organizations().Get(id);
    if (ReadFailed(organization)) return Fail(organization.error());
    return names.organizations[id] = organization ? organization->name : std::string{};
}

// A referral as shown, with its organisations' and addressee's names (from `names`, read into it when not there).
Result<ReferralView> ViewOf(TenantStore& tenant, Referral referral, Instant now, int overdue_days,
                            ReferralNames& names) {
    ReferralView view;
    view.overdue = IsOverdue(referral, now, overdue_days);
    auto from = NameOf(tenant, referral.from_organization_id, names);
    if (!from) return Fail(from.error());
    auto to = NameOf(tenant, referral.to_organization_id, names);
    if (!to) return Fail(to.error());
    view.from_organization_name = std::move(*from);
    view.to_organization_name = std::move(*to);
    if (referral.to_user_id) {
        auto known = names.users.find(*referral.to_user_id);
        if (known == names.users.end()) {
            auto addressee = tenant.Users().Get(*referral.to_user_id);
            if (ReadFailed(addressee)) return Fail(addressee.error());
            known =
                names.users.emplace(*referral.to_user_id, addressee ? addressee->display_name : std::string{}).first;
        }
        view.to_user_name = known->second;
    }
    view.referral = std::move(referral);
    return view;
}

Result<ReferralView> ViewOf(TenantStore& tenant, Referral referral, Instant now, int overdue_days) {
    ReferralNames names;
    return ViewOf(tenant, std::move(referral), now, overdue_days, names);
}

bool MayRead(const Principal& principal, const Referral& referral) {
    std::optional<UserId> sent_by;
    if (!referral.events.empty()) sent_by = referral.events.front().user_id;
    return MayReadReferral(principal, referral.from_organization_id, referral.to_organization_id, referral.to_user_id,
                           sent_by, referral.status);
}

// Who answers a referral: the named person when it is addressed to one, else the receiving organisation's staff.
bool IsReceiver(const Principal& principal, const Referral& referral) {
    if (IsVolunteerOnly(principal)) return referral.to_user_id == principal.user.id;
    return referral.to_organization_id == principal.user.organization_id && IsProfessional(principal);
}

// A referral as sent now by the actor's organisation: status 送付済み with its first event.
Referral SentReferral(const Actor& actor, PersonId person_id, std::optional<ConsultationId> consultation_id,
                      OrganizationId to, std::optional<UserId> to_user_id, std::string_view reason,
                      nlohmann::json sheet, Instant now) {
    return Referral{.municipality_id = actor.Tenant(),
                    .person_id = person_id,
                    .consultation_id = consultation_id,
                    .from_organization_id = actor.principal.user.organization_id,
                    .to_organization_id = to,
                    .to_user_id = to_user_id,
                    .reason = std::string(reason),
                    .sheet = std::move(sheet),
                    .status = ReferralStatus::kSent,
                    .events = {ReferralEvent{.status = ReferralStatus::kSent,
                                             .at = now,
                                             .user_id = actor.principal.user.id,
                                             .organization_id = actor.principal.user.organization_id}},
                    .sent_at = now};
}

}  // namespace

bool MaySendReferral(const Principal& principal) {
    return principal.HasRole(Role::kCaseworker) || principal.HasRole(Role::kCoordinator);
}

Status CheckReferralReceiver(Store& store, const Actor& actor, OrganizationId to) {
    if (!MaySendReferral(actor.principal)) {
        return Fail(Error::PermissionDenied("つなぎを送る権限がありません"));
    }
    if (to == actor.principal.user.organization_id) {
        return Fail(Error::InvalidArgument("自機関へはつなげません", "to_organization_id"));
    }
    auto found = store.Tenant(actor.Tenant())->Organizations().Get(to);
    if (ReadFailed(found)) return Fail(found.error());
    if (!found) return Fail(Error::InvalidArgument("つなぐ先の機関がこの自治体にありません", "to_organization_id"));
    return {};
}

Result<Referral> SendReferralInTransaction(const Actor& actor, TenantStore& tenant, const Consultation& consultation,
                                           OrganizationId to, std::string_view reason,
                                           const std::vector<WorryCategory>& categories, Instant now,
                                           std::vector<AuditEntry>& entries) {
    if (!consultation.person_id) return Fail(Error::InvalidArgument("本人のいない相談はつなげません", "person_id"));
    auto person = tenant.Persons().Get(*consultation.person_id);
    if (!person) return Fail(person.error());
    auto from = tenant.Organizations().Get(actor.principal.user.organization_id);
    if (!from) return Fail(from.error());
    // The person was recorded by the actor's organisation in this transaction: its own record, seen whole (a
    // DV-protected person's address and phone still never go on a sheet).
    AccessDecision decision;
    decision.level = ViewLevel::kFull;
    decision.basis = AccessBasis::kOwnRecord;
    decision.address_and_contact = !person->data.dv_protected;
    decision.holds_record = true;
    auto saved = tenant.Referrals().Create(SentReferral(
        actor, *consultation.person_id, consultation.id, to, std::nullopt, reason,
        BuildSheet(tenant, *person, decision, consultation, categories, {}, from->name, reason, "", JstDate(now)),
        now));
    if (!saved) return Fail(saved.error());
    AuditEntry entry = EntryFor(actor, now, AuditAction::kExport, "referral", saved->id, saved->person_id, "sheet");
    SetBasis(entry, decision);
    entry.detail = "to_organization:" + std::to_string(to);
    entries.push_back(std::move(entry));
    return saved;
}

Result<ReferralView> ReferralService::Send(const Actor& actor, PersonId person_id,
                                           std::optional<ConsultationId> consultation_id,
                                           OrganizationId to_organization_id, std::optional<UserId> to_user_id,
                                           std::string_view reason, std::string_view done) {
    if (!actor.principal.HasRole(Role::kCaseworker) && !actor.principal.HasRole(Role::kCoordinator)) {
        return Fail(Error::PermissionDenied("つなぎを送る権限がありません"));
    }
    if (auto valid = ValidateFreeText(reason, "reason", 2000); !valid) return Fail(valid.error());
    if (reason.empty()) return Fail(Error::InvalidArgument("紹介する理由を入力してください", "reason"));
    if (auto valid = ValidateFreeText(done, "done", 4000); !valid) return Fail(valid.error());
    auto decision = persons_.Authorize(actor, person_id);
    // A failed read is an error to show, not a refusal to hide as 'not found'.
    if (ReadFailed(decision)) return Fail(decision.error());
    if (!decision || decision->level != ViewLevel::kFull) return Fail(Error::NotFound("本人が見つかりません"));
    auto tenant = store_.Tenant(actor.Tenant());
    auto to = tenant->Organizations().Get(to_organization_id);
    if (ReadFailed(to)) return Fail(to.error());
    if (!to) {
        Error error = Error::NotFound("紹介先の機関がこの自治体にありません");
        error.field = "to_organization_id";
        return Fail(std::move(error));
    }
    std::string to_user_name;
    if (to_user_id) {
        // Addressed to one person by name: a user of the receiving organisation.
        auto to_user = tenant->Users().Get(*to_user_id);
        if (ReadFailed(to_user)) return Fail(to_user.error());
        if (!to_user || to_user->organization_id != to_organization_id || to_user->disabled) {
            Error error = Error::NotFound("紹介先の担当者が紹介先の機関にいません");
            error.field = "to_user_id";
            return Fail(std::move(error));
        }
        if (*to_user_id == actor.principal.user.id) {
            return Fail(Error::InvalidArgument("自分自身へはつなげません", "to_user_id"));
        }
        to_user_name = to_user->display_name;
    } else if (to_organization_id == actor.principal.user.organization_id) {
        return Fail(Error::InvalidArgument("自機関へはつなげません", "to_organization_id"));
    }
    std::optional<Consultation> consultation;
    if (consultation_id) {
        ConsultationService consultations(store_, clock_, audit_, persons_);
        auto found = consultations.Get(actor, *consultation_id);
        if (!found) return Fail(Error::NotFound("相談が見つかりません"));
        consultation = std::move(*found);
    }
    auto person = tenant->Persons().Get(person_id);
    if (!person) return Fail(person.error());
    ConsultationService consultations(store_, clock_, audit_, persons_);
    auto categories = consultations.Categories(actor);
    if (!categories) return Fail(categories.error());
    HouseholdService household_service(store_, clock_, audit_);
    auto households = household_service.OfPerson(actor, person_id);
    if (!households) return Fail(households.error());
    // The もとの相談: about the person, or about a household the person is in (the son of the old man called about).
    if (consultation && !MayBeReferralOrigin(*consultation, person_id, *households, TodayInJapan(clock_))) {
        return Fail(Error::NotFound("相談が見つかりません"));
    }
    auto from = tenant->Organizations().Get(actor.principal.user.organization_id);
    if (!from) return Fail(from.error());

    // Read before the write: once the referral is committed, a failed read must not answer an error for it.
    auto days = OverdueWorkingDays(actor);
    if (!days) return Fail(days.error());

    const Instant now = clock_.Now();
    const Referral referral = SentReferral(actor, person_id, consultation_id, to_organization_id, to_user_id, reason,
                                           BuildSheet(*tenant, *person, *decision, consultation, *categories,
                                                      *households, from->name, reason, done, JstDate(now)),
                                           now);
    Referral created;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tx_tenant = transaction.Tenant(actor.Tenant());
        auto saved = tx_tenant->Referrals().Create(referral);
        if (!saved) return Fail(saved.error());
        created = std::move(*saved);
        // Sending a sheet is a provision of personal data to another organisation: recorded with its ground.
        AuditEntry entry = EntryFor(actor, now, AuditAction::kExport, "referral", created.id, person_id, "sheet");
        SetBasis(entry, *decision);
        entry.detail = "to_organization:" + std::to_string(to_organization_id);
        if (to_user_id) entry.detail += ",to_user:" + std::to_string(*to_user_id);
        std::vector<AuditEntry> entries{std::move(entry)};
        return tx_tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    ReferralView view;
    view.overdue = IsOverdue(created, now, *days);
    view.from_organization_name = from->name;
    view.to_organization_name = to->name;
    view.to_user_name = std::move(to_user_name);
    view.referral = std::move(created);
    return view;
}

Result<ReferralView> ReferralService::Transition(const Actor& actor, ReferralId id, int expected_version,
                                                 ReferralStatus to, std::string_view note) {
    auto tenant = store_.Tenant(actor.Tenant());
    auto referral = tenant->Referrals().Get(id);
    if (!referral) return Fail(Hidden(referral.error()));
    const OrganizationId organization_id = actor.principal.user.organization_id;
    if (!MayRead(actor.principal, *referral)) return Fail(Error::NotFound());
    if (!IsReceiver(actor.principal, *referral)) {
        return Fail(
            Error::PermissionDenied("つなぎの受理・辞退ができるのは紹介先の機関（または指名された担当者）です"));
    }
    if (!IsAllowedTransition(referral->status, to)) {
        return Fail(Error::InvalidArgument("「" + std::string(ReferralStatusLabel(referral->status)) + "」から「" +
                                               std::string(ReferralStatusLabel(to)) + "」には変更できません",
                                           "to"));
    }
    if (auto valid = ValidateFreeText(note, "note", 2000); !valid) return Fail(valid.error());
    if (to == ReferralStatus::kDeclined && note.empty()) {
        return Fail(Error::InvalidArgument("辞退の理由を入力してください", "note"));
    }
    const Instant now = clock_.Now();
    Referral updated;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tx_tenant = transaction.Tenant(actor.Tenant());
        auto saved = tx_tenant->Referrals().Transition(id, expected_version,
                                                       ReferralEvent{.status = to,
                                                                     .at = now,
                                                                     .user_id = actor.principal.user.id,
                                                                     .organization_id = organization_id,
                                                                     .note = std::string(note)});
        if (!saved) return Fail(saved.error());
        updated = std::move(*saved);
        AuditEntry entry =
            EntryFor(actor, now, AuditAction::kStatusChange, "referral", id, updated.person_id, "status");
        entry.basis = std::string(AccessBasisCode(AccessBasis::kReferral));
        entry.basis_detail = "referral:" + std::to_string(id);
        entry.detail = std::string(ReferralStatusCode(to));
        std::vector<AuditEntry> entries{std::move(entry)};
        return tx_tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    auto days = OverdueWorkingDays(actor);
    if (!days) return Fail(days.error());
    return ViewOf(*tenant, std::move(updated), now, *days);
}

Result<std::vector<User>> ReferralService::NamedReceivers(const Actor& actor) {
    if (!IsProfessional(actor.principal)) return std::vector<User>{};
    auto users = store_.Tenant(actor.Tenant())->Users().List();
    if (!users) return Fail(users.error());
    std::vector<User> receivers;
    for (User& user : *users) {
        if (user.disabled || !user.HasRole(Role::kWelfareVolunteer)) continue;
        user.password_hash.clear();
        receivers.push_back(std::move(user));
    }
    return receivers;
}

Result<ReferralView> ReferralService::Get(const Actor& actor, ReferralId id) {
    auto tenant = store_.Tenant(actor.Tenant());
    auto referral = tenant->Referrals().Get(id);
    if (!referral) return Fail(Hidden(referral.error()));
    const OrganizationId organization_id = actor.principal.user.organization_id;
    if (!MayRead(actor.principal, *referral)) return Fail(Error::NotFound());
    const Instant now = clock_.Now();
    AuditEntry entry = EntryFor(actor, now, AuditAction::kRead, "referral", id, referral->person_id, "sheet");
    entry.basis = std::string(AccessBasisCode(
        referral->from_organization_id == organization_id ? AccessBasis::kOwnRecord : AccessBasis::kReferral));
    entry.basis_detail = "referral:" + std::to_string(id);
    audit_.Record(std::move(entry));
    auto days = OverdueWorkingDays(actor);
    if (!days) return Fail(days.error());
    return ViewOf(*tenant, std::move(*referral), now, *days);
}

Result<std::vector<ReferralView>> ReferralService::Inbox(const Actor& actor) {
    if (!WorksCases(actor.principal)) return std::vector<ReferralView>{};
    auto tenant = store_.Tenant(actor.Tenant());
    auto referrals = tenant->Referrals().Inbox(actor.principal.user.organization_id, {});
    if (!referrals) return Fail(referrals.error());
    auto days = OverdueWorkingDays(actor);
    if (!days) return Fail(days.error());
    std::vector<ReferralView> views;
    const Instant now = clock_.Now();
    ReferralNames names;
    for (Referral& referral : *referrals) {
        // A 民生委員 sees only what is addressed to them by name; a receiver no longer sees a declined sheet.
        if (!MayRead(actor.principal, referral)) continue;
        auto view = ViewOf(*tenant, std::move(referral), now, *days, names);
        if (!view) return Fail(view.error());  // a sheet whose parts cannot be read is shown as a failure, not left out
        views.push_back(std::move(*view));
    }
    return views;
}

Result<std::vector<ReferralView>> ReferralService::Outbox(const Actor& actor) {
    if (!WorksCases(actor.principal)) return std::vector<ReferralView>{};
    auto tenant = store_.Tenant(actor.Tenant());
    auto referrals = tenant->Referrals().Outbox(actor.principal.user.organization_id);
    if (!referrals) return Fail(referrals.error());
    auto days = OverdueWorkingDays(actor);
    if (!days) return Fail(days.error());
    std::vector<ReferralView> views;
    const Instant now = clock_.Now();
    ReferralNames names;
    for (Referral& referral : *referrals) {
        // A 民生委員 sees only what is addressed to them by name; a receiver no longer sees a declined sheet.
        if (!MayRead(actor.principal, referral)) continue;
        auto view = ViewOf(*tenant, std::move(referral), now, *days, names);
        if (!view) return Fail(view.error());  // a sheet whose parts cannot be read is shown as a failure, not left out
        views.push_back(std::move(*view));
    }
    return views;
}

Result<std::vector<OverdueReferral>> ReferralService::Overdue(const Actor& actor, ReferralDirection direction) {
    std::vector<OverdueReferral> overdue;
    // A 民生委員 never sees the organisation's in/outbox (MayReadReferral); roles that work no cases have none.
    if (!IsProfessional(actor.principal)) return overdue;
    auto days = OverdueWorkingDays(actor);
    if (!days) return Fail(days.error());
    const Instant now = clock_.Now();
    auto tenant = store_.Tenant(actor.Tenant());
    auto candidates = tenant->Desk().UnansweredReferrals(actor.principal.user.organization_id, direction,
                                                         LatestSentAtThatMayBeOverdue(now, *days), kDeskListLimit);
    if (!candidates) return Fail(candidates.error());
    ReferralNames names;
    if (!candidates->empty()) {
        // The town's organisations in one read: 200 referrals name a few dozen of them (23 reads one by one, each a
        // round trip on PostgreSQL, on the prefecture set's home page).
        auto organizations = tenant->Organizations().List();
        if (!organizations) return Fail(organizations.error());
        for (Organization& organization : *organizations) {
            names.organizations.emplace(organization.id, std::move(organization.name));
        }
    }
    for (UnansweredReferral& referral : *candidates) {
        // Who sent it matters to a 民生委員 only, who has returned above.
        if (!MayReadReferral(actor.principal, referral.from_organization_id, referral.to_organization_id,
                             referral.to_user_id, std::nullopt, ReferralStatus::kSent) ||
            !IsOverdue(ReferralStatus::kSent, referral.sent_at, now, *days)) {
            continue;
        }
        auto from = NameOf(*tenant, referral.from_organization_id, names);
        if (!from) return Fail(from.error());
        auto to = NameOf(*tenant, referral.to_organization_id, names);
        if (!to) return Fail(to.error());
        overdue.push_back({.referral = std::move(referral),
                           .from_organization_name = std::move(*from),
                           .to_organization_name = std::move(*to)});
    }
    return overdue;
}

Result<std::vector<ReferralView>> ReferralService::OfPerson(const Actor& actor, PersonId person_id) {
    auto decision = persons_.Authorize(actor, person_id);
    if (ReadFailed(decision)) return Fail(decision.error());
    if (!decision) return Fail(Error::NotFound());
    auto tenant = store_.Tenant(actor.Tenant());
    auto group = tenant->Persons().IdentityGroup(person_id);
    if (!group) return Fail(group.error());
    auto referrals = tenant->Referrals().OfPersons(*group);
    if (!referrals) return Fail(referrals.error());
    auto days = OverdueWorkingDays(actor);
    if (!days) return Fail(days.error());
    const Instant now = clock_.Now();
    std::vector<ReferralView> views;
    ReferralNames names;
    for (Referral& referral : *referrals) {
        // The sender keeps its referrals; the receiver reads them until it declines; a 民生委員 only what is
        // addressed to them by name or what they sent.
        if (!MayRead(actor.principal, referral)) continue;
        auto view = ViewOf(*tenant, std::move(referral), now, *days, names);
        if (!view) return Fail(view.error());
        views.push_back(std::move(*view));
    }
    std::stable_sort(views.begin(), views.end(), [](const ReferralView& a, const ReferralView& b) {
        return a.referral.sent_at > b.referral.sent_at;
    });
    return views;
}

}  // namespace kasane::domain
