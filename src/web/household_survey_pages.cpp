// SPDX-License-Identifier: Apache-2.0
// 世帯訪問調査 (issue 15, item 2), in Japanese:
//   GET  /surveys                                 the campaigns the viewer runs or visits for; the set-up form
//   POST /surveys                                 starts a campaign (the default form)
//   GET  /surveys/{id}                            its 自治会 with the body and progress, progress per body, and the
//                                                 assignment form (the town's staff)
//   POST /surveys/{id}/assignments                assigns a 自治会 to a body
//   GET  /surveys/{id}/households/import          世帯名簿の取り込み: the upload form (list_upload.js sends the file to
//                                                 the API) and, with ?upload=, the dry run of every row (staff)
//   POST /surveys/{id}/households/import          imports it (nothing while a row has an error)
//   GET  /surveys/{id}/areas/{area}               the visit list of one 自治会 (printable), households and notes
//   POST /surveys/{id}/areas/{area}/households    adds a household (from a list, or on the doorstep)
//   POST /surveys/{id}/areas/{area}/hearing-notes a hearing note that flags a 気になる世帯
//   GET  /surveys/{id}/households/{household}/visit    the visit form (also for a paper sheet's results)
//   POST /surveys/{id}/households/{household}/visit    records the visit
//   GET  /surveys/{id}/areas/{area}/offline       the visit list and form for use without a network: a shell with
//                                                 no household in it; survey-offline.js downloads the list through
//                                                 the API, keeps it encrypted in IndexedDB, queues visits and syncs
//   GET  /surveys/offline-sw.js                   the service worker (scope /surveys/) that keeps the shell offline
//   GET  /surveys/offline.webmanifest             the web app manifest
//   GET  /survey-visits/{id}                      the visit, with 「つなぐ」 or the link to its consultation
//   POST /survey-visits/{id}/connect              「つなぐ」: opens the consultation and goes to it
// Each handler calls one use case of domain::HouseholdSurveyService; what a viewer may see is the policy's.

#include "web/household_survey_pages.hpp"

#include <algorithm>
#include <map>

#include "web/assets.hpp"

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "web/admin_page_support.hpp"
#include "web/page_context.hpp"
#include "web/page_routes.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

struct Services {
    domain::HouseholdSurveyService& surveys;
    domain::Directory& directory;
    const Clock& clock;
};

const std::vector<std::string_view> kCampaignFields = {"name", "purpose", "starts_on", "ends_on"};
const std::vector<std::string_view> kVisitFields = {"visited_on", "visitors",     "outcome", "notice",
                                                    "answers",    "household_id", "area_id"};

std::optional<Date> FormDate(const FormFields& fields, std::string_view name, std::string_view label, json& errors) {
    const std::string text = Trim(FieldOf(fields, name));
    if (text.empty()) {
        AddFieldError(errors, Error::InvalidArgument(std::string(label) + "を入力してください", std::string(name)),
                      {name});
        return std::nullopt;
    }
    auto date = ParseJapaneseDate(text, name);
    if (!date) {
        AddFieldError(errors, date.error(), {name});
        return std::nullopt;
    }
    return *date;
}

json ProgressJson(const domain::AreaProgress& progress) {
    return {{"households", progress.households},
            {"visited", progress.visited},
            {"revisit", progress.revisit},
            {"done", progress.households > 0 && progress.visited == progress.households}};
}

std::string ProgressPath(SurveyCampaignId id) { return "/surveys/" + std::to_string(id.value()); }

