// SPDX-License-Identifier: Apache-2.0
#include "domain/case_service.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <type_traits>

#include "base/japan_time.hpp"
#include "base/japanese_text.hpp"
#include "domain/administration.hpp"
#include "domain/change_policy.hpp"
#include "domain/intake_support.hpp"
#include "domain/read_ahead.hpp"
#include "domain/reads.hpp"
#include "domain/town_settings.hpp"

namespace kasane::domain {

using namespace intake_support;

namespace {

constexpr std::string_view kAssessmentCode = "assessment";

}  // namespace

Status EnsureAssessmentForm(TenantStore& tenant, UserId by, Instant now) {
    auto versions = tenant.Forms().Versions(kAssessmentCode);
    if (!versions) return Fail(versions.error());
    if (!versions->empty()) return {};
    FormDefinition definition = CaseService::DefaultAssessmentForm();
    definition.created_at = now;
    definition.created_by = by;
    auto published = tenant.Forms().Publish(definition);
    if (!published) return Fail(published.error());
    return {};
}

namespace {

bool IsCoordinator(const Principal& principal) { return principal.HasRole(Role::kCoordinator); }

Error NamedNotFound(std::string message, std::string field) {
    Error error = Error::NotFound(std::move(message));
    error.field = std::move(field);
    return error;
}

std::chrono::sys_days Days(Date day) { return std::chrono::sys_days{day}; }

// Sets each member's derived `active` for `today`: what the pages and the API print.
void SetTeamActivity(SupportCase& support_case, Date today) {
    for (TeamMember& member : support_case.team) member.active = IsActiveMember(member, today);
}

Status CheckText(std::string_view text, std::string_view field, std::size_t max) {
    if (auto valid = ValidateFreeText(text, field, max); !valid) return Fail(valid.error());
    return {};
}

Status CheckOrganization(TenantStore& tenant, OrganizationId id, std::string message, std::string field) {
    if (id == 0) return Fail(Error::InvalidArgument(std::move(message), std::move(field)));
    auto found = tenant.Organizations().Get(id);
    // A failed read is an error to show, not an organisation that does not exist.
    if (ReadFailed(found)) return Fail(found.error());
    if (!found) return Fail(Error::InvalidArgument(std::move(message), std::move(field)));
    return {};
}

// The organisations a status change names (who carries on, who takes the open actions) are of the municipality.
Status CheckHandOver(TenantStore& tenant, const StatusChange& change) {
    constexpr std::string_view kOutside = "引き継ぐ機関は同じ市町村の機関を選んでください";
    if (change.carried_on_by) {
        if (auto valid = CheckOrganization(tenant, *change.carried_on_by, std::string(kOutside), "carried_on_by");
            !valid) {
            return valid;
        }
    }
    if (change.open_actions != OpenActionDisposition::kHandOver) return {};
    if (!change.hand_over_to) {
        return Fail(Error::InvalidArgument("支援内容を引き継ぐ機関を選んでください", "hand_over_to"));
    }
    return CheckOrganization(tenant, *change.hand_over_to, std::string(kOutside), "hand_over_to");
}

// The case person and the household's current members: who per-member answers, notes and relations may be about.
Result<std::vector<PersonId>> MembersOf(TenantStore& tenant, const SupportCase& support_case, Date today) {
    std::vector<PersonId> members{support_case.person_id};
    if (!support_case.household_id) return members;
    auto household = tenant.Households().Get(*support_case.household_id);
    if (!household) return Fail(household.error());
    for (const HouseholdMember& member : household->CurrentMembers(today)) {
        if (std::find(members.begin(), members.end(), member.person_id) == members.end()) {
            members.push_back(member.person_id);
        }
    }
    return members;
}

std::string StatusMoveMessage(CaseStatus from, CaseStatus to) {
    return "「" + std::string(CaseStatusLabel(from)) + "」から「" + std::string(CaseStatusLabel(to)) +
           "」には変更できません";
}

// Whether deciding support also puts the case into 多機関協働 (支援決定 does; an approved plan alone does not).
enum class CollaborationStart { kKeepPrograms, kStartCollaboration };

// Moves a case in 受付/アセスメント/プラン作成 (and its open 事業 at those stages) to 支援中: support was decided.
void StartSupport(SupportCase& support_case, Date on, CollaborationStart collaboration) {
    const bool with_collaboration = collaboration == CollaborationStart::kStartCollaboration;
    auto early = [](CaseStatus status) {
        return status == CaseStatus::kIntake || status == CaseStatus::kAssessment || status == CaseStatus::kPlanning;
    };
    if (early(support_case.status)) support_case.status = CaseStatus::kSupporting;
    bool has_collaboration = false;
    for (ProgramStatus& program : support_case.programs) {
        if (program.program == Program::kCollaboration) has_collaboration = true;
        if (early(program.status)) program.status = CaseStatus::kSupporting;
    }
    if (with_collaboration && !has_collaboration) {
        support_case.programs.push_back(
            {.program = Program::kCollaboration, .status = CaseStatus::kSupporting, .started_on = on});
    }
}

// The open actions of the case's current (approved, not superseded) plan.
Result<std::vector<PlanAction>> OpenActionsOf(TenantStore& tenant, CaseId case_id, SupportPlanId& plan_id) {
    auto plans = tenant.Plans().OfCase(case_id);
    if (!plans) return Fail(plans.error());
    std::vector<PlanAction> open;
    for (const SupportPlan& plan : *plans) {
        if (plan.state != PlanState::kApproved) continue;
        plan_id = plan.id;
        for (const PlanAction& action : plan.actions) {
            if (IsOpen(action.status)) open.push_back(action);
        }
        break;
    }
    return open;
}

struct ActionChange {
    PlanAction action;
    int expected_version = 0;
};

// Applies a status change to the case in memory; validations that need storage (organisations, the open actions)
// are done by the caller. Returns the open actions to change when a disposition applies.
Status ApplyStatusChange(SupportCase& support_case, const StatusChange& change, Date on,
                         const std::vector<PlanAction>& open_actions, std::vector<ActionChange>& action_changes) {
    const bool ending = change.status == CaseStatus::kClosed || change.status == CaseStatus::kSuspended;
    if (auto reasoned = RequireReasonToEnd(change.status, change.reason); !reasoned) return reasoned;
    if (auto valid = CheckText(change.reason, "reason", 2000); !valid) return valid;
    auto dispose = [&](const std::function<bool(const PlanAction&)>& applies) -> Status {
        for (const PlanAction& action : open_actions) {
            if (!applies(action)) continue;
            PlanAction changed = action;
            switch (change.open_actions) {
                case OpenActionDisposition::kUnspecified: continue;
                case OpenActionDisposition::kCancel: changed.status = ActionStatus::kCancelled; break;
                case OpenActionDisposition::kHandOver:
                    changed.status = ActionStatus::kHandedOver;
                    changed.responsible_organization_id =
                        change.hand_over_to.value_or(action.responsible_organization_id);
                    break;
            }
            if (changed.result.empty()) changed.result = change.reason;
            action_changes.push_back({changed, action.version});
        }
        return {};
    };

    if (change.program) {
        auto program = std::find_if(support_case.programs.begin(), support_case.programs.end(),
                                    [&](const ProgramStatus& p) { return p.program == *change.program; });
        if (program == support_case.programs.end()) {
            if (ending) {
                return Fail(Error::InvalidArgument("この事業はケースに含まれていません", "program"));
            }
            if (!IsOpen(support_case.status)) {
                return Fail(Error::InvalidArgument("終結・中断したケースに事業を加えることはできません", "status"));
            }
            support_case.programs.push_back({.program = *change.program, .status = change.status, .started_on = on});
            return {};
        }
        if (!CaseStatusMayFollow(program->status, change.status)) {
            return Fail(Error::InvalidArgument(std::string(ProgramLabel(program->program)) + "の状況を" +
                                                   StatusMoveMessage(program->status, change.status),
                                               "status"));
        }
        const CaseStatus before = program->status;
        program->status = change.status;
        if (ending) {
            program->ended_on = on;
            program->end_reason = change.reason;
            program->carried_on_by = change.carried_on_by;
            // 終結 of 多機関協働 is not the end of support: the organisation that carries on becomes 主担当 and the
            // case stays open under it.
            if (change.status == CaseStatus::kClosed && program->program == Program::kCollaboration &&
                change.carried_on_by) {
                support_case.lead_organization_id = *change.carried_on_by;
            }
            auto disposed = dispose([&](const PlanAction& action) {
                if (program->program == Program::kCollaboration) {
                    return !action.program || *action.program == Program::kCollaboration;
                }
                return action.program && *action.program == program->program;
            });
            if (!disposed) return disposed;
        } else if (before == CaseStatus::kSuspended) {
            program->ended_on.reset();
            program->end_reason.clear();
            program->carried_on_by.reset();
        }
        return {};
    }

    if (!CaseStatusMayFollow(support_case.status, change.status)) {
        return Fail(
            Error::InvalidArgument("ケースの状況を" + StatusMoveMessage(support_case.status, change.status), "status"));
    }
    if (ending && !open_actions.empty() && change.open_actions == OpenActionDisposition::kUnspecified) {
        return Fail(Error::InvalidArgument("未完了の支援内容が" + std::to_string(open_actions.size()) +
                                               "件あります。中止するか引き継ぐかを選んでください",
                                           "open_actions"));
    }
    const CaseStatus before = support_case.status;
    support_case.status = change.status;
    if (ending) {
        if (auto disposed = dispose([](const PlanAction&) { return true; }); !disposed) return disposed;
        if (change.status == CaseStatus::kClosed) {
            support_case.closed_on = on;
        }
        support_case.closure_reason = change.reason;
        // 終結 of the case ends every open 事業; 中断 pauses them.
        for (ProgramStatus& program : support_case.programs) {
            if (!IsOpen(program.status)) {
                if (!(change.status == CaseStatus::kClosed && program.status == CaseStatus::kSuspended)) continue;
            }
            program.status = change.status;
            program.ended_on = on;
            program.end_reason = change.reason;
            if (program.program == Program::kCollaboration) program.carried_on_by = change.carried_on_by;
        }
        if (change.status == CaseStatus::kClosed && change.carried_on_by) {
            support_case.lead_organization_id = *change.carried_on_by;
        }
        return {};
    }
    if (before == CaseStatus::kSuspended) {
        support_case.closure_reason.clear();
        for (ProgramStatus& program : support_case.programs) {
            if (program.status != CaseStatus::kSuspended) continue;
            program.status = change.status;
            program.ended_on.reset();
            program.end_reason.clear();
        }
        return {};
    }
    // The 事業 follow the case through the working statuses where they may.
    for (ProgramStatus& program : support_case.programs) {
        if (IsOpen(program.status) && CaseStatusMayFollow(program.status, change.status))
            program.status = change.status;
    }
    return {};
}

Status ValidatePlan(TenantStore& tenant, const SupportPlan& plan) {
    if (auto valid = CheckText(plan.goals, "goals", 4000); !valid) return valid;
    if (auto valid = CheckText(plan.household_goal, "household_goal", 4000); !valid) return valid;
    if (plan.actions.size() > 100) return Fail(Error::InvalidArgument("支援内容が多すぎます（100件まで）", "actions"));
    for (std::size_t i = 0; i < plan.actions.size(); ++i) {
        const PlanAction& action = plan.actions[i];
        const std::string at = "actions[" + std::to_string(i) + "]";
        if (action.description.empty()) {
            return Fail(Error::InvalidArgument("支援内容を入力してください", at + ".description"));
        }
        if (auto valid = CheckText(action.description, at + ".description", 2000); !valid) return valid;
        if (auto valid = CheckText(action.result, at + ".result", 4000); !valid) return valid;
        if (auto valid = CheckOrganization(tenant, action.responsible_organization_id,
                                           "支援内容ごとに担当機関（同じ市町村の機関）を選んでください",
                                           at + ".responsible_organization_id");
            !valid) {
            return valid;
        }
    }
    return {};
}

// Adds the case to the meeting's agenda when it is not there yet (as itself or as its person).
Status EnsureOnAgenda(TenantStore& tenant, Meeting& meeting, const SupportCase& support_case, Instant now) {
    for (AgendaItem& item : meeting.agenda) {
        if (item.case_id && *item.case_id == support_case.id) return {};
    }
    for (AgendaItem& item : meeting.agenda) {
        if (item.person_id == support_case.person_id && !item.case_id) {
            item.case_id = support_case.id;
            return {};
        }
    }
    std::map<MeetingBodyId, MeetingBody> bodies;
    auto fact = MeetingFactFor(tenant, meeting, bodies);
    if (!fact) return Fail(fact.error());
    if (SharesOnlyWithConsent(*fact)) {
        // 重層的支援会議 (実施要綱): only persons who consented may be on its agenda.
        auto facts = tenant.Persons().AccessFacts(support_case.person_id);
        if (!facts) return Fail(facts.error());
        if (!MayBeOnAgenda(*fact, *facts, now)) {
            return Fail(Error::InvalidArgument("この会議体（" + bodies.at(meeting.body_id).display_name +
                                                   "）は本人の同意がある事例だけを扱います。先に同意を記録してください",
                                               "agenda"));
        }
    }
    meeting.agenda.push_back(AgendaItem{
        .person_id = support_case.person_id, .household_id = support_case.household_id, .case_id = support_case.id});
    std::optional<MeetingBody> joint_body;
    if (meeting.joint_body_id) joint_body = bodies.at(*meeting.joint_body_id);
    return CheckRecordsNoPersonalData(bodies.at(meeting.body_id), joint_body, meeting);
}

void AddRoleTo(SupportCase& support_case, const RoleAssignment& role, Date agreed_on, Date today) {
    for (TeamMember& member : support_case.team) {
        if (member.organization_id == role.organization_id && IsActiveMember(member, today)) {
            member.role = role.role;
            member.agreed_on = agreed_on;
            member.agreed_at_meeting_id = role.agreed_at_meeting_id;
            return;
        }
    }
    support_case.team.push_back(TeamMember{.organization_id = role.organization_id,
                                           .role = role.role,
                                           .agreed_on = agreed_on,
                                           .agreed_at_meeting_id = role.agreed_at_meeting_id});
}

Status ValidateRole(TenantStore& tenant, const RoleAssignment& role) {
    if (auto valid = CheckOrganization(tenant, role.organization_id, "役割を担う機関は同じ市町村の機関を選んでください",
                                       "organization_id");
        !valid) {
        return valid;
    }
    if (role.role.empty()) return Fail(Error::InvalidArgument("役割を入力してください", "role"));
    return CheckText(role.role, "role", 200);
}

}  // namespace

struct CaseService::FormCache {
    // Enough for every answered version a town keeps; beyond it versions are read from storage again.
    static constexpr std::size_t kMaxForms = 256;

