// SPDX-License-Identifier: Apache-2.0
// 地域づくり and the 地域課題 register (issue 16, items 4 and 5), in Japanese:
//   GET  /community                        the month's counts (通いの場 rule), the places and workshops (of an area)
//   GET  /community/places/new             a new place (拠点) with its 分野別 事業
//   POST /community/places
//   GET  /community/sessions/new?place=ID  a session's counts
//   POST /community/sessions
//   GET  /community/workshops/new          a 協議体 workshop of a district
//   POST /community/workshops
//   GET  /community/issues                 the 地域課題 register (of a district)
//   GET  /community/issues/new?workshop=ID a new issue with the consultations whose unmet need it records
//   POST /community/issues
//   GET  /community/issues/{id}            an issue: its actions, the count of linked consultations, those readable
//   POST /community/issues/{id}/actions    an action (a place it opened; 解決 closes the issue)
//   GET  /community/public                 the counts to publish (a month or a 年度), with the form to choose
//   GET  /community/public.html            the same counts as one self-contained, printable HTML file for the town's
//                                          public web site (as the public directory: no sign-in to read it)
// Each handler calls one use case of domain::CommunityDevelopmentService; the service decides who may do what.

#include "web/community_pages.hpp"

#include <map>

#include "base/japanese_date.hpp"
#include "web/page_context.hpp"
#include "web/page_routes.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

struct Services {
    domain::CommunityDevelopmentService& community;
    domain::Directory& directory;
};

// The town's areas by id (names for the pages), and the options of a select.
std::map<AreaId, std::string> AreaNames(Services& services, const http::Request& request) {
    std::map<AreaId, std::string> names;
    auto areas = services.directory.Areas(*request.principal, std::nullopt);
    if (!areas) return names;
    for (const domain::Area& area : *areas) names[area.id] = area.name;
    return names;
}

json AreaOptions(Services& services, const http::Request& request, const std::string& chosen, bool districts_only) {
    json options = json::array();
    auto areas = services.directory.Areas(*request.principal, std::nullopt);
    if (!areas) return options;
    for (const domain::Area& area : *areas) {
        const bool district = area.kind != domain::AreaKind::kNeighborhood;
        if (districts_only && !district) continue;
        const std::string value = std::to_string(area.id);
        options.push_back({{"value", value},
                           {"label", area.name + "（" + std::string(domain::AreaKindLabel(area.kind)) + "）"},
                           {"selected", value == chosen}});
    }
    return options;
}

std::string NameOf(const std::map<AreaId, std::string>& names, std::optional<AreaId> id) {
    if (!id) return "";
    const auto found = names.find(*id);
    return found == names.end() ? "" : found->second;
}

std::string MonthLabel(std::chrono::year_month month) {
    return std::to_string(static_cast<int>(month.year())) + "年" +
           std::to_string(static_cast<unsigned>(month.month())) + "月";
}

json BreakdownJson(const domain::CountedBreakdown& breakdown, std::span<const std::string_view> labels) {
    json cells = json::array();
    if (breakdown.shown) {
        for (std::size_t i = 0; i < labels.size() && i < breakdown.cells.size(); ++i) {
            cells.push_back({{"label", labels[i]}, {"count", breakdown.cells[i]}});
        }
    }
    return json{
        {"shown", breakdown.shown}, {"withheld", breakdown.recorded && !breakdown.shown}, {"cells", std::move(cells)}};
}

// --- 地域づくり ------------------------------------------------------------------------------------------------

