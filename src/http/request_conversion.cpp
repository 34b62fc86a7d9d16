// SPDX-License-Identifier: Apache-2.0
#include "http/request_conversion.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace kasane::http {

namespace {

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// An address from X-Forwarded-For goes into logs and the auth-event table: accept only what an IPv4 or IPv6
// address can contain, so that a client cannot inject text through it.
bool LooksLikeAddress(std::string_view text) {
    if (text.empty() || text.size() > 45) return false;
    return std::ranges::all_of(text, [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':';
    });
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

}  // namespace

bool IsAcceptableRequestId(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    return std::ranges::all_of(id, [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' ||
               c == '-';
    });
}

// Request ids need to be unique, not secret, but a predictable one would still let a client guess another's;
// so they stay random, from ChaCha20 keyed once per thread by the system generator. This costs no system call,
// where RandomToken's randombytes_buf made a getrandom(2) call for every request (measured in
// docs/performance.md).
std::string NewRequestId() {
    struct Generator {
        Generator() { randombytes_buf(key, sizeof key); }
        unsigned char key[crypto_stream_chacha20_KEYBYTES];
        std::uint64_t counter = 0;
    };
    thread_local Generator generator;
    unsigned char nonce[crypto_stream_chacha20_NONCEBYTES] = {};
    static_assert(sizeof nonce >= sizeof generator.counter);
    std::memcpy(nonce, &generator.counter, sizeof generator.counter);
    ++generator.counter;
    unsigned char raw[16];
    crypto_stream_chacha20(raw, sizeof raw, nonce, generator.key);
    char encoded[sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(encoded, sizeof encoded, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return std::string(encoded);
}

Result<Request> ConvertRequest(boost::beast::http::request<boost::beast::http::string_body>&& message,
                               const ConnectionFacts& facts) {
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    for (const auto& field : message) {
        request.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    }

    const std::string_view client_id = request.HeaderValue("X-Request-Id");
    request.request_id = IsAcceptableRequestId(client_id) ? std::string(client_id) : NewRequestId();

    request.remote_address = facts.peer_address;
    request.secure = facts.tls;
    if (facts.trust_proxy) {
        const std::string_view forwarded_for = request.HeaderValue("X-Forwarded-For");
        const std::string_view first_hop = Trim(forwarded_for.substr(0, forwarded_for.find(',')));
        if (LooksLikeAddress(first_hop)) request.remote_address = std::string(first_hop);
        if (EqualsIgnoreCase(Trim(request.HeaderValue("X-Forwarded-Proto")), "https")) request.secure = true;
    }

    // Only origin-form targets ("/path?query"): a server that is not a proxy has no use for absolute-form, and
    // "*" (OPTIONS) is not served.
    const std::string_view target = request.target;
    if (!target.starts_with('/')) {
        return Fail(Error::InvalidArgument("リクエストの対象が正しくありません", "target"));
    }
    const std::size_t question = target.find('?');
    const std::string_view raw_path = target.substr(0, question);
    if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
    auto path = PercentDecode(raw_path, PlusSign::kLiteral);
    if (!path) return Fail(Error::InvalidArgument("リクエストのパスが正しくありません", "target"));
    // A decoded NUL or control character has no business in a path and would confuse logs and file lookups.
    if (std::ranges::any_of(*path, [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
        return Fail(Error::InvalidArgument("リクエストのパスが正しくありません", "target"));
    }
    request.path = std::move(*path);
    request.body = std::move(message.body());
    return request;
}

}  // namespace kasane::http
