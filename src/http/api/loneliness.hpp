// SPDX-License-Identifier: Apache-2.0
#pragma once

// 孤独感の測定 (loneliness.cpp): POST/GET /api/v1/consultations/{id}/loneliness (a measure recorded on a consultation,
// and its history with the person's change) and GET /api/v1/reports/loneliness (the outcome report of a 年度).

#include "domain/loneliness_service.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddLonelinessRoutes(Router& router, domain::LonelinessService& loneliness);

}  // namespace kasane::http::api
