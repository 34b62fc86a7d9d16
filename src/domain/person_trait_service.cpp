// SPDX-License-Identifier: Apache-2.0
#include "domain/person_trait_service.hpp"

#include <utility>

#include "domain/access_policy.hpp"
#include "domain/intake_support.hpp"

namespace kasane::domain {

using namespace intake_support;

PersonTraitService::PersonTraitService(Store& store, PersonTraitRepositories repositories, const Clock& clock,
                                       AuditRecorder& audit, PersonService& persons)
    : store_(store), repositories_(std::move(repositories)), clock_(clock), audit_(audit), persons_(persons) {}

Result<AccessDecision> PersonTraitService::Readable(const Actor& actor, PersonId id) {
    auto decision = persons_.Authorize(actor, id);
    if (!decision) return Fail(decision.error());
    // 要配慮個人情報（個人情報保護法2条3項: 病歴、障害、犯罪の経歴、虐待の被害…）: only a viewer who sees the
    // person's whole record with its sensitive fields reads them. Anyone else is answered like a missing record, as
    // the person's other parts are (the permission matrix checks that a refusal looks like one).
    if (!MayReadPersonTraits(*decision)) return Fail(Error::NotFound());
    return decision;
}

Result<PersonTraitsView> PersonTraitService::ViewOf(const Actor& actor, PersonId id, const AccessDecision& decision) {
    auto tenant = store_.Tenant(actor.Tenant());
    auto repository = repositories_(*tenant);
    if (!repository) return Fail(Error::Internal("課題と特性の記録先がありません"));
    auto traits = repository->Get(id);
    if (!traits) return Fail(Hidden(traits.error()));
    auto person = tenant->Persons().Get(id);
    if (!person) return Fail(Hidden(person.error()));
    PersonTraitsView view{.traits = std::move(*traits),
                          .person_name = MaskPerson(std::move(*person), decision).FullName(),
                          .updated_by_name = {},
                          .may_edit = false};
    if (view.traits.updated_by) {
        if (auto user = tenant->Users().Get(*view.traits.updated_by)) view.updated_by_name = user->display_name;
    }
    auto change = persons_.DecideChangeOf(actor, id, ChangeKind::kIdentity);
    view.may_edit = change && change->Allowed();
    return view;
}

Result<PersonTraitsView> PersonTraitService::Get(const Actor& actor, PersonId id) {
    auto decision = Readable(actor, id);
    if (!decision) return Fail(decision.error());
    auto view = ViewOf(actor, id, *decision);
    if (!view) return Fail(view.error());
    AuditEntry entry = EntryFor(actor, clock_.Now(), AuditAction::kRead, "person_traits", id.value(), id, "traits");
    SetBasis(entry, *decision);
    audit_.Record(std::move(entry));
    return view;
}

Result<PersonTraitsView> PersonTraitService::Set(const Actor& actor, PersonId id,
                                                 const std::vector<std::string>& codes) {
    auto decision = Readable(actor, id);
    if (!decision) return Fail(decision.error());
    // The change policy of the person's record decides who may change its details (DecideChange, kIdentity).
    if (auto may = persons_.RequireChange(actor, id, ChangeKind::kIdentity); !may) return Fail(may.error());
    auto traits = ParsePersonTraits(codes, "traits");
    if (!traits) return Fail(traits.error());
    const Instant now = clock_.Now();
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto repository = repositories_(*tenant);
        if (!repository) return Fail(Error::Internal("課題と特性の記録先がありません"));
        auto before = repository->Get(id);
        if (!before) return Fail(Hidden(before.error()));
        if (auto replaced = repository->Replace(id, *traits, actor.principal.user.id, now); !replaced) {
            return Fail(Hidden(replaced.error()));
        }
        AuditEntry entry = EntryFor(actor, now, AuditAction::kUpdate, "person", id.value(), id, "traits");
        SetBasis(entry, *decision);
        entry.detail = "traits: " + PersonTraitCodes(before->traits) + " -> " + PersonTraitCodes(*traits);
        std::vector<AuditEntry> entries{std::move(entry)};
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return ViewOf(actor, id, *decision);
}

}  // namespace kasane::domain
