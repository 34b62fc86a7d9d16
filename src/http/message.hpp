// SPDX-License-Identifier: Apache-2.0
#pragma once

// The server's own request and response types. They carry no Boost types, so that handlers and pages
// compile without Beast (which is slow to compile and stays inside http/server.cpp).

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "base/error.hpp"
#include "domain/auth.hpp"

namespace kasane::http {

struct Header {
    std::string name;
    std::string value;
};

struct Request {
    std::string method;  // "GET", "POST", ...
    std::string target;  // as received: path and query
    std::string path;    // percent-decoded path, without the query
    std::string query;   // raw query string, without '?'
    std::vector<Header> headers;
    std::string body;
    std::string remote_address;  // the client, or X-Forwarded-For's first hop when the proxy is trusted
    std::string request_id;
    bool secure = false;  // arrived over TLS (directly or, with a trusted proxy, X-Forwarded-Proto: https)
    std::map<std::string, std::string, std::less<>> path_params;  // from "{name}" segments of the route

    // Set by authentication for routes that need a signed-in user.
    std::optional<domain::Principal> principal;
    std::string session_token;  // the raw cookie value when authenticated by session

    // Case-insensitive; "" when absent.
    std::string_view HeaderValue(std::string_view name) const;
    // Percent-decoded query parameter ('+' is a space); nullopt when absent.
    std::optional<std::string> QueryParam(std::string_view name) const;
    // A path parameter of the matched route; "" when absent.
    std::string_view PathParam(std::string_view name) const;
    std::optional<std::string> Cookie(std::string_view name) const;
    // Fields of an application/x-www-form-urlencoded body (percent-decoded).
    std::map<std::string, std::string, std::less<>> FormFields() const;
    bool IsApi() const { return path.starts_with("/api/"); }
};

struct Response {
    int status = 200;
    std::vector<Header> headers;
    std::string body;
    // A file on disk sent as the body instead of `body`, streamed by the server in 64 KiB chunks (server.cpp).
    std::optional<std::filesystem::path> file;

    static Response Json(int status, const nlohmann::json& body);
    static Response Html(int status, std::string body);
    static Response Text(int status, std::string body, std::string_view content_type);
    // {"error":{"code":...,"message":...,"field":...}} with the status from the ErrorCode table.
    static Response ErrorJson(const Error& error);
    // 303 See Other.
    static Response Redirect(std::string_view location);

    // Replaces a header of the same name (case-insensitive), or adds it.
    void SetHeader(std::string_view name, std::string_view value);
    // Adds a header even if one of the same name exists (Set-Cookie).
    void AddHeader(std::string_view name, std::string_view value);
    std::string_view HeaderValue(std::string_view name) const;
};

// The one ErrorCode-to-HTTP-status table (error_status.cpp).
int HttpStatusFor(ErrorCode code);

// What a '+' means: a space in a query string or form body (application/x-www-form-urlencoded), itself in a path.
enum class PlusSign { kLiteral, kSpace };

// Percent-decoding; nullopt for malformed escapes or when the result is not valid UTF-8.
std::optional<std::string> PercentDecode(std::string_view text, PlusSign plus);
std::string PercentEncode(std::string_view text);

}  // namespace kasane::http
