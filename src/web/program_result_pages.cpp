// SPDX-License-Identifier: Apache-2.0
// 事業別実績 and 関係者調査 (PDCA, issue 17, item 8), in Japanese:
//   GET  /evaluation/programs                 the 事業別実績 of a 年度 (?year=): 実施方法, 委託先, 実施内容, counts
//   POST /evaluation/programs                 a 事業's record of a 年度
//   GET  /evaluation/surveys                  the 関係者調査, and a new survey's form
//   POST /evaluation/surveys                  a new survey (title, 年度, 調査基準日, items)
//   GET  /evaluation/surveys/{id}             a survey: each agency's counts and the totals
//   POST /evaluation/surveys/{id}/responses   an agency's answer
//   POST /evaluation/surveys/{id}/items       a further item
// Each handler calls one use case of domain::EvaluationPlanService; the service decides who may do what.

#include "web/program_result_pages.hpp"

#include <sstream>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "web/page_context.hpp"
#include "web/page_routes.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

struct Services {
    domain::EvaluationPlanService& plans;
    domain::Directory& directory;
};

std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        line = Trim(line);
        if (!line.empty()) lines.push_back(line);
    }
    return lines;
}

json OrganizationOptions(Services& services, const http::Request& request, const std::string& chosen) {
    json options = json::array();
    options.push_back({{"value", ""}, {"label", "（選ばない）"}, {"selected", chosen.empty()}});
    auto organizations = services.directory.Organizations(*request.principal);
    if (!organizations) return options;
    for (const auto& organization : *organizations) {
        const std::string value = std::to_string(organization.id.value());
        options.push_back({{"value", value}, {"label", organization.name}, {"selected", value == chosen}});
    }
    return options;
}

// --- 事業別実績 -----------------------------------------------------------------------------------------------------

http::Response ShowPrograms(Services& services, const http::Request& request, int year, json form, json errors,
                            int status) {
    auto view = services.plans.ProgramResults(ActorOf(request), year);
    if (!view) return RenderErrorPage(request, view.error());
    json programs = json::array();
    for (const domain::ProgramResultRow& row : view->rows) {
        json counts = json::array();
        for (const domain::ProgramCount& count : row.counts) {
            counts.push_back({{"label", count.label},
                              {"value", count.value ? std::to_string(*count.value) : "—"},
                              {"unit", count.unit}});
        }
        std::string contractors;
        for (const std::string& name : row.contractor_names) contractors += (contractors.empty() ? "" : "、") + name;
        programs.push_back({{"code", domain::SubProgrammeCode(row.program)},
                            {"label", domain::SubProgrammeLabel(row.program)},
                            {"recorded", row.result.has_value()},
                            {"operation", row.result ? domain::OperationLabel(row.result->operation) : "未記録"},
                            {"contractors", contractors},
                            {"activities", row.result ? row.result->activities : ""},
                            {"counts", std::move(counts)}});
    }
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    const std::string program = form.value("program", "intake");
    const std::string operation = form.value("operation", "direct");
    const std::string organization = form.value("contractor_organization", "");
    json data = {{"year", year},
                 {"year_label", FiscalYearLabel(year)},
                 {"programs", std::move(programs)},
                 {"computed_at", FormatWareki(JstDate(view->computed_at))},
                 {"may_edit", view->may_edit},
                 {"program_options",
                  EnumOptions(domain::kAllSubProgrammes, domain::SubProgrammeCode, domain::SubProgrammeLabel, program)},
                 {"operation_options",
                  EnumOptions(domain::kAllOperations, domain::OperationCode, domain::OperationLabel, operation)},
                 {"organizations", OrganizationOptions(services, request, organization)},
                 {"form", std::move(form)},
                 {"errors", std::move(errors)}};
    return RenderPage(request, "事業別実績（" + FiscalYearLabel(year) + "）", "program_results", std::move(data),
                      status);
}

// The 年度 asked (2024, 令和6年度, R6), or the current one when none is.
int YearAsked(Services& services, const std::string& text, bool& valid) {
    if (Trim(text).empty()) return services.plans.CurrentFiscalYear();
    auto parsed = ParseFiscalYear(Trim(text), "年度");
    if (!parsed) {
        valid = false;
        return 0;
    }
    return *parsed;
}

http::Response ProgramsPage(Services& services, const http::Request& request) {
    bool valid = true;
    const int year = YearAsked(services, FieldOf(QueryFields(request), "year"), valid);
    if (!valid) return RenderErrorPage(request, Error::InvalidArgument("年度の形式が正しくありません", "year"));
    return ShowPrograms(services, request, year,
                        json{{"program", "intake"},
                             {"operation", "direct"},
                             {"contractor_organization", ""},
                             {"contractor_names", ""},
                             {"activities", ""}},
                        json::object(), 200);
}

