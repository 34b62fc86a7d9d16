// SPDX-License-Identifier: Apache-2.0
// Feeds arbitrary bytes to Beast's request parser with the server's limits, in chunks whose size the input
// chooses (the server receives requests piecewise), then converts a parsed request exactly as the server does
// and exercises the Request helpers on the result.

#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <cstdint>

#include "base/crypto.hpp"
#include "base/json.hpp"
#include "http/request_conversion.hpp"
#include "http/server.hpp"

namespace {

namespace bhttp = boost::beast::http;

void Check(bool condition) {
    if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)kasane::InitializeCrypto();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    // The first byte picks the chunk size (1..256 bytes) the parser is fed with.
    const std::size_t chunk = static_cast<std::size_t>(data[0]) + 1;
    ++data;
    --size;

    const kasane::http::ServerOptions options;
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
    parser.body_limit(static_cast<std::uint64_t>(options.body_limit));
    parser.eager(true);

    boost::beast::error_code ec;
    std::size_t offset = 0;                         // bytes the parser consumed
    std::size_t available = std::min(chunk, size);  // bytes "received" so far
    while (!parser.is_done()) {
        std::size_t consumed = 0;
        if (offset < available) {
            consumed = parser.put(boost::asio::buffer(data + offset, available - offset), ec);
            offset += consumed;
            if (ec == bhttp::error::need_more) ec = {};
            if (ec) break;
        }
        if (consumed == 0) {
            // The parser wants more than it has: receive the next chunk, or the peer closes.
            if (available == size) {
                parser.put_eof(ec);
                break;
            }
            available = std::min(available + chunk, size);
        }
    }
    if (ec || !parser.is_done()) return 0;

    const kasane::http::ConnectionFacts facts{
        .peer_address = "192.0.2.1", .tls = false, .trust_proxy = (size % 2) == 1};
    auto converted = kasane::http::ConvertRequest(parser.release(), facts);
    if (!converted) {
        Check(converted.error().code == kasane::ErrorCode::kInvalidArgument);
        return 0;
    }
    kasane::http::Request& request = *converted;
    Check(request.path.starts_with('/'));
    Check(kasane::IsValidUtf8(request.path));
    Check(kasane::http::IsAcceptableRequestId(request.request_id));
    Check(!request.remote_address.empty());
    // Encoding then decoding gives the path back (the sign-in redirect relies on it).
    const auto round_trip =
        kasane::http::PercentDecode(kasane::http::PercentEncode(request.target), kasane::http::PlusSign::kLiteral);
    Check(round_trip.has_value() == kasane::IsValidUtf8(request.target));

    (void)request.QueryParam("q");
    (void)request.Cookie("kasane_session");
    for (const auto& [name, value] : request.FormFields()) {
        Check(kasane::IsValidUtf8(name) && kasane::IsValidUtf8(value));
    }
    (void)request.HeaderValue("content-type");
    return 0;
}