http::Response OverviewPage(Services& services, const http::Request& request) {
    const FormFields query = QueryFields(request);
    std::optional<std::chrono::year_month> month;
    if (const std::string text = FieldOf(query, "month"); !text.empty()) {
        month = domain::ParseYearMonth(text);
        if (!month)
            return RenderErrorPage(request, Error::InvalidArgument("月は 2024-05 の形で選んでください", "month"));
    }
    std::optional<AreaId> area;
    if (const std::string text = FieldOf(query, "area"); !text.empty()) area = ParseId(text);
    auto overview = services.community.Overview(ActorOf(request), month, area);
    if (!overview) return RenderErrorPage(request, overview.error());
    const auto names = AreaNames(services, request);
    std::map<CommunityPlaceId, std::string> place_names;
    json places = json::array();
    for (const domain::CommunityPlace& place : overview->places) {
        place_names[place.id] = place.name;
        const bool counted =
            std::ranges::find(overview->counts.counted_places, place.id) != overview->counts.counted_places.end();
        places.push_back({{"id", place.id.value()},
                          {"name", place.name},
                          {"kind", domain::PlaceKindLabel(place.kind)},
                          {"project", domain::CommunityProjectLabel(place.project)},
                          {"area", NameOf(names, place.area_id)},
                          {"in_directory", place.resource_service.has_value()},
                          {"counted", counted}});
    }
    json sessions = json::array();
    for (const domain::CommunitySession& session : overview->sessions) {
        sessions.push_back({{"place", place_names[session.place_id]},
                            {"held_on", FormatWareki(session.held_on)},
                            {"participants", session.participants},
                            {"first_time", session.first_time},
                            {"organizations", session.organizations}});
    }
    json workshops = json::array();
    for (const domain::CommunityWorkshop& workshop : overview->workshops) {
        workshops.push_back({{"id", workshop.id.value()},
                             {"title", workshop.title},
                             {"area", NameOf(names, workshop.area_id)},
                             {"held_on", FormatWareki(workshop.held_on)},
                             {"strengths", workshop.strengths},
                             {"problems", workshop.problems},
                             {"actions", workshop.actions},
                             {"participants", workshop.participants}});
    }
    const domain::CommunityMonthCounts& counts = overview->counts;
    json data = {{"month", domain::YearMonthText(counts.month)},
                 {"month_label", MonthLabel(counts.month)},
                 {"areas", AreaOptions(services, request, area ? std::to_string(*area) : "", false)},
                 {"counts",
                  {{"places", counts.places},
                   {"participants_real", counts.participants_real},
                   {"participants_total", counts.participants_total},
                   {"first_time", counts.first_time},
                   {"organizations", counts.organizations},
                   {"by_sex", BreakdownJson(counts.by_sex, domain::kSexLabels)},
                   {"by_age", BreakdownJson(counts.by_age, domain::kAgeBandLabels)}}},
                 {"places", std::move(places)},
                 {"sessions", std::move(sessions)},
                 {"workshops", std::move(workshops)},
                 {"may_edit", overview->may_edit},
                 {"saved", query.contains("saved")}};
    return RenderPage(request, "地域づくり", "community", std::move(data));
}

// --- the public counts ---------------------------------------------------------------------------------------

// The figures of the public counts (CommunityPublicCounts): per month, the counts and the breakdowns the rule shows,
// nothing of a record (no place, no session, no id), so the staff's preview and the public file show the same.
json PublicCountsJson(const domain::CommunityPublicCounts& counts) {
    json months = json::array();
    for (const domain::CommunityMonthCounts& month : counts.months) {
        months.push_back({{"month", domain::YearMonthText(month.month)},
                          {"month_label", MonthLabel(month.month)},
                          {"places", month.places},
                          {"participants_real", month.participants_real},
                          {"participants_total", month.participants_total},
                          {"first_time", month.first_time},
                          {"organizations", month.organizations},
                          {"by_sex", BreakdownJson(month.by_sex, domain::kSexLabels)},
                          {"by_age", BreakdownJson(month.by_age, domain::kAgeBandLabels)}});
    }
    std::string period;
    if (counts.fiscal_year) {
        period = FiscalYearLabel(*counts.fiscal_year);
    } else if (!counts.months.empty()) {
        period = MonthLabel(counts.months.front().month);
    }
    return json{
        {"period_label", period}, {"fiscal_year", counts.fiscal_year.has_value()}, {"months", std::move(months)}};
}

// The period typed on the form (month "2024-05", or 年度 "2024" / 「令和6年度」), as the domain's PublicCountsPeriod;
// errors under the field's name.
Result<domain::PublicCountsPeriod> PublicPeriodOf(const json& form) {
    domain::PublicCountsPeriod period;
    if (const std::string month = form["month"].get<std::string>(); !month.empty()) {
        period.month = domain::ParseYearMonth(month);
        if (!period.month) return Fail(Error::InvalidArgument("月は 2024-05 の形で選んでください", "month"));
    }
    if (const std::string year = form["fiscal_year"].get<std::string>(); !year.empty()) {
        auto parsed = ParseFiscalYear(year, "fiscal_year");
        if (!parsed) {
            return Fail(Error::InvalidArgument("年度は 2024 または 令和6年度 の形で入力してください", "fiscal_year"));
        }
        period.fiscal_year = *parsed;
    }
    return period;
}

json PublicForm(const http::Request& request) {
    const FormFields query = QueryFields(request);
    return json{{"month", Trim(FieldOf(query, "month"))}, {"fiscal_year", Trim(FieldOf(query, "fiscal_year"))}};
}

