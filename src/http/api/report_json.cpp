// SPDX-License-Identifier: Apache-2.0
#include "http/api/report_json.hpp"

#include "http/api/case_json.hpp"
#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/report_explain.hpp"

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

// 課題と特性別: per trait (and 未記入) the persons counted carrying it, N = the 実人数; persons only.
Json TraitsJson(const std::vector<domain::ReportBucket>& buckets) {
    Json array = Json::array();
    for (const domain::ReportBucket& bucket : buckets) {
        array.push_back({{"code", bucket.code}, {"label", bucket.label}, {"persons", CountJson(bucket.persons)}});
    }
    return array;
}

// データの質: per person field, the persons (N = 実人数) with 不明 / 回答拒否 / 未聴取 and each one's share of N.
Json QualityJson(const domain::FiscalYearReport& report) {
    Json array = Json::array();
    for (const domain::ReportQuality& field : report.quality) {
        Json json = {{"field", field.field}, {"label", field.label}};
        const std::pair<const char*, const domain::ShownCount*> reasons[] = {
            {"unknown", &field.unknown}, {"refused", &field.refused}, {"not_asked", &field.not_asked}};
        for (const auto& [code, count] : reasons) {
            const auto share = domain::ShareOfPersons(*count, report.persons);
            json[code] = {{"persons", CountJson(*count)}, {"share", share ? Json(*share) : Json(nullptr)}};
        }
        array.push_back(std::move(json));
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

Json MeetingsJson(const domain::ReportMeetings& meetings) {
    Json json = {{"meetings_held", CountJson(meetings.meetings_held)},
                 {"joint_meetings", CountJson(meetings.joint_meetings)},
                 {"persons_discussed", CountJson(meetings.persons_discussed)},
                 {"person_items", CountJson(meetings.person_items)},
                 {"cases_discussed", CountJson(meetings.cases_discussed)},
                 {"case_items", CountJson(meetings.case_items)}};
    if (meetings.body_id) {
        json["body_id"] = meetings.body_id->value();
        json["name"] = meetings.name;
        json["legal_basis"] = domain::LegalBasisCode(meetings.legal_basis);
        json["legal_basis_label"] = domain::LegalBasisLabel(meetings.legal_basis);
    }
    return json;
}

Json PeriodJson(const domain::ReportPeriod& period) {
    const char* kind = period.kind == domain::PeriodKind::kFiscalYear ? "fiscal_year"
                       : period.kind == domain::PeriodKind::kPartYear ? "part_year"
                                                                      : "date_range";
    Json json = {{"kind", kind},
                 {"fiscal_year", period.fiscal_year},
                 {"first_day", IsoDate(period.first_day)},
                 {"last_day", IsoDate(period.last_day)},
                 {"partial", period.IsPartial()}};
    if (period.kind == domain::PeriodKind::kPartYear) json["through_month"] = period.through_month;
    return json;
}

}  // namespace

Json MeetingsHeldJson(const domain::ReportCaseCounts& cases) {
    Json by_body = Json::array();
    for (const domain::ReportMeetings& body : cases.by_body) by_body.push_back(MeetingsJson(body));
    return {{"all", MeetingsJson(cases.all_meetings)},
            {"internal", MeetingsJson(cases.internal_meetings)},
            {"by_body", std::move(by_body)}};
}

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
                 {"definition", ReportDefinitionJson()},
                 {"by_category", BucketsJson(report.by_category)},
                 {"by_channel", BucketsJson(report.by_channel)},
                 {"by_source", BucketsJson(report.by_source)},
                 {"by_organization", BucketsJson(report.by_organization)},
                 {"by_outcome", BucketsJson(report.by_outcome)},
                 {"by_field", BucketsJson(report.by_field)},
                 {"by_household_size", BucketsJson(report.by_household_size)},
                 {"by_trait", TraitsJson(report.by_trait)},
                 {"data_quality", QualityJson(report)},
                 {"cases", ToJson(report.cases)},
                 {"outreach", OutreachJson(report.outreach)},
                 {"period", PeriodJson(report.period)},
                 {"meetings", MeetingsHeldJson(report.cases)}};
    if (suppressed) {
        json["suppression_note"] =
            "1または2の件数は「χ」（{\"suppressed\": "
            "true}）として秘匿し、合計から逆算できないよう他の件数も秘匿しています";
    }
    return json;
}

