// SPDX-License-Identifier: Apache-2.0
// The resource directory (issue 16, items 1 and 2), in Japanese:
//   GET  /resource-directory                         the directory, searched by area, kind, day and name; the
//                                                    organisations (協力事業者 marked); links to edit (staff)
//   GET  /resource-directory/services/new            a new service (居場所, ボランティア …) of an organisation
//   POST /resource-directory/services
//   GET  /resource-directory/services/{id}/edit      a service's form
//   POST /resource-directory/services/{id}
//   GET  /resource-directory/organizations/new       a new organisation (企業, 農家, 福祉施設, NPO, 自治会 …)
//   POST /resource-directory/organizations
//   GET  /resource-directory/organizations/{id}/edit
//   POST /resource-directory/organizations/{id}
//   GET  /resource-directory/public.html             the public directory as one self-contained HTML file
//                                                    (docs/resource_directory.md: the public instance)
// Each handler calls one use case of domain::ResourceDirectoryService.

#include "web/resource_directory_pages.hpp"

#include <set>

#include "web/page_context.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using domain::ResourceKind;
using nlohmann::json;

struct Services {
    domain::ResourceDirectoryService& resources;
    domain::Directory& directory;
};

json KindOptions(const std::vector<ResourceKind>& chosen) {
    json options = json::array();
    for (const ResourceKind kind : domain::kAllResourceKinds) {
        options.push_back({{"value", domain::ResourceKindCode(kind)},
                           {"label", domain::ResourceKindLabel(kind)},
                           {"checked", std::ranges::find(chosen, kind) != chosen.end()}});
    }
    return options;
}

json DayOptions(const std::vector<std::string>& chosen) {
    json options = json::array();
    for (const std::string_view day : domain::kWeekdayCodes) {
        options.push_back({{"value", day},
                           {"label", domain::WeekdayLabel(day)},
                           {"checked", std::ranges::find(chosen, day) != chosen.end()}});
    }
    return options;
}

std::string KindsText(const std::vector<ResourceKind>& kinds) {
    std::string text;
    for (const ResourceKind kind : kinds) {
        if (!text.empty()) text += "・";
        text += domain::ResourceKindLabel(kind);
    }
    return text;
}

std::string ScheduleText(const std::vector<domain::ResourceSchedule>& schedules) {
    std::string text;
    for (const domain::ResourceSchedule& schedule : schedules) {
        if (!text.empty()) text += "／";
        std::string days;
        for (const std::string& day : schedule.days) days += std::string(domain::WeekdayLabel(day));
        if (!days.empty()) text += days + "曜 ";
        if (!schedule.opens_at.empty()) text += schedule.opens_at + "〜" + schedule.closes_at;
        if (!schedule.description.empty()) text += (days.empty() ? "" : " ") + schedule.description;
    }
    return text;
}

std::string AgeText(const domain::ResourceService& service) {
    if (!service.minimum_age && !service.maximum_age) return "";
    std::string text;
    if (service.minimum_age) text += std::to_string(*service.minimum_age) + "歳";
    text += "〜";
    if (service.maximum_age) text += std::to_string(*service.maximum_age) + "歳";
    return text;
}

// What a service shows on the directory's pages, staff's and public alike: nothing personal is in a service.
json ServiceRow(const domain::ResourceServiceEntry& row) {
    const domain::ResourceService& service = row.service;
    std::string days;
    for (const domain::ResourceSchedule& schedule : service.schedules) {
        for (const std::string& day : schedule.days) days += " " + day;
    }
    std::string kinds;
    for (const ResourceKind kind : service.kinds) kinds += " " + std::string(domain::ResourceKindCode(kind));
    std::string areas;
    for (const std::string& area : service.areas_served) areas += (areas.empty() ? "" : "、") + area;
    return json{{"id", service.id.value()},
                {"name", service.name},
                {"description", service.description},
                {"organization", row.organization_name},
                {"cooperating", row.cooperating == domain::CooperatingHost::kYes},
                {"status", domain::ServiceStatusLabel(service.status)},
                {"active", service.status == "active"},
                {"kinds", KindsText(service.kinds)},
                {"kind_codes", kinds},
                {"day_codes", days},
                {"area_names", service.areas_served},
                {"areas", areas},
                {"schedule", ScheduleText(service.schedules)},
                {"eligibility", service.eligibility},
                {"ages", AgeText(service)},
                {"capacity", service.capacity ? std::to_string(*service.capacity) + "人" : ""},
                {"location", service.location_name},
                {"address", service.address},
                {"accessibility", service.accessibility},
                {"contact", service.contact_name},
                {"phone", service.phone},
                {"url", service.url}};
}

