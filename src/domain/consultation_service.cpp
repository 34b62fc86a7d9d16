// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <functional>
#include <set>

#include "base/japan_time.hpp"
#include "base/japanese_text.hpp"
#include "domain/category_master.hpp"
#include "domain/change_policy.hpp"
#include "domain/intake.hpp"
#include "domain/intake_support.hpp"
#include "domain/reads.hpp"
#include "domain/town_settings.hpp"

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

Result<std::vector<WorryCategory>> ConsultationService::OfferedCategories(const Actor& actor) {
    auto categories = Categories(actor);
    if (!categories) return Fail(categories.error());
    return domain::OfferedCategories(std::move(*categories));
}

Result<FieldLabels> ConsultationService::TownFieldLabels(const Actor& actor) {
    return ReadFieldLabels(store_.Tenant(actor.Tenant())->Settings());
}

Result<TownSettings> ConsultationService::TownSettingsInForce(const Actor& actor) {
    return ReadTownSettings(store_.Tenant(actor.Tenant())->Settings());
}

Result<Consultation> ConsultationService::Record(const Actor& actor, const IntakeRequest& request) {
    std::vector<PersonId> created_members;
    return Save(actor, request, created_members);
}

Result<Consultation> ConsultationService::Save(const Actor& actor, const IntakeRequest& request,
                                               std::vector<PersonId>& created_members) {
    if (!WorksCases(actor.principal)) return Fail(Error::PermissionDenied("相談を記録する権限がありません"));
    const Instant now = clock_.Now();
    const int subjects = (request.person_id ? 1 : 0) + (request.new_person ? 1 : 0) + (request.anonymous ? 1 : 0);
    if (subjects != 1) {
        return Fail(
            Error::InvalidArgument("本人を選ぶか、新しい本人を入力するか、匿名の相談にしてください", "person_id"));
    }
    const Date today = TodayInJapan(clock_);
    if (request.new_person) {
        if (auto valid = ValidatePersonData(*request.new_person, today); !valid) return Fail(valid.error());
    }
    if (request.anonymous && (request.household_id || request.new_household || !request.new_members.empty())) {
        return Fail(Error::InvalidArgument("匿名の相談には世帯を記録できません（本人を特定してから記録してください）",
                                           "household_id"));
    }
    if (request.household_id && request.new_household) {
        return Fail(Error::InvalidArgument("既存の世帯か新しい世帯のどちらか一方を選んでください", "household_id"));
    }
    if (request.new_household) {
        if (auto valid = ValidateFreeText(request.new_household->name, "household_name", 100); !valid) {
            return Fail(valid.error());
        }
        if (auto valid = ValidateFreeText(request.new_household->notes, "household_notes", 4000); !valid) {
            return Fail(valid.error());
        }
    }
    if (request.new_members.size() > kMaxIntakeMembers) {
        return Fail(Error::InvalidArgument(
            "一度に追加できる世帯員は" + std::to_string(kMaxIntakeMembers) + "人までです", "new_members"));
    }
    for (std::size_t i = 0; i < request.new_members.size(); ++i) {
        const IntakeMember& member = request.new_members[i];
        const std::string prefix = "new_members[" + std::to_string(i) + "].";
        if (member.existing_person_id) {
            if (auto known = RequireMemberOnRecord(actor, request, i); !known) return Fail(known.error());
        } else {
            if (auto valid = ValidatePersonData(member.person, today); !valid) {
                Error error = valid.error();
                error.field = prefix + (error.field.empty() ? "family_name" : error.field);
                return Fail(std::move(error));
            }
            if (member.person.family_name.empty() && member.person.given_name.empty() &&
                member.person.family_name_kana.empty()) {
                return Fail(
                    Error::InvalidArgument("世帯員の氏名（またはふりがな）を入力してください", prefix + "family_name"));
            }
        }
        if (member.relationship == Relationship::kHead &&
            (!request.new_household || request.new_household->subject_relationship == Relationship::kHead)) {
            return Fail(
                Error::InvalidArgument("世帯主は1人です。世帯員の続柄を選び直してください", prefix + "relationship"));
        }
    }
    if (auto valid = ValidateNextStep(
            request.next_step.kind, request.next_step.call_back_on, request.next_step.to_organization_id,
            request.anonymous ? ConsultationSubject::kAnonymous : ConsultationSubject::kIdentified, today);
        !valid) {
        return Fail(valid.error());
    }
    if (request.next_step.kind == IntakeNextStep::kRefer) {
        if (!actor.principal.HasRole(Role::kCaseworker) && !actor.principal.HasRole(Role::kCoordinator)) {
            return Fail(Error::InvalidArgument("つなぎを送る権限がありません", "next_step"));
        }
        if (*request.next_step.to_organization_id == actor.principal.user.organization_id) {
            return Fail(Error::InvalidArgument("自機関へはつなげません", "next_step.to_organization_id"));
        }
        auto to = store_.Tenant(actor.Tenant())->Organizations().Get(*request.next_step.to_organization_id);
        if (ReadFailed(to)) return Fail(to.error());
        if (!to) {
            return Fail(
                Error::InvalidArgument("つなぐ先の機関がこの自治体にありません", "next_step.to_organization_id"));
        }
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
        const auto found = std::find_if(master->begin(), master->end(), [&](const WorryCategory& category) {
            return category.id == choice.category_id;
        });
        if (found == master->end()) return Fail(Error::InvalidArgument("相談分類がマスタにありません", "categories"));
        // A retired category stays on old records and is not offered for new ones (OfferedCategories).
        if (!found->active) {
            return Fail(
                Error::InvalidArgument("相談分類「" + found->label + "」は廃止されたため選べません", "categories"));
        }
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
    // A household made or added to for an existing person is a change of that person's household (DecideChange).
    const bool changes_household = request.new_household || !request.new_members.empty();
    if (changes_household && request.person_id) {
        if (auto allowed = persons_.RequireChange(actor, *request.person_id, ChangeKind::kHousehold); !allowed) {
            return Fail(allowed.error());
        }
    }

    Consultation created;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        std::vector<AuditEntry> entries;
        auto create_person = [&](const PersonData& data) -> Result<PersonId> {
            Person person{.municipality_id = actor.Tenant(),
                          .data = data,
                          .created_by_organization_id = actor.principal.user.organization_id,
                          .created_by_user_id = actor.principal.user.id,
                          .created_at = now,
                          .updated_at = now};
            auto saved = tenant->Persons().Create(person, PersonService::KeysOf(data));
            if (!saved) return Fail(saved.error());
            entries.push_back(EntryFor(actor, now, AuditAction::kCreate, "person", saved->id, saved->id, "*"));
            return saved->id;
        };
        std::optional<PersonId> person_id = request.person_id;
        if (request.new_person) {
            auto saved = create_person(*request.new_person);
            if (!saved) return Fail(saved.error());
            person_id = *saved;
        }
        std::optional<HouseholdId> household_id = request.household_id;
        if (changes_household) {
            std::vector<HouseholdMember> members;
            for (const IntakeMember& member : request.new_members) {
                auto saved = member.existing_person_id ? Result<PersonId>(*member.existing_person_id)
                                                       : create_person(member.person);
                if (!saved) return Fail(saved.error());
                created_members.push_back(*saved);
                members.push_back(
                    HouseholdMember{.person_id = *saved, .relationship = member.relationship, .is_head = false});
            }
            if (household_id) {
                for (const HouseholdMember& member : members) {
                    if (auto added = tenant->Households().AddMember(*household_id, member); !added) {
                        return Fail(added.error());
                    }
                }
            } else {
                const IntakeHousehold shape = request.new_household.value_or(IntakeHousehold{});
                const bool head = shape.subject_relationship == Relationship::kHead;
                members.insert(members.begin(), HouseholdMember{.person_id = *person_id,
                                                                .relationship = shape.subject_relationship,
                                                                .is_head = head});
                Household household{.municipality_id = actor.Tenant(),
                                    .name = shape.name,
                                    .notes = shape.notes,
                                    .members = members,
                                    .created_by_organization_id = actor.principal.user.organization_id,
                                    .created_at = now};
                auto saved = tenant->Households().Create(household);
                if (!saved) return Fail(saved.error());
                household_id = saved->id;
            }
            for (const HouseholdMember& member : members) {
                entries.push_back(EntryFor(actor, now, AuditAction::kCreate, "household", *household_id,
                                           member.person_id, "membership"));
            }
        }
        Consultation consultation{.municipality_id = actor.Tenant(),
                                  .receiving_organization_id = actor.principal.user.organization_id,
                                  .received_by_user_id = actor.principal.user.id,
                                  .person_id = person_id,
                                  .household_id = household_id,
                                  .chief_complaint = request.chief_complaint,
                                  .categories = categories,
                                  .next_contact_on = request.next_step.kind == IntakeNextStep::kCallBack
                                                         ? request.next_step.call_back_on
                                                         : std::nullopt,
                                  .contacts = {ContactFrom(actor, request.first_contact, now)},
                                  .created_at = now};
        auto saved = tenant->Consultations().Create(consultation);
        if (!saved) return Fail(saved.error());
        created = std::move(*saved);
        AuditEntry entry = EntryFor(actor, now, AuditAction::kCreate, "consultation", created.id, person_id, "*");
        if (decision) SetBasis(entry, *decision);
        if (!person_id) entry.detail = "anonymous";
        entries.push_back(std::move(entry));
        if (request.within_transaction) {
            if (auto written = request.within_transaction(*tenant, created, entries); !written) return written;
        }
        return tenant->Audit().Append(entries);
    });
    if (!stored) {
        created_members.clear();
        return Fail(stored.error());
    }
    return created;
}

