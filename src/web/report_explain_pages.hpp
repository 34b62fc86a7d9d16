// SPDX-License-Identifier: Apache-2.0
#pragma once

// 集計の根拠 (report_explain_pages.cpp): the page of the records behind a figure of the 年度集計, and on the 年度集計
// page its definitions and, for exact figures, a link on each figure.

#include <string>

#include <nlohmann/json.hpp>

#include "domain/report.hpp"
#include "web/page_support.hpp"

namespace kasane::web {

void AddReportExplainPages(http::Router& router, const IntakeServices& services);
// Sets "definition" (定義) and, for exact figures, "explain_links" (the totals) and each breakdown row's
// "href_contacts" / "href_persons" (a breakdown with a "key" of report_explain.hpp), and the link to the 国報告 when
// `may_export` (ReportService::MayExportPeriod). `query` is the period's query.
void AddReportExplainData(nlohmann::json& data, const domain::FiscalYearReport& report, const std::string& query,
                          bool may_export);

}  // namespace kasane::web
