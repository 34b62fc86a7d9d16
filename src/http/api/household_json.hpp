// SPDX-License-Identifier: Apache-2.0
#pragma once

// JSON forms of households (世帯) and the reader of a household member.
// Conventions (json_fields.hpp): enums travel as their domain codes with a "<name>_label" sibling in Japanese,
// dates as ISO 8601 (input also in 和暦), instants as ISO 8601 UTC; readers name the offending field with its
// JSON name so that a client can put the message beside its input.

#include <string_view>

#include "base/json.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/intake.hpp"

namespace kasane::http::api {

// {person_id, relationship, is_head, moved_in}; `field` prefixes error fields ("members").
Result<domain::HouseholdMemberInput> HouseholdMemberFromJson(const Json& object, std::string_view field);
// "current" of each member as of `today` (in Japan).
Json ToJson(const domain::Household& household, domain::Date today);

namespace schema {
Json HouseholdMemberInput();
Json Household();
}  // namespace schema

}  // namespace kasane::http::api
