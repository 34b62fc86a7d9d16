// SPDX-License-Identifier: Apache-2.0
// 国報告 (issue 17, item 10): the 国への報告項目 of a 年度 or its 上半期, as JSON and as files. Each handler parses,
// calls one use case and maps its Result.

#include "http/api/national_report.hpp"

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "base/json.hpp"
#include "http/api/common.hpp"
#include "http/api/file_response.hpp"
#include "http/api/time_json.hpp"
#include "http/query_params.hpp"

namespace kasane::http::api {

namespace {

// ?year= (2024, 令和6年度, R6; the current 年度 when absent) and ?through= (3, the whole year, or 9, the 上半期).
Result<domain::ReportPeriod> NationalPeriodOf(const Clock& clock, Request& request) {
    auto year = FiscalYearQuery(request, "year", FiscalYearOf(TodayInJapan(clock)));
    if (!year) return Fail(year.error());
    auto through = ThroughMonthQuery(request);
    if (!through) return Fail(through.error());
    return domain::NationalReportPeriod(*year, *through);
}

Json ToJson(const domain::NationalReport& report) {
    Json lines = Json::array();
    for (const domain::NationalReportLine& line : report.lines) {
        lines.push_back({{"number", line.number},
                         {"code", line.code},
                         {"label", line.label},
                         {"value", line.count   ? Json(*line.count)
                                   : line.share ? Json(*line.share)
                                                : Json(nullptr)},
                         {"value_text", line.ValueText()},
                         {"cell", line.cell},
                         {"definition", line.definition},
                         {"explain_cell", line.explain_cell ? Json(*line.explain_cell) : Json(nullptr)}});
    }
    return {{"label", report.label},
            {"year", report.period.fiscal_year},
            {"through", report.period.through_month},
            {"definition", report.definition},
            {"computed_at", FormatIso8601(report.computed_at)},
            {"lines", std::move(lines)}};
}

Json NationalReportSchema() {
    using namespace schema;  // NOLINT(google-build-using-namespace)
    return Object({{"label", String()},
                   {"year", Integer()},
                   {"through", Integer()},
                   {"definition", String()},
                   {"computed_at", String()},
                   {"lines", ArrayOf(Object({{"number", String()},
                                             {"code", String()},
                                             {"label", String()},
                                             {"value", {{"type", {"number", "null"}}}},
                                             {"value_text", String()},
                                             {"cell", String()},
                                             {"definition", String()},
                                             {"explain_cell", {{"type", {"string", "null"}}}}},
                                            {"number", "code", "label", "value", "value_text", "cell"}))}},
                  {"label", "year", "through", "definition", "lines"});
}

Response NationalFile(domain::NationalReportService& national, const Clock& clock, Request& request, bool xlsx) {
    auto period = NationalPeriodOf(clock, request);
    if (!period) return Response::ErrorJson(period.error());
    auto format = xlsx ? Result<domain::ReportFormat>(domain::ReportFormat::kXlsx) : CsvFormatParam(request);
    if (!format) return Response::ErrorJson(format.error());
    auto file = national.Export(ActorOf(request), *period, *format);
    if (!file) return Response::ErrorJson(file.error());
    return AttachmentResponse(std::move(*file));
}

}  // namespace

void AddNationalReportRoutes(Router& router, domain::NationalReportService& national, const Clock& clock) {
    AddSignedInRoute(
        router, "GET", "/api/v1/reports/national",
        [&national, &clock](Request& request) {
            auto period = NationalPeriodOf(clock, request);
            if (!period) return Response::ErrorJson(period.error());
            auto report = national.Report(ActorOf(request), *period);
            if (!report) return Response::ErrorJson(report.error());
            return Response::Json(200, ToJson(*report));
        },
        {.summary =
             "国報告: the 国への報告項目 (重層的支援体制整備事業 実施状況) of a 年度 (?year=2024, 令和6年度 or R6) or "
             "its 上半期 (?through=9), each item with its number, label, value, definition and the 年度集計's "
             "cell listing its records (explain_cell); the figures are the 年度集計's. The town's own staff "
             "with exact figures and the export right only; anyone else gets 404",
         .tag = "reports",
         .response_body = NationalReportSchema()});
    const std::string file_note =
        ": the same callers as /api/v1/reports/national; audited as an export with its row count (X-Kasane-Rows)";
    AddFileRoute(
        router, "/api/v1/reports/national.csv",
        [&national, &clock](Request& request) { return NationalFile(national, clock, request, false); },
        "The 国報告 of /api/v1/reports/national as CSV (?encoding=utf-8, with BOM, or windows-31j, 〓 for a character "
        "it cannot hold)" +
            file_note,
        "reports", FileKind::kCsv);
    AddFileRoute(
        router, "/api/v1/reports/national.xlsx",
        [&national, &clock](Request& request) { return NationalFile(national, clock, request, true); },
        "The 国報告 of /api/v1/reports/national as XLSX (sheet 国報告 under the 和暦 heading, the heading frozen)" +
            file_note,
        "reports", FileKind::kXlsx);
}

}  // namespace kasane::http::api
