// SPDX-License-Identifier: Apache-2.0
#pragma once

// The HTTP/1.1 server: Boost.Beast and Asio C++20 coroutines behind this Beast-free interface.
//
// For every request it assigns a request id, matches the route, authenticates (Access::kSignedIn), checks
// Origin and CSRF on state-changing methods and the JSON media type on the API, calls the handler (which runs
// synchronously on an io thread and may block on the database), renders errors (JSON for kApi, the
// PageErrorRenderer for kPage), adds the security headers and writes one access-log line.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "domain/auth.hpp"
#include "http/connection_limits.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace kasane::http {

class Metrics;

struct ServerOptions {
    std::string address = "127.0.0.1";
    unsigned short port = 8080;  // 0: any free port (see Listen)
    int threads = 2;
    int max_connections = 1024;  // beyond this, a new connection gets 503 and is closed
    // Per client address (the TCP peer): beyond max_per_address a new connection is closed at once (after
    // taking the place of the address's oldest idle one, if any); beyond max_idle_per_address the address's
    // oldest idle keep-alive connections are closed. Trusted proxies are exempt: they carry many clients, and
    // the proxy limits each of them (nginx limit_conn). See ConnectionLimiter.
    ConnectionLimits per_address;
    std::size_t header_limit = 16 * 1024;     // request line and headers; over it: 431
    std::size_t body_limit = 1024 * 1024;     // over it: 413
    std::chrono::seconds read_timeout{15};    // from the first byte of a request to its last
    std::chrono::seconds idle_timeout{60};    // a keep-alive connection waiting for its next request
    std::chrono::seconds shutdown_grace{20};  // requests in flight get this long after Stop()
    // TCP peers (IPv4 or IPv6 addresses, exact) whose X-Forwarded-For and X-Forwarded-Proto are believed. From
    // any other peer those headers are ignored, so that a client cannot forge its address to dodge the
    // per-address limits or the sign-in throttling. Listen fails (kInvalidArgument) on an unparsable entry.
    std::vector<std::string> trusted_proxies;
};

struct AuthHooks {
    // `then` is what the route reads first (Route::follow_up); `read_ahead` may receive a scope that serves it, kept
    // until the response is made (domain/read_ahead.hpp).
    std::function<Result<domain::Principal>(std::string_view session_token, const domain::SessionFollowUp& then,
                                            std::unique_ptr<domain::ReadAheadScope>& read_ahead)>
        authenticate_session;
    std::function<Result<domain::Principal>(std::string_view bearer_token)> authenticate_token;
    // Consulted for every matched route before anyone is authenticated: an answer ends the request there. The
    // set-up gate (app/serve.cpp) answers that set-up is pending, so that a signed-in route says so too, not 401.
    std::function<std::optional<Response>(Request& request, const Route& route)> before_sign_in;
};

// Renders an error of a kPage route (a Japanese HTML page). Not called for kUnauthenticated on pages, which
// redirect to /signin instead. When empty, a minimal HTML page is used.
using PageErrorRenderer = std::function<Response(const Request&, const Error&)>;

class Server {
public:
    // `router` and `metrics` (may be null) must outlive the server.
    Server(ServerOptions options, const Router& router, AuthHooks hooks, PageErrorRenderer page_errors,
           Metrics* metrics = nullptr);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and listens. Returns the bound port (the real one when options.port is 0). kUnavailable when the
    // address is invalid or cannot be bound. Call once, before Run.
    Result<unsigned short> Listen();

    // Serves on options.threads threads (the caller's among them) until Stop() or SIGTERM/SIGINT, then shuts
    // down gracefully: stops accepting, closes idle keep-alive connections, lets requests in flight finish and
    // their responses be written (connections still busy after shutdown_grace are closed), and returns.
    void Run();

    // Thread-safe; may be called before Run (Run then returns at once) or from a handler.
    void Stop();

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kasane::http
