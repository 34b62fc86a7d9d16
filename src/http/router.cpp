// SPDX-License-Identifier: Apache-2.0
#include "http/router.hpp"

#include <algorithm>

namespace kasane::http {

namespace {

// "/a/{id}/b" -> {"a", "{id}", "b"}. The leading slash is dropped; "/" has one empty segment.
std::vector<std::string_view> Segments(std::string_view path) {
    std::vector<std::string_view> segments;
    if (path.starts_with('/')) path.remove_prefix(1);
    while (true) {
        const std::size_t slash = path.find('/');
        segments.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return segments;
}

bool IsParameter(std::string_view segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

std::string_view ParameterName(std::string_view segment) { return segment.substr(1, segment.size() - 2); }

// Matches and, on success, returns a specificity key: one bit per segment, set where the pattern has a literal.
// A literal beats a parameter at the first segment where two patterns differ, so "/sessions/current" wins over
// "/sessions/{id}" whatever the order of registration.
std::optional<std::vector<bool>> MatchPattern(const std::vector<std::string_view>& pattern,
                                              const std::vector<std::string_view>& path,
                                              std::map<std::string, std::string, std::less<>>* params) {
    if (pattern.size() != path.size()) return std::nullopt;
    std::vector<bool> literal(pattern.size());
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (IsParameter(pattern[i])) {
            if (path[i].empty()) return std::nullopt;
            if (params) params->insert_or_assign(std::string(ParameterName(pattern[i])), std::string(path[i]));
        } else {
            if (pattern[i] != path[i]) return std::nullopt;
            literal[i] = true;
        }
    }
    return literal;
}

nlohmann::json ErrorSchema() {
    return {
        {"type", "object"},
        {"required", {"error"}},
        {"properties",
         {{"error",
           {{"type", "object"},
            {"required", {"code", "message", "field"}},
            {"properties",
             {{"code",
               {{"type", "string"},
                {"enum",
                 {"invalid_argument", "not_found", "conflict", "unauthenticated", "permission_denied", "csrf_rejected",
                  "too_many_requests", "payload_too_large", "unsupported_media_type", "method_not_allowed",
                  "schema_too_new", "unavailable", "internal"}}}},
              {"message", {{"type", "string"}, {"description", "For people, in Japanese"}}},
              {"field",
               {{"type", {"string", "null"}}, {"description", "The offending input, when there is one"}}}}}}}}},
    };
}

std::string OperationId(std::string_view method, std::string_view pattern) {
    std::string id;
    for (const char c : method) id.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    bool upper_next = true;
    for (const char c : pattern) {
        const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!alnum) {
            upper_next = true;
            continue;
        }
        id.push_back(upper_next && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
        upper_next = false;
    }
    return id;
}

std::string StatusDescription(int status) {
    switch (status) {
        case 200: return "OK";
        case 201: return "Created";
        case 202: return "Accepted";
        case 204: return "No Content";
        default: return "Success";
    }
}

}  // namespace

void Router::WrapHandlers(const std::function<Handler(const Route&)>& wrap) {
    for (Route& route : routes_) route.handler = wrap(route);
}

void Router::Add(Route route) {
    std::size_t node = 0;
    for (const std::string_view segment : Segments(route.pattern)) {
        std::size_t next = 0;
        if (IsParameter(segment)) {
            next = nodes_[node].parameter;
        } else if (const auto it = nodes_[node].literals.find(segment); it != nodes_[node].literals.end()) {
            next = it->second;
        }
        if (next == 0) {
            next = nodes_.size();
            nodes_.emplace_back();  // may move nodes_: index it again below
            if (IsParameter(segment)) {
                nodes_[node].parameter = next;
            } else {
                nodes_[node].literals.emplace(std::string(segment), next);
            }
        }
        node = next;
    }
    nodes_[node].routes.push_back(routes_.size());
    routes_.push_back(std::move(route));
}

// The routes whose pattern has as many segments as `path`, each literal equal to the path's segment and each
// parameter facing a non-empty one: those the former scan over every route let through (QuickMatch).
void Router::Collect(std::size_t node, const std::vector<std::string_view>& path, std::size_t depth,
                     std::vector<std::size_t>& found) const {
    const Node& here = nodes_[node];
    if (depth == path.size()) {
        found.insert(found.end(), here.routes.begin(), here.routes.end());
        return;
    }
    if (const auto it = here.literals.find(path[depth]); it != here.literals.end()) {
        Collect(it->second, path, depth + 1, found);
    }
    if (here.parameter != 0 && !path[depth].empty()) Collect(here.parameter, path, depth + 1, found);
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
    Match match;
    const auto path_segments = Segments(path);
    std::vector<std::size_t> candidates;
    Collect(0, path_segments, 0, candidates);
    std::ranges::sort(candidates);  // the order of registration, as when every route was scanned
    std::optional<std::vector<bool>> best;
    for (const std::size_t index : candidates) {
        const Route& route = routes_[index];
        if (route.method != method) {
            if (std::ranges::find(match.allowed_methods, route.method) == match.allowed_methods.end()) {
                match.allowed_methods.push_back(route.method);
            }
            continue;
        }
        std::map<std::string, std::string, std::less<>> params;
        auto specificity = MatchPattern(Segments(route.pattern), path_segments, &params);
        if (!specificity) continue;
        if (!best || *specificity > *best) {
            best = std::move(specificity);
            match.route = &route;
            match.params = std::move(params);
        }
    }
    if (match.route) {
        match.allowed_methods.clear();
    } else {
        std::ranges::sort(match.allowed_methods);
    }
    return match;
}

nlohmann::json Router::OpenApiDocument(std::string_view version) const {
    nlohmann::json paths = nlohmann::json::object();
    for (const auto& route : routes_) {
        if (route.surface != Surface::kApi) continue;
        nlohmann::json operation = {
            {"operationId", OperationId(route.method, route.pattern)},
            {"summary", route.doc.summary},
        };
        if (!route.doc.tag.empty()) operation["tags"] = {route.doc.tag};

        nlohmann::json parameters = nlohmann::json::array();
        for (const auto segment : Segments(route.pattern)) {
            if (!IsParameter(segment)) continue;
            parameters.push_back({{"name", std::string(ParameterName(segment))},
                                  {"in", "path"},
                                  {"required", true},
                                  {"schema", {{"type", "string"}}}});
        }
        if (!parameters.empty()) operation["parameters"] = std::move(parameters);

        if (!route.doc.request_body.is_null()) {
            operation["requestBody"] = {
                {"required", true},
                {"content", {{"application/json", {{"schema", route.doc.request_body}}}}},
            };
        }

        nlohmann::json success = {{"description", StatusDescription(route.doc.success_status)}};
        if (!route.doc.response_body.is_null()) {
            // One media type, or several separated by commas (a file in one of its formats).
            nlohmann::json content = nlohmann::json::object();
            std::string_view types = route.doc.response_media_type;
            while (!types.empty()) {
                const std::size_t comma = types.find(',');
                std::string_view type = types.substr(0, comma);
                while (type.starts_with(' ')) type.remove_prefix(1);
                while (type.ends_with(' ')) type.remove_suffix(1);
                if (!type.empty()) content[std::string(type)] = {{"schema", route.doc.response_body}};
                types = comma == std::string_view::npos ? std::string_view() : types.substr(comma + 1);
            }
            success["content"] = std::move(content);
        }
        const nlohmann::json error_response = {
            {"description", "Error"},
            {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}},
        };
        operation["responses"] = {
            {std::to_string(route.doc.success_status), std::move(success)},
            {"default", error_response},
        };
        for (const OtherResponseDoc& other : route.doc.other_responses) {
            nlohmann::json response = {{"description", other.description}};
            if (!other.body.is_null()) response["content"] = {{"application/json", {{"schema", other.body}}}};
            operation["responses"][std::to_string(other.status)] = std::move(response);
        }
        if (route.access == Access::kSignedIn) {
            operation["security"] = {{{"bearerAuth", nlohmann::json::array()}},
                                     {{"sessionCookie", nlohmann::json::array()}}};
        } else {
            operation["security"] = nlohmann::json::array();
        }

        std::string method = route.method;
        for (auto& c : method) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        paths[route.pattern][method] = std::move(operation);
    }

    return {
        {"openapi", "3.1.0"},
        {"info",
         {{"title", "Kasane API"},
          {"version", std::string(version)},
          {"description",
           "JSON API of Kasane. State-changing requests authenticated by the session cookie must carry the "
           "X-CSRF-Token header."}}},
        {"servers", {{{"url", "/"}}}},
        {"paths", std::move(paths)},
        {"components",
         {{"schemas", {{"Error", ErrorSchema()}}},
          {"securitySchemes",
           {{"bearerAuth", {{"type", "http"}, {"scheme", "bearer"}}},
            {"sessionCookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "kasane_session"}}}}}}},
    };
}

}  // namespace kasane::http
