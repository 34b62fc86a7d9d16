// SPDX-License-Identifier: Apache-2.0
#include "http/api/report_json.hpp"

#include "http/api/case_json.hpp"
#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"

namespace kasane::http::api {

namespace {

Json BucketsJson(const std::vector<domain::ReportBucket>& buckets) {
    Json array = Json::array();
    for (const domain::ReportBucket& bucket : buckets) {
        array.push_back({{"code", bucket.code},
                         {"label", bucket.label},
                         {"contacts", CountJson(bucket.contacts)},
                         {"persons", CountJson(bucket.persons)}});
    }
    return array;
}

Json OutreachJson(const domain::ReportOutreachCounts& outreach) {
    Json by_stage = Json::array();
    for (const auto& [stage, count] : outreach.by_stage) {
        by_stage.push_back({{"stage", domain::OutreachStageCode(stage)},
                            {"label", domain::OutreachStageLabel(stage)},
                            {"records", CountJson(count)}});
    }
    return {{"by_stage", std::move(by_stage)},
            {"visits", CountJson(outreach.visits)},
            {"persons", CountJson(outreach.persons)}};
}

}  // namespace

Json CountJson(const domain::ShownCount& count) {
    if (count.IsSuppressed()) return {{"suppressed", true}};
    return count.Value();
}

Json ToJson(const domain::FiscalYearReport& report) {
    const bool suppressed = report.figures == domain::Figures::kSmallCellsSuppressed;
    Json json = {{"fiscal_year", report.fiscal_year},
                 {"label", report.label},
                 {"computed_at", FormatIso8601(report.computed_at)},
                 {"figures", suppressed ? "small_cells_suppressed" : "exact"},
                 {"contacts", CountJson(report.contacts)},
                 {"persons", CountJson(report.persons)},
                 {"households", CountJson(report.households)},
                 {"consultations", CountJson(report.consultations)},
                 {"partner_share", report.partner_share ? Json(*report.partner_share) : Json(nullptr)},
                 {"by_category", BucketsJson(report.by_category)},
                 {"by_channel", BucketsJson(report.by_channel)},
                 {"by_source", BucketsJson(report.by_source)},
                 {"by_organization", BucketsJson(report.by_organization)},
                 {"by_outcome", BucketsJson(report.by_outcome)},
                 {"cases", ToJson(report.cases)},
                 {"outreach", OutreachJson(report.outreach)}};
    if (suppressed) {
        json["suppression_note"] =
            "1または2の件数は「χ」（{\"suppressed\": "
            "true}）として秘匿し、合計から逆算できないよう他の件数も秘匿しています";
    }
    return json;
}

namespace schema {

Json ShownCount() {
    return {{"oneOf", Json::array({Integer(),
                                   Object({{"suppressed", {{"type", "boolean"}, {"const", true}}}}, {"suppressed"})})},
            {"description", "an exact count, or {\"suppressed\": true} for a small cell hidden as 「χ」"}};
}

Json FiscalYearReport() {
    const Json bucket = Object(
        {{"code", String()}, {"label", String()}, {"contacts", ShownCount()}, {"persons", ShownCount()}}, {"code"});
    return Object(
        {{"fiscal_year", Integer()},
         {"label", String()},
         {"computed_at", String()},
         {"figures", EnumSchema({"exact", "small_cells_suppressed"})},
         {"suppression_note", String()},
         {"contacts", ShownCount()},
         {"persons", ShownCount()},
         {"households", ShownCount()},
         {"consultations", ShownCount()},
         {"partner_share", {{"type", {"number", "null"}}}},
         {"by_category", ArrayOf(bucket)},
         {"by_channel", ArrayOf(bucket)},
         {"by_source", ArrayOf(bucket)},
         {"by_organization", ArrayOf(bucket)},
         {"by_outcome", ArrayOf(bucket)},
         {"cases", CaseCounts()},
         {"outreach",
          Object({{"by_stage", ArrayOf(Object({{"stage", String()}, {"label", String()}, {"records", ShownCount()}},
                                              {"stage", "records"}))},
                  {"visits", ShownCount()},
                  {"persons", ShownCount()}},
                 {"by_stage", "visits", "persons"})}},
        {"fiscal_year", "label", "computed_at", "figures", "contacts", "persons"});
}

}  // namespace schema

}  // namespace kasane::http::api
