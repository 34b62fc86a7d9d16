// SPDX-License-Identifier: Apache-2.0
#pragma once

// 国報告 (national_report.cpp): GET /api/v1/reports/national?year=&through= (JSON), and its files
// /api/v1/reports/national.csv (?encoding=utf-8 or windows-31j) and /api/v1/reports/national.xlsx. Registered apart
// from AddApiRoutes.

#include "base/time.hpp"
#include "domain/national_report.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddNationalReportRoutes(Router& router, domain::NationalReportService& national, const Clock& clock);

}  // namespace kasane::http::api
