// SPDX-License-Identifier: Apache-2.0
#include "http/metrics.hpp"

#include <cstdio>
#include <unordered_map>

namespace kasane::http {

namespace {

std::size_t MethodIndex(std::string_view method, std::size_t other) {
    static constexpr std::array<std::string_view, 7> kKnown = {"GET",   "HEAD",   "POST",   "PUT",
                                                               "PATCH", "DELETE", "OPTIONS"};
    for (std::size_t i = 0; i < kKnown.size(); ++i) {
        if (method == kKnown[i]) return i;
    }
    return other;
}

std::atomic<std::uint64_t> next_instance{1};

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

// Label values are route patterns and method names, but escape anyway: the format requires it for '\\', '"'
// and newlines.
std::string EscapeLabel(std::string_view value) {
    std::string escaped;
    for (const char c : value) {
        if (c == '\\' || c == '"') {
            escaped.push_back('\\');
            escaped.push_back(c);
        } else if (c == '\n') {
            escaped += "\\n";
        } else {
            escaped.push_back(c);
        }
    }
    return escaped;
}

std::string FormatDouble(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.9g", value);
    return buffer;
}

}  // namespace

Metrics::Metrics() : instance_(next_instance.fetch_add(1, std::memory_order_relaxed)) {}

Metrics::RouteStats::~RouteStats() {
    for (auto& counters : requests) delete counters.load();
}

Metrics::RouteStats& Metrics::StatsFor(std::string_view route) {
    // RouteStats live as long as their Metrics and are never moved, so a cached pointer stays valid; the cache is
    // dropped when this thread records for another Metrics object (tests make several).
    struct Cache {
        std::uint64_t instance = 0;
        std::unordered_map<std::string, RouteStats*, StringHash, std::equal_to<>> routes;
    };
    thread_local Cache cache;
    if (cache.instance != instance_) {
        cache.routes.clear();
        cache.instance = instance_;
    }
    if (const auto cached = cache.routes.find(route); cached != cache.routes.end()) return *cached->second;

    RouteStats* stats = nullptr;
    {
        const std::shared_lock lock(routes_mutex_);
        const auto it = routes_.find(route);
        if (it != routes_.end()) stats = it->second.get();
    }
    if (!stats) {
        const std::unique_lock lock(routes_mutex_);
        auto& slot = routes_[std::string(route)];
        if (!slot) slot = std::make_unique<RouteStats>();
        stats = slot.get();
    }
    cache.routes.emplace(std::string(route), stats);
    return *stats;
}

void Metrics::RecordRequest(std::string_view route, std::string_view method, int status,
                            std::chrono::nanoseconds duration) {
    RouteStats& stats = StatsFor(route);
    const std::size_t method_index = MethodIndex(method, kMethods.size() - 1);
    StatusCounters* counters = stats.requests[method_index].load(std::memory_order_acquire);
    if (counters == nullptr) {
        auto fresh = std::make_unique<StatusCounters>();  // value-initialised: zeros
        if (stats.requests[method_index].compare_exchange_strong(counters, fresh.get(), std::memory_order_acq_rel)) {
            counters = fresh.release();
        }  // else another thread won; `counters` now holds its array
    }
    if (status < kLowestStatus || status >= kLowestStatus + kStatusCount) status = 500;
    (*counters)[static_cast<std::size_t>(status - kLowestStatus)].fetch_add(1, std::memory_order_relaxed);

    const double seconds = std::chrono::duration<double>(duration).count();
    std::size_t bucket = 0;
    while (bucket < kDurationBuckets.size() && seconds > kDurationBuckets[bucket]) ++bucket;
    if (bucket < kDurationBuckets.size()) stats.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
    stats.sum_nanoseconds.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(duration.count(), 0)),
                                    std::memory_order_relaxed);
    stats.count.fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::Render(const std::optional<domain::PoolStats>& pool) const {
    std::string requests =
        "# HELP kasane_http_requests_total HTTP requests answered, by route pattern, method and status.\n"
        "# TYPE kasane_http_requests_total counter\n";
    std::string durations =
        "# HELP kasane_http_request_duration_seconds Time from a parsed request to its response, by route.\n"
        "# TYPE kasane_http_request_duration_seconds histogram\n";
    {
        const std::shared_lock routes_lock(routes_mutex_);
        for (const auto& [route, stats] : routes_) {
            const std::string route_label = EscapeLabel(route);
            // Relaxed reads: a scrape racing with requests may see a request in one series and not yet in
            // another, which Prometheus tolerates; every counter itself only grows.
            for (std::size_t method = 0; method < kMethods.size(); ++method) {
                const StatusCounters* counters = stats->requests[method].load(std::memory_order_acquire);
                if (counters == nullptr) continue;
                for (int index = 0; index < kStatusCount; ++index) {
                    const std::uint64_t count =
                        (*counters)[static_cast<std::size_t>(index)].load(std::memory_order_relaxed);
                    if (count == 0) continue;
                    requests += "kasane_http_requests_total{route=\"" + route_label + "\",method=\"" +
                                EscapeLabel(kMethods[method]) + "\",status=\"" + std::to_string(index + kLowestStatus) +
                                "\"} " + std::to_string(count) + "\n";
                }
            }
            std::uint64_t cumulative = 0;
            for (std::size_t i = 0; i < kDurationBuckets.size(); ++i) {
                cumulative += stats->buckets[i].load(std::memory_order_relaxed);
                durations += "kasane_http_request_duration_seconds_bucket{route=\"" + route_label + "\",le=\"" +
                             FormatDouble(kDurationBuckets[i]) + "\"} " + std::to_string(cumulative) + "\n";
            }
            durations += "kasane_http_request_duration_seconds_bucket{route=\"" + route_label + "\",le=\"+Inf\"} " +
                         std::to_string(stats->count.load(std::memory_order_relaxed)) + "\n";
            const double sum_seconds =
                static_cast<double>(stats->sum_nanoseconds.load(std::memory_order_relaxed)) / 1e9;
            durations += "kasane_http_request_duration_seconds_sum{route=\"" + route_label + "\"} " +
                         FormatDouble(sum_seconds) + "\n";
            durations += "kasane_http_request_duration_seconds_count{route=\"" + route_label + "\"} " +
                         std::to_string(stats->count.load(std::memory_order_relaxed)) + "\n";
        }
    }
    std::string text = requests + durations;
    text +=
        "# HELP kasane_http_connections_active Open client connections.\n"
        "# TYPE kasane_http_connections_active gauge\n"
        "kasane_http_connections_active " +
        std::to_string(ActiveConnections()) + "\n";
    if (pool) {
        text +=
            "# HELP kasane_db_pool_connections Database connections of the pool, by state.\n"
            "# TYPE kasane_db_pool_connections gauge\n"
            "kasane_db_pool_connections{state=\"open\"} " +
            std::to_string(pool->size) + "\nkasane_db_pool_connections{state=\"in_use\"} " +
            std::to_string(pool->in_use) +
            "\n"
            "# HELP kasane_db_pool_waits_total Times a caller had to wait for a database connection.\n"
            "# TYPE kasane_db_pool_waits_total counter\n"
            "kasane_db_pool_waits_total " +
            std::to_string(pool->waits) + "\n";
    }
    return text;
}

}  // namespace kasane::http
