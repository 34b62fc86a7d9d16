// SPDX-License-Identifier: Apache-2.0
// 孤独感の測定 (issue 17, item 7): the national items recorded on a consultation (受付時, 経過確認, 終結時), the
// consultation's history with the person's change, and the outcome report per instrument version with the national
// distribution as a population reference. Each handler parses, calls one use case and maps its Result.

#include "http/api/loneliness.hpp"

#include "base/japanese_date.hpp"
#include "base/json.hpp"
#include "http/api/common.hpp"
#include "http/api/file_response.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/report_json.hpp"
#include "http/api/time_json.hpp"
#include "http/query_params.hpp"

namespace kasane::http::api {

namespace {

Json OptionalIntJson(const std::optional<int>& value) { return value ? Json(*value) : Json(nullptr); }
Json OptionalBoolJson(const std::optional<bool>& value) { return value ? Json(*value) : Json(nullptr); }

Json MeasureJson(const domain::LonelinessMeasure& measure) {
    const domain::LonelinessAnswers& answers = measure.answers;
    const domain::IsolationAnswers& isolation = answers.isolation;
    const auto total = answers.UclaTotal();
    return Json{{"id", measure.id},
                {"consultation_id", measure.consultation_id},
                {"person_id", measure.person_id},
                {"version", answers.version},
                {"phase", domain::MeasurePhaseCode(measure.phase)},
                {"phase_label", domain::MeasurePhaseLabel(measure.phase)},
                {"administered_on", DateJson(measure.administered_on)},
                {"administered_by", measure.administered_by},
                {"direct", OptionalIntJson(answers.direct)},
                {"direct_label", answers.direct ? Json(domain::DirectAnswerLabel(*answers.direct)) : Json(nullptr)},
                {"ucla", answers.ucla ? Json(*answers.ucla) : Json(nullptr)},
                {"ucla_total", OptionalIntJson(total)},
                {"ucla_band", total ? Json(domain::UclaBandLabel(domain::UclaBandOf(*total))) : Json(nullptr)},
                {"isolation",
                 {{"contact_in_person", OptionalIntJson(isolation.family_contact_in_person)},
                  {"contact_by_phone", OptionalIntJson(isolation.family_contact_by_phone)},
                  {"contact_online", OptionalIntJson(isolation.family_contact_online)},
                  {"takes_part", OptionalBoolJson(isolation.takes_part_in_activities)},
                  {"has_someone_to_rely_on", OptionalBoolJson(isolation.has_someone_to_rely_on)}}}};
}

Json NullableBoolean() { return Json{{"type", Json::array({"boolean", "null"})}}; }

Json MeasureSchema() {
    return schema::Object(
        {{"id", schema::Integer()},
         {"consultation_id", schema::Integer()},
         {"person_id", schema::Integer()},
         {"version", schema::String()},
         {"phase", EnumSchema({"intake", "follow_up", "closing"})},
         {"phase_label", schema::String()},
         {"administered_on", schema::String()},
         {"administered_by", schema::Integer()},
         {"direct", NullableInteger()},
         {"direct_label", NullableString()},
         {"ucla", Json{{"type", Json::array({"array", "null"})}, {"items", schema::Integer()}}},
         {"ucla_total", NullableInteger()},
         {"ucla_band", NullableString()},
         {"isolation", schema::Object({{"contact_in_person", NullableInteger()},
                                       {"contact_by_phone", NullableInteger()},
                                       {"contact_online", NullableInteger()},
                                       {"takes_part", NullableBoolean()},
                                       {"has_someone_to_rely_on", NullableBoolean()}},
                                      {})}},
        {"id", "consultation_id", "person_id", "version", "phase", "administered_on", "direct", "ucla", "ucla_total"});
}

// A code of an item: absent or null, or an integer (its range is the domain's check).
Result<std::optional<int>> OptionalCodeField(const Json& object, const char* field, std::string_view label) {
    if (!object.contains(field) || object[field].is_null()) return std::optional<int>();
    if (!object[field].is_number_integer()) {
        return Fail(Error::InvalidArgument(std::string(label) + "は番号で選んでください", field));
    }
    const auto value = object[field].get<std::int64_t>();
    if (value < -1000 || value > 1000) {
        return Fail(Error::InvalidArgument(std::string(label) + "の番号が範囲外です", field));
    }
    return std::optional<int>(static_cast<int>(value));
}

Result<std::optional<bool>> OptionalBoolField(const Json& object, const char* field, std::string_view label) {
    if (!object.contains(field) || object[field].is_null()) return std::optional<bool>();
    if (!object[field].is_boolean()) {
        return Fail(Error::InvalidArgument(std::string(label) + "は true か false です", field));
    }
    return std::optional<bool>(object[field].get<bool>());
}

Result<domain::LonelinessInput> InputFromJson(const Json& body) {
    domain::LonelinessInput input;
    const auto phase = domain::ParseMeasurePhase(body.value("phase", ""));
    if (!phase) {
        return Fail(Error::InvalidArgument(
            "phase は intake（受付時）、follow_up（経過確認）、closing（終結時）のどれかです", "phase"));
    }
    input.phase = *phase;
    auto on = RequireDate(body, "administered_on", "実施した日");
    if (!on) return Fail(on.error());
    input.administered_on = *on;
    if (body.contains("version") && !body["version"].is_string()) {
        return Fail(Error::InvalidArgument("version は文字列です", "version"));
    }
    input.answers.version = body.value("version", std::string(domain::kDefaultLonelinessVersion));
    auto direct = OptionalCodeField(body, "direct", "孤独感（直接質問）");
    if (!direct) return Fail(direct.error());
    input.answers.direct = *direct;
    if (body.contains("ucla") && !body["ucla"].is_null()) {
        const Json& ucla = body["ucla"];
        if (!ucla.is_array() || ucla.size() != domain::kUclaItemCount) {
            return Fail(Error::InvalidArgument("孤独感（間接質問）は3問すべてに回答してください", "ucla"));
        }
        std::array<int, domain::kUclaItemCount> codes{};
        for (std::size_t item = 0; item < codes.size(); ++item) {
            if (!ucla[item].is_number_integer()) {
                return Fail(Error::InvalidArgument(
                    "孤独感（間接質問）の" + std::to_string(item + 1) + "問目に回答してください", "ucla"));
            }
            const auto code = ucla[item].get<std::int64_t>();
            codes.at(item) = code < -1000 || code > 1000 ? 0 : static_cast<int>(code);
        }
        input.answers.ucla = codes;
    }
    if (body.contains("isolation") && !body["isolation"].is_null()) {
        const Json& isolation = body["isolation"];
        if (!isolation.is_object()) return Fail(Error::InvalidArgument("isolation はオブジェクトです", "isolation"));
        domain::IsolationAnswers& out = input.answers.isolation;
        const std::pair<const char*, std::optional<int>*> contacts[] = {
            {"contact_in_person", &out.family_contact_in_person},
            {"contact_by_phone", &out.family_contact_by_phone},
            {"contact_online", &out.family_contact_online}};
        for (const auto& [field, target] : contacts) {
            auto code = OptionalCodeField(isolation, field, "家族・友人との連絡の頻度");
            if (!code) return Fail(code.error());
            *target = *code;
        }
        auto takes_part = OptionalBoolField(isolation, "takes_part", "活動への参加");
        if (!takes_part) return Fail(takes_part.error());
        out.takes_part_in_activities = *takes_part;
        auto someone = OptionalBoolField(isolation, "has_someone_to_rely_on", "頼れる人");
        if (!someone) return Fail(someone.error());
        out.has_someone_to_rely_on = *someone;
    }
    return input;
}

Json HistoryJson(const domain::LonelinessHistory& history) {
    Json items = Json::array();
    for (std::size_t i = 0; i < history.measures.size(); ++i) {
        Json item = MeasureJson(history.measures[i]);
        item["administered_by_name"] = history.administered_by_names.at(i);
        items.push_back(std::move(item));
    }
    Json changes = Json::array();
    for (const domain::MeasureChange& change : history.changes) {
        changes.push_back({{"version", change.version},
                           {"measures", change.measures},
                           {"direct_first", OptionalIntJson(change.direct_first)},
                           {"direct_latest", OptionalIntJson(change.direct_latest)},
                           {"ucla_first", OptionalIntJson(change.ucla_first)},
                           {"ucla_latest", OptionalIntJson(change.ucla_latest)}});
    }
    return Json{{"consultation_id", history.consultation.id},
                {"person_id", history.consultation.person_id ? Json(*history.consultation.person_id) : Json(nullptr)},
                {"items", std::move(items)},
                {"changes", std::move(changes)}};
}

Json HistorySchema() {
    return schema::Object({{"consultation_id", schema::Integer()},
                           {"person_id", NullableInteger()},
                           {"items", schema::ArrayOf(MeasureSchema())},
                           {"changes", schema::ArrayOf(schema::Object({{"version", schema::String()},
                                                                       {"measures", schema::Integer()},
                                                                       {"direct_first", NullableInteger()},
                                                                       {"direct_latest", NullableInteger()},
                                                                       {"ucla_first", NullableInteger()},
                                                                       {"ucla_latest", NullableInteger()}},
                                                                      {"version", "measures"}))}},
                          {"consultation_id", "items", "changes"});
}

Json DistributionJson(const domain::ShownDistribution& distribution) {
    Json direct = Json::array();
    for (int code = 1; code <= domain::kDirectAnswerCount; ++code) {
        direct.push_back({{"code", code},
                          {"label", domain::DirectAnswerLabel(code)},
                          {"persons", CountJson(distribution.direct.at(static_cast<std::size_t>(code - 1)))}});
    }
    Json ucla = Json::array();
    for (std::size_t band = 0; band < std::size(domain::kUclaBands); ++band) {
        ucla.push_back({{"label", domain::UclaBandLabel(domain::kUclaBands[band])},
                        {"persons", CountJson(distribution.ucla.at(band))}});
    }
    return Json{{"direct", std::move(direct)},
                {"direct_persons", CountJson(distribution.direct_persons)},
                {"ucla", std::move(ucla)},
                {"ucla_persons", CountJson(distribution.ucla_persons)}};
}

Json ChangeJson(const domain::ShownChange& change) {
    return Json{{"persons", CountJson(change.persons)},
                {"better", CountJson(change.better)},
                {"same", CountJson(change.same)},
                {"worse", CountJson(change.worse)},
                {"mean_change", change.mean_change ? Json(*change.mean_change) : Json(nullptr)}};
}

// The town's own level (a local setting, not a national threshold) and the persons at or above it.
Json LocalAlertJson(const domain::ShownLocalAlert& alert) {
    return Json{{"label", "町の目安（地域独自）"},
                {"level", alert.level},
                {"at_intake", alert.counts.at_intake},
                {"latest", alert.counts.latest}};
}

Json ReportJson(const domain::LonelinessReport& report) {
    Json versions = Json::array();
    for (const domain::ShownOutcome& outcome : report.outcomes) {
        versions.push_back(
            {{"version", outcome.version},
             {"at_intake", DistributionJson(outcome.at_intake)},
             {"latest", DistributionJson(outcome.latest)},
             {"direct_change", ChangeJson(outcome.direct_change)},
             {"ucla_change", ChangeJson(outcome.ucla_change)},
             {"local_alert", outcome.local_alert ? LocalAlertJson(*outcome.local_alert) : Json(nullptr)}});
    }
    Json reference = Json::array();
    std::string source;
    for (const domain::NationalReference& row : domain::NationalDirectReference()) {
        source = std::string(row.source);
        reference.push_back({{"answer", row.answer}, {"percent", row.percent}});
    }
    return Json{{"fiscal_year", report.period.fiscal_year},
                {"label", report.label},
                {"figures", report.figures == domain::Figures::kExact ? "exact" : "small_cells_suppressed"},
                {"computed_at", InstantJson(report.computed_at)},
                {"versions", std::move(versions)},
                {"national_reference",
                 {{"label", "全国（参考・母集団）"}, {"source", source}, {"items", std::move(reference)}}}};
}

Json ReportSchema() {
    const Json distribution = schema::Object(
        {{"direct", schema::ArrayOf(schema::Object(
                        {{"code", schema::Integer()}, {"label", schema::String()}, {"persons", schema::ShownCount()}},
                        {"code", "persons"}))},
         {"direct_persons", schema::ShownCount()},
         {"ucla", schema::ArrayOf(schema::Object({{"label", schema::String()}, {"persons", schema::ShownCount()}},
                                                 {"label", "persons"}))},
         {"ucla_persons", schema::ShownCount()}},
        {"direct", "direct_persons", "ucla", "ucla_persons"});
    const Json change = schema::Object({{"persons", schema::ShownCount()},
                                        {"better", schema::ShownCount()},
                                        {"same", schema::ShownCount()},
                                        {"worse", schema::ShownCount()},
                                        {"mean_change", Json{{"type", Json::array({"number", "null"})}}}},
                                       {"persons", "better", "same", "worse", "mean_change"});
    return schema::Object(
        {{"fiscal_year", schema::Integer()},
         {"label", schema::String()},
         {"figures", EnumSchema({"exact", "small_cells_suppressed"})},
         {"computed_at", schema::String()},
         {"versions", schema::ArrayOf(schema::Object(
                          {{"version", schema::String()},
                           {"at_intake", distribution},
                           {"latest", distribution},
                           {"direct_change", change},
                           {"ucla_change", change},
                           {"local_alert", Json{{"type", Json::array({"object", "null"})},
                                                {"description",
                                                 "the town's own alert level (a local setting, 町の目安) and the "
                                                 "persons at or above it at intake and latest; exact figures only"},
                                                {"properties",
                                                 {{"label", schema::String()},
                                                  {"level", schema::Integer()},
                                                  {"at_intake", schema::Integer()},
                                                  {"latest", schema::Integer()}}}}}},
                          {"version", "at_intake", "latest", "direct_change", "ucla_change"}))},
         {"national_reference",
          schema::Object({{"label", schema::String()},
                          {"source", schema::String()},
                          {"items", schema::ArrayOf(schema::Object(
                                        {{"answer", schema::String()}, {"percent", Json{{"type", "number"}}}},
                                        {"answer", "percent"}))}},
                         {"label", "source", "items"})}},
        {"fiscal_year", "label", "figures", "versions", "national_reference"});
}

Response LonelinessReportFile(domain::LonelinessService& loneliness, Request& request, bool xlsx) {
    auto year = FiscalYearQuery(request, "fiscal_year", std::nullopt);
    if (!year) return Response::ErrorJson(year.error());
    auto format = xlsx ? Result<domain::ReportFormat>(domain::ReportFormat::kXlsx) : CsvFormatParam(request);
    if (!format) return Response::ErrorJson(format.error());
    auto file = loneliness.Export(ActorOf(request), *year, *format);
    if (!file) return Response::ErrorJson(file.error());
    return AttachmentResponse(std::move(*file));
}

}  // namespace

void AddLonelinessRoutes(Router& router, domain::LonelinessService& loneliness) {
    AddSignedInRoute(
        router, "POST", "/api/v1/consultations/{id}/loneliness", ById([&loneliness](Request& request, std::int64_t id) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto input = InputFromJson(*body);
            if (!input) return Response::ErrorJson(input.error());
            auto saved = loneliness.Record(ActorOf(request), domain::ConsultationId{id}, std::move(*input));
            if (!saved) return Response::ErrorJson(saved.error());
            return Response::Json(201, MeasureJson(*saved));
        }),
        {.summary = "Records a measure of the national loneliness items on a consultation: the 内閣府 "
                    "direct question (1..5, たまにある below 時々ある), the 3 UCLA items (each 1..4, all "
                    "or none), optional isolation items; the phase (intake, follow_up, closing), the "
                    "day (not before the consultation nor after today) and the instrument's version. "
                    "Professional staff who read the consultation only; anyone else gets 404",
         .tag = "loneliness",
         .request_body =
             schema::Object({{"phase", EnumSchema({"intake", "follow_up", "closing"})},
                             {"administered_on", DateString()},
                             {"version", schema::String()},
                             {"direct", NullableInteger()},
                             {"ucla", Json{{"type", Json::array({"array", "null"})}, {"items", schema::Integer()}}},
                             {"isolation", schema::Object({{"contact_in_person", NullableInteger()},
                                                           {"contact_by_phone", NullableInteger()},
                                                           {"contact_online", NullableInteger()},
                                                           {"takes_part", NullableBoolean()},
                                                           {"has_someone_to_rely_on", NullableBoolean()}},
                                                          {})}},
                            {"phase", "administered_on"}),
         .response_body = MeasureSchema(),
         .success_status = 201});

