// SPDX-License-Identifier: Apache-2.0
#pragma once

// The one background worker of the server that runs the queued exports (domain/export_job.hpp), oldest first, one
// at a time. At start-up, jobs left running by a process that ended become failed (ExportJobService::
// RecoverAbandoned). It looks for queued jobs every second, or at once when Wake() is called; once a minute it
// deletes the files past the days they are kept (ExportJobService::ExpireFiles).

#include <condition_variable>
#include <mutex>
#include <thread>

#include "domain/export_job_service.hpp"

namespace kasane::app {

class ExportRunner {
public:
    explicit ExportRunner(domain::ExportJobService& exports);
    ~ExportRunner();  // stops after the job under way
    ExportRunner(const ExportRunner&) = delete;
    ExportRunner& operator=(const ExportRunner&) = delete;

    void Wake();

private:
    void Loop();

    domain::ExportJobService& exports_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool woken_ = false;
    std::thread thread_;
};

}  // namespace kasane::app
