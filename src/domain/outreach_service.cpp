// SPDX-License-Identifier: Apache-2.0
#include "domain/outreach_service.hpp"

#include <algorithm>

#include "base/japan_time.hpp"
#include "domain/access_policy.hpp"
#include "domain/intake_support.hpp"

namespace kasane::domain {

using intake_support::EntryFor;

namespace {

const Error kNotFound = Error::NotFound("アウトリーチの記録が見つかりません");

AuditEntry OutreachAudit(const Actor& actor, Instant now, AuditAction action, const OutreachRecord& record,
                         std::string_view fields, const std::string& basis) {
    AuditEntry audit = EntryFor(actor, now, action, "outreach", record.id, record.person_id, fields);
    audit.basis = basis;
    audit.basis_detail = "organization:" + std::to_string(record.organization_id.value());
    return audit;
}

}  // namespace

OutreachService::OutreachService(Store& store, const Clock& clock, AuditRecorder& audit, PersonService& persons,
                                 ConsultationService& consultations)
    : store_(store), clock_(clock), audit_(audit), persons_(persons), consultations_(consultations) {}

Result<OutreachRow> OutreachService::Readable(const Actor& actor, OrganizationKind kind, OutreachRecord record,
                                              Date today) {
    const ActivityAccess access = OutreachAccess(actor.principal, kind, OutreachOrganizations(record));
    if (!access.allowed) return Fail(kNotFound);
    OutreachRow row{.record = std::move(record), .person_name = {}, .overdue = false, .basis = access.basis};
    row.overdue = IsVisitOverdue(row.record, today);
    auto person = store_.Tenant(actor.Tenant())->Persons().Get(row.record.person_id);
    if (person) row.person_name = person->FullName();
    return row;
}

Result<std::vector<OutreachRow>> OutreachService::Caseload(const Actor& actor, const OutreachFilter& filter) {
    if (!MayWorkOutreach(actor.principal)) {
        return Fail(Error::PermissionDenied("アウトリーチの記録を見る権限がありません"));
    }
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto records = store_.Tenant(actor.Tenant())
                       ->Outreach()
                       .List({.worker_id = filter.worker_id,
                              .organization_id = filter.organization_id,
                              .stage = filter.stage,
                              .person_id = std::nullopt});
    if (!records) return Fail(records.error());
    const Instant now = clock_.Now();
    const Date today = JstDate(now);
    std::vector<OutreachRow> rows;
    for (OutreachRecord& record : *records) {
        // The policy decides each row: a record another organisation keeps never reaches a partner.
        auto row = Readable(actor, *kind, std::move(record), today);
        if (!row) continue;
        if (filter.overdue_only == OverdueOnly::kYes && !row->overdue) continue;
        audit_.Record(OutreachAudit(actor, now, AuditAction::kRead, row->record, "stage,next_visit_on", row->basis));
        rows.push_back(std::move(*row));
    }
    return rows;
}

Result<OutreachRow> OutreachService::Get(const Actor& actor, OutreachId id) {
    if (!MayWorkOutreach(actor.principal)) return Fail(kNotFound);
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto record = store_.Tenant(actor.Tenant())->Outreach().Get(id);
    if (!record) return Fail(kNotFound);
    const Instant now = clock_.Now();
    auto row = Readable(actor, *kind, std::move(*record), JstDate(now));
    if (!row) return Fail(row.error());
    audit_.Record(OutreachAudit(actor, now, AuditAction::kRead, row->record, "*", row->basis));
    return row;
}

Result<std::vector<OutreachRow>> OutreachService::OfPerson(const Actor& actor, PersonId person_id) {
    std::vector<OutreachRow> rows;
    if (!MayWorkOutreach(actor.principal)) return rows;
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto records = store_.Tenant(actor.Tenant())->Outreach().List({.person_id = person_id});
    if (!records) return Fail(records.error());
    const Instant now = clock_.Now();
    for (OutreachRecord& record : *records) {
        auto row = Readable(actor, *kind, std::move(record), JstDate(now));
        if (!row) continue;
        audit_.Record(OutreachAudit(actor, now, AuditAction::kRead, row->record, "stage,next_visit_on", row->basis));
        rows.push_back(std::move(*row));
    }
    return rows;
}

Result<OutreachRecord> OutreachService::Open(const Actor& actor, OutreachOpening opening) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    if (opening.organization_id == 0) opening.organization_id = actor.principal.user.organization_id;
    if (opening.worker_id == 0) opening.worker_id = actor.principal.user.id;
    if (!MayOpenOutreach(actor.principal, *kind, opening.organization_id)) {
        return Fail(Error::PermissionDenied(
            "アウトリーチの記録を始められるのは町の担当課の職員か、担当機関となる機関の専門職です"));
    }
    if (opening.stage != OutreachStage::kIdentified && opening.stage != OutreachStage::kTryingContact) {
        return Fail(Error::InvalidArgument("始めるときの段階は「把握」か「接触試行」です", "stage"));
    }
    // The person must be one the actor may see; a refusal reads as "not found" (and names the field here).
    if (opening.person_id <= 0 || !persons_.Authorize(actor, opening.person_id)) {
        return Fail(Error::InvalidArgument("対象の人が見つかりません", "person_id"));
    }
    const Instant now = clock_.Now();
    OutreachRecord record{.id = {},
                          .person_id = opening.person_id,
                          .household_id = opening.household_id,
                          .kind = opening.kind,
                          .reason = std::move(opening.reason),
                          .worker_id = opening.worker_id,
                          .organization_id = opening.organization_id,
                          .stage = opening.stage,
                          .opened_on = opening.opened_on,
                          .next_visit_on = opening.next_visit_on,
                          .created_by = actor.principal.user.id,
                          .created_at = now,
                          .stage_changes = {},
                          .attempts = {}};
    if (auto valid = ValidateOutreachRecord(record, JstDate(now)); !valid) return Fail(valid.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto worker = tenant->Users().Get(record.worker_id);
    if (!worker || worker->disabled) {
        return Fail(Error::InvalidArgument("担当者はこの町の利用者から選んでください", "worker_id"));
    }
    record.stage_changes.push_back({.from = record.stage,
                                    .to = record.stage,
                                    .on = record.opened_on,
                                    .reason = "記録の開始",
                                    .changed_by = actor.principal.user.id,
                                    .changed_at = now});
    OutreachRecord saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto added = in->Outreach().Add(record);
        if (!added) return Fail(added.error());
        saved = std::move(*added);
        std::vector<AuditEntry> entries{
            OutreachAudit(actor, now, AuditAction::kCreate, saved, "*",
                          OutreachAccess(actor.principal, *kind, OutreachOrganizations(saved)).basis)};
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<OutreachAttempt> OutreachService::LogAttempt(const Actor& actor, OutreachId id, OutreachAttempt attempt,
                                                    std::optional<Date> next_visit_on) {
    auto row = Get(actor, id);
    if (!row) return Fail(row.error());
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    if (attempt.visiting_organization_id == 0) {
        attempt.visiting_organization_id = actor.principal.user.organization_id;
    }
    // A partner records its own visits; the town's staff record any organisation's (a joint visit, a report).
    if (*kind != OrganizationKind::kMunicipalDivision &&
        attempt.visiting_organization_id != actor.principal.user.organization_id) {
        return Fail(Error::InvalidArgument("記録できるのは自分の機関の訪問等です", "visiting_organization_id"));
    }
    const Instant now = clock_.Now();
    if (auto valid = ValidateAttempt(row->record, attempt, now); !valid) return Fail(valid.error());
    if (next_visit_on && *next_visit_on < JstDate(attempt.attempted_at)) {
        return Fail(Error::InvalidArgument("次回訪問予定日が今回の日付より前です", "next_visit_on"));
    }
    auto organization = store_.Tenant(actor.Tenant())->Organizations().Get(attempt.visiting_organization_id);
    if (!organization) return Fail(Error::InvalidArgument("訪問した機関が見つかりません", "visiting_organization_id"));
    attempt.id = {};
    attempt.outreach_id = id;
    attempt.consultation_id.reset();
    attempt.recorded_by = actor.principal.user.id;
    attempt.recorded_at = now;
    OutreachAttempt saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto added = in->Outreach().AddAttempt(attempt, next_visit_on);
        if (!added) return Fail(added.error());
        saved = std::move(*added);
        AuditEntry entry = OutreachAudit(actor, now, AuditAction::kUpdate, row->record,
                                         attempt.treatment ? "attempts,treatment" : "attempts", row->basis);
        entry.detail = "attempt:" + std::to_string(saved.id.value());
        std::vector<AuditEntry> entries{std::move(entry)};
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<OutreachRecord> OutreachService::ChangeStage(const Actor& actor, OutreachId id, OutreachStage to, Date on,
                                                    std::string_view reason) {
    auto row = Get(actor, id);
    if (!row) return Fail(row.error());
    const Instant now = clock_.Now();
    if (auto valid = ValidateStageChange(row->record, to, on, reason, JstDate(now)); !valid) {
        return Fail(valid.error());
    }
    const OutreachStageChange change{.from = row->record.stage,
                                     .to = to,
                                     .on = on,
                                     .reason = std::string(reason),
                                     .changed_by = actor.principal.user.id,
                                     .changed_at = now};
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        if (auto changed = in->Outreach().ChangeStage(id, change); !changed) return changed;
        AuditEntry entry = OutreachAudit(actor, now, AuditAction::kUpdate, row->record, "stage", row->basis);
        entry.detail = std::string(OutreachStageCode(change.from)) + "->" + std::string(OutreachStageCode(to));
        std::vector<AuditEntry> entries{std::move(entry)};
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    row->record.stage = to;
    row->record.stage_changes.push_back(change);
    return row->record;
}

Result<ConsultationId> OutreachService::TurnIntoConsultation(const Actor& actor, OutreachId id,
                                                             OutreachAttemptId attempt_id,
                                                             std::string_view chief_complaint) {
    auto row = Get(actor, id);
    if (!row) return Fail(row.error());
    const auto& attempts = row->record.attempts;
    const auto attempt = std::find_if(attempts.begin(), attempts.end(),
                                      [&](const OutreachAttempt& each) { return each.id == attempt_id; });
    if (attempt == attempts.end()) return Fail(Error::NotFound("訪問等の記録が見つかりません"));
    if (attempt->consultation_id) {
        return Fail(Error::Conflict("この訪問等はすでに相談として受け付けています", "consultation_id"));
    }
    // The consultation use case keeps its own rules (who records, the person, the text, the contact): nothing of
    // them is repeated here.
    IntakeRequest request;
    request.person_id = row->record.person_id;
    request.household_id = row->record.household_id;
    request.chief_complaint = std::string(chief_complaint);
    // Written field by field: g++ 12 at -O3 takes a designated initializer's empty Caller for uninitialised strings.
    request.first_contact.occurred_at = attempt->attempted_at;
    request.first_contact.channel = attempt->method == OutreachMethod::kPhone ? Channel::kPhone : Channel::kHomeVisit;
    request.first_contact.source =
        attempt->visiting_organization_id == actor.principal.user.organization_id ? Source::kSelf : Source::kAgency;
    request.first_contact.summary = "アウトリーチ（" + std::string(OutreachMethodLabel(attempt->method)) + "・" +
                                    std::string(OutreachOutcomeLabel(attempt->outcome)) + "）: " + attempt->note;
    request.first_contact.summary_tag = TextTag::kFact;
    if (request.first_contact.source == Source::kAgency) {
        request.first_contact.caller.organization_id = attempt->visiting_organization_id;
    }
    // The attempt's link is written in the consultation's own transaction: both are kept, or neither.
    request.within_transaction = [&](TenantStore& tenant, const Consultation& consultation,
                                     std::vector<AuditEntry>& entries) -> Status {
        // Another request may have linked the attempt since it was read: the conditional update finds no attempt.
        if (auto linked = tenant.Outreach().LinkConsultation(id, attempt_id, consultation.id); !linked) {
            if (!linked.error().Is(ErrorCode::kNotFound)) return linked;
            return Fail(Error::Conflict("この訪問等はすでに相談として受け付けています", "consultation_id"));
        }
        AuditEntry entry =
            OutreachAudit(actor, clock_.Now(), AuditAction::kUpdate, row->record, "attempts", row->basis);
        entry.detail = "attempt:" + std::to_string(attempt_id.value()) +
                       " consultation:" + std::to_string(consultation.id.value());
        entries.push_back(std::move(entry));
        return {};
    };
    auto consultation = consultations_.Record(actor, request);
    if (!consultation) return Fail(consultation.error());
    return consultation->id;
}

Result<int> OutreachService::OverdueOfMine(const Actor& actor) {
    if (!MayWorkOutreach(actor.principal)) return 0;
    auto records = store_.Tenant(actor.Tenant())->Outreach().List({.worker_id = actor.principal.user.id});
    if (!records) return Fail(records.error());
    const Date today = TodayInJapan(clock_);
    return static_cast<int>(std::count_if(records->begin(), records->end(),
                                          [&](const OutreachRecord& record) { return IsVisitOverdue(record, today); }));
}

}  // namespace kasane::domain
