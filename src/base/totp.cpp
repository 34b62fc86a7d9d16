// SPDX-License-Identifier: Apache-2.0
#include "base/totp.hpp"

#include <liboath/oath.h>

#include <cstdlib>
#include <mutex>

namespace kasane {

namespace {

// oath_init is not thread-safe and must run before any other call.
bool EnsureOathInitialized() {
    static std::once_flag once;
    static bool initialized = false;
    std::call_once(once, [] { initialized = oath_init() == OATH_OK; });
    return initialized;
}

}  // namespace

Result<std::string> TotpCode(std::string_view secret, std::int64_t unix_seconds, int digits) {
    if (!EnsureOathInitialized()) return Fail(Error::Internal("liboath を初期化できません"));
    if (digits != 6 && digits != 7 && digits != 8) return Fail(Error::Internal("TOTP digits must be 6, 7 or 8"));
    char output[16] = {};
    const int result = oath_totp_generate(secret.data(), secret.size(), static_cast<time_t>(unix_seconds),
                                          kTotpStepSeconds, 0, static_cast<unsigned>(digits), output);
    if (result != OATH_OK) return Fail(Error::Internal(std::string("TOTP: ") + oath_strerror(result)));
    return std::string(output);
}

std::optional<std::int64_t> MatchTotpStep(std::string_view secret, std::int64_t unix_seconds, std::string_view code,
                                          int window) {
    if (code.size() != static_cast<std::size_t>(kTotpDigits)) return std::nullopt;
    for (char c : code) {
        if (c < '0' || c > '9') return std::nullopt;
    }
    if (!EnsureOathInitialized()) return std::nullopt;
    const std::string terminated(code);
    int offset = 0;
    // Returns the distance in steps (>= 0) when found; offset says in which direction.
    const int result =
        oath_totp_validate2(secret.data(), secret.size(), static_cast<time_t>(unix_seconds), kTotpStepSeconds, 0,
                            static_cast<std::size_t>(window), &offset, terminated.c_str());
    if (result < 0) return std::nullopt;
    return unix_seconds / kTotpStepSeconds + offset;
}

std::string Base32Encode(std::string_view bytes) {
    char* out = nullptr;
    std::size_t out_length = 0;
    if (oath_base32_encode(bytes.data(), bytes.size(), &out, &out_length) != OATH_OK || out == nullptr) return {};
    std::string encoded(out, out_length);
    std::free(out);
    while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
    return encoded;
}

Result<std::string> Base32Decode(std::string_view text) {
    std::string cleaned;
    for (char c : text) {
        if (c == ' ' || c == '-' || c == '=') continue;
        cleaned.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    }
    while (cleaned.size() % 8 != 0) cleaned.push_back('=');
    char* out = nullptr;
    std::size_t out_length = 0;
    if (oath_base32_decode(cleaned.data(), cleaned.size(), &out, &out_length) != OATH_OK) {
        return Fail(Error::InvalidArgument("base32 の文字列ではありません"));
    }
    std::string decoded(out == nullptr ? "" : out, out_length);
    std::free(out);
    return decoded;
}

}  // namespace kasane
