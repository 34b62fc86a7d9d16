// SPDX-License-Identifier: Apache-2.0
#pragma once

// The operator of many towns (operator.cpp; domain/operator_console.hpp): GET /api/v1/operator/municipalities (every
// town with its health: counts, last backup, versions) and POST /api/v1/operator/municipalities (a town with its
// first administrator). Registered apart from AddApiRoutes, with its one use case.

#include "domain/operator_console.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddOperatorRoutes(Router& router, domain::OperatorConsole& console);

}  // namespace kasane::http::api