Result<domain::ResourceSearch> SearchOf(const FormFields& query) {
    domain::ResourceSearch search;
    if (const std::string area = FieldOf(query, "area"); !area.empty()) search.area = area;
    if (const std::string kind = FieldOf(query, "kind"); !kind.empty()) {
        search.kind = domain::ParseResourceKind(kind);
        if (!search.kind) return Fail(Error::InvalidArgument("種類の指定が正しくありません", "kind"));
    }
    if (const std::string day = FieldOf(query, "day"); !day.empty()) {
        if (!domain::IsWeekdayCode(day)) return Fail(Error::InvalidArgument("曜日の指定が正しくありません", "day"));
        search.day = day;
    }
    search.text = Trim(FieldOf(query, "q"));
    return search;
}

json SearchOptions(const domain::ResourceDirectoryView& view, const FormFields& query) {
    json areas = json::array();
    for (const std::string& area : view.areas) {
        areas.push_back({{"value", area}, {"label", area}, {"selected", area == FieldOf(query, "area")}});
    }
    json kinds = json::array();
    for (const ResourceKind kind : domain::kAllResourceKinds) {
        kinds.push_back({{"value", domain::ResourceKindCode(kind)},
                         {"label", domain::ResourceKindLabel(kind)},
                         {"selected", domain::ResourceKindCode(kind) == FieldOf(query, "kind")}});
    }
    json days = json::array();
    for (const std::string_view day : domain::kWeekdayCodes) {
        days.push_back({{"value", day},
                        {"label", std::string(domain::WeekdayLabel(day)) + "曜"},
                        {"selected", day == FieldOf(query, "day")}});
    }
    return json{{"areas", std::move(areas)},
                {"kinds", std::move(kinds)},
                {"days", std::move(days)},
                {"q", FieldOf(query, "q")}};
}

http::Response ListPage(Services& services, const http::Request& request) {
    const FormFields query = QueryFields(request);
    auto search = SearchOf(query);
    if (!search) return RenderErrorPage(request, search.error());
    auto view = services.resources.Directory(ActorOf(request), *search);
    if (!view) return RenderErrorPage(request, view.error());
    json rows = json::array();
    for (const domain::ResourceServiceEntry& row : view->services) rows.push_back(ServiceRow(row));
    json organizations = json::array();
    int cooperating = 0;
    for (const domain::ResourceOrganization& organization : view->organizations) {
        const bool host = organization.cooperating == domain::CooperatingHost::kYes;
        cooperating += host ? 1 : 0;
        organizations.push_back({{"id", organization.id.value()},
                                 {"name", organization.name},
                                 {"sector", domain::HostSectorLabel(organization.sector)},
                                 {"cooperating", host}});
    }
    json data = {{"rows", std::move(rows)},
                 {"count", view->services.size()},
                 {"organizations", std::move(organizations)},
                 {"organization_count", view->organizations.size()},
                 {"cooperating_count", cooperating},
                 {"may_edit", view->may_edit},
                 {"search", SearchOptions(*view, query)},
                 {"saved", query.contains("saved")}};
    return RenderPage(request, "資源台帳", "resource_directory", std::move(data));
}

// --- organisations ---------------------------------------------------------------------------------------------

http::Response ShowOrganizationForm(const http::Request& request, std::optional<std::int64_t> id, json form,
                                    json errors, int status) {
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    const std::string sector = form.value("sector", "other");
    json data = {
        {"form", std::move(form)},
        {"errors", std::move(errors)},
        {"editing", id.has_value()},
        {"action", id ? "/resource-directory/organizations/" + std::to_string(*id)
                      : std::string("/resource-directory/organizations")},
        {"sectors", EnumOptions(domain::kAllHostSectors, domain::HostSectorCode, domain::HostSectorLabel, sector)}};
    return RenderPage(request, id ? "組織を直す" : "組織を加える", "resource_organization_form", std::move(data),
                      status);
}

http::Response NewOrganizationPage(Services&, const http::Request& request) {
    json form = {{"name", ""},    {"description", ""}, {"email", ""},
                 {"website", ""}, {"sector", "other"}, {"cooperating", false}};
    return ShowOrganizationForm(request, std::nullopt, std::move(form), json::object(), 200);
}