http::Response CampaignsPage(Services& services, const http::Request& request, json form = json::object(),
                             json errors = json::object()) {
    const domain::Actor actor = ActorOf(request);
    auto may_run = services.surveys.MayRun(actor);
    if (!may_run) return RenderErrorPage(request, may_run.error());
    auto campaigns = services.surveys.Campaigns(actor);
    if (!campaigns) return RenderErrorPage(request, campaigns.error());
    json rows = json::array();
    for (const domain::SurveyCampaign& campaign : *campaigns) {
        rows.push_back({{"id", campaign.id},
                        {"name", campaign.name},
                        {"purpose", campaign.purpose},
                        {"period", FormatWareki(campaign.starts_on) + "〜" + FormatWareki(campaign.ends_on)}});
    }
    const bool failed = errors.contains("_any");
    json data = {{"campaigns", std::move(rows)},
                 {"none", campaigns->empty()},
                 {"may_run", *may_run},
                 {"form", std::move(form)},
                 {"errors", std::move(errors)}};
    return RenderPage(request, "世帯訪問調査", "surveys", std::move(data), failed ? 400 : 200);
}

http::Response ListCampaigns(Services& services, const http::Request& request) {
    return CampaignsPage(services, request);
}

http::Response CreateCampaign(Services& services, const http::Request& request) {
    const FormFields fields = request.FormFields();
    json form = {{"name", FieldOf(fields, "name")},
                 {"purpose", FieldOf(fields, "purpose")},
                 {"starts_on", FieldOf(fields, "starts_on")},
                 {"ends_on", FieldOf(fields, "ends_on")}};
    json errors = json::object();
    domain::SurveyCampaign campaign;
    campaign.name = Trim(FieldOf(fields, "name"));
    campaign.purpose = Trim(FieldOf(fields, "purpose"));
    const auto starts = FormDate(fields, "starts_on", "開始日", errors);
    const auto ends = FormDate(fields, "ends_on", "終了日", errors);
    if (errors.contains("_any")) return CampaignsPage(services, request, std::move(form), std::move(errors));
    campaign.starts_on = *starts;
    campaign.ends_on = *ends;
    auto created = services.surveys.CreateCampaign(ActorOf(request), std::move(campaign));
    if (!created) {
        if (created.error().Is(ErrorCode::kInvalidArgument)) {
            AddFieldError(errors, created.error(), kCampaignFields);
            return CampaignsPage(services, request, std::move(form), std::move(errors));
        }
        return RenderErrorPage(request, created.error());
    }
    return http::Response::Redirect(ProgressPath(created->id) + "?created=1");
}

http::Response CampaignPage(Services& services, const http::Request& request, json errors = json::object()) {
    const auto id = ParseId<SurveyCampaignId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const domain::Actor actor = ActorOf(request);
    auto overview = services.surveys.Overview(actor, *id);
    if (!overview) return RenderErrorPage(request, overview.error());
    const domain::SurveyCampaign& campaign = overview->campaign;
    json areas = json::array();
    for (const domain::SurveyAssignmentRow& row : overview->areas) {
        areas.push_back({{"id", row.assignment.area_id},
                         {"name", row.area_name},
                         {"count", row.area_households ? std::to_string(*row.area_households) + "世帯" : "—"},
                         {"body", row.body_name},
                         {"progress", ProgressJson(row.progress)}});
    }
    json bodies = json::array();
    for (const domain::BodyProgress& body : overview->bodies) {
        bodies.push_back(
            {{"name", body.body_name},
             {"areas", body.areas},
             {"progress",
              ProgressJson({.households = body.households, .visited = body.visited, .revisit = body.revisit})}});
    }
    json items = json::array();
    for (const domain::SurveyFormItem& item : campaign.items) {
        items.push_back({{"section", item.section}, {"label", item.label}});
    }
    json data = {{"campaign",
                  {{"id", campaign.id},
                   {"name", campaign.name},
                   {"purpose", campaign.purpose},
                   {"period", FormatWareki(campaign.starts_on) + "〜" + FormatWareki(campaign.ends_on)},
                   {"form_version", campaign.form_version}}},
                 {"items", std::move(items)},
                 {"areas", std::move(areas)},
                 {"no_areas", overview->areas.empty()},
                 {"bodies", std::move(bodies)},
                 {"may_run", overview->may_run},
                 {"created", request.QueryParam("created").has_value()},
                 {"assigned", request.QueryParam("assigned").has_value()},
                 {"imported", request.QueryParam("imported").value_or("")},
                 {"errors", errors}};
    if (overview->may_run) {
        // The pickers of the assignment form: 自治会, the town's organisations, and its 民生委員.
        auto neighborhoods = services.directory.Areas(*request.principal, domain::AreaKind::kNeighborhood);
        auto organizations = services.directory.Organizations(*request.principal);
        auto users = services.directory.Users(*request.principal);
        if (!neighborhoods || !organizations || !users) {
            return RenderErrorPage(request, !neighborhoods   ? neighborhoods.error()
                                            : !organizations ? organizations.error()
                                                             : users.error());
        }
        json area_options = json::array();
        for (const domain::Area& area : *neighborhoods) {
            if (area.active) area_options.push_back({{"id", area.id}, {"name", area.name}});
        }
        json body_options = json::array();
        for (const domain::Organization& organization : *organizations) {
            body_options.push_back(
                {{"value", "organization:" + std::to_string(organization.id.value())}, {"label", organization.name}});
        }
        for (const domain::User& user : *users) {
            if (!user.HasRole(domain::Role::kWelfareVolunteer)) continue;
            body_options.push_back({{"value", "volunteer:" + std::to_string(user.id.value())},
                                    {"label", "民生委員 " + user.display_name}});
        }
        data["area_options"] = std::move(area_options);
        data["body_options"] = std::move(body_options);
    }
    return RenderPage(request, "世帯訪問調査 " + campaign.name, "survey", std::move(data),
                      errors.contains("_any") ? 400 : 200);
}

