// SPDX-License-Identifier: Apache-2.0
// 県の集計 (issue 17, item 6): the towns side by side and in total with 「χ」, the settings, the support visits.
// No hidden figure is in any answer: a cell carries its value only when shown.

#include "http/api/prefecture.hpp"

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "http/api/common.hpp"
#include "http/api/file_response.hpp"
#include "http/api/json_fields.hpp"
#include "http/query_params.hpp"

namespace kasane::http::api {

namespace {

std::string_view MarkCode(domain::CellMark mark) {
    switch (mark) {
        case domain::CellMark::kFigure: return "figure";
        case domain::CellMark::kSuppressed: return "suppressed";
        case domain::CellMark::kNone: return "none";
        case domain::CellMark::kNotCollected: return "not_collected";
    }
    return "not_collected";
}

Json RowJson(const domain::RollupRow& row) {
    Json cells = Json::array();
    for (const domain::RollupCell& cell : row.cells) {
        cells.push_back({{"mark", MarkCode(cell.mark)},
                         {"text", domain::CellText(cell)},
                         {"value", cell.mark == domain::CellMark::kFigure ? Json(cell.value) : Json(nullptr)},
                         {"per_thousand", cell.per_thousand ? Json(*cell.per_thousand) : Json(nullptr)},
                         {"rate_text", domain::RateText(cell)}});
    }
    return {{"kind", row.kind == domain::RowKind::kArea ? "area" : "town"},
            {"label", row.label},
            {"town_codes", row.town_codes},
            {"town_names", row.town_names},
            {"population", row.population ? Json(*row.population) : Json(nullptr)},
            {"cells", std::move(cells)}};
}

Json RollupJson(const domain::PrefectureRollup& rollup) {
    Json measures = Json::array();
    for (const domain::RollupMeasure& measure : domain::RollupMeasures()) {
        measures.push_back({{"code", measure.code}, {"label", measure.label}, {"rated", measure.rated}});
    }
    Json rows = Json::array();
    for (const domain::RollupRow& row : rollup.rows) rows.push_back(RowJson(row));
    return {{"label", rollup.label},
            {"fiscal_year", rollup.period.fiscal_year},
            {"through", rollup.period.through_month},
            {"floor", rollup.floor},
            {"measures", std::move(measures)},
            {"rows", std::move(rows)},
            {"total", RowJson(rollup.total)}};
}

Json RowSchema() {
    Json cell = schema::Object({{"mark", EnumSchema({"figure", "suppressed", "none", "not_collected"})},
                                {"text", schema::String()},
                                {"value", NullableInteger()},
                                {"per_thousand", {{"type", {"number", "null"}}}},
                                {"rate_text", schema::String()}},
                               {"mark", "text", "value"});
    return schema::Object({{"kind", EnumSchema({"town", "area"})},
                           {"label", schema::String()},
                           {"town_codes", schema::ArrayOf(schema::String())},
                           {"town_names", schema::ArrayOf(schema::String())},
                           {"population", NullableInteger()},
                           {"cells", schema::ArrayOf(cell)}},
                          {"kind", "label", "cells"});
}

Json RollupSchema() {
    return schema::Object(
        {{"label", schema::String()},
         {"fiscal_year", schema::Integer()},
         {"through", schema::Integer()},
         {"floor", schema::Integer()},
         {"measures", schema::ArrayOf(schema::Object(
                          {{"code", schema::String()}, {"label", schema::String()}, {"rated", schema::Boolean()}},
                          {"code", "label"}))},
         {"rows", schema::ArrayOf(RowSchema())},
         {"total", RowSchema()}},
        {"label", "floor", "measures", "rows", "total"});
}

Json SettingsJson(const domain::PrefectureStatisticsSettings& settings) {
    Json areas = Json::array();
    for (const domain::RollupArea& area : settings.areas) {
        areas.push_back({{"name", area.name}, {"town_codes", area.town_codes}});
    }
    return {{"floor", settings.floor},
            {"merge_below_population", settings.merge_below_population},
            {"areas", std::move(areas)}};
}

Json SettingsSchema() {
    return schema::Object({{"floor", schema::Integer()},
                           {"merge_below_population", schema::Integer()},
                           {"areas", schema::ArrayOf(schema::Object({{"name", schema::String()},
                                                                     {"town_codes", schema::ArrayOf(schema::String())}},
                                                                    {"name", "town_codes"}))}},
                          {"floor", "merge_below_population", "areas"});
}

Json VisitJson(const domain::SupportVisit& visit) {
    return {{"id", visit.id.value()},
            {"town_code", visit.town_code},
            {"visited_on", DateJson(visit.visited_on)},
            {"visited_on_wareki", WarekiJson(visit.visited_on)},
            {"purpose", domain::SupportVisitPurposeCode(visit.purpose)},
            {"purpose_label", domain::SupportVisitPurposeLabel(visit.purpose)},
            {"notes", visit.notes},
            {"recorded_at", InstantJson(visit.recorded_at)}};
}

Json VisitSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"town_code", schema::String()},
                           {"visited_on", schema::String()},
                           {"visited_on_wareki", schema::String()},
                           {"purpose", EnumSchema({"individual_visit", "platform", "other"})},
                           {"purpose_label", schema::String()},
                           {"notes", schema::String()},
                           {"recorded_at", schema::String()}},
                          {"id", "town_code", "visited_on", "purpose", "notes"});
}

