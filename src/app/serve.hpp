// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "base/result.hpp"

namespace kasane::app {

struct ServeConfig {
    std::string listen_address = "127.0.0.1";
    unsigned short port = 8080;
    int threads = 2;
    int max_connections = 1024;
    std::size_t body_limit = 1024 * 1024;
    int max_connections_per_address = 64;  // concurrent connections of one client address
    int max_idle_per_address = 16;         // idle keep-alive connections of one client address
    // Peers whose X-Forwarded-For / X-Forwarded-Proto are believed (exact IPv4 or IPv6 addresses).
    std::vector<std::string> trusted_proxies;
    bool load_demo = false;    // load the demo town when the database holds no municipality yet
    bool living_demo = false;  // with load_demo: the living demo (demo_living_town.hpp), as `make run` serves it
};

// Serves HTTP until SIGTERM or SIGINT, then stops gracefully. Prints "listening on http://HOST:PORT" on stdout
// once connections are accepted (tests and scripts wait for that line).
Status Serve(Services& services, const ServeConfig& config);

}  // namespace kasane::app