http::Response ShowCampaign(Services& services, const http::Request& request) {
    return CampaignPage(services, request);
}

http::Response Assign(Services& services, const http::Request& request) {
    const auto id = ParseId<SurveyCampaignId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const FormFields fields = request.FormFields();
    domain::SurveyAssignment assignment{.campaign_id = *id, .area_id = ParseId(FieldOf(fields, "area_id")).value_or(0)};
    const std::string body = FieldOf(fields, "body");
    if (body.starts_with("organization:")) {
        if (auto organization = ParseId<OrganizationId>(body.substr(13)))
            assignment.body.organization_id = organization;
    } else if (body.starts_with("volunteer:")) {
        if (auto user = ParseId<UserId>(body.substr(10))) assignment.body.volunteer_user_id = user;
    }
    auto assigned = services.surveys.Assign(ActorOf(request), assignment);
    if (!assigned) {
        if (!assigned.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, assigned.error());
        json errors = json::object();
        AddFieldError(errors, assigned.error(), {"area_id"});
        return CampaignPage(services, request, std::move(errors));
    }
    return http::Response::Redirect(ProgressPath(*id) + "?assigned=1");
}

http::Response AreaPage(Services& services, const http::Request& request, json form = json::object(),
                        json errors = json::object()) {
    const auto id = ParseId<SurveyCampaignId>(request.PathParam("id"));
    const auto area = ParseId(request.PathParam("area"));
    if (!id || !area) return RenderErrorPage(request, Error::NotFound());
    auto view = services.surveys.Area(ActorOf(request), *id, *area);
    if (!view) return RenderErrorPage(request, view.error());
    json rows = json::array();
    json household_options = json::array();
    int number = 0;
    for (const domain::SurveyHouseholdRow& row : view->rows) {
        json notes = json::array();
        for (const domain::SurveyHearingNote& note : row.notes) {
            notes.push_back({{"informant", domain::HearingInformantLabel(note.informant)}, {"note", note.note}});
        }
        json visits = json::array();
        for (const domain::SurveyVisit& visit : row.visits) {
            visits.push_back({{"id", visit.id},
                              {"date", FormatWareki(visit.visited_on)},
                              {"outcome", domain::VisitOutcomeLabel(visit.outcome)}});
        }
        const std::string label = row.household.address + "（" +
                                  (row.household.head_name.empty() ? "世帯主不明" : row.household.head_name) + "）";
        household_options.push_back({{"id", row.household.id}, {"label", label}});
        rows.push_back({{"number", ++number},
                        {"id", row.household.id},
                        {"address", row.household.address},
                        {"head", row.household.head_name},
                        {"doorstep", row.household.origin == domain::HouseholdOrigin::kDoorstep},
                        {"dv", row.dv_placeholder},
                        {"flagged", row.Flagged()},
                        {"notes", std::move(notes)},
                        {"visits", std::move(visits)},
                        {"visited", row.Visited()},
                        {"revisit", row.AwaitsRevisit()}});
    }
    const bool failed = errors.contains("_any");
    json data = {{"campaign", {{"id", view->campaign.id}, {"name", view->campaign.name}}},
                 {"area", {{"id", *area}, {"name", view->area.area_name}, {"body", view->area.body_name}}},
                 {"progress", ProgressJson(view->area.progress)},
                 {"rows", std::move(rows)},
                 {"households", std::move(household_options)},
                 {"empty", view->rows.empty()},
                 {"office", view->may_run},
                 {"form", std::move(form)},
                 {"errors", std::move(errors)}};
    MarkPrintPaper(data);
    return RenderPage(request, "訪問リスト " + view->area.area_name, "survey_area", std::move(data),
                      failed ? 400 : 200);
}

