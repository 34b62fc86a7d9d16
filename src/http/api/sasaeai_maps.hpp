// SPDX-License-Identifier: Apache-2.0
#pragma once

// 支え愛マップ (sasaeai_maps.cpp): GET /api/v1/sasaeai-maps, PUT /api/v1/sasaeai-maps/{area_id}.

#include "domain/sasaeai_map_service.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddSasaeaiMapRoutes(Router& router, domain::SasaeaiMapService& maps);

}  // namespace kasane::http::api
