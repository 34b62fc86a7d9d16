// SPDX-License-Identifier: Apache-2.0
#pragma once

// Routes every deployment has: health check, metrics and the OpenAPI document. All public.

#include <functional>
#include <string>

#include "base/result.hpp"
#include "domain/store_health.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace kasane::http {

struct SystemDependencies {
    std::string backend;                          // "sqlite" or "postgresql"
    std::function<Status()> ping;                 // a trivial query; an error means the database is down
    std::function<Result<int>()> schema_version;  // what the database has
    std::function<domain::PoolStats()> pool;      // may be empty (no pool statistics in /metrics then)
    std::string version;                          // of the binary
    Metrics* metrics = nullptr;                   // must outlive the router; null serves an empty exposition
};

// Adds:
//   GET /healthz               200 {"status":"ok","database":backend,"schema_version":N,"version":...}, or
//                              503 {"status":"unavailable",...,"error":message} when ping or schema_version fails
//   GET /metrics               Prometheus text
//   GET /api/v1/openapi.json   the router's OpenAPI document, built once on first request (so it includes routes
//                              added after this call). `router` must outlive its routes' use.
void AddSystemRoutes(Router& router, SystemDependencies dependencies);

}  // namespace kasane::http
