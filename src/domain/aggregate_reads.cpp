// SPDX-License-Identifier: Apache-2.0
#include "domain/aggregate_reads.hpp"

#include "base/log.hpp"

namespace kasane::domain {

bool AggregateReads::Standby::Due() const {
    const auto at = retry_at.load(std::memory_order_relaxed);
    return at == 0 || std::chrono::steady_clock::now().time_since_epoch().count() >= at;
}

void AggregateReads::Standby::Unreachable(const Error& error) {
    // A steady clock, not the injected Clock: this is a pause between connection attempts, not a time of the domain.
    const auto retry = std::chrono::steady_clock::now() + kStandbyRetryAfter;
    retry_at.store(retry.time_since_epoch().count(), std::memory_order_relaxed);
    Log(LogLevel::kWarning, "standby unavailable: counting on the primary",
        {{"error", error.message}, {"retry_after_seconds", kStandbyRetryAfter.count()}});
}

}  // namespace kasane::domain
