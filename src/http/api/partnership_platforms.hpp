// SPDX-License-Identifier: Apache-2.0
#pragma once

// 官民連携プラットフォーム and 協議会 (partnership_platforms.cpp): GET/POST /api/v1/platforms, GET/PUT
// /api/v1/platforms/{id}, POST /api/v1/platforms/{id}/members, POST /api/v1/platforms/{id}/subgroups, POST
// /api/v1/platforms/{id}/entries. Registered apart from AddApiRoutes.

#include "domain/partnership_platform_service.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddPartnershipRoutes(Router& router, domain::PartnershipService& partnerships);

}  // namespace kasane::http::api
