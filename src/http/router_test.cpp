// SPDX-License-Identifier: Apache-2.0
#include "http/router.hpp"

#include <gtest/gtest.h>

#include "http/system_routes.hpp"

namespace kasane::http {
namespace {

Route MakeRoute(std::string method, std::string pattern, Surface surface = Surface::kApi) {
    Route route;
    route.method = std::move(method);
    route.pattern = std::move(pattern);
    route.surface = surface;
    route.handler = [](Request&) { return Response::Text(200, "ok", "text/plain"); };
    return route;
}

TEST(Router, MatchesLiteralsAndParameters) {
    Router router;
    router.Add(MakeRoute("GET", "/api/v1/organizations"));
    router.Add(MakeRoute("GET", "/api/v1/organizations/{id}"));
    router.Add(MakeRoute("GET", "/api/v1/cases/{case_id}/notes/{note_id}"));

    auto match = router.Find("GET", "/api/v1/organizations/42");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.route->pattern, "/api/v1/organizations/{id}");
    EXPECT_EQ(match.params.at("id"), "42");

    match = router.Find("GET", "/api/v1/cases/3/notes/9");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.params.at("case_id"), "3");
    EXPECT_EQ(match.params.at("note_id"), "9");

    EXPECT_EQ(router.Find("GET", "/api/v1/organizations/").route, nullptr);  // empty parameter
    EXPECT_EQ(router.Find("GET", "/api/v1/organizations/1/x").route, nullptr);
    EXPECT_EQ(router.Find("GET", "/api/v1").route, nullptr);
    EXPECT_EQ(router.Find("GET", "/").route, nullptr);
}

TEST(Router, LiteralBeatsParameterWhateverTheOrder) {
    Router router;
    router.Add(MakeRoute("DELETE", "/api/v1/sessions/{id}"));
    router.Add(MakeRoute("DELETE", "/api/v1/sessions/current"));
    auto match = router.Find("DELETE", "/api/v1/sessions/current");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.route->pattern, "/api/v1/sessions/current");
    match = router.Find("DELETE", "/api/v1/sessions/other");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.route->pattern, "/api/v1/sessions/{id}");
}

TEST(Router, MethodMismatchListsAllowedMethods) {
    Router router;
    router.Add(MakeRoute("GET", "/api/v1/areas/{id}"));
    router.Add(MakeRoute("PATCH", "/api/v1/areas/{id}"));
    router.Add(MakeRoute("DELETE", "/api/v1/areas/{id}"));
    const auto match = router.Find("POST", "/api/v1/areas/1");
    EXPECT_EQ(match.route, nullptr);
    EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"DELETE", "GET", "PATCH"}));
    EXPECT_TRUE(router.Find("GET", "/api/v1/areas/1").allowed_methods.empty());
    EXPECT_TRUE(router.Find("POST", "/nothing").allowed_methods.empty());
}

// Find follows a literal and a parameter branch of the pattern tree alike: both patterns below face
// "/cases/new/plan", the literal one wins, and a method mismatch lists the methods of every pattern the path fits.
TEST(Router, FollowsLiteralAndParameterBranches) {
    Router router;
    router.Add(MakeRoute("GET", "/cases/{id}/plan", Surface::kPage));
    router.Add(MakeRoute("POST", "/cases/new/plan", Surface::kPage));
    router.Add(MakeRoute("GET", "/cases/{id}", Surface::kPage));
    router.Add(MakeRoute("GET", "/cases/new", Surface::kPage));

    auto match = router.Find("GET", "/cases/new/plan");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.route->pattern, "/cases/{id}/plan");
    EXPECT_EQ(match.params.at("id"), "new");
    match = router.Find("POST", "/cases/new/plan");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.route->pattern, "/cases/new/plan");
    EXPECT_EQ(router.Find("GET", "/cases/new").route->pattern, "/cases/new");
    EXPECT_EQ(router.Find("GET", "/cases/7").route->pattern, "/cases/{id}");
    EXPECT_EQ(router.Find("DELETE", "/cases/new/plan").allowed_methods, (std::vector<std::string>{"GET", "POST"}));
    EXPECT_EQ(router.Find("DELETE", "/cases/7/plan").allowed_methods, (std::vector<std::string>{"GET"}));
    EXPECT_EQ(router.Find("GET", "/cases//plan").route, nullptr);  // an empty segment is no parameter
    EXPECT_EQ(router.Find("GET", "/cases").route, nullptr);
}