Json ProgramsJson(const std::vector<domain::TownProgramStatus>& programs) {
    Json items = Json::array();
    for (const domain::TownProgramStatus& status : programs) {
        items.push_back({{"town_code", status.town_code},
                         {"program", domain::TownProgramCode(status.program)},
                         {"program_label", domain::TownProgramLabel(status.program)},
                         {"from_year", status.from_year}});
    }
    return items;
}

Json ProgramSchema() {
    return schema::Object({{"town_code", schema::String()},
                           {"program", EnumSchema({"integrated", "transition"})},
                           {"program_label", schema::String()},
                           {"from_year", schema::Integer()}},
                          {"town_code", "program", "from_year"});
}

Result<std::vector<domain::TownProgramStatus>> ProgramsFromJson(const Json& body) {
    if (!body.is_object() || !body.contains("programs") || !body["programs"].is_array()) {
        return Fail(Error::InvalidArgument("事業実施状況は配列で送ってください", "programs"));
    }
    std::vector<domain::TownProgramStatus> programs;
    for (const Json& item : body["programs"]) {
        if (!item.is_object() || !item.contains("town_code") || !item["town_code"].is_string() ||
            !item.contains("program") || !item["program"].is_string() || !item.contains("from_year") ||
            !item["from_year"].is_number_integer()) {
            return Fail(Error::InvalidArgument("市町村の団体コード・事業・開始年度を入れてください", "programs"));
        }
        const auto program = domain::ParseTownProgram(item["program"].get<std::string>());
        if (!program) return Fail(Error::InvalidArgument("事業を選んでください", "programs"));
        const std::int64_t year = item["from_year"].get<std::int64_t>();
        programs.push_back({.town_code = item["town_code"].get<std::string>(),
                            .program = *program,
                            .from_year = year < 0 || year > 9999 ? 0 : static_cast<int>(year)});
    }
    return programs;
}

// ?year (2024, 令和6年度, R6; default the current 年度) and ?through (9 for the 上半期; default the whole year).
Result<domain::ReportPeriod> PeriodOf(const Clock& clock, Request& request) {
    auto year = FiscalYearQuery(request, "year", FiscalYearOf(TodayInJapan(clock)));
    if (!year) return Fail(year.error());
    auto through = ThroughMonthQuery(request);
    if (!through) return Fail(through.error());
    return domain::PartYearPeriod(*year, *through);
}

Result<domain::PrefectureStatisticsSettings> SettingsFromJson(const Json& body) {
    if (!body.is_object()) return Fail(Error::InvalidArgument("本文はオブジェクトです"));
    domain::PrefectureStatisticsSettings settings;
    const auto floor = body.find("floor");
    if (floor == body.end() || !floor->is_number_integer()) {
        return Fail(Error::InvalidArgument("秘匿の基準を数で入力してください", "floor"));
    }
    settings.floor = floor->get<std::int64_t>() > 1000 ? 1000 : static_cast<int>(floor->get<std::int64_t>());
    if (const auto merge = body.find("merge_below_population"); merge != body.end()) {
        if (!merge->is_number_integer()) {
            return Fail(Error::InvalidArgument("圏域にまとめる人口を数で入力してください", "merge_below_population"));
        }
        settings.merge_below_population = merge->get<std::int64_t>();
    }
    if (const auto areas = body.find("areas"); areas != body.end()) {
        if (!areas->is_array()) return Fail(Error::InvalidArgument("圏域は配列です", "areas"));
        for (const Json& area : *areas) {
            if (!area.is_object() || !area.contains("name") || !area["name"].is_string() ||
                !area.contains("town_codes") || !area["town_codes"].is_array()) {
                return Fail(Error::InvalidArgument("圏域には名前と市町村の団体コードが要ります", "areas"));
            }
            domain::RollupArea parsed{.name = area["name"].get<std::string>(), .town_codes = {}};
            for (const Json& code : area["town_codes"]) {
                if (!code.is_string()) return Fail(Error::InvalidArgument("団体コードは文字列です", "areas"));
                parsed.town_codes.push_back(code.get<std::string>());
            }
            settings.areas.push_back(std::move(parsed));
        }
    }
    return settings;
}

