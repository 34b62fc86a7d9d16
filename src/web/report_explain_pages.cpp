// SPDX-License-Identifier: Apache-2.0
// 集計の根拠 (issue 17, item 11): the 年度集計's definitions shown on its page, each of its figures a link for the
// town's own staff with exact figures, and the page of the records behind one figure. Who may see the records, and
// what each figure counts, are the domain's (report_explain.hpp, report_definition.hpp).

#include "web/report_explain_pages.hpp"
#include "http/query_params.hpp"

#include <string>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "domain/report_definition.hpp"
#include "domain/report_explain.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

json DefinitionData() {
    const domain::ReportDefinition& definition = domain::FiscalYearReportDefinition();
    json cells = json::array();
    for (const domain::ReportCellDefinition& cell : definition.cells) {
        cells.push_back({{"key", cell.key},
                         {"label", cell.label},
                         {"definition", cell.definition},
                         {"national_mark", domain::IsNationalCell(definition, cell.key)}});
    }
    return {{"label", domain::DefinitionLabel(definition)},
            {"title", definition.title},
            {"period_rule", definition.period_rule},
            {"cells", std::move(cells)}};
}

// The period a request asks, as the 年度集計 page reads it: ?from&to, else ?year (default the current 年度) and
// ?through.
Result<domain::ReportPeriod> PeriodAsked(const IntakeServices& services, const http::Request& request) {
    const auto from = request.QueryParam("from");
    const auto to = request.QueryParam("to");
    if (from && to && !from->empty() && !to->empty()) {
        auto first = ParseJapaneseDate(*from, "期間の始まり");
        if (!first) return Fail(first.error());
        auto last = ParseJapaneseDate(*to, "期間の終わり");
        if (!last) return Fail(last.error());
        return domain::DateRangePeriod(*first, *last);
    }
    auto year = http::FiscalYearQuery(request, "year", FiscalYearOf(TodayInJapan(*services.clock)));
    if (!year) return Fail(year.error());
    auto through = http::ThroughMonthQuery(request);
    if (!through) return Fail(through.error());
    return domain::PartYearPeriod(*year, *through);
}

http::Response ShowExplanation(const IntakeServices& services, http::Request& request) {
    auto period = PeriodAsked(services, request);
    if (!period) return RenderErrorPage(request, period.error());
    auto explanation = services.reports->Explain(ActorOf(request), *period, request.QueryParam("cell").value_or(""));
    if (!explanation) return RenderErrorPage(request, explanation.error());
    json records = json::array();
    for (const domain::ExplainedRecord& record : explanation->records) {
        std::string categories;
        for (const std::string& category : record.categories) {
            categories += (categories.empty() ? "" : "、") + category;
        }
        records.push_back({{"contact_id", record.contact_id},
                           {"consultation_id", record.consultation_id.value()},
                           {"occurred_at", InstantJson(record.occurred_at)},
                           {"person", record.person},
                           {"person_id", record.person_id ? json(record.person_id->value()) : json(nullptr)},
                           {"categories", categories},
                           {"channel", record.channel},
                           {"source", record.source}});
    }
    json meetings = json::array();
    for (const domain::ExplainedMeeting& meeting : explanation->meetings) {
        meetings.push_back({{"meeting_id", meeting.meeting_id.value()},
                            {"held_on", DateJson(meeting.held_on)},
                            {"body", meeting.body},
                            {"joint_body", meeting.joint_body ? json(*meeting.joint_body) : json(nullptr)},
                            {"internal", meeting.internal},
                            {"person_items", meeting.person_items},
                            {"case_items", meeting.case_items}});
    }
    json cases = json::array();
    for (const domain::ExplainedCase& row : explanation->cases) {
        cases.push_back({{"case_id", row.case_id.value()},
                         {"title", row.title ? json(*row.title) : json(nullptr)},
                         {"on", DateJson(row.on)},
                         {"plan_version", row.plan_version ? json(*row.plan_version) : json(nullptr)}});
    }
    std::string back = "/reports/fiscal-year";
    if (!request.query.empty()) back += "?" + request.query;
    json data = {{"label", explanation->label},
                 {"definition", explanation->definition},
                 {"cell", explanation->cell},
                 {"cell_label", explanation->cell_label},
                 {"cell_definition", explanation->cell_definition},
                 {"figure", explanation->figure},
                 {"listed_figure", explanation->listed_figure},
                 {"distinct", explanation->listed_figure != static_cast<long long>(explanation->records.size())},
                 {"record_count", explanation->records.size()},
                 {"records", std::move(records)},
                 {"of_meetings", explanation->cell.starts_with("meetings:")},
                 {"meeting_count", explanation->meetings.size()},
                 {"meetings", std::move(meetings)},
                 {"of_cases", explanation->cell.starts_with("cases:")},
                 {"of_plans", explanation->cell == "cases:plans_approved"},
                 {"case_count", explanation->cases.size()},
                 {"cases", std::move(cases)},
                 {"back", back}};
    return RenderPage(request, "集計の根拠", "report_explain", std::move(data));
}

}  // namespace

