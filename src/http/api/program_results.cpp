// SPDX-License-Identifier: Apache-2.0
// 事業別実績 and 関係者調査 (PDCA, issue 17, item 8), and the 評価シート as a file. Each handler parses, calls one use
// case and maps its Result.

#include "http/api/program_results.hpp"

#include <vector>

#include "base/japanese_date.hpp"
#include "base/json.hpp"
#include "http/api/common.hpp"
#include "http/api/file_response.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/time_json.hpp"
#include "http/query_params.hpp"

namespace kasane::http::api {

namespace {

using domain::ProgramResult;
using domain::StakeholderSurvey;
using domain::SurveyResponse;

constexpr std::string_view kProgramMessage =
    "program は intake, collaboration, outreach, participation, community のどれかです";
constexpr std::string_view kOperationMessage = "operation は direct, commissioned, partly_commissioned のどれかです";

Json Optional(const std::optional<long long>& value) { return value ? Json(*value) : Json(nullptr); }

Json ContractorJson(const domain::Contractor& contractor, const std::string& shown) {
    return Json{
        {"organization_id", contractor.organization_id ? Json(contractor.organization_id->value()) : Json(nullptr)},
        {"name", contractor.name},
        {"shown_name", shown}};
}

Json ResultJson(const ProgramResult& result) {
    Json contractors = Json::array();
    for (const domain::Contractor& contractor : result.contractors) {
        contractors.push_back(ContractorJson(contractor, contractor.name));
    }
    return Json{{"id", result.id},
                {"fiscal_year", result.fiscal_year},
                {"program", domain::SubProgrammeCode(result.program)},
                {"operation", domain::OperationCode(result.operation)},
                {"operation_label", domain::OperationLabel(result.operation)},
                {"contractors", std::move(contractors)},
                {"activities", result.activities}};
}

Json ResultsViewJson(const domain::ProgramResultsView& view) {
    Json programs = Json::array();
    for (const domain::ProgramResultRow& row : view.rows) {
        Json counts = Json::array();
        for (const domain::ProgramCount& count : row.counts) {
            counts.push_back(Json{{"label", count.label}, {"unit", count.unit}, {"value", Optional(count.value)}});
        }
        Json contractors = Json::array();
        if (row.result) {
            for (std::size_t i = 0; i < row.result->contractors.size(); ++i) {
                contractors.push_back(ContractorJson(row.result->contractors[i],
                                                     i < row.contractor_names.size() ? row.contractor_names[i] : ""));
            }
        }
        programs.push_back(
            Json{{"program", domain::SubProgrammeCode(row.program)},
                 {"program_label", domain::SubProgrammeLabel(row.program)},
                 {"recorded", row.result.has_value()},
                 {"operation", row.result ? Json(domain::OperationCode(row.result->operation)) : Json(nullptr)},
                 {"operation_label", row.result ? Json(domain::OperationLabel(row.result->operation)) : Json(nullptr)},
                 {"contractors", std::move(contractors)},
                 {"activities", row.result ? row.result->activities : std::string()},
                 {"counts", std::move(counts)}});
    }
    return Json{{"fiscal_year", view.fiscal_year},
                {"fiscal_year_label", FiscalYearLabel(view.fiscal_year)},
                {"programs", std::move(programs)},
                {"computed_at", InstantJson(view.computed_at)},
                {"may_edit", view.may_edit}};
}

Json SurveyJson(const StakeholderSurvey& survey) {
    return Json{{"id", survey.id},
                {"title", survey.title},
                {"fiscal_year", survey.fiscal_year},
                {"fiscal_year_label", FiscalYearLabel(survey.fiscal_year)},
                {"conducted_on", DateJson(survey.conducted_on)},
                {"items", survey.items}};
}

Json ResponseJson(const SurveyResponse& response, const std::string& shown) {
    Json counts = Json::array();
    for (const std::optional<long long>& count : response.counts) counts.push_back(Optional(count));
    return Json{{"id", response.id},
                {"survey_id", response.survey_id},
                {"organization_id", response.organization_id ? Json(response.organization_id->value()) : Json(nullptr)},
                {"agency", shown},
                {"counts", std::move(counts)}};
}

Json SurveyViewJson(const domain::SurveyView& view) {
    Json json = SurveyJson(view.survey);
    Json responses = Json::array();
    for (std::size_t i = 0; i < view.responses.size(); ++i) {
        responses.push_back(ResponseJson(view.responses[i], i < view.agencies.size() ? view.agencies[i] : ""));
    }
    json["responses"] = std::move(responses);
    json["totals"] = view.totals.totals;
    json["answered"] = view.totals.answered;
    json["may_edit"] = view.may_edit;
    return json;
}

Result<int> RequireYear(const Json& body, const char* field) {
    auto value = OptionalInteger(body, field);
    if (!value) return Fail(value.error());
    if (!*value) return Fail(Error::InvalidArgument("fiscal_year（年度）を指定してください", field));
    if (**value < 0 || **value > 9999) return Fail(Error::InvalidArgument("年度が正しくありません", field));
    return static_cast<int>(**value);
}

Result<ProgramResult> ResultFromJson(const Json& body) {
    ProgramResult result;
    auto year = RequireYear(body, "fiscal_year");
    if (!year) return Fail(year.error());
    result.fiscal_year = *year;
    auto program = RequireCode<domain::SubProgramme>(body, "program", domain::ParseSubProgramme, kProgramMessage);
    if (!program) return Fail(program.error());
    result.program = *program;
    auto operation = RequireCode<domain::Operation>(body, "operation", domain::ParseOperation, kOperationMessage);
    if (!operation) return Fail(operation.error());
    result.operation = *operation;
    auto contractors = ObjectArray(body, "contractors");
    if (!contractors) return Fail(contractors.error());
    for (std::size_t i = 0; i < contractors->size(); ++i) {
        const Json& item = *(*contractors)[i];
        auto organization = OptionalId<OrganizationId>(item, "organization_id");
        if (!organization) return Fail(Prefixed(organization.error(), Indexed("contractors", i)));
        auto name = TextOf(item, "name", 4000);
        if (!name) return Fail(Prefixed(name.error(), Indexed("contractors", i)));
        result.contractors.push_back(domain::Contractor{.organization_id = *organization, .name = *name});
    }
    auto activities = TextOf(body, "activities", 16000);
    if (!activities) return Fail(activities.error());
    result.activities = *activities;
    return result;
}

Result<StakeholderSurvey> SurveyFromJson(const Json& body) {
    StakeholderSurvey survey;
    auto title = TextOf(body, "title", 4000);
    if (!title) return Fail(title.error());
    survey.title = *title;
    auto year = RequireYear(body, "fiscal_year");
    if (!year) return Fail(year.error());
    survey.fiscal_year = *year;
    auto conducted_on = OptionalDateField(body, "conducted_on", "調査基準日");
    if (!conducted_on) return Fail(conducted_on.error());
    survey.conducted_on = *conducted_on;
    auto items = StringArray(body, "items", "items");
    if (!items) return Fail(items.error());
    survey.items = std::move(*items);
    return survey;
}

Result<SurveyResponse> ResponseFromJson(const Json& body, StakeholderSurveyId survey_id) {
    SurveyResponse response{.survey_id = survey_id};
    auto organization = OptionalId<OrganizationId>(body, "organization_id");
    if (!organization) return Fail(organization.error());
    response.organization_id = *organization;
    auto agency = TextOf(body, "agency", 4000);
    if (!agency) return Fail(agency.error());
    response.agency = *agency;
    const auto counts = body.find("counts");
    if (counts != body.end() && !counts->is_null()) {
        if (!counts->is_array()) return Fail(Error::InvalidArgument("counts は件数の配列です", "counts"));
        for (const Json& count : *counts) {
            if (count.is_null()) {
                response.counts.emplace_back();
            } else if (count.is_number_integer()) {
                response.counts.emplace_back(count.get<long long>());
            } else {
                return Fail(Error::InvalidArgument("件数は0以上の整数で入力してください", "counts"));
            }
        }
    }
    return response;
}

Result<domain::ReportFormat> FormatOf(const Request& request, bool xlsx) {
    if (xlsx) return domain::ReportFormat::kXlsx;
    return CsvFormatParam(request);
}

Json CountSchema() {
    return schema::Object({{"label", schema::String()}, {"unit", schema::String()}, {"value", NullableInteger()}},
                          {"label", "unit", "value"});
}

Json ContractorSchema() {
    return schema::Object(
        {{"organization_id", NullableInteger()}, {"name", schema::String()}, {"shown_name", schema::String()}}, {});
}

Json ResultSchema() {
    return schema::Object(
        {{"id", schema::Integer()},
         {"fiscal_year", schema::Integer()},
         {"program", EnumSchema({"intake", "collaboration", "outreach", "participation", "community"})},
         {"operation", EnumSchema({"direct", "commissioned", "partly_commissioned"})},
         {"operation_label", schema::String()},
         {"contractors", schema::ArrayOf(ContractorSchema())},
         {"activities", schema::String()}},
        {"id", "fiscal_year", "program", "operation", "contractors", "activities"});
}

Json ResultsViewSchema() {
    Json program = schema::Object({{"program", schema::String()},
                                   {"program_label", schema::String()},
                                   {"recorded", schema::Boolean()},
                                   {"operation", NullableString()},
                                   {"operation_label", NullableString()},
                                   {"contractors", schema::ArrayOf(ContractorSchema())},
                                   {"activities", schema::String()},
                                   {"counts", schema::ArrayOf(CountSchema())}},
                                  {"program", "program_label", "recorded", "contractors", "counts"});
    return schema::Object({{"fiscal_year", schema::Integer()},
                           {"fiscal_year_label", schema::String()},
                           {"programs", schema::ArrayOf(std::move(program))},
                           {"computed_at", schema::String()},
                           {"may_edit", schema::Boolean()}},
                          {"fiscal_year", "programs", "may_edit"});
}

Json SurveySchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"title", schema::String()},
                           {"fiscal_year", schema::Integer()},
                           {"fiscal_year_label", schema::String()},
                           {"conducted_on", NullableString()},
                           {"items", schema::ArrayOf(schema::String())}},
                          {"id", "title", "fiscal_year", "items"});
}

