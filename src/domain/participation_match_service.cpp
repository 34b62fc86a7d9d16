// SPDX-License-Identifier: Apache-2.0
#include "domain/participation_match_service.hpp"

#include <algorithm>
#include <utility>

#include "base/japan_time.hpp"
#include "domain/access_policy.hpp"
#include "domain/intake_support.hpp"

namespace kasane::domain {

using intake_support::EntryFor;

namespace {

const Error kNotFound = Error::NotFound("参加支援のマッチが見つかりません");

AuditEntry MatchAudit(const Actor& actor, Instant now, AuditAction action, ParticipationMatchId id, PersonId person,
                      std::string_view fields, const std::string& basis, OrganizationId organization) {
    AuditEntry audit = EntryFor(actor, now, action, "participation_match", id.value(), person, fields);
    audit.basis = basis;
    audit.basis_detail = "organization:" + std::to_string(organization.value());
    return audit;
}

AuditEntry WishesAudit(const Actor& actor, Instant now, AuditAction action, PersonId person, const std::string& basis) {
    AuditEntry audit = EntryFor(actor, now, action, "participation_wishes", person.value(), person, "*");
    audit.basis = basis;
    return audit;
}

std::string ScheduleText(const ResourceService& service) {
    std::string text;
    for (const ResourceSchedule& schedule : service.schedules) {
        if (!text.empty()) text += "、";
        for (const std::string& day : schedule.days) text += std::string(WeekdayLabel(day));
        if (!schedule.opens_at.empty() || !schedule.closes_at.empty()) {
            text += " " + schedule.opens_at.substr(0, 5) + "〜" + schedule.closes_at.substr(0, 5);
        }
    }
    return text;
}

int DueOrder(const ParticipationMatchRow& row) {
    if (row.check_due) return 0;
    if (row.match.stage != MatchStage::kEnded) return 1;
    return 2;
}

}  // namespace

ParticipationMatchService::ParticipationMatchService(Store& store, ParticipationMatchRepositories matches,
                                                     ResourceDirectoryRepositories directory, const Clock& clock,
                                                     AuditRecorder& audit, PersonService& persons,
                                                     ResourceDirectoryCache& directory_cache)
    : store_(store),
      matches_(std::move(matches)),
      directory_(std::move(directory)),
      clock_(clock),
      audit_(audit),
      persons_(persons),
      directory_cache_(directory_cache) {}

Result<OrganizationKind> ParticipationMatchService::CheckWorker(const Actor& actor) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    if (!MayWorkParticipation(actor.principal, *kind)) {
        return Fail(Error::PermissionDenied("参加支援を扱えるのは社会福祉協議会と町の担当課の専門職です"));
    }
    return *kind;
}

Result<ParticipationMatchRow> ParticipationMatchService::Readable(const Actor& actor, TenantStore& tenant,
                                                                  OrganizationKind kind, ParticipationMatch match,
                                                                  Date today) {
    auto creator = tenant.Users().Get(match.created_by);
    if (!creator) return Fail(kNotFound);
    const ActivityAccess access = ParticipationMatchAccess(actor.principal, kind, creator->organization_id);
    if (!access.allowed) return Fail(kNotFound);
    ParticipationMatchRow row{.match = std::move(match), .basis = access.basis};
    row.next_check_due = NextCheckDue(row.match.stage, row.match.started_on);
    row.check_due = row.next_check_due && *row.next_check_due <= today;
    if (auto person = tenant.Persons().Get(row.match.person_id)) row.person_name = person->FullName();
    auto directory = directory_(tenant);
    if (auto service = directory->GetService(row.match.service_id)) {
        row.service_name = service->name;
        if (auto organization = directory->GetOrganization(service->organization_id)) {
            row.organization_name = organization->name;
        }
    }
    return row;
}

