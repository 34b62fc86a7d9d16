// SPDX-License-Identifier: Apache-2.0
#pragma once

// Group commit for audit entries of reads and searches: callers enqueue without waiting, one thread appends
// everything queued in one transaction per batch. Changes of personal data do not come through here: their
// entries are appended in the same transaction as the change, so a change and its entry commit together.
//
// The trade-off, stated plainly: an entry of a read is durable a few milliseconds after the response (the flush
// interval), not before it. A crash in that window can lose the entries of the last reads; a clean stop (SIGTERM)
// flushes everything. Waiting for the commit on every read would put an fsync on every read's path.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>

#include "base/result.hpp"
#include "domain/audit.hpp"
#include "domain/repositories.hpp"

namespace kasane::domain {

class AuditRecorder {
public:
    struct Options {
        std::chrono::milliseconds flush_interval{5};
        std::size_t max_batch = 2000;
    };
    struct Stats {
        std::uint64_t recorded = 0;
        std::uint64_t committed = 0;
        std::uint64_t batches = 0;
        std::uint64_t failures = 0;  // failed batch commits (retried, never dropped)
    };

    AuditRecorder(Store& store, Options options);
    // Flushes what is queued, then stops the thread.
    ~AuditRecorder();
    AuditRecorder(const AuditRecorder&) = delete;
    AuditRecorder& operator=(const AuditRecorder&) = delete;

    // Queues an entry; never blocks on the database. Thread-safe.
    void Record(AuditEntry entry);
    // Waits until every entry recorded before the call is committed, or `timeout` passes (kUnavailable).
    Status Flush(std::chrono::milliseconds timeout = std::chrono::seconds{10});
    Stats Statistics() const;

private:
    void Run();
    Status Commit(std::deque<AuditEntry>& batch);

    Store& store_;
    Options options_;
    mutable std::mutex mutex_;
    std::condition_variable work_ready_;
    std::condition_variable committed_;
    std::deque<AuditEntry> queue_;
    std::uint64_t recorded_ = 0;
    std::uint64_t committed_count_ = 0;
    std::uint64_t batches_ = 0;
    std::uint64_t failures_ = 0;
    bool stopping_ = false;
    std::thread worker_;
};

}  // namespace kasane::domain
