// SPDX-License-Identifier: Apache-2.0
#include "http/metrics.hpp"

#include <gtest/gtest.h>

namespace kasane::http {
namespace {

bool Contains(const std::string& text, std::string_view line) { return text.find(line) != std::string::npos; }

TEST(Metrics, RendersCountersHistogramAndPool) {
    Metrics metrics;
    metrics.RecordRequest("/api/v1/areas", "GET", 200, std::chrono::microseconds(500));
    metrics.RecordRequest("/api/v1/areas", "GET", 200, std::chrono::milliseconds(30));
    metrics.RecordRequest("/api/v1/areas", "BREW", 405, std::chrono::seconds(10));
    metrics.ConnectionOpened();
    metrics.ConnectionOpened();
    metrics.ConnectionClosed();
    const std::string text = metrics.Render(domain::PoolStats{.size = 4, .in_use = 1, .waits = 7});

    EXPECT_TRUE(
        Contains(text, "kasane_http_requests_total{route=\"/api/v1/areas\",method=\"GET\",status=\"200\"} 2\n"));
    EXPECT_TRUE(
        Contains(text, "kasane_http_requests_total{route=\"/api/v1/areas\",method=\"OTHER\",status=\"405\"} 1\n"));
    EXPECT_TRUE(
        Contains(text, "kasane_http_request_duration_seconds_bucket{route=\"/api/v1/areas\",le=\"0.001\"} 1\n"));
    EXPECT_TRUE(Contains(text, "kasane_http_request_duration_seconds_bucket{route=\"/api/v1/areas\",le=\"0.05\"} 2\n"));
    EXPECT_TRUE(Contains(text, "kasane_http_request_duration_seconds_bucket{route=\"/api/v1/areas\",le=\"5\"} 2\n"));
    EXPECT_TRUE(Contains(text, "kasane_http_request_duration_seconds_bucket{route=\"/api/v1/areas\",le=\"+Inf\"} 3\n"));
    EXPECT_TRUE(Contains(text, "kasane_http_request_duration_seconds_count{route=\"/api/v1/areas\"} 3\n"));
    EXPECT_TRUE(Contains(text, "kasane_http_connections_active 1\n"));
    EXPECT_TRUE(Contains(text, "kasane_db_pool_connections{state=\"open\"} 4\n"));
    EXPECT_TRUE(Contains(text, "kasane_db_pool_connections{state=\"in_use\"} 1\n"));
    EXPECT_TRUE(Contains(text, "kasane_db_pool_waits_total 7\n"));
    EXPECT_FALSE(Contains(Metrics{}.Render(std::nullopt), "kasane_db_pool"));
}

}  // namespace
}  // namespace kasane::http