http::Response ShowArea(Services& services, const http::Request& request) { return AreaPage(services, request); }

// --- 世帯名簿の取り込み: the upload form (list_upload.js sends the file to the API), the dry run, the import ---

http::Response ImportPage(Services& services, const http::Request& request, std::string_view upload_text,
                          std::string_view area_text, const std::optional<Error>& refused) {
    const auto id = ParseId<SurveyCampaignId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const domain::Actor actor = ActorOf(request);
    auto overview = services.surveys.Overview(actor, *id);
    if (!overview) return RenderErrorPage(request, overview.error());
    if (!overview->may_run) {
        return RenderErrorPage(request,
                               Error::PermissionDenied("世帯名簿を取り込めるのは調査を運営する町の担当課の職員です"));
    }
    const std::optional<AreaId> area = area_text.empty() ? std::nullopt : ParseId(area_text);
    auto neighborhoods = services.directory.Areas(*request.principal, domain::AreaKind::kNeighborhood);
    if (!neighborhoods) return RenderErrorPage(request, neighborhoods.error());
    json area_options = json::array();
    std::string area_name;
    for (const domain::Area& option : *neighborhoods) {
        if (!option.active) continue;
        const bool selected = area && *area == option.id;
        if (selected) area_name = option.name;
        area_options.push_back({{"id", option.id}, {"name", option.name}, {"selected", selected}});
    }
    json data = {{"campaign", {{"id", overview->campaign.id}, {"name", overview->campaign.name}}},
                 {"area_options", std::move(area_options)},
                 {"area_id", area ? std::to_string(*area) : std::string()},
                 {"area_name", area_name},
                 {"has_plan", false},
                 {"errors", json::object()}};
    const std::string title = "世帯名簿の取り込み " + overview->campaign.name;
    if (upload_text.empty()) return RenderPage(request, title, "survey_household_import", std::move(data));
    const auto upload = ParseId(upload_text);
    if (!upload) return RenderErrorPage(request, Error::NotFound());
    auto plan = services.surveys.PlanHouseholdImport(actor, *id, *upload, area);
    json errors = json::object();
    if (!plan) {
        if (!IsFormError(plan.error())) return RenderErrorPage(request, plan.error());
        AddFieldError(errors, plan.error(), {"file", "area_id"});
        data["errors"] = std::move(errors);
        return RenderPage(request, title, "survey_household_import", std::move(data), 400);
    }
    if (refused) AddFieldError(errors, *refused, {"file"});
    json rows = json::array();
    for (const domain::SurveyHouseholdImportRow& row : plan->rows) {
        rows.push_back({{"line", row.line},
                        {"area", row.area_name},
                        {"address", row.address},
                        {"head", row.head_name},
                        {"action", !row.error.empty() ? "誤り"
                                   : row.existing     ? "名簿にあり（加えない）"
                                                      : "追加"},
                        {"error", row.error}});
    }
    data["has_plan"] = true;
    data["upload"] = *upload;
    data["file_name"] = plan->file_name;
    data["sha256"] = plan->sha256;
    data["encoding"] = plan->encoding;
    data["rows"] = std::move(rows);
    data["row_count"] = plan->rows.size();
    data["error_count"] = plan->errors;
    data["has_errors"] = plan->errors > 0;
    data["to_create"] = plan->to_create;
    data["existing"] = plan->existing;
    data["errors"] = std::move(errors);
    return RenderPage(request, title, "survey_household_import", std::move(data), refused ? 400 : 200);
}

