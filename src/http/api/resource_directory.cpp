// SPDX-License-Identifier: Apache-2.0
// The resource directory (issue 16, item 1): search, organisations and services added and edited by the town's and
// the 社協's staff, and HSDS 3.0 import and export. Each handler parses, calls one use case and maps its Result.

#include "http/api/resource_directory.hpp"

#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"

namespace kasane::http::api {

namespace {

using domain::ResourceKind;

Json OptionalInt(const std::optional<int>& value) { return value ? Json(*value) : Json(nullptr); }

Json ServiceJson(const domain::ResourceServiceEntry& row) {
    const domain::ResourceService& service = row.service;
    Json kinds = Json::array();
    for (const ResourceKind kind : service.kinds) kinds.push_back(domain::ResourceKindCode(kind));
    Json schedules = Json::array();
    for (const domain::ResourceSchedule& schedule : service.schedules) {
        schedules.push_back({{"days", schedule.days},
                             {"opens_at", schedule.opens_at},
                             {"closes_at", schedule.closes_at},
                             {"description", schedule.description}});
    }
    return Json{{"id", service.id},
                {"external_id", service.external_id},
                {"organization_id", service.organization_id},
                {"organization_name", row.organization_name},
                {"cooperating_host", row.cooperating == domain::CooperatingHost::kYes},
                {"name", service.name},
                {"description", service.description},
                {"status", service.status},
                {"kinds", std::move(kinds)},
                {"areas_served", service.areas_served},
                {"schedules", std::move(schedules)},
                {"eligibility", service.eligibility},
                {"minimum_age", OptionalInt(service.minimum_age)},
                {"maximum_age", OptionalInt(service.maximum_age)},
                {"capacity", OptionalInt(service.capacity)},
                {"location_name", service.location_name},
                {"address", service.address},
                {"accessibility", service.accessibility},
                {"contact_name", service.contact_name},
                {"phone", service.phone},
                {"email", service.email},
                {"url", service.url}};
}

Json ServiceJson(const domain::ResourceServiceRow& row) {
    return ServiceJson(domain::ResourceServiceEntry{
        .service = row.service, .organization_name = row.organization_name, .cooperating = row.cooperating});
}

Json OrganizationJson(const domain::ResourceOrganization& organization) {
    return Json{{"id", organization.id},
                {"external_id", organization.external_id},
                {"name", organization.name},
                {"description", organization.description},
                {"email", organization.email},
                {"website", organization.website},
                {"sector", domain::HostSectorCode(organization.sector)},
                {"cooperating_host", organization.cooperating == domain::CooperatingHost::kYes}};
}

std::vector<std::string_view> KindCodes() {
    std::vector<std::string_view> codes;
    for (const ResourceKind kind : domain::kAllResourceKinds) codes.push_back(domain::ResourceKindCode(kind));
    return codes;
}

std::vector<std::string_view> SectorCodes() {
    std::vector<std::string_view> codes;
    for (const domain::HostSector sector : domain::kAllHostSectors) codes.push_back(domain::HostSectorCode(sector));
    return codes;
}

Json ServiceSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"external_id", schema::String()},
                           {"organization_id", schema::Integer()},
                           {"organization_name", schema::String()},
                           {"cooperating_host", schema::Boolean()},
                           {"name", schema::String()},
                           {"description", schema::String()},
                           {"status", schema::String()},
                           {"kinds", schema::ArrayOf(EnumSchema(KindCodes()))},
                           {"areas_served", schema::ArrayOf(schema::String())},
                           {"schedules", schema::ArrayOf(schema::Object({{"days", schema::ArrayOf(schema::String())},
                                                                         {"opens_at", schema::String()},
                                                                         {"closes_at", schema::String()},
                                                                         {"description", schema::String()}},
                                                                        {"days"}))},
                           {"eligibility", schema::String()},
                           {"minimum_age", NullableInteger()},
                           {"maximum_age", NullableInteger()},
                           {"capacity", NullableInteger()},
                           {"location_name", schema::String()},
                           {"address", schema::String()},
                           {"accessibility", schema::String()},
                           {"contact_name", schema::String()},
                           {"phone", schema::String()},
                           {"email", schema::String()},
                           {"url", schema::String()}},
                          {"id", "external_id", "organization_id", "name", "status", "kinds"});
}

Json OrganizationSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"external_id", schema::String()},
                           {"name", schema::String()},
                           {"description", schema::String()},
                           {"email", schema::String()},
                           {"website", schema::String()},
                           {"sector", EnumSchema(SectorCodes())},
                           {"cooperating_host", schema::Boolean()}},
                          {"id", "external_id", "name", "sector", "cooperating_host"});
}

