// SPDX-License-Identifier: Apache-2.0
#pragma once

// 人材育成 (training.cpp): GET /api/v1/training, GET /api/v1/training/totals, POST /api/v1/training/courses, GET
// /api/v1/training/courses/{id}, POST /api/v1/training/courses/{id}/sessions, POST
// /api/v1/training/courses/{id}/attendees, PUT /api/v1/training/attendees/{id}/completion. Registered apart from
// AddApiRoutes.

#include "base/time.hpp"
#include "domain/training_service.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddTrainingRoutes(Router& router, domain::TrainingService& training);

}  // namespace kasane::http::api