http::Response EditOrganizationPage(Services& services, const http::Request& request) {
    const auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    auto organization = services.resources.GetOrganization(ActorOf(request), ResourceOrganizationId{*id});
    if (!organization) return RenderErrorPage(request, organization.error());
    json form = {{"name", organization->name},
                 {"description", organization->description},
                 {"email", organization->email},
                 {"website", organization->website},
                 {"sector", domain::HostSectorCode(organization->sector)},
                 {"cooperating", organization->cooperating == domain::CooperatingHost::kYes}};
    return ShowOrganizationForm(request, *id, std::move(form), json::object(), 200);
}

http::Response SaveOrganization(Services& services, const http::Request& request) {
    std::optional<std::int64_t> id;
    if (!request.PathParam("id").empty()) {
        id = ParseId(request.PathParam("id"));
        if (!id) return RenderErrorPage(request, Error::NotFound());
    }
    json form = json::object();
    for (const char* name : {"name", "description", "email", "website", "sector"})
        form[name] = FormField(request, name);
    form["cooperating"] = FormField(request, "cooperating") == "yes";
    domain::OrganizationForm fields{
        .name = Trim(form["name"].get<std::string>()),
        .description = Trim(form["description"].get<std::string>()),
        .email = Trim(form["email"].get<std::string>()),
        .website = Trim(form["website"].get<std::string>()),
        .sector = domain::ParseHostSector(form["sector"].get<std::string>()).value_or(domain::HostSector::kOther),
        .cooperating = form["cooperating"].get<bool>() ? domain::CooperatingHost::kYes : domain::CooperatingHost::kNo};
    std::optional<ResourceOrganizationId> organization_id;
    if (id) organization_id = ResourceOrganizationId{*id};
    auto saved = services.resources.SaveOrganization(ActorOf(request), organization_id, fields);
    if (!saved) {
        if (!saved.error().Is(ErrorCode::kInvalidArgument) && !saved.error().Is(ErrorCode::kConflict)) {
            return RenderErrorPage(request, saved.error());
        }
        json errors = json::object();
        AddFieldError(errors, saved.error(), {"name", "description", "email", "website", "sector"});
        return ShowOrganizationForm(request, id, std::move(form), std::move(errors), 400);
    }
    return http::Response::Redirect("/resource-directory?saved=organization");
}

// --- services --------------------------------------------------------------------------------------------------

constexpr std::string_view kServiceTextFields[] = {
    "name",         "description", "status",      "areas_served", "opens_at",       "closes_at", "schedule_description",
    "eligibility",  "minimum_age", "maximum_age", "capacity",     "location_name",  "address",   "accessibility",
    "contact_name", "phone",       "email",       "url",          "organization_id"};

http::Response ShowServiceForm(Services& services, const http::Request& request, std::optional<std::int64_t> id,
                               json form, json errors, int status) {
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    auto view = services.resources.Directory(ActorOf(request), {});
    if (!view) return RenderErrorPage(request, view.error());
    json organizations = json::array();
    const std::string chosen = form.value("organization_id", "");
    for (const domain::ResourceOrganization& organization : view->organizations) {
        const std::string value = std::to_string(organization.id.value());
        organizations.push_back({{"value", value}, {"label", organization.name}, {"selected", value == chosen}});
    }
    json statuses = json::array();
    for (const std::string_view status_code : domain::kServiceStatuses) {
        statuses.push_back({{"value", status_code},
                            {"label", domain::ServiceStatusLabel(status_code)},
                            {"selected", status_code == form.value("status", "active")}});
    }
    json data = {{"form", std::move(form)},
                 {"errors", std::move(errors)},
                 {"editing", id.has_value()},
                 {"action", id ? "/resource-directory/services/" + std::to_string(*id)
                               : std::string("/resource-directory/services")},
                 {"organizations", std::move(organizations)},
                 {"statuses", std::move(statuses)},
                 {"no_organizations", view->organizations.empty()}};
    return RenderPage(request, id ? "サービスを直す" : "サービスを加える", "resource_service_form", std::move(data),
                      status);
}

std::string OptionalNumberText(const std::optional<int>& value) { return value ? std::to_string(*value) : ""; }