Result<domain::CommunityPublicCounts> PublicCountsOf(Services& services, const http::Request& request,
                                                     const json& form) {
    auto period = PublicPeriodOf(form);
    if (!period) return Fail(period.error());
    return services.community.PublicCounts(ActorOf(request), *period);
}

http::Response ShowPublicForm(const http::Request& request, json form, json errors, std::optional<json> counts,
                              int status) {
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    std::string export_query = "?month=" + http::PercentEncode(form["month"].get<std::string>()) +
                               "&fiscal_year=" + http::PercentEncode(form["fiscal_year"].get<std::string>());
    json data = {{"form", std::move(form)},
                 {"errors", std::move(errors)},
                 {"export_href", "/community/public.html" + export_query},
                 {"has_counts", counts.has_value()},
                 {"counts", counts.value_or(json::object())}};
    return RenderPage(request, "公開用の集計", "community_public_form", std::move(data), status);
}

// The staff's page: the form, and the counts as they will be published.
http::Response PublicCountsPage(Services& services, const http::Request& request) {
    json form = PublicForm(request);
    auto counts = PublicCountsOf(services, request, form);
    if (!counts) {
        if (!counts.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, counts.error());
        json errors = json::object();
        AddFieldError(errors, counts.error(), {"month", "fiscal_year"});
        return ShowPublicForm(request, std::move(form), std::move(errors), std::nullopt, 400);
    }
    return ShowPublicForm(request, std::move(form), json::object(), PublicCountsJson(*counts), 200);
}

// The public file: one self-contained HTML file (its own style, nothing loaded from anywhere) to put on the town's
// web site, as the public directory is (docs/resource_directory.md: the public instance). It holds no personal data:
// the counts only, the breakdowns withheld under the floor, no name of who wrote it out.
http::Response PublicCountsFile(Services& services, const http::Request& request) {
    json form = PublicForm(request);
    auto counts = PublicCountsOf(services, request, form);
    if (!counts) {
        if (!counts.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, counts.error());
        json errors = json::object();
        AddFieldError(errors, counts.error(), {"month", "fiscal_year"});
        return ShowPublicForm(request, std::move(form), std::move(errors), std::nullopt, 400);
    }
    auto response = RenderFragment(request, "community_public", json{{"counts", PublicCountsJson(*counts)}});
    const std::string name = counts->fiscal_year
                                 ? "community-counts-fy" + std::to_string(*counts->fiscal_year)
                                 : "community-counts-" + domain::YearMonthText(counts->months.front().month);
    response.SetHeader("Content-Disposition", "attachment; filename=\"" + name + ".html\"");
    return response;
}

http::Response ShowPlaceForm(Services& services, const http::Request& request, json form, json errors, int status) {
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    const std::string kind = form.value("kind", "salon");
    const std::string project = form.value("project", "care_prevention");
    json data = {{"form", form},
                 {"errors", std::move(errors)},
                 {"areas", AreaOptions(services, request, form.value("area_id", ""), false)},
                 {"kinds", EnumOptions(domain::kAllPlaceKinds, domain::PlaceKindCode, domain::PlaceKindLabel, kind)},
                 {"projects", EnumOptions(domain::kAllCommunityProjects, domain::CommunityProjectCode,
                                          domain::CommunityProjectLabel, project)}};
    return RenderPage(request, "拠点を加える", "community_place_form", std::move(data), status);
}

http::Response NewPlacePage(Services& services, const http::Request& request) {
    const FormFields query = QueryFields(request);
    return ShowPlaceForm(services, request,
                         json{{"name", ""}, {"note", ""}, {"area_id", ""}, {"back", FieldOf(query, "back")}},
                         json::object(), 200);
}

http::Response SavePlace(Services& services, const http::Request& request) {
    json form = json::object();
    for (const char* name : {"name", "kind", "project", "area_id", "note", "back"}) {
        form[name] = FormField(request, name);
    }
    domain::CommunityPlace place{.name = Trim(form["name"].get<std::string>()),
                                 .area_id = ParseId(form["area_id"].get<std::string>()),
                                 .note = Trim(form["note"].get<std::string>())};
    json errors = json::object();
    const auto kind = domain::ParsePlaceKind(form["kind"].get<std::string>());
    const auto project = domain::ParseCommunityProject(form["project"].get<std::string>());
    if (!kind) AddFieldError(errors, Error::InvalidArgument("種類を選んでください", "kind"), {"kind"});
    if (!project) AddFieldError(errors, Error::InvalidArgument("事業を選んでください", "project"), {"project"});
    if (!errors.empty()) return ShowPlaceForm(services, request, std::move(form), std::move(errors), 400);
    place.kind = *kind;
    place.project = *project;
    auto saved = services.community.SavePlace(ActorOf(request), place);
    if (!saved) {
        if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
        AddFieldError(errors, saved.error(), {"name", "kind", "project", "area_id", "note"});
        return ShowPlaceForm(services, request, std::move(form), std::move(errors), 400);
    }
    // Opened from an issue's action form: back to it, the new place chosen.
    const std::string back = form["back"].get<std::string>();
    if (back.starts_with("/community/issues/"))
        return http::Response::Redirect(back + "?place=" + std::to_string(saved->id.value()));
    return http::Response::Redirect("/community?saved=place");
}

