// SPDX-License-Identifier: Apache-2.0
#pragma once

// Time-based one-time passwords (RFC 6238) through liboath: HMAC-SHA-1, 30-second steps counted from the Unix
// epoch, 6 digits — what every authenticator app (Google Authenticator, Microsoft Authenticator, FreeOTP …)
// produces from an otpauth:// URI without further parameters.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace kasane {

inline constexpr int kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;

// The code of `secret` (raw bytes) at Unix time `unix_seconds`, `digits` long (6 or 8; RFC 6238's test vectors
// use 8).
Result<std::string> TotpCode(std::string_view secret, std::int64_t unix_seconds, int digits = kTotpDigits);

// The time step (unix_seconds / 30) whose code equals `code`, looking `window` steps either side of the step of
// `unix_seconds`; nullopt when none matches or `code` is not `kTotpDigits` digits. The caller refuses a step it
// has already accepted (replay).
std::optional<std::int64_t> MatchTotpStep(std::string_view secret, std::int64_t unix_seconds, std::string_view code,
                                          int window = 1);

// RFC 4648 base32 (upper case, no padding), as authenticator apps expect the secret.
std::string Base32Encode(std::string_view bytes);
// Accepts upper or lower case, spaces and missing padding; kInvalidArgument when not base32.
Result<std::string> Base32Decode(std::string_view text);

}  // namespace kasane