Result<std::optional<int>> OptionalNumber(const Json& body, const char* field) {
    auto value = OptionalInteger(body, field);
    if (!value) return Fail(value.error());
    if (!*value) return std::optional<int>();
    return std::optional<int>(Narrow(**value));
}

Result<std::vector<std::string>> Strings(const Json& body, const char* field) {
    std::vector<std::string> values;
    if (!body.contains(field) || body[field].is_null()) return values;
    if (!body[field].is_array()) return Fail(Error::InvalidArgument(std::string(field) + " は文字列の配列です", field));
    for (const Json& item : body[field]) {
        if (!item.is_string()) return Fail(Error::InvalidArgument(std::string(field) + " は文字列の配列です", field));
        values.push_back(item.get<std::string>());
    }
    return values;
}

Result<domain::OrganizationForm> OrganizationFormFromJson(const Json& body) {
    domain::OrganizationForm form;
    auto name = TextOf(body, "name", 200);
    if (!name) return Fail(name.error());
    form.name = *name;
    for (auto [field, target] :
         {std::pair{"description", &form.description}, {"email", &form.email}, {"website", &form.website}}) {
        auto value = TextOf(body, field, 2000);
        if (!value) return Fail(value.error());
        *target = *value;
    }
    const auto sector = domain::ParseHostSector(body.value("sector", "other"));
    if (!sector) return Fail(Error::InvalidArgument("sector が正しくありません", "sector"));
    form.sector = *sector;
    auto cooperating = OptionalBool(body, "cooperating_host", false);
    if (!cooperating) return Fail(cooperating.error());
    form.cooperating = *cooperating ? domain::CooperatingHost::kYes : domain::CooperatingHost::kNo;
    return form;
}

Result<domain::ServiceForm> ServiceFormFromJson(const Json& body) {
    domain::ServiceForm form;
    auto name = TextOf(body, "name", 200);
    if (!name) return Fail(name.error());
    form.name = *name;
    for (auto [field, target] : {std::pair{"description", &form.description},
                                 {"eligibility", &form.eligibility},
                                 {"location_name", &form.location_name},
                                 {"address", &form.address},
                                 {"accessibility", &form.accessibility},
                                 {"contact_name", &form.contact_name},
                                 {"phone", &form.phone},
                                 {"email", &form.email},
                                 {"url", &form.url}}) {
        auto value = TextOf(body, field, 2000);
        if (!value) return Fail(value.error());
        *target = *value;
    }
    form.status = body.value("status", "active");
    auto kinds = Strings(body, "kinds");
    if (!kinds) return Fail(kinds.error());
    for (const std::string& code : *kinds) {
        const auto kind = domain::ParseResourceKind(code);
        if (!kind) return Fail(Error::InvalidArgument("kinds に知らない種類があります: " + code, "kinds"));
        form.kinds.push_back(*kind);
    }
    auto areas = Strings(body, "areas_served");
    if (!areas) return Fail(areas.error());
    form.areas_served = *areas;
    for (auto [field, target] : {std::pair{"minimum_age", &form.minimum_age},
                                 {"maximum_age", &form.maximum_age},
                                 {"capacity", &form.capacity}}) {
        auto value = OptionalNumber(body, field);
        if (!value) return Fail(value.error());
        *target = *value;
    }
    auto days = Strings(body, "days");
    if (!days) return Fail(days.error());
    auto opens = TextOf(body, "opens_at", 8);
    if (!opens) return Fail(opens.error());
    auto closes = TextOf(body, "closes_at", 8);
    if (!closes) return Fail(closes.error());
    auto schedule_text = TextOf(body, "schedule_description", 500);
    if (!schedule_text) return Fail(schedule_text.error());
    if (!days->empty() || !opens->empty() || !closes->empty() || !schedule_text->empty()) {
        form.schedule = domain::ResourceSchedule{
            .days = *days, .opens_at = *opens, .closes_at = *closes, .description = *schedule_text};
    }
    return form;
}

Result<domain::ResourceSearch> SearchOf(const Request& request) {
    domain::ResourceSearch search;
    if (const auto area = request.QueryParam("area"); area && !area->empty()) search.area = *area;
    if (const auto kind = request.QueryParam("kind"); kind && !kind->empty()) {
        search.kind = domain::ParseResourceKind(*kind);
        if (!search.kind) return Fail(Error::InvalidArgument("kind が正しくありません", "kind"));
    }
    if (const auto day = request.QueryParam("day"); day && !day->empty()) {
        if (!domain::IsWeekdayCode(*day)) return Fail(Error::InvalidArgument("day は MO〜SU です", "day"));
        search.day = *day;
    }
    if (const auto text = request.QueryParam("q")) search.text = *text;
    return search;
}