Result<std::string> StringOf(const Json& body, std::string_view field, bool required) {
    const auto found = body.find(std::string(field));
    if (found == body.end() || found->is_null()) {
        if (required) return Fail(Error::InvalidArgument("入力してください", std::string(field)));
        return std::string();
    }
    if (!found->is_string()) return Fail(Error::InvalidArgument("文字列で入力してください", std::string(field)));
    return found->get<std::string>();
}

Response RollupFile(domain::PrefectureStatistics& prefecture, const Clock& clock, Request& request, bool xlsx) {
    auto period = PeriodOf(clock, request);
    if (!period) return Response::ErrorJson(period.error());
    auto format = xlsx ? Result<domain::ReportFormat>(domain::ReportFormat::kXlsx) : CsvFormatParam(request);
    if (!format) return Response::ErrorJson(format.error());
    auto file = prefecture.Export(ActorOf(request), *period, *format);
    if (!file) return Response::ErrorJson(file.error());
    return AttachmentResponse(std::move(*file));
}

}  // namespace

void AddPrefectureRoutes(Router& router, domain::PrefectureStatistics& prefecture, const Clock& clock) {
    AddSignedInRoute(
        router, "GET", "/api/v1/prefecture",
        [&prefecture](Request& request) {
            auto overview = prefecture.Overview(ActorOf(request));
            if (!overview) return Response::ErrorJson(overview.error());
            Json towns = Json::array();
            for (const domain::PrefectureTown& town : overview->towns) {
                towns.push_back({{"code", town.code}, {"name", town.name}});
            }
            Json visits = Json::array();
            for (const domain::SupportVisit& visit : overview->visits) visits.push_back(VisitJson(visit));
            return Response::Json(200, Json{{"code", overview->prefecture.code},
                                            {"name", overview->prefecture.name},
                                            {"towns", std::move(towns)},
                                            {"settings", SettingsJson(overview->settings)},
                                            {"visits", std::move(visits)},
                                            {"programs", ProgramsJson(overview->programs)}});
        },
        {.summary = "The prefecture of the prefecture analyst: its towns, its statistics settings (the floor, the "
                    "圏域) and its support visits to towns. 404 for anyone else. Audited",
         .tag = "prefecture",
         .response_body = schema::Object(
             {{"code", schema::String()},
              {"name", schema::String()},
              {"towns", schema::ArrayOf(schema::Object({{"code", schema::String()}, {"name", schema::String()}},
                                                       {"code", "name"}))},
              {"settings", SettingsSchema()},
              {"visits", schema::ArrayOf(VisitSchema())},
              {"programs", schema::ArrayOf(ProgramSchema())}},
             {"code", "name", "towns", "settings", "visits", "programs"})});

    AddSignedInRoute(
        router, "PUT", "/api/v1/prefecture/programs",
        [&prefecture](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto programs = ProgramsFromJson(*body);
            if (!programs) return Response::ErrorJson(programs.error());
            auto saved = prefecture.SavePrograms(ActorOf(request), *programs);
            if (!saved) return Response::ErrorJson(saved.error());
            return Response::Json(200, Json{{"programs", ProgramsJson(*saved)}});
        },
        {.summary = "Each town's 事業実施状況, replaced as a whole: the 事業 (integrated: 重層的支援体制整備事業, "
                    "transition: 移行準備事業) and the 年度 from which (2021 or later). 404 for anyone but the "
                    "prefecture's analysts. Audited",
         .tag = "prefecture",
         .request_body = schema::Object({{"programs", schema::ArrayOf(ProgramSchema())}}, {"programs"}),
         .response_body = schema::Object({{"programs", schema::ArrayOf(ProgramSchema())}}, {"programs"})});

    AddSignedInRoute(
        router, "GET", "/api/v1/prefecture/rollup",
        [&prefecture, &clock](Request& request) {
            auto period = PeriodOf(clock, request);
            if (!period) return Response::ErrorJson(period.error());
            auto rollup = prefecture.Rollup(ActorOf(request), *period);
            if (!rollup) return Response::ErrorJson(rollup.error());
            return Response::Json(200, RollupJson(*rollup));
        },
        {.summary = "県の集計: the prefecture's towns side by side and in total for a 年度 (?year=2024) or its 上半期 "
                    "(?through=9), small figures hidden as χ with complementary suppression under the prefecture's "
                    "floor, small towns merged into their 圏域, rates per 1,000 residents. No hidden figure is in "
                    "the answer. 404 for anyone but the prefecture's analysts. Recorded as a release; audited",
         .tag = "prefecture",
         .response_body = RollupSchema()});

    AddFileRoute(
        router, "/api/v1/prefecture/rollup.csv",
        [&prefecture, &clock](Request& request) { return RollupFile(prefecture, clock, request, false); },
        "県の集計 as CSV (?encoding=utf-8 or windows-31j): χ, - and … as text, never a hidden figure; audited as an "
        "export",
        "prefecture", FileKind::kCsv);
    AddFileRoute(
        router, "/api/v1/prefecture/rollup.xlsx",
        [&prefecture, &clock](Request& request) { return RollupFile(prefecture, clock, request, true); },
        "県の集計 as XLSX (sheets 県の集計 and 千人当たり): χ, - and … as text, never a hidden figure; audited as an "
        "export",
        "prefecture", FileKind::kXlsx);

    AddSignedInRoute(
        router, "PUT", "/api/v1/prefecture/settings",
        [&prefecture](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto settings = SettingsFromJson(*body);
            if (!settings) return Response::ErrorJson(settings.error());
            auto saved = prefecture.SaveSettings(ActorOf(request), *settings);
            if (!saved) return Response::ErrorJson(saved.error());
            return Response::Json(200, SettingsJson(*saved));
        },
        {.summary = "The prefecture's statistics settings: the floor (3 to 100; figures from 1 to floor − 1 are "
                    "hidden: the one place it is set), the population below which a town is merged into its 圏域, "
                    "and the 圏域 (named groups of the prefecture's towns). 404 for anyone but its analysts. Audited",
         .tag = "prefecture",
         .request_body = SettingsSchema(),
         .response_body = SettingsSchema()});

    AddSignedInRoute(
        router, "POST", "/api/v1/prefecture/visits",
        [&prefecture](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            if (!body->is_object()) return Response::ErrorJson(Error::InvalidArgument("本文はオブジェクトです"));
            domain::SupportVisitRequest visit;
            auto town = StringOf(*body, "town_code", false);
            if (!town) return Response::ErrorJson(town.error());
            auto visited_on = StringOf(*body, "visited_on", true);
            if (!visited_on) return Response::ErrorJson(visited_on.error());
            auto purpose = StringOf(*body, "purpose", true);
            if (!purpose) return Response::ErrorJson(purpose.error());
            auto notes = StringOf(*body, "notes", false);
            if (!notes) return Response::ErrorJson(notes.error());
            visit = {.town_code = *town, .visited_on = *visited_on, .purpose = *purpose, .notes = *notes};
            auto added = prefecture.AddVisit(ActorOf(request), visit);
            if (!added) return Response::ErrorJson(added.error());
            return Response::Json(201, VisitJson(*added));
        },
        {.summary = "Record the prefecture's support to a town: 個別訪問勧奨 (individual_visit), the wide-area "
                    "官民連携プラットフォーム (platform) or other; the date, the town (empty for the platform) and "
                    "notes without personal data. 404 for anyone but its analysts. Audited",
         .tag = "prefecture",
         .request_body = schema::Object({{"town_code", schema::String()},
                                         {"visited_on", schema::String()},
                                         {"purpose", EnumSchema({"individual_visit", "platform", "other"})},
                                         {"notes", schema::String()}},
                                        {"visited_on", "purpose"}),
         .response_body = VisitSchema(),
         .success_status = 201});

    AddSignedInRoute(
        router, "PUT", "/api/v1/operator/prefecture-offices",
        [&prefecture](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            if (!body->is_object()) return Response::ErrorJson(Error::InvalidArgument("本文はオブジェクトです"));
            auto code = StringOf(*body, "prefecture_code", true);
            if (!code) return Response::ErrorJson(code.error());
            auto municipality = StringOf(*body, "municipality_code", true);
            if (!municipality) return Response::ErrorJson(municipality.error());
            auto done = prefecture.DesignateOffice(ActorOf(request), *code, *municipality);
            if (!done) return Response::ErrorJson(done.error());
            return Response::Json(200, Json{{"prefecture_code", *code}, {"municipality_code", *municipality}});
        },
        {.summary = "Designate the municipality whose prefecture analysts see the prefecture's 県の集計 (the "
                    "prefecture's office). The operator (system administrator) only. Audited",
         .tag = "operator",
         .request_body =
             schema::Object({{"prefecture_code", schema::String()}, {"municipality_code", schema::String()}},
                            {"prefecture_code", "municipality_code"}),
         .response_body =
             schema::Object({{"prefecture_code", schema::String()}, {"municipality_code", schema::String()}},
                            {"prefecture_code", "municipality_code"})});
}

}  // namespace kasane::http::api
