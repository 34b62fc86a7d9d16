// SPDX-License-Identifier: Apache-2.0
#pragma once

// The port of 出力ファイル (export_job.hpp). Same conventions as repositories.hpp: every method acts within the
// TenantStore's municipality.

#include <functional>
#include <memory>
#include <vector>

#include "base/result.hpp"
#include "domain/export_job.hpp"

namespace kasane::domain {

class TenantStore;

class ExportJobRepository {
public:
    virtual ~ExportJobRepository() = default;
    virtual Result<ExportJob> Add(const ExportJob& job) = 0;  // id ignored
    virtual Result<ExportJob> Get(ExportJobId id) = 0;
    virtual Result<std::vector<ExportJob>> OfUser(UserId user) = 0;                 // newest first
    virtual Result<std::vector<ExportJob>> WithStatus(ExportJobStatus status) = 0;  // oldest first
    // Stores status, rows_done, rows_total, file_name, error, finished_at and substituted. kNotFound when absent.
    virtual Status Update(const ExportJob& job) = 0;
};
using ExportJobRepositories = std::function<std::unique_ptr<ExportJobRepository>(TenantStore&)>;

}  // namespace kasane::domain
