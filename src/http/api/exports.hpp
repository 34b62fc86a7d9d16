// SPDX-License-Identifier: Apache-2.0
#pragma once

// 出力ファイル, the background exports (exports.cpp): POST /api/v1/exports (the 相談受付簿 of a filter, queued; 202),
// GET /api/v1/exports (the caller's jobs), GET /api/v1/exports/{id}, GET /api/v1/exports/{id}/file (the finished
// file, sent from disk). Another user's job is 404. Registered apart from AddApiRoutes.

#include <functional>

#include "base/time.hpp"
#include "domain/export_job_service.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

// `queued` is called after a job is queued (the runner wakes).
void AddExportRoutes(Router& router, domain::ExportJobService& exports, const Clock& clock,
                     std::function<void()> queued);

}  // namespace kasane::http::api
