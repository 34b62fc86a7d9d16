// SPDX-License-Identifier: Apache-2.0
#pragma once

// アウトリーチ (outreach.cpp): GET/POST /api/v1/outreach, GET /api/v1/outreach/{id},
// POST /api/v1/outreach/{id}/attempts, POST /api/v1/outreach/{id}/stage,
// POST /api/v1/outreach/{id}/attempts/{attempt_id}/consultation. Registered apart from AddApiRoutes, with its use case.

#include "domain/outreach_service.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddOutreachRoutes(Router& router, domain::OutreachService& outreach);

}  // namespace kasane::http::api
