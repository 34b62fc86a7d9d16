// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <utility>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "domain/export_rights.hpp"
#include "domain/intake.hpp"
#include "domain/intake_support.hpp"
#include "domain/report_delivery.hpp"
#include "domain/report_explain.hpp"
#include "domain/town_period_counts.hpp"
#include "domain/town_settings.hpp"

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

// --- Periods ---------------------------------------------------------------------------------------------------

Result<int> ParseThroughMonth(std::string_view text) {
    if (text.empty()) return 3;
    int month = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), month);
    if (error != std::errc{} || end != text.data() + text.size() || month < 1 || month > 12) {
        return Fail(Error::InvalidArgument("何月までの集計かを1から12の月で選んでください", "through"));
    }
    return month;
}

Date ReportPeriod::EndDay() const { return Date{std::chrono::sys_days{last_day} + std::chrono::days{1}}; }
Instant ReportPeriod::From() const { return StartOfJstDay(first_day); }
Instant ReportPeriod::To() const { return StartOfJstDay(EndDay()); }

namespace {

std::string IsoDay(Date date) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

Status CheckReportYear(int fiscal_year, std::string_view field) {
    if (fiscal_year < kEarliestReportYear || fiscal_year > kLatestReportYear) {
        return Fail(Error::InvalidArgument("年度が正しくありません（平成元年度から2100年度まで）", std::string(field)));
    }
    return {};
}

// The last day of `month` in the 年度: April .. December fall in its first year, January .. March in the next.
Date LastDayOfMonthInFiscalYear(int fiscal_year, int month) {
    const int year = month >= 4 ? fiscal_year : fiscal_year + 1;
    return Date{std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)} / std::chrono::last};
}

}  // namespace

Result<ReportPeriod> FiscalYearPeriod(int fiscal_year) {
    if (auto checked = CheckReportYear(fiscal_year, "year"); !checked) return Fail(checked.error());
    return ReportPeriod{.kind = PeriodKind::kFiscalYear,
                        .fiscal_year = fiscal_year,
                        .through_month = 3,
                        .first_day = Date{std::chrono::year{fiscal_year} / 4 / 1},
                        .last_day = Date{std::chrono::year{fiscal_year + 1} / 3 / 31}};
}

Result<ReportPeriod> PartYearPeriod(int fiscal_year, int through_month) {
    if (auto checked = CheckReportYear(fiscal_year, "year"); !checked) return Fail(checked.error());
    if (through_month < 1 || through_month > 12) {
        return Fail(Error::InvalidArgument("何月までの集計かを1から12の月で選んでください", "through"));
    }
    if (through_month == 3) return FiscalYearPeriod(fiscal_year);
    return ReportPeriod{.kind = PeriodKind::kPartYear,
                        .fiscal_year = fiscal_year,
                        .through_month = through_month,
                        .first_day = Date{std::chrono::year{fiscal_year} / 4 / 1},
                        .last_day = LastDayOfMonthInFiscalYear(fiscal_year, through_month)};
}

Result<ReportPeriod> DateRangePeriod(Date first_day, Date last_day) {
    if (!first_day.ok() || !last_day.ok()) return Fail(Error::InvalidArgument("日付が正しくありません", "from"));
    const int fiscal_year = FiscalYearOf(first_day);
    if (auto checked = CheckReportYear(fiscal_year, "from"); !checked) return Fail(checked.error());
    if (auto checked = CheckReportYear(FiscalYearOf(last_day), "to"); !checked) return Fail(checked.error());
    if (std::chrono::sys_days{last_day} < std::chrono::sys_days{first_day}) {
        return Fail(Error::InvalidArgument("期間の終わりが始まりより前です", "to"));
    }
    if (std::chrono::sys_days{last_day} - std::chrono::sys_days{first_day} > std::chrono::days{3653}) {
        return Fail(Error::InvalidArgument("期間は10年以内にしてください", "to"));
    }
    return ReportPeriod{.kind = PeriodKind::kDateRange,
                        .fiscal_year = fiscal_year,
                        .through_month = 3,
                        .first_day = first_day,
                        .last_day = last_day};
}

