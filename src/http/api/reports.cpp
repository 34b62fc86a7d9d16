// SPDX-License-Identifier: Apache-2.0
// Fiscal-year counts of consultations (延べ件数, 実人数, by category, channel, source, organisation and outcome):
// aggregates only, the figures of the 重層的支援体制整備事業 reports.

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "http/api/common.hpp"
#include "http/api/report_json.hpp"
#include "http/api/routes.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

namespace {

Response FiscalYear(domain::ReportService& reports, const Clock& clock, Request& request) {
    int fiscal_year = FiscalYearOf(TodayInJapan(clock));
    if (const auto text = request.QueryParam("year")) {
        if (CodePointCount(*text) > 40) {
            return Response::ErrorJson(Error::InvalidArgument("年度の形式が正しくありません", "year"));
        }
        // The message quotes its field argument, so it gets the Japanese name; the error names the parameter.
        auto parsed = ParseFiscalYear(*text, "年度");
        if (!parsed) {
            Error error = parsed.error();
            error.field = "year";
            return Response::ErrorJson(error);
        }
        fiscal_year = *parsed;
    }
    return Reply(reports.FiscalYear(ActorOf(request), fiscal_year));
}

}  // namespace

void AddReportRoutes(Router& router, const ApiDependencies& dependencies) {
    domain::ReportService& reports = dependencies.reports;
    const Clock& clock = dependencies.clock;

    router.Add(
        Route{.method = "GET",
              .pattern = "/api/v1/reports/fiscal-year",
              .access = Access::kSignedIn,
              .surface = Surface::kApi,
              .handler = [&reports, &clock](Request& request) { return FiscalYear(reports, clock, request); },
              .doc = {.summary = "Consultation counts of a fiscal year (?year=2024, 令和6年度 or R6; default the "
                                 "current one): 延べ and 実人数, by category, channel, source, organisation, "
                                 "outcome",
                      .tag = "reports",
                      .response_body = schema::FiscalYearReport()}});
}

}  // namespace kasane::http::api
