// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <set>

#include "base/japan_time.hpp"
#include "base/japanese_text.hpp"
#include "domain/intake.hpp"
#include "domain/intake_support.hpp"
#include "domain/reads.hpp"

namespace kasane::domain {

using namespace intake_support;

namespace {

Status ValidateContact(const ContactInput& contact, Instant now) {
    if (contact.occurred_at > now + std::chrono::minutes{10}) {
        return Fail(Error::InvalidArgument("相談日時が未来になっています", "occurred_at"));
    }
    if (contact.occurred_at < Instant{std::chrono::sys_days{std::chrono::year{1990} / 1 / 1}}) {
        return Fail(Error::InvalidArgument("相談日時が古すぎます", "occurred_at"));
    }
    if (auto valid = ValidateFreeText(contact.summary, "summary", 4000); !valid) return Fail(valid.error());
    if (auto valid = ValidateFreeText(contact.caller.name, "caller.name", 100); !valid) return Fail(valid.error());
    if (auto valid = ValidateFreeText(contact.caller.relationship, "caller.relationship", 50); !valid) {
        return Fail(valid.error());
    }
    if (auto valid = ValidateFreeText(contact.caller.phone, "caller.phone", 30); !valid) return Fail(valid.error());
    return {};
}

Contact ContactFrom(const Actor& actor, const ContactInput& input, Instant now) {
    return Contact{.occurred_at = input.occurred_at,
                   .channel = input.channel,
                   .source = input.source,
                   .caller = input.caller,
                   .organization_id = actor.principal.user.organization_id,
                   .staff_user_id = actor.principal.user.id,
                   .summary = input.summary,
                   .summary_tag = input.summary_tag,
                   .recorded_at = now};
}

}  // namespace

ConsultationService::ConsultationService(Store& store, const Clock& clock, AuditRecorder& audit, PersonService& persons)
    : store_(store), clock_(clock), audit_(audit), persons_(persons) {}

Result<std::vector<WorryCategory>> ConsultationService::Categories(const Actor& actor) {
    auto tenant = store_.Tenant(actor.Tenant());
    auto categories = tenant->Categories().List();
    if (!categories) return Fail(categories.error());
    if (!categories->empty()) return categories;
    // A municipality created before the master existed gets the default list on first use.
    if (auto seeded = tenant->Categories().EnsureSeeded(DefaultWorryCategories()); !seeded) return Fail(seeded.error());
    return tenant->Categories().List();
}

Result<Consultation> ConsultationService::Record(const Actor& actor, const IntakeRequest& request) {
    if (!WorksCases(actor.principal)) return Fail(Error::PermissionDenied("相談を記録する権限がありません"));
    const Instant now = clock_.Now();
    if (request.person_id.has_value() == request.new_person.has_value()) {
        return Fail(Error::InvalidArgument("本人を選ぶか、新しい本人を入力してください", "person_id"));
    }
    if (request.new_person) {
        if (auto valid = ValidatePersonData(*request.new_person, TodayInJapan(clock_)); !valid)
            return Fail(valid.error());
    }
    if (auto valid = ValidateFreeText(request.chief_complaint, "chief_complaint", 4000); !valid) {
        return Fail(valid.error());
    }
    if (auto valid = ValidateContact(request.first_contact, now); !valid) return Fail(valid.error());

    // Categories: from the master, each once, and one marked most pressing when any are chosen.
    auto master = Categories(actor);
    if (!master) return Fail(master.error());
    std::set<CategoryId> seen;
    int most_pressing = 0;
    for (const CategoryChoice& choice : request.categories) {
        const bool known = std::any_of(master->begin(), master->end(), [&](const WorryCategory& category) {
            return category.id == choice.category_id && category.active;
        });
        if (!known) return Fail(Error::InvalidArgument("相談分類がマスタにありません", "categories"));
        if (!seen.insert(choice.category_id).second) {
            return Fail(Error::InvalidArgument("同じ相談分類が重複しています", "categories"));
        }
        most_pressing += choice.most_pressing ? 1 : 0;
    }
    std::vector<CategoryChoice> categories = request.categories;
    if (categories.size() == 1)
        categories[0].most_pressing = true;
    else if (!categories.empty() && most_pressing != 1) {
        return Fail(Error::InvalidArgument("最も困っている分類（◎）を1つ選んでください", "categories"));
    }

    std::optional<AccessDecision> decision;
    if (request.person_id) {
        // Identity is enough to record a new worry about a person another window already knows: taking a
        // consultation creates this organisation's own record, it does not open the other's.
        auto authorized = persons_.Authorize(actor, *request.person_id);
        // A failed read is an error to show, not a refusal to hide as 'not found'.
        if (ReadFailed(authorized)) return Fail(authorized.error());
        if (!authorized || authorized->level == ViewLevel::kReferralSheet) {
            return Fail(Error::NotFound("本人が見つかりません"));
        }
        decision = *authorized;
    }
    if (request.household_id) {
        HouseholdService households(store_, clock_, audit_);
        if (auto household = households.Get(actor, *request.household_id); !household) {
            return Fail(Error::NotFound("世帯が見つかりません"));
        }
    }

    Consultation created;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        std::vector<AuditEntry> entries;
        PersonId person_id = request.person_id.value_or(0);
        if (request.new_person) {
            Person person{.municipality_id = actor.Tenant(),
                          .data = *request.new_person,
                          .created_by_organization_id = actor.principal.user.organization_id,
                          .created_by_user_id = actor.principal.user.id,
                          .created_at = now,
                          .updated_at = now};
            auto saved = tenant->Persons().Create(person, PersonService::KeysOf(*request.new_person));
            if (!saved) return Fail(saved.error());
            person_id = saved->id;
            entries.push_back(EntryFor(actor, now, AuditAction::kCreate, "person", person_id, person_id, "*"));
        }
        Consultation consultation{.municipality_id = actor.Tenant(),
                                  .receiving_organization_id = actor.principal.user.organization_id,
                                  .received_by_user_id = actor.principal.user.id,
                                  .person_id = person_id,
                                  .household_id = request.household_id,
                                  .chief_complaint = request.chief_complaint,
                                  .categories = categories,
                                  .contacts = {ContactFrom(actor, request.first_contact, now)},
                                  .created_at = now};
        auto saved = tenant->Consultations().Create(consultation);
        if (!saved) return Fail(saved.error());
        created = std::move(*saved);
        AuditEntry entry = EntryFor(actor, now, AuditAction::kCreate, "consultation", created.id, person_id, "*");
        if (decision) SetBasis(entry, *decision);
        entries.push_back(std::move(entry));
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return created;
}

Result<Consultation> ConsultationService::Get(const Actor& actor, ConsultationId id) {
    auto tenant = store_.Tenant(actor.Tenant());
    auto consultation = tenant->Consultations().Get(id);
    if (!consultation) return Fail(Hidden(consultation.error()));
    auto decision = persons_.Authorize(actor, consultation->person_id);
    if (!decision) return Fail(Error::NotFound());
    auto kind = OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto referrals = tenant->Referrals().OfPersons({consultation->person_id});
    if (!referrals) return Fail(referrals.error());
    if (!MayReadConsultation(ViewerOf(actor, *kind), *decision, *consultation, *referrals)) {
        return Fail(Error::NotFound());
    }
    AuditEntry entry =
        EntryFor(actor, clock_.Now(), AuditAction::kRead, "consultation", id, consultation->person_id, "*");
    SetBasis(entry, *decision);
    audit_.Record(std::move(entry));
    return consultation;
}

Result<Consultation> ConsultationService::AddContact(const Actor& actor, ConsultationId id,
                                                     const ContactInput& contact) {
    if (!WorksCases(actor.principal)) return Fail(Error::PermissionDenied("相談を記録する権限がありません"));
    auto visible = Get(actor, id);
    if (!visible) return Fail(visible.error());
    const Instant now = clock_.Now();
    if (auto valid = ValidateContact(contact, now); !valid) return Fail(valid.error());
    Consultation updated;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto saved = tenant->Consultations().AddContact(id, ContactFrom(actor, contact, now));
        if (!saved) return Fail(saved.error());
        updated = std::move(*saved);
        std::vector<AuditEntry> entries{
            EntryFor(actor, now, AuditAction::kUpdate, "consultation", id, updated.person_id, "contacts")};
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return updated;
}

Result<Consultation> ConsultationService::SetOutcome(const Actor& actor, ConsultationId id, int expected_version,
                                                     Outcome outcome, std::string_view note) {
    auto visible = Get(actor, id);
    if (!visible) return Fail(visible.error());
    if (visible->receiving_organization_id != actor.principal.user.organization_id &&
        !actor.principal.HasRole(Role::kCoordinator)) {
        return Fail(Error::PermissionDenied("対応結果を記録できるのは受け付けた機関か推進員です"));
    }
    if (auto valid = ValidateFreeText(note, "outcome_note", 2000); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    Consultation updated;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto saved = tenant->Consultations().SetOutcome(id, expected_version, outcome, note);
        if (!saved) return Fail(saved.error());
        updated = std::move(*saved);
        std::vector<AuditEntry> entries{
            EntryFor(actor, now, AuditAction::kUpdate, "consultation", id, updated.person_id, "outcome")};
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return updated;
}

Result<std::vector<Consultation>> ConsultationService::OfPerson(const Actor& actor, PersonId person_id) {
    auto decision = persons_.Authorize(actor, person_id);
    // Below a full view the consultations are refused exactly like an unknown person.
    // A failed read is an error to show, not a refusal to hide as 'not found'.
    if (ReadFailed(decision)) return Fail(decision.error());
    if (!decision || decision->level != ViewLevel::kFull) return Fail(Error::NotFound());
    auto kind = OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto group = tenant->Persons().IdentityGroup(person_id);
    if (!group) return Fail(group.error());
    auto consultations = tenant->Consultations().OfPersons(*group);
    if (!consultations) return Fail(consultations.error());
    auto referrals = tenant->Referrals().OfPersons(*group);
    if (!referrals) return Fail(referrals.error());
    std::vector<Consultation> readable;
    const Instant now = clock_.Now();
    for (Consultation& consultation : *consultations) {
        if (!MayReadConsultation(ViewerOf(actor, *kind), *decision, consultation, *referrals)) continue;
        AuditEntry entry = EntryFor(actor, now, AuditAction::kRead, "consultation", consultation.id, person_id, "*");
        SetBasis(entry, *decision);
        audit_.Record(std::move(entry));
        readable.push_back(std::move(consultation));
    }
    return readable;
}

}  // namespace kasane::domain