Response SaveServiceReply(domain::ResourceDirectoryService& directory, Request& request,
                          std::optional<ResourceServiceId> id) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto organization = RequireInteger(*body, "organization_id");
    if (!organization) return Response::ErrorJson(organization.error());
    auto form = ServiceFormFromJson(*body);
    if (!form) return Response::ErrorJson(form.error());
    auto saved = directory.SaveService(ActorOf(request), id, ResourceOrganizationId{*organization}, *form);
    if (!saved) return Response::ErrorJson(saved.error());
    auto row = directory.GetService(ActorOf(request), saved->id);
    if (!row) return Response::ErrorJson(row.error());
    return Response::Json(id ? 200 : 201, ServiceJson(*row));
}

Response SaveOrganizationReply(domain::ResourceDirectoryService& directory, Request& request,
                               std::optional<ResourceOrganizationId> id) {
    auto form = BodyAs(request, OrganizationFormFromJson);
    if (!form) return Response::ErrorJson(form.error());
    auto saved = directory.SaveOrganization(ActorOf(request), id, *form);
    if (!saved) return Response::ErrorJson(saved.error());
    return Response::Json(id ? 200 : 201, OrganizationJson(*saved));
}

Json ServiceRequestSchema() {
    return schema::Object({{"organization_id", schema::Integer()},
                           {"name", schema::String()},
                           {"description", schema::String()},
                           {"status", EnumSchema({"active", "inactive", "defunct", "temporarily closed"})},
                           {"kinds", schema::ArrayOf(EnumSchema(KindCodes()))},
                           {"areas_served", schema::ArrayOf(schema::String())},
                           {"days", schema::ArrayOf(EnumSchema({"MO", "TU", "WE", "TH", "FR", "SA", "SU"}))},
                           {"opens_at", schema::String()},
                           {"closes_at", schema::String()},
                           {"schedule_description", schema::String()},
                           {"eligibility", schema::String()},
                           {"minimum_age", NullableInteger()},
                           {"maximum_age", NullableInteger()},
                           {"capacity", NullableInteger()},
                           {"location_name", schema::String()},
                           {"address", schema::String()},
                           {"accessibility", schema::String()},
                           {"contact_name", schema::String()},
                           {"phone", schema::String()},
                           {"email", schema::String()},
                           {"url", schema::String()}},
                          {"organization_id", "name", "kinds"});
}

Json OrganizationRequestSchema() {
    return schema::Object({{"name", schema::String()},
                           {"description", schema::String()},
                           {"email", schema::String()},
                           {"website", schema::String()},
                           {"sector", EnumSchema(SectorCodes())},
                           {"cooperating_host", schema::Boolean()}},
                          {"name"});
}

}  // namespace

