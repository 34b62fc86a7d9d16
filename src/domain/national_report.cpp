// SPDX-License-Identifier: Apache-2.0
#include "domain/national_report.hpp"

#include <cstdio>
#include <utility>

#include "base/japanese_date.hpp"
#include "domain/consultation.hpp"
#include "domain/export_rights.hpp"
#include "domain/intake.hpp"
#include "domain/intake_support.hpp"
#include "domain/report_definition.hpp"
#include "domain/report_delivery.hpp"
#include "domain/repositories.hpp"
#include "domain/sharing.hpp"
#include "domain/support_case.hpp"
#include "domain/town_period_counts.hpp"

namespace kasane::domain {

using namespace intake_support;  // NOLINT(google-build-using-namespace)

namespace {

// The sum over the bodies of a legal basis (a joint meeting of two such bodies counts under each, as the definition
// of 会議の開催状況 says).
struct BasisSums {
    long long meetings_held = 0;
    long long person_items = 0;
};

BasisSums SumOfBasis(const ReportCaseCounts& cases, LegalBasis basis) {
    BasisSums sums;
    for (const ReportMeetings& body : cases.by_body) {
        if (body.legal_basis != basis) continue;
        sums.meetings_held += body.meetings_held.Value();
        sums.person_items += body.person_items.Value();
    }
    return sums;
}

long long ProgramOpened(const ReportCaseCounts& cases, Program program) {
    for (const ReportProgramCounts& counts : cases.by_program) {
        if (counts.program == program) return counts.opened.Value();
    }
    return 0;
}

NationalReportLine LineOf(const NationalReportItem& item, std::string code, const ReportDefinition& definition) {
    const ReportCellDefinition* cell = FindCellDefinition(definition, item.cell);
    return NationalReportLine{.number = std::string(item.number),
                              .code = std::move(code),
                              .label = std::string(item.label),
                              .count = std::nullopt,
                              .share = std::nullopt,
                              .cell = std::string(item.cell),
                              .definition = std::string(cell ? cell->definition : ""),
                              .explain_cell = std::nullopt};
}

}  // namespace

std::string NationalReportLine::ValueText() const {
    if (count) return std::to_string(*count);
    if (share) {
        char text[24];
        std::snprintf(text, sizeof text, "%.1f%%", *share * 100.0);
        return text;
    }
    return "";
}

Result<ReportPeriod> NationalReportPeriod(int fiscal_year, int through_month) {
    if (through_month != 3 && through_month != 9) {
        return Fail(Error::InvalidArgument("国報告は年度（3月まで）か上半期（9月まで）で選んでください", "through"));
    }
    return PartYearPeriod(fiscal_year, through_month);
}

NationalReport NationalReportOf(const FiscalYearReport& report) {
    const ReportDefinition& definition = FiscalYearReportDefinition();
    NationalReport national{.period = report.period,
                            .label = report.label,
                            .definition = DefinitionLabel(definition),
                            .computed_at = report.computed_at,
                            .lines = {}};
    const ReportCaseCounts& cases = report.cases;
    const BasisSums support_meetings = SumOfBasis(cases, LegalBasis::kArticle106_6);
    const BasisSums multilayer_meetings = SumOfBasis(cases, LegalBasis::kMultilayerMeeting);
    for (const NationalReportItem& item : definition.national_items) {
        const std::string_view code = item.code;
        // 分野別: one line per 分野, each explained by the 分野's row of the 年度集計.
        if (code == "field_contacts" || code == "field_persons") {
            const bool persons = code == "field_persons";
            int index = 0;
            for (const ReportBucket& bucket : report.by_field) {
                NationalReportLine line = LineOf(item, std::string(code) + ":" + bucket.code, definition);
                line.number += "-" + std::to_string(++index);
                line.label += "（" + (bucket.label.empty() ? bucket.code : bucket.label) + "）";
                line.count = (persons ? bucket.persons : bucket.contacts).Value();
                line.explain_cell = "field:" + bucket.code + (persons ? ":persons" : ":contacts");
                national.lines.push_back(std::move(line));
            }
            continue;
        }
        NationalReportLine line = LineOf(item, std::string(code), definition);
        if (code == "contacts") {
            line.count = report.contacts.Value();
            line.explain_cell = "contacts";
        } else if (code == "persons") {
            line.count = report.persons.Value();
            line.explain_cell = "persons";
        } else if (code == "partner_share") {
            line.share = report.partner_share.value_or(0.0);
            line.explain_cell = "source:" + std::string(SourceCode(Source::kAgency)) + ":contacts";
        } else if (code == "cases_opened") {
            line.count = cases.cases_opened.Value();
        } else if (code == "cases_closed") {
            line.count = cases.cases_closed.Value();
        } else if (code == "plans_approved") {
            line.count = cases.plans_approved.Value();
        } else if (code == "support_meetings_held") {
            line.count = support_meetings.meetings_held;
        } else if (code == "support_meeting_person_items") {
            line.count = support_meetings.person_items;
        } else if (code == "multilayer_meetings_held") {
            line.count = multilayer_meetings.meetings_held;
        } else if (code == "multilayer_meeting_person_items") {
            line.count = multilayer_meetings.person_items;
        } else if (code == "outreach_persons") {
            line.count = report.outreach.persons.Value();
        } else if (code == "outreach_visits") {
            line.count = report.outreach.visits.Value();
        } else if (code == "participation_opened") {
            line.count = ProgramOpened(cases, Program::kParticipation);
        } else {
            continue;  // an item this version does not compute (national_report_test keeps the list in step)
        }
        national.lines.push_back(std::move(line));
    }
    return national;
}

ReportFile NationalReportFile(const NationalReport& report) {
    ReportFile file;
    file.preamble = {{"国報告（重層的支援体制整備事業 実施状況）", report.label},
                     {"期間", FormatWareki(report.period.first_day) + "～" + FormatWareki(report.period.last_day)},
                     {"定義", report.definition}};
    ReportSection section{.name = "国報告", .heading = {"番号", "項目", "値", "定義"}, .rows = {}};
    for (const NationalReportLine& line : report.lines) {
        XlsxCell value = line.count ? XlsxCell(*line.count) : XlsxCell(line.ValueText());
        section.rows.push_back(
            ReportRow{.key = line.code, .cells = {line.number, line.label, std::move(value), line.definition}});
    }
    file.sections.push_back(std::move(section));
    return file;
}

NationalReportService::NationalReportService(Store& store, const Clock& clock, AuditRecorder& audit)
    : store_(store), clock_(clock), audit_(audit) {}

Result<NationalReport> NationalReportService::Read(const Actor& actor, const ReportPeriod& period) {
    auto kind = OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    // The 国報告 leaves the town with exact figures: only those who read them and may export them see it at all.
    if (!MayReadTownReports(actor.principal, *kind) || FiguresFor(actor.principal, *kind) != Figures::kExact ||
        !IsReleasePeriod(period)) {
        return Fail(Error::NotFound());
    }
    if (auto allowed = AuthorizeExport(store_, actor, ExportKind::kPersonalData); !allowed) {
        if (allowed.error().code == ErrorCode::kPermissionDenied) return Fail(Error::NotFound());
        return Fail(allowed.error());
    }
    auto report = ReadTownPeriod(store_, actor.Tenant(), period, Figures::kExact);
    if (!report) return Fail(report.error());
    report->computed_at = clock_.Now();
    return NationalReportOf(*report);
}

Result<NationalReport> NationalReportService::Report(const Actor& actor, const ReportPeriod& period) {
    auto report = Read(actor, period);
    if (!report) return Fail(report.error());
    AuditEntry entry =
        EntryFor(actor, clock_.Now(), AuditAction::kRead, "report", period.fiscal_year, std::nullopt, "national");
    entry.detail = "国報告（" + report->label + "）";
    audit_.Record(std::move(entry));
    return report;
}

Result<ReportExport> NationalReportService::Export(const Actor& actor, const ReportPeriod& period,
                                                   ReportFormat format) {
    auto report = Read(actor, period);
    if (!report) return Fail(report.error());
    const std::string stem = "kokuhoukoku-" + std::to_string(period.fiscal_year) +
                             (period.kind == PeriodKind::kPartYear ? "-" + std::to_string(period.through_month) : "");
    return DeliverReportFile(
        store_, actor, clock_, NationalReportFile(*report), stem, format,
        {.record_type = "report", .record_id = period.fiscal_year, .what = "国報告（" + report->label + "）"});
}

}  // namespace kasane::domain