http::Response ShowHouseholdImport(Services& services, const http::Request& request) {
    return ImportPage(services, request, request.QueryParam("upload").value_or(""),
                      request.QueryParam("area").value_or(""), std::nullopt);
}

http::Response ConfirmHouseholdImport(Services& services, const http::Request& request) {
    const auto id = ParseId<SurveyCampaignId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const FormFields fields = request.FormFields();
    const std::string upload_text = FieldOf(fields, "upload");
    const std::string area_text = FieldOf(fields, "area");
    const auto upload = ParseId(upload_text);
    if (!upload) return RenderErrorPage(request, Error::NotFound());
    const std::optional<AreaId> area = area_text.empty() ? std::nullopt : ParseId(area_text);
    auto imported = services.surveys.ImportHouseholds(ActorOf(request), *id, *upload, area);
    if (!imported) {
        if (!IsFormError(imported.error())) return RenderErrorPage(request, imported.error());
        return ImportPage(services, request, upload_text, area_text, imported.error());
    }
    return http::Response::Redirect(ProgressPath(*id) + "?imported=" + std::to_string(imported->to_create));
}

std::string AreaPath(const http::Request& request) {
    return "/surveys/" + std::string(request.PathParam("id")) + "/areas/" + std::string(request.PathParam("area"));
}

http::Response AddHousehold(Services& services, const http::Request& request) {
    const auto id = ParseId<SurveyCampaignId>(request.PathParam("id"));
    const auto area = ParseId(request.PathParam("area"));
    if (!id || !area) return RenderErrorPage(request, Error::NotFound());
    const FormFields fields = request.FormFields();
    domain::SurveyHousehold household{.campaign_id = *id,
                                      .area_id = *area,
                                      .address = Trim(FieldOf(fields, "address")),
                                      .head_name = Trim(FieldOf(fields, "head_name")),
                                      .origin = FieldOf(fields, "origin") == "doorstep"
                                                    ? domain::HouseholdOrigin::kDoorstep
                                                    : domain::HouseholdOrigin::kList};
    auto added = services.surveys.AddHousehold(ActorOf(request), household);
    if (!added) {
        if (!added.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, added.error());
        json errors = json::object();
        AddFieldError(errors, added.error(), {"address", "head_name"});
        json form = {{"address", FieldOf(fields, "address")}, {"head_name", FieldOf(fields, "head_name")}};
        return AreaPage(services, request, std::move(form), std::move(errors));
    }
    return http::Response::Redirect(AreaPath(request) + "#household-" + std::to_string(added->id.value()));
}

http::Response AddHearingNote(Services& services, const http::Request& request) {
    const auto id = ParseId<SurveyCampaignId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const FormFields fields = request.FormFields();
    const auto household = ParseId<SurveyHouseholdId>(FieldOf(fields, "household_id"));
    const auto informant = domain::ParseHearingInformant(FieldOf(fields, "informant"));
    json errors = json::object();
    json form = {{"note", FieldOf(fields, "note")}};
    if (!household) AddFieldError(errors, Error::InvalidArgument("世帯を選んでください", "household_id"), {"note"});
    if (!informant)
        AddFieldError(errors, Error::InvalidArgument("誰から聞いたかを選んでください", "informant"), {"note"});
    if (errors.contains("_any")) return AreaPage(services, request, std::move(form), std::move(errors));
    auto added = services.surveys.AddHearingNote(
        ActorOf(request), *id,
        domain::SurveyHearingNote{
            .household_id = *household, .informant = *informant, .note = Trim(FieldOf(fields, "note"))});
    if (!added) {
        if (!added.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, added.error());
        AddFieldError(errors, added.error(), {"note"});
        return AreaPage(services, request, std::move(form), std::move(errors));
    }
    return http::Response::Redirect(AreaPath(request) + "#household-" + std::to_string(household->value()));
}

