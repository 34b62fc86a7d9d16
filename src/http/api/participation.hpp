// SPDX-License-Identifier: Apache-2.0
#pragma once

// 参加支援 matching (participation.cpp): GET /api/v1/persons/{id}/participation, PUT …/participation/wishes,
// POST /api/v1/persons/{id}/participation-matches, GET /api/v1/participation-matches (the coordinator's list),
// GET …/counts, GET /api/v1/participation-matches/{id}, POST …/{id}/steps, POST …/{id}/host-support,
// GET …/{id}/host-sheet. Registered apart from AddApiRoutes.

#include "domain/participation_match_service.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddParticipationRoutes(Router& router, domain::ParticipationMatchService& participation);

}  // namespace kasane::http::api