constexpr std::string_view kSessionFields[] = {"place_id", "held_on", "participants", "first_time", "organizations"};

http::Response ShowSessionForm(Services& services, const http::Request& request, json form, json errors, int status) {
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    auto overview = services.community.Overview(ActorOf(request), std::nullopt, std::nullopt);
    if (!overview) return RenderErrorPage(request, overview.error());
    json places = json::array();
    const std::string chosen = form.value("place_id", "");
    for (const domain::CommunityPlace& place : overview->places) {
        const std::string value = std::to_string(place.id.value());
        places.push_back({{"value", value}, {"label", place.name}, {"selected", value == chosen}});
    }
    json sexes = json::array();
    for (std::size_t i = 0; i < domain::kSexCount; ++i) {
        const std::string name = "sex_" + std::string(domain::kSexCodes[i]);
        sexes.push_back({{"name", name}, {"label", domain::kSexLabels[i]}, {"value", form.value(name, "")}});
    }
    json ages = json::array();
    for (std::size_t i = 0; i < domain::kAgeBandCount; ++i) {
        const std::string name = "age_" + std::string(domain::kAgeBandCodes[i]);
        ages.push_back({{"name", name}, {"label", domain::kAgeBandLabels[i]}, {"value", form.value(name, "")}});
    }
    json data = {{"form", std::move(form)},
                 {"errors", std::move(errors)},
                 {"places", std::move(places)},
                 {"sexes", std::move(sexes)},
                 {"ages", std::move(ages)}};
    return RenderPage(request, "開催を記録する", "community_session_form", std::move(data), status);
}

http::Response NewSessionPage(Services& services, const http::Request& request) {
    const FormFields query = QueryFields(request);
    json form = {{"place_id", FieldOf(query, "place")},
                 {"held_on", ""},
                 {"participants", ""},
                 {"first_time", "0"},
                 {"organizations", "0"}};
    return ShowSessionForm(services, request, std::move(form), json::object(), 200);
}

// A count typed in a form: digits, or empty (0 when `empty_is_zero`, else "not known").
std::optional<long long> CountOf(const std::string& text, bool& valid) {
    const std::string trimmed = Trim(text);
    if (trimmed.empty()) return std::nullopt;
    long long value = 0;
    bool negative = false;
    std::size_t i = 0;
    if (trimmed[0] == '-') {
        negative = true;
        i = 1;
    }
    if (i == trimmed.size()) valid = false;
    for (; i < trimmed.size(); ++i) {
        if (trimmed[i] < '0' || trimmed[i] > '9' || value > 1'000'000'000) {
            valid = false;
            return std::nullopt;
        }
        value = value * 10 + (trimmed[i] - '0');
    }
    return negative ? -value : value;
}

template <std::size_t N>
std::optional<std::array<long long, N>> CellsOf(const json& form, std::string_view prefix,
                                                const std::array<std::string_view, N>& codes, bool& valid) {
    std::array<long long, N> cells{};
    bool any = false;
    for (std::size_t i = 0; i < N; ++i) {
        const auto value = CountOf(form.value(std::string(prefix) + std::string(codes[i]), ""), valid);
        if (value) any = true;
        cells[i] = value.value_or(0);
    }
    if (!any) return std::nullopt;
    return cells;
}

