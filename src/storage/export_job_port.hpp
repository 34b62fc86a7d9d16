// SPDX-License-Identifier: Apache-2.0
#pragma once

// 出力ファイル's repositories of a tenant store (domain::ExportJobRepositories, domain::BookPagesOf), for the
// composition root: the tenant store of the SQL stores (both backends), of a transaction too. nullptr for any other.

#include <memory>

#include "domain/export_job_repositories.hpp"
#include "domain/repositories.hpp"

namespace kasane::storage {

std::unique_ptr<domain::ExportJobRepository> ExportJobsOf(domain::TenantStore& tenant);
// The 相談受付簿 in keyset pages (domain::BookPagesOf), for the background export.
std::unique_ptr<domain::BookPages> BookPagesOf(domain::TenantStore& tenant);

}  // namespace kasane::storage