Status ConsultationService::RequireMemberOnRecord(const Actor& actor, const IntakeRequest& request, std::size_t index) {
    const std::string field = "new_members[" + std::to_string(index) + "].existing_person_id";
    const PersonId person_id = *request.new_members[index].existing_person_id;
    if (request.person_id == person_id) {
        return Fail(Error::InvalidArgument("本人を世帯員として重ねて加えることはできません", field));
    }
    for (std::size_t other = 0; other < index; ++other) {
        if (request.new_members[other].existing_person_id == person_id) {
            return Fail(Error::InvalidArgument("同じ人が世帯員に二度選ばれています", field));
        }
    }
    // As HouseholdService::AddMember: a person known only through a referral sheet is not one to add to a household.
    auto decision = persons_.Authorize(actor, person_id);
    if (ReadFailed(decision)) return Fail(decision.error());
    if (!decision || decision->level == ViewLevel::kReferralSheet) {
        Error missing = Error::NotFound("世帯員に選んだ人が見つかりません");
        missing.field = field;
        return Fail(std::move(missing));
    }
    return {};
}

Result<IntakeResult> ConsultationService::RecordCall(const Actor& actor, const IntakeRequest& request) {
    std::vector<PersonId> created_members;
    auto recorded = Save(actor, request, created_members);
    if (!recorded) return Fail(recorded.error());
    IntakeResult result{.consultation = std::move(*recorded),
                        .created_members = std::move(created_members),
                        .referral_id = std::nullopt};
    if (request.next_step.kind == IntakeNextStep::kRefer && result.consultation.person_id) {
        // Checked before the consultation was written (Record: the receiver, the right to refer); what can still
        // fail here is the database, and then the consultation stays recorded and the error says so.
        ReferralService referrals(store_, clock_, audit_, persons_);
        auto sent = referrals.Send(actor, *result.consultation.person_id, result.consultation.id,
                                   *request.next_step.to_organization_id, std::nullopt, request.chief_complaint, "");
        if (!sent) {
            Error error = sent.error();
            error.message = "相談は記録しましたが、つなぎを送れませんでした: " + error.message;
            return Fail(std::move(error));
        }
        result.referral_id = sent->referral.id;
    }
    return result;
}