Result<PersonParticipation> ParticipationMatchService::OfPerson(const Actor& actor, PersonId person_id) {
    auto kind = CheckWorker(actor);
    if (!kind) return Fail(kind.error());
    auto decision = persons_.Authorize(actor, person_id);
    if (!decision || decision->level != ViewLevel::kFull) return Fail(Error::NotFound());
    auto tenant = store_.Tenant(actor.Tenant());
    auto person = tenant->Persons().Get(person_id);
    if (!person) return Fail(Error::NotFound());
    PersonParticipation view{.person_id = person_id, .person_name = person->FullName()};
    auto repository = matches_(*tenant);
    auto wishes = repository->GetWishes(person_id);
    if (!wishes) return Fail(wishes.error());
    view.wishes = std::move(*wishes);
    const Instant now = clock_.Now();
    const Date today = JstDate(now);
    if (view.wishes) {
        audit_.Record(WishesAudit(actor, now, AuditAction::kRead, person_id, "participation_worker"));
        auto snapshot = directory_cache_.Of(*tenant, actor.Tenant());
        if (!snapshot) return Fail(snapshot.error());
        const ResourceDirectorySnapshot& directory = **snapshot;
        std::vector<MatchSuggestion> ranked =
            RankSuggestions(view.wishes->wishes, directory.services, directory.organizations, kSuggestionLimit);
        for (MatchSuggestion& suggestion : ranked) {
            // The directory's services are by id (ResourceDirectoryRepository::Services).
            const auto at =
                std::ranges::lower_bound(directory.services, suggestion.service_id, {}, &ResourceService::id);
            const auto index = static_cast<std::size_t>(at - directory.services.begin());
            const ResourceService& service = directory.services[index];
            const std::size_t host = directory.host_of[index];
            view.suggestions.push_back(ParticipationSuggestion{
                .suggestion = std::move(suggestion),
                .service_name = service.name,
                .organization_name =
                    host == ResourceDirectorySnapshot::kNoHost ? std::string() : directory.organizations[host].name,
                .kinds = service.kinds,
                .areas_served = service.areas_served,
                .schedule = ScheduleText(service)});
        }
    }
    auto matches = repository->MatchesOf(person_id);
    if (!matches) return Fail(matches.error());
    for (ParticipationMatch& match : *matches) {
        auto row = Readable(actor, *tenant, *kind, std::move(match), today);
        if (!row) continue;
        audit_.Record(MatchAudit(actor, now, AuditAction::kRead, row->match.id, person_id, "*", row->basis,
                                 actor.principal.user.organization_id));
        view.matches.push_back(std::move(*row));
    }
    return view;
}

Result<PersonWishes> ParticipationMatchService::SaveWishes(const Actor& actor, PersonId person_id,
                                                           const ParticipationWishes& wishes) {
    auto kind = CheckWorker(actor);
    if (!kind) return Fail(kind.error());
    auto decision = persons_.Authorize(actor, person_id);
    if (!decision || decision->level != ViewLevel::kFull) return Fail(Error::NotFound());
    if (auto valid = ValidateWishes(wishes); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    PersonWishes record{
        .person_id = person_id, .wishes = wishes, .updated_by = actor.principal.user.id, .updated_at = now};
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto existing = matches_(*in)->GetWishes(person_id);
        if (!existing) return Fail(existing.error());
        if (auto saved = matches_(*in)->SaveWishes(record); !saved) return Fail(saved.error());
        std::vector<AuditEntry> entries{WishesAudit(actor, now, *existing ? AuditAction::kUpdate : AuditAction::kCreate,
                                                    person_id, "participation_worker")};
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return record;
}

Result<ParticipationMatchRow> ParticipationMatchService::Propose(const Actor& actor, PersonId person_id,
                                                                 ResourceServiceId service_id, Date on) {
    auto kind = CheckWorker(actor);
    if (!kind) return Fail(kind.error());
    auto decision = persons_.Authorize(actor, person_id);
    if (!decision || decision->level != ViewLevel::kFull) {
        return Fail(Error::InvalidArgument("対象の人が見つかりません", "person_id"));
    }
    const Instant now = clock_.Now();
    const Date today = JstDate(now);
    if (on > today) return Fail(Error::InvalidArgument("まだ来ていない日付です", "on"));
    auto tenant = store_.Tenant(actor.Tenant());
    auto service = directory_(*tenant)->GetService(service_id);
    if (!service || !IsPublic(*service)) {
        return Fail(Error::InvalidArgument("資源台帳の実施中のサービスから選んでください", "service_id"));
    }
    ParticipationMatch match{.person_id = person_id,
                             .service_id = service_id,
                             .stage = MatchStage::kProposed,
                             .began_on = on,
                             .created_by = actor.principal.user.id,
                             .created_at = now};
    match.history.push_back(MatchStageRecord{
        .change = {.from = MatchStage::kProposed, .to = MatchStage::kProposed, .on = on, .reason = "提案"},
        .recorded_by = actor.principal.user.id,
        .recorded_at = now});
    ParticipationMatch saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto created = matches_(*in)->CreateMatch(match);
        if (!created) return Fail(created.error());
        saved = std::move(*created);
        std::vector<AuditEntry> entries{MatchAudit(actor, now, AuditAction::kCreate, saved.id, person_id, "*",
                                                   "match_organization", actor.principal.user.organization_id)};
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return Readable(actor, *tenant, *kind, std::move(saved), today);
}

Result<ParticipationMatchRow> ParticipationMatchService::Get(const Actor& actor, ParticipationMatchId id) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    if (!IsProfessional(actor.principal)) return Fail(kNotFound);
    auto tenant = store_.Tenant(actor.Tenant());
    auto match = matches_(*tenant)->GetMatch(id);
    if (!match) return Fail(kNotFound);
    auto decision = persons_.Authorize(actor, match->person_id);
    if (!decision || decision->level != ViewLevel::kFull) return Fail(kNotFound);
    const Instant now = clock_.Now();
    auto row = Readable(actor, *tenant, *kind, std::move(*match), JstDate(now));
    if (!row) return Fail(row.error());
    audit_.Record(MatchAudit(actor, now, AuditAction::kRead, row->match.id, row->match.person_id, "*", row->basis,
                             actor.principal.user.organization_id));
    return row;
}

