// SPDX-License-Identifier: Apache-2.0
// 集計: the 年度集計 (any 年度, a part year, or a range of days for the town's own staff) and the 推移 of several 年度,
// with their charts and the links to their files (CSV in both encodings, XLSX). The figures, who may ask which
// period and what each file holds are the domain's (report.hpp, report_file.hpp).

#include <cstdio>
#include <optional>
#include <string_view>
#include <variant>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "domain/consultation.hpp"
#include "domain/master_data.hpp"
#include "domain/outreach.hpp"
#include "domain/report_file.hpp"
#include "domain/support_case.hpp"
#include "http/query_params.hpp"
#include "web/chart.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/report_explain_pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

// --- 年度集計 ---------------------------------------------------------------------------------------------------

// A count as the page shows it: the figure, or 「χ」 for a small cell hidden (see the note on the page).
json CountText(const domain::ShownCount& count) {
    if (count.IsSuppressed()) return "χ";
    return count.Value();
}

json BucketRows(const std::vector<domain::ReportBucket>& buckets) {
    json rows = json::array();
    for (const domain::ReportBucket& bucket : buckets) {
        rows.push_back({{"label", bucket.label.empty() ? bucket.code : bucket.label},
                        {"contacts", CountText(bucket.contacts)},
                        {"persons", CountText(bucket.persons)}});
    }
    return rows;
}

// A breakdown as bars beside its table: 延べ件数 and 実人数 per row, 「χ」 marked where a bar would be.
std::string BucketChartSvg(const std::string& id, const std::string& title,
                           const std::vector<domain::ReportBucket>& buckets) {
    if (buckets.empty()) return "";
    Chart chart{.id = id,
                .title = title + "の延べ件数と実人数",
                .categories = {},
                .series = {{.name = "延べ件数", .values = {}}, {.name = "実人数", .values = {}}}};
    for (const domain::ReportBucket& bucket : buckets) {
        chart.categories.push_back(bucket.label.empty() ? bucket.code : bucket.label);
        chart.series[0].values.push_back(bucket.contacts.ValueIfShown());
        chart.series[1].values.push_back(bucket.persons.ValueIfShown());
    }
    return BarChartSvg(chart);
}

// 課題と特性別 as bars of 実人数 beside its table, 「χ」 marked where a bar would be.
std::string TraitChartSvg(const std::vector<domain::ReportBucket>& buckets) {
    if (buckets.empty()) return "";
    Chart chart{.id = "report-chart-trait",
                .title = "課題と特性別の実人数",
                .categories = {},
                .series = {{.name = "実人数", .values = {}}}};
    for (const domain::ReportBucket& bucket : buckets) {
        chart.categories.push_back(bucket.label.empty() ? bucket.code : bucket.label);
        chart.series[0].values.push_back(bucket.persons.ValueIfShown());
    }
    return BarChartSvg(chart);
}

// 関係機関 against every other source, as shares of 延べ件数 (one stacked bar); hidden when a figure is 「χ」.
std::string PartnerShareChartSvg(const domain::FiscalYearReport& report) {
    std::optional<long long> agency = 0;
    std::optional<long long> others = 0;
    for (const domain::ReportBucket& bucket : report.by_source) {
        std::optional<long long>& sum = bucket.code == domain::SourceCode(domain::Source::kAgency) ? agency : others;
        const auto value = bucket.contacts.ValueIfShown();
        sum = sum && value ? std::optional<long long>(*sum + *value) : std::nullopt;
    }
    Chart chart{.id = "report-chart-partner-share",
                .title = "関係機関からの相談の割合（延べ件数）",
                .categories = {report.label},
                .series = {{.name = "関係機関", .values = {agency}}, {.name = "関係機関以外", .values = {others}}}};
    return StackedShareChartSvg(chart);
}

std::string IsoDateText(Date date) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

