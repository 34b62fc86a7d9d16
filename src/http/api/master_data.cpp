// SPDX-License-Identifier: Apache-2.0
// Master data of the caller's municipality: the municipality itself, organisations and area masters.

#include "http/api/common.hpp"
#include "http/api/routes.hpp"

namespace kasane::http::api {

namespace {

Json OrganizationInput() {
    return schema::Object({{"kind",
                            {{"type", "string"},
                             {"enum",
                              [] {
                                  Json codes = Json::array();
                                  for (auto kind : domain::kAllOrganizationKinds) {
                                      codes.push_back(domain::OrganizationKindCode(kind));
                                  }
                                  return codes;
                              }()}}},
                           {"name", schema::String()}},
                          {"kind", "name"});
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

Json AreaInput() {
    return schema::Object({{"kind",
                            {{"type", "string"},
                             {"enum",
                              [] {
                                  Json codes = Json::array();
                                  for (auto kind : domain::kAllAreaKinds) codes.push_back(domain::AreaKindCode(kind));
                                  return codes;
                              }()}}},
                           {"name", schema::String()}},
                          {"kind", "name"});
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
                      .response_body = schema::Organization()});

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
                         auto kind_code = RequireString(*body, "kind", 64);
                         if (!kind_code) return Response::ErrorJson(kind_code.error());
                         const auto kind = domain::ParseAreaKind(*kind_code);
                         if (!kind) {
                             return Response::ErrorJson(Error::InvalidArgument("地域の種別が正しくありません", "kind"));
                         }
                         auto name = RequireString(*body, "name", 100);
                         if (!name) return Response::ErrorJson(name.error());
                         return Reply(administration.CreateArea(PrincipalOf(request), *kind, *name), 201);
                     },
                     {.summary = "Add an area (administrators)",
                      .tag = "master-data",
                      .request_body = AreaInput(),
                      .response_body = schema::Area(),
                      .success_status = 201});

    AddSignedInRoute(
        router, "GET", "/api/v1/areas/{id}", ById([&directory](Request& request, std::int64_t id) {
            return Reply(directory.GetArea(PrincipalOf(request), id));
        }),
        {.summary = "One area of the caller's municipality", .tag = "master-data", .response_body = schema::Area()});
}

}  // namespace kasane::http::api
