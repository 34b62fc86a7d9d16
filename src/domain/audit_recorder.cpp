// SPDX-License-Identifier: Apache-2.0
#include "domain/audit_recorder.hpp"

#include <map>
#include <nlohmann/json.hpp>

#include "base/log.hpp"

namespace kasane::domain {

AuditRecorder::AuditRecorder(Store& store, Options options)
    : store_(store), options_(options), worker_([this] { Run(); }) {}

AuditRecorder::~AuditRecorder() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    work_ready_.notify_all();
    worker_.join();
}

void AuditRecorder::Record(AuditEntry entry) {
    bool wake = false;
    {
        const std::lock_guard lock(mutex_);
        queue_.push_back(std::move(entry));
        ++recorded_;
        // The writer waits for the first entry of a batch, then for a full batch or the end of the flush interval
        // (Run): only those two wake it. Waking it for every entry cost each read a futex wake and a context switch
        // of the writer, which re-checked its condition and slept again (docs/performance.md, issue 18 item 4).
        wake = queue_.size() == 1 || queue_.size() >= options_.max_batch;
    }
    if (wake) work_ready_.notify_one();
}

Status AuditRecorder::Flush(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    const std::uint64_t target = recorded_;
    work_ready_.notify_one();
    if (!committed_.wait_for(lock, timeout, [&] { return committed_count_ >= target; })) {
        return Fail(Error::Unavailable("監査記録の書き込みが完了しません"));
    }
    return {};
}

AuditRecorder::Stats AuditRecorder::Statistics() const {
    const std::lock_guard lock(mutex_);
    return Stats{.recorded = recorded_, .committed = committed_count_, .batches = batches_, .failures = failures_};
}

Status AuditRecorder::Commit(std::deque<AuditEntry>& batch) {
    std::map<MunicipalityId, std::vector<AuditEntry>> by_municipality;
    for (AuditEntry& entry : batch) by_municipality[entry.municipality_id].push_back(entry);
    // One town's batch (the usual case) is one Append, which is atomic on its own: wrapping it in a transaction as
    // well only added a savepoint and its release, two more round trips to PostgreSQL per batch. Several towns'
    // entries commit together, so that a failed batch, put back and retried, never writes one town's entries twice.
    if (by_municipality.size() == 1) {
        auto& [municipality_id, entries] = *by_municipality.begin();
        return store_.Tenant(municipality_id)->Audit().Append(entries);
    }
    return store_.Transaction([&](Store& transaction) -> Status {
        for (auto& [municipality_id, entries] : by_municipality) {
            if (auto appended = transaction.Tenant(municipality_id)->Audit().Append(entries); !appended) {
                return appended;
            }
        }
        return {};
    });
}

void AuditRecorder::Run() {
    std::unique_lock lock(mutex_);
    while (true) {
        work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty() && stopping_) return;
        // Let a few more entries arrive, so that one commit (one fsync) carries many.
        if (!stopping_ && queue_.size() < options_.max_batch) {
            work_ready_.wait_for(lock, options_.flush_interval,
                                 [&] { return stopping_ || queue_.size() >= options_.max_batch; });
        }
        std::deque<AuditEntry> batch;
        const std::size_t take = std::min(queue_.size(), options_.max_batch);
        batch.insert(batch.end(), std::make_move_iterator(queue_.begin()),
                     std::make_move_iterator(queue_.begin() + static_cast<long>(take)));
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<long>(take));
        lock.unlock();
        const Status committed = Commit(batch);
        lock.lock();
        if (committed) {
            committed_count_ += batch.size();
            ++batches_;
            committed_.notify_all();
            continue;
        }
        // Never drop an entry: put the batch back in front and try again shortly.
        ++failures_;
        Log(LogLevel::kError, "audit batch not committed; will retry",
            {{"error", committed.error().message}, {"entries", batch.size()}});
        queue_.insert(queue_.begin(), std::make_move_iterator(batch.begin()), std::make_move_iterator(batch.end()));
        if (stopping_ && failures_ > 100) {
            Log(LogLevel::kError, "audit recorder stopping with uncommitted entries", {{"entries", queue_.size()}});
            return;
        }
        work_ready_.wait_for(lock, std::chrono::milliseconds{200}, [&] { return false; });
    }
}

}  // namespace kasane::domain
