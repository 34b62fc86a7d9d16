// SPDX-License-Identifier: Apache-2.0
// Fiscal-year counts of consultations (延べ件数, 実人数, by category, channel, source, organisation and outcome):
// aggregates only, the figures of the 重層的支援体制整備事業 reports.

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "http/api/common.hpp"
#include "http/api/file_response.hpp"
#include "http/api/report_explain.hpp"
#include "http/api/report_json.hpp"
#include "http/api/routes.hpp"
#include "http/api/time_json.hpp"
#include "http/query_params.hpp"

namespace kasane::http::api {

namespace {

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
    auto year = FiscalYearQuery(request, "year", FiscalYearOf(TodayInJapan(clock)));
    if (!year) return Fail(year.error());
    auto through = ThroughMonthQuery(request);
    if (!through) return Fail(through.error());
    return domain::PartYearPeriod(*year, *through);
}

Response FiscalYear(domain::ReportService& reports, const Clock& clock, Request& request) {
    auto period = PeriodOf(clock, request);
    if (!period) return Response::ErrorJson(period.error());
    return Reply(reports.Period(ActorOf(request), *period));
}

// The report of the period as a file: CSV in the encoding asked (?encoding=), or XLSX.
Response FiscalYearFile(domain::ReportService& reports, const Clock& clock, Request& request, bool xlsx) {
    auto period = PeriodOf(clock, request);
    if (!period) return Response::ErrorJson(period.error());
    auto format = xlsx ? Result<domain::ReportFormat>(domain::ReportFormat::kXlsx) : CsvFormatParam(request);
    if (!format) return Response::ErrorJson(format.error());
    auto file = reports.Export(ActorOf(request), *period, *format);
    if (!file) return Response::ErrorJson(file.error());
    return AttachmentResponse(std::move(*file));
}

// The 年度 a 推移 asks: ?from (default two before ?to), ?to (default the current one) and ?through.
struct TrendYears {
    int from = 0;
    int to = 0;
    int through = 3;
};

Result<TrendYears> TrendYearsOf(const Clock& clock, Request& request) {
    auto to = FiscalYearQuery(request, "to", FiscalYearOf(TodayInJapan(clock)));
    if (!to) return Fail(to.error());
    auto from = FiscalYearQuery(request, "from", *to - 2);
    if (!from) return Fail(from.error());
    auto through = ThroughMonthQuery(request);
    if (!through) return Fail(through.error());
    return TrendYears{.from = *from, .to = *to, .through = *through};
}

Response Trend(domain::ReportService& reports, const Clock& clock, Request& request) {
    auto years = TrendYearsOf(clock, request);
    if (!years) return Response::ErrorJson(years.error());
    return Reply(reports.Trend(ActorOf(request), years->from, years->to, years->through));
}

Response TrendFile(domain::ReportService& reports, const Clock& clock, Request& request, bool xlsx) {
    auto years = TrendYearsOf(clock, request);
    if (!years) return Response::ErrorJson(years.error());
    auto format = xlsx ? Result<domain::ReportFormat>(domain::ReportFormat::kXlsx) : CsvFormatParam(request);
    if (!format) return Response::ErrorJson(format.error());
    auto file = reports.ExportTrend(ActorOf(request), years->from, years->to, years->through, *format);
    if (!file) return Response::ErrorJson(file.error());
    return AttachmentResponse(std::move(*file));
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
    // The files of the reports: CSV (?encoding=utf-8 with BOM, or windows-31j) and XLSX.
    const std::string file_note =
        ": exact figures need the export right; audited as an export with its row count (X-Kasane-Rows)";
    AddFileRoute(
        router, "/api/v1/reports/fiscal-year.csv",
        [&reports, &clock](Request& request) { return FiscalYearFile(reports, clock, request, false); },
        "The report of the same periods as /api/v1/reports/fiscal-year as CSV (?encoding=utf-8, with BOM, or "
        "windows-31j, 〓 for a character it cannot hold, counted in X-Kasane-Substituted-Characters)" +
            file_note,
        "reports", FileKind::kCsv);
    AddFileRoute(
        router, "/api/v1/reports/fiscal-year.xlsx",
        [&reports, &clock](Request& request) { return FiscalYearFile(reports, clock, request, true); },
        "The report of the same periods as /api/v1/reports/fiscal-year as XLSX (sheets 集計 and 会議, the heading "
        "frozen, 「χ」 as text)" +
            file_note,
        "reports", FileKind::kXlsx);
    AddFileRoute(
        router, "/api/v1/reports/trend.csv",
        [&reports, &clock](Request& request) { return TrendFile(reports, clock, request, false); },
        "The 推移 of /api/v1/reports/trend as CSV (?encoding=utf-8 or windows-31j)" + file_note, "reports",
        FileKind::kCsv);
    AddFileRoute(
        router, "/api/v1/reports/trend.xlsx",
        [&reports, &clock](Request& request) { return TrendFile(reports, clock, request, true); },
        "The 推移 of /api/v1/reports/trend as XLSX (sheets 推移 and 相談者別の推移)" + file_note, "reports",
        FileKind::kXlsx);
    // The records behind a cell (issue 17, item 11): the town's own staff with exact figures only.
    router.Add(Route{.method = "GET",
                     .pattern = "/api/v1/reports/fiscal-year/explain",
                     .access = Access::kSignedIn,
                     .surface = Surface::kApi,
                     .handler =
                         [&reports, &clock](Request& request) {
                             auto period = PeriodOf(clock, request);
                             if (!period) return Response::ErrorJson(period.error());
                             return ExplainReportCell(reports, *period, request);
                         },
                     .doc = {.summary = "The records behind a cell of the report of the same periods as "
                                        "/api/v1/reports/fiscal-year (?cell=contacts, persons, households, "
                                        "consultations, or category:debt:contacts …): the contacts it counts, with "
                                        "the person as the caller may see them; 404 for anyone without exact figures",
                             .tag = "reports",
                             .response_body = schema::ReportExplanation()}});
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
