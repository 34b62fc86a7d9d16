// SPDX-License-Identifier: Apache-2.0
#pragma once

// Routes are data: method, pattern, who may call it, the handler, and its documentation. The OpenAPI document
// at /api/v1/openapi.json is generated from the same table, so it cannot drift from what is served.

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "domain/read_ahead.hpp"
#include "http/message.hpp"

namespace kasane::http {

enum class Access {
    kPublic,    // no sign-in needed
    kSignedIn,  // a session cookie or a bearer API token
};

// How errors of this route are shown: JSON for the API, a Japanese HTML page (or a redirect to sign-in)
// for pages.
enum class Surface { kApi, kPage };

// A second success answer of a route, besides success_status (POST /api/v1/sessions answers 202 when a second
// factor is due).
struct OtherResponseDoc {
    int status = 200;
    std::string description;
    nlohmann::json body;  // JSON Schema of the body, or null
};

struct RouteDoc {
    std::string summary;           // one line, English
    std::string tag;               // groups routes in the OpenAPI document
    nlohmann::json request_body;   // JSON Schema of the body, or null
    nlohmann::json response_body;  // JSON Schema of the success body, or null
    int success_status = 200;
    // Of the success body; several separated by commas ("text/csv, application/vnd…") when it is one of them.
    std::string response_media_type = "application/json";
    std::vector<OtherResponseDoc> other_responses;
};

using Handler = std::function<Response(Request&)>;

struct Route {
    std::string method;   // "GET", "POST", "PUT", "PATCH", "DELETE"
    std::string pattern;  // "/api/v1/organizations/{id}"; segments in braces are parameters
    Access access = Access::kSignedIn;
    Surface surface = Surface::kApi;
    Handler handler;
    RouteDoc doc;  // documented in OpenAPI when surface is kApi
    // What the handler reads first, before any write, in the caller's municipality: read with the session where the
    // store can (domain/read_ahead.hpp). Called with the path parameters set; empty reads nothing ahead.
    std::function<domain::SessionFollowUp(const Request&)> follow_up;
};

class Router {
public:
    struct Match {
        const Route* route = nullptr;  // null when nothing matched
        std::map<std::string, std::string, std::less<>> params;
        std::vector<std::string> allowed_methods;  // non-empty when the path matched but the method did not
    };

    void Add(Route route);
    // Replaces the handler of every route by wrap(route) (a concern of all routes, such as idempotent submits:
    // idempotency.hpp). Call after every route is added.
    void WrapHandlers(const std::function<Handler(const Route&)>& wrap);
    Match Find(std::string_view method, std::string_view path) const;
    const std::vector<Route>& Routes() const { return routes_; }

    // The OpenAPI 3.1 document of every kApi route.
    nlohmann::json OpenApiDocument(std::string_view version) const;

private:
    // The patterns as a tree of segments, so that Find visits only the routes that could match the path instead of
    // testing every route (the route table has some hundreds; testing each was a tenth of a short request's
    // instructions, docs/performance.md). A node's children are its literal segments and one child for any
    // parameter; `routes` are the indexes into routes_ of the patterns that end at the node.
    struct Node {
        std::map<std::string, std::size_t, std::less<>> literals;  // segment -> index into nodes_
        std::size_t parameter = 0;                                 // index into nodes_; 0 when none (0 is the root)
        std::vector<std::size_t> routes;
    };
    void Collect(std::size_t node, const std::vector<std::string_view>& path, std::size_t depth,
                 std::vector<std::size_t>& found) const;

    std::vector<Route> routes_;
    std::vector<Node> nodes_ = std::vector<Node>(1);  // nodes_[0] is the root
};

}  // namespace kasane::http
