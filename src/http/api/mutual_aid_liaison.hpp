// SPDX-License-Identifier: Apache-2.0
#pragma once

// 支え愛連絡会 (mutual_aid_liaison.cpp): GET/POST /api/v1/mutual-aid-liaisons, GET
// /api/v1/mutual-aid-liaisons/{id}, POST /api/v1/mutual-aid-liaisons/{id}/meetings, GET
// /api/v1/mutual-aid-liaison-meetings/{id}. Registered apart from AddApiRoutes, with its one use case.

#include "domain/mutual_aid_liaison_service.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddMutualAidLiaisonRoutes(Router& router, domain::MutualAidLiaisonService& liaison);

}  // namespace kasane::http::api
