// SPDX-License-Identifier: Apache-2.0
// The loneliness outcomes' use cases (loneliness_service.hpp).

#include "domain/loneliness_service.hpp"

#include <algorithm>
#include <map>

#include "base/japan_time.hpp"
#include "domain/access_policy.hpp"
#include "domain/intake_support.hpp"
#include "domain/reads.hpp"

namespace kasane::domain {

using intake_support::EntryFor;

namespace {

// The day the consultation was received, in Japan: its first contact (the intake), else when it was recorded.
Date ReceivedOn(const Consultation& consultation) {
    Instant received = consultation.created_at;
    for (const Contact& contact : consultation.contacts) received = std::min(received, contact.occurred_at);
    return JstDate(received);
}

AuditEntry MeasureAudit(const Actor& actor, Instant now, AuditAction action, const LonelinessMeasure& measure) {
    AuditEntry entry = EntryFor(actor, now, action, "loneliness_measure", measure.id.value(), measure.person_id, "*");
    entry.basis = "consultation_reader";
    entry.basis_detail = "consultation:" + std::to_string(measure.consultation_id.value());
    return entry;
}

// Rows of one table with their totals, shown at the figures: exact, or suppressed with its margins.
ShownTable ShowRows(const std::vector<std::vector<long long>>& rows, Figures figures) {
    if (figures == Figures::kSmallCellsSuppressed) {
        return SuppressSmallCells(CountTable{.cells = rows, .margins = Margins::kRows});
    }
    ShownTable table;
    long long grand = 0;
    for (const auto& row : rows) {
        std::vector<ShownCount> cells;
        long long total = 0;
        for (const long long value : row) {
            cells.push_back(ShownCount::Exact(value));
            total += value;
        }
        table.cells.push_back(std::move(cells));
        table.row_totals.push_back(ShownCount::Exact(total));
        grand += total;
    }
    table.grand_total = ShownCount::Exact(grand);
    return table;
}

ShownChange ShowChange(const PairedChange& change, Figures figures) {
    const ShownTable table = ShowRows({{change.better, change.same, change.worse}}, figures);
    ShownChange shown{.persons = table.row_totals.at(0),
                      .better = table.cells.at(0).at(0),
                      .same = table.cells.at(0).at(1),
                      .worse = table.cells.at(0).at(2),
                      .mean_change = std::nullopt};
    if (!shown.persons.IsSuppressed() && change.persons > 0) shown.mean_change = change.mean_change;
    return shown;
}

}  // namespace

ShownOutcome ShowLonelinessOutcome(const LonelinessOutcome& outcome, Figures figures) {
    ShownOutcome shown{.version = outcome.version,
                       .at_intake = {},
                       .latest = {},
                       .direct_change = ShowChange(outcome.direct_change, figures),
                       .ucla_change = ShowChange(outcome.ucla_change, figures)};
    const auto row_of = [](const auto& counts) { return std::vector<long long>(counts.begin(), counts.end()); };
    const ShownTable direct = ShowRows({row_of(outcome.at_intake.direct), row_of(outcome.latest.direct)}, figures);
    const ShownTable ucla = ShowRows({row_of(outcome.at_intake.ucla), row_of(outcome.latest.ucla)}, figures);
    ShownDistribution* distributions[] = {&shown.at_intake, &shown.latest};
    for (std::size_t row = 0; row < 2; ++row) {
        ShownDistribution& distribution = *distributions[row];
        for (std::size_t answer = 0; answer < distribution.direct.size(); ++answer) {
            distribution.direct.at(answer) = direct.cells.at(row).at(answer);
        }
        distribution.direct_persons = direct.row_totals.at(row);
        for (std::size_t band = 0; band < distribution.ucla.size(); ++band) {
            distribution.ucla.at(band) = ucla.cells.at(row).at(band);
        }
        distribution.ucla_persons = ucla.row_totals.at(row);
    }
    return shown;
}

LonelinessService::LonelinessService(Store& store, LonelinessRepositories repositories, const Clock& clock,
                                     AuditRecorder& audit, ConsultationService& consultations)
    : store_(store),
      repositories_(std::move(repositories)),
      clock_(clock),
      audit_(audit),
      consultations_(consultations) {}

Result<std::unique_ptr<LonelinessRepository>> LonelinessService::RepositoryOf(TenantStore& tenant) const {
    auto repository = repositories_(tenant);
    if (repository == nullptr) return Fail(Error::Internal("孤独感の測定を保存する場所がありません"));
    return repository;
}

Result<Consultation> LonelinessService::Readable(const Actor& actor, ConsultationId consultation_id) {
    // Refused like a missing page: the scores are the professional staff's, on a consultation they read in full.
    if (!MayWorkLonelinessScores(actor.principal)) return Fail(Error::NotFound());
    auto consultation = consultations_.Get(actor, consultation_id);
    if (!consultation) return Fail(consultation.error());
    return consultation;
}

Result<LonelinessMeasure> LonelinessService::Record(const Actor& actor, ConsultationId consultation_id,
                                                    LonelinessInput input) {
    auto consultation = Readable(actor, consultation_id);
    if (!consultation) return Fail(consultation.error());
    if (!consultation->person_id) {
        return Fail(Error::InvalidArgument("匿名の相談には孤独感を記録できません。先に本人を結び付けてください",
                                           "consultation"));
    }
    if (auto valid = RequireNotCancelled(*consultation); !valid) return Fail(valid.error());
    if (auto valid = CheckLonelinessAnswers(input.answers); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    if (input.administered_on > JstDate(now)) {
        return Fail(Error::InvalidArgument("まだ来ていない日付です", "administered_on"));
    }
    if (input.administered_on < ReceivedOn(*consultation)) {
        return Fail(Error::InvalidArgument("相談を受け付けた日より前の日付です", "administered_on"));
    }
    LonelinessMeasure measure{.id = {},
                              .person_id = *consultation->person_id,
                              .phase = input.phase,
                              .administered_on = input.administered_on,
                              .administered_by = actor.principal.user.id,
                              .answers = std::move(input.answers),
                              .consultation_id = consultation_id,
                              .recorded_at = now};
    LonelinessMeasure saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto repository = RepositoryOf(*in);
        if (!repository) return Fail(repository.error());
        auto added = (*repository)->Add(measure);
        if (!added) return Fail(added.error());
        saved = std::move(*added);
        std::vector<AuditEntry> entries{MeasureAudit(actor, now, AuditAction::kCreate, saved)};
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<LonelinessHistory> LonelinessService::History(const Actor& actor, ConsultationId consultation_id) {
    auto consultation = Readable(actor, consultation_id);
    if (!consultation) return Fail(consultation.error());
    LonelinessHistory history{.consultation = std::move(*consultation)};
    if (!history.consultation.person_id) return history;
    auto tenant = store_.Tenant(actor.Tenant());
    auto repository = RepositoryOf(*tenant);
    if (!repository) return Fail(repository.error());
    auto of_person = (*repository)->OfPerson(*history.consultation.person_id);
    if (!of_person) return Fail(of_person.error());
    // The person's change counts only the measures of consultations the viewer reads too: a score recorded on a
    // consultation the viewer may not open is not shown through the change either.
    std::map<ConsultationId, bool> readable{{consultation_id, true}};
    std::vector<LonelinessMeasure> shown;
    const Instant now = clock_.Now();
    for (const LonelinessMeasure& measure : *of_person) {
        auto [known, inserted] = readable.try_emplace(measure.consultation_id, false);
        if (inserted) {
            auto other = consultations_.Get(actor, measure.consultation_id);
            if (ReadFailed(other)) return Fail(other.error());
            known->second = other.has_value();
        }
        if (!known->second) continue;
        audit_.Record(MeasureAudit(actor, now, AuditAction::kRead, measure));
        if (measure.consultation_id == consultation_id) history.measures.push_back(measure);
        shown.push_back(measure);
    }
    history.changes = ChangesOf(shown);
    for (const LonelinessMeasure& measure : history.measures) {
        auto user = tenant->Users().Get(measure.administered_by);
        if (ReadFailed(user)) return Fail(user.error());
        history.administered_by_names.push_back(user ? user->display_name : "");
    }
    return history;
}

Result<LonelinessReport> LonelinessService::Report(const Actor& actor, int fiscal_year) {
    auto period = FiscalYearPeriod(fiscal_year);
    if (!period) return Fail(Error::InvalidArgument(period.error().message, "fiscal_year"));
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    // A reader of no town report is answered like a missing page.
    if (!MayReadTownReports(actor.principal, *kind)) return Fail(Error::NotFound());
    const Figures figures = FiguresFor(actor.principal, *kind);
    auto tenant = store_.Tenant(actor.Tenant());
    auto repository = RepositoryOf(*tenant);
    if (!repository) return Fail(repository.error());
    auto measures = (*repository)->Between(period->first_day, period->EndDay());
    if (!measures) return Fail(measures.error());
    const Instant now = clock_.Now();
    LonelinessReport report{
        .period = *period, .label = PeriodLabel(*period), .computed_at = now, .figures = figures, .outcomes = {}};
    for (const LonelinessOutcome& outcome : LonelinessOutcomes(*measures)) {
        report.outcomes.push_back(ShowLonelinessOutcome(outcome, figures));
    }
    AuditEntry entry =
        EntryFor(actor, now, AuditAction::kRead, "report", fiscal_year, std::nullopt, "loneliness_outcomes");
    entry.detail = std::string(figures == Figures::kExact ? "figures=exact" : "figures=suppressed");
    audit_.Record(std::move(entry));
    return report;
}

}  // namespace kasane::domain
