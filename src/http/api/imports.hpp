// SPDX-License-Identifier: Apache-2.0
#pragma once

// Moving in (imports.cpp): POST /api/v1/imports/uploads, GET /api/v1/imports/uploads/{id},
// POST /api/v1/imports/dry-run, POST /api/v1/imports. Registered apart from AddApiRoutes, with its one use case.

#include "domain/import_service.hpp"
#include "http/api/common.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddImportRoutes(Router& router, domain::ImportService& imports);

// The bytes of a file sent as base64 text (content_base64); kInvalidArgument, field "content_base64", otherwise.
// Also the area lists' upload (master_data.cpp).
Result<std::string> DecodeBase64(const Json& value);

// The body of a list's upload (areas, organisations, a survey's households): {file_name, content_base64}.
struct ListFile {
    std::string file_name;  // empty when none was sent
    std::string bytes;
};
Result<ListFile> ListFileOf(Request& request);
// Its schema, for the OpenAPI document.
Json ListUploadInput();

}  // namespace kasane::http::api