http::Response SaveSession(Services& services, const http::Request& request) {
    json form = json::object();
    for (const std::string_view name : kSessionFields) form[std::string(name)] = FormField(request, name);
    for (const std::string_view code : domain::kSexCodes) {
        form["sex_" + std::string(code)] = FormField(request, "sex_" + std::string(code));
    }
    for (const std::string_view code : domain::kAgeBandCodes) {
        form["age_" + std::string(code)] = FormField(request, "age_" + std::string(code));
    }
    json errors = json::object();
    domain::CommunitySession session;
    const auto place = ParseId(form["place_id"].get<std::string>());
    if (!place) AddFieldError(errors, Error::InvalidArgument("拠点を選んでください", "place_id"), {"place_id"});
    auto held_on = ParseJapaneseDate(Trim(form["held_on"].get<std::string>()), "開催日");
    if (!held_on) AddFieldError(errors, Error::InvalidArgument(held_on.error().message, "held_on"), {"held_on"});
    for (auto [name, target] : {std::pair{"participants", &session.participants},
                                {"first_time", &session.first_time},
                                {"organizations", &session.organizations}}) {
        bool valid = true;
        const auto value = CountOf(form[name].get<std::string>(), valid);
        if (!valid) AddFieldError(errors, Error::InvalidArgument("人数は数字で入力してください", name), {name});
        *target = value.value_or(0);
    }
    bool cells_valid = true;
    session.by_sex = CellsOf(form, "sex_", domain::kSexCodes, cells_valid);
    session.by_age = CellsOf(form, "age_", domain::kAgeBandCodes, cells_valid);
    if (!cells_valid) {
        AddFieldError(errors, Error::InvalidArgument("内訳の人数は数字で入力してください", "by_sex"), {"by_sex"});
    }
    if (!errors.empty()) return ShowSessionForm(services, request, std::move(form), std::move(errors), 400);
    session.place_id = CommunityPlaceId{*place};
    session.held_on = *held_on;
    auto saved = services.community.AddSession(ActorOf(request), session);
    if (!saved) {
        if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
        AddFieldError(errors, saved.error(),
                      {"place_id", "held_on", "participants", "first_time", "organizations", "by_sex", "by_age"});
        return ShowSessionForm(services, request, std::move(form), std::move(errors), 400);
    }
    return http::Response::Redirect("/community?saved=session&month=" +
                                    domain::YearMonthText(session.held_on.year() / session.held_on.month()));
}

http::Response ShowWorkshopForm(Services& services, const http::Request& request, json form, json errors, int status) {
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    json data = {{"areas", AreaOptions(services, request, form.value("area_id", ""), true)},
                 {"form", std::move(form)},
                 {"errors", std::move(errors)}};
    return RenderPage(request, "協議体のワークショップを記録する", "community_workshop_form", std::move(data), status);
}

constexpr std::string_view kWorkshopFields[] = {"area_id",  "held_on", "title",       "strengths",
                                                "problems", "actions", "participants"};

http::Response NewWorkshopPage(Services& services, const http::Request& request) {
    json form = json::object();
    for (const std::string_view name : kWorkshopFields) form[std::string(name)] = "";
    return ShowWorkshopForm(services, request, std::move(form), json::object(), 200);
}

http::Response SaveWorkshop(Services& services, const http::Request& request) {
    json form = json::object();
    for (const std::string_view name : kWorkshopFields) form[std::string(name)] = FormField(request, name);
    json errors = json::object();
    auto held_on = ParseJapaneseDate(Trim(form["held_on"].get<std::string>()), "開催日");
    if (!held_on) AddFieldError(errors, Error::InvalidArgument(held_on.error().message, "held_on"), {"held_on"});
    bool valid = true;
    const auto participants = CountOf(form["participants"].get<std::string>(), valid);
    if (!valid) {
        AddFieldError(errors, Error::InvalidArgument("人数は数字で入力してください", "participants"), {"participants"});
    }
    if (!errors.empty()) return ShowWorkshopForm(services, request, std::move(form), std::move(errors), 400);
    domain::CommunityWorkshop workshop{.area_id = ParseId(form["area_id"].get<std::string>()).value_or(0),
                                       .held_on = *held_on,
                                       .title = Trim(form["title"].get<std::string>()),
                                       .strengths = Trim(form["strengths"].get<std::string>()),
                                       .problems = Trim(form["problems"].get<std::string>()),
                                       .actions = Trim(form["actions"].get<std::string>()),
                                       .participants = participants.value_or(0)};
    auto saved = services.community.AddWorkshop(ActorOf(request), workshop);
    if (!saved) {
        if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
        AddFieldError(errors, saved.error(), {kWorkshopFields, kWorkshopFields + std::size(kWorkshopFields)});
        return ShowWorkshopForm(services, request, std::move(form), std::move(errors), 400);
    }
    return http::Response::Redirect("/community?saved=workshop");
}

// --- the 地域課題 register ---------------------------------------------------------------------------------------

json ActionJson(const domain::CommunityAction& action, const std::map<CommunityPlaceId, std::string>& places) {
    std::string place;
    if (action.place_id) {
        const auto found = places.find(*action.place_id);
        if (found != places.end()) place = found->second;
    }
    return json{{"taken_on", FormatWareki(action.taken_on)},
                {"description", action.description},
                {"place", place},
                {"effect", domain::ActionEffectLabel(action.effect)},
                {"resolves", action.effect == domain::ActionEffect::kResolves}};
}

