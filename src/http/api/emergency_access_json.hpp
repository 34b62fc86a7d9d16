// SPDX-License-Identifier: Apache-2.0
#pragma once

// JSON form of emergency access (本人の生命・身体の保護).
// Conventions (json_fields.hpp): enums travel as their domain codes with a "<name>_label" sibling in Japanese,
// dates as ISO 8601 (input also in 和暦), instants as ISO 8601 UTC; readers name the offending field with its
// JSON name so that a client can put the message beside its input.

#include "base/json.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/sharing.hpp"

namespace kasane::http::api {

// "active" as of `now`.
Json ToJson(const domain::EmergencyAccess& access, Instant now);

namespace schema {
Json EmergencyAccess();
}  // namespace schema

}  // namespace kasane::http::api