Result<Consultation> ConsultationService::JoinPerson(const Actor& actor, ConsultationId id, int expected_version,
                                                     std::optional<PersonId> person_id,
                                                     const std::optional<PersonData>& new_person) {
    auto visible = GetForWork(actor, id, ConsultationWork::kJoinPerson);
    if (!visible) return Fail(visible.error());
    if (auto may = MayJoinPerson(*visible); !may) return Fail(may.error());
    if (person_id.has_value() == new_person.has_value()) {
        return Fail(Error::InvalidArgument("本人を選ぶか、新しい本人を入力してください", "person_id"));
    }
    const Instant now = clock_.Now();
    std::optional<AccessDecision> decision;
    if (person_id) {
        auto authorized = persons_.Authorize(actor, *person_id);
        if (ReadFailed(authorized)) return Fail(authorized.error());
        if (!authorized || authorized->level == ViewLevel::kReferralSheet) {
            Error error = Error::NotFound("本人が見つかりません");
            error.field = "person_id";
            return Fail(std::move(error));
        }
        decision = *authorized;
    } else if (auto valid = ValidatePersonData(*new_person, TodayInJapan(clock_)); !valid) {
        return Fail(valid.error());
    }
    Consultation updated;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        std::vector<AuditEntry> entries;
        PersonId subject = person_id.value_or(PersonId{});
        if (new_person) {
            Person person{.municipality_id = actor.Tenant(),
                          .data = *new_person,
                          .created_by_organization_id = actor.principal.user.organization_id,
                          .created_by_user_id = actor.principal.user.id,
                          .created_at = now,
                          .updated_at = now};
            auto saved = tenant->Persons().Create(person, PersonService::KeysOf(*new_person));
            if (!saved) return Fail(saved.error());
            subject = saved->id;
            entries.push_back(EntryFor(actor, now, AuditAction::kCreate, "person", subject, subject, "*"));
        }
        auto saved = tenant->Consultations().SetPerson(id, expected_version, subject);
        if (!saved) return Fail(saved.error());
        updated = std::move(*saved);
        AuditEntry entry = EntryFor(actor, now, AuditAction::kUpdate, "consultation", id, subject, "person_id");
        if (decision) SetBasis(entry, *decision);
        entry.detail = "joined_person:" + std::to_string(subject);
        entries.push_back(std::move(entry));
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return updated;
}

