// SPDX-License-Identifier: Apache-2.0
// 支援ケースを開始 (多機関協働, issue #6): opening a case from a consultation or a meeting.

#include <algorithm>
#include <map>
#include <set>

#include "base/grapheme.hpp"
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

// --- opening a case ---------------------------------------------------------------------------------------------

struct OpenForm {
    FormFields fields;
    json errors = json::object();
    int status = 200;
};

http::Response RenderNewCase(const CasePageServices& services, http::Request& request, domain::PersonId person_id,
                             const OpenForm& form, bool submitted) {
    const domain::Actor actor = ActorOf(request);
    auto view = services.persons->Get(actor, person_id);
    if (!view) return RenderErrorPage(request, view.error());
    if (view->decision.level != domain::ViewLevel::kFull) return RenderErrorPage(request, Error::NotFound());
    const Names names = ReadNames(services, actor);
    auto field = [&](std::string_view name) { return FieldOf(form.fields, name); };
    json shown = json::object();  // the reads that failed (ShowSectionError), shown with the request id

    json households = json::array({{{"value", ""}, {"label", "（世帯なし・本人のみ）"}, {"selected", false}}});
    if (auto list = services.households->OfPerson(actor, person_id)) {
        for (const domain::Household& household : *list) {
            const bool selected =
                submitted ? field("household_id") == std::to_string(household.id) : households.size() == 1;
            households.push_back(
                {{"value", household.id},
                 {"label", household.name.empty() ? "世帯 " + std::to_string(household.id) : household.name},
                 {"selected", selected}});
        }
    } else {
        ShowSectionError(shown, actor, "世帯", list.error());
    }
    if (households.size() == 1 || (submitted && field("household_id").empty())) households[0]["selected"] = true;

    json consultations =
        json::array({{{"value", ""}, {"label", "（相談によらない）"}, {"selected", field("consultation_id").empty()}}});
    if (auto list = services.consultations->OfPerson(actor, person_id)) {
        for (const domain::Consultation& consultation : *list) {
            const json created = InstantJson(consultation.created_at);
            consultations.push_back(
                {{"value", consultation.id},
                 {"label", "相談 " + std::to_string(consultation.id) + "　" + created["wareki"].get<std::string>() +
                               "　" + CutGraphemes(consultation.chief_complaint, 20)},
                 {"selected", field("consultation_id") == std::to_string(consultation.id)}});
        }
    } else {
        ShowSectionError(shown, actor, "相談", list.error());
    }
    // A case may be opened by a meeting's decision: the meetings the actor may see with the person on the agenda.
    json meetings =
        json::array({{{"value", ""}, {"label", "（会議によらない）"}, {"selected", field("meeting_id").empty()}}});
    if (auto list = services.sharing->Meetings(actor, std::nullopt)) {
        for (const domain::Meeting& meeting : *list) {
            const bool about_person =
                std::any_of(meeting.agenda.begin(), meeting.agenda.end(),
                            [&](const domain::AgendaItem& item) { return item.person_id == person_id; });
            if (!about_person) continue;
            const auto body = names.bodies.find(meeting.body_id);
            meetings.push_back({{"value", meeting.id},
                                {"label", FormatWareki(meeting.held_on) + "　" +
                                              (body == names.bodies.end() ? std::string("会議") : body->second)},
                                {"selected", field("meeting_id") == std::to_string(meeting.id)}});
        }
    } else {
        ShowSectionError(shown, actor, "会議", list.error());
    }
    const auto lead = submitted ? ParseId(field("lead_organization_id"))
                                : std::optional<std::int64_t>(actor.principal.user.organization_id);
    json coordinators = json::array({{{"value", ""}, {"label", "（未定）"}, {"selected", false}}});
    bool coordinator_chosen = false;
    if (auto users = services.directory->Users(actor.principal)) {
        for (const domain::User& user : *users) {
            if (user.disabled || !user.HasRole(domain::Role::kCoordinator)) continue;
            const bool selected = submitted ? field("coordinator_user_id") == std::to_string(user.id)
                                            : user.id == actor.principal.user.id;
            coordinator_chosen = coordinator_chosen || selected;
            coordinators.push_back(
                {{"value", user.id},
                 {"label", user.display_name + "（" + names.Organization(user.organization_id) + "）"},
                 {"selected", selected}});
        }
    } else {
        ShowSectionError(shown, actor, "調整担当者", users.error());
    }
    if (!coordinator_chosen) coordinators[0]["selected"] = true;
    json programs = json::array();
    for (domain::Program program : domain::kAllPrograms) {
        const std::string code(domain::ProgramCode(program));
        programs.push_back(
            {{"value", code},
             {"label", domain::ProgramLabel(program)},
             {"checked", submitted ? field("program_" + code) == "1" : program == domain::Program::kCollaboration}});
    }
    json categories = json::array();
    if (auto list = services.consultations->OfferedCategories(actor)) {
        for (const domain::WorryCategory& category : *list) {
            const std::string category_id = std::to_string(category.id);
            categories.push_back(
                {{"id", category.id}, {"label", category.label}, {"checked", field("category_" + category_id) == "1"}});
        }
    } else {
        ShowSectionError(shown, actor, "困りごとの分類", list.error());
    }
    ShowSectionErrors(shown, request, names.failures);
    json data = {{"person", PersonHeaderJson(view->person, view->decision, TodayInJapan(*services.clock))},
                 {"basis_label", domain::AccessBasisLabel(view->decision.basis)},
                 {"title_value", submitted ? field("title") : view->person.FullName() + "さんの支援"},
                 {"households", households},
                 {"consultations", consultations},
                 {"meetings", meetings},
                 {"lead_options", names.OrganizationOptions(OptionalIdOf<OrganizationId>(lead))},
                 {"coordinators", coordinators},
                 {"programs", programs},
                 {"categories", categories},
                 {"section_errors", shown.value("section_errors", json::array())},
                 {"errors", form.errors}};
    return RenderPage(request, "支援ケースを開始", "case_new", std::move(data), form.status);
}