    AddSignedInRoute(
        router, "GET", "/api/v1/consultations/{id}/loneliness", ById([&loneliness](Request& request, std::int64_t id) {
            auto history = loneliness.History(ActorOf(request), domain::ConsultationId{id});
            if (!history) return Response::ErrorJson(history.error());
            return Response::Json(200, HistoryJson(*history));
        }),
        {.summary = "The loneliness measures recorded on a consultation, and the person's change per "
                    "instrument version (first to latest, over their consultations the caller also reads); audited. "
                    "Professional staff who read the consultation only; anyone else gets 404",
         .tag = "loneliness",
         .response_body = HistorySchema()});

    AddSignedInRoute(
        router, "GET", "/api/v1/reports/loneliness",
        [&loneliness](Request& request) {
            auto year = FiscalYearQuery(request, "fiscal_year", std::nullopt);
            if (!year) return Response::ErrorJson(year.error());
            auto report = loneliness.Report(ActorOf(request), *year);
            if (!report) return Response::ErrorJson(report.error());
            return Response::Json(200, ReportJson(*report));
        },
        {.summary =
             "The loneliness outcome report of a fiscal year (?fiscal_year=2024, 令和6年度 or R6): per instrument "
             "version, never mixed, the distribution at each person's first and latest measure in the year "
             "(直接質問 1..5, UCLA bands 3 / 4–6 / 7–9 / 10–12) and the paired change; the national "
             "distribution as a population reference (全国（参考・母集団）). The town's report rules: small "
             "cells shown as χ outside the town; a reader of no town report gets 404",
         .tag = "loneliness",
         .response_body = ReportSchema()});

    // The report's files: CSV (?encoding=utf-8 with BOM, or windows-31j) and XLSX.
    for (const bool xlsx : {false, true}) {
        AddFileRoute(
            router, xlsx ? "/api/v1/reports/loneliness.xlsx" : "/api/v1/reports/loneliness.csv",
            [&loneliness, xlsx](Request& request) { return LonelinessReportFile(loneliness, request, xlsx); },
            std::string("The loneliness outcome report of /api/v1/reports/loneliness as ") +
                (xlsx ? "XLSX (sheets 直接質問, UCLA, 変化, 全国（参考・母集団）)"
                      : "CSV (?encoding=utf-8, with BOM, or windows-31j)") +
                ": exact figures need the export right; audited as an export with its row count "
                "(X-Kasane-Rows)",
            "loneliness", xlsx ? FileKind::kXlsx : FileKind::kCsv);
    }
}

}  // namespace kasane::http::api
