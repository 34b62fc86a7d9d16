// SPDX-License-Identifier: Apache-2.0
// 国報告 (issue 17, item 10): the 国への報告項目 of a 年度 or its 上半期, each with its number, label, value and
// definition, a link to the records behind it where the 年度集計 can list them, and the links to its files. What the
// items are, their figures and who may see them are the domain's (national_report.hpp, report_definition.hpp).

#include "web/national_report_pages.hpp"
#include "http/query_params.hpp"

#include <memory>
#include <string>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "web/page_routes.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

struct Services {
    domain::NationalReportService& national;
    const Clock& clock;
};

http::Response NationalReportPage(Services& services, const http::Request& request) {
    const int current = FiscalYearOf(TodayInJapan(services.clock));
    auto parsed_year = http::FiscalYearQuery(request, "year", current);
    if (!parsed_year) return RenderErrorPage(request, parsed_year.error());
    const int year = *parsed_year;
    auto through = http::ThroughMonthQuery(request);
    if (!through) return RenderErrorPage(request, through.error());
    auto period = domain::NationalReportPeriod(year, *through);
    if (!period) return RenderErrorPage(request, period.error());
    auto report = services.national.Report(ActorOf(request), *period);
    if (!report) return RenderErrorPage(request, report.error());

    const std::string query =
        "year=" + std::to_string(period->fiscal_year) + "&through=" + std::to_string(period->through_month);
    json lines = json::array();
    for (const domain::NationalReportLine& line : report->lines) {
        json row = {{"number", line.number},
                    {"code", line.code},
                    {"label", line.label},
                    {"value", line.ValueText()},
                    {"definition", line.definition}};
        if (line.explain_cell) {
            row["href"] = "/reports/fiscal-year/explain?" + query + "&cell=" + http::PercentEncode(*line.explain_cell);
        }
        lines.push_back(std::move(row));
    }
    json years = json::array();
    for (int option = current; option >= current - 9; --option) {
        years.push_back({{"value", option}, {"label", FiscalYearLabel(option)}, {"selected", option == year}});
    }
    if (year > current || year < current - 9) {
        years.push_back({{"value", year}, {"label", FiscalYearLabel(year)}, {"selected", true}});
    }
    json data = {{"label", report->label},
                 {"year", year},
                 {"years", std::move(years)},
                 {"half", period->through_month == 9},
                 {"definition", report->definition},
                 {"period_from", DateJson(period->first_day)},
                 {"period_to", DateJson(period->last_day)},
                 {"computed_at", InstantJson(report->computed_at)},
                 {"file_query", query},
                 {"fiscal_year_query", query},
                 {"lines", std::move(lines)}};
    return RenderPage(request, "国報告", "national_report", std::move(data));
}

}  // namespace

void AddNationalReportPages(http::Router& router, domain::NationalReportService& national, const Clock& clock) {
    const auto add = SignedInPageAdder(router, std::make_shared<Services>(Services{national, clock}));
    add("GET", "/reports/national", NationalReportPage);
}

}  // namespace kasane::web