Json ResponseSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"survey_id", schema::Integer()},
                           {"organization_id", NullableInteger()},
                           {"agency", schema::String()},
                           {"counts", schema::ArrayOf(NullableInteger())}},
                          {"id", "agency", "counts"});
}

Json SurveyViewSchema() {
    Json view = SurveySchema();
    view["properties"]["responses"] = schema::ArrayOf(ResponseSchema());
    view["properties"]["totals"] = schema::ArrayOf(schema::Integer());
    view["properties"]["answered"] = schema::ArrayOf(schema::Integer());
    view["properties"]["may_edit"] = schema::Boolean();
    return view;
}

}  // namespace

void AddProgramResultRoutes(Router& router, domain::EvaluationPlanService& plans) {
    AddSignedInRoute(
        router, "GET", "/api/v1/evaluation/program-results",
        [&plans](Request& request) {
            auto year = FiscalYearQuery(request, "year", std::nullopt);
            if (!year) return Response::ErrorJson(year.error());
            return ReplyWith(plans.ProgramResults(ActorOf(request), *year), ResultsViewJson);
        },
        {.summary = "事業別実績 of a 年度 (?year=2024, 令和6年度 or R6): for each of the five 事業, how it is "
                    "run (直営・委託・一部委託), its 委託先 and 実施内容, with the counts read from the "
                    "records beside it (the town's coordinators, administrators and caseworkers; anyone "
                    "else is answered 404)",
         .tag = "evaluation",
         .response_body = ResultsViewSchema()});

    AddSignedInRoute(
        router, "PUT", "/api/v1/evaluation/program-results",
        [&plans](Request& request) {
            auto result = BodyAs(request, ResultFromJson);
            if (!result) return Response::ErrorJson(result.error());
            return ReplyWith(plans.SetProgramResult(ActorOf(request), *result), ResultJson);
        },
        {.summary = "Sets a 事業's record of a 年度 (replacing it): 委託・一部委託 need at least one 委託先 "
                    "(organization_id of the town, or a name), 直営 none",
         .tag = "evaluation",
         .request_body = schema::Object(
             {{"fiscal_year", schema::Integer()},
              {"program", EnumSchema({"intake", "collaboration", "outreach", "participation", "community"})},
              {"operation", EnumSchema({"direct", "commissioned", "partly_commissioned"})},
              {"contractors", schema::ArrayOf(schema::Object(
                                  {{"organization_id", NullableInteger()}, {"name", schema::String()}}, {}))},
              {"activities", schema::String()}},
             {"fiscal_year", "program", "operation"}),
         .response_body = ResultSchema()});

    const std::string file_note = ": audited as an export with its row count (X-Kasane-Rows)";
    for (const bool xlsx : {false, true}) {
        AddFileRoute(
            router, xlsx ? "/api/v1/evaluation/program-results.xlsx" : "/api/v1/evaluation/program-results.csv",
            [&plans, xlsx](Request& request) {
                auto year = FiscalYearQuery(request, "year", std::nullopt);
                if (!year) return Response::ErrorJson(year.error());
                auto format = FormatOf(request, xlsx);
                if (!format) return Response::ErrorJson(format.error());
                auto file = plans.ExportProgramResults(ActorOf(request), *year, *format);
                if (!file) return Response::ErrorJson(file.error());
                return AttachmentResponse(std::move(*file));
            },
            std::string("The 事業別実績 of ?year= as ") +
                (xlsx ? "XLSX (sheet 事業別実績)" : "CSV (?encoding=utf-8, with BOM, or windows-31j)") + file_note,
            "evaluation", xlsx ? FileKind::kXlsx : FileKind::kCsv);

        AddFileRoute(
            router, xlsx ? "/api/v1/evaluation-plans/{id}/sheet.xlsx" : "/api/v1/evaluation-plans/{id}/sheet.csv",
            ById([&plans, xlsx](Request& request, std::int64_t id) {
                auto year = FiscalYearQuery(request, "year", std::nullopt);
                if (!year) return Response::ErrorJson(year.error());
                auto format = FormatOf(request, xlsx);
                if (!format) return Response::ErrorJson(format.error());
                auto file = plans.ExportSheet(ActorOf(request), EvaluationPlanId{id}, *year, *format);
                if (!file) return Response::ErrorJson(file.error());
                return AttachmentResponse(std::move(*file));
            }),
            std::string("The 評価シート of a 年度 of the plan (?year=) as ") +
                (xlsx ? "XLSX (sheets 評価指標 and アクションプラン)" : "CSV (?encoding=utf-8 or windows-31j)") +
                ": each indicator's target, actual and 達成率, and the アクションプラン" + file_note,
            "evaluation", xlsx ? FileKind::kXlsx : FileKind::kCsv);

        AddFileRoute(
            router, xlsx ? "/api/v1/evaluation/surveys/{id}/export.xlsx" : "/api/v1/evaluation/surveys/{id}/export.csv",
            ById([&plans, xlsx](Request& request, std::int64_t id) {
                auto format = FormatOf(request, xlsx);
                if (!format) return Response::ErrorJson(format.error());
                auto file = plans.ExportSurvey(ActorOf(request), StakeholderSurveyId{id}, *format);
                if (!file) return Response::ErrorJson(file.error());
                return AttachmentResponse(std::move(*file));
            }),
            std::string("A 関係者調査 as ") + (xlsx ? "XLSX" : "CSV (?encoding=utf-8 or windows-31j)") +
                ": one row per responding agency, one column per item, the 合計 last" + file_note,
            "evaluation", xlsx ? FileKind::kXlsx : FileKind::kCsv);
    }

    AddSignedInRoute(
        router, "GET", "/api/v1/evaluation/surveys",
        [&plans](Request& request) {
            auto list = plans.Surveys(ActorOf(request));
            if (!list) return Response::ErrorJson(list.error());
            Json json = Json::array();
            for (const StakeholderSurvey& survey : list->surveys) json.push_back(SurveyJson(survey));
            return Response::Json(200, Json{{"surveys", std::move(json)}, {"may_edit", list->may_edit}});
        },
        {.summary = "関係者調査: the town's surveys of the agencies (counts only, no names), the latest 年度 first",
         .tag = "evaluation",
         .response_body =
             schema::Object({{"surveys", schema::ArrayOf(SurveySchema())}, {"may_edit", schema::Boolean()}},
                            {"surveys", "may_edit"})});

    AddSignedInRoute(
        router, "POST", "/api/v1/evaluation/surveys",
        [&plans](Request& request) {
            auto survey = BodyAs(request, SurveyFromJson);
            if (!survey) return Response::ErrorJson(survey.error());
            return ReplyWith(plans.AddSurvey(ActorOf(request), *survey), SurveyJson, 201);
        },
        {.summary = "Adds a 関係者調査 (title, 年度, optional 調査基準日, items; without items the two of the seed: "
                    "複合的課題を抱える世帯（世帯数）, ひきこもり状態にある方（人数）)",
         .tag = "evaluation",
         .request_body = schema::Object({{"title", schema::String()},
                                         {"fiscal_year", schema::Integer()},
                                         {"conducted_on", DateString()},
                                         {"items", schema::ArrayOf(schema::String())}},
                                        {"title", "fiscal_year"}),
         .response_body = SurveySchema(),
         .success_status = 201});

    AddSignedInRoute(router, "GET", "/api/v1/evaluation/surveys/{id}",
                     ById([&plans](Request& request, std::int64_t id) {
                         return ReplyWith(plans.Survey(ActorOf(request), StakeholderSurveyId{id}), SurveyViewJson);
                     }),
                     {.summary = "One 関係者調査: each agency's counts per item and the totals",
                      .tag = "evaluation",
                      .response_body = SurveyViewSchema()});

    AddSignedInRoute(
        router, "POST", "/api/v1/evaluation/surveys/{id}/items", ById([&plans](Request& request, std::int64_t id) {
            auto item = BodyAs(request, TextOf, "item", 4000);
            if (!item) return Response::ErrorJson(item.error());
            return ReplyWith(plans.AddSurveyItem(ActorOf(request), StakeholderSurveyId{id}, *item), SurveyJson, 201);
        }),
        {.summary = "Adds a question item to a 関係者調査 (answers already given have no count for it)",
         .tag = "evaluation",
         .request_body = schema::Object({{"item", schema::String()}}, {"item"}),
         .response_body = SurveySchema(),
         .success_status = 201});

    AddSignedInRoute(
        router, "POST", "/api/v1/evaluation/surveys/{id}/responses", ById([&plans](Request& request, std::int64_t id) {
            auto response = BodyAs(request, ResponseFromJson, StakeholderSurveyId{id});
            if (!response) return Response::ErrorJson(response.error());
            auto added = plans.AddSurveyResponse(ActorOf(request), *response);
            if (!added) return Response::ErrorJson(added.error());
            return Response::Json(201, ResponseJson(*added, added->agency));
        }),
        {.summary = "Adds an agency's answer: organization_id (of the town) or agency (a name typed), and counts, "
                    "one whole number ≥ 0 (or null) per item in order",
         .tag = "evaluation",
         .request_body = schema::Object({{"organization_id", NullableInteger()},
                                         {"agency", schema::String()},
                                         {"counts", schema::ArrayOf(NullableInteger())}},
                                        {"counts"}),
         .response_body = ResponseSchema(),
         .success_status = 201});
}

}  // namespace kasane::http::api