Result<Consultation> ConsultationService::Get(const Actor& actor, ConsultationId id) {
    auto tenant = store_.Tenant(actor.Tenant());
    auto consultation = tenant->Consultations().Get(id);
    if (!consultation) return Fail(Hidden(consultation.error()));
    if (IsAnonymous(*consultation)) {
        // No person, so no person's decision: the 受付簿's scope (MayReadAnonymousConsultation).
        if (!MayReadAnonymousConsultation(actor.principal, *consultation)) return Fail(Error::NotFound());
        AuditEntry entry = EntryFor(actor, clock_.Now(), AuditAction::kRead, "consultation", id, std::nullopt, "*");
        entry.detail = "anonymous";
        audit_.Record(std::move(entry));
        return consultation;
    }
    auto decision = persons_.Authorize(actor, *consultation->person_id);
    if (!decision) return Fail(Error::NotFound());
    auto kind = OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto referrals = tenant->Referrals().OfPersons({*consultation->person_id});
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
    auto visible = GetForWork(actor, id, ConsultationWork::kAddContact);
    if (!visible) return Fail(visible.error());
    if (auto open = RequireOpen(*visible); !open) return Fail(open.error());
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
    return SetOutcome(actor, id, expected_version, OutcomeInput{.outcome = outcome, .note = std::string(note)});
}

Result<Consultation> ConsultationService::SetOutcome(const Actor& actor, ConsultationId id, int expected_version,
                                                     const OutcomeInput& input) {
    auto visible = GetForWork(actor, id, ConsultationWork::kOutcome);
    if (!visible) return Fail(visible.error());
    if (auto open = RequireOpen(*visible); !open) return Fail(open.error());
    if (auto valid = ValidateFreeText(input.note, "outcome_note", 2000); !valid) return Fail(valid.error());
    if (auto linked = ValidateOutcomeLinks(input.outcome, input.referral_id, input.case_id); !linked) {
        return Fail(linked.error());
    }
    if (input.referral_id || input.case_id) {
        auto choices = Choices(actor, *visible);
        if (!choices) return Fail(choices.error());
        if (input.referral_id && std::none_of(choices->referrals.begin(), choices->referrals.end(),
                                              [&](const auto& choice) { return choice.id == *input.referral_id; })) {
            return Fail(Error::InvalidArgument("選んだつなぎは、この相談の本人・世帯のものではないか、見つかりません",
                                               "referral_id"));
        }
        if (input.case_id && std::none_of(choices->cases.begin(), choices->cases.end(),
                                          [&](const auto& choice) { return choice.id == *input.case_id; })) {
            return Fail(Error::InvalidArgument("選んだケースは、この相談の本人・世帯のものではないか、見つかりません",
                                               "case_id"));
        }
    }
    Consultation changed = *visible;
    changed.outcome = input.outcome;
    changed.outcome_note = input.note;
    changed.outcome_referral_id = input.referral_id;
    changed.outcome_case_id = input.case_id;
    return Write(actor, changed, expected_version, std::nullopt, AuditAction::kUpdate, "outcome");
}