std::map<CommunityPlaceId, std::string> PlaceNames(Services& services, const http::Request& request) {
    std::map<CommunityPlaceId, std::string> names;
    auto overview = services.community.Overview(ActorOf(request), std::nullopt, std::nullopt);
    if (!overview) return names;
    for (const domain::CommunityPlace& place : overview->places) names[place.id] = place.name;
    return names;
}

http::Response RegisterPage(Services& services, const http::Request& request) {
    const FormFields query = QueryFields(request);
    std::optional<AreaId> area;
    if (const std::string text = FieldOf(query, "area"); !text.empty()) area = ParseId(text);
    auto view = services.community.Register(ActorOf(request), area);
    if (!view) return RenderErrorPage(request, view.error());
    const auto names = AreaNames(services, request);
    const auto places = PlaceNames(services, request);
    json issues = json::array();
    for (const domain::IssueRow& row : view->issues) {
        json actions = json::array();
        for (const domain::CommunityAction& action : row.actions) actions.push_back(ActionJson(action, places));
        issues.push_back({{"id", row.issue.id.value()},
                          {"title", row.issue.title},
                          {"kind", domain::IssueKindLabel(row.issue.kind)},
                          {"area", NameOf(names, row.issue.area_id)},
                          {"raised_on", FormatWareki(row.issue.raised_on)},
                          {"status", domain::IssueStatusLabel(row.issue.status)},
                          {"closed", row.issue.status == domain::IssueStatus::kClosed},
                          {"linked", row.linked_consultations},
                          {"linked_resources", row.linked_missing_resources},
                          {"actions", std::move(actions)}});
    }
    json data = {{"issues", std::move(issues)},
                 {"count", view->issues.size()},
                 {"areas", AreaOptions(services, request, area ? std::to_string(*area) : "", true)},
                 {"may_edit", view->may_edit}};
    return RenderPage(request, "地域課題の台帳", "community_issues", std::move(data));
}

constexpr std::string_view kIssueFields[] = {
    "area_id", "kind", "title", "description", "raised_on", "workshop_id", "consultation_ids", "missing_resource_ids"};

http::Response ShowIssueForm(Services& services, const http::Request& request, json form, json errors, int status) {
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    auto overview = services.community.Overview(ActorOf(request), std::nullopt, std::nullopt);
    if (!overview) return RenderErrorPage(request, overview.error());
    const auto names = AreaNames(services, request);
    json workshops = json::array();
    const std::string chosen = form.value("workshop_id", "");
    for (const domain::CommunityWorkshop& workshop : overview->workshops) {
        const std::string value = std::to_string(workshop.id.value());
        workshops.push_back({{"value", value},
                             {"label", workshop.title + "（" + NameOf(names, workshop.area_id) + "）"},
                             {"selected", value == chosen}});
    }
    json data = {
        {"areas", AreaOptions(services, request, form.value("area_id", ""), true)},
        {"kinds", EnumOptions(std::array{domain::IssueKind::kLocalIssue, domain::IssueKind::kGap},
                              domain::IssueKindCode, domain::IssueKindLabel, form.value("kind", "local_issue"))},
        {"workshops", std::move(workshops)},
        {"form", std::move(form)},
        {"errors", std::move(errors)}};
    return RenderPage(request, "地域課題を記録する", "community_issue_form", std::move(data), status);
}

http::Response NewIssuePage(Services& services, const http::Request& request) {
    const FormFields query = QueryFields(request);
    json form = json::object();
    for (const std::string_view name : kIssueFields) form[std::string(name)] = "";
    form["kind"] = "local_issue";
    form["workshop_id"] = FieldOf(query, "workshop");
    return ShowIssueForm(services, request, std::move(form), json::object(), 200);
}

// 「12, 15 16」: the consultations' numbers, separated by commas, spaces or 、.
std::optional<std::vector<domain::ConsultationId>> ConsultationIdsOf(const std::string& text) {
    std::vector<domain::ConsultationId> ids;
    std::string current;
    const auto flush = [&]() -> bool {
        if (current.empty()) return true;
        const auto id = ParseId(current);
        current.clear();
        if (!id) return false;
        ids.push_back(domain::ConsultationId{*id});
        return true;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            current += c;
        } else if (c == ',' || c == ' ') {
            if (!flush()) return std::nullopt;
        } else if (text.compare(i, 3, "、") == 0) {
            if (!flush()) return std::nullopt;
            i += 2;
        } else {
            return std::nullopt;
        }
    }
    if (!flush()) return std::nullopt;
    return ids;
}

