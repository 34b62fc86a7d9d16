// SPDX-License-Identifier: Apache-2.0
// アセスメント (多機関協働, issue #6): the assessment form generated from the newest form definition, and its record.

#include <algorithm>
#include <map>
#include <set>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "domain/export_rights.hpp"
#include "domain/master_data.hpp"
#include "domain/sharing_service.hpp"
#include "domain/user.hpp"
#include "web/case_page_support.hpp"
#include "web/case_pages.hpp"
#include "web/genogram.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using namespace case_support;

// --- the assessment form ----------------------------------------------------------------------------------------

// The newest version of the assessment form: answers are always given under it (old versions are never edited).
Result<domain::FormDefinition> NewestAssessmentForm(const CasePageServices& services, const domain::Actor& actor) {
    auto versions = services.cases->FormVersions(actor, "assessment");
    if (!versions) return Fail(versions.error());
    if (versions->empty()) return Fail(Error::NotFound("アセスメントシートの様式がまだ登録されていません"));
    return *std::max_element(versions->begin(), versions->end(),
                             [](const auto& a, const auto& b) { return a.form_version < b.form_version; });
}

std::string AnswerName(const domain::FormItem& item, std::optional<PersonId> member) {
    return "a_" + item.key + (member ? "_m" + std::to_string(*member) : "");
}

struct AssessmentState {
    FormFields fields;
    json errors = json::object();
    int status = 200;
};

http::Response RenderAssessmentForm(const CasePageServices& services, http::Request& request, domain::CaseId id,
                                    const AssessmentState& state, bool submitted) {
    const domain::Actor actor = ActorOf(request);
    auto view = services.cases->Get(actor, id);
    if (!view) return RenderErrorPage(request, view.error());
    auto form = NewestAssessmentForm(services, actor);
    if (!form) return RenderErrorPage(request, form.error());
    auto field = [&](std::string_view name) { return FieldOf(state.fields, name); };
    std::vector<std::pair<PersonId, std::string>> members;
    for (const domain::Person& member : view->members) members.emplace_back(member.id, member.FullName());
    if (members.empty()) members.emplace_back(view->person.id, view->person.FullName());

    json sections = json::array();
    for (const domain::FormItem& item : form->items) {
        if (sections.empty() || sections.back()["title"] != item.section) {
            sections.push_back({{"title", item.section}, {"items", json::array()}});
        }
        json rows = json::array();
        auto row_for = [&](std::optional<PersonId> member, const std::string& member_name) {
            const std::string name = AnswerName(item, member);
            json options = json::array();
            for (std::size_t i = 0; i < item.options.size(); ++i) {
                const std::string option_name =
                    item.kind == domain::FormItemKind::kMulti ? name + "_o" + std::to_string(i) : name;
                const bool checked = item.kind == domain::FormItemKind::kMulti ? field(option_name) == "1"
                                                                               : field(name) == item.options[i];
                options.push_back({{"id", name + "_" + std::to_string(i)},
                                   {"name", option_name},
                                   {"value", item.kind == domain::FormItemKind::kMulti ? "1" : item.options[i]},
                                   {"label", item.options[i]},
                                   {"checked", checked}});
            }
            json row = {{"name", name}, {"member", member_name}, {"value", field(name)}, {"options", options}};
            if (state.errors.contains(name))
                row["error"] = state.errors[name];
            else if (!member && state.errors.contains(item.key))
                row["error"] = state.errors[item.key];
            rows.push_back(std::move(row));
        };
        if (item.per_member) {
            for (const auto& [person_id, name] : members) row_for(person_id, name);
        } else {
            row_for(std::nullopt, "");
        }
        json entry = {{"key", item.key},
                      {"label", item.label},
                      {"required", item.required},
                      {"reported", item.reported_to_state},
                      {"per_member", item.per_member},
                      {"single", item.kind == domain::FormItemKind::kSingle},
                      {"multi", item.kind == domain::FormItemKind::kMulti},
                      {"text", item.kind == domain::FormItemKind::kText},
                      {"date", item.kind == domain::FormItemKind::kDate},
                      {"rows", rows}};
        if (state.errors.contains(item.key)) entry["error"] = state.errors[item.key];
        sections.back()["items"].push_back(std::move(entry));
    }
    json data = {{"case", {{"id", id}, {"title", view->support_case.title}}},
                 {"person", PersonHeaderJson(view->person, view->decision, TodayInJapan(*services.clock))},
                 {"form", {{"id", form->id}, {"title", form->title}, {"version", form->form_version}}},
                 {"sections", sections},
                 {"assessed_on", submitted ? field("assessed_on") : FormatWareki(TodayInJapan(*services.clock))},
                 {"background", field("background")},
                 {"strengths", field("strengths")},
                 {"errors", state.errors}};
    return RenderPage(request, "アセスメント", "case_assessment", std::move(data), state.status);
}

