// SPDX-License-Identifier: Apache-2.0
#pragma once

// Request and connection metrics in the Prometheus text format (version 0.0.4), served at GET /metrics.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "domain/store_health.hpp"

namespace kasane::http {

class Metrics {
public:
    // Upper bounds, in seconds, of the request-duration histogram buckets (+Inf is implied).
    static constexpr std::array<double, 12> kDurationBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                                0.1,   0.25,   0.5,   1.0,  2.5,   5.0};

    Metrics();
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    // Thread-safe and cheap: no lock and no allocation once the route has been seen by this thread (each thread
    // keeps a small cache of route -> counters; a shared lock, or the first time an exclusive one, only on a
    // miss), then relaxed atomic increments. `route` is the matched pattern (bounded set) or "unmatched"; an
    // unknown method is counted as "OTHER" so that clients cannot grow the label space. A status outside
    // 100..999 is counted as 500.
    void RecordRequest(std::string_view route, std::string_view method, int status, std::chrono::nanoseconds duration);
    void ConnectionOpened() { active_connections_.fetch_add(1, std::memory_order_relaxed); }
    void ConnectionClosed() { active_connections_.fetch_sub(1, std::memory_order_relaxed); }
    std::int64_t ActiveConnections() const { return active_connections_.load(std::memory_order_relaxed); }

    // The whole exposition. Pool statistics are included when given.
    std::string Render(const std::optional<domain::PoolStats>& pool) const;

private:
    static constexpr std::array<std::string_view, 8> kMethods = {"GET",   "HEAD",   "POST",    "PUT",
                                                                 "PATCH", "DELETE", "OPTIONS", "OTHER"};
    static constexpr int kLowestStatus = 100;
    static constexpr int kStatusCount = 900;  // 100..999
    using StatusCounters = std::array<std::atomic<std::uint64_t>, kStatusCount>;

    struct RouteStats {
        RouteStats() = default;
        ~RouteStats();
        // Per method, counters by status; allocated the first time the method is seen on the route.
        std::array<std::atomic<StatusCounters*>, kMethods.size()> requests{};
        std::array<std::atomic<std::uint64_t>, kDurationBuckets.size()> buckets{};  // non-cumulative counts
        std::atomic<std::uint64_t> count{0};
        std::atomic<std::uint64_t> sum_nanoseconds{0};
    };

    RouteStats& StatsFor(std::string_view route);

    const std::uint64_t instance_;  // tells this object's entries apart in the per-thread caches
    mutable std::shared_mutex routes_mutex_;
    std::map<std::string, std::unique_ptr<RouteStats>, std::less<>> routes_;
    std::atomic<std::int64_t> active_connections_{0};
};

}  // namespace kasane::http