Result<OutcomeChoices> ConsultationService::Choices(const Actor& actor, const Consultation& consultation) {
    OutcomeChoices choices;
    if (!consultation.person_id) return choices;  // referrals and cases are about a person
    auto tenant = store_.Tenant(actor.Tenant());
    auto group = tenant->Persons().IdentityGroup(*consultation.person_id);
    if (!group) return Fail(group.error());
    // The person's referrals, and those sent from this consultation for another member of its household (the
    // son of the old man the neighbour called about): ReferralOriginsOf lets them name it as their もとの相談.
    std::vector<PersonId> about = *group;
    if (consultation.household_id) {
        auto household = tenant->Households().Get(*consultation.household_id);
        if (!household) return Fail(household.error());
        for (const HouseholdMember& member : household->members) about.push_back(member.person_id);
    }
    auto referrals = tenant->Referrals().OfPersons(about);
    if (!referrals) return Fail(referrals.error());
    const OrganizationId own = actor.principal.user.organization_id;
    for (const Referral& referral : *referrals) {
        const bool of_person = std::find(group->begin(), group->end(), referral.person_id) != group->end();
        if (!of_person && referral.consultation_id != consultation.id) continue;
        const bool ours = referral.from_organization_id == own || referral.to_organization_id == own ||
                          referral.from_organization_id == consultation.receiving_organization_id;
        if (!ours) continue;
        choices.referrals.push_back({.id = referral.id,
                                     .to_organization_id = referral.to_organization_id,
                                     .sent_at = referral.sent_at,
                                     .status = referral.status});
    }
    auto cases = tenant->Cases().OfPersons(*group);
    if (!cases) return Fail(cases.error());
    const Date today = TodayInJapan(clock_);
    for (const SupportCase& support_case : *cases) {
        const bool same = std::find(group->begin(), group->end(), support_case.person_id) != group->end() ||
                          (consultation.household_id && support_case.household_id == consultation.household_id);
        if (!same || !WorksOnCase(actor.principal, support_case, today)) continue;
        choices.cases.push_back(
            {.id = support_case.id, .title = support_case.title, .opened_on = support_case.opened_on});
    }
    return choices;
}

Result<OutcomeChoices> ConsultationService::ChoicesForOutcome(const Actor& actor, ConsultationId id) {
    auto visible = Get(actor, id);
    if (!visible) return Fail(visible.error());
    return Choices(actor, *visible);
}

Result<Consultation> ConsultationService::GetForWork(const Actor& actor, ConsultationId id, ConsultationWork work) {
    auto visible = Get(actor, id);
    if (!visible) return Fail(visible.error());
    if (auto allowed = DecideConsultationWork(actor.principal, *visible, work).AsStatus(); !allowed) {
        return Fail(allowed.error());
    }
    return visible;
}

Result<Consultation> ConsultationService::Write(const Actor& actor, const Consultation& changed, int expected_version,
                                                const std::optional<ConsultationEvent>& event, AuditAction action,
                                                std::string_view fields) {
    const Instant now = clock_.Now();
    Consultation updated;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto saved = tenant->Consultations().Update(changed, expected_version, event);
        if (!saved) return Fail(saved.error());
        updated = std::move(*saved);
        std::vector<AuditEntry> entries{
            EntryFor(actor, now, action, "consultation", changed.id, updated.person_id, fields)};
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return updated;
}