std::string PeriodLabel(const ReportPeriod& period) {
    switch (period.kind) {
        case PeriodKind::kFiscalYear: return FiscalYearLabel(period.fiscal_year);
        case PeriodKind::kPartYear:
            return FiscalYearLabel(period.fiscal_year) + "（～" + std::to_string(period.through_month) + "月）";
        case PeriodKind::kDateRange: return FormatWareki(period.first_day) + "～" + FormatWareki(period.last_day);
    }
    return FiscalYearLabel(period.fiscal_year);
}

bool IsReleasePeriod(const ReportPeriod& period) {
    return period.kind == PeriodKind::kFiscalYear ||
           (period.kind == PeriodKind::kPartYear && period.through_month == 9);
}

bool MayAskPeriod(const Principal& principal, OrganizationKind organization_kind, const ReportPeriod& period) {
    if (!MayReadTownReports(principal, organization_kind)) return false;
    return FiguresFor(principal, organization_kind) == Figures::kExact || IsReleasePeriod(period);
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

std::string_view QualityFieldLabel(std::string_view field) {
    for (const QualityField& known : QualityFields()) {
        if (known.field == field) return known.label;
    }
    return field;
}

ShownCount Show(long long value, Figures figures) {
    return figures == Figures::kExact ? ShownCount::Exact(value) : SuppressIfSmall(value);
}

}  // namespace

ReportMeetings ShowMeetings(const MeetingHeldCounts& counts, Figures figures) {
    // Each figure stands alone (no total is published beside a body's row that would give one back: a joint
    // meeting counts under both bodies, so the rows do not add up to the total), so a small one is simply hidden.
    return {.body_id = counts.body_id,
            .name = counts.name,
            .legal_basis = counts.legal_basis,
            .meetings_held = Show(counts.meetings_held, figures),
            .joint_meetings = Show(counts.joint_meetings, figures),
            .persons_discussed = Show(counts.persons_discussed, figures),
            .person_items = Show(counts.person_items, figures),
            .cases_discussed = Show(counts.cases_discussed, figures),
            .case_items = Show(counts.case_items, figures)};
}

FiscalYearReport ShowPeriod(const ReportPeriod& period, const ConsultationCounts& counts, const CaseCounts& cases,
                            Figures figures) {
    FiscalYearReport report = ShowFiscalYear(period.fiscal_year, counts, cases, figures);
    report.period = period;
    report.label = PeriodLabel(period);
    return report;
}

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
    report.by_field = ShowBuckets(counts.by_field, figures);
    report.by_household_size = ShowBuckets(counts.by_household_size, figures);
    // データの質: each figure stands alone beside the 実人数 (no total of them is published), so a small one is hidden.
    for (const UnknownCounts& field : counts.person_unknowns) {
        report.quality.push_back({.field = field.field,
                                  .label = std::string(QualityFieldLabel(field.field)),
                                  .unknown = Show(field.unknown, figures),
                                  .refused = Show(field.refused, figures),
                                  .not_asked = Show(field.not_asked, figures)});
    }
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
    report.cases.all_meetings = ShowMeetings(cases.all_meetings, figures);
    report.cases.internal_meetings = ShowMeetings(cases.internal_meetings, figures);
    for (const MeetingHeldCounts& body : cases.by_body) report.cases.by_body.push_back(ShowMeetings(body, figures));
    if (auto period = FiscalYearPeriod(fiscal_year)) report.period = *period;
    return report;
}

const std::vector<QualityField>& QualityFields() {
    static const std::vector<QualityField> fields{{"name", "氏名"},           {"name_kana", "ふりがな"},
                                                  {"birth_date", "生年月日"}, {"sex", "性別"},
                                                  {"phone", "電話"},          {"address", "住所"}};
    return fields;
}

const std::vector<HouseholdSizeBucket>& HouseholdSizeBuckets() {
    static const std::vector<HouseholdSizeBucket> buckets{
        {"1", "1人"}, {"2", "2人"}, {"3", "3人"}, {"4", "4人"}, {"5_or_more", "5人以上"}, {"unknown", "不明"}};
    return buckets;
}

std::size_t HouseholdSizeIndex(std::optional<long long> members) {
    if (!members || *members <= 0) return 5;
    return static_cast<std::size_t>(std::min(*members, 5LL) - 1);
}

