// SPDX-License-Identifier: Apache-2.0
// The 年度集計's definitions and the records behind one of its cells (issue 17, item 11).

#include "http/api/report_explain.hpp"

#include "domain/report_definition.hpp"
#include "domain/report_explain.hpp"
#include "http/api/common.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

Json ReportDefinitionJson() {
    const domain::ReportDefinition& definition = domain::FiscalYearReportDefinition();
    Json cells = Json::array();
    for (const domain::ReportCellDefinition& cell : definition.cells) {
        cells.push_back({{"key", cell.key},
                         {"label", cell.label},
                         {"definition", cell.definition},
                         {"national", domain::IsNationalCell(definition, cell.key)}});
    }
    Json national_items = Json::array();
    for (const domain::NationalReportItem& item : definition.national_items) {
        national_items.push_back({{"number", item.number}, {"label", item.label}, {"cell", item.cell}});
    }
    return {{"id", definition.id},
            {"version", definition.version},
            {"label", domain::DefinitionLabel(definition)},
            {"title", definition.title},
            {"period_rule", definition.period_rule},
            {"cells", std::move(cells)},
            {"national_items", std::move(national_items)}};
}

namespace {

Json ToJson(const domain::ReportExplanation& explanation) {
    Json records = Json::array();
    for (const domain::ExplainedRecord& record : explanation.records) {
        records.push_back({{"contact_id", record.contact_id},
                           {"consultation_id", record.consultation_id.value()},
                           {"occurred_at", FormatIso8601(record.occurred_at)},
                           {"person_id", record.person_id ? Json(record.person_id->value()) : Json(nullptr)},
                           {"person", record.person},
                           {"categories", record.categories},
                           {"channel", record.channel},
                           {"source", record.source}});
    }
    Json meetings = Json::array();
    for (const domain::ExplainedMeeting& meeting : explanation.meetings) {
        meetings.push_back({{"meeting_id", meeting.meeting_id.value()},
                            {"held_on", IsoDate(meeting.held_on)},
                            {"body", meeting.body},
                            {"joint_body", meeting.joint_body ? Json(*meeting.joint_body) : Json(nullptr)},
                            {"internal", meeting.internal},
                            {"person_items", meeting.person_items},
                            {"case_items", meeting.case_items}});
    }
    Json cases = Json::array();
    for (const domain::ExplainedCase& row : explanation.cases) {
        cases.push_back({{"case_id", row.case_id.value()},
                         {"title", row.title ? Json(*row.title) : Json(nullptr)},
                         {"on", IsoDate(row.on)},
                         {"plan_version", row.plan_version ? Json(*row.plan_version) : Json(nullptr)}});
    }
    return {{"definition", explanation.definition},
            {"label", explanation.label},
            {"cell", explanation.cell},
            {"cell_label", explanation.cell_label},
            {"cell_definition", explanation.cell_definition},
            {"figure", explanation.figure},
            {"listed_figure", explanation.listed_figure},
            {"records", std::move(records)},
            {"meetings", std::move(meetings)},
            {"cases", std::move(cases)}};
}

}  // namespace

Response ExplainReportCell(domain::ReportService& reports, const domain::ReportPeriod& period, Request& request) {
    auto explanation = reports.Explain(ActorOf(request), period, request.QueryParam("cell").value_or(""));
    if (!explanation) return Response::ErrorJson(explanation.error());
    return Response::Json(200, ToJson(*explanation));
}

namespace schema {

Json ReportDefinition() {
    return Object(
        {{"id", String()},
         {"version", Integer()},
         {"label", String()},
         {"title", String()},
         {"period_rule", String()},
         {"cells",
          ArrayOf(Object({{"key", String()}, {"label", String()}, {"definition", String()}, {"national", Boolean()}},
                         {"key", "label", "definition", "national"}))},
         {"national_items", ArrayOf(Object({{"number", String()}, {"label", String()}, {"cell", String()}},
                                           {"number", "label", "cell"}))}},
        {"id", "version", "label", "cells"});
}

Json ReportExplanation() {
    return Object(
        {{"definition", String()},
         {"label", String()},
         {"cell", String()},
         {"cell_label", String()},
         {"cell_definition", String()},
         {"figure", Integer()},
         {"listed_figure", Integer()},
         {"records", ArrayOf(Object({{"contact_id", Integer()},
                                     {"consultation_id", Integer()},
                                     {"occurred_at", String()},
                                     {"person_id", {{"type", {"integer", "null"}}}},
                                     {"person", String()},
                                     {"categories", ArrayOf(String())},
                                     {"channel", String()},
                                     {"source", String()}},
                                    {"contact_id", "consultation_id", "occurred_at", "person"}))},
         // The meetings behind a `meetings:…:held` cell (records then empty): no person named.
         {"meetings",
          ArrayOf(Object({{"meeting_id", Integer()},
                          {"held_on", String()},
                          {"body", String()},
                          {"joint_body", {{"type", {"string", "null"}}}},
                          {"internal", Boolean()},
                          {"person_items", Integer()},
                          {"case_items", Integer()}},
                         {"meeting_id", "held_on", "body", "joint_body", "internal", "person_items", "case_items"}))},
         // The cases (plan versions) behind a `cases:…` cell: no title for a case the reader may not see.
         {"cases", ArrayOf(Object({{"case_id", Integer()},
                                   {"title", {{"type", {"string", "null"}}}},
                                   {"on", String()},
                                   {"plan_version", {{"type", {"integer", "null"}}}}},
                                  {"case_id", "title", "on", "plan_version"}))}},
        {"definition", "cell", "figure", "listed_figure", "records", "meetings", "cases"});
}

}  // namespace schema

}  // namespace kasane::http::api