TEST(Router, RootPath) {
    Router router;
    router.Add(MakeRoute("GET", "/", Surface::kPage));
    ASSERT_NE(router.Find("GET", "/").route, nullptr);
    EXPECT_EQ(router.Find("GET", "/x").route, nullptr);
}

TEST(OpenApi, DocumentsEveryApiRoute) {
    Router router;
    Route create = MakeRoute("POST", "/api/v1/organizations/{id}/members");
    create.doc = {.summary = "Add a member",
                  .tag = "organizations",
                  .request_body = {{"type", "object"}, {"required", {"user_id"}}},
                  .response_body = {{"type", "object"}},
                  .success_status = 201};
    router.Add(create);
    Route remove = MakeRoute("DELETE", "/api/v1/sessions/current");
    remove.doc = {.summary = "Sign out",
                  .tag = "sessions",
                  .request_body = nullptr,
                  .response_body = nullptr,
                  .success_status = 204};
    router.Add(remove);
    router.Add(MakeRoute("GET", "/cases", Surface::kPage));
    Metrics metrics;
    AddSystemRoutes(router, {.backend = "sqlite", .version = "0.1.0", .metrics = &metrics});

    const auto document = router.OpenApiDocument("0.1.0");
    EXPECT_EQ(document["openapi"], "3.1.0");
    EXPECT_EQ(document["info"]["version"], "0.1.0");
    const auto& paths = document["paths"];
    EXPECT_FALSE(paths.contains("/cases"));  // pages are not part of the API
    ASSERT_TRUE(paths.contains("/api/v1/openapi.json"));
    EXPECT_TRUE(paths["/api/v1/openapi.json"].contains("get"));
    EXPECT_TRUE(paths.contains("/healthz"));

    const auto& post = paths["/api/v1/organizations/{id}/members"]["post"];
    EXPECT_EQ(post["summary"], "Add a member");
    EXPECT_EQ(post["tags"][0], "organizations");
    ASSERT_EQ(post["parameters"].size(), 1u);
    EXPECT_EQ(post["parameters"][0]["name"], "id");
    EXPECT_EQ(post["parameters"][0]["in"], "path");
    EXPECT_EQ(post["parameters"][0]["required"], true);
    EXPECT_EQ(post["requestBody"]["content"]["application/json"]["schema"]["required"][0], "user_id");
    EXPECT_TRUE(post["responses"]["201"]["content"]["application/json"].contains("schema"));
    EXPECT_EQ(post["responses"]["default"]["content"]["application/json"]["schema"]["$ref"],
              "#/components/schemas/Error");
    EXPECT_FALSE(post["security"].empty());

    const auto& del = paths["/api/v1/sessions/current"]["delete"];
    EXPECT_FALSE(del.contains("requestBody"));
    EXPECT_FALSE(del["responses"]["204"].contains("content"));

    EXPECT_TRUE(paths["/healthz"]["get"]["security"].empty());  // public

    const auto& error = document["components"]["schemas"]["Error"];
    EXPECT_EQ(error["properties"]["error"]["required"], (nlohmann::json{"code", "message", "field"}));
    EXPECT_TRUE(document["components"]["securitySchemes"].contains("bearerAuth"));

    // Every operation id is unique.
    std::set<std::string> ids;
    for (const auto& [path, item] : paths.items()) {
        for (const auto& [method, operation] : item.items()) {
            EXPECT_TRUE(ids.insert(operation["operationId"].get<std::string>()).second) << path << " " << method;
        }
    }
}

}  // namespace
}  // namespace kasane::http
