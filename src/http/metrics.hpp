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

#include "domain/repositories.hpp"

namespace kasane::http {

class Metrics {
public:
    // Upper bounds, in seconds, of the request-duration histogram buckets (+Inf is implied).
    static constexpr std::array<double, 12> kDurationBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                                0.1,   0.25,   0.5,   1.0,  2.5,   5.0};

    Metrics() = default;
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    // Thread-safe and cheap: a shared lock to find the route's counters (an exclusive one only the first
    // time a route is seen), then a short per-route mutex. `route` is the matched pattern (bounded set) or
    // "unmatched"; an unknown method is counted as "OTHER" so that clients cannot grow the label space.
    void RecordRequest(std::string_view route, std::string_view method, int status, std::chrono::nanoseconds duration);
    void ConnectionOpened() { active_connections_.fetch_add(1, std::memory_order_relaxed); }
    void ConnectionClosed() { active_connections_.fetch_sub(1, std::memory_order_relaxed); }
    std::int64_t ActiveConnections() const { return active_connections_.load(std::memory_order_relaxed); }

    // The whole exposition. Pool statistics are included when given.
    std::string Render(const std::optional<domain::PoolStats>& pool) const;

private:
    struct RouteStats {
        mutable std::mutex mutex;
        std::map<std::pair<std::string, int>, std::uint64_t> requests;  // (method, status) -> count
        std::array<std::uint64_t, kDurationBuckets.size()> buckets{};  // non-cumulative counts
        std::uint64_t count = 0;
        double sum_seconds = 0;
    };

    mutable std::shared_mutex routes_mutex_;
    std::map<std::string, std::unique_ptr<RouteStats>, std::less<>> routes_;
    std::atomic<std::int64_t> active_connections_{0};
};

}  // namespace kasane::http