void AddReportExplainData(nlohmann::json& data, const domain::FiscalYearReport& report, const std::string& query,
                          bool may_export) {
    data["definition"] = DefinitionData();
    // 「国」 beside each figure a 国への報告項目 draws from (report_definition.hpp: one home for the marking).
    json national = json::object();
    for (const domain::ReportCellDefinition& cell : domain::FiscalYearReportDefinition().cells) {
        if (domain::IsNationalCell(domain::FiscalYearReportDefinition(), cell.key)) national[cell.key] = true;
    }
    data["national"] = std::move(national);
    if (data.contains("breakdowns")) {
        for (json& breakdown : data["breakdowns"]) {
            const std::string key = breakdown.value("key", "");
            breakdown["national_mark"] =
                !key.empty() && domain::IsNationalCell(domain::FiscalYearReportDefinition(), key);
        }
    }
    // The 国報告 of the same 年度 (and 上半期), for those who may see it: the town's own staff with exact figures and
    // the export right (NationalReportService's rule).
    const domain::ReportPeriod& period = report.period;
    if (may_export && report.figures == domain::Figures::kExact && domain::IsReleasePeriod(period)) {
        data["national_report_href"] = "/reports/national?year=" + std::to_string(period.fiscal_year) +
                                       "&through=" + std::to_string(period.through_month);
    }
    if (report.figures != domain::Figures::kExact) return;
    const std::string base = "/reports/fiscal-year/explain?" + query + "&cell=";
    json totals = json::object();
    for (const char* cell : {"contacts", "persons", "households", "consultations"}) totals[cell] = base + cell;
    data["explain_links"] = std::move(totals);
    // 課題と特性別: persons only.
    if (data.contains("traits") && data["traits"]["rows"].size() == report.by_trait.size()) {
        for (std::size_t i = 0; i < report.by_trait.size(); ++i) {
            data["traits"]["rows"][i]["href_persons"] =
                base + "trait%3A" + http::PercentEncode(report.by_trait[i].code) + "%3Apersons";
        }
    }
    // 多機関協働: ケース開始件数, ケース終結件数, プラン作成件数.
    if (data.contains("cases")) {
        data["cases"]["href_opened"] = base + "cases%3Aopened";
        data["cases"]["href_closed"] = base + "cases%3Aclosed";
        data["cases"]["href_plans"] = base + "cases%3Aplans_approved";
    }
    // 会議の開催状況: each body's 開催回数 and the totals (the bodies' rows as AddMeetings built them, by body_id).
    for (const char* table : {"meetings", "internal_meetings"}) {
        if (!data.contains(table)) continue;
        json& meetings = data[table];
        if (meetings.contains("total")) {
            meetings["total"]["href_held"] =
                base + (std::string(table) == "meetings" ? "meetings%3Aheld" : "meetings%3Ainternal%3Aheld");
        }
        if (!meetings.contains("bodies")) continue;
        for (json& body : meetings["bodies"]) {
            if (!body.contains("body_id")) continue;
            body["href_held"] =
                base + "meetings%3Abody%3A" + std::to_string(body["body_id"].get<std::int64_t>()) + "%3Aheld";
        }
    }
    if (!data.contains("breakdowns")) return;
    for (json& breakdown : data["breakdowns"]) {
        const std::string key = breakdown.value("key", "");
        const std::vector<domain::ReportBucket>* buckets = domain::BucketsOf(report, key);
        if (buckets == nullptr || !breakdown.contains("rows") || breakdown["rows"].size() != buckets->size()) continue;
        for (std::size_t i = 0; i < buckets->size(); ++i) {
            const std::string cell = base + key + "%3A" + http::PercentEncode((*buckets)[i].code) + "%3A";
            breakdown["rows"][i]["href_contacts"] = cell + "contacts";
            breakdown["rows"][i]["href_persons"] = cell + "persons";
        }
    }
}

void AddReportExplainPages(http::Router& router, const IntakeServices& services) {
    AddIntakePage(router, services, "GET", "/reports/fiscal-year/explain", ShowExplanation);
}

}  // namespace kasane::web
