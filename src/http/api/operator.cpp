// SPDX-License-Identifier: Apache-2.0
// The operator of many towns (issue 14, item 3): the towns of the installation with their health, and a town added
// with its first administrator. Counts and versions only: no handler here returns a person or any personal datum.

#include "http/api/operator.hpp"

#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/town_setup_json.hpp"

namespace kasane::http::api {

namespace {

Json BackupJson(const std::optional<domain::BackupRun>& run) {
    if (!run) return nullptr;
    return Json{{"finished_at", InstantJson(run->finished_at)},
                {"backend", run->backend},
                {"size_bytes", run->size_bytes ? Json(*run->size_bytes) : Json(nullptr)}};
}

// The backup, or null when none was recorded.
Json BackupSchema() {
    return {{"oneOf", Json::array({{{"type", "null"}},
                                   schema::Object({{"finished_at", schema::String()},
                                                   {"backend", schema::String()},
                                                   {"size_bytes", NullableInteger()}},
                                                  {"finished_at", "backend"})})}};
}

Json HealthJson(const domain::InstallationHealth& health) {
    Json items = Json::array();
    for (const domain::TenantHealth& tenant : health.tenants) {
        items.push_back({{"municipality", ToJson(tenant.municipality)},
                         {"persons", tenant.size.persons},
                         {"consultations", tenant.size.consultations},
                         {"users", tenant.size.users},
                         {"fiscal_year", tenant.figures ? Json(tenant.figures->fiscal_year) : Json(nullptr)},
                         {"population", tenant.figures ? Json(tenant.figures->population) : Json(nullptr)},
                         {"households", tenant.figures ? Json(tenant.figures->households) : Json(nullptr)},
                         {"last_backup", BackupJson(tenant.last_backup)}});
    }
    return Json{{"version", health.version},
                {"backend", health.backend},
                {"schema_version", health.schema_version},
                {"latest_schema_version", health.latest_schema_version},
                {"stored_bytes", health.stored_bytes},
                {"last_backup", BackupJson(health.last_backup)},
                {"items", std::move(items)}};
}

Json HealthSchema() {
    Json tenant = schema::Object({{"municipality", schema::Municipality()},
                                  {"persons", schema::Integer()},
                                  {"consultations", schema::Integer()},
                                  {"users", schema::Integer()},
                                  {"fiscal_year", NullableInteger()},
                                  {"population", NullableInteger()},
                                  {"households", NullableInteger()},
                                  {"last_backup", BackupSchema()}},
                                 {"municipality", "persons", "consultations", "users"});
    return schema::Object({{"version", schema::String()},
                           {"backend", schema::String()},
                           {"schema_version", schema::Integer()},
                           {"latest_schema_version", schema::Integer()},
                           {"stored_bytes", schema::Integer()},
                           {"last_backup", BackupSchema()},
                           {"items", schema::ArrayOf(tenant)}},
                          {"version", "backend", "schema_version", "latest_schema_version", "stored_bytes", "items"});
}

}  // namespace

void AddOperatorRoutes(Router& router, domain::OperatorConsole& console) {
    AddSignedInRoute(
        router, "GET", "/api/v1/operator/municipalities",
        [&console](Request& request) {
            auto health = console.Health(PrincipalOf(request), request.remote_address);
            if (!health) return Response::ErrorJson(health.error());
            return Response::Json(200, HealthJson(*health));
        },
        {.summary = "Every municipality of the installation with its health: counts of persons, consultations and "
                    "users, the newest figures, the last backup, the version of Kasane and of the schema, and the "
                    "size of the whole database in bytes (every town's rows together). The "
                    "operator (system administrator) only; never a name or any personal datum. Audited",
         .tag = "operator",
         .response_body = HealthSchema()});

    AddSignedInRoute(
        router, "POST", "/api/v1/operator/municipalities",
        [&console](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            if (!body->is_object()) return Response::ErrorJson(Error::InvalidArgument("本文はオブジェクトです"));
            auto town = TownSetupRequestFromJson(*body, domain::FiguresRule::kOptional);
            if (!town) return Response::ErrorJson(town.error());
            auto added = console.AddTown(PrincipalOf(request), *town, request.remote_address);
            if (!added) return Response::ErrorJson(added.error());
            return Response::Json(201, Json{{"municipality", ToJson(added->municipality)},
                                            {"organization", ToJson(added->organization)},
                                            {"administrator", ToJson(added->administrator)},
                                            {"worry_categories", added->worry_categories},
                                            {"meeting_bodies", added->meeting_bodies.size()}});
        },
        {.summary = "Add a municipality with its first administrator (a municipal administrator in the town's own "
                    "division) and the national defaults, by the rules of the first run; figures optional. The "
                    "operator (system administrator) only. Audited in the operator's municipality and the new one",
         .tag = "operator",
         .request_body = schema::Object({{"code", schema::String()},
                                         {"name", schema::String()},
                                         {"prefecture_name", schema::String()},
                                         {"figures", schema::ArrayOf(YearFiguresSchema())},
                                         {"organization_name", schema::String()},
                                         {"admin_username", schema::String()},
                                         {"admin_display_name", schema::String()},
                                         {"admin_password", schema::String()}},
                                        {"code", "name", "prefecture_name", "organization_name", "admin_username",
                                         "admin_display_name", "admin_password"}),
         .response_body = schema::Object({{"municipality", schema::Municipality()},
                                          {"organization", schema::Organization()},
                                          {"administrator", schema::User()},
                                          {"worry_categories", schema::Integer()},
                                          {"meeting_bodies", schema::Integer()}},
                                         {"municipality", "organization", "administrator"}),
         .success_status = 201});
}

}  // namespace kasane::http::api