// The visit form: the household's 自治会 list is where the visitor comes from; the items of the form in use.
http::Response VisitFormPage(Services& services, const http::Request& request, json form, json errors) {
    const auto id = ParseId<SurveyCampaignId>(request.PathParam("id"));
    const auto household_id = ParseId<SurveyHouseholdId>(request.PathParam("household"));
    if (!id || !household_id) return RenderErrorPage(request, Error::NotFound());
    // The 自治会 list the visitor came from: the query of the first GET, then the form's hidden field.
    const auto area = ParseId(request.QueryParam("area").value_or(form.value("area_id", std::string())));
    if (!area) return RenderErrorPage(request, Error::NotFound());
    auto view = services.surveys.Area(ActorOf(request), *id, *area);
    if (!view) return RenderErrorPage(request, view.error());
    const domain::SurveyHouseholdRow* row = nullptr;
    for (const domain::SurveyHouseholdRow& candidate : view->rows) {
        if (candidate.household.id == *household_id) row = &candidate;
    }
    if (!row) return RenderErrorPage(request, Error::NotFound());
    json sections = json::array();
    for (std::string_view section : domain::kSurveySections) {
        json items = json::array();
        for (const domain::SurveyFormItem& item : view->campaign.items) {
            if (item.section != section) continue;
            const std::string name = "answer." + item.key;
            items.push_back(
                {{"name", name}, {"label", item.label}, {"value", form.contains(name) ? form[name] : json("")}});
        }
        if (!items.empty()) sections.push_back({{"section", section}, {"items", std::move(items)}});
    }
    const std::string outcome = form.value("outcome", "");
    json notes = json::array();
    for (const domain::SurveyHearingNote& note : row->notes) {
        notes.push_back({{"informant", domain::HearingInformantLabel(note.informant)}, {"note", note.note}});
    }
    const bool failed = errors.contains("_any");
    json data = {
        {"campaign",
         {{"id", view->campaign.id}, {"name", view->campaign.name}, {"form_version", view->campaign.form_version}}},
        {"area", {{"id", *area}, {"name", view->area.area_name}}},
        {"household",
         {{"id", row->household.id}, {"address", row->household.address}, {"head", row->household.head_name}}},
        {"notes", std::move(notes)},
        {"sections", std::move(sections)},
        {"outcomes",
         EnumOptions(domain::kAllVisitOutcomes, domain::VisitOutcomeCode, domain::VisitOutcomeLabel, outcome)},
        {"form", std::move(form)},
        {"errors", std::move(errors)}};
    return RenderPage(request, "訪問の記録", "survey_visit_form", std::move(data), failed ? 400 : 200);
}

http::Response ShowVisitForm(Services& services, const http::Request& request) {
    json form = {{"visited_on", FormatWareki(TodayInJapan(services.clock))},
                 {"area_id", request.QueryParam("area").value_or("")}};
    return VisitFormPage(services, request, std::move(form), json::object());
}