json MeetingRow(const domain::ReportMeetings& meetings) {
    json row = {{"name", meetings.body_id ? meetings.name : "合計（共同開催は1回）"},
                {"basis", meetings.body_id ? std::string(domain::LegalBasisLabel(meetings.legal_basis)) : ""},
                {"held", CountText(meetings.meetings_held)},
                {"joint", CountText(meetings.joint_meetings)},
                {"persons", CountText(meetings.persons_discussed)},
                {"person_items", CountText(meetings.person_items)},
                {"cases", CountText(meetings.cases_discussed)},
                {"case_items", CountText(meetings.case_items)}};
    if (meetings.body_id) row["body_id"] = meetings.body_id->value();
    return row;
}

// 会議の開催状況: the bodies with a legal basis and their total, and apart from them the internal meetings with no
// statute (連携責任者連絡会 …) with theirs, when the town has such a body.
void AddMeetings(json& data, const domain::ReportCaseCounts& cases) {
    json statutory = json::array();
    json internal = json::array();
    for (const domain::ReportMeetings& body : cases.by_body) {
        (domain::TakesPersonalData(body.legal_basis) ? statutory : internal).push_back(MeetingRow(body));
    }
    data["meetings"] = {{"total", MeetingRow(cases.all_meetings)}, {"bodies", std::move(statutory)}};
    if (internal.empty()) return;
    json total = MeetingRow(cases.internal_meetings);
    total["name"] = "合計";
    data["internal_meetings"] = {{"total", std::move(total)}, {"bodies", std::move(internal)}};
}

json MonthOptions(int selected) {
    json months = json::array();
    months.push_back({{"value", 3}, {"label", "年度末（3月）まで"}, {"selected", selected == 3}});
    for (int month : {4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2}) {
        months.push_back(
            {{"value", month}, {"label", std::to_string(month) + "月まで"}, {"selected", selected == month}});
    }
    return months;
}