json ServiceFormJson(const domain::ServiceForm& form, std::int64_t organization_id) {
    std::string areas;
    for (const std::string& area : form.areas_served) areas += (areas.empty() ? "" : "、") + area;
    const domain::ResourceSchedule schedule = form.schedule.value_or(domain::ResourceSchedule{});
    return json{{"name", form.name},
                {"description", form.description},
                {"status", form.status},
                {"kinds", KindOptions(form.kinds)},
                {"days", DayOptions(schedule.days)},
                {"areas_served", areas},
                {"opens_at", schedule.opens_at},
                {"closes_at", schedule.closes_at},
                {"schedule_description", schedule.description},
                {"eligibility", form.eligibility},
                {"minimum_age", OptionalNumberText(form.minimum_age)},
                {"maximum_age", OptionalNumberText(form.maximum_age)},
                {"capacity", OptionalNumberText(form.capacity)},
                {"location_name", form.location_name},
                {"address", form.address},
                {"accessibility", form.accessibility},
                {"contact_name", form.contact_name},
                {"phone", form.phone},
                {"email", form.email},
                {"url", form.url},
                {"organization_id", organization_id == 0 ? std::string() : std::to_string(organization_id)}};
}

http::Response NewServicePage(Services& services, const http::Request& request) {
    const FormFields query = QueryFields(request);
    const std::int64_t organization = ParseId(FieldOf(query, "organization")).value_or(0);
    return ShowServiceForm(services, request, std::nullopt, ServiceFormJson({}, organization), json::object(), 200);
}

http::Response EditServicePage(Services& services, const http::Request& request) {
    const auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    auto row = services.resources.GetService(ActorOf(request), ResourceServiceId{*id});
    if (!row) return RenderErrorPage(request, row.error());
    return ShowServiceForm(services, request, *id,
                           ServiceFormJson(domain::FormOf(row->service), row->service.organization_id.value()),
                           json::object(), 200);
}

// Splits 「東浜自治会、西浜自治会」 (、 , or a new line) into names.
std::vector<std::string> SplitNames(const std::string& text) {
    std::vector<std::string> names;
    std::string current;
    const auto flush = [&] {
        std::string name = Trim(current);
        if (!name.empty() && std::ranges::find(names, name) == names.end()) names.push_back(std::move(name));
        current.clear();
    };
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, 3, "、") == 0) {
            flush();
            i += 3;
        } else if (text[i] == ',' || text[i] == '\n') {
            flush();
            ++i;
        } else {
            current.push_back(text[i++]);
        }
    }
    flush();
    return names;
}

http::Response SaveService(Services& services, const http::Request& request) {
    std::optional<std::int64_t> id;
    if (!request.PathParam("id").empty()) {
        id = ParseId(request.PathParam("id"));
        if (!id) return RenderErrorPage(request, Error::NotFound());
    }
    std::vector<std::string_view> fields(std::begin(kServiceTextFields), std::end(kServiceTextFields));
    fields.push_back("kinds");
    fields.push_back("days");
    json errors = json::object();
    domain::ServiceForm form;
    form.name = Trim(FormField(request, "name"));
    form.description = Trim(FormField(request, "description"));
    form.status = FormField(request, "status");
    for (const ResourceKind kind : domain::kAllResourceKinds) {
        if (FormField(request, "kind_" + std::string(domain::ResourceKindCode(kind))) == "yes") {
            form.kinds.push_back(kind);
        }
    }
    form.areas_served = SplitNames(FormField(request, "areas_served"));
    domain::ResourceSchedule schedule{.days = {},
                                      .opens_at = Trim(FormField(request, "opens_at")),
                                      .closes_at = Trim(FormField(request, "closes_at")),
                                      .description = Trim(FormField(request, "schedule_description"))};
    for (const std::string_view day : domain::kWeekdayCodes) {
        if (FormField(request, "day_" + std::string(day)) == "yes") schedule.days.emplace_back(day);
    }
    if (!schedule.days.empty() || !schedule.opens_at.empty() || !schedule.closes_at.empty() ||
        !schedule.description.empty()) {
        form.schedule = schedule;
    }
    for (auto [name, target] : {std::pair{"minimum_age", &form.minimum_age},
                                {"maximum_age", &form.maximum_age},
                                {"capacity", &form.capacity}}) {
        const std::string text = Trim(FormField(request, name));
        if (text.empty()) continue;
        const auto number = ParseId(text);
        if (!number || *number > 100000) {
            AddFieldError(errors, Error::InvalidArgument("数字で入力してください", name), fields);
        } else {
            *target = static_cast<int>(*number);
        }
    }
    form.eligibility = Trim(FormField(request, "eligibility"));
    form.location_name = Trim(FormField(request, "location_name"));
    form.address = Trim(FormField(request, "address"));
    form.accessibility = Trim(FormField(request, "accessibility"));
    form.contact_name = Trim(FormField(request, "contact_name"));
    form.phone = Trim(FormField(request, "phone"));
    form.email = Trim(FormField(request, "email"));
    form.url = Trim(FormField(request, "url"));
    const std::int64_t organization = ParseId(FormField(request, "organization_id")).value_or(0);
    // What was typed goes back to the form as it was typed.
    json typed = ServiceFormJson(form, organization);
    for (const char* name : {"minimum_age", "maximum_age", "capacity", "areas_served"}) {
        typed[name] = FormField(request, name);
    }
    if (!errors.empty()) return ShowServiceForm(services, request, id, std::move(typed), std::move(errors), 400);
    std::optional<ResourceServiceId> service_id;
    if (id) service_id = ResourceServiceId{*id};
    auto saved =
        services.resources.SaveService(ActorOf(request), service_id, ResourceOrganizationId{organization}, form);
    if (!saved) {
        if (!saved.error().Is(ErrorCode::kInvalidArgument) && !saved.error().Is(ErrorCode::kConflict)) {
            return RenderErrorPage(request, saved.error());
        }
        AddFieldError(errors, saved.error(), fields);
        return ShowServiceForm(services, request, id, std::move(typed), std::move(errors), 400);
    }
    return http::Response::Redirect("/resource-directory?saved=" + std::to_string(saved->id.value()));
}

