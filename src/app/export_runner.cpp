// SPDX-License-Identifier: Apache-2.0
// The background worker of the exports (export_runner.hpp).

#include "app/export_runner.hpp"

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>

#include "base/log.hpp"

namespace kasane::app {

ExportRunner::ExportRunner(domain::ExportJobService& exports) : exports_(exports) {
    auto recovered = exports_.RecoverAbandoned();
    if (!recovered) {
        Log(LogLevel::kError, "abandoned exports not recovered", {{"error", recovered.error().message}});
    } else if (*recovered > 0) {
        Log(LogLevel::kInfo, "abandoned exports marked failed", {{"count", *recovered}});
    }
    thread_ = std::thread([this] { Loop(); });
}

ExportRunner::~ExportRunner() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void ExportRunner::Wake() {
    {
        const std::lock_guard lock(mutex_);
        woken_ = true;
    }
    wake_.notify_all();
}

void ExportRunner::Loop() {
    // The retention sweep (ExpireFiles, which reads the injected clock) at start and then once a minute: a file
    // past its days goes within a minute of them.
    std::optional<std::chrono::steady_clock::time_point> swept;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_ || woken_; });
            if (stopping_) return;
            woken_ = false;
        }
        if (const auto now = std::chrono::steady_clock::now(); !swept || now - *swept >= std::chrono::minutes(1)) {
            swept = now;
            auto expired = exports_.ExpireFiles();
            if (!expired) {
                Log(LogLevel::kError, "expired exports not swept", {{"error", expired.error().message}});
            } else if (*expired > 0) {
                Log(LogLevel::kInfo, "expired export files deleted", {{"count", *expired}});
            }
        }
        // Every queued job, one after another, before waiting again.
        for (;;) {
            auto ran = exports_.RunNext();
            if (!ran) {
                Log(LogLevel::kError, "export job not run", {{"error", ran.error().message}});
                break;
            }
            if (!*ran) break;
            const std::lock_guard lock(mutex_);
            if (stopping_) return;
        }
    }
}

}  // namespace kasane::app
