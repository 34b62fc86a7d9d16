// SPDX-License-Identifier: Apache-2.0
// Fiscal-year counts of consultations (延べ件数, 実人数, by category, channel, source, organisation and outcome):
// aggregates only, the figures of the 重層的支援体制整備事業 reports.

#include <charconv>

#include "base/csv.hpp"
#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "http/api/common.hpp"
#include "http/api/report_json.hpp"
#include "http/api/routes.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

namespace {

// A 年度 query parameter (2024, 令和6年度, R6), or `fallback` when absent.
Result<int> YearParam(Request& request, std::string_view name, int fallback) {
    const auto text = request.QueryParam(name);
    if (!text) return fallback;
    if (CodePointCount(*text) > 40) {
        return Fail(Error::InvalidArgument("年度の形式が正しくありません", std::string(name)));
    }
    // The message quotes its field argument, so it gets the Japanese name; the error names the parameter.
    auto parsed = ParseFiscalYear(*text, "年度");
    if (!parsed) {
        Error error = parsed.error();
        error.field = std::string(name);
        return Fail(error);
    }
    return *parsed;
}

// The month a part year runs to (?through=9), or 3 (the whole year) when absent.
Result<int> ThroughParam(Request& request) {
    const auto text = request.QueryParam("through");
    if (!text || text->empty()) return 3;
    int month = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), month);
    if (error != std::errc{} || end != text->data() + text->size() || month < 1 || month > 12) {
        return Fail(Error::InvalidArgument("何月までの集計かを1から12の月で選んでください", "through"));
    }
    return month;
}

Result<Date> DateParam(Request& request, std::string_view name, std::string_view label) {
    const auto text = request.QueryParam(name);
    if (!text || CodePointCount(*text) > 40) {
        return Fail(Error::InvalidArgument("日付を入れてください", std::string(name)));
    }
    auto parsed = ParseJapaneseDate(*text, label);
    if (!parsed) {
        Error error = parsed.error();
        error.field = std::string(name);
        return Fail(error);
    }
    return *parsed;
}

// The period a request asks: ?from&to (a range of days), else ?year (default the current 年度) and ?through.
Result<domain::ReportPeriod> PeriodOf(const Clock& clock, Request& request) {
    if (request.QueryParam("from") || request.QueryParam("to")) {
        auto from = DateParam(request, "from", "期間の始まり");
        if (!from) return Fail(from.error());
        auto to = DateParam(request, "to", "期間の終わり");
        if (!to) return Fail(to.error());
        return domain::DateRangePeriod(*from, *to);
    }
    auto year = YearParam(request, "year", FiscalYearOf(TodayInJapan(clock)));
    if (!year) return Fail(year.error());
    auto through = ThroughParam(request);
    if (!through) return Fail(through.error());
    return domain::PartYearPeriod(*year, *through);
}

Response FiscalYear(domain::ReportService& reports, const Clock& clock, Request& request) {
    auto period = PeriodOf(clock, request);
    if (!period) return Response::ErrorJson(period.error());
    return Reply(reports.Period(ActorOf(request), *period));
}

Response FiscalYearCsv(domain::ReportService& reports, const Clock& clock, Request& request) {
    auto period = PeriodOf(clock, request);
    if (!period) return Response::ErrorJson(period.error());
    const std::string code = request.QueryParam("encoding").value_or("utf-8");
    const auto encoding = csv::ParseEncoding(code);
    if (!encoding) {
        return Response::ErrorJson(
            Error::InvalidArgument("encoding は utf-8 か windows-31j を指定してください", "encoding"));
    }
    auto file = reports.ExportCsv(ActorOf(request), *period, *encoding);
    if (!file) return Response::ErrorJson(file.error());
    Response response = Response::Text(200, std::move(file->bytes), std::string(csv::ContentType(*encoding)));
    response.SetHeader("Content-Disposition", "attachment; filename=\"" + file->file_name + "\"");
    response.SetHeader("Cache-Control", "no-store");
    response.SetHeader("X-Kasane-Rows", std::to_string(file->rows));
    // Characters Windows-31J cannot hold were written as 〓 (base/csv.hpp): the count tells the reader so.
    response.SetHeader("X-Kasane-Substituted-Characters", std::to_string(file->substituted));
    return response;
}

Response Trend(domain::ReportService& reports, const Clock& clock, Request& request) {
    const int current = FiscalYearOf(TodayInJapan(clock));
    auto to = YearParam(request, "to", current);
    if (!to) return Response::ErrorJson(to.error());
    auto from = YearParam(request, "from", *to - 2);
    if (!from) return Response::ErrorJson(from.error());
    auto through = ThroughParam(request);
    if (!through) return Response::ErrorJson(through.error());
    return Reply(reports.Trend(ActorOf(request), *from, *to, *through));
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
                                 "current one), of a part year (?through=9: April to September), or, for the "
                                 "town's own staff, of any days (?from=2024-04-01&to=2024-06-30): 延べ and 実人数, "
                                 "by category, channel, source, organisation, outcome, meetings held by body",
                      .tag = "reports",
                      .response_body = schema::FiscalYearReport()}});
    router.Add(Route{
        .method = "GET",
        .pattern = "/api/v1/reports/fiscal-year.csv",
        .access = Access::kSignedIn,
        .surface = Surface::kApi,
        .handler = [&reports, &clock](Request& request) { return FiscalYearCsv(reports, clock, request); },
        .doc = {.summary = "The report of the same periods as /api/v1/reports/fiscal-year as CSV (?encoding=utf-8, "
                           "with BOM, or windows-31j): exact figures need the export right; audited as an export "
                           "with its row count",
                .tag = "reports",
                .response_body = schema::String(),
                .response_media_type = "text/csv"}});
    router.Add(Route{
        .method = "GET",
        .pattern = "/api/v1/reports/trend",
        .access = Access::kSignedIn,
        .surface = Surface::kApi,
        .handler = [&reports, &clock](Request& request) { return Trend(reports, clock, request); },
        .doc = {.summary =
                    "推移: the 年度 ?from=2022 .. ?to=2024 side by side (実人数, 延べ, meetings held by body), the "
                    "last one through the month ?through=9 (a part year, marked partial)",
                .tag = "reports",
                .response_body = schema::TrendReport()}});
}

}  // namespace kasane::http::api