http::Response ShowNewCase(const CasePageServices& services, http::Request& request) {
    auto person = ParseId(request.QueryParam("person_id").value_or(""));
    if (!person)
        return RenderErrorPage(request, Error::InvalidArgument("本人を選んでから開始してください", "person_id"));
    OpenForm form;
    if (auto consultation = request.QueryParam("consultation_id")) form.fields["consultation_id"] = *consultation;
    if (auto meeting = request.QueryParam("meeting_id")) form.fields["meeting_id"] = *meeting;
    return RenderNewCase(services, request, domain::PersonId{*person}, form, false);
}

http::Response OpenCase(const CasePageServices& services, http::Request& request) {
    OpenForm form{.fields = request.FormFields()};
    auto person = ParseId(FieldOf(form.fields, "person_id"));
    if (!person) return RenderErrorPage(request, Error::InvalidArgument("本人が選ばれていません", "person_id"));
    domain::NewCase input{
        .person_id = domain::PersonId{*person},
        .household_id = ParseId<domain::HouseholdId>(FieldOf(form.fields, "household_id")),
        .title = FieldOf(form.fields, "title"),
        .coordinator_user_id = ParseId<UserId>(FieldOf(form.fields, "coordinator_user_id")),
        .opened_from_consultation_id = ParseId<domain::ConsultationId>(FieldOf(form.fields, "consultation_id")),
        .opened_at_meeting_id = ParseId<domain::MeetingId>(FieldOf(form.fields, "meeting_id"))};
    auto lead = ParseId(FieldOf(form.fields, "lead_organization_id"));
    if (!lead) form.errors["lead_organization_id"] = "「主担当機関」を選んでください";
    if (lead) input.lead_organization_id = OrganizationId{*lead};
    if (Blank(input.title)) form.errors["title"] = "「ケースの名前」を入力してください";
    for (domain::Program program : domain::kAllPrograms) {
        if (FieldOf(form.fields, "program_" + std::string(domain::ProgramCode(program))) == "1") {
            input.programs.push_back(program);
        }
    }
    if (input.programs.empty()) form.errors["programs"] = "「事業」を1つ以上選んでください";
    for (const auto& [name, value] : form.fields) {
        if (!name.starts_with("category_") || value != "1") continue;
        if (auto category = ParseId(std::string_view(name).substr(9))) input.categories.push_back(*category);
    }
    if (!form.errors.empty()) {
        form.errors["_any"] = true;
        form.errors["_summary"] = json::array();
        for (const auto& [key, message] : form.errors.items()) {
            if (message.is_string()) form.errors["_summary"].push_back(message);
        }
        form.status = 400;
        return RenderNewCase(services, request, domain::PersonId{*person}, form, true);
    }
    auto opened = services.cases->Open(ActorOf(request), input);
    if (!opened) {
        const Error& error = opened.error();
        if ((error.Is(ErrorCode::kNotFound) && error.field.empty()) || error.Is(ErrorCode::kPermissionDenied)) {
            return RenderErrorPage(request, error);
        }
        AddFieldError(form.errors, error,
                      {"title", "household_id", "lead_organization_id", "coordinator_user_id", "programs", "categories",
                       "consultation_id", "opened_at_meeting_id"});
        form.status = http::HttpStatusFor(error.code);
        return RenderNewCase(services, request, domain::PersonId{*person}, form, true);
    }
    return Redirect(opened->id, "opened");
}

}  // namespace

void AddCaseOpenPages(http::Router& router, const CasePageServices& services) {
    auto page = [&router, &services](std::string method, std::string pattern, CasePageHandler handler) {
        AddCasePage(router, services, std::move(method), std::move(pattern), handler);
    };
    page("GET", "/cases/new", ShowNewCase);
    page("POST", "/cases", OpenCase);
}

}  // namespace kasane::web
