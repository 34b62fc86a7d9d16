// SPDX-License-Identifier: Apache-2.0
#pragma once

// The use cases of 出力ファイル (export_job.hpp): the request, the caller's jobs, the download, and the runner's part
// (app/export_runner.hpp). Implemented in export_job.cpp.

#include <filesystem>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/consultation_book_file.hpp"
#include "domain/export_job.hpp"
#include "domain/export_job_repositories.hpp"

namespace kasane::domain {

struct Actor;
class Store;

// What the download sends: the finished file, by path, with the name and type the browser is given.
struct ExportDownload {
    std::filesystem::path path;
    std::string file_name;
    std::string content_type;
    long long rows = 0;
};

class ExportJobService {
public:
    ExportJobService(Store& store, ExportJobRepositories repositories, BookPagesOf book_pages, const Clock& clock,
                     std::filesystem::path directory, ExportLimits limits = {});

    // A new job of the caller's, queued: the book's rule and the export right (ConsultationService::ExportBook's),
    // the request audited. kTooManyRequests when the caller already has limits.active_per_user jobs queued or
    // running.
    Result<ExportJob> Request(const Actor& actor, const BookFilter& filter, ExportFormat format);
    Result<std::vector<ExportJob>> Jobs(const Actor& actor);  // the caller's, newest first
    Result<ExportJob> Job(const Actor& actor, ExportJobId id);
    // A finished job's file, for its requester only, after the book's rule and the export right once more;
    // audited as an export with its row count before the file leaves. kConflict while it is not done; kNotFound,
    // saying so, once its file was deleted after the days it is kept (kExpired).
    Result<ExportDownload> Download(const Actor& actor, ExportJobId id);

    // The runner's part. Jobs left running by a process that ended become failed (kExportAbandoned); returns
    // how many.
    Result<int> RecoverAbandoned();
    // Runs the oldest queued job of any municipality to its end (done or failed); false when none was queued.
    Result<bool> RunNext();
    // Deletes the file of every done job past limits.keep_days (by the injected clock) and marks the job
    // kExpired; returns how many.
    Result<int> ExpireFiles();

    const std::filesystem::path& Directory() const { return directory_; }
    const ExportLimits& Limits() const { return limits_; }

private:
    Status Run(MunicipalityId tenant, ExportJob job);
    Status WriteFile(MunicipalityId tenant, ExportJob& job, const BookFilter& filter, ExportJobRepository& jobs);

    Store& store_;
    ExportJobRepositories repositories_;
    const Clock& clock_;
    BookPagesOf book_pages_;
    std::filesystem::path directory_;
    ExportLimits limits_;
};

}  // namespace kasane::domain