std::optional<double> ShareOfPersons(const ShownCount& count, const ShownCount& persons) {
    if (count.IsSuppressed() || persons.IsSuppressed() || persons.Value() == 0) return std::nullopt;
    return static_cast<double>(count.Value()) / static_cast<double>(persons.Value());
}

ReportOutreachCounts ShowOutreach(const OutreachCounts& counts, Figures figures) {
    // Like 多機関協働, each figure stands alone; a small one is hidden for readers of suppressed figures.
    ReportOutreachCounts shown{
        .by_stage = {}, .visits = Show(counts.visits, figures), .persons = Show(counts.persons, figures)};
    for (const auto& [stage, count] : counts.by_stage) shown.by_stage.emplace_back(stage, Show(count, figures));
    return shown;
}

ReportService::ReportService(Store& store, const Clock& clock, AuditRecorder& audit, PersonTraitRepositories traits)
    : ReportService(store, AggregateReads(store), clock, audit, std::move(traits)) {}

ReportService::ReportService(Store& store, AggregateReads aggregates, const Clock& clock, AuditRecorder& audit,
                             PersonTraitRepositories traits)
    : store_(store), aggregates_(std::move(aggregates)), clock_(clock), audit_(audit), traits_(std::move(traits)) {}

Result<FiscalYearReport> ReportService::FiscalYear(const Actor& actor, int fiscal_year) {
    auto period = FiscalYearPeriod(fiscal_year);
    if (!period) return Fail(period.error());
    return Period(actor, *period);
}

Result<FiscalYearReport> ReadTownPeriod(Store& store, MunicipalityId town, const ReportPeriod& period,
                                        Figures figures) {
    // Contacts by instant in [first_day 00:00 JST, the day after last_day 00:00 JST); 多機関協働 and meetings by
    // date in [first_day, the day after last_day).
    auto tenant = store.Tenant(town);
    auto counts = tenant->Reports().CountConsultations(period.From(), period.To());
    if (!counts) return Fail(counts.error());
    auto cases = tenant->Cases().Count(period.first_day, period.EndDay());
    if (!cases) return Fail(cases.error());
    auto outreach = tenant->Outreach().Count(period.From(), period.To());
    if (!outreach) return Fail(outreach.error());
    FiscalYearReport report = ShowPeriod(period, *counts, *cases, figures);
    report.outreach = ShowOutreach(*outreach, figures);
    return report;
}

Result<FiscalYearReport> ReadTownPeriod(Store& store, const PersonTraitRepositories& traits, MunicipalityId town,
                                        const ReportPeriod& period, Figures figures) {
    auto report = ReadTownPeriod(store, town, period, figures);
    if (!report || !traits) return report;
    auto tenant = store.Tenant(town);
    auto repository = traits(*tenant);
    if (!repository) return report;
    // The same persons as the 実人数: contacts by instant in [first_day 00:00 JST, the day after last_day 00:00 JST).
    auto counts = repository->Count(period.From(), period.To());
    if (!counts) return Fail(counts.error());
    report->by_trait = ShowTraits(*counts, figures);
    return report;
}

std::vector<ReportBucket> ShowTraits(const TraitCounts& counts, Figures figures) {
    // One row of persons beside N, each figure a count of persons: shown as the other breakdowns are (ShowBuckets,
    // which treats the row as if it added up to its total — it does not, several traits a person — and so can only
    // hide more).
    std::vector<CountBucket> buckets;
    for (const TraitCount& count : counts.by_trait) {
        buckets.push_back({.code = std::string(PersonTraitCode(count.trait)),
                           .label = std::string(PersonTraitLabel(count.trait)),
                           .contacts = 0,
                           .persons = count.persons});
    }
    buckets.push_back({.code = std::string(kNoTraitCode),
                       .label = std::string(kNoTraitLabel),
                       .contacts = 0,
                       .persons = counts.none});
    return ShowBuckets(buckets, figures);
}

