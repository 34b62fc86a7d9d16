// SPDX-License-Identifier: Apache-2.0
#pragma once

// 国報告's page (national_report_pages.cpp): GET /reports/national?year=&through=.

#include "base/time.hpp"
#include "domain/national_report.hpp"
#include "http/router.hpp"

namespace kasane::web {

void AddNationalReportPages(http::Router& router, domain::NationalReportService& national, const Clock& clock);

}  // namespace kasane::web