void AddResourceDirectoryRoutes(Router& router, domain::ResourceDirectoryService& directory) {
    AddSignedInRoute(
        router, "GET", "/api/v1/resources",
        [&directory](Request& request) {
            auto search = SearchOf(request);
            if (!search) return Response::ErrorJson(search.error());
            auto view = directory.Directory(ActorOf(request), *search);
            if (!view) return Response::ErrorJson(view.error());
            Json items = Json::array();
            for (const domain::ResourceServiceEntry& row : view->services) items.push_back(ServiceJson(row));
            Json organizations = Json::array();
            for (const auto& organization : view->organizations)
                organizations.push_back(OrganizationJson(organization));
            return Response::Json(200, Json{{"items", std::move(items)},
                                            {"organizations", std::move(organizations)},
                                            {"areas", view->areas},
                                            {"may_edit", view->may_edit}});
        },
        {.summary =
             "The resource directory (資源台帳): the services matching the query (area = a name of the areas "
             "served, kind, day = MO…SU, q = a part of the name), every organisation (協力事業者 marked) and the "
             "areas named; no personal data",
         .tag = "resources",
         .response_body = schema::Object({{"items", schema::ArrayOf(ServiceSchema())},
                                          {"organizations", schema::ArrayOf(OrganizationSchema())},
                                          {"areas", schema::ArrayOf(schema::String())},
                                          {"may_edit", schema::Boolean()}},
                                         {"items", "organizations", "areas", "may_edit"})});

    AddSignedInRoute(
        router, "POST", "/api/v1/resources",
        [&directory](Request& request) { return SaveServiceReply(directory, request, std::nullopt); },
        {.summary =
             "Adds a service (居場所, ボランティア, 就労体験 …) of an organisation; the town's and the 社協's staff",
         .tag = "resources",
         .request_body = ServiceRequestSchema(),
         .response_body = ServiceSchema(),
         .success_status = 201});

    AddSignedInRoute(
        router, "GET", "/api/v1/resources/{id}", ById([&directory](Request& request, std::int64_t id) {
            auto row = directory.GetService(ActorOf(request), ResourceServiceId{id});
            if (!row) return Response::ErrorJson(row.error());
            return Response::Json(200, ServiceJson(*row));
        }),
        {.summary = "One service of the resource directory", .tag = "resources", .response_body = ServiceSchema()});

    AddSignedInRoute(router, "PUT", "/api/v1/resources/{id}", ById([&directory](Request& request, std::int64_t id) {
                         return SaveServiceReply(directory, request, ResourceServiceId{id});
                     }),
                     {.summary = "Edits a service (the fields of the form; every other HSDS field is kept)",
                      .tag = "resources",
                      .request_body = ServiceRequestSchema(),
                      .response_body = ServiceSchema()});

    AddSignedInRoute(router, "GET", "/api/v1/resources/{id}/hsds",
                     ById([&directory](Request& request, std::int64_t id) {
                         auto document = directory.ExportService(ActorOf(request), ResourceServiceId{id});
                         if (!document) return Response::ErrorJson(document.error());
                         return Response::Json(200, *document);
                     }),
                     {.summary = "One service as HSDS 3.0 service_full (its organization nested)",
                      .tag = "resources",
                      .response_body = schema::Object({{"id", schema::String()}}, {"id"})});

    AddSignedInRoute(
        router, "GET", "/api/v1/resources/export",
        [&directory](Request& request) {
            auto document = directory.Export(ActorOf(request));
            if (!document) return Response::ErrorJson(document.error());
            return Response::Json(200, *document);
        },
        {.summary = "The whole directory as HSDS 3.0: a page whose contents are organization_full documents (their "
                    "services nested), ids kept; what the public directory is fed with",
         .tag = "resources",
         .response_body = schema::Object(
             {{"contents", schema::ArrayOf(schema::Object({{"id", schema::String()}}, {"id"}))}}, {"contents"})});

    AddSignedInRoute(
        router, "POST", "/api/v1/resources/import",
        [&directory](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto result = directory.Import(ActorOf(request), *body);
            if (!result) return Response::ErrorJson(result.error());
            if (!result->problems.empty()) {
                Json problems = Json::array();
                for (const domain::HsdsProblem& problem : result->problems) {
                    problems.push_back({{"path", problem.path}, {"message", problem.message}});
                }
                const domain::HsdsProblem& first = result->problems.front();
                return Response::Json(400, Json{{"error",
                                                 {{"code", "invalid_argument"},
                                                  {"message", "HSDS の文書が正しくありません: " + first.message},
                                                  {"field", first.path}}},
                                                {"problems", std::move(problems)}});
            }
            return Response::Json(200, Json{{"organizations", result->organizations}, {"services", result->services}});
        },
        {.summary = "Imports HSDS 3.0 (an organization with its services, a service with its organization, an array "
                    "or a page of them), matched by HSDS id; all or nothing, refused with the JSON path of each "
                    "problem",
         .tag = "resources",
         .request_body = schema::Object({{"id", schema::String()}}, {}),
         .response_body = schema::Object({{"organizations", schema::Integer()}, {"services", schema::Integer()}},
                                         {"organizations", "services"})});

    AddSignedInRoute(router, "POST", "/api/v1/resource-organizations",
                     [&directory](Request& request) { return SaveOrganizationReply(directory, request, std::nullopt); },
                     {.summary = "Adds an organisation to the directory (企業, 農家, 福祉施設, NPO, 自治会 …), a "
                                 "協力事業者 when cooperating_host",
                      .tag = "resources",
                      .request_body = OrganizationRequestSchema(),
                      .response_body = OrganizationSchema(),
                      .success_status = 201});

    AddSignedInRoute(router, "PUT", "/api/v1/resource-organizations/{id}",
                     ById([&directory](Request& request, std::int64_t id) {
                         return SaveOrganizationReply(directory, request, ResourceOrganizationId{id});
                     }),
                     {.summary = "Edits an organisation of the directory",
                      .tag = "resources",
                      .request_body = OrganizationRequestSchema(),
                      .response_body = OrganizationSchema()});
}

}  // namespace kasane::http::api