http::Response SaveIssue(Services& services, const http::Request& request) {
    json form = json::object();
    for (const std::string_view name : kIssueFields) form[std::string(name)] = FormField(request, name);
    json errors = json::object();
    auto raised_on = ParseJapaneseDate(Trim(form["raised_on"].get<std::string>()), "記録日");
    if (!raised_on) {
        AddFieldError(errors, Error::InvalidArgument(raised_on.error().message, "raised_on"), {"raised_on"});
    }
    const auto ids = ConsultationIdsOf(Trim(form["consultation_ids"].get<std::string>()));
    if (!ids) {
        AddFieldError(errors,
                      Error::InvalidArgument("相談の番号は数字をカンマで区切って入力してください", "consultation_ids"),
                      {"consultation_ids"});
    }
    const auto resources = ConsultationIdsOf(Trim(form["missing_resource_ids"].get<std::string>()));
    if (!resources) {
        AddFieldError(errors,
                      Error::InvalidArgument("不足する社会資源の番号は数字をカンマで区切って入力してください",
                                             "missing_resource_ids"),
                      {"missing_resource_ids"});
    }
    const auto kind = domain::ParseIssueKind(form["kind"].get<std::string>());
    if (!kind) AddFieldError(errors, Error::InvalidArgument("種別を選んでください", "kind"), {"kind"});
    if (!errors.empty()) return ShowIssueForm(services, request, std::move(form), std::move(errors), 400);
    domain::CommunityIssue issue{.area_id = ParseId(form["area_id"].get<std::string>()).value_or(0),
                                 .kind = *kind,
                                 .title = Trim(form["title"].get<std::string>()),
                                 .description = Trim(form["description"].get<std::string>()),
                                 .raised_on = *raised_on};
    if (const auto workshop = ParseId(form["workshop_id"].get<std::string>())) {
        issue.workshop_id = CommunityWorkshopId{*workshop};
    }
    std::vector<std::int64_t> resource_ids;
    for (const domain::ConsultationId id : *resources) resource_ids.push_back(id.value());
    auto saved = services.community.AddIssue(ActorOf(request), issue, *ids, resource_ids);
    if (!saved) {
        const Error& error = saved.error();
        if (error.Is(ErrorCode::kNotFound) && error.message.find("不足する社会資源") != std::string::npos) {
            AddFieldError(errors, Error::InvalidArgument(error.message, "missing_resource_ids"),
                          {"missing_resource_ids"});
            return ShowIssueForm(services, request, std::move(form), std::move(errors), 400);
        }
        if (error.Is(ErrorCode::kNotFound) && error.message.find("相談") != std::string::npos) {
            AddFieldError(errors, Error::InvalidArgument(error.message, "consultation_ids"), {"consultation_ids"});
            return ShowIssueForm(services, request, std::move(form), std::move(errors), 400);
        }
        if (!error.Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, error);
        AddFieldError(errors, error, {kIssueFields, kIssueFields + std::size(kIssueFields)});
        return ShowIssueForm(services, request, std::move(form), std::move(errors), 400);
    }
    return http::Response::Redirect("/community/issues/" + std::to_string(saved->id.value()));
}

