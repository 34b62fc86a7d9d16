// SPDX-License-Identifier: Apache-2.0
#pragma once

// JSON of moving in (domain/import_service.hpp): an uploaded file with its tables and guessed mappings, the dry
// run's plan (every problem with its row, 相談No, column and reason; likely duplicates; counts) and the result of a
// confirmed import; and the request of a dry run or confirmation. Shared by the API (imports.cpp) and the pages.

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "domain/import_service.hpp"

namespace kasane::http::api {

nlohmann::json ToJson(const domain::UploadedFile& file);
nlohmann::json ToJson(const domain::ImportPlan& plan);
nlohmann::json ToJson(const domain::ImportResult& result);
nlohmann::json ToJson(const domain::ImportIssue& issue);
nlohmann::json ToJson(const domain::LikelyDuplicate& duplicate);

// {"source_key", "consultations": {"upload_id", "table", "mapping": [field codes]}, "contacts": {…} (optional),
// "excluded_lines": [lines] (confirm)}. kInvalidArgument naming the member otherwise.
Result<domain::ImportRequest> ImportRequestFromJson(const nlohmann::json& body);

namespace schema {
nlohmann::json ImportUpload();
nlohmann::json ImportRequest();
nlohmann::json ImportPlan();
nlohmann::json ImportResult();
}  // namespace schema

}  // namespace kasane::http::api
