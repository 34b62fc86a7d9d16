// SPDX-License-Identifier: Apache-2.0
#include "http/message.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "base/json.hpp"

namespace kasane::http {

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    return std::ranges::equal(a, b, [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Calls visit(name, value) for every "name=value" pair of an application/x-www-form-urlencoded text (the
// query string uses the same syntax). Pairs whose name or value does not decode are skipped: a client that
// sends broken escapes gets the field treated as absent, which every caller reports as a missing input.
template <class Visitor>
void ForEachFormPair(std::string_view text, Visitor&& visit) {
    while (!text.empty()) {
        const std::size_t amp = text.find('&');
        const std::string_view pair = text.substr(0, amp);
        text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
        if (pair.empty()) continue;
        const std::size_t equals = pair.find('=');
        const auto name = PercentDecode(pair.substr(0, equals), PlusSign::kSpace);
        const auto value = PercentDecode(
            equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1), PlusSign::kSpace);
        if (!name || !value) continue;
        if (!visit(*name, *value)) return;
    }
}

}  // namespace

std::string_view Request::HeaderValue(std::string_view name) const {
    for (const auto& header : headers) {
        if (EqualsIgnoreCase(header.name, name)) return header.value;
    }
    return {};
}

std::optional<std::string> Request::QueryParam(std::string_view name) const {
    std::optional<std::string> found;
    ForEachFormPair(query, [&](const std::string& key, const std::string& value) {
        if (key != name) return true;
        found = value;
        return false;
    });
    return found;
}

std::string_view Request::PathParam(std::string_view name) const {
    const auto it = path_params.find(name);
    return it == path_params.end() ? std::string_view{} : std::string_view(it->second);
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
    // RFC 6265 section 5.4: "name=value; name2=value2". Several Cookie headers may arrive (HTTP/2 proxies
    // split them), so every one is searched.
    for (const auto& header : headers) {
        if (!EqualsIgnoreCase(header.name, "cookie")) continue;
        std::string_view rest = header.value;
        while (!rest.empty()) {
            const std::size_t semicolon = rest.find(';');
            const std::string_view pair = Trim(rest.substr(0, semicolon));
            rest = semicolon == std::string_view::npos ? std::string_view{} : rest.substr(semicolon + 1);
            const std::size_t equals = pair.find('=');
            if (equals == std::string_view::npos) continue;
            if (Trim(pair.substr(0, equals)) != name) continue;
            std::string_view value = Trim(pair.substr(equals + 1));
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
                value = value.substr(1, value.size() - 2);
            }
            return std::string(value);
        }
    }
    return std::nullopt;
}

std::map<std::string, std::string, std::less<>> Request::FormFields() const {
    std::map<std::string, std::string, std::less<>> fields;
    ForEachFormPair(body, [&](const std::string& key, const std::string& value) {
        fields.emplace(key, value);  // the first occurrence wins
        return true;
    });
    return fields;
}

Response Response::Json(int status, const nlohmann::json& body) {
    Response response;
    response.status = status;
    response.headers.push_back({"Content-Type", "application/json; charset=utf-8"});
    // A handler may echo client text; replacing invalid UTF-8 keeps a bug from becoming an exception here.
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

Response Response::Html(int status, std::string body) {
    return Text(status, std::move(body), "text/html; charset=utf-8");
}

Response Response::Text(int status, std::string body, std::string_view content_type) {
    Response response;
    response.status = status;
    response.headers.push_back({"Content-Type", std::string(content_type)});
    response.body = std::move(body);
    return response;
}

Response Response::ErrorJson(const Error& error) {
    nlohmann::json detail = {{"code", ErrorCodeName(error.code)}, {"message", error.message}};
    detail["field"] = error.field.empty() ? nlohmann::json(nullptr) : nlohmann::json(error.field);
    return Json(HttpStatusFor(error.code), nlohmann::json{{"error", std::move(detail)}});
}

Response Response::Redirect(std::string_view location) {
    Response response;
    response.status = 303;
    response.headers.push_back({"Location", std::string(location)});
    return response;
}

void Response::SetHeader(std::string_view name, std::string_view value) {
    for (auto& header : headers) {
        if (EqualsIgnoreCase(header.name, name)) {
            header.value = std::string(value);
            std::erase_if(headers,
                          [&](const Header& other) { return &other != &header && EqualsIgnoreCase(other.name, name); });
            return;
        }
    }
    headers.push_back({std::string(name), std::string(value)});
}

void Response::AddHeader(std::string_view name, std::string_view value) {
    headers.push_back({std::string(name), std::string(value)});
}

std::string_view Response::HeaderValue(std::string_view name) const {
    for (const auto& header : headers) {
        if (EqualsIgnoreCase(header.name, name)) return header.value;
    }
    return {};
}

std::optional<std::string> PercentDecode(std::string_view text, PlusSign plus) {
    std::string decoded;
    decoded.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            const int high = HexValue(text[i + 1]);
            const int low = HexValue(text[i + 2]);
            if (high < 0 || low < 0) return std::nullopt;
            decoded.push_back(static_cast<char>(high * 16 + low));
            i += 2;
        } else if (c == '+' && plus == PlusSign::kSpace) {
            decoded.push_back(' ');
        } else {
            decoded.push_back(c);
        }
    }
    if (!IsValidUtf8(decoded)) return std::nullopt;
    return decoded;
}

std::string PercentEncode(std::string_view text) {
    // RFC 3986 unreserved characters stay; everything else, '/' included, is escaped, so the result can be
    // put into a query parameter as it is.
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string encoded;
    encoded.reserve(text.size() * 3);
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte >= '0' && byte <= '9') || (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') || c == '-' ||
            c == '.' || c == '_' || c == '~') {
            encoded.push_back(c);
        } else {
            encoded.push_back('%');
            encoded.push_back(kHex[byte >> 4]);
            encoded.push_back(kHex[byte & 0x0F]);
        }
    }
    return encoded;
}

}  // namespace kasane::http