    std::mutex mutex;
    std::map<std::pair<MunicipalityId, FormDefinitionId>, FormDefinition> forms;
};

CaseService::CaseService(Store& store, const Clock& clock, AuditRecorder& audit, PersonService& persons)
    : store_(store), clock_(clock), audit_(audit), persons_(persons), forms_(std::make_shared<FormCache>()) {}

// --- access ------------------------------------------------------------------------------------------------------

namespace {

struct Loaded {
    SupportCase support_case;
    AccessDecision decision;
};

// The part of the case the actor reads (DecideCasePart: the whole case, or a partner's part).
CasePart PartOf(const Actor& actor, const SupportCase& support_case, const AccessDecision& decision, Instant now) {
    return DecideCasePart(Viewer{actor.principal}, decision, support_case, JstDate(now));
}

// What the audit entry of a change to a case's records says: the action, the record's kind, the field changed ("*"
// for the whole record) and a detail ("case:ID" when empty).
struct ChangeNote {
    AuditAction action = AuditAction::kUpdate;
    std::string_view kind;
    std::string_view field = "*";
    std::string detail;
};

// Runs `change` (TenantStore& -> Result<T>, T with an `id`) and appends its audit entry, about the case's person on
// the basis the actor sees it with, in one transaction: a change is never saved without its entry.
template <class T, class Change>
Result<T> SaveAudited(Store& store, const Actor& actor, Instant now, const Loaded& loaded, ChangeNote note,
                      Change change) {
    T saved_value;
    const Status stored = store.Transaction([&](Store& transaction) -> Status {
        auto tx = transaction.Tenant(actor.Tenant());
        auto saved = change(*tx);
        if (!saved) return Fail(saved.error());
        saved_value = std::move(*saved);
        AuditEntry entry =
            EntryFor(actor, now, note.action, note.kind, saved_value.id, loaded.support_case.person_id, note.field);
        SetBasis(entry, loaded.decision);
        entry.detail = note.detail.empty() ? "case:" + std::to_string(loaded.support_case.id) : std::move(note.detail);
        std::vector<AuditEntry> entries{std::move(entry)};
        return tx->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    if constexpr (std::is_same_v<T, SupportCase>) SetTeamActivity(saved_value, JstDate(now));
    return saved_value;
}

}  // namespace

// A case the actor may see: its person in full. Anything else looks like a missing case.
static Result<Loaded> LoadCase(Store& store, PersonService& persons, const Actor& actor, CaseId id) {
    if (!IsProfessional(actor.principal)) return Fail(Error::NotFound());
    auto support_case = store.Tenant(actor.Tenant())->Cases().Get(id);
    if (!support_case) return Fail(Hidden(support_case.error()));
    auto decision = persons.Authorize(actor, support_case->person_id);
    // A failed read is an error to show, not a refusal to hide as 'not found'.
    if (ReadFailed(decision)) return Fail(decision.error());
    if (!decision || decision->level != ViewLevel::kFull) return Fail(Error::NotFound());
    return Loaded{std::move(*support_case), *decision};
}

static Result<Loaded> LoadForChange(Store& store, PersonService& persons, const Actor& actor, CaseId id, Date today) {
    auto loaded = LoadCase(store, persons, actor, id);
    if (!loaded) return loaded;
    if (!WorksOnCase(actor.principal, loaded->support_case, today)) {
        return Fail(Error::PermissionDenied("このケースを変更できるのは主担当・チームの機関と推進員です"));
    }
    return loaded;
}

// A case the actor may see, for a change of `work` that the policy allows (DecideCaseWork in change_policy.hpp): a
// thing the actor may not read is "not found", one it reads but may not change a refusal with the reason.
static Result<Loaded> LoadForWork(Store& store, PersonService& persons, const Actor& actor, CaseId id, Date today,
                                  CaseWork work, const CaseWorkTarget& target = {}) {
    auto loaded = LoadCase(store, persons, actor, id);
    if (!loaded) return loaded;
    const ChangeDecision may =
        DecideCaseWork(Viewer{actor.principal}, loaded->decision, loaded->support_case, work, today, target);
    if (auto allowed = may.AsStatus(); !allowed) return Fail(allowed.error());
    return loaded;
}

// --- cases -------------------------------------------------------------------------------------------------------

Result<SupportCase> CaseService::Open(const Actor& actor, const NewCase& input) {
    if (!IsProfessional(actor.principal)) return Fail(Error::PermissionDenied("ケースを開始する権限がありません"));
    auto decision = persons_.Authorize(actor, input.person_id);
    // A failed read is an error to show, not a refusal to hide as 'not found'.
    if (ReadFailed(decision)) return Fail(decision.error());
    if (!decision || decision->level != ViewLevel::kFull)
        return Fail(NamedNotFound("本人が見つかりません", "person_id"));
    const Instant now = clock_.Now();
    const Date today = JstDate(now);
    auto tenant = store_.Tenant(actor.Tenant());
    if (input.title.empty()) return Fail(Error::InvalidArgument("ケース名を入力してください", "title"));
    if (auto valid = CheckText(input.title, "title", 200); !valid) return Fail(valid.error());
    if (auto valid = CheckOrganization(*tenant, input.lead_organization_id,
                                       "主担当機関は同じ市町村の機関を選んでください", "lead_organization_id");
        !valid) {
        return Fail(valid.error());
    }
    if (input.household_id) {
        auto household = tenant->Households().Get(*input.household_id);
        if (!household) return Fail(NamedNotFound("世帯が見つかりません", "household_id"));
        const auto members = household->CurrentMembers(today);
        if (std::none_of(members.begin(), members.end(),
                         [&](const HouseholdMember& member) { return member.person_id == input.person_id; })) {
            return Fail(Error::InvalidArgument("本人がこの世帯の構成員ではありません", "household_id"));
        }
    }
    if (input.coordinator_user_id) {
        if (auto found = tenant->Users().Get(*input.coordinator_user_id); ReadFailed(found)) {
            return Fail(found.error());
        }
    }
    if (input.coordinator_user_id && !tenant->Users().Get(*input.coordinator_user_id)) {
        return Fail(Error::InvalidArgument("推進員は同じ市町村の利用者を選んでください", "coordinator_user_id"));
    }
    if (input.opened_from_consultation_id) {
        auto consultation = tenant->Consultations().Get(*input.opened_from_consultation_id);
        if (!consultation) return Fail(NamedNotFound("相談が見つかりません", "opened_from_consultation_id"));
        auto group = tenant->Persons().IdentityGroup(input.person_id);
        if (!group) return Fail(group.error());
        if (std::find(group->begin(), group->end(), consultation->person_id) == group->end()) {
            return Fail(
                Error::InvalidArgument("この相談は本人についての相談ではありません", "opened_from_consultation_id"));
        }
    }
    if (input.opened_at_meeting_id) {
        auto meeting = tenant->Meetings().GetMeeting(*input.opened_at_meeting_id);
        if (ReadFailed(meeting)) return Fail(meeting.error());
        if (!meeting) return Fail(NamedNotFound("会議が見つかりません", "opened_at_meeting_id"));
    }
    const Date opened_on = input.opened_on.value_or(today);
    if (Days(opened_on) > Days(today)) return Fail(Error::InvalidArgument("開始日が未来になっています", "opened_on"));

    SupportCase record;
    record.municipality_id = actor.Tenant();
    record.person_id = input.person_id;
    record.household_id = input.household_id;
    record.title = input.title;
    record.lead_organization_id = input.lead_organization_id;
    record.coordinator_user_id = input.coordinator_user_id;
    record.status = CaseStatus::kIntake;
    std::vector<Program> programs = input.programs;
    if (programs.empty()) programs.push_back(Program::kCollaboration);
    for (const Program program : programs) {
        const bool seen = std::any_of(record.programs.begin(), record.programs.end(),
                                      [&](const ProgramStatus& p) { return p.program == program; });
        if (!seen)
            record.programs.push_back({.program = program, .status = CaseStatus::kIntake, .started_on = opened_on});
    }
    record.categories = input.categories;
    record.opened_from_consultation_id = input.opened_from_consultation_id;
    record.opened_at_meeting_id = input.opened_at_meeting_id;
    record.opened_on = opened_on;
    record.created_by = actor.principal.user.id;
    record.created_at = now;
    record.updated_at = now;

    SupportCase created;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tx = transaction.Tenant(actor.Tenant());
        auto saved = tx->Cases().Create(record);
        if (!saved) return Fail(saved.error());
        created = std::move(*saved);
        AuditEntry entry = EntryFor(actor, now, AuditAction::kCreate, "case", created.id, created.person_id, "*");
        SetBasis(entry, *decision);
        std::vector<AuditEntry> entries{std::move(entry)};
        return tx->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    SetTeamActivity(created, today);
    return created;
}

Result<CaseView> CaseService::Get(const Actor& actor, CaseId id) {
    // As LoadCase, but the case person and the household's members are decided in one read of their access facts.
    // Nothing read before the decision leaves this function when the person is refused.
    if (!IsProfessional(actor.principal)) return Fail(Error::NotFound());
    // On a store where each read is a round trip (PostgreSQL), the page's reads are made together first
    // (read_ahead.hpp); the reads below are then answered from them. It changes no result.
    std::unique_ptr<ReadAheadScope> read_ahead;
    if (auto* ahead = dynamic_cast<ReadAhead*>(&store_)) read_ahead = ahead->CasePage(actor.Tenant(), id);
    const Instant now = clock_.Now();
    const Date today = JstDate(now);
    auto tenant = store_.Tenant(actor.Tenant());
    auto loaded_case = tenant->Cases().Get(id);
    if (!loaded_case) return Fail(Hidden(loaded_case.error()));
    CaseView view;
    view.support_case = std::move(*loaded_case);
    SetTeamActivity(view.support_case, today);
    const SupportCase& support_case = view.support_case;

    std::optional<Household> household;
    if (support_case.household_id) {
        auto found = tenant->Households().Get(*support_case.household_id);
        if (ReadFailed(found)) return Fail(found.error());
        if (found) household = std::move(*found);
    }
    std::vector<PersonId> decided_ids{support_case.person_id};
    if (household) {
        for (const HouseholdMember& member : household->members) {
            if (member.person_id != support_case.person_id) decided_ids.push_back(member.person_id);
        }
    }
    auto decided = persons_.AuthorizeMany(actor, decided_ids);
    if (!decided) return Fail(Hidden(decided.error()));
    if (decided->empty() || !decided->front() || decided->front()->level != ViewLevel::kFull) {
        return Fail(Error::NotFound());
    }
    view.decision = *decided->front();
    view.part = PartOf(actor, support_case, view.decision, now);
    {
        const auto may = [&](CaseWork work) {
            return DecideCaseWork(Viewer{actor.principal}, view.decision, support_case, work, JstDate(now)).Allowed();
        };
        view.rights = CaseRights{.case_record = may(CaseWork::kCaseRecord),
                                 .plan = may(CaseWork::kPlan),
                                 .assessment = may(CaseWork::kAssessment),
                                 .eco_map = may(CaseWork::kEcoMap),
                                 .progress_notes = may(CaseWork::kProgressNote)};
    }
    // decisions of the other members, in household order after the case person
    const std::vector<std::optional<AccessDecision>> other_decisions(decided->begin() + 1, decided->end());

    struct Shown {
        PersonId person_id;
        AccessDecision decision;
    };
    std::vector<Shown> shown;
    std::vector<PersonId> wanted{support_case.person_id};
    if (household) {
        std::vector<HouseholdMember> visible_members;
        std::size_t other = 0;
        for (const HouseholdMember& member : household->members) {
            std::optional<AccessDecision> member_decision =
                member.person_id == support_case.person_id ? std::optional(view.decision) : other_decisions[other++];
            if (!member_decision) continue;
            visible_members.push_back(member);
            const bool current = !member.moved_out || Days(*member.moved_out) > Days(today);
            if (!current) continue;
            shown.push_back({member.person_id, *member_decision});
            if (member.person_id != support_case.person_id) wanted.push_back(member.person_id);
        }
        household->members = std::move(visible_members);
        view.household = std::move(*household);
    }
    auto people = tenant->Persons().GetMany(wanted);
    if (!people) return Fail(Hidden(people.error()));
    std::map<PersonId, Person> by_id;
    for (Person& loaded_person : *people) {
        const PersonId person_id = loaded_person.id;
        by_id.emplace(person_id, std::move(loaded_person));
    }
    const auto case_person = by_id.find(support_case.person_id);
    if (case_person == by_id.end()) return Fail(Error::NotFound());
    view.person = MaskPerson(case_person->second, view.decision);

    std::vector<AuditEntry> reads;
    for (const Shown& member : shown) {
        const auto found = by_id.find(member.person_id);
        if (found == by_id.end()) continue;
        view.members.push_back(MaskPerson(found->second, member.decision));
        AuditEntry entry =
            EntryFor(actor, now, AuditAction::kRead, "person", member.person_id, member.person_id, "household_member");
        SetBasis(entry, member.decision);
        entry.detail = "case:" + std::to_string(id);
        reads.push_back(std::move(entry));
    }

    auto plans = tenant->Plans().CurrentOfCase(id);
    if (!plans) return Fail(plans.error());
    view.current_plan = std::move(plans->approved);
    view.draft_plan = std::move(plans->draft);
    if (view.current_plan) WithholdActions(*view.current_plan, view.part);
    if (view.draft_plan) WithholdActions(*view.draft_plan, view.part);
    // A partner without an agreed role reads neither the assessment nor the eco-map: they are not read at all.
    if (view.part.assessment) {
        auto assessment = tenant->Cases().LatestAssessment(id);
        if (!assessment) return Fail(assessment.error());
        view.latest_assessment = std::move(*assessment);
        auto relations = tenant->Cases().Relations(id);
        if (!relations) return Fail(relations.error());
        view.relations = std::move(*relations);
    }
    auto notes = view.part.whole ? tenant->ProgressNotes().OfCase(id, 20)
                                 : tenant->ProgressNotes().OfCaseBy(id, view.part.organization_id, 20);
    if (!notes) return Fail(notes.error());
    view.recent_notes = std::move(*notes);

    // Meetings with the case on the agenda that the viewer's organisation attends as a pledged member or convened;
    // only this case's agenda items and decisions are shown here (the meeting page shows the rest to its members).
    auto meetings = tenant->Meetings().OfPersons({support_case.person_id});
    if (!meetings) return Fail(meetings.error());  // a failed read is an error, not a case without meetings
    {
        std::map<MeetingBodyId, MeetingBody> bodies;
        for (Meeting& meeting : *meetings) {
            const bool about_case =
                std::any_of(meeting.agenda.begin(), meeting.agenda.end(), [&](const AgendaItem& item) {
                    return (item.case_id && *item.case_id == id) || item.person_id == support_case.person_id;
                });
            if (!about_case) continue;
            auto fact = MeetingFactFor(*tenant, meeting, bodies);
            // A meeting whose rule cannot be read is an error, not a meeting left out of the case.
            if (!fact) return Fail(fact.error());
            if (MeetingReaderOf(actor.principal, *fact, now) == MeetingReader::kNone) continue;
            std::erase_if(meeting.agenda, [&](const AgendaItem& item) {
                return !((item.case_id && *item.case_id == id) || item.person_id == support_case.person_id);
            });
            std::erase_if(meeting.decisions, [&](const Decision& decision) {
                return decision.case_id.has_value() && *decision.case_id != id;
            });
            meeting.minutes.clear();
            view.meetings.push_back(std::move(meeting));
        }
    }

    AuditEntry entry = EntryFor(actor, now, AuditAction::kRead, "case", id, support_case.person_id, "*");
    SetBasis(entry, view.decision);
    audit_.Record(std::move(entry));
    for (AuditEntry& read : reads) audit_.Record(std::move(read));
    return view;
}

Result<std::vector<CaseListItem>> CaseService::List(const Actor& actor, const CaseFilter& filter) {
    if (!IsProfessional(actor.principal)) return std::vector<CaseListItem>{};
    CaseFilter bounded = filter;
    bounded.limit = std::clamp(filter.limit, 1, 500);
    auto items = store_.Tenant(actor.Tenant())->Cases().List(bounded);
    if (!items) return Fail(items.error());
    const Instant now = clock_.Now();
    std::map<PersonId, std::optional<AccessDecision>> decisions;
    std::vector<CaseListItem> visible;
    for (CaseListItem& item : *items) {
        const PersonId person_id = item.support_case.person_id;
        if (!decisions.contains(person_id)) {
            auto decision = persons_.Authorize(actor, person_id);
            if (ReadFailed(decision)) return Fail(decision.error());
            decisions[person_id] = decision && decision->level == ViewLevel::kFull
                                       ? std::optional<AccessDecision>(*decision)
                                       : std::nullopt;
        }
        const auto& decision = decisions[person_id];
        if (!decision) continue;
        AuditEntry entry =
            EntryFor(actor, now, AuditAction::kSearch, "case", item.support_case.id, person_id, "summary");
        SetBasis(entry, *decision);
        audit_.Record(std::move(entry));
        SetTeamActivity(item.support_case, JstDate(now));
        visible.push_back(std::move(item));
    }
    return visible;
}

Result<WorkList> CaseService::Work(const Actor& actor, int days_ahead, int quiet_days) {
    WorkList work;
    if (!IsProfessional(actor.principal)) return work;
    days_ahead = std::clamp(days_ahead, 0, 365);
    quiet_days = std::clamp(quiet_days, 1, 3650);
    const Instant now = clock_.Now();
    const Date today = JstDate(now);
    const OrganizationId organization_id = actor.principal.user.organization_id;
    auto tenant = store_.Tenant(actor.Tenant());

    std::map<PersonId, std::optional<AccessDecision>> decisions;
    auto visible = [&](PersonId person_id, ViewLevel needed) -> const std::optional<AccessDecision>& {
        if (!decisions.contains(person_id)) {
            auto decision = persons_.Authorize(actor, person_id);
            decisions[person_id] = decision ? std::optional<AccessDecision>(*decision) : std::nullopt;
        }
        static const std::optional<AccessDecision> kNone;
        const auto& decision = decisions[person_id];
        if (!decision) return kNone;
        if (needed == ViewLevel::kFull && decision->level != ViewLevel::kFull) return kNone;
        return decision;
    };
    auto audit_case = [&](const SupportCase& support_case, const AccessDecision& decision) {
        AuditEntry entry =
            EntryFor(actor, now, AuditAction::kSearch, "case", support_case.id, support_case.person_id, "summary");
        SetBasis(entry, decision);
        entry.detail = "work list";
        audit_.Record(std::move(entry));
    };
    auto cases_of = [&](CaseFilter filter, std::vector<CaseListItem>& into) -> Status {
        std::vector<CaseFilter> filters;
        filter.open_only = true;
        filter.limit = 200;
        CaseFilter by_organization = filter;
        by_organization.involving_organization_id = organization_id;
        filters.push_back(by_organization);
        CaseFilter by_coordinator = filter;
        by_coordinator.coordinator_user_id = actor.principal.user.id;
        filters.push_back(by_coordinator);
        std::set<CaseId> seen;
        for (const CaseFilter& each : filters) {
            auto items = tenant->Cases().List(each);
            if (!items) return Fail(items.error());
            for (CaseListItem& item : *items) {
                if (!seen.insert(item.support_case.id).second) continue;
                const auto& decision = visible(item.support_case.person_id, ViewLevel::kFull);
                if (!decision) continue;
                audit_case(item.support_case, *decision);
                into.push_back(std::move(item));
            }
        }
        std::stable_sort(into.begin(), into.end(), [](const CaseListItem& a, const CaseListItem& b) {
            return Days(a.support_case.opened_on) > Days(b.support_case.opened_on);
        });
        return {};
    };

    if (auto listed = cases_of({}, work.my_cases); !listed) return Fail(listed.error());
    CaseFilter quiet;
    quiet.no_note_since = Date{Days(today) - std::chrono::days{quiet_days}};
    if (auto listed = cases_of(quiet, work.without_recent_note); !listed) return Fail(listed.error());

    const Date horizon{Days(today) + std::chrono::days{days_ahead + 1}};
    auto actions = tenant->Plans().ActionsDue(organization_id, horizon, 200);
    if (!actions) return Fail(actions.error());
    for (ActionDue& due : *actions) {
        if (!visible(due.person_id, ViewLevel::kFull)) continue;
        work.actions_due.push_back(std::move(due));
    }
    auto reviews = tenant->Plans().ReviewsDue(organization_id, horizon, 200);
    if (!reviews) return Fail(reviews.error());
    for (ReviewDue& review : *reviews) {
        if (!visible(review.person_id, ViewLevel::kFull)) continue;
        work.reviews_due.push_back(std::move(review));
    }
    auto referrals = tenant->Referrals().Inbox(organization_id, {ReferralStatus::kSent});
    if (!referrals) return Fail(referrals.error());
    for (Referral& referral : *referrals) {
        if (!visible(referral.person_id, ViewLevel::kReferralSheet)) continue;
        work.referrals_waiting.push_back(std::move(referral));
    }
    return work;
}

Result<SupportCase> CaseService::Edit(const Actor& actor, CaseId id, int expected_version, const CaseEdit& edit) {
    const Instant now = clock_.Now();
    const Date today = JstDate(now);
    auto loaded = LoadForWork(store_, persons_, actor, id, today, CaseWork::kCaseRecord);
    if (!loaded) return Fail(loaded.error());
    auto tenant = store_.Tenant(actor.Tenant());
    if (edit.title.empty()) return Fail(Error::InvalidArgument("ケース名を入力してください", "title"));
    if (auto valid = CheckText(edit.title, "title", 200); !valid) return Fail(valid.error());
    if (auto valid = CheckOrganization(*tenant, edit.lead_organization_id,
                                       "主担当機関は同じ市町村の機関を選んでください", "lead_organization_id");
        !valid) {
        return Fail(valid.error());
    }
    if (edit.household_id && edit.household_id != loaded->support_case.household_id) {
        auto household = tenant->Households().Get(*edit.household_id);
        if (!household) return Fail(NamedNotFound("世帯が見つかりません", "household_id"));
        const auto members = household->CurrentMembers(today);
        if (std::none_of(members.begin(), members.end(), [&](const HouseholdMember& member) {
                return member.person_id == loaded->support_case.person_id;
            })) {
            return Fail(Error::InvalidArgument("本人がこの世帯の構成員ではありません", "household_id"));
        }
    }
    if (edit.coordinator_user_id) {
        if (auto found = tenant->Users().Get(*edit.coordinator_user_id); ReadFailed(found)) {
            return Fail(found.error());
        }
    }
    if (edit.coordinator_user_id && !tenant->Users().Get(*edit.coordinator_user_id)) {
        return Fail(Error::InvalidArgument("推進員は同じ市町村の利用者を選んでください", "coordinator_user_id"));
    }
    SupportCase record = loaded->support_case;
    std::vector<std::string> fields;
    if (record.title != edit.title) fields.emplace_back("title");
    if (record.household_id != edit.household_id) fields.emplace_back("household_id");
    if (record.lead_organization_id != edit.lead_organization_id) fields.emplace_back("lead_organization_id");
    if (record.coordinator_user_id != edit.coordinator_user_id) fields.emplace_back("coordinator_user_id");
    if (record.categories != edit.categories) fields.emplace_back("categories");
    record.title = edit.title;
    record.household_id = edit.household_id;
    record.lead_organization_id = edit.lead_organization_id;
    record.coordinator_user_id = edit.coordinator_user_id;
    record.categories = edit.categories;
    record.updated_at = now;
    std::string joined;
    for (const std::string& field : fields) joined += (joined.empty() ? "" : ",") + field;

    return SaveAudited<SupportCase>(store_, actor, now, *loaded, {AuditAction::kUpdate, "case", joined},
                                    [&](TenantStore& tx) { return tx.Cases().Update(id, expected_version, record); });
}

Result<SupportCase> CaseService::ChangeStatus(const Actor& actor, CaseId id, int expected_version,
                                              const StatusChange& change) {
    const Instant now = clock_.Now();
    const Date today = JstDate(now);
    auto loaded = LoadForChange(store_, persons_, actor, id, today);
    if (!loaded) return Fail(loaded.error());
    // A case's status and its closure belong to its lead, its coordinator and the holder of the person's record
    // (change_policy.hpp); a team member works on its part of the case but does not close it.
    const ChangeTarget target{.case_lead_organization_id = loaded->support_case.lead_organization_id,
                              .case_coordinator_user_id = loaded->support_case.coordinator_user_id};
    if (auto may = persons_.RequireChange(
            actor, loaded->support_case.person_id,
            change.status == CaseStatus::kClosed ? ChangeKind::kCaseClosure : ChangeKind::kCaseStatus, target);
        !may) {
        return Fail(may.error());
    }
    auto tenant = store_.Tenant(actor.Tenant());
    if (auto valid = CheckHandOver(*tenant, change); !valid) return Fail(valid.error());
    if (change.decided_at_meeting_id) {
        auto meeting = tenant->Meetings().GetMeeting(*change.decided_at_meeting_id);
        if (ReadFailed(meeting)) return Fail(meeting.error());
        if (!meeting) return Fail(NamedNotFound("会議が見つかりません", "decided_at_meeting_id"));
    }
    const Date on = change.on.value_or(today);
    if (Days(on) > Days(today)) return Fail(Error::InvalidArgument("日付が未来になっています", "on"));
    SupportPlanId plan_id = 0;
    auto open_actions = OpenActionsOf(*tenant, id, plan_id);
    if (!open_actions) return Fail(open_actions.error());
    SupportCase record = loaded->support_case;
    std::vector<ActionChange> action_changes;
    if (auto applied = ApplyStatusChange(record, change, on, *open_actions, action_changes); !applied) {
        return Fail(applied.error());
    }
    record.updated_at = now;

    SupportCase updated;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tx = transaction.Tenant(actor.Tenant());
        auto saved = tx->Cases().Update(id, expected_version, record);
        if (!saved) return Fail(saved.error());
        updated = std::move(*saved);
        std::vector<AuditEntry> entries;
        AuditEntry entry = EntryFor(actor, now, AuditAction::kStatusChange, "case", id, updated.person_id, "status");
        SetBasis(entry, loaded->decision);
        entry.detail =
            std::string(change.program ? ProgramCode(*change.program) : "case") + ":" +
            std::string(CaseStatusCode(change.status)) +
            (change.decided_at_meeting_id ? " meeting:" + std::to_string(*change.decided_at_meeting_id) : "");
        entries.push_back(std::move(entry));
        for (const ActionChange& action_change : action_changes) {
            auto action =
                tx->Plans().UpdateAction(action_change.action.id, action_change.expected_version, action_change.action);
            if (!action) return Fail(action.error());
            AuditEntry action_entry = EntryFor(actor, now, AuditAction::kStatusChange, "plan_action", action->id,
                                               updated.person_id, "status");
            SetBasis(action_entry, loaded->decision);
            action_entry.detail = std::string(ActionStatusCode(action->status));
            entries.push_back(std::move(action_entry));
        }
        return tx->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    SetTeamActivity(updated, today);
    return updated;
}

Result<SupportCase> CaseService::AssignRole(const Actor& actor, CaseId id, int expected_version,
                                            const RoleAssignment& role) {
    const Instant now = clock_.Now();
    const Date today = JstDate(now);
    auto loaded = LoadForWork(store_, persons_, actor, id, today, CaseWork::kCaseRecord);
    if (!loaded) return Fail(loaded.error());
    auto tenant = store_.Tenant(actor.Tenant());
    if (auto valid = ValidateRole(*tenant, role); !valid) return Fail(valid.error());
    Date agreed_on = role.agreed_on.value_or(today);
    if (role.agreed_at_meeting_id) {
        auto meeting = tenant->Meetings().GetMeeting(*role.agreed_at_meeting_id);
        if (ReadFailed(meeting)) return Fail(meeting.error());
        if (!meeting) return Fail(NamedNotFound("会議が見つかりません", "agreed_at_meeting_id"));
        if (!role.agreed_on) agreed_on = meeting->held_on;
    }
    if (!IsOpen(loaded->support_case.status) && loaded->support_case.status == CaseStatus::kClosed) {
        return Fail(Error::InvalidArgument("終結したケースの役割分担は変更できません", "status"));
    }
    SupportCase record = loaded->support_case;
    AddRoleTo(record, role, agreed_on, today);
    record.updated_at = now;
    return SaveAudited<SupportCase>(
        store_, actor, now, *loaded,
        {AuditAction::kUpdate, "case", "team", "organization:" + std::to_string(role.organization_id)},
        [&](TenantStore& tx) { return tx.Cases().Update(id, expected_version, record); });
}

Result<SupportCase> CaseService::EndRole(const Actor& actor, CaseId id, int expected_version, TeamMemberId member_id,
                                         std::optional<Date> left_on) {
    const Instant now = clock_.Now();
    const Date today = JstDate(now);
    auto loaded = LoadForWork(store_, persons_, actor, id, today, CaseWork::kCaseRecord);
    if (!loaded) return Fail(loaded.error());
    SupportCase record = loaded->support_case;
    auto member =
        std::find_if(record.team.begin(), record.team.end(), [&](const TeamMember& m) { return m.id == member_id; });
    if (member == record.team.end()) return Fail(NamedNotFound("チームの構成員が見つかりません", "member_id"));
    if (member->left_on) return Fail(Error::Conflict("この機関はすでにチームを離れています", "left_on"));
    member->left_on = left_on.value_or(today);
    record.updated_at = now;
    return SaveAudited<SupportCase>(store_, actor, now, *loaded,
                                    {AuditAction::kUpdate, "case", "team", "left:" + std::to_string(member_id)},
                                    [&](TenantStore& tx) { return tx.Cases().Update(id, expected_version, record); });
}

// --- forms -------------------------------------------------------------------------------------------------------

namespace {

bool MayReadForms(const Principal& principal) {
    return IsProfessional(principal) || principal.HasRole(Role::kMunicipalAdministrator) ||
           principal.HasRole(Role::kAuditor);
}

bool MayPublishForms(const Principal& principal) {
    return IsCoordinator(principal) || principal.HasRole(Role::kMunicipalAdministrator);
}

}  // namespace

Result<std::vector<FormDefinition>> CaseService::FormVersions(const Actor& actor, std::string_view code) {
    if (!MayReadForms(actor.principal)) return Fail(Error::PermissionDenied("様式を閲覧する権限がありません"));
    auto tenant = store_.Tenant(actor.Tenant());
    if (code == kAssessmentCode) {
        if (auto seeded = EnsureAssessmentForm(*tenant, actor.principal.user.id, clock_.Now()); !seeded)
            return Fail(seeded.error());
    }
    return tenant->Forms().Versions(code);
}

// A version with assessments is cached: EditForm refuses to change it and nothing deletes assessments. The count is
// read before the form, so a version edited while its first assessment was being recorded is never cached stale:
// once an assessment is counted, the version read after it is the one it was answered under.
Result<FormDefinition> CaseService::Form(const Actor& actor, FormDefinitionId id) {
    if (!MayReadForms(actor.principal)) return Fail(Error::NotFound());
    const std::pair key{actor.Tenant(), id};
    {
        const std::lock_guard lock(forms_->mutex);
        if (auto found = forms_->forms.find(key); found != forms_->forms.end()) return found->second;
    }
    auto tenant = store_.Tenant(actor.Tenant());
    auto answered = tenant->Forms().CountAssessments(id);
    if (!answered) return Fail(Hidden(answered.error()));
    auto form = tenant->Forms().Get(id);
    if (!form) return Fail(Hidden(form.error()));
    if (*answered > 0) {
        const std::lock_guard lock(forms_->mutex);
        if (forms_->forms.size() < FormCache::kMaxForms) forms_->forms.emplace(key, *form);
    }
    return form;
}

Result<FormDefinition> CaseService::PublishForm(const Actor& actor, const FormDefinition& definition) {
    if (!MayPublishForms(actor.principal))
        return Fail(Error::PermissionDenied("様式を公開できるのは推進員と管理者です"));
    if (auto valid = ValidateFormDefinition(definition); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    FormDefinition record = definition;
    record.municipality_id = actor.Tenant();
    record.created_at = now;
    record.created_by = actor.principal.user.id;
    FormDefinition published;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tx = transaction.Tenant(actor.Tenant());
        auto saved = tx->Forms().Publish(record);
        if (!saved) return Fail(saved.error());
        published = std::move(*saved);
        AuditEntry entry = EntryFor(actor, now, AuditAction::kCreate, "form", published.id, std::nullopt, "*");
        entry.detail = published.code + " v" + std::to_string(published.form_version);
        std::vector<AuditEntry> entries{std::move(entry)};
        return tx->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return published;
}

Result<FormDefinition> CaseService::EditForm(const Actor& actor, FormDefinitionId id,
                                             const FormDefinition& definition) {
    if (!MayPublishForms(actor.principal))
        return Fail(Error::PermissionDenied("様式を編集できるのは推進員と管理者です"));
    const Instant now = clock_.Now();
    FormDefinition replaced;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tx = transaction.Tenant(actor.Tenant());
        auto existing = tx->Forms().Get(id);
        if (!existing) return Fail(Hidden(existing.error()));
        FormDefinition record = definition;
        record.code = existing->code;
        if (auto valid = ValidateFormDefinition(record); !valid) return valid;
        auto latest = tx->Forms().Latest(existing->code);
        if (!latest) return Fail(latest.error());
        if (latest->id != id) {
            return Fail(
                Error::Conflict("最新の版だけを編集できます。変更は新しい版として公開してください", "form_version"));
        }
        auto used = tx->Forms().CountAssessments(id);
        if (!used) return Fail(used.error());
        if (*used > 0) {
            return Fail(Error::Conflict(
                "この版で記録されたアセスメントがあるため編集できません。新しい版として公開してください",
                "form_version"));
        }
        auto saved = tx->Forms().Replace(id, record);
        if (!saved) return Fail(saved.error());
        replaced = std::move(*saved);
        AuditEntry entry = EntryFor(actor, now, AuditAction::kUpdate, "form", id, std::nullopt, "title,items");
        std::vector<AuditEntry> entries{std::move(entry)};
        return tx->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return replaced;
}

FormDefinition CaseService::DefaultAssessmentForm() {
    FormDefinition form;
    form.code = std::string(kAssessmentCode);
    form.title = "インテーク・アセスメントシート（世帯）";
    auto item = [&](std::string key, std::string section, std::string label, FormItemKind kind,
                    std::vector<std::string> options, bool required, bool reported, bool per_member) {
        form.items.push_back(FormItem{.key = std::move(key),
                                      .section = std::move(section),
                                      .label = std::move(label),
                                      .kind = kind,
                                      .options = std::move(options),
                                      .required = required,
                                      .reported_to_state = reported,
                                      .per_member = per_member});
    };
    const std::string person = "本人・世帯員の状況";
    item("health", person, "健康・障害", FormItemKind::kMulti,
         {"特に問題なし", "通院中の病気がある", "治療を中断している", "精神的な不調", "身体障害", "知的障害",
          "精神障害・発達障害（疑いを含む）", "障害者手帳あり", "その他"},
         false, true, true);
    item("care", person, "介護", FormItemKind::kMulti,
         {"該当なし", "要介護・要支援の認定あり", "認定なし（介護が必要）", "認知症（疑いを含む）",
          "介護サービス利用中", "家族が介護している（ダブルケアを含む）"},
         false, true, true);
    item("employment", person, "就労", FormItemKind::kSingle,
         {"就労している（正規）", "就労している（非正規・パート）", "求職中", "就労していない", "就労困難", "学生",
          "年金生活", "その他"},
         false, true, true);
    item("withdrawal", person, "ひきこもり・不登校", FormItemKind::kSingle,
         {"該当なし", "ひきこもり（6か月未満）", "ひきこもり（6か月以上）", "ひきこもり（10年以上）", "不登校"}, false,
         true, true);
    item("income", person, "収入", FormItemKind::kMulti,
         {"就労収入", "年金", "生活保護", "手当", "仕送り・家族の援助", "収入なし", "不明"}, false, true, true);
    item("debt", person, "債務・滞納", FormItemKind::kMulti,
         {"該当なし", "借金・ローン", "家賃の滞納", "税金・公共料金の滞納", "多重債務", "その他"}, false, true, true);
    item("abuse", person, "虐待・DV", FormItemKind::kMulti,
         {"該当なし", "DV", "高齢者虐待", "障害者虐待", "児童虐待", "疑い"}, false, true, true);
    item("member_note", person, "本人・世帯員についての特記事項", FormItemKind::kText, {}, false, false, true);

    const std::string household = "世帯の状況";
    item("housing", household, "住まい", FormItemKind::kSingle,
         {"持ち家", "民間賃貸", "公営住宅", "社宅・寮", "施設", "住居なし・不安定", "その他"}, true, true, false);
    item("housing_problem", household, "住まいの困りごと", FormItemKind::kMulti,
         {"特になし", "家賃が払えない", "退去を求められている", "ごみ・不衛生", "老朽化・修繕", "その他"}, false, false,
         false);
    item("household_issues", household, "世帯の課題（☑は複数可）", FormItemKind::kMulti,
         {"病気や健康、障害", "住まい", "収入・生活費", "家賃やローンの支払い", "税金や公共料金等の支払い", "債務",
          "仕事探し、就職", "仕事上の不安やトラブル", "地域との関係", "家族との関係", "子育て", "介護",
          "ひきこもり・不登校", "DV・虐待", "食べるものがない", "その他"},
         true, true, false);
    item("multi_problem", household, "複合課題の型", FormItemKind::kMulti,
         {"8050", "ダブルケア", "ヤングケアラー", "ごみ屋敷", "社会的孤立", "その他"}, false, true, false);
    item("community", household, "地域との関係", FormItemKind::kSingle,
         {"つながりがある", "つながりが弱い", "孤立している", "トラブルがある", "不明"}, false, true, false);
    item("supporters", household, "相談できる人・支援者", FormItemKind::kText, {}, false, false, false);

    // 経緯・背景 and 強み are fields of every assessment (Assessment::background, ::strengths), not items of the sheet.
    item("wish", "支援への本人の意向", "支援への本人の意向", FormItemKind::kSingle,
         {"支援を希望している", "一部の支援を希望している", "迷っている", "希望していない", "確認できていない"}, true,
         true, false);
    item("wish_words", "支援への本人の意向", "本人の言葉で（希望・思い）", FormItemKind::kText, {}, false, false,
         false);
    item("next_review_on", "評価", "次回の見直し予定日", FormItemKind::kDate, {}, false, false, false);
    return form;
}

// --- assessments, relations --------------------------------------------------------------------------------------

Result<Assessment> CaseService::RecordAssessment(const Actor& actor, CaseId case_id, const Assessment& assessment) {
    const Instant now = clock_.Now();
    const Date today = JstDate(now);
    auto loaded = LoadForWork(store_, persons_, actor, case_id, today, CaseWork::kAssessment);
    if (!loaded) return Fail(loaded.error());
    auto tenant = store_.Tenant(actor.Tenant());
    if (assessment.form_definition_id == 0) {
        if (auto seeded = EnsureAssessmentForm(*tenant, actor.principal.user.id, now); !seeded)
            return Fail(seeded.error());
    }
    auto form = assessment.form_definition_id != 0 ? tenant->Forms().Get(assessment.form_definition_id)
                                                   : tenant->Forms().Latest(kAssessmentCode);
    if (!form) return Fail(NamedNotFound("様式が見つかりません", "form_definition_id"));
    auto members = MembersOf(*tenant, loaded->support_case, today);
    if (!members) return Fail(members.error());
    if (auto valid = ValidateAnswers(*form, assessment.answers, *members); !valid) return Fail(valid.error());
    if (auto valid = CheckText(assessment.background, "background", 8000); !valid) return Fail(valid.error());
    if (auto valid = CheckText(assessment.strengths, "strengths", 8000); !valid) return Fail(valid.error());
    Assessment record = assessment;
    record.case_id = case_id;
    record.form_definition_id = form->id;
    record.form_version = form->form_version;
    if (record.assessed_on == Date{}) record.assessed_on = today;
    if (Days(record.assessed_on) > Days(today)) {
        return Fail(Error::InvalidArgument("アセスメント日が未来になっています", "assessed_on"));
    }
    record.assessed_by = actor.principal.user.id;
    record.organization_id = actor.principal.user.organization_id;
    record.created_at = now;
    return SaveAudited<Assessment>(store_, actor, now, *loaded, {AuditAction::kCreate, "assessment"},
                                   [&](TenantStore& tx) { return tx.Cases().CreateAssessment(record); });
}

Result<std::vector<Assessment>> CaseService::Assessments(const Actor& actor, CaseId case_id) {
    auto loaded = LoadCase(store_, persons_, actor, case_id);
    if (!loaded) return Fail(loaded.error());
    // A partner whose role was not agreed at a meeting is given no assessment (DecideCasePart).
    if (!PartOf(actor, loaded->support_case, loaded->decision, clock_.Now()).assessment) {
        return std::vector<Assessment>{};
    }
    auto assessments = store_.Tenant(actor.Tenant())->Cases().Assessments(case_id);
    if (!assessments) return Fail(assessments.error());
    AuditEntry entry =
        EntryFor(actor, clock_.Now(), AuditAction::kRead, "assessment", 0, loaded->support_case.person_id, "*");
    SetBasis(entry, loaded->decision);
    entry.detail = "case:" + std::to_string(case_id);
    audit_.Record(std::move(entry));
    return assessments;
}

Result<EcoRelation> CaseService::AddRelation(const Actor& actor, CaseId case_id, const EcoRelation& relation) {
    const Instant now = clock_.Now();
    const Date today = JstDate(now);
    auto loaded = LoadForWork(store_, persons_, actor, case_id, today, CaseWork::kEcoMap);
    if (!loaded) return Fail(loaded.error());
    auto tenant = store_.Tenant(actor.Tenant());
    if (relation.name.empty()) return Fail(Error::InvalidArgument("相手の名前・名称を入力してください", "name"));
    if (auto valid = CheckText(relation.name, "name", 200); !valid) return Fail(valid.error());
    if (auto valid = CheckText(relation.note, "note", 2000); !valid) return Fail(valid.error());
    if (relation.member_person_id) {
        auto members = MembersOf(*tenant, loaded->support_case, today);
        if (!members) return Fail(members.error());
        if (std::find(members->begin(), members->end(), *relation.member_person_id) == members->end()) {
            return Fail(Error::InvalidArgument("本人・世帯員を選んでください", "member_person_id"));
        }
    }
    if (relation.organization_id) {
        if (auto valid = CheckOrganization(*tenant, *relation.organization_id, "同じ市町村の機関を選んでください",
                                           "organization_id");
            !valid) {
            return Fail(valid.error());
        }
    }
    return SaveAudited<EcoRelation>(store_, actor, now, *loaded, {AuditAction::kCreate, "eco_relation"},
                                    [&](TenantStore& tx) { return tx.Cases().AddRelation(case_id, relation); });
}

Status CaseService::RemoveRelation(const Actor& actor, CaseId case_id, EcoRelationId relation_id) {
    const Instant now = clock_.Now();
    auto loaded = LoadForWork(store_, persons_, actor, case_id, JstDate(now), CaseWork::kEcoMapEntry);
    if (!loaded) return Fail(loaded.error());
    return store_.Transaction([&](Store& transaction) -> Status {
        auto tx = transaction.Tenant(actor.Tenant());
        if (auto removed = tx->Cases().RemoveRelation(case_id, relation_id); !removed) {
            return Fail(Hidden(removed.error()));
        }
        AuditEntry entry = EntryFor(actor, now, AuditAction::kUpdate, "eco_relation", relation_id,
                                    loaded->support_case.person_id, "removed");
        SetBasis(entry, loaded->decision);
        entry.detail = "case:" + std::to_string(case_id);
        std::vector<AuditEntry> entries{std::move(entry)};
        return tx->Audit().Append(entries);
    });
}

// Who may enter a meeting's decision on a case: its convenor or a coordinator (RecordDecision), or anyone who works
// the case (ApprovePlan, an approval the meeting gave).
enum class DecisionEntry { kAnyoneWorkingTheCase, kConvenorOrCoordinator };

static Result<Meeting> DecideOnCase(Store& store, const Clock& clock, PersonService& persons, const Actor& actor,
                                    MeetingId meeting_id, CaseId case_id, const CaseDecision& decision,
                                    DecisionEntry entry);

// --- plans -------------------------------------------------------------------------------------------------------

Result<SupportPlan> CaseService::DraftPlan(const Actor& actor, CaseId case_id, const SupportPlan& plan) {
    const Instant now = clock_.Now();
    auto loaded = LoadForWork(store_, persons_, actor, case_id, JstDate(now), CaseWork::kPlan);
    if (!loaded) return Fail(loaded.error());
    if (!IsOpen(loaded->support_case.status)) {
        return Fail(Error::InvalidArgument("終結・中断したケースにはプランを作成できません", "status"));
    }
    auto tenant = store_.Tenant(actor.Tenant());
    if (auto valid = ValidatePlan(*tenant, plan); !valid) return Fail(valid.error());
    SupportPlan record = plan;
    record.case_id = case_id;
    record.state = PlanState::kDraft;
    record.approved_at_meeting_id.reset();
    record.approved_on.reset();
    record.created_by = actor.principal.user.id;
    record.created_at = now;
    return SaveAudited<SupportPlan>(store_, actor, now, *loaded, {AuditAction::kCreate, "plan"},
                                    [&](TenantStore& tx) { return tx.Plans().Create(record); });
}

Result<SupportPlan> CaseService::UpdatePlan(const Actor& actor, SupportPlanId id, int expected_version,
                                            const SupportPlan& plan) {
    const Instant now = clock_.Now();
    auto tenant = store_.Tenant(actor.Tenant());
    if (!IsProfessional(actor.principal)) return Fail(Error::NotFound());
    auto existing = tenant->Plans().Get(id);
    if (!existing) return Fail(Hidden(existing.error()));
    auto loaded = LoadForWork(store_, persons_, actor, existing->case_id, JstDate(now), CaseWork::kPlan);
    if (!loaded) return Fail(loaded.error());
    if (existing->state != PlanState::kDraft) {
        return Fail(Error::Conflict("承認済みのプランは変更できません。新しい版を作成してください", "state"));
    }
    if (auto valid = ValidatePlan(*tenant, plan); !valid) return Fail(valid.error());
    return SaveAudited<SupportPlan>(store_, actor, now, *loaded, {AuditAction::kUpdate, "plan"}, [&](TenantStore& tx) {
        return tx.Plans().UpdateDraft(id, expected_version, plan);
    });
}

Result<SupportPlan> CaseService::GetPlan(const Actor& actor, SupportPlanId id) {
    if (!IsProfessional(actor.principal)) return Fail(Error::NotFound());
    auto plan = store_.Tenant(actor.Tenant())->Plans().Get(id);
    if (!plan) return Fail(Hidden(plan.error()));
    auto loaded = LoadCase(store_, persons_, actor, plan->case_id);
    if (!loaded) return Fail(loaded.error());
    WithholdActions(*plan, PartOf(actor, loaded->support_case, loaded->decision, clock_.Now()));
    AuditEntry entry =
        EntryFor(actor, clock_.Now(), AuditAction::kRead, "plan", id, loaded->support_case.person_id, "*");
    SetBasis(entry, loaded->decision);
    audit_.Record(std::move(entry));
    return plan;
}

Result<std::vector<SupportPlan>> CaseService::Plans(const Actor& actor, CaseId case_id) {
    auto loaded = LoadCase(store_, persons_, actor, case_id);
    if (!loaded) return Fail(loaded.error());
    auto plans = store_.Tenant(actor.Tenant())->Plans().OfCase(case_id);
    if (!plans) return Fail(plans.error());
    const CasePart part = PartOf(actor, loaded->support_case, loaded->decision, clock_.Now());
    for (SupportPlan& plan : *plans) WithholdActions(plan, part);
    AuditEntry entry =
        EntryFor(actor, clock_.Now(), AuditAction::kRead, "plan", 0, loaded->support_case.person_id, "*");
    SetBasis(entry, loaded->decision);
    entry.detail = "case:" + std::to_string(case_id);
    audit_.Record(std::move(entry));
    return plans;
}

Result<SupportPlan> CaseService::ApprovePlan(const Actor& actor, SupportPlanId id, MeetingId meeting_id) {
    if (!IsProfessional(actor.principal)) return Fail(Error::NotFound());
    auto plan = store_.Tenant(actor.Tenant())->Plans().Get(id);
    if (!plan) return Fail(Hidden(plan.error()));
    CaseDecision decision;
    decision.kind = DecisionKind::kPlanApproved;
    decision.plan_id = id;
    decision.text = "支援プラン第" + std::to_string(plan->plan_version) + "版を承認";
    auto meeting = DecideOnCase(store_, clock_, persons_, actor, meeting_id, plan->case_id, decision,
                                DecisionEntry::kAnyoneWorkingTheCase);
    if (!meeting) return Fail(meeting.error());
    auto approved = store_.Tenant(actor.Tenant())->Plans().Get(id);
    if (!approved) return Fail(approved.error());
    return approved;
}

Result<PlanAction> CaseService::UpdateAction(const Actor& actor, PlanActionId id, int expected_version,
                                             const PlanAction& action) {
    if (!IsProfessional(actor.principal)) return Fail(Error::NotFound());
    const Instant now = clock_.Now();
    const Date today = JstDate(now);
    auto tenant = store_.Tenant(actor.Tenant());
    auto existing = tenant->Plans().GetAction(id);
    if (!existing) return Fail(Hidden(existing.error()));
    // Decided before the input is read: an action withheld from the actor answers exactly like a missing one.
    auto loaded = LoadForWork(
        store_, persons_, actor, existing->case_id, today, CaseWork::kPlanAction,
        {.action = &existing->action, .new_responsible_organization_id = action.responsible_organization_id});
    if (!loaded) return Fail(loaded.error());
    if (action.description.empty()) return Fail(Error::InvalidArgument("支援内容を入力してください", "description"));
    if (auto valid = CheckText(action.description, "description", 2000); !valid) return Fail(valid.error());
    if (auto valid = CheckText(action.result, "result", 4000); !valid) return Fail(valid.error());
    if (auto valid = CheckOrganization(*tenant, action.responsible_organization_id,
                                       "担当機関は同じ市町村の機関を選んでください", "responsible_organization_id");
        !valid) {
        return Fail(valid.error());
    }
    PlanAction record = action;
    record.id = id;
    if (auto settled = SettleCompletion(record, today); !settled) return Fail(settled.error());
    return SaveAudited<PlanAction>(
        store_, actor, now, *loaded,
        {AuditAction::kUpdate, "plan_action", "*", std::string(ActionStatusCode(record.status))},
        [&](TenantStore& tx) { return tx.Plans().UpdateAction(id, expected_version, record); });
}

// --- notes -------------------------------------------------------------------------------------------------------

Result<ProgressNote> CaseService::AddNote(const Actor& actor, CaseId case_id, const ProgressNote& note) {
    const Instant now = clock_.Now();
    const Date today = JstDate(now);
    auto loaded = LoadForWork(store_, persons_, actor, case_id, today, CaseWork::kProgressNote);
    if (!loaded) return Fail(loaded.error());
    if (note.text.empty()) return Fail(Error::InvalidArgument("記録の内容を入力してください", "text"));
    auto text = ValidateFreeText(note.text, "text", 8000);
    if (!text) return Fail(text.error());
    if (note.about_person_id) {
        auto members = MembersOf(*store_.Tenant(actor.Tenant()), loaded->support_case, today);
        if (!members) return Fail(members.error());
        if (std::find(members->begin(), members->end(), *note.about_person_id) == members->end()) {
            return Fail(Error::InvalidArgument("本人・世帯員を選んでください", "about_person_id"));
        }
    }
    ProgressNote record = note;
    record.text = std::move(*text);
    record.case_id = case_id;
    if (record.occurred_at == Instant{}) record.occurred_at = now;
    if (record.occurred_at > now + std::chrono::minutes{10}) {
        return Fail(Error::InvalidArgument("日時が未来になっています", "occurred_at"));
    }
    record.author_user_id = actor.principal.user.id;
    record.organization_id = actor.principal.user.organization_id;
    record.created_at = now;
    return SaveAudited<ProgressNote>(store_, actor, now, *loaded, {AuditAction::kCreate, "progress_note"},
                                     [&](TenantStore& tx) { return tx.ProgressNotes().Create(record); });
}

Result<std::vector<ProgressNote>> CaseService::Notes(const Actor& actor, CaseId case_id, int limit) {
    auto loaded = LoadCase(store_, persons_, actor, case_id);
    if (!loaded) return Fail(loaded.error());
    const CasePart part = PartOf(actor, loaded->support_case, loaded->decision, clock_.Now());
    auto notes = part.whole
                     ? store_.Tenant(actor.Tenant())->ProgressNotes().OfCase(case_id, limit)
                     : store_.Tenant(actor.Tenant())->ProgressNotes().OfCaseBy(case_id, part.organization_id, limit);
    if (!notes) return Fail(notes.error());
    std::reverse(notes->begin(), notes->end());
    AuditEntry entry =
        EntryFor(actor, clock_.Now(), AuditAction::kRead, "progress_note", 0, loaded->support_case.person_id, "*");
    SetBasis(entry, loaded->decision);
    entry.detail = "case:" + std::to_string(case_id);
    audit_.Record(std::move(entry));
    return notes;
}

// --- meeting decisions -------------------------------------------------------------------------------------------

std::optional<CaseStatus> StatusDecided(DecisionKind kind) {
    if (kind == DecisionKind::kClosed) return CaseStatus::kClosed;
    if (kind == DecisionKind::kSuspended) return CaseStatus::kSuspended;
    return std::nullopt;
}

Result<Meeting> CaseService::RecordDecision(const Actor& actor, MeetingId meeting_id, CaseId case_id,
                                            const CaseDecision& decision) {
    return DecideOnCase(store_, clock_, persons_, actor, meeting_id, case_id, decision,
                        DecisionEntry::kConvenorOrCoordinator);
}

// A meeting's decision applied to the case and appended to the meeting, in one transaction. `entry`: the
// decision is recorded by the meeting's convenor or a coordinator (RecordDecision); a plan approval may be entered by
// anyone who works the case (ApprovePlan).
static Result<Meeting> DecideOnCase(Store& store, const Clock& clock, PersonService& persons, const Actor& actor,
                                    MeetingId meeting_id, CaseId case_id, const CaseDecision& decision,
                                    DecisionEntry entry) {
    const bool convenor_only = entry == DecisionEntry::kConvenorOrCoordinator;
    if (!IsProfessional(actor.principal)) return Fail(Error::NotFound());
    const Instant now = clock.Now();
    const Date today = JstDate(now);
    if (auto valid = CheckText(decision.text, "text", 4000); !valid) return Fail(valid.error());
    auto tenant = store.Tenant(actor.Tenant());
    auto meeting = tenant->Meetings().GetMeeting(meeting_id);
    if (ReadFailed(meeting)) return Fail(meeting.error());
    if (!meeting) return Fail(NamedNotFound("会議が見つかりません", "meeting_id"));
    auto fact = MeetingFactFor(*tenant, *meeting);
    if (!fact) return Fail(fact.error());
    // Only someone who may read the meeting records what it decided (a refusal looks like "not found").
    if (MeetingReaderOf(actor.principal, *fact, now) == MeetingReader::kNone) {
        return Fail(NamedNotFound("会議が見つかりません", "meeting_id"));
    }
    if (convenor_only && !IsCoordinator(actor.principal) && meeting->convenor_user_id != actor.principal.user.id) {
        return Fail(Error::PermissionDenied("会議の決定を記録できるのは招集者と推進員です"));
    }
    if (!MeetingHeld(meeting->held_on, now)) {
        return Fail(Error::InvalidArgument("開催日が未来の会議には決定を記録できません（プランの承認も開催後です）",
                                           "meeting_id"));
    }
    // Approving a plan (anyone who reads the meeting and works on the case, not only its convenor) is a change to the
    // whole plan: not for a partner, who reads only its own actions (DecideCaseWork).
    auto loaded = convenor_only ? LoadForChange(store, persons, actor, case_id, today)
                                : LoadForWork(store, persons, actor, case_id, today, CaseWork::kPlan);
    if (!loaded) return Fail(loaded.error());
    const Date held_on = meeting->held_on;

    // Checks that need no transaction first, so that input errors name their field before anything is written.
    std::optional<SupportPlan> plan;
    if (decision.kind == DecisionKind::kPlanApproved || decision.kind == DecisionKind::kPlanChanged) {
        if (!decision.plan_id) return Fail(Error::InvalidArgument("承認するプランを選んでください", "plan_id"));
        auto found = tenant->Plans().Get(*decision.plan_id);
        if (!found || found->case_id != case_id) return Fail(NamedNotFound("プランが見つかりません", "plan_id"));
        if (found->state != PlanState::kDraft) {
            return Fail(Error::Conflict("このプランはすでに承認されています", "state"));
        }
        plan = std::move(*found);
    }
    if (decision.kind == DecisionKind::kRolesAssigned) {
        if (decision.roles.empty()) return Fail(Error::InvalidArgument("役割分担を1つ以上入力してください", "roles"));
        for (const RoleAssignment& role : decision.roles) {
            if (auto valid = ValidateRole(*tenant, role); !valid) return Fail(valid.error());
        }
    }
    StatusChange status_change;
    if (const auto decided = StatusDecided(decision.kind)) {
        if (!decision.status_change) {
            return Fail(Error::InvalidArgument("終結・中断の内容を入力してください", "status_change"));
        }
        status_change = *decision.status_change;
        status_change.status = *decided;
        status_change.decided_at_meeting_id = meeting_id;
        if (!status_change.on) status_change.on = held_on;
        if (auto valid = CheckHandOver(*tenant, status_change); !valid) return Fail(valid.error());
    }
    if (decision.kind == DecisionKind::kResourceMissing) {
        if (decision.missing_resource.empty()) {
            return Fail(Error::InvalidArgument("不足している社会資源を入力してください", "missing_resource"));
        }
        if (auto valid = CheckText(decision.missing_resource, "missing_resource", 2000); !valid) {
            return Fail(valid.error());
        }
    }

    std::string text = decision.text;
    if (text.empty())
        text = decision.kind == DecisionKind::kResourceMissing ? decision.missing_resource : std::string{};
    if (decision.next_review_on) {
        const auto ymd = std::chrono::year_month_day{*decision.next_review_on};
        text += (text.empty() ? "" : "\n") + std::string("次回の見直し: ") + std::to_string(int(ymd.year())) + "-" +
                (unsigned(ymd.month()) < 10 ? "0" : "") + std::to_string(unsigned(ymd.month())) + "-" +
                (unsigned(ymd.day()) < 10 ? "0" : "") + std::to_string(unsigned(ymd.day()));
    }

    Meeting updated;
    const Status stored = store.Transaction([&](Store& transaction) -> Status {
        auto tx = transaction.Tenant(actor.Tenant());
        // Re-read inside the transaction: the meeting and the case are updated with the versions read here.
        auto current_case = tx->Cases().Get(case_id);
        if (!current_case) return Fail(Hidden(current_case.error()));
        auto current_meeting = tx->Meetings().GetMeeting(meeting_id);
        if (!current_meeting) return Fail(Hidden(current_meeting.error()));
        SupportCase record = *current_case;
        Meeting meeting_record = *current_meeting;
        std::vector<AuditEntry> entries;
        auto entry_for = [&](AuditAction action, std::string_view type, std::int64_t id, std::string_view fields) {
            AuditEntry entry = EntryFor(actor, now, action, type, id, record.person_id, fields);
            SetBasis(entry, loaded->decision);
            entry.detail = "meeting:" + std::to_string(meeting_id) + " " + std::string(DecisionKindCode(decision.kind));
            entries.push_back(std::move(entry));
        };
        bool case_changed = false;

        if (plan) {
            auto approved = tx->Plans().Approve(plan->id, meeting_id, held_on);
            if (!approved) return Fail(approved.error());
            entry_for(AuditAction::kStatusChange, "plan", plan->id, "state");
            StartSupport(record, held_on, CollaborationStart::kKeepPrograms);
            case_changed = true;
        } else if (decision.kind == DecisionKind::kRolesAssigned) {
            for (RoleAssignment role : decision.roles) {
                role.agreed_at_meeting_id = meeting_id;
                AddRoleTo(record, role, held_on, today);
            }
            case_changed = true;
        } else if (decision.kind == DecisionKind::kSupportDecided) {
            if (!IsOpen(record.status)) {
                if (!CaseStatusMayFollow(record.status, CaseStatus::kSupporting)) {
                    return Fail(Error::InvalidArgument(
                        "ケースの状況を" + StatusMoveMessage(record.status, CaseStatus::kSupporting), "status"));
                }
                StatusChange resume{.status = CaseStatus::kSupporting, .decided_at_meeting_id = meeting_id};
                std::vector<ActionChange> none;
                if (auto applied = ApplyStatusChange(record, resume, held_on, {}, none); !applied) return applied;
            }
            StartSupport(record, held_on, CollaborationStart::kStartCollaboration);
            case_changed = true;
        } else if (StatusDecided(decision.kind)) {
            SupportPlanId plan_id = 0;
            auto open_actions = OpenActionsOf(*tx, case_id, plan_id);
            if (!open_actions) return Fail(open_actions.error());
            std::vector<ActionChange> action_changes;
            if (auto applied =
                    ApplyStatusChange(record, status_change, *status_change.on, *open_actions, action_changes);
                !applied) {
                return applied;
            }
            for (const ActionChange& change : action_changes) {
                auto action = tx->Plans().UpdateAction(change.action.id, change.expected_version, change.action);
                if (!action) return Fail(action.error());
                entry_for(AuditAction::kStatusChange, "plan_action", action->id, "status");
            }
            case_changed = true;
        } else if (decision.kind == DecisionKind::kResourceMissing) {
            MissingResource resource{.case_id = case_id,
                                     .meeting_id = meeting_id,
                                     .description = decision.missing_resource,
                                     .noted_on = held_on,
                                     .recorded_by = actor.principal.user.id};
            if (auto person = tx->Persons().Get(record.person_id)) resource.area_id = person->data.neighborhood_id;
            auto saved = tx->MissingResources().Create(resource);
            if (!saved) return Fail(saved.error());
            AuditEntry entry =
                EntryFor(actor, now, AuditAction::kCreate, "missing_resource", saved->id, std::nullopt, "*");
            entry.detail = "meeting:" + std::to_string(meeting_id);
            entries.push_back(std::move(entry));
        }

        if (case_changed) {
            record.updated_at = now;
            auto saved = tx->Cases().Update(case_id, current_case->version, record);
            if (!saved) return Fail(saved.error());
            entry_for(AuditAction::kUpdate, "case", case_id,
                      decision.kind == DecisionKind::kRolesAssigned ? "team" : "status");
        }
        if (auto on_agenda = EnsureOnAgenda(*tx, meeting_record, record, now); !on_agenda) return on_agenda;
        meeting_record.decisions.push_back(Decision{.kind = decision.kind, .text = text, .case_id = case_id});
        auto saved_meeting = tx->Meetings().UpdateMeeting(meeting_id, current_meeting->version, meeting_record);
        if (!saved_meeting) return Fail(saved_meeting.error());
        updated = std::move(*saved_meeting);
        AuditEntry meeting_entry =
            EntryFor(actor, now, AuditAction::kUpdate, "meeting", meeting_id, std::nullopt, "decisions");
        meeting_entry.detail = std::string(DecisionKindCode(decision.kind)) + " case:" + std::to_string(case_id);
        entries.push_back(std::move(meeting_entry));
        return tx->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return updated;
}

// --- missing resources -------------------------------------------------------------------------------------------

Result<std::vector<MissingResource>> CaseService::MissingResources(const Actor& actor, ResourceListing listing) {
    if (!IsProfessional(actor.principal) && !actor.principal.HasRole(Role::kMunicipalAdministrator)) {
        return Fail(Error::PermissionDenied("不足する社会資源の一覧を閲覧する権限がありません"));
    }
    auto tenant = store_.Tenant(actor.Tenant());
    auto resources = tenant->MissingResources().List(listing);
    if (!resources) return resources;
    // The list names the case and the meeting a gap was found in; a reference the caller could not open is left
    // out (the page would link to a refusal, and a case number or meeting the caller may not read is itself a
    // fact about a person: 個人情報保護法 第69条 — no use beyond what the work needs).
    const Instant now = clock_.Now();
    std::map<CaseId, bool> case_open;
    std::map<MeetingId, bool> meeting_open;
    std::map<MeetingBodyId, MeetingBody> bodies;
    for (MissingResource& resource : *resources) {
        if (resource.case_id) {
            auto [known, inserted] = case_open.try_emplace(*resource.case_id, false);
            if (inserted) {
                auto found = tenant->Cases().Get(*resource.case_id);
                if (ReadFailed(found)) return Fail(found.error());
                if (found) {
                    auto decision = persons_.Authorize(actor, found->person_id);
                    if (ReadFailed(decision)) return Fail(decision.error());
                    known->second = decision && decision->level == ViewLevel::kFull;
                }
            }
            if (!known->second) resource.case_id.reset();
        }
        if (resource.meeting_id) {
            auto [known, inserted] = meeting_open.try_emplace(*resource.meeting_id, false);
            if (inserted) {
                auto meeting = tenant->Meetings().GetMeeting(*resource.meeting_id);
                if (ReadFailed(meeting)) return Fail(meeting.error());
                if (meeting) {
                    auto fact = MeetingFactFor(*tenant, *meeting, bodies);
                    if (!fact) return Fail(fact.error());
                    known->second = MeetingReaderOf(actor.principal, *fact, now) != MeetingReader::kNone;
                }
            }
            if (!known->second) resource.meeting_id.reset();
        }
    }
    return resources;
}

Result<MissingResource> CaseService::AddMissingResource(const Actor& actor, const MissingResource& resource) {
    if (!IsProfessional(actor.principal)) {
        return Fail(Error::PermissionDenied("不足する社会資源を記録する権限がありません"));
    }
    const Instant now = clock_.Now();
    const Date today = JstDate(now);
    if (resource.description.empty()) {
        return Fail(Error::InvalidArgument("不足している社会資源を入力してください", "description"));
    }
    if (auto valid = CheckText(resource.description, "description", 2000); !valid) return Fail(valid.error());
    auto tenant = store_.Tenant(actor.Tenant());
    std::optional<PersonId> person_id;
    if (resource.case_id) {
        auto loaded = LoadCase(store_, persons_, actor, *resource.case_id);
        if (!loaded) return Fail(NamedNotFound("ケースが見つかりません", "case_id"));
        person_id = loaded->support_case.person_id;
    }
    if (resource.meeting_id) {
        if (auto found = tenant->Meetings().GetMeeting(*resource.meeting_id); ReadFailed(found)) {
            return Fail(found.error());
        }
    }
    if (resource.meeting_id && !tenant->Meetings().GetMeeting(*resource.meeting_id)) {
        return Fail(NamedNotFound("会議が見つかりません", "meeting_id"));
    }
    if (resource.area_id) {
        if (auto found = tenant->Areas().Get(*resource.area_id); ReadFailed(found)) {
            return Fail(found.error());
        }
    }
    if (resource.area_id && !tenant->Areas().Get(*resource.area_id)) {
        return Fail(Error::InvalidArgument("地区を選び直してください", "area_id"));
    }
    MissingResource record = resource;
    if (record.noted_on == Date{}) record.noted_on = today;
    record.addressed = false;
    record.addressed_note.clear();
    record.recorded_by = actor.principal.user.id;
    MissingResource created;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tx = transaction.Tenant(actor.Tenant());
        auto saved = tx->MissingResources().Create(record);
        if (!saved) return Fail(saved.error());
        created = std::move(*saved);
        AuditEntry entry = EntryFor(actor, now, AuditAction::kCreate, "missing_resource", created.id, person_id, "*");
        std::vector<AuditEntry> entries{std::move(entry)};
        return tx->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return created;
}

Result<MissingResource> CaseService::SetResourceAddressed(const Actor& actor, MissingResourceId id, ResourceState state,
                                                          std::string_view note) {
    if (!IsCoordinator(actor.principal) && !actor.principal.HasRole(Role::kMunicipalAdministrator)) {
        return Fail(Error::PermissionDenied("対応状況を記録できるのは推進員と管理者です"));
    }
    auto text = ValidateFreeText(note, "note", 2000);
    if (!text) return Fail(text.error());
    const Instant now = clock_.Now();
    MissingResource updated;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tx = transaction.Tenant(actor.Tenant());
        auto saved = tx->MissingResources().SetAddressed(id, state, *text);
        if (!saved) return Fail(Hidden(saved.error()));
        updated = std::move(*saved);
        AuditEntry entry = EntryFor(actor, now, AuditAction::kUpdate, "missing_resource", id, std::nullopt,
                                    "addressed,addressed_note");
        std::vector<AuditEntry> entries{std::move(entry)};
        return tx->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return updated;
}

Result<std::vector<ReviewDue>> CaseService::ReviewsDue(const Actor& actor, int limit) {
    std::vector<ReviewDue> due;
    if (!IsProfessional(actor.principal)) return due;
    const Date today = TodayInJapan(clock_);
    auto tenant = store_.Tenant(actor.Tenant());
    // The town's number of days (設定), asked of the settings here and nowhere else.
    auto within_days = ReadTownSetting(tenant->Settings(), TownSetting::kReviewDueWithinDays);
    if (!within_days) return Fail(within_days.error());
    const Date horizon{Days(today) + std::chrono::days{*within_days + 1}};  // ReviewsDue takes "before"
    auto reviews = tenant->Plans().ReviewsDue(actor.principal.user.organization_id, horizon, limit);
    if (!reviews) return Fail(reviews.error());
    std::vector<PersonId> persons;
    for (const ReviewDue& review : *reviews) persons.push_back(review.person_id);
    auto decisions = persons_.AuthorizeMany(actor, persons);
    if (!decisions) return Fail(decisions.error());
    for (std::size_t i = 0; i < reviews->size(); ++i) {
        const auto& decision = (*decisions)[i];
        ReviewDue& review = (*reviews)[i];
        // A case is seen by whoever sees its person in full (case_service.hpp).
        if (!decision || decision->level != ViewLevel::kFull || !ReviewIsDue(review.review_on, today, *within_days))
            continue;
        due.push_back(std::move(review));
    }
    return due;
}

}  // namespace kasane::domain
