// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to http/: turns a request parsed by Beast into the server's own Request. Only server.cpp and the
// request fuzzer include this header (it pulls in Beast); other layers see http/message.hpp alone.

#include <utility>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

#include "base/result.hpp"
#include "http/message.hpp"

namespace kasane::http {

struct ConnectionFacts {
    std::string peer_address;  // the TCP peer
    bool tls = false;          // the connection itself is TLS
    bool trust_proxy = false;  // believe X-Forwarded-For / X-Forwarded-Proto
};

// kInvalidArgument (400) when the target is not an origin-form path ("/..."), or the path does not
// percent-decode to valid UTF-8. The body is moved out of `message`. request_id is the client's X-Request-Id
// when it matches [A-Za-z0-9._-]{1,64}, else a fresh random one.
Result<Request> ConvertRequest(boost::beast::http::request<boost::beast::http::string_body>&& message,
                               const ConnectionFacts& facts);

// True when `id` may be echoed as a request id: [A-Za-z0-9._-]{1,64}.
bool IsAcceptableRequestId(std::string_view id);

// A new random request id (22 characters of base64url).
std::string NewRequestId();

}  // namespace kasane::http
