// SPDX-License-Identifier: Apache-2.0
// The loneliness outcomes' use cases (loneliness_service.hpp).

#include "domain/loneliness_service.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "base/japan_time.hpp"
#include "domain/access_policy.hpp"
#include "domain/export_rights.hpp"
#include "domain/intake_support.hpp"
#include "domain/reads.hpp"
#include "domain/report_delivery.hpp"
#include "domain/town_settings.hpp"

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

Result<LonelinessReport> LonelinessService::Read(const Actor& actor, int fiscal_year) {
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
    LonelinessReport report{.period = *period,
                            .label = PeriodLabel(*period),
                            .computed_at = clock_.Now(),
                            .figures = figures,
                            .outcomes = {}};
    auto level = ReadTownSetting(tenant->Settings(), TownSetting::kLonelinessLocalAlertLevel);
    if (!level) return Fail(level.error());
    for (const LonelinessOutcome& outcome : LonelinessOutcomes(*measures)) {
        ShownOutcome shown = ShowLonelinessOutcome(outcome, figures);
        if (*level != 0 && figures == Figures::kExact) {
            shown.local_alert =
                ShownLocalAlert{.level = *level, .counts = AtOrAboveLocalLevel(*measures, outcome.version, *level)};
        }
        report.outcomes.push_back(std::move(shown));
    }
    return report;
}

Result<LonelinessReport> LonelinessService::Report(const Actor& actor, int fiscal_year) {
    auto report = Read(actor, fiscal_year);
    if (!report) return Fail(report.error());
    AuditEntry entry = EntryFor(actor, report->computed_at, AuditAction::kRead, "report", fiscal_year, std::nullopt,
                                "loneliness_outcomes");
    entry.detail = std::string(report->figures == Figures::kExact ? "figures=exact" : "figures=suppressed");
    audit_.Record(std::move(entry));
    return report;
}

Result<ReportExport> LonelinessService::Export(const Actor& actor, int fiscal_year, ReportFormat format) {
    auto report = Read(actor, fiscal_year);
    if (!report) return Fail(report.error());
    // Exact figures can hold a 1 that points at a person: they leave the system only with the export right.
    if (report->figures == Figures::kExact) {
        if (auto allowed = AuthorizeExport(store_, actor, ExportKind::kPersonalData); !allowed) {
            return Fail(allowed.error());
        }
    }
    return DeliverReportFile(store_, actor, clock_, LonelinessFile(*report), "kodokukan-" + std::to_string(fiscal_year),
                             format,
                             {.record_type = "report",
                              .record_id = fiscal_year,
                              .what = "孤独感の変化（" + report->label + "）",
                              .figures = FiguresLabel(report->figures)});
}

namespace {

ReportRow FileRow(std::string key, std::vector<XlsxCell> cells) {
    return ReportRow{.key = std::move(key), .cells = std::move(cells)};
}

std::string MeanText(const ShownChange& change) {
    if (change.mean_change) {
        char text[32];
        std::snprintf(text, sizeof text, "%+.2f", *change.mean_change);
        return text;
    }
    return change.persons.IsSuppressed() ? "χ" : "";
}

}  // namespace

ReportFile LonelinessFile(const LonelinessReport& report) {
    ReportFile file;
    file.preamble = {{"集計", "孤独感の変化（" + report.label + "）"},
                     {"注", "質問の版ごとに集計（版の違う測定は混ぜない）。数が小さいほど孤独感が低い"}};
    ReportSection direct{.name = "直接質問", .heading = {"版", "時点"}, .rows = {}};
    for (int code = 1; code <= kDirectAnswerCount; ++code) direct.heading.emplace_back(DirectAnswerLabel(code));
    direct.heading.emplace_back("計");
    ReportSection ucla{.name = "UCLA", .heading = {"版", "時点"}, .rows = {}};
    for (UclaBand band : kUclaBands) ucla.heading.emplace_back(UclaBandLabel(band));
    ucla.heading.emplace_back("計");
    ReportSection change{.name = "変化",
                         .heading = {"版", "質問", "人数", "改善（低下）", "変化なし", "悪化（上昇）", "平均の変化"},
                         .rows = {}};
    for (const ShownOutcome& outcome : report.outcomes) {
        const std::pair<const char*, const ShownDistribution*> points[] = {{"受付時", &outcome.at_intake},
                                                                           {"最新", &outcome.latest}};
        for (const auto& [point, distribution] : points) {
            std::vector<XlsxCell> direct_cells{outcome.version, std::string(point)};
            for (const ShownCount& count : distribution->direct) direct_cells.push_back(CountCell(count));
            direct_cells.push_back(CountCell(distribution->direct_persons));
            direct.rows.push_back(FileRow(std::string("direct:") + point, std::move(direct_cells)));
            std::vector<XlsxCell> ucla_cells{outcome.version, std::string(point)};
            for (const ShownCount& count : distribution->ucla) ucla_cells.push_back(CountCell(count));
            ucla_cells.push_back(CountCell(distribution->ucla_persons));
            ucla.rows.push_back(FileRow(std::string("ucla:") + point, std::move(ucla_cells)));
        }
        const std::pair<const char*, const ShownChange*> changes[] = {{"直接質問（1〜5）", &outcome.direct_change},
                                                                      {"UCLA合計（3〜12点）", &outcome.ucla_change}};
        for (const auto& [question, shown] : changes) {
            change.rows.push_back(FileRow(
                "change", {outcome.version, std::string(question), CountCell(shown->persons), CountCell(shown->better),
                           CountCell(shown->same), CountCell(shown->worse), MeanText(*shown)}));
        }
    }
    ReportSection local{.name = "町の目安（地域独自）",
                        .heading = {"版", "目安（UCLA合計、この点以上）", "受付時（人）", "最新（人）"},
                        .rows = {}};
    for (const ShownOutcome& outcome : report.outcomes) {
        if (!outcome.local_alert) continue;
        local.rows.push_back(
            FileRow("local_alert", {outcome.version, static_cast<long long>(outcome.local_alert->level),
                                    outcome.local_alert->counts.at_intake, outcome.local_alert->counts.latest}));
    }
    ReportSection reference{.name = "全国（参考・母集団）", .heading = {"出典", "回答", "割合（%）"}, .rows = {}};
    for (const NationalReference& row : NationalDirectReference()) {
        char percent[16];
        std::snprintf(percent, sizeof percent, "%.1f", row.percent);
        reference.rows.push_back(
            FileRow("reference", {std::string(row.source), std::string(row.answer), std::string(percent)}));
    }
    file.sections = {std::move(direct), std::move(ucla), std::move(change)};
    if (!local.rows.empty()) file.sections.push_back(std::move(local));
    file.sections.push_back(std::move(reference));
    return file;
}

}  // namespace kasane::domain
