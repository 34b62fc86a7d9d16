// SPDX-License-Identifier: Apache-2.0
#pragma once

// Decoding JSON request bodies into checked values. Every failure names the field and says, in Japanese,
// what was wrong, so that the API and the UI can show it as it is.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace kasane {

using Json = nlohmann::json;

// Parses a request body that must be one JSON object. Rejects invalid UTF-8, nesting deeper than 32 levels,
// and anything but an object at the top.
Result<Json> ParseJsonObject(std::string_view body);

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);

// Number of Unicode code points in valid UTF-8 text.
std::size_t CodePointCount(std::string_view text);

// Field readers. A missing field is an error for Require*, nullopt for Optional*. Strings are checked for
// length in code points (max_length) and must not be empty when required.
Result<std::string> RequireString(const Json& object, std::string_view field, std::size_t max_length);
Result<std::optional<std::string>> OptionalString(const Json& object, std::string_view field, std::size_t max_length);
Result<std::int64_t> RequireInteger(const Json& object, std::string_view field);
Result<std::optional<std::int64_t>> OptionalInteger(const Json& object, std::string_view field);
Result<bool> OptionalBool(const Json& object, std::string_view field, bool default_value);

}  // namespace kasane