http::Response ShowFiscalYearReport(const IntakeServices& services, http::Request& request) {
    const int current = FiscalYearOf(TodayInJapan(*services.clock));
    auto parsed_year = http::FiscalYearQuery(request, "year", current);
    if (!parsed_year) return RenderErrorPage(request, parsed_year.error());
    int year = *parsed_year;
    auto through = http::ThroughMonthQuery(request);
    if (!through) return RenderErrorPage(request, through.error());
    Result<domain::ReportPeriod> period = domain::PartYearPeriod(year, *through);
    const auto from_text = request.QueryParam("from");
    const auto to_text = request.QueryParam("to");
    const bool range = from_text && to_text && !from_text->empty() && !to_text->empty();
    if (range) {
        auto from = ParseJapaneseDate(*from_text, "期間の始まり");
        if (!from) return RenderErrorPage(request, from.error());
        auto to = ParseJapaneseDate(*to_text, "期間の終わり");
        if (!to) return RenderErrorPage(request, to.error());
        period = domain::DateRangePeriod(*from, *to);
    }
    if (!period) return RenderErrorPage(request, period.error());
    auto report = services.reports->Period(ActorOf(request), *period);
    if (!report) return RenderErrorPage(request, report.error());
    year = report->period.fiscal_year;

    json years = json::array();
    for (int option = current; option >= current - 9; --option) {
        years.push_back({{"value", option}, {"label", FiscalYearLabel(option)}, {"selected", option == year}});
    }
    if (year > current || year < current - 9) {
        years.push_back({{"value", year}, {"label", FiscalYearLabel(year)}, {"selected", true}});
    }
    std::string share = "χ";
    if (report->partner_share) {
        char text[16];
        std::snprintf(text, sizeof text, "%.1f%%", *report->partner_share * 100.0);
        share = text;
    }
    const Date first = report->period.first_day;
    const Date last = report->period.last_day;
    json data = {
        {"label", report->label.empty() ? FiscalYearLabel(year) : report->label},
        {"year", year},
        {"years", years},
        {"months",
         MonthOptions(report->period.kind == domain::PeriodKind::kPartYear ? report->period.through_month : 3)},
        {"partial", report->period.IsPartial()},
        {"range_from", range ? *from_text : ""},
        {"range_to", range ? *to_text : ""},
        {"any_range", report->figures == domain::Figures::kExact},
        {"period_from", DateJson(first)},
        {"period_to", DateJson(last)},
        {"suppressed", report->figures == domain::Figures::kSmallCellsSuppressed},
        {"contacts", CountText(report->contacts)},
        {"persons", CountText(report->persons)},
        {"households", CountText(report->households)},
        {"consultations", CountText(report->consultations)},
        {"partner_share", share},
        {"chart_partner_share", PartnerShareChartSvg(*report)},
        {"breakdowns",
         json::array({{{"key", "category"},
                       {"title", "困りごと別"},
                       {"rows", BucketRows(report->by_category)},
                       {"chart", BucketChartSvg("report-chart-category", "困りごと別", report->by_category)}},
                      {{"key", "channel"},
                       {"title", "経路別"},
                       {"rows", BucketRows(report->by_channel)},
                       {"chart", BucketChartSvg("report-chart-channel", "経路別", report->by_channel)}},
                      {{"key", "source"},
                       {"title", "相談者別"},
                       {"rows", BucketRows(report->by_source)},
                       {"chart", BucketChartSvg("report-chart-source", "相談者別", report->by_source)}},
                      {{"key", "organization"}, {"title", "受付機関別"}, {"rows", BucketRows(report->by_organization)}},
                      {{"key", "outcome"}, {"title", "対応結果別"}, {"rows", BucketRows(report->by_outcome)}}})}};
    // 分野 and 世帯人員 (issue 17, item 3).
    data["breakdowns"].push_back(
        {{"key", "field"},
         {"title", "分野別"},
         {"id", "report-by-field"},
         {"note", "1件の相談が複数の分野にあたるときはそれぞれに数えるため、分野別の合計は総数を超えます。"},
         {"rows", BucketRows(report->by_field)}});
    data["breakdowns"].push_back(
        {{"key", "household_size"},
         {"title", "世帯人員別"},
         {"id", "report-by-household-size"},
         {"note", "世帯人員は期間の末日に本人が属する世帯の人数です（世帯の登録がない人は不明）。"},
         {"rows", BucketRows(report->by_household_size)}});
    // 課題と特性 (issue 17, item 3): persons only, N = 実人数, each with its share of N.
    if (!report->by_trait.empty()) {
        json rows = json::array();
        for (const domain::ReportBucket& bucket : report->by_trait) {
            std::string share;
            if (const auto value = domain::ShareOfPersons(bucket.persons, report->persons)) {
                char percent[24];
                std::snprintf(percent, sizeof percent, "%.1f%%", *value * 100.0);
                share = percent;
            }
            rows.push_back({{"code", bucket.code},
                            {"label", bucket.label},
                            {"persons", CountText(bucket.persons)},
                            {"share", share.empty() ? "－" : share}});
        }
        data["traits"] = {
            {"n", CountText(report->persons)}, {"rows", std::move(rows)}, {"chart", TraitChartSvg(report->by_trait)}};
    }
    // データの質 (issue 17, item 10): per person field, 不明 / 回答拒否 / 未聴取 among the 実人数 (N).
    json quality = json::array();
    for (const domain::ReportQuality& field : report->quality) {
        auto cell = [&report](const domain::ShownCount& count) {
            std::string text = count.IsSuppressed() ? "χ" : std::to_string(count.Value());
            if (const auto share = domain::ShareOfPersons(count, report->persons)) {
                char percent[24];
                std::snprintf(percent, sizeof percent, "（%.1f%%）", *share * 100.0);
                text += percent;
            }
            return text;
        };
        quality.push_back({{"field", field.field},
                           {"label", field.label},
                           {"unknown", cell(field.unknown)},
                           {"refused", cell(field.refused)},
                           {"not_asked", cell(field.not_asked)}});
    }
    data["quality"] = std::move(quality);
    // 多機関協働 (issue #6): cases, plans and meetings of the year, and each 事業's involvements.
    const domain::ReportCaseCounts& cases = report->cases;
    json programs = json::array();
    for (const domain::ReportProgramCounts& program : cases.by_program) {
        programs.push_back({{"label", domain::ProgramLabel(program.program)},
                            {"opened", CountText(program.opened)},
                            {"closed", CountText(program.closed)},
                            {"suspended", CountText(program.suspended)}});
    }
    // The same period as CSV and XLSX (the API's exports: audited as exports, exact figures only with the export
    // right).
    const domain::ReportPeriod& shown = report->period;
    const std::string query =
        shown.kind == domain::PeriodKind::kDateRange
            ? "from=" + IsoDateText(shown.first_day) + "&to=" + IsoDateText(shown.last_day)
            : "year=" + std::to_string(shown.fiscal_year) + "&through=" + std::to_string(shown.through_month);
    data["file_query"] = query;
    const bool may_export = services.reports->MayExportPeriod(ActorOf(request), shown);
    data["may_export"] = may_export;
    // 会議の開催状況 (issue 17): every meeting held, by body, whether or not anyone was on its agenda.
    AddMeetings(data, cases);
    data["computed_at"] = InstantJson(report->computed_at);  // every report shows when it was computed
    data["cases"] = {{"opened", CountText(cases.cases_opened)},
                     {"closed", CountText(cases.cases_closed)},
                     {"plans", CountText(cases.plans_approved)},
                     {"meetings", CountText(cases.meetings_held)},
                     {"cases_discussed", CountText(cases.cases_discussed)},
                     {"agenda_items", CountText(cases.agenda_items)},
                     {"programs", programs}};
    // 定義, and each figure's link to its records (exact figures).
    AddReportExplainData(data, *report, query, may_export);
    // アウトリーチ等を通じた継続的支援: records by their stage at the end of the 年度, 訪問件数 and 実人数.
    json stages = json::array();
    for (const auto& [stage, count] : report->outreach.by_stage) {
        stages.push_back({{"code", domain::OutreachStageCode(stage)},
                          {"label", domain::OutreachStageLabel(stage)},
                          {"records", CountText(count)}});
    }
    data["outreach"] = {{"visits", CountText(report->outreach.visits)},
                        {"persons", CountText(report->outreach.persons)},
                        {"stages", std::move(stages)}};
    return RenderPage(request, "年度集計", "report_fiscal_year", std::move(data));
}

