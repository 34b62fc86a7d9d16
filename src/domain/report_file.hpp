// SPDX-License-Identifier: Apache-2.0
#pragma once

// A report as the files it leaves the system in (issue 17, item 4): the rows each report exports are decided here
// once, and written as CSV (UTF-8 with BOM, or Windows-31J with 〓 for what it cannot hold) or XLSX (one sheet per
// section, the heading row frozen, whole numbers Excel can sum, 「χ」 as text). The pages draw their tables and
// charts from the same sections, so that a figure on the page and in the file is one figure.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/csv.hpp"
#include "base/result.hpp"
#include "domain/report.hpp"
#include "domain/xlsx_writer.hpp"

namespace kasane::domain {

// A row of a section: its cells (the label first), and a key the pages find it by ("persons", "body:4", ...).
struct ReportRow {
    std::string key;
    std::vector<XlsxCell> cells;  // a count as a number, a hidden one as 「χ」, a label or an empty cell as text
};

struct ReportSection {
    std::string name;  // the XLSX sheet's name (at most 31 characters)
    std::vector<std::string> heading;
    std::vector<ReportRow> rows;
};

struct ReportFile {
    std::vector<std::vector<std::string>> preamble;  // lines above the tables: 集計 and its label, 期間 …
    std::vector<ReportSection> sections;
    long long Rows() const;  // the figures' rows, headings and preamble not counted
};

// The 年度集計 (or any period's report): 集計 (totals and breakdowns: 区分, 項目, 延べ件数, 実人数) and 会議 (every
// body, then the total). Pure.
ReportFile FiscalYearFile(const FiscalYearReport& report);

// The 推移: 推移 (実人数, 延べ件数, 世帯数, meetings of all bodies, then each body's meetings; one column per 年度, a
// part year labelled 令和6年度（～9月）) and 相談者別 (延べ件数 per 相談者 per 年度). Pure.
ReportFile TrendFile(const TrendReport& trend);

// A count as a cell: the number, or 「χ」 when hidden.
XlsxCell CountCell(const ShownCount& count);
// A cell as text, as the CSV writes it.
std::string CellText(const XlsxCell& cell);

enum class ReportFormat {
    kCsvUtf8,        // UTF-8 with BOM
    kCsvWindows31j,  // Windows-31J (CP932), 〓 for a character it cannot hold
    kXlsx,
};
// ?encoding= of a CSV export: "utf-8" or "windows-31j" (and its other names, base/csv.hpp); nullopt otherwise.
std::optional<ReportFormat> CsvReportFormat(std::string_view encoding_code);
std::string_view ReportFormatCode(ReportFormat format);  // "csv:utf-8", "csv:windows-31j", "xlsx"

// An exported report (ReportService::Export, ExportTrend), audited as an export.
struct ReportExport {
    std::string bytes;
    std::string file_name;     // shukei-2024.csv, shukei-2023-9-sjis.csv, suii-2021-2023-9.xlsx
    std::string content_type;  // text/csv; charset=… or the XLSX media type
    long long rows = 0;
    int substituted = 0;  // characters Windows-31J could not hold, written as 〓 (base/csv.hpp)
};

// The file's bytes in the format, named `stem` plus the format's ending (-sjis.csv, .csv, .xlsx).
Result<ReportExport> WriteReportFile(const ReportFile& file, std::string_view stem, ReportFormat format);

// The CSV text before encoding (UTF-8): the preamble lines, then each section's heading and rows.
std::string ReportCsvText(const ReportFile& file);

}  // namespace kasane::domain