http::Response ShowIssue(Services& services, const http::Request& request, std::int64_t id, json form, json errors,
                         int status) {
    auto view = services.community.GetIssue(ActorOf(request), CommunityIssueId{id});
    if (!view) return RenderErrorPage(request, view.error());
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    const auto names = AreaNames(services, request);
    const auto places = PlaceNames(services, request);
    json actions = json::array();
    for (const domain::CommunityAction& action : view->row.actions) actions.push_back(ActionJson(action, places));
    json consultations = json::array();
    for (const domain::Consultation& consultation : view->consultations) {
        consultations.push_back({{"id", consultation.id.value()}, {"complaint", consultation.chief_complaint}});
    }
    json place_options = json::array();
    const std::string chosen = form.value("place_id", "");
    for (const auto& [place_id, name] : places) {
        const std::string value = std::to_string(place_id.value());
        place_options.push_back({{"value", value}, {"label", name}, {"selected", value == chosen}});
    }
    const domain::CommunityIssue& issue = view->row.issue;
    json data = {
        {"issue",
         {{"id", issue.id.value()},
          {"title", issue.title},
          {"kind", domain::IssueKindLabel(issue.kind)},
          {"area", NameOf(names, issue.area_id)},
          {"description", issue.description},
          {"raised_on", FormatWareki(issue.raised_on)},
          {"status", domain::IssueStatusLabel(issue.status)},
          {"closed", issue.status == domain::IssueStatus::kClosed}}},
        {"workshop", view->workshop ? json{{"title", view->workshop->title},
                                           {"held_on", FormatWareki(view->workshop->held_on)},
                                           {"strengths", view->workshop->strengths},
                                           {"problems", view->workshop->problems},
                                           {"actions", view->workshop->actions}}
                                    : json(nullptr)},
        {"linked", view->row.linked_consultations},
        {"hidden", view->hidden_consultations},
        {"linked_resources", view->row.linked_missing_resources},
        {"missing_resources",
         [&] {
             json resources = json::array();
             for (const domain::MissingResource& resource : view->missing_resources) {
                 resources.push_back({{"id", resource.id},
                                      {"description", resource.description},
                                      {"noted_on", FormatWareki(resource.noted_on)},
                                      {"addressed", resource.addressed}});
             }
             return resources;
         }()},
        {"consultations", std::move(consultations)},
        {"actions", std::move(actions)},
        {"places", std::move(place_options)},
        {"effects", EnumOptions(std::array{domain::ActionEffect::kProgress, domain::ActionEffect::kResolves},
                                domain::ActionEffectCode, domain::ActionEffectLabel, form.value("effect", "progress"))},
        {"may_act", view->may_edit && issue.status == domain::IssueStatus::kOpen},
        {"form", std::move(form)},
        {"errors", std::move(errors)}};
    return RenderPage(request, "地域課題", "community_issue", std::move(data), status);
}

http::Response IssuePage(Services& services, const http::Request& request) {
    const auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const FormFields query = QueryFields(request);
    json form = {{"taken_on", ""}, {"description", ""}, {"place_id", FieldOf(query, "place")}, {"effect", "progress"}};
    return ShowIssue(services, request, *id, std::move(form), json::object(), 200);
}

http::Response SaveAction(Services& services, const http::Request& request) {
    const auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    json form = json::object();
    for (const char* name : {"taken_on", "description", "place_id", "effect"}) form[name] = FormField(request, name);
    json errors = json::object();
    auto taken_on = ParseJapaneseDate(Trim(form["taken_on"].get<std::string>()), "取組の日");
    if (!taken_on) AddFieldError(errors, Error::InvalidArgument(taken_on.error().message, "taken_on"), {"taken_on"});
    const auto effect = domain::ParseActionEffect(form["effect"].get<std::string>());
    if (!effect) AddFieldError(errors, Error::InvalidArgument("結果を選んでください", "effect"), {"effect"});
    if (!errors.empty()) return ShowIssue(services, request, *id, std::move(form), std::move(errors), 400);
    domain::CommunityAction action{.issue_id = CommunityIssueId{*id},
                                   .taken_on = *taken_on,
                                   .description = Trim(form["description"].get<std::string>()),
                                   .effect = *effect};
    if (const auto place = ParseId(form["place_id"].get<std::string>())) action.place_id = CommunityPlaceId{*place};
    auto saved = services.community.AddAction(ActorOf(request), action);
    if (!saved) {
        const Error& error = saved.error();
        if (!error.Is(ErrorCode::kInvalidArgument) && !error.Is(ErrorCode::kConflict)) {
            return RenderErrorPage(request, error);
        }
        AddFieldError(errors, error, {"taken_on", "description", "place_id", "effect"});
        return ShowIssue(services, request, *id, std::move(form), std::move(errors), 400);
    }
    return http::Response::Redirect("/community/issues/" + std::to_string(*id));
}

}  // namespace

void AddCommunityPages(http::Router& router, domain::CommunityDevelopmentService& community,
                       domain::Directory& directory) {
    const auto add = SignedInPageAdder(router, std::make_shared<Services>(Services{community, directory}));
    add("GET", "/community", OverviewPage);
    add("GET", "/community/places/new", NewPlacePage);
    add("POST", "/community/places", SavePlace);
    add("GET", "/community/sessions/new", NewSessionPage);
    add("POST", "/community/sessions", SaveSession);
    add("GET", "/community/workshops/new", NewWorkshopPage);
    add("POST", "/community/workshops", SaveWorkshop);
    add("GET", "/community/public", PublicCountsPage);
    add("GET", "/community/public.html", PublicCountsFile);
    add("GET", "/community/issues", RegisterPage);
    add("GET", "/community/issues/new", NewIssuePage);
    add("POST", "/community/issues", SaveIssue);
    add("GET", "/community/issues/{id}", IssuePage);
    add("POST", "/community/issues/{id}/actions", SaveAction);
}

}  // namespace kasane::web
