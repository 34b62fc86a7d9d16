// SPDX-License-Identifier: Apache-2.0
#pragma once

// 地域づくり and the 地域課題 register (community_development.cpp): GET /api/v1/community, POST
// /api/v1/community/places, PUT /api/v1/community/places/{id}, POST /api/v1/community/sessions, POST
// /api/v1/community/workshops, GET/POST /api/v1/community/issues, GET /api/v1/community/issues/{id}, POST
// /api/v1/community/issues/{id}/consultations, POST /api/v1/community/issues/{id}/actions. Registered apart from
// AddApiRoutes.

#include "domain/community_development_service.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddCommunityDevelopmentRoutes(Router& router, domain::CommunityDevelopmentService& community);

}  // namespace kasane::http::api