Json ToJson(const domain::TrendReport& trend) {
    Json years = Json::array();
    for (const domain::FiscalYearReport& year : trend.years) {
        years.push_back({{"fiscal_year", year.fiscal_year},
                         {"label", year.label},
                         {"partial", year.period.IsPartial()},
                         {"period", PeriodJson(year.period)},
                         {"persons", CountJson(year.persons)},
                         {"contacts", CountJson(year.contacts)},
                         {"meetings", MeetingsHeldJson(year.cases)}});
    }
    return {{"computed_at", FormatIso8601(trend.computed_at)},
            {"figures", trend.figures == domain::Figures::kExact ? "exact" : "small_cells_suppressed"},
            {"years", std::move(years)}};
}

namespace schema {

namespace {

Json MeetingsSchema() {
    const Json body = Object({{"body_id", Integer()},
                              {"name", String()},
                              {"legal_basis", String()},
                              {"legal_basis_label", String()},
                              {"meetings_held", ShownCount()},
                              {"joint_meetings", ShownCount()},
                              {"persons_discussed", ShownCount()},
                              {"person_items", ShownCount()},
                              {"cases_discussed", ShownCount()},
                              {"case_items", ShownCount()}},
                             {"meetings_held"});
    return Object({{"all", body}, {"internal", body}, {"by_body", ArrayOf(body)}}, {"all", "internal", "by_body"});
}

Json PeriodSchema() {
    return Object({{"kind", EnumSchema({"fiscal_year", "part_year", "date_range"})},
                   {"fiscal_year", Integer()},
                   {"first_day", String()},
                   {"last_day", String()},
                   {"through_month", Integer()},
                   {"partial", Boolean()}},
                  {"kind", "fiscal_year", "first_day", "last_day", "partial"});
}

}  // namespace

Json TrendReport() {
    return Object({{"computed_at", String()},
                   {"figures", EnumSchema({"exact", "small_cells_suppressed"})},
                   {"years", ArrayOf(Object({{"fiscal_year", Integer()},
                                             {"label", String()},
                                             {"partial", Boolean()},
                                             {"period", PeriodSchema()},
                                             {"persons", ShownCount()},
                                             {"contacts", ShownCount()},
                                             {"meetings", MeetingsSchema()}},
                                            {"fiscal_year", "label", "partial", "persons", "contacts"}))}},
                  {"computed_at", "figures", "years"});
}

Json ShownCount() {
    return {{"oneOf", Json::array({Integer(),
                                   Object({{"suppressed", {{"type", "boolean"}, {"const", true}}}}, {"suppressed"})})},
            {"description", "an exact count, or {\"suppressed\": true} for a small cell hidden as 「χ」"}};
}

Json FiscalYearReport() {
    const Json bucket = Object(
        {{"code", String()}, {"label", String()}, {"contacts", ShownCount()}, {"persons", ShownCount()}}, {"code"});
    const Json reason = Object({{"persons", ShownCount()}, {"share", {{"type", {"number", "null"}}}}}, {"persons"});
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
         {"definition", ReportDefinition()},
         {"by_category", ArrayOf(bucket)},
         {"by_channel", ArrayOf(bucket)},
         {"by_source", ArrayOf(bucket)},
         {"by_organization", ArrayOf(bucket)},
         {"by_outcome", ArrayOf(bucket)},
         {"by_field", ArrayOf(bucket)},
         {"by_household_size", ArrayOf(bucket)},
         {"by_trait", ArrayOf(Object({{"code", String()}, {"label", String()}, {"persons", ShownCount()}},
                                     {"code", "label", "persons"}))},
         {"data_quality", ArrayOf(Object({{"field", String()},
                                          {"label", String()},
                                          {"unknown", reason},
                                          {"refused", reason},
                                          {"not_asked", reason}},
                                         {"field", "unknown", "refused", "not_asked"}))},
         {"cases", CaseCounts()},
         {"outreach",
          Object({{"by_stage", ArrayOf(Object({{"stage", String()}, {"label", String()}, {"records", ShownCount()}},
                                              {"stage", "records"}))},
                  {"visits", ShownCount()},
                  {"persons", ShownCount()}},
                 {"by_stage", "visits", "persons"})},
         {"period", PeriodSchema()},
         {"meetings", MeetingsSchema()}},
        {"fiscal_year", "label", "computed_at", "figures", "contacts", "persons"});
}

}  // namespace schema

}  // namespace kasane::http::api
