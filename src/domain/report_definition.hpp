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

struct ReportDefinition {
    std::string_view id;           // fiscal-year-report
    int version = 0;               // 3
    std::string_view title;        // 年度集計
    std::string_view period_rule;  // which date in Japan time decides the period
    std::span<const ReportCellDefinition> cells;
};

// The 年度集計 (ShowPeriod, ReportService::Period) as it is computed today.
const ReportDefinition& FiscalYearReportDefinition();
// "fiscal-year-report v5".
std::string DefinitionLabel(const ReportDefinition& definition);
// The cell's definition by its key; nullptr for an unknown key.
const ReportCellDefinition* FindCellDefinition(const ReportDefinition& definition, std::string_view key);

}  // namespace kasane::domain
