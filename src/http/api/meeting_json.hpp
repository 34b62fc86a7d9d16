// SPDX-License-Identifier: Apache-2.0
#pragma once

// JSON form of meetings (支援会議) with their agenda and decisions, of the items a meeting shared, and the reader
// of a meeting.
// Conventions (json_fields.hpp): enums travel as their domain codes with a "<name>_label" sibling in Japanese,
// dates as ISO 8601 (input also in 和暦), instants as ISO 8601 UTC; readers name the offending field with its
// JSON name so that a client can put the message beside its input.

#include <string_view>

#include "base/json.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/sharing.hpp"
#include "domain/sharing_service.hpp"

namespace kasane::http::api {

// {body_id, held_on, attendees:[{user_id?, name, organization_id}], agenda:[{person_id, household_id?,
// shared_summary}], minutes, decisions:[{kind, text}]}. `body_id` is required only when `require_body` (a new
// meeting); an update keeps the meeting's body.
enum class BodyField { kRequired, kIgnored };
// The message of a decision whose kind is absent or not a DecisionKindCode (meetings and case decisions).
inline constexpr std::string_view kUnknownDecisionKind = "決定の種類が正しくありません";
Result<domain::Meeting> MeetingFromJson(const Json& object, BodyField body_field);
Json ToJson(const domain::Meeting& meeting);
Json ToJson(const domain::SharedItem& item);

namespace schema {
Json MeetingInput();
Json Meeting();
Json SharedItem();
}  // namespace schema

}  // namespace kasane::http::api