http::Response SaveProgram(Services& services, const http::Request& request) {
    json form = json::object();
    for (const char* name :
         {"fiscal_year", "program", "operation", "contractor_organization", "contractor_names", "activities"}) {
        form[name] = FormField(request, name);
    }
    json errors = json::object();
    bool valid = true;
    const int year = YearAsked(services, form["fiscal_year"].get<std::string>(), valid);
    if (!valid) return RenderErrorPage(request, Error::InvalidArgument("年度の形式が正しくありません", "fiscal_year"));
    const auto program = domain::ParseSubProgramme(form["program"].get<std::string>());
    if (!program) AddFieldError(errors, Error::InvalidArgument("事業を選んでください", "program"), {"program"});
    const auto operation = domain::ParseOperation(form["operation"].get<std::string>());
    if (!operation) {
        AddFieldError(errors, Error::InvalidArgument("実施方法を選んでください", "operation"), {"operation"});
    }
    if (errors.empty()) {
        domain::ProgramResult result{.fiscal_year = year,
                                     .program = *program,
                                     .operation = *operation,
                                     .contractors = {},
                                     .activities = Trim(form["activities"].get<std::string>())};
        if (const auto organization = ParseId<OrganizationId>(form["contractor_organization"].get<std::string>())) {
            result.contractors.push_back({.organization_id = *organization, .name = ""});
        }
        for (std::string& name : Lines(form["contractor_names"].get<std::string>())) {
            result.contractors.push_back({.organization_id = std::nullopt, .name = std::move(name)});
        }
        auto saved = services.plans.SetProgramResult(ActorOf(request), result);
        if (saved) return http::Response::Redirect("/evaluation/programs?year=" + std::to_string(year));
        if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
        AddFieldError(errors, saved.error(), {"program", "operation", "contractors", "activities"});
    }
    return ShowPrograms(services, request, year, std::move(form), std::move(errors), 400);
}

// --- 関係者調査 -----------------------------------------------------------------------------------------------------

std::string DefaultItems() {
    std::string items;
    for (std::string_view item : domain::kDefaultSurveyItems) items += std::string(item) + "\n";
    return items;
}

http::Response ShowSurveys(Services& services, const http::Request& request, json form, json errors, int status) {
    auto list = services.plans.Surveys(ActorOf(request));
    if (!list) return RenderErrorPage(request, list.error());
    json surveys = json::array();
    for (const domain::StakeholderSurvey& survey : list->surveys) {
        surveys.push_back({{"id", survey.id.value()},
                           {"title", survey.title},
                           {"year_label", FiscalYearLabel(survey.fiscal_year)},
                           {"conducted_on", survey.conducted_on ? FormatWareki(*survey.conducted_on) : ""}});
    }
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    const bool has_surveys = !surveys.empty();
    json data = {{"surveys", std::move(surveys)},
                 {"has_surveys", has_surveys},
                 {"may_edit", list->may_edit},
                 {"form", std::move(form)},
                 {"errors", std::move(errors)}};
    return RenderPage(request, "関係者調査", "stakeholder_surveys", std::move(data), status);
}

http::Response SurveysPage(Services& services, const http::Request& request) {
    return ShowSurveys(services, request,
                       json{{"title", ""}, {"fiscal_year", ""}, {"conducted_on", ""}, {"items", DefaultItems()}},
                       json::object(), 200);
}

http::Response SaveSurvey(Services& services, const http::Request& request) {
    json form = json::object();
    for (const char* name : {"title", "fiscal_year", "conducted_on", "items"}) form[name] = FormField(request, name);
    json errors = json::object();
    domain::StakeholderSurvey survey{.title = Trim(form["title"].get<std::string>()),
                                     .items = Lines(form["items"].get<std::string>())};
    auto year = ParseFiscalYear(Trim(form["fiscal_year"].get<std::string>()), "年度");
    if (!year) {
        AddFieldError(errors, Error::InvalidArgument(year.error().message, "fiscal_year"), {"fiscal_year"});
    } else {
        survey.fiscal_year = *year;
    }
    const std::string date_text = Trim(form["conducted_on"].get<std::string>());
    if (!date_text.empty()) {
        auto date = ParseJapaneseDate(date_text, "調査基準日");
        if (!date) {
            AddFieldError(errors, Error::InvalidArgument(date.error().message, "conducted_on"), {"conducted_on"});
        } else {
            survey.conducted_on = *date;
        }
    }
    if (errors.empty()) {
        auto saved = services.plans.AddSurvey(ActorOf(request), survey);
        if (saved) return http::Response::Redirect("/evaluation/surveys/" + std::to_string(saved->id.value()));
        if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
        AddFieldError(errors, saved.error(), {"title", "fiscal_year", "conducted_on", "items"});
    }
    return ShowSurveys(services, request, std::move(form), std::move(errors), 400);
}

struct SurveyForms {
    json response = json::object();  // organization_id, agency, count_0 …
    json response_errors = json::object();
    json item = json{{"item", ""}};
    json item_errors = json::object();
};