Result<Consultation> ConsultationService::Close(const Actor& actor, ConsultationId id, int expected_version,
                                                std::string_view reason) {
    auto visible = GetForWork(actor, id, ConsultationWork::kCloseOrReopen);
    if (!visible) return Fail(visible.error());
    if (auto may = MayClose(*visible, reason); !may) return Fail(may.error());
    if (auto valid = ValidateFreeText(reason, "reason", 2000); !valid) return Fail(valid.error());
    Consultation changed = *visible;
    changed.status = ConsultationStatus::kClosed;
    changed.next_contact_on.reset();  // a closed thread has no next contact (and no reminder)
    const ConsultationEvent event{.kind = ConsultationEventKind::kClosed,
                                  .at = clock_.Now(),
                                  .user_id = actor.principal.user.id,
                                  .reason = std::string(reason)};
    return Write(actor, changed, expected_version, event, AuditAction::kStatusChange, "status:closed");
}

Result<Consultation> ConsultationService::Reopen(const Actor& actor, ConsultationId id, int expected_version,
                                                 std::string_view reason) {
    auto visible = GetForWork(actor, id, ConsultationWork::kCloseOrReopen);
    if (!visible) return Fail(visible.error());
    if (auto may = MayReopen(*visible, reason); !may) return Fail(may.error());
    if (auto valid = ValidateFreeText(reason, "reason", 2000); !valid) return Fail(valid.error());
    Consultation changed = *visible;
    changed.status = ConsultationStatus::kOpen;
    const ConsultationEvent event{.kind = ConsultationEventKind::kReopened,
                                  .at = clock_.Now(),
                                  .user_id = actor.principal.user.id,
                                  .reason = std::string(reason)};
    return Write(actor, changed, expected_version, event, AuditAction::kStatusChange, "status:reopened");
}

Result<Consultation> ConsultationService::Cancel(const Actor& actor, ConsultationId id, int expected_version,
                                                 std::string_view reason) {
    auto visible = GetForWork(actor, id, ConsultationWork::kCancel);
    if (!visible) return Fail(visible.error());
    if (auto may = MayCancel(*visible, reason); !may) return Fail(may.error());
    if (auto valid = ValidateFreeText(reason, "reason", 2000); !valid) return Fail(valid.error());
    Consultation changed = *visible;
    changed.cancelled =
        Cancellation{.user_id = actor.principal.user.id, .at = clock_.Now(), .reason = std::string(reason)};
    changed.next_contact_on.reset();
    return Write(actor, changed, expected_version, std::nullopt, AuditAction::kStatusChange, "cancelled");
}

