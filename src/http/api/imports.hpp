// SPDX-License-Identifier: Apache-2.0
#pragma once

// Moving in (imports.cpp): POST /api/v1/imports/uploads, GET /api/v1/imports/uploads/{id},
// POST /api/v1/imports/dry-run, POST /api/v1/imports. Registered apart from AddApiRoutes, with its one use case.

#include "domain/import_service.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddImportRoutes(Router& router, domain::ImportService& imports);

}  // namespace kasane::http::api
