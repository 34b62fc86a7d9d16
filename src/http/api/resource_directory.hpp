// SPDX-License-Identifier: Apache-2.0
#pragma once

// The resource directory (resource_directory.cpp): GET/POST /api/v1/resources, GET/PUT /api/v1/resources/{id},
// GET /api/v1/resources/{id}/hsds, GET /api/v1/resources/export, POST /api/v1/resources/import,
// POST /api/v1/resource-organizations, PUT /api/v1/resource-organizations/{id}. Registered apart from AddApiRoutes.

#include "domain/resource_directory_service.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddResourceDirectoryRoutes(Router& router, domain::ResourceDirectoryService& directory);

}  // namespace kasane::http::api
