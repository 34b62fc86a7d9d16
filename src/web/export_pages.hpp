// SPDX-License-Identifier: Apache-2.0
#pragma once

// 出力ファイル's pages (export_pages.cpp): GET /exports, the caller's background exports with their progress and
// download links (refreshing itself while one runs); POST /exports, a new export of the 相談受付簿 from its page's
// button 「大量出力（バックグラウンド）」 with the book's filter.

#include <functional>

#include "base/time.hpp"
#include "domain/export_job_service.hpp"
#include "http/router.hpp"

namespace kasane::web {

// `queued` is called after a job is queued (the runner wakes).
void AddExportPages(http::Router& router, domain::ExportJobService& exports, const Clock& clock,
                    std::function<void()> queued);

}  // namespace kasane::web