http::Response RecordVisit(Services& services, const http::Request& request) {
    const auto id = ParseId<SurveyCampaignId>(request.PathParam("id"));
    const auto household_id = ParseId<SurveyHouseholdId>(request.PathParam("household"));
    if (!id || !household_id) return RenderErrorPage(request, Error::NotFound());
    const FormFields fields = request.FormFields();
    json form = json::object();
    for (const auto& [name, value] : fields) {
        if (name != "_csrf" && name != "_submit_key") form[name] = value;
    }
    json errors = json::object();
    domain::VisitInput input{.household_id = *household_id,
                             .area_id = ParseId(FieldOf(fields, "area_id")).value_or(0),
                             .visitors = Trim(FieldOf(fields, "visitors")),
                             .outcome = FieldOf(fields, "outcome"),
                             .notice = Trim(FieldOf(fields, "notice"))};
    for (const auto& [name, value] : fields) {
        if (name.starts_with("answer.") && !Trim(value).empty()) input.answers[name.substr(7)] = Trim(value);
    }
    const auto visited_on = FormDate(fields, "visited_on", "訪問日", errors);
    if (errors.contains("_any")) return VisitFormPage(services, request, std::move(form), std::move(errors));
    input.visited_on = *visited_on;
    auto visit = services.surveys.RecordVisit(ActorOf(request), *id, input);
    if (!visit) {
        if (!visit.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, visit.error());
        AddFieldError(errors, visit.error(), kVisitFields);
        return VisitFormPage(services, request, std::move(form), std::move(errors));
    }
    return http::Response::Redirect("/survey-visits/" + std::to_string(visit->id.value()) + "?saved=1");
}

http::Response ShowVisit(Services& services, const http::Request& request) {
    const auto id = ParseId<SurveyVisitId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    auto view = services.surveys.Visit(ActorOf(request), *id);
    if (!view) return RenderErrorPage(request, view.error());
    const domain::SurveyVisit& visit = view->visit;
    json answers = json::array();
    for (const domain::SurveyFormItem& item : view->campaign.items) {
        const auto answer = visit.answers.find(item.key);
        if (answer == visit.answers.end()) continue;
        answers.push_back({{"section", item.section}, {"label", item.label}, {"answer", answer->second}});
    }
    json data = {
        {"campaign", {{"id", view->campaign.id}, {"name", view->campaign.name}}},
        {"area_id", visit.area_id},
        {"household",
         {{"id", view->household.id}, {"address", view->household.address}, {"head", view->household.head_name}}},
        {"visit",
         {{"id", visit.id},
          {"date", FormatWareki(visit.visited_on)},
          {"visitors", visit.visitors},
          {"outcome", domain::VisitOutcomeLabel(visit.outcome)},
          {"form_version", visit.form_version},
          {"notice", visit.notice},
          {"consultation_id", visit.consultation_id ? json(*visit.consultation_id) : json(nullptr)}}},
        {"answers", std::move(answers)},
        {"may_connect", view->may_connect},
        {"may_refer", view->may_refer},
        {"saved", request.QueryParam("saved").has_value()}};
    if (view->may_refer) {
        // The organisations 「つなぐ」 may refer to: every other organisation of the town.
        auto organizations = services.directory.Organizations(*request.principal);
        if (!organizations) return RenderErrorPage(request, organizations.error());
        json choices = json::array();
        for (const domain::Organization& organization : *organizations) {
            if (organization.id == request.principal->user.organization_id) continue;
            choices.push_back({{"value", organization.id}, {"label", organization.name}});
        }
        data["organizations"] = std::move(choices);
    }
    return RenderPage(request, "訪問の記録", "survey_visit", std::move(data));
}

http::Response Connect(Services& services, const http::Request& request) {
    const auto id = ParseId<SurveyVisitId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    // 「つなぐ」 opens a consultation, and refers it to the organisation chosen, if one was.
    const FormFields fields = request.FormFields();
    std::optional<OrganizationId> refer_to;
    if (const std::string to = FieldOf(fields, "to_organization_id"); !to.empty()) {
        const auto organization = ParseId(to);
        if (!organization) {
            return RenderErrorPage(
                request, Error::InvalidArgument("つなぐ先の機関の指定が正しくありません", "to_organization_id"));
        }
        refer_to = OrganizationId{*organization};
    }
    auto connected = services.surveys.Connect(ActorOf(request), *id, refer_to);
    if (!connected) return RenderErrorPage(request, connected.error());
    if (connected->referral_id) {
        return http::Response::Redirect("/referrals/" +
                                        std::to_string(static_cast<std::int64_t>(*connected->referral_id)));
    }
    return http::Response::Redirect("/consultations/" + std::to_string(connected->consultation.id.value()));
}

