#include "http/metrics.hpp"

#include <cstdio>

namespace kasane::http {

namespace {

std::string_view CanonicalMethod(std::string_view method) {
    for (const std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
        if (method == known) return known;
    }
    return "OTHER";
}

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

void Metrics::RecordRequest(std::string_view route, std::string_view method, int status,
                            std::chrono::nanoseconds duration) {
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
    const double seconds = std::chrono::duration<double>(duration).count();
    std::size_t bucket = 0;
    while (bucket < kDurationBuckets.size() && seconds > kDurationBuckets[bucket]) ++bucket;

    const std::lock_guard lock(stats->mutex);
    ++stats->requests[{std::string(CanonicalMethod(method)), status}];
    if (bucket < kDurationBuckets.size()) ++stats->buckets[bucket];
    ++stats->count;
    stats->sum_seconds += seconds;
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
            const std::lock_guard lock(stats->mutex);
            for (const auto& [key, count] : stats->requests) {
                requests += "kasane_http_requests_total{route=\"" + route_label + "\",method=\"" +
                            EscapeLabel(key.first) + "\",status=\"" + std::to_string(key.second) + "\"} " +
                            std::to_string(count) + "\n";
            }
            std::uint64_t cumulative = 0;
            for (std::size_t i = 0; i < kDurationBuckets.size(); ++i) {
                cumulative += stats->buckets[i];
                durations += "kasane_http_request_duration_seconds_bucket{route=\"" + route_label + "\",le=\"" +
                             FormatDouble(kDurationBuckets[i]) + "\"} " + std::to_string(cumulative) + "\n";
            }
            durations += "kasane_http_request_duration_seconds_bucket{route=\"" + route_label + "\",le=\"+Inf\"} " +
                         std::to_string(stats->count) + "\n";
            durations += "kasane_http_request_duration_seconds_sum{route=\"" + route_label + "\"} " +
                         FormatDouble(stats->sum_seconds) + "\n";
            durations += "kasane_http_request_duration_seconds_count{route=\"" + route_label + "\"} " +
                         std::to_string(stats->count) + "\n";
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