namespace {

// The counts of one period of the actor's town, read where `aggregates` says (no access check, no audit: the callers
// do both, on the primary). The 分野別 rows are worded as the town words its 分野 (設定, ReadFieldLabels — the one
// lookup the 受付簿 asks too), the national wording beside (FieldReportLabel); the codes stay the national ones.
Result<FiscalYearReport> ReadPeriod(const AggregateReads& aggregates, const PersonTraitRepositories& traits,
                                    const Actor& actor, const ReportPeriod& period, Figures figures) {
    return aggregates.Run([&](Store& counting) -> Result<FiscalYearReport> {
        auto report = ReadTownPeriod(counting, traits, actor.Tenant(), period, figures);
        if (!report) return report;
        auto labels = ReadFieldLabels(counting.Tenant(actor.Tenant())->Settings());
        if (!labels) return Fail(labels.error());
        for (ReportBucket& bucket : report->by_field) {
            if (const auto field = ParseField(bucket.code)) bucket.label = FieldReportLabel(*field, *labels);
        }
        return report;
    });
}

}  // namespace

namespace {

// The one gate of every report: may this reader ask for the period (of a 推移, its last year), and at which figures.
// Refusals: kPermissionDenied for a reader of no town report; kNotFound, like a missing page, for a period the reader
// may not ask (issue 17: 年度 and 上半期 only outside the town).
Result<Figures> FiguresForPeriod(Store& store, const Actor& actor, const ReportPeriod& period) {
    const Principal& principal = actor.principal;
    auto kind = OrganizationKindOf(store, actor);
    if (!kind) return Fail(kind.error());
    if (!MayReadTownReports(principal, *kind)) {
        return Fail(Error::PermissionDenied("集計を閲覧する権限がありません"));
    }
    if (!MayAskPeriod(principal, *kind, period)) return Fail(Error::NotFound("この期間の集計はありません"));
    return FiguresFor(principal, *kind);
}

// The 推移's last period, the span checked.
Result<ReportPeriod> TrendLastPeriod(int first_year, int last_year, int through_month) {
    auto first = FiscalYearPeriod(first_year);
    if (!first) return Fail(Error::InvalidArgument(first.error().message, "from"));
    auto last = PartYearPeriod(last_year, through_month);
    if (!last) return Fail(last.error());
    if (last_year < first_year) return Fail(Error::InvalidArgument("終わりの年度が始まりの年度より前です", "to"));
    if (last_year - first_year + 1 > kMaxTrendYears) {
        return Fail(Error::InvalidArgument("推移は10年度までにしてください", "from"));
    }
    return last;
}

Result<TrendReport> ReadTrend(const AggregateReads& aggregates, const PersonTraitRepositories& traits,
                              const Actor& actor, int first_year, const ReportPeriod& last, Figures figures,
                              Instant now) {
    TrendReport trend{.computed_at = now, .figures = figures, .years = {}};
    for (int year = first_year; year <= last.fiscal_year; ++year) {
        auto period = year == last.fiscal_year ? Result<ReportPeriod>(last) : FiscalYearPeriod(year);
        if (!period) return Fail(period.error());
        auto report = ReadPeriod(aggregates, traits, actor, *period, figures);
        if (!report) return Fail(report.error());
        report->computed_at = now;
        trend.years.push_back(std::move(*report));
    }
    return trend;
}

// Exact figures can hold a 1 that points at a household: they leave the system only with the export right.
Status MayExport(Store& store, const Actor& actor, Figures figures) {
    if (figures != Figures::kExact) return {};
    return AuthorizeExport(store, actor, ExportKind::kPersonalData);
}

// 2024, 2023-9, 20240401-20240630.
std::string PeriodCode(const ReportPeriod& period) {
    switch (period.kind) {
        case PeriodKind::kFiscalYear: return std::to_string(period.fiscal_year);
        case PeriodKind::kPartYear:
            return std::to_string(period.fiscal_year) + "-" + std::to_string(period.through_month);
        case PeriodKind::kDateRange: {
            std::string from = IsoDay(period.first_day);
            std::string to = IsoDay(period.last_day);
            std::erase(from, '-');
            std::erase(to, '-');
            return from + "-" + to;
        }
    }
    return std::to_string(period.fiscal_year);
}

}  // namespace

Result<ReportExplanation> ReportService::Explain(const Actor& actor, const ReportPeriod& period,
                                                 std::string_view cell) {
    return ExplainReportCell(store_, traits_, clock_, audit_, actor, period, cell);
}

