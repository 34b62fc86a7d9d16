// SPDX-License-Identifier: Apache-2.0
// Master data of the caller's municipality: the municipality itself, organisations and area masters.

#include "http/api/common.hpp"
#include "http/api/imports.hpp"
#include "http/api/routes.hpp"

namespace kasane::http::api {

namespace {

Json OrganizationKindSchema() {
    Json codes = Json::array();
    for (auto kind : domain::kAllOrganizationKinds) codes.push_back(domain::OrganizationKindCode(kind));
    return {{"type", "string"}, {"enum", codes}};
}

Json OrganizationInput() {
    return schema::Object({{"kind", OrganizationKindSchema()}, {"name", schema::String()}}, {"kind", "name"});
}

// The body of POST and PUT /api/v1/organizations: a kind (its code) and a name.
struct OrganizationFields {
    domain::OrganizationKind kind{};
    std::string name;
};

Result<OrganizationFields> OrganizationInputOf(Request& request) {
    auto body = JsonBody(request);
    if (!body) return Fail(body.error());
    auto kind_code = RequireString(*body, "kind", 64);
    if (!kind_code) return Fail(kind_code.error());
    const auto kind = domain::ParseOrganizationKind(*kind_code);
    if (!kind) return Fail(Error::InvalidArgument("機関の種別が正しくありません", "kind"));
    auto name = RequireString(*body, "name", 100);
    if (!name) return Fail(name.error());
    return OrganizationFields{.kind = *kind, .name = std::move(*name)};
}

Json AreaKindSchema() {
    Json codes = Json::array();
    for (auto kind : domain::kAllAreaKinds) codes.push_back(domain::AreaKindCode(kind));
    return {{"type", "string"}, {"enum", codes}};
}

Json AreaInput() {
    return schema::Object({{"kind", AreaKindSchema()},
                           {"name", schema::String()},
                           {"households", {{"type", {"integer", "null"}}}},
                           {"households_year", {{"type", {"integer", "null"}}}}},
                          {"kind", "name"});
}

Json AreaUpdateInput() {
    return schema::Object({{"name", schema::String()},
                           {"households", {{"type", {"integer", "null"}}}},
                           {"households_year", {{"type", {"integer", "null"}}}}},
                          {"name"});
}

// An optional whole number of the body: absent or null → nullopt.
Result<std::optional<int>> OptionalCount(const Json& body, std::string_view field, std::string_view label) {
    const auto it = body.find(std::string(field));
    if (it == body.end() || it->is_null()) return std::optional<int>();
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > 100'000'000) {
        return Fail(Error::InvalidArgument(std::string(label) + "は0以上の整数で指定してください", std::string(field)));
    }
    return std::optional<int>(static_cast<int>(it->get<std::int64_t>()));
}

Result<domain::AreaInput> AreaInputOf(const Json& body, bool with_kind) {
    domain::AreaInput input;
    if (with_kind) {
        auto kind_code = RequireString(body, "kind", 64);
        if (!kind_code) return Fail(kind_code.error());
        const auto kind = domain::ParseAreaKind(*kind_code);
        if (!kind) return Fail(Error::InvalidArgument("地域の種別が正しくありません", "kind"));
        input.kind = *kind;
    }
    auto name = RequireString(body, "name", 100);
    if (!name) return Fail(name.error());
    input.name = *name;
    auto households = OptionalCount(body, "households", "世帯数");
    if (!households) return Fail(households.error());
    input.households = *households;
    auto year = OptionalCount(body, "households_year", "世帯数の年");
    if (!year) return Fail(year.error());
    input.households_year = *year;
    return input;
}

Json AreaImportPlanSchema() {
    return schema::Object(
        {{"file_name", schema::String()},
         {"sha256", schema::String()},
         {"table_name", schema::String()},
         {"encoding", schema::String()},
         {"errors", schema::Integer()},
         {"to_create", schema::Integer()},
         {"to_update", schema::Integer()},
         {"rows", schema::ArrayOf(schema::Object({{"line", schema::Integer()},
                                                  {"kind", schema::String()},
                                                  {"name", schema::String()},
                                                  {"households", {{"type", {"integer", "null"}}}},
                                                  {"households_year", {{"type", {"integer", "null"}}}},
                                                  {"existing_id", {{"type", {"integer", "null"}}}},
                                                  {"error", schema::String()}},
                                                 {"line", "name", "error"}))}},
        {"rows", "errors"});
}

Json ToJson(const domain::AreaImportPlan& plan) {
    Json rows = Json::array();
    for (const domain::AreaImportRow& row : plan.rows) {
        rows.push_back({{"line", row.line},
                        {"kind", domain::AreaKindCode(row.area.kind)},
                        {"name", row.area.name},
                        {"households", row.area.households ? Json(*row.area.households) : Json(nullptr)},
                        {"households_year", row.area.households_year ? Json(*row.area.households_year) : Json(nullptr)},
                        {"existing_id", row.existing ? Json(*row.existing) : Json(nullptr)},
                        {"error", row.error}});
    }
    return {{"file_name", plan.file_name}, {"sha256", plan.sha256},  {"table_name", plan.table_name},
            {"encoding", plan.encoding},   {"errors", plan.errors},  {"to_create", plan.to_create},
            {"to_update", plan.to_update}, {"rows", std::move(rows)}};
}

// The body of a list import's dry run and confirmation (areas, organisations): {upload_id, default_kind}, the kind
// read by `parse` (the master's own codes; `fallback` when absent).
template <class Kind>
struct ListImportBody {
    std::int64_t upload_id = 0;
    Kind default_kind{};
};
template <class Kind, class Parse>
Result<ListImportBody<Kind>> ListImportBodyOf(Request& request, Parse parse, Kind fallback) {
    auto body = JsonBody(request);
    if (!body) return Fail(body.error());
    auto upload_id = RequireInteger(*body, "upload_id");
    if (!upload_id) return Fail(upload_id.error());
    ListImportBody<Kind> out{.upload_id = *upload_id, .default_kind = fallback};
    if (auto code = OptionalString(*body, "default_kind", 64); !code) {
        return Fail(code.error());
    } else if (code->has_value()) {
        const auto kind = parse(**code);
        if (!kind) return Fail(Error::InvalidArgument("種別が正しくありません", "default_kind"));
        out.default_kind = *kind;
    }
    return out;
}

Json AreaImportInput() {
    return schema::Object({{"upload_id", schema::Integer()}, {"default_kind", AreaKindSchema()}}, {"upload_id"});
}

// POST …/uploads of a list: {file_name, content_base64} → 201 {id}; `keep` is the master's use case that keeps it.
template <class Keep>
Handler ListUploadHandler(Keep keep) {
    return [keep](Request& request) {
        auto file = ListFileOf(request);
        if (!file) return Response::ErrorJson(file.error());
        auto id = keep(PrincipalOf(request), file->file_name, file->bytes);
        if (!id) return Response::ErrorJson(id.error());
        return Response::Json(201, Json{{"id", *id}});
    };
}

Json OrganizationImportInput() {
    return schema::Object({{"upload_id", schema::Integer()}, {"default_kind", OrganizationKindSchema()}},
                          {"upload_id"});
}

Json OrganizationImportPlanSchema() {
    return schema::Object({{"file_name", schema::String()},
                           {"sha256", schema::String()},
                           {"table_name", schema::String()},
                           {"encoding", schema::String()},
                           {"errors", schema::Integer()},
                           {"to_create", schema::Integer()},
                           {"to_update", schema::Integer()},
                           {"rows", schema::ArrayOf(schema::Object({{"line", schema::Integer()},
                                                                    {"kind", OrganizationKindSchema()},
                                                                    {"name", schema::String()},
                                                                    {"existing_id", {{"type", {"integer", "null"}}}},
                                                                    {"changes_kind", schema::Boolean()},
                                                                    {"error", schema::String()}},
                                                                   {"line", "name", "error"}))}},
                          {"rows", "errors"});
}

Json ToJson(const domain::OrganizationImportPlan& plan) {
    Json rows = Json::array();
    for (const domain::OrganizationImportRow& row : plan.rows) {
        rows.push_back({{"line", row.line},
                        {"kind", domain::OrganizationKindCode(row.kind)},
                        {"name", row.name},
                        {"existing_id", row.existing ? Json(*row.existing) : Json(nullptr)},
                        {"changes_kind", row.changes_kind},
                        {"error", row.error}});
    }
    return {{"file_name", plan.file_name}, {"sha256", plan.sha256},  {"table_name", plan.table_name},
            {"encoding", plan.encoding},   {"errors", plan.errors},  {"to_create", plan.to_create},
            {"to_update", plan.to_update}, {"rows", std::move(rows)}};
}

// POST …/imports/dry-run and …/imports of a list: the body read by ListImportBodyOf, `run` the master's use case
// (its dry run or its import), the plan answered with `status`.
template <class Kind, class Parse, class Run>
Handler ListImportHandler(Parse parse, Kind fallback, Run run, int status) {
    return [parse, fallback, run, status](Request& request) {
        auto body = ListImportBodyOf(request, parse, fallback);
        if (!body) return Response::ErrorJson(body.error());
        auto plan = run(PrincipalOf(request), body->upload_id, body->default_kind);
        if (!plan) return Response::ErrorJson(plan.error());
        return Response::Json(status, ToJson(*plan));
    };
}

// The three routes of a master list's import — POST {path}/uploads, {path}/imports/dry-run and {path}/imports —
// and their documents, said once for the areas' and the organisations' lists. `list` names the list in the summaries
// ("an area list"), `dry_run_does` what its dry run tells ("add or update").
struct ListImportRoutes {
    std::string path;
    std::string list;
    std::string dry_run_does;
    Json input;
    Json plan;
};

template <class Kind, class Parse, class Upload, class Plan, class Confirm>
void AddListImportRoutes(Router& router, const ListImportRoutes& routes, Parse parse, Kind fallback, Upload upload,
                         Plan plan, Confirm confirm) {
    AddSignedInRoute(router, "POST", routes.path + "/uploads", ListUploadHandler(upload),
                     {.summary = "Upload " + routes.list +
                                 " (CSV in UTF-8 or Shift_JIS, or XLSX) as {file_name, content_base64}, for the dry "
                                 "run (administrators)",
                      .tag = "master-data",
                      .request_body = ListUploadInput(),
                      .response_body = schema::Object({{"id", schema::Integer()}}, {"id"}),
                      .success_status = 201});
    AddSignedInRoute(router, "POST", routes.path + "/imports/dry-run", ListImportHandler(parse, fallback, plan, 200),
                     {.summary = "What " + routes.list + " would " + routes.dry_run_does +
                                 ", writing nothing: every row with its error in Japanese and its row number",
                      .tag = "master-data",
                      .request_body = routes.input,
                      .response_body = routes.plan});
    AddSignedInRoute(router, "POST", routes.path + "/imports", ListImportHandler(parse, fallback, confirm, 201),
                     {.summary = "Import " + routes.list +
                                 " in one transaction, refused while any row has an error (administrators; audited "
                                 "with the file's SHA-256)",
                      .tag = "master-data",
                      .request_body = routes.input,
                      .response_body = routes.plan,
                      .success_status = 201});
}

Json MunicipalityInput() {
    return schema::Object(
        {{"code", schema::String()}, {"name", schema::String()}, {"prefecture_name", schema::String()}},
        {"code", "name"});
}

Json PrefectureInput() {
    return schema::Object({{"code", schema::String()}, {"name", schema::String()}}, {"code", "name"});
}

}  // namespace