// A figure of a report's file as the page shows it: a count, 「χ」, or a label.
json CellJson(const domain::XlsxCell& cell) {
    if (const auto* number = std::get_if<long long>(&cell)) return *number;
    return std::get<std::string>(cell);
}

// A row of the file as the chart reads it: the figures after the label, 「χ」 as nullopt.
ChartSeries SeriesOf(const domain::ReportRow& row, std::string name) {
    ChartSeries series{.name = std::move(name), .values = {}};
    for (std::size_t cell = 1; cell < row.cells.size(); ++cell) {
        const auto* number = std::get_if<long long>(&row.cells[cell]);
        series.values.push_back(number ? std::optional<long long>(*number) : std::nullopt);
    }
    return series;
}

// The rows of a section as the page's table: the label, then a cell per 年度; `id` the row's key.
json TableRows(const domain::ReportSection& section) {
    json rows = json::array();
    for (const domain::ReportRow& row : section.rows) {
        json cells = json::array();
        for (std::size_t cell = 1; cell < row.cells.size(); ++cell) cells.push_back({{"v", CellJson(row.cells[cell])}});
        rows.push_back({{"key", row.key},
                        {"label", CellJson(row.cells.front())},
                        {"body", row.key.starts_with("body:")},
                        {"cells", std::move(cells)}});
    }
    return rows;
}

const domain::ReportRow* RowWithKey(const domain::ReportSection& section, std::string_view key) {
    for (const domain::ReportRow& row : section.rows) {
        if (row.key == key) return &row;
    }
    return nullptr;
}

