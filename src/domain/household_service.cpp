// SPDX-License-Identifier: Apache-2.0
#include <algorithm>

#include "base/japan_time.hpp"
#include "base/japanese_text.hpp"
#include "domain/intake.hpp"
#include "domain/intake_support.hpp"
#include "domain/reads.hpp"

namespace kasane::domain {

using namespace intake_support;

namespace {

Status ValidateHouseholdText(std::string_view name, std::string_view notes) {
    if (auto valid = ValidateFreeText(name, "name", 100); !valid) return Fail(valid.error());
    if (auto valid = ValidateFreeText(notes, "notes", 4000); !valid) return Fail(valid.error());
    return {};
}

// The change policy for a household (change_policy.hpp, kHousehold): a household is shared by its members, so the
// actor may change it when it holds (or leads a case of) at least one of its current members; otherwise the first
// refusal (a household it may read
// but not change is 403 with the reason).
Status RequireHouseholdChange(PersonService& persons, const Actor& actor, const Household& household, Date today) {
    Status refusal = Fail(Error::NotFound());
    for (const HouseholdMember& member : household.CurrentMembers(today)) {
        auto may = persons.RequireChange(actor, member.person_id, ChangeKind::kHousehold);
        if (may) return {};
        if (refusal.error().code == ErrorCode::kNotFound) refusal = may;
    }
    return refusal;
}

}  // namespace

HouseholdService::HouseholdService(Store& store, const Clock& clock, AuditRecorder& audit)
    : store_(store), clock_(clock), audit_(audit) {}

Result<Household> HouseholdService::Create(const Actor& actor, std::string_view name, std::string_view notes,
                                           const std::vector<HouseholdMemberInput>& members) {
    if (!WorksCases(actor.principal)) return Fail(Error::PermissionDenied("世帯を登録する権限がありません"));
    if (auto valid = ValidateHouseholdText(name, notes); !valid) return Fail(valid.error());
    if (members.empty()) return Fail(Error::InvalidArgument("世帯員を1人以上指定してください", "members"));
    int heads = 0;
    for (const HouseholdMemberInput& member : members) heads += member.is_head ? 1 : 0;
    if (heads > 1) return Fail(Error::InvalidArgument("世帯主は1人だけ指定してください", "members"));
    PersonService persons(store_, clock_, audit_);
    std::vector<AccessDecision> decisions;
    for (const HouseholdMemberInput& member : members) {
        auto decision = persons.Authorize(actor, member.person_id);
        // A failed read is an error to show, not a refusal to hide as 'not found'.
        if (ReadFailed(decision)) return Fail(decision.error());
        if (!decision || decision->level == ViewLevel::kReferralSheet) {
            return Fail(Error::NotFound("世帯員に指定した本人が見つかりません"));
        }
        decisions.push_back(*decision);
    }
    // A household is shared by its members: the holder (or case lead) of any one of them records it.
    Status may_create = Fail(Error::NotFound());
    for (const HouseholdMemberInput& member : members) {
        may_create = persons.RequireChange(actor, member.person_id, ChangeKind::kHousehold);
        if (may_create) break;
    }
    if (!may_create) return Fail(may_create.error());
    const Instant now = clock_.Now();
    Household household{.municipality_id = actor.Tenant(),
                        .name = std::string(name),
                        .notes = std::string(notes),
                        .created_by_organization_id = actor.principal.user.organization_id,
                        .created_at = now};
    for (const HouseholdMemberInput& member : members) {
        household.members.push_back(
            HouseholdMember{.person_id = member.person_id,
                            .relationship = member.is_head ? Relationship::kHead : member.relationship,
                            .is_head = member.is_head,
                            .moved_in = member.moved_in});
    }
    Household created;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto saved = tenant->Households().Create(household);
        if (!saved) return Fail(saved.error());
        created = std::move(*saved);
        std::vector<AuditEntry> entries;
        for (std::size_t i = 0; i < members.size(); ++i) {
            AuditEntry entry =
                EntryFor(actor, now, AuditAction::kCreate, "household", created.id, members[i].person_id, "membership");
            SetBasis(entry, decisions[i]);
            entries.push_back(std::move(entry));
        }
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return created;
}

Result<Household> HouseholdService::Get(const Actor& actor, HouseholdId id) {
    auto household = store_.Tenant(actor.Tenant())->Households().Get(id);
    if (!household) return Fail(Hidden(household.error()));
    PersonService persons(store_, clock_, audit_);
    std::vector<HouseholdMember> visible;
    bool any_full = false;
    const Instant now = clock_.Now();
    for (const HouseholdMember& member : household->members) {
        auto decision = persons.Authorize(actor, member.person_id);
        // A failed read is an error to show, not a refusal to hide as 'not found'.
        if (ReadFailed(decision)) return Fail(decision.error());
        if (!decision || decision->level == ViewLevel::kReferralSheet) continue;
        any_full = any_full || decision->level == ViewLevel::kFull;
        visible.push_back(member);
        AuditEntry entry = EntryFor(actor, now, AuditAction::kRead, "household", id, member.person_id, "membership");
        SetBasis(entry, *decision);
        audit_.Record(std::move(entry));
    }
    // The household's own notes are part of a member's record: a viewer who sees no member in full sees nothing.
    if (!any_full) return Fail(Error::NotFound());
    household->members = std::move(visible);
    return household;
}

Result<Household> HouseholdService::Update(const Actor& actor, HouseholdId id, int expected_version,
                                           std::string_view name, std::string_view notes) {
    auto visible = Get(actor, id);
    if (!visible) return Fail(visible.error());
    PersonService persons(store_, clock_, audit_);
    if (auto may = RequireHouseholdChange(persons, actor, *visible, TodayInJapan(clock_)); !may) {
        return Fail(may.error());
    }
    if (auto valid = ValidateHouseholdText(name, notes); !valid) return Fail(valid.error());
    Household updated;
    const Instant now = clock_.Now();
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto saved = tenant->Households().Update(id, expected_version, name, notes);
        if (!saved) return Fail(saved.error());
        updated = std::move(*saved);
        std::vector<AuditEntry> entries{
            EntryFor(actor, now, AuditAction::kUpdate, "household", id, std::nullopt, "notes")};
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return Get(actor, updated.id);
}

Result<Household> HouseholdService::AddMember(const Actor& actor, HouseholdId id, const HouseholdMemberInput& member) {
    auto visible = Get(actor, id);
    if (!visible) return Fail(visible.error());
    PersonService persons(store_, clock_, audit_);
    if (auto may = RequireHouseholdChange(persons, actor, *visible, TodayInJapan(clock_)); !may) {
        return Fail(may.error());
    }
    auto decision = persons.Authorize(actor, member.person_id);
    // A failed read is an error to show, not a refusal to hide as 'not found'.
    if (ReadFailed(decision)) return Fail(decision.error());
    if (!decision || decision->level == ViewLevel::kReferralSheet) {
        return Fail(Error::NotFound("世帯員に指定した本人が見つかりません"));
    }

    const Instant now = clock_.Now();
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto saved = tenant->Households().AddMember(
            id, HouseholdMember{.person_id = member.person_id,
                                .relationship = member.is_head ? Relationship::kHead : member.relationship,
                                .is_head = member.is_head,
                                .moved_in = member.moved_in});
        if (!saved) return Fail(saved.error());
        AuditEntry entry = EntryFor(actor, now, AuditAction::kUpdate, "household", id, member.person_id, "membership");
        SetBasis(entry, *decision);
        std::vector<AuditEntry> entries{std::move(entry)};
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return Get(actor, id);
}

Result<Household> HouseholdService::EndMembership(const Actor& actor, HouseholdId id, std::int64_t member_id,
                                                  Date moved_out, std::string_view reason) {
    auto visible = Get(actor, id);
    if (!visible) return Fail(visible.error());
    if (auto valid = ValidateFreeText(reason, "reason", 200); !valid) return Fail(valid.error());
    const auto member = std::find_if(visible->members.begin(), visible->members.end(),
                                     [&](const HouseholdMember& m) { return m.id == member_id; });
    if (member == visible->members.end()) return Fail(Error::NotFound("世帯員が見つかりません"));
    PersonService persons(store_, clock_, audit_);
    if (auto may = RequireHouseholdChange(persons, actor, *visible, TodayInJapan(clock_)); !may) {
        return Fail(may.error());
    }
    if (member->moved_in && std::chrono::sys_days{moved_out} < std::chrono::sys_days{*member->moved_in}) {
        return Fail(Error::InvalidArgument("転出日が転入日より前です", "moved_out"));
    }
    const PersonId person_id = member->person_id;
    const Instant now = clock_.Now();
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        if (auto saved = tenant->Households().EndMembership(id, member_id, moved_out, reason); !saved) {
            return Fail(saved.error());
        }
        std::vector<AuditEntry> entries{
            EntryFor(actor, now, AuditAction::kUpdate, "household", id, person_id, "membership")};
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return Get(actor, id);
}

Result<std::vector<Household>> HouseholdService::OfPerson(const Actor& actor, PersonId person_id) {
    PersonService persons(store_, clock_, audit_);
    auto decision = persons.Authorize(actor, person_id);
    // A failed read is an error to show, not a refusal to hide as 'not found'.
    if (ReadFailed(decision)) return Fail(decision.error());
    if (!decision || decision->level != ViewLevel::kFull) return Fail(Error::NotFound());
    auto tenant = store_.Tenant(actor.Tenant());
    auto group = tenant->Persons().IdentityGroup(person_id);
    if (!group) return Fail(group.error());
    auto households = tenant->Households().OfPersons(*group);
    if (!households) return Fail(households.error());
    std::vector<Household> visible;
    for (const Household& household : *households) {
        auto shown = Get(actor, household.id);
        if (ReadFailed(shown)) return Fail(shown.error());  // a household that cannot be read is not a hidden one
        if (shown) visible.push_back(std::move(*shown));
    }
    return visible;
}

}  // namespace kasane::domain
