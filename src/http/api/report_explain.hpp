// SPDX-License-Identifier: Apache-2.0
#pragma once

// JSON of the 年度集計's definitions (report_definition.hpp) and of the explanation of a cell (report_explain.hpp).

#include "base/json.hpp"
#include "domain/report.hpp"
#include "http/message.hpp"

namespace kasane::domain {
class ReportService;
}

namespace kasane::http::api {

// {"id", "version", "label", "title", "period_rule", "cells": [{"key", "label", "definition", "national"}],
// "national_items": [{"number", "label", "cell"}]}.
Json ReportDefinitionJson();
// GET /api/v1/reports/fiscal-year/explain for the period the caller parsed: ?cell=… (the records behind it).
Response ExplainReportCell(domain::ReportService& reports, const domain::ReportPeriod& period, Request& request);

namespace schema {
Json ReportDefinition();
Json ReportExplanation();
}  // namespace schema

}  // namespace kasane::http::api
