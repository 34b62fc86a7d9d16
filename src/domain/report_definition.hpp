// SPDX-License-Identifier: Apache-2.0
#pragma once

// The reports as versioned definitions (issue 17, item 11): each report has an id and a version, and each of its
// cells a definition in words — what counts, which date in Japan time decides the period, 実 or 延べ — so that the
// town's staff, the prefecture and an auditor read the same rule the counts follow. One home: the page's 「定義」,
// the API and the files show these, and the explanation of a cell (report_explain.hpp) lists the records the same
// rule selects. A change of what a cell counts is a new version here.

#include <span>
#include <string>
#include <string_view>

namespace kasane::domain {

struct ReportCellDefinition {
    std::string_view key;         // contacts, persons, category, ... (the explain's cell, without its code)
    std::string_view label;       // 延べ件数
    std::string_view definition;  // in Japanese, for the town's staff
};

// An item the state asks the town for in its 重層的支援体制整備事業 実施状況 reporting (国への報告項目), drawn from one
// cell of the report: the 国報告 (national_report.hpp) lists these in this order, and the 年度集計 page marks the cells
// they draw from with 「国」. One home: whether a cell is a 国への報告項目 is said here and nowhere else.
struct NationalReportItem {
    std::string_view number;  // 1, 2, … as the 国報告 numbers its items
    std::string_view code;    // contacts, field_persons, … : what the 国報告 computes (its lines' code)
    std::string_view label;   // 相談受付の延べ件数
    std::string_view cell;    // the key of the cell it draws from (ReportCellDefinition::key)
};

struct ReportDefinition {
    std::string_view id;           // fiscal-year-report
    int version = 0;               // 5
    std::string_view title;        // 年度集計
    std::string_view period_rule;  // which date in Japan time decides the period
    std::span<const ReportCellDefinition> cells;
    std::span<const NationalReportItem> national_items;  // 国への報告項目, in the 国報告's order
};

// The 年度集計 (ShowPeriod, ReportService::Period) as it is computed today.
const ReportDefinition& FiscalYearReportDefinition();
// "fiscal-year-report v5".
std::string DefinitionLabel(const ReportDefinition& definition);
// The cell's definition by its key; nullptr for an unknown key.
const ReportCellDefinition* FindCellDefinition(const ReportDefinition& definition, std::string_view key);
// Whether a 国への報告項目 draws from the cell (the 「国」 mark of the 年度集計 page).
bool IsNationalCell(const ReportDefinition& definition, std::string_view key);

}  // namespace kasane::domain
