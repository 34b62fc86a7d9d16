// SPDX-License-Identifier: Apache-2.0
#pragma once

// JSON forms of access decisions (who may read a person's record, at what level, on what basis) and of the
// 共有 tab's explanations.
// Conventions (json_fields.hpp): enums travel as their domain codes with a "<name>_label" sibling in Japanese,
// dates as ISO 8601 (input also in 和暦), instants as ISO 8601 UTC; readers name the offending field with its
// JSON name so that a client can put the message beside its input.

#include <string_view>

#include "base/json.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/intake.hpp"
#include "domain/sharing_service.hpp"

namespace kasane::http::api {

std::string_view ViewLevelCode(domain::ViewLevel level);  // "none", "identity", ..., "full"

Json AccessJson(const domain::AccessDecision& decision);
Json ToJson(const domain::AccessExplanation& explanation);

namespace schema {
Json AccessExplanation();
}  // namespace schema

}  // namespace kasane::http::api