Result<Consultation> ConsultationService::CancelContact(const Actor& actor, ConsultationId id, ContactId contact_id,
                                                        std::string_view reason) {
    auto visible = Get(actor, id);
    if (!visible) return Fail(visible.error());
    const auto contact = std::find_if(visible->contacts.begin(), visible->contacts.end(),
                                      [&](const Contact& item) { return item.id == contact_id; });
    if (contact == visible->contacts.end()) return Fail(Error::NotFound("対応記録が見つかりません"));
    if (auto allowed =
            DecideConsultationWork(actor.principal, *visible, ConsultationWork::kCancelContact, &*contact).AsStatus();
        !allowed) {
        return Fail(allowed.error());
    }
    if (auto may = MayCancelContact(*visible, contact_id, reason); !may) return Fail(may.error());
    if (auto valid = ValidateFreeText(reason, "reason", 2000); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    Consultation updated;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto saved = tenant->Consultations().CancelContact(
            id, contact_id, Cancellation{.user_id = actor.principal.user.id, .at = now, .reason = std::string(reason)});
        if (!saved) return Fail(saved.error());
        updated = std::move(*saved);
        std::vector<AuditEntry> entries{EntryFor(actor, now, AuditAction::kStatusChange, "consultation", id,
                                                 updated.person_id, "contact_cancelled:" + std::to_string(contact_id))};
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return updated;
}

Result<Consultation> ConsultationService::SetNextContact(const Actor& actor, ConsultationId id, int expected_version,
                                                         std::optional<Date> next_contact_on) {
    auto visible = GetForWork(actor, id, ConsultationWork::kNextContact);
    if (!visible) return Fail(visible.error());
    if (auto open = RequireOpen(*visible); !open) return Fail(open.error());
    if (auto valid = ValidateNextContactOn(next_contact_on, TodayInJapan(clock_)); !valid) return Fail(valid.error());
    Consultation changed = *visible;
    changed.next_contact_on = next_contact_on;
    return Write(actor, changed, expected_version, std::nullopt, AuditAction::kUpdate, "next_contact_on");
}

Result<std::vector<ContactReminder>> ConsultationService::DueForContact(const Actor& actor) {
    if (!WorksCases(actor.principal)) return std::vector<ContactReminder>{};
    const Date today = TodayInJapan(clock_);
    auto tenant = store_.Tenant(actor.Tenant());
    auto due = tenant->Consultations().DueForContact(actor.principal.user.id, today);
    if (!due) return Fail(due.error());
    std::vector<ContactReminder> reminders;
    for (const Consultation& consultation : *due) {
        if (!ContactDue(consultation, today)) continue;
        reminders.push_back(ContactReminder{
            .id = consultation.id,
            .person_id = consultation.person_id,
            .next_contact_on = *consultation.next_contact_on,
            .overdue = std::chrono::sys_days{*consultation.next_contact_on} < std::chrono::sys_days{today}});
    }
    return reminders;
}

Result<std::vector<Consultation>> ConsultationService::OfPerson(const Actor& actor, PersonId person_id,
                                                                bool include_cancelled) {
    return Readable(actor, person_id,
                    [&](const Consultation& consultation) { return include_cancelled || IsCounted(consultation); });
}

Result<std::vector<Consultation>> ConsultationService::ReferralOriginsOf(const Actor& actor, PersonId person_id) {
    auto origins = OfPerson(actor, person_id);
    if (!origins) return origins;
    HouseholdService household_service(store_, clock_, audit_);
    auto households = household_service.OfPerson(actor, person_id);
    if (!households) return Fail(households.error());
    const Date today = TodayInJapan(clock_);
    std::set<PersonId> others;  // the other current members of the person's households
    for (const Household& household : *households) {
        for (const HouseholdMember& member : household.CurrentMembers(today)) {
            if (member.person_id != person_id) others.insert(member.person_id);
        }
    }
    const auto known = [&](ConsultationId id) {
        return std::any_of(origins->begin(), origins->end(),
                           [&](const Consultation& origin) { return origin.id == id; });
    };
    for (PersonId other : others) {
        auto about = Readable(actor, other, [&](const Consultation& consultation) {
            return IsCounted(consultation) && !known(consultation.id) &&
                   MayBeReferralOrigin(consultation, person_id, *households, today);
        });
        // A member the actor may not read brings nothing; a failed read is an error to show.
        if (!about && about.error().code == ErrorCode::kNotFound) continue;
        if (!about) return Fail(about.error());
        for (Consultation& consultation : *about) origins->push_back(std::move(consultation));
    }
    std::stable_sort(origins->begin(), origins->end(),
                     [](const Consultation& a, const Consultation& b) { return a.created_at > b.created_at; });
    return origins;
}

Result<std::vector<Consultation>> ConsultationService::Readable(const Actor& actor, PersonId person_id,
                                                                const std::function<bool(const Consultation&)>& keep) {
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
        if (!keep(consultation)) continue;
        if (!MayReadConsultation(ViewerOf(actor, *kind), *decision, consultation, *referrals)) continue;
        AuditEntry entry = EntryFor(actor, now, AuditAction::kRead, "consultation", consultation.id, person_id, "*");
        SetBasis(entry, *decision);
        audit_.Record(std::move(entry));
        readable.push_back(std::move(consultation));
    }
    return readable;
}

Result<OpenConsultationCounts> ConsultationService::OpenOfMine(const Actor& actor) {
    if (!WorksCases(actor.principal)) return OpenConsultationCounts{};
    return store_.Tenant(actor.Tenant())->Desk().OpenConsultations(actor.principal.user.id, TodayInJapan(clock_));
}

}  // namespace kasane::domain