// 推移: several 年度 side by side, the last possibly a part year (marked as such), as tables and charts drawn from
// the same rows as the files (domain/report_file.hpp).
http::Response ShowTrendReport(const IntakeServices& services, http::Request& request) {
    const int current = FiscalYearOf(TodayInJapan(*services.clock));
    auto to = http::FiscalYearQuery(request, "to", current, "終わりの年度");
    if (!to) return RenderErrorPage(request, to.error());
    auto from = http::FiscalYearQuery(request, "from", *to - 2, "始まりの年度");
    if (!from) return RenderErrorPage(request, from.error());
    auto through = http::ThroughMonthQuery(request);
    if (!through) return RenderErrorPage(request, through.error());
    auto trend = services.reports->Trend(ActorOf(request), *from, *to, *through);
    if (!trend) return RenderErrorPage(request, trend.error());
    const domain::ReportFile file = domain::TrendFile(*trend);
    const domain::ReportSection& counts = file.sections.at(0);
    const domain::ReportSection& sources = file.sections.at(1);

    json columns = json::array();
    std::vector<std::string> categories;
    for (const domain::FiscalYearReport& year : trend->years) {
        columns.push_back({{"label", year.label}, {"partial", year.period.IsPartial()}});
        categories.push_back(year.label);
    }
    // Charts, each beside its table: 実人数 and 延べ件数 as bars, meetings per body as lines, 相談者 as shares.
    Chart people{.id = "trend-chart-people", .title = "実人数と延べ件数の推移", .categories = categories, .series = {}};
    for (const char* key : {"persons", "contacts"}) {
        if (const domain::ReportRow* row = RowWithKey(counts, key)) {
            people.series.push_back(SeriesOf(*row, std::get<std::string>(row->cells.front())));
        }
    }
    Chart meetings{.id = "trend-chart-meetings",
                   .title = "会議の開催回数の推移（会議体別）",
                   .categories = categories,
                   .series = {}};
    for (const domain::ReportRow& row : counts.rows) {
        if (row.key.starts_with("body:") || row.key == "meetings") {
            meetings.series.push_back(SeriesOf(row, std::get<std::string>(row.cells.front())));
        }
    }
    Chart shares{.id = "trend-chart-sources",
                 .title = "相談者別の割合の推移（延べ件数）",
                 .categories = categories,
                 .series = {}};
    for (const domain::ReportRow& row : sources.rows) {
        shares.series.push_back(SeriesOf(row, std::get<std::string>(row.cells.front())));
    }

    json years = json::array();
    for (int option = current; option >= current - 9; --option) {
        years.push_back({{"value", option}, {"label", FiscalYearLabel(option)}, {"selected", option == *to}});
    }
    json from_years = json::array();
    for (int option = current; option >= current - 9; --option) {
        from_years.push_back({{"value", option}, {"label", FiscalYearLabel(option)}, {"selected", option == *from}});
    }
    json data = {{"columns", std::move(columns)},
                 {"rows", TableRows(counts)},
                 {"source_rows", TableRows(sources)},
                 {"chart_people", BarChartSvg(people)},
                 {"chart_meetings", LineChartSvg(meetings)},
                 {"chart_sources", StackedShareChartSvg(shares)},
                 {"years", std::move(years)},
                 {"from_years", std::move(from_years)},
                 {"months", MonthOptions(*through)},
                 {"file_query", "from=" + std::to_string(*from) + "&to=" + std::to_string(*to) +
                                    "&through=" + std::to_string(*through)},
                 {"suppressed", trend->figures == domain::Figures::kSmallCellsSuppressed},
                 {"computed_at", InstantJson(trend->computed_at)}};
    return RenderPage(request, "集計の推移", "report_trend", std::move(data));
}

}  // namespace

void AddReportPages(http::Router& router, const IntakeServices& services) {
    AddIntakePage(router, services, "GET", "/reports/fiscal-year", ShowFiscalYearReport);
    AddIntakePage(router, services, "GET", "/reports/trend", ShowTrendReport);
    AddReportExplainPages(router, services);
}

}  // namespace kasane::web
