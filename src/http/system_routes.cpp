// SPDX-License-Identifier: Apache-2.0
#include "http/system_routes.hpp"

#include <memory>
#include <mutex>

namespace kasane::http {

namespace {

Response Health(const SystemDependencies& dependencies) {
    nlohmann::json body = {{"database", dependencies.backend}, {"version", dependencies.version}};
    Status ping = dependencies.ping ? dependencies.ping() : Status{};
    if (!ping) {
        body["status"] = "unavailable";
        body["error"] = ping.error().message;
        return Response::Json(503, body);
    }
    if (dependencies.schema_version) {
        const Result<int> schema = dependencies.schema_version();
        if (!schema) {
            body["status"] = "unavailable";
            body["error"] = schema.error().message;
            return Response::Json(503, body);
        }
        body["schema_version"] = *schema;
    }
    body["status"] = "ok";
    return Response::Json(200, body);
}

}  // namespace

void AddSystemRoutes(Router& router, SystemDependencies dependencies) {
    auto shared = std::make_shared<const SystemDependencies>(std::move(dependencies));

    router.Add(Route{
        .method = "GET",
        .pattern = "/healthz",
        .access = Access::kPublic,
        .surface = Surface::kApi,
        .handler =
            [shared](Request&) {
                Response response = Health(*shared);
                response.SetHeader("Cache-Control", "no-store");
                return response;
            },
        .doc =
            {
                .summary = "Health check: the database answers and its schema version",
                .tag = "system",
                .request_body = nullptr,
                .response_body = {{"type", "object"},
                                  {"required", {"status", "database", "version"}},
                                  {"properties",
                                   {{"status", {{"type", "string"}, {"enum", {"ok", "unavailable"}}}},
                                    {"database", {{"type", "string"}}},
                                    {"schema_version", {{"type", "integer"}}},
                                    {"version", {{"type", "string"}}},
                                    {"error", {{"type", "string"}}}}}},
                .success_status = 200,
            },
    });

    router.Add(Route{
        .method = "GET",
        .pattern = "/metrics",
        .access = Access::kPublic,
        .surface = Surface::kApi,
        .handler =
            [shared](Request&) {
                std::optional<domain::PoolStats> pool;
                if (shared->pool) pool = shared->pool();
                std::string text = shared->metrics ? shared->metrics->Render(pool) : Metrics{}.Render(pool);
                Response response = Response::Text(200, std::move(text), "text/plain; version=0.0.4; charset=utf-8");
                response.SetHeader("Cache-Control", "no-store");
                return response;
            },
        .doc =
            {
                .summary = "Metrics in the Prometheus text format (text/plain, not JSON)",
                .tag = "system",
                .request_body = nullptr,
                .response_body = {{"type", "string"}},
                .success_status = 200,
                .response_media_type = "text/plain",
            },
    });

    // Routes are fixed once the server runs, so the document is built once, on first use.
    struct Cached {
        std::once_flag once;
        std::string body;
    };
    auto cached = std::make_shared<Cached>();
    const Router* router_pointer = &router;
    router.Add(Route{
        .method = "GET",
        .pattern = "/api/v1/openapi.json",
        .access = Access::kPublic,
        .surface = Surface::kApi,
        .handler =
            [shared, cached, router_pointer](Request&) {
                std::call_once(cached->once,
                               [&] { cached->body = router_pointer->OpenApiDocument(shared->version).dump(2); });
                return Response::Text(200, cached->body, "application/json; charset=utf-8");
            },
        .doc =
            {
                .summary = "This OpenAPI document",
                .tag = "system",
                .request_body = nullptr,
                .response_body = {{"type", "object"}, {"description", "An OpenAPI 3.1 document"}},
                .success_status = 200,
            },
    });
}

}  // namespace kasane::http