http::Response ShowAssessmentForm(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return RenderAssessmentForm(services, request, *id, {}, false);
}

http::Response RecordAssessment(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const domain::Actor actor = ActorOf(request);
    AssessmentState state{.fields = request.FormFields()};
    auto definition_id = ParseId(FieldOf(state.fields, "form_definition_id"));
    if (!definition_id) return RenderErrorPage(request, Error::InvalidArgument("様式が指定されていません", "form"));
    auto form = services.cases->Form(actor, *definition_id);
    if (!form) return RenderErrorPage(request, form.error());
    auto view = services.cases->Get(actor, *id);
    if (!view) return RenderErrorPage(request, view.error());

    domain::Assessment assessment{.case_id = *id,
                                  .form_definition_id = form->id,
                                  .form_version = form->form_version,
                                  .background = FieldOf(state.fields, "background"),
                                  .strengths = FieldOf(state.fields, "strengths")};
    std::vector<std::string_view> known = {"assessed_on", "background", "strengths"};
    auto assessed_on = OptionalDate(state.fields, "assessed_on", "実施日");
    if (!assessed_on) state.errors["assessed_on"] = assessed_on.error().message;
    assessment.assessed_on = assessed_on && *assessed_on ? **assessed_on : TodayInJapan(*services.clock);
    std::vector<std::optional<PersonId>> member_ids;
    for (const domain::Person& member : view->members) member_ids.push_back(member.id);
    if (member_ids.empty()) member_ids.push_back(view->person.id);
    for (const domain::FormItem& item : form->items) {
        known.push_back(item.key);
        std::vector<std::optional<PersonId>> whom =
            item.per_member ? member_ids : std::vector<std::optional<PersonId>>{std::nullopt};
        for (const std::optional<PersonId>& member : whom) {
            const std::string name = AnswerName(item, member);
            domain::AssessmentAnswer answer{.item_key = item.key, .member_person_id = member};
            if (item.kind == domain::FormItemKind::kMulti) {
                for (std::size_t i = 0; i < item.options.size(); ++i) {
                    if (FieldOf(state.fields, name + "_o" + std::to_string(i)) == "1") {
                        answer.values.push_back(item.options[i]);
                    }
                }
            } else if (item.kind == domain::FormItemKind::kDate) {
                auto date = OptionalDate(state.fields, name, item.label);
                if (!date)
                    state.errors[name] = date.error().message;
                else if (*date)
                    answer.values.push_back(IsoDate(**date));
            } else if (const std::string value = FieldOf(state.fields, name); !Blank(value)) {
                answer.values.push_back(value);
            }
            if (!answer.values.empty()) assessment.answers.push_back(std::move(answer));
        }
    }
    // Every problem of the sheet at once (the use case would stop at the first).
    std::vector<PersonId> answerable;
    for (const std::optional<PersonId>& member : member_ids) answerable.push_back(*member);
    for (const Error& problem : domain::AnswerProblems(*form, assessment.answers, answerable)) {
        AddFieldError(state.errors, problem, known);
    }
    if (!state.errors.empty()) {
        state.errors["_any"] = true;
        if (!state.errors.contains("_summary")) state.errors["_summary"] = json::array({"入力内容を確かめてください"});
        state.status = 400;
        return RenderAssessmentForm(services, request, *id, state, true);
    }
    auto recorded = services.cases->RecordAssessment(actor, *id, assessment);
    if (!recorded) {
        const Error& error = recorded.error();
        if ((error.Is(ErrorCode::kNotFound) && error.field.empty()) || error.Is(ErrorCode::kPermissionDenied)) {
            return RenderErrorPage(request, error);
        }
        AddFieldError(state.errors, error, known);
        state.status = http::HttpStatusFor(error.code);
        return RenderAssessmentForm(services, request, *id, state, true);
    }
    return Redirect(*id, "assessed", "case-assessment");
}

}  // namespace

void AddAssessmentPages(http::Router& router, const CasePageServices& services) {
    auto page = [&router, &services](std::string method, std::string pattern, CasePageHandler handler) {
        AddCasePage(router, services, std::move(method), std::move(pattern), handler);
    };
    page("GET", "/cases/{id}/assessment", ShowAssessmentForm);
    page("POST", "/cases/{id}/assessment", RecordAssessment);
}

}  // namespace kasane::web