// --- the public directory ------------------------------------------------------------------------------------------

// The public directory as one HTML file: the active services (IsPublic) with what the public needs to find and
// reach them, searchable in the page by area, kind and day, printable. It holds no personal data (a service names
// its desk, never a person supported) and nothing of the staff's (no ids, no editing, no names of who edited).
http::Response PublicPage(Services& services, const http::Request& request) {
    auto view = services.resources.Directory(ActorOf(request), {});
    if (!view) return RenderErrorPage(request, view.error());
    json rows = json::array();
    std::set<std::string> areas;
    for (const domain::ResourceServiceEntry& row : view->services) {
        if (!domain::IsPublic(row.service)) continue;
        json shown = ServiceRow(row);
        shown.erase("id");
        rows.push_back(std::move(shown));
        for (const std::string& area : row.service.areas_served) areas.insert(area);
    }
    json search = SearchOptions(*view, {});
    search["areas"] = json::array();
    for (const std::string& area : areas) search["areas"].push_back({{"value", area}, {"label", area}});
    json data = {{"rows", std::move(rows)}, {"search", std::move(search)}};
    auto response = RenderFragment(request, "resource_directory_public", std::move(data));
    response.SetHeader("Content-Disposition", "attachment; filename=\"resource-directory.html\"");
    return response;
}

}  // namespace

void AddResourceDirectoryPages(http::Router& router, domain::ResourceDirectoryService& resources,
                               domain::Directory& directory) {
    auto services = std::make_shared<Services>(Services{resources, directory});
    const auto add = [&](std::string method, std::string pattern,
                         http::Response (*handler)(Services&, const http::Request&)) {
        router.Add({.method = std::move(method),
                    .pattern = std::move(pattern),
                    .access = http::Access::kSignedIn,
                    .surface = http::Surface::kPage,
                    .handler = [services, handler](http::Request& request) { return handler(*services, request); }});
    };
    add("GET", "/resource-directory", ListPage);
    add("GET", "/resource-directory/public.html", PublicPage);
    add("GET", "/resource-directory/services/new", NewServicePage);
    add("POST", "/resource-directory/services", SaveService);
    add("GET", "/resource-directory/services/{id}/edit", EditServicePage);
    add("POST", "/resource-directory/services/{id}", SaveService);
    add("GET", "/resource-directory/organizations/new", NewOrganizationPage);
    add("POST", "/resource-directory/organizations", SaveOrganization);
    add("GET", "/resource-directory/organizations/{id}/edit", EditOrganizationPage);
    add("POST", "/resource-directory/organizations/{id}", SaveOrganization);
}

}  // namespace kasane::web