Result<ParticipationMatchRow> ParticipationMatchService::Step(const Actor& actor, ParticipationMatchId id,
                                                              MatchStage to, Date on, std::string_view reason) {
    auto row = Get(actor, id);
    if (!row) return Fail(row.error());
    const Instant now = clock_.Now();
    const MatchStageChange change{.from = row->match.stage, .to = to, .on = on, .reason = std::string(reason)};
    if (auto valid = ValidateStageChange(change, row->match.began_on, LastChangeOn(row->match), JstDate(now)); !valid) {
        return Fail(valid.error());
    }
    const MatchStageRecord record{.change = change, .recorded_by = actor.principal.user.id, .recorded_at = now};
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        if (auto recorded = matches_(*in)->RecordStageChange(id, record); !recorded) return Fail(recorded.error());
        std::vector<AuditEntry> entries{MatchAudit(actor, now, AuditAction::kStatusChange, id, row->match.person_id,
                                                   "stage", row->basis, actor.principal.user.organization_id)};
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    row->match = ApplyStageChange(std::move(row->match), change, actor.principal.user.id, now);
    row->next_check_due = NextCheckDue(row->match.stage, row->match.started_on);
    row->check_due = row->next_check_due && *row->next_check_due <= JstDate(now);
    return row;
}

Result<HostSupportNote> ParticipationMatchService::AddHostSupportNote(const Actor& actor, ParticipationMatchId id,
                                                                      Date on, std::string_view text) {
    auto row = Get(actor, id);
    if (!row) return Fail(row.error());
    const Instant now = clock_.Now();
    HostSupportNote note{
        .on = on, .note = std::string(text), .recorded_by = actor.principal.user.id, .recorded_at = now};
    if (auto valid = ValidateHostSupportNote(note, row->match.began_on, JstDate(now)); !valid) {
        return Fail(valid.error());
    }
    HostSupportNote saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto added = matches_(*in)->AddHostSupportNote(id, note);
        if (!added) return Fail(added.error());
        saved = std::move(*added);
        std::vector<AuditEntry> entries{MatchAudit(actor, now, AuditAction::kUpdate, id, row->match.person_id,
                                                   "host_support", row->basis, actor.principal.user.organization_id)};
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<std::vector<ParticipationMatchRow>> ParticipationMatchService::Caseload(const Actor& actor) {
    auto kind = CheckWorker(actor);
    if (!kind) return Fail(kind.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto matches = matches_(*tenant)->AllMatches();
    if (!matches) return Fail(matches.error());
    std::vector<PersonId> persons;
    persons.reserve(matches->size());
    for (const ParticipationMatch& match : *matches) persons.push_back(match.person_id);
    auto decisions = persons_.AuthorizeMany(actor, persons);
    if (!decisions) return Fail(decisions.error());
    const Instant now = clock_.Now();
    const Date today = JstDate(now);
    std::vector<ParticipationMatchRow> rows;
    for (std::size_t i = 0; i < matches->size(); ++i) {
        const auto& decision = (*decisions)[i];
        if (!decision || decision->level != ViewLevel::kFull) continue;
        auto row = Readable(actor, *tenant, *kind, std::move((*matches)[i]), today);
        if (!row) continue;
        audit_.Record(MatchAudit(actor, now, AuditAction::kRead, row->match.id, row->match.person_id,
                                 "stage,started_on", row->basis, actor.principal.user.organization_id));
        rows.push_back(std::move(*row));
    }
    std::ranges::stable_sort(rows, [](const ParticipationMatchRow& a, const ParticipationMatchRow& b) {
        if (DueOrder(a) != DueOrder(b)) return DueOrder(a) < DueOrder(b);
        if (a.check_due && b.check_due) return *a.next_check_due < *b.next_check_due;
        return a.match.id > b.match.id;
    });
    return rows;
}

Result<HostSheet> ParticipationMatchService::HostSheetOf(const Actor& actor, ParticipationMatchId id) {
    auto row = Get(actor, id);
    if (!row) return Fail(row.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto wishes = matches_(*tenant)->GetWishes(row->match.person_id);
    if (!wishes) return Fail(wishes.error());
    HostSheet sheet{.service_name = row->service_name,
                    .organization_name = row->organization_name,
                    .stage = row->match.stage,
                    .agreed = *wishes ? (*wishes)->wishes.host_share : std::string()};
    const Instant now = clock_.Now();
    AuditEntry entry = MatchAudit(actor, now, AuditAction::kExport, id, row->match.person_id, "host_share", row->basis,
                                  actor.principal.user.organization_id);
    entry.basis_detail += ";host_sheet";
    audit_.Record(std::move(entry));
    return sheet;
}

Result<ParticipationCounts> ParticipationMatchService::Counts(const Actor& actor) {
    auto kind = CheckWorker(actor);
    if (!kind) return Fail(kind.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto matches = matches_(*tenant)->AllMatches();
    if (!matches) return Fail(matches.error());
    auto organizations = directory_(*tenant)->Organizations();
    if (!organizations) return Fail(organizations.error());
    return CountParticipation(*matches, *organizations);
}

}  // namespace kasane::domain
