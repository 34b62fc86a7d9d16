// SPDX-License-Identifier: Apache-2.0
#pragma once

// 国報告 (issue 17, item 10): the 国への報告項目 of a 年度 or its 上半期 — the figures the state's
// 重層的支援体制整備事業 実施状況 reporting asks a town for — taken from the 年度集計 of the same period, item by item
// as the report's definition lists them (report_definition.hpp: NationalReportItem), each with its definition in words
// and, where the records behind it can be listed (report_explain.hpp), the cell that lists them. Its figures are the
// 年度集計's: the 国報告 counts nothing of its own.
//
// Who: the town's own staff with exact figures who may export (export_rights.hpp), since the 国報告 exists to leave
// the town; anyone else is answered like a missing page (kNotFound).

#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/audit_recorder.hpp"
#include "domain/report.hpp"
#include "domain/report_file.hpp"

namespace kasane::domain {

class Store;
struct Actor;

// One line of the 国報告: an item, or one 分野 of an item of 分野別.
struct NationalReportLine {
    std::string number;  // 1, 2, … ; 4-1 … for the 分野 of an item of 分野別
    std::string code;    // stable: contacts, persons, partner_share, field_contacts:elderly, cases_opened, …
    std::string label;   // 包括的相談支援：分野別の延べ件数（高齢）
    std::optional<long long> count;           // a count, or
    std::optional<double> share;              // a share (関係機関からの相談の割合), 0..1
    std::string cell;                         // the definition's cell it draws from (field, meetings, …)
    std::string definition;                   // that cell's definition in words
    std::optional<std::string> explain_cell;  // the 年度集計's cell listing its records (report_explain.hpp)

    // The value as the page and the CSV write it: 123, or 12.3%.
    std::string ValueText() const;
};

struct NationalReport {
    ReportPeriod period;
    std::string label;       // 令和6年度, 令和6年度（～9月）
    std::string definition;  // fiscal-year-report v5
    Instant computed_at{};
    std::vector<NationalReportLine> lines;
};

// The period of a 国報告: the 年度 (through 3) or its 上半期 (through 9); kInvalidArgument naming "year" for an unknown
// 年度, "through" for any other month.
Result<ReportPeriod> NationalReportPeriod(int fiscal_year, int through_month);

// The 国報告 of an exact 年度集計 (its figures, item by item). Pure.
NationalReport NationalReportOf(const FiscalYearReport& report);

// Its file: the preamble (国報告 and the 和暦 period, the definition's version) and one section 国報告 (番号, 項目, 値,
// 定義). Pure.
ReportFile NationalReportFile(const NationalReport& report);

class NationalReportService {
public:
    NationalReportService(Store& store, const Clock& clock, AuditRecorder& audit);
    // The 国報告 of the period (NationalReportPeriod's), audited as a read of the report. kNotFound, like a missing
    // page, for anyone but the town's own staff with exact figures who may export.
    Result<NationalReport> Report(const Actor& actor, const ReportPeriod& period);
    // The same as a file (CSV in UTF-8 with BOM or Windows-31J, or XLSX), audited as an export with its row count
    // before it leaves; refused as Report refuses.
    Result<ReportExport> Export(const Actor& actor, const ReportPeriod& period, ReportFormat format);

private:
    Result<NationalReport> Read(const Actor& actor, const ReportPeriod& period);

    Store& store_;
    const Clock& clock_;
    AuditRecorder& audit_;
};

}  // namespace kasane::domain
