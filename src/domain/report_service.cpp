// SPDX-License-Identifier: Apache-2.0
#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "domain/intake.hpp"
#include "domain/intake_support.hpp"

namespace kasane::domain {

using namespace intake_support;

Figures FiguresFor(const Principal& principal, OrganizationKind organization_kind) {
    // The prefecture sees aggregates only, never a figure that could point at one household, whatever other role
    // the account also holds.
    if (principal.HasRole(Role::kPrefectureAnalyst)) return Figures::kSmallCellsSuppressed;
    if (principal.HasRole(Role::kCoordinator) || principal.HasRole(Role::kMunicipalAdministrator)) {
        return Figures::kExact;
    }
    if (principal.HasRole(Role::kCaseworker) && organization_kind == OrganizationKind::kMunicipalDivision) {
        return Figures::kExact;
    }
    return Figures::kSmallCellsSuppressed;
}

bool MayReadTownReports(const Principal& principal, OrganizationKind organization_kind) {
    if (principal.HasRole(Role::kCoordinator) || principal.HasRole(Role::kMunicipalAdministrator) ||
        principal.HasRole(Role::kPrefectureAnalyst) || principal.HasRole(Role::kAuditor)) {
        return true;
    }
    return principal.HasRole(Role::kCaseworker) && organization_kind == OrganizationKind::kMunicipalDivision;
}

namespace {

// One breakdown (channels, sources, …): each measure is a row of cells beside its overall total. Contacts by
// channel, source and outcome add up to the 延べ件数; persons and multi-category counts need not, but are treated as
// if they did, which can only hide more.
std::vector<ReportBucket> ShowBuckets(const std::vector<CountBucket>& buckets, Figures figures) {
    std::vector<ReportBucket> shown;
    shown.reserve(buckets.size());
    if (figures == Figures::kExact) {
        for (const CountBucket& bucket : buckets) {
            shown.push_back(
                {bucket.code, bucket.label, ShownCount::Exact(bucket.contacts), ShownCount::Exact(bucket.persons)});
        }
        return shown;
    }
    CountTable contacts{.cells = {{}}, .margins = Margins::kRows};
    CountTable persons{.cells = {{}}, .margins = Margins::kRows};
    for (const CountBucket& bucket : buckets) {
        contacts.cells[0].push_back(bucket.contacts);
        persons.cells[0].push_back(bucket.persons);
    }
    const ShownTable shown_contacts = SuppressSmallCells(contacts);
    const ShownTable shown_persons = SuppressSmallCells(persons);
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        shown.push_back({buckets[i].code, buckets[i].label, shown_contacts.cells[0][i], shown_persons.cells[0][i]});
    }
    return shown;
}

ShownCount Show(long long value, Figures figures) {
    return figures == Figures::kExact ? ShownCount::Exact(value) : SuppressIfSmall(value);
}

}  // namespace