Result<FiscalYearReport> ReportService::Period(const Actor& actor, const ReportPeriod& period) {
    auto figures = FiguresForPeriod(store_, actor, period);
    if (!figures) return Fail(figures.error());
    auto report = ReadPeriod(aggregates_, traits_, actor, period, *figures);
    if (!report) return Fail(report.error());
    report->computed_at = clock_.Now();
    AuditEntry entry = EntryFor(actor, clock_.Now(), AuditAction::kRead, "report", period.fiscal_year, std::nullopt,
                                period.kind == PeriodKind::kFiscalYear ? "fiscal_year_counts" : "period_counts");
    entry.detail = std::string(*figures == Figures::kExact ? "figures=exact" : "figures=suppressed") +
                   " period=" + IsoDay(period.first_day) + ".." + IsoDay(period.last_day);
    audit_.Record(std::move(entry));
    return report;
}

Result<TrendReport> ReportService::Trend(const Actor& actor, int first_year, int last_year, int through_month) {
    auto last = TrendLastPeriod(first_year, last_year, through_month);
    if (!last) return Fail(last.error());
    auto figures = FiguresForPeriod(store_, actor, *last);
    if (!figures) return Fail(figures.error());
    auto trend = ReadTrend(aggregates_, traits_, actor, first_year, *last, *figures, clock_.Now());
    if (!trend) return Fail(trend.error());
    AuditEntry entry =
        EntryFor(actor, clock_.Now(), AuditAction::kRead, "report", last_year, std::nullopt, "trend_counts");
    entry.detail = std::string(*figures == Figures::kExact ? "figures=exact" : "figures=suppressed") +
                   " years=" + std::to_string(first_year) + ".." + std::to_string(last_year) +
                   " through=" + std::to_string(through_month);
    audit_.Record(std::move(entry));
    return trend;
}

Result<ReportExport> ReportService::Export(const Actor& actor, const ReportPeriod& period, ReportFormat format) {
    auto figures = FiguresForPeriod(store_, actor, period);
    if (!figures) return Fail(figures.error());
    if (auto allowed = MayExport(store_, actor, *figures); !allowed) return Fail(allowed.error());
    auto report = ReadPeriod(aggregates_, traits_, actor, period, *figures);
    if (!report) return Fail(report.error());
    report->computed_at = clock_.Now();
    return Deliver(actor, FiscalYearFile(*report), "shukei-" + PeriodCode(period), format, *figures, period.fiscal_year,
                   "集計（" + PeriodLabel(period) + "）");
}

bool ReportService::MayExportPeriod(const Actor& actor, const ReportPeriod& period) {
    auto figures = FiguresForPeriod(store_, actor, period);
    return figures && MayExport(store_, actor, *figures).has_value();
}

Result<ReportExport> ReportService::ExportTrend(const Actor& actor, int first_year, int last_year, int through_month,
                                                ReportFormat format) {
    auto last = TrendLastPeriod(first_year, last_year, through_month);
    if (!last) return Fail(last.error());
    auto figures = FiguresForPeriod(store_, actor, *last);
    if (!figures) return Fail(figures.error());
    if (auto allowed = MayExport(store_, actor, *figures); !allowed) return Fail(allowed.error());
    auto trend = ReadTrend(aggregates_, traits_, actor, first_year, *last, *figures, clock_.Now());
    if (!trend) return Fail(trend.error());
    return Deliver(actor, TrendFile(*trend), "suii-" + std::to_string(first_year) + "-" + PeriodCode(*last), format,
                   *figures, last_year, "推移（" + FiscalYearLabel(first_year) + "～" + PeriodLabel(*last) + "）");
}

Result<ReportExport> ReportService::Deliver(const Actor& actor, const ReportFile& table, std::string_view stem,
                                            ReportFormat format, Figures figures, int fiscal_year,
                                            const std::string& what) {
    return DeliverReportFile(
        store_, actor, clock_, table, stem, format,
        {.record_type = "report", .record_id = fiscal_year, .what = what, .figures = FiguresLabel(figures)});
}

}  // namespace kasane::domain