http::Response ShowSurvey(Services& services, const http::Request& request, StakeholderSurveyId id, SurveyForms forms,
                          int status) {
    auto view = services.plans.Survey(ActorOf(request), id);
    if (!view) return RenderErrorPage(request, view.error());
    json items = json::array();
    for (std::size_t i = 0; i < view->survey.items.size(); ++i) {
        const std::string field = "count_" + std::to_string(i);
        items.push_back({{"label", view->survey.items[i]},
                         {"field", field},
                         {"value", forms.response.value(field, "")},
                         {"error", forms.response_errors.contains(field) ? forms.response_errors[field] : json()},
                         {"total", view->totals.totals[i]},
                         {"answered", view->totals.answered[i]}});
    }
    json responses = json::array();
    for (std::size_t r = 0; r < view->responses.size(); ++r) {
        json counts = json::array();
        for (std::size_t i = 0; i < view->survey.items.size(); ++i) {
            const auto& answer = view->responses[r].counts;
            counts.push_back(i < answer.size() && answer[i] ? std::to_string(*answer[i]) : "—");
        }
        responses.push_back({{"agency", view->agencies[r]}, {"counts", std::move(counts)}});
    }
    for (json* errors : {&forms.response_errors, &forms.item_errors}) (*errors)["_any"] = errors->contains("_summary");
    const bool has_responses = !responses.empty();
    json data = {{"survey",
                  {{"id", view->survey.id.value()},
                   {"title", view->survey.title},
                   {"year_label", FiscalYearLabel(view->survey.fiscal_year)},
                   {"conducted_on", view->survey.conducted_on ? FormatWareki(*view->survey.conducted_on) : ""}}},
                 {"items", std::move(items)},
                 {"responses", std::move(responses)},
                 {"has_responses", has_responses},
                 {"responses_count", view->totals.responses},
                 {"organizations", OrganizationOptions(services, request, forms.response.value("organization_id", ""))},
                 {"response_form", std::move(forms.response)},
                 {"response_errors", std::move(forms.response_errors)},
                 {"item_form", std::move(forms.item)},
                 {"item_errors", std::move(forms.item_errors)},
                 {"may_edit", view->may_edit}};
    return RenderPage(request, "関係者調査：" + view->survey.title, "stakeholder_survey", std::move(data), status);
}

std::optional<StakeholderSurveyId> SurveyIdOf(const http::Request& request) {
    return ParseId<StakeholderSurveyId>(request.PathParam("id"));
}

http::Response SurveyPage(Services& services, const http::Request& request) {
    const auto id = SurveyIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return ShowSurvey(services, request, *id, SurveyForms{}, 200);
}

http::Response SaveResponse(Services& services, const http::Request& request) {
    const auto id = SurveyIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    SurveyForms forms;
    forms.response["organization_id"] = FormField(request, "organization_id");
    forms.response["agency"] = FormField(request, "agency");
    domain::SurveyResponse response{.survey_id = *id,
                                    .organization_id = ParseId<OrganizationId>(FormField(request, "organization_id")),
                                    .agency = Trim(FormField(request, "agency"))};
    json& errors = forms.response_errors;
    // The counts as typed, count_0 … in the items' order; the first that is not a whole number ≥ 0 is refused and
    // every value typed is shown again.
    const auto fields = request.FormFields();
    for (std::size_t i = 0; i < domain::kMaxSurveyItems; ++i) {
        const std::string field = "count_" + std::to_string(i);
        if (!fields.contains(field)) break;
        const std::string text = FormField(request, field);
        forms.response[field] = text;
        auto count = domain::ParseSurveyCount(text, field);
        if (!count) {
            if (!errors.contains(field)) AddFieldError(errors, count.error(), {field});
            response.counts.emplace_back();
        } else {
            response.counts.push_back(*count);
        }
    }
    if (errors.empty()) {
        auto saved = services.plans.AddSurveyResponse(ActorOf(request), response);
        if (saved) return http::Response::Redirect("/evaluation/surveys/" + std::to_string(id->value()));
        if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
        AddFieldError(errors, saved.error(), {"organization_id", "agency", "counts"});
    }
    return ShowSurvey(services, request, *id, std::move(forms), 400);
}

http::Response SaveItem(Services& services, const http::Request& request) {
    const auto id = SurveyIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    SurveyForms forms;
    forms.item["item"] = FormField(request, "item");
    auto saved = services.plans.AddSurveyItem(ActorOf(request), *id, Trim(forms.item["item"].get<std::string>()));
    if (saved) return http::Response::Redirect("/evaluation/surveys/" + std::to_string(id->value()));
    if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
    AddFieldError(forms.item_errors, saved.error(), {"item"});
    return ShowSurvey(services, request, *id, std::move(forms), 400);
}

}  // namespace

void AddProgramResultPages(http::Router& router, domain::EvaluationPlanService& plans, domain::Directory& directory) {
    const auto add = SignedInPageAdder(router, std::make_shared<Services>(Services{plans, directory}));
    add("GET", "/evaluation/programs", ProgramsPage);
    add("POST", "/evaluation/programs", SaveProgram);
    add("GET", "/evaluation/surveys", SurveysPage);
    add("POST", "/evaluation/surveys", SaveSurvey);
    add("GET", "/evaluation/surveys/{id}", SurveyPage);
    add("POST", "/evaluation/surveys/{id}/responses", SaveResponse);
    add("POST", "/evaluation/surveys/{id}/items", SaveItem);
}

}  // namespace kasane::web