// The shell of the offline visit list: the campaign's and the 自治会's names only (no household: those come through
// the API, encrypted on the device by the page script), and how many hours the device keeps them.
http::Response ShowOffline(Services& services, const http::Request& request) {
    const auto id = ParseId<SurveyCampaignId>(request.PathParam("id"));
    const auto area = ParseId(request.PathParam("area"));
    if (!id || !area) return RenderErrorPage(request, Error::NotFound());
    auto overview = services.surveys.Overview(ActorOf(request), *id);
    if (!overview) return RenderErrorPage(request, overview.error());
    const auto row = std::find_if(overview->areas.begin(), overview->areas.end(),
                                  [&](const domain::SurveyAssignmentRow& r) { return r.assignment.area_id == *area; });
    if (row == overview->areas.end()) return RenderErrorPage(request, Error::NotFound());
    json data = {{"campaign", {{"id", id->value()}, {"name", overview->campaign.name}}},
                 {"area", {{"id", *area}, {"name", row->area_name}}},
                 {"keep_hours", domain::kOfflineKeepHours},
                 {"manifest", "/surveys/offline.webmanifest"}};
    return RenderPage(request, "オフライン訪問", "survey_offline", std::move(data));
}

// A script or manifest of the offline visit list, served under /surveys/ so the worker's scope covers the pages.
http::Response ServeOfflineFile(const http::Request& request, std::string_view file, std::string_view content_type) {
    const auto found = FindAsset(file);
    if (!found) return RenderErrorPage(request, Error::NotFound());
    http::Response response = http::Response::Text(200, std::string(found->asset->content), std::string(content_type));
    response.SetHeader("Cache-Control", "no-cache");
    return response;
}

}  // namespace

void AddHouseholdSurveyPages(http::Router& router, domain::HouseholdSurveyService& surveys,
                             domain::Directory& directory, const Clock& clock) {
    auto services = std::make_shared<Services>(Services{surveys, directory, clock});
    const auto add = SignedInPageAdder(router, services);
    add("GET", "/surveys", ListCampaigns);
    add("POST", "/surveys", CreateCampaign);
    add("GET", "/surveys/{id}", ShowCampaign);
    add("POST", "/surveys/{id}/assignments", Assign);
    add("GET", "/surveys/{id}/households/import", ShowHouseholdImport);
    add("POST", "/surveys/{id}/households/import", ConfirmHouseholdImport);
    add("GET", "/surveys/{id}/areas/{area}", ShowArea);
    add("POST", "/surveys/{id}/areas/{area}/households", AddHousehold);
    add("POST", "/surveys/{id}/areas/{area}/hearing-notes", AddHearingNote);
    add("GET", "/surveys/{id}/households/{household}/visit", ShowVisitForm);
    add("POST", "/surveys/{id}/households/{household}/visit", RecordVisit);
    add("GET", "/surveys/{id}/areas/{area}/offline", ShowOffline);
    router.Add({.method = "GET",
                .pattern = "/surveys/offline-sw.js",
                .access = http::Access::kPublic,
                .surface = http::Surface::kPage,
                .handler = [](http::Request& request) {
                    return ServeOfflineFile(request, "survey-offline-sw.js", "text/javascript; charset=utf-8");
                }});
    router.Add({.method = "GET",
                .pattern = "/surveys/offline.webmanifest",
                .access = http::Access::kPublic,
                .surface = http::Surface::kPage,
                .handler = [](http::Request& request) {
                    return ServeOfflineFile(request, "survey-offline.webmanifest", "application/manifest+json");
                }});
    add("GET", "/survey-visits/{id}", ShowVisit);
    add("POST", "/survey-visits/{id}/connect", Connect);
}

}  // namespace kasane::web