void AddMasterDataRoutes(Router& router, const ApiDependencies& dependencies) {
    domain::Directory& directory = dependencies.directory;
    domain::Administration& administration = dependencies.administration;

    AddSignedInRoute(
        router, "GET", "/api/v1/municipality",
        [&directory](Request& request) { return Reply(directory.MunicipalityOf(PrincipalOf(request))); },
        {.summary = "The caller's municipality", .tag = "master-data", .response_body = schema::Municipality()});

    AddSignedInRoute(
        router, "POST", "/api/v1/municipalities",
        [&administration](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto code = RequireString(*body, "code", 6);
            if (!code) return Response::ErrorJson(code.error());
            auto name = RequireString(*body, "name", 50);
            if (!name) return Response::ErrorJson(name.error());
            // Optional once the prefecture is registered (then taken from it, and must match it when given).
            auto prefecture_name = OptionalString(*body, "prefecture_name", 10);
            if (!prefecture_name) return Response::ErrorJson(prefecture_name.error());
            return Reply(administration.CreateMunicipality(
                             PrincipalOf(request),
                             domain::Municipality{
                                 .code = *code, .name = *name, .prefecture_name = prefecture_name->value_or("")}),
                         201);
        },
        {.summary = "Add a municipality, the tenant (system administrators). Once any prefecture is registered, the "
                    "code's prefecture must be one of them and prefecture_name, if given, its name",
         .tag = "master-data",
         .request_body = MunicipalityInput(),
         .response_body = schema::Municipality(),
         .success_status = 201});

    AddSignedInRoute(
        router, "POST", "/api/v1/prefectures",
        [&administration](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto code = RequireString(*body, "code", 6);
            if (!code) return Response::ErrorJson(code.error());
            auto name = RequireString(*body, "name", 10);
            if (!name) return Response::ErrorJson(name.error());
            return Reply(administration.CreatePrefecture(PrincipalOf(request), *code, *name), 201);
        },
        {.summary = "Register a prefecture: code as 2 digits (31) or its 6-digit 団体コード (310000), name as JIS X "
                    "0401 gives it (system administrators)",
         .tag = "master-data",
         .request_body = PrefectureInput(),
         .response_body = schema::Prefecture(),
         .success_status = 201});

    AddSignedInRoute(router, "GET", "/api/v1/prefectures",
                     [&administration](Request& request) {
                         return ReplyItems(administration.ListPrefectures(PrincipalOf(request)));
                     },
                     {.summary = "The registered prefectures, by code (system administrators)",
                      .tag = "master-data",
                      .response_body = schema::Items(schema::Prefecture())});

    AddSignedInRoute(
        router, "GET", "/api/v1/organizations",
        [&directory](Request& request) { return ReplyItems(directory.Organizations(PrincipalOf(request))); },
        {.summary = "Organisations of the caller's municipality",
         .tag = "master-data",
         .response_body = schema::Items(schema::Organization())});

    AddSignedInRoute(router, "POST", "/api/v1/organizations",
                     [&administration](Request& request) {
                         auto input = OrganizationInputOf(request);
                         if (!input) return Response::ErrorJson(input.error());
                         return Reply(administration.CreateOrganization(PrincipalOf(request), input->kind, input->name),
                                      201);
                     },
                     {.summary = "Add an organisation (administrators)",
                      .tag = "master-data",
                      .request_body = OrganizationInput(),
                      .response_body = schema::Organization(),
                      .success_status = 201});

    AddSignedInRoute(router, "GET", "/api/v1/organizations/{id}", ById([&directory](Request& request, std::int64_t id) {
                         return Reply(directory.GetOrganization(PrincipalOf(request), OrganizationId{id}));
                     }),
                     {.summary = "One organisation of the caller's municipality",
                      .tag = "master-data",
                      .response_body = schema::Organization()},
                     [](const Request& request) {
                         auto id = PathId<OrganizationId>(request);
                         return domain::SessionFollowUp{.organization = id ? std::optional(*id) : std::nullopt};
                     });

    AddSignedInRoute(router, "PUT", "/api/v1/organizations/{id}",
                     ById([&administration](Request& request, std::int64_t id) {
                         auto input = OrganizationInputOf(request);
                         if (!input) return Response::ErrorJson(input.error());
                         return Reply(administration.UpdateOrganization(PrincipalOf(request), OrganizationId{id},
                                                                        input->kind, input->name));
                     }),
                     {.summary = "Rename an organisation and set its kind (administrators; audited). Organisations "
                                 "are never deleted",
                      .tag = "master-data",
                      .request_body = OrganizationInput(),
                      .response_body = schema::Organization()});

    AddListImportRoutes(
        router,
        {.path = "/api/v1/organizations",
         .list = "an organisation list",
         .dry_run_does = "add or change",
         .input = OrganizationImportInput(),
         .plan = OrganizationImportPlanSchema()},
        domain::ParseOrganizationKind, domain::OrganizationKind::kOther,
        [&administration](const domain::Principal& principal, std::string_view name, std::string_view bytes) {
            return administration.UploadOrganizationList(principal, name, bytes);
        },
        [&administration](const domain::Principal& principal, std::int64_t upload, auto kind) {
            return administration.PlanOrganizationImport(principal, upload, kind);
        },
        [&administration](const domain::Principal& principal, std::int64_t upload, auto kind) {
            return administration.ConfirmOrganizationImport(principal, upload, kind);
        });

    AddSignedInRoute(
        router, "GET", "/api/v1/areas",
        [&directory](Request& request) {
            std::optional<domain::AreaKind> kind;
            if (const auto code = request.QueryParam("kind")) {
                kind = domain::ParseAreaKind(*code);
                if (!kind) {
                    return Response::ErrorJson(Error::InvalidArgument("地域の種別が正しくありません", "kind"));
                }
            }
            return ReplyItems(directory.Areas(PrincipalOf(request), kind));
        },
        {.summary = "Area masters (自治会, 小学校区, 中学校区, 民生委員区); ?kind= filters",
         .tag = "master-data",
         .response_body = schema::Items(schema::Area())});

    AddSignedInRoute(router, "POST", "/api/v1/areas",
                     [&administration](Request& request) {
                         auto body = JsonBody(request);
                         if (!body) return Response::ErrorJson(body.error());
                         auto input = AreaInputOf(*body, true);
                         if (!input) return Response::ErrorJson(input.error());
                         return Reply(administration.AddArea(PrincipalOf(request), *input), 201);
                     },
                     {.summary = "Add an area with its 世帯数 and the year it is as of (administrators; audited)",
                      .tag = "master-data",
                      .request_body = AreaInput(),
                      .response_body = schema::Area(),
                      .success_status = 201});

    AddSignedInRoute(
        router, "GET", "/api/v1/areas/{id}", ById([&directory](Request& request, std::int64_t id) {
            return Reply(directory.GetArea(PrincipalOf(request), id));
        }),
        {.summary = "One area of the caller's municipality", .tag = "master-data", .response_body = schema::Area()});

    AddSignedInRoute(router, "PUT", "/api/v1/areas/{id}", ById([&administration](Request& request, std::int64_t id) {
                         auto body = JsonBody(request);
                         if (!body) return Response::ErrorJson(body.error());
                         auto input = AreaInputOf(*body, false);
                         if (!input) return Response::ErrorJson(input.error());
                         return Reply(administration.UpdateArea(PrincipalOf(request), id, *input));
                     }),
                     {.summary = "Rename an area and set its 世帯数 (administrators; audited). Its kind stays",
                      .tag = "master-data",
                      .request_body = AreaUpdateInput(),
                      .response_body = schema::Area()});

    AddSignedInRoute(router, "POST", "/api/v1/areas/{id}/retire",
                     ById([&administration](Request& request, std::int64_t id) {
                         return Reply(administration.SetAreaActive(PrincipalOf(request), id, false));
                     }),
                     {.summary = "Retire an area: it leaves the pick lists and stays on records and in reports; "
                                 "areas are never deleted (administrators; audited)",
                      .tag = "master-data",
                      .response_body = schema::Area()});

    AddSignedInRoute(router, "POST", "/api/v1/areas/{id}/restore",
                     ById([&administration](Request& request, std::int64_t id) {
                         return Reply(administration.SetAreaActive(PrincipalOf(request), id, true));
                     }),
                     {.summary = "Restore a retired area (administrators; audited)",
                      .tag = "master-data",
                      .response_body = schema::Area()});

    AddListImportRoutes(
        router,
        {.path = "/api/v1/areas",
         .list = "an area list",
         .dry_run_does = "add or update",
         .input = AreaImportInput(),
         .plan = AreaImportPlanSchema()},
        domain::ParseAreaKind, domain::AreaKind::kNeighborhood,
        [&administration](const domain::Principal& principal, std::string_view name, std::string_view bytes) {
            return administration.UploadAreaList(principal, name, bytes);
        },
        [&administration](const domain::Principal& principal, std::int64_t upload, auto kind) {
            return administration.PlanAreaImport(principal, upload, kind);
        },
        [&administration](const domain::Principal& principal, std::int64_t upload, auto kind) {
            return administration.ConfirmAreaImport(principal, upload, kind);
        });
}

}  // namespace kasane::http::api