FiscalYearReport ShowFiscalYear(int fiscal_year, const ConsultationCounts& counts, const CaseCounts& cases,
                                Figures figures) {
    FiscalYearReport report{.fiscal_year = fiscal_year,
                            .label = FiscalYearLabel(fiscal_year),
                            .figures = figures,
                            .contacts = Show(counts.contacts, figures),
                            .persons = Show(counts.persons, figures),
                            .households = Show(counts.households, figures),
                            .consultations = Show(counts.consultations, figures),
                            .partner_share = std::nullopt,
                            .by_category = ShowBuckets(counts.by_category, figures),
                            .by_channel = ShowBuckets(counts.by_channel, figures),
                            .by_source = ShowBuckets(counts.by_source, figures),
                            .by_organization = ShowBuckets(counts.by_organization, figures),
                            .by_outcome = ShowBuckets(counts.by_outcome, figures),
                            .cases = {}};
    if (!report.contacts.IsSuppressed()) {
        report.partner_share = 0.0;
        for (const ReportBucket& bucket : report.by_source) {
            if (bucket.code != SourceCode(Source::kAgency) || report.contacts.Value() == 0) continue;
            if (bucket.contacts.IsSuppressed()) {
                report.partner_share.reset();
            } else {
                report.partner_share =
                    static_cast<double>(bucket.contacts.Value()) / static_cast<double>(report.contacts.Value());
            }
        }
    }
    // 多機関協働: each figure stands alone (no total is published beside them), so a small one is simply hidden.
    report.cases = {.cases_opened = Show(cases.cases_opened, figures),
                    .cases_closed = Show(cases.cases_closed, figures),
                    .plans_approved = Show(cases.plans_approved, figures),
                    .meetings_held = Show(cases.meetings_held, figures),
                    .cases_discussed = Show(cases.cases_discussed, figures),
                    .agenda_items = Show(cases.agenda_items, figures),
                    .by_program = {}};
    for (const ProgramCounts& program : cases.by_program) {
        report.cases.by_program.push_back({.program = program.program,
                                           .opened = Show(program.opened, figures),
                                           .closed = Show(program.closed, figures),
                                           .suspended = Show(program.suspended, figures)});
    }
    return report;
}

ReportOutreachCounts ShowOutreach(const OutreachCounts& counts, Figures figures) {
    // Like 多機関協働, each figure stands alone; a small one is hidden for readers of suppressed figures.
    ReportOutreachCounts shown{
        .by_stage = {}, .visits = Show(counts.visits, figures), .persons = Show(counts.persons, figures)};
    for (const auto& [stage, count] : counts.by_stage) shown.by_stage.emplace_back(stage, Show(count, figures));
    return shown;
}

ReportService::ReportService(Store& store, const Clock& clock, AuditRecorder& audit)
    : store_(store), clock_(clock), audit_(audit) {}

Result<FiscalYearReport> ReportService::FiscalYear(const Actor& actor, int fiscal_year) {
    const Principal& principal = actor.principal;
    auto kind = OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    if (!MayReadTownReports(principal, *kind)) {
        return Fail(Error::PermissionDenied("集計を閲覧する権限がありません"));
    }
    if (fiscal_year < 1989 || fiscal_year > 2100) {
        return Fail(Error::InvalidArgument("年度が正しくありません", "year"));
    }
    // 年度 runs from 1 April to 31 March, in JST: [YYYY-04-01T00:00+09:00, (YYYY+1)-04-01T00:00+09:00).
    const Instant from = StartOfFiscalYear(fiscal_year);
    const Instant to = StartOfFiscalYear(fiscal_year + 1);
    const Figures figures = FiguresFor(principal, *kind);
    const Instant computed_at = clock_.Now();
    auto counts = store_.Tenant(actor.Tenant())->Reports().CountConsultations(from, to);
    if (!counts) return Fail(counts.error());
    // 多機関協働 counts over the same 年度, by date: [YYYY-04-01, (YYYY+1)-04-01).
    const Date from_day{std::chrono::year{fiscal_year} / 4 / 1};
    const Date to_day{std::chrono::year{fiscal_year + 1} / 4 / 1};
    auto cases = store_.Tenant(actor.Tenant())->Cases().Count(from_day, to_day);
    if (!cases) return Fail(cases.error());
    auto outreach = store_.Tenant(actor.Tenant())->Outreach().Count(from, to);
    if (!outreach) return Fail(outreach.error());
    FiscalYearReport report = ShowFiscalYear(fiscal_year, *counts, *cases, figures);
    report.outreach = ShowOutreach(*outreach, figures);
    report.computed_at = computed_at;
    AuditEntry entry =
        EntryFor(actor, clock_.Now(), AuditAction::kRead, "report", fiscal_year, std::nullopt, "fiscal_year_counts");
    entry.detail = figures == Figures::kExact ? "figures=exact" : "figures=suppressed";
    audit_.Record(std::move(entry));
    return report;
}

}  // namespace kasane::domain
