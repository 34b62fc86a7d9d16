// SPDX-License-Identifier: Apache-2.0
#pragma once

// JSON form of meeting bodies (会議体) with their members and pledges, and the reader of a body.
// Conventions (json_fields.hpp): enums travel as their domain codes with a "<name>_label" sibling in Japanese,
// dates as ISO 8601 (input also in 和暦), instants as ISO 8601 UTC; readers name the offending field with its
// JSON name so that a client can put the message beside its input.

#include "base/json.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/sharing.hpp"

namespace kasane::http::api {

// {legal_basis, display_name, shares_without_consent?, sharing_days?, coordinating_organization_id?,
// members:[{organization_id, pledge_signed_on?, left_on?}]}. shares_without_consent defaults to the legal basis'
// default (SharesWithoutConsentByDefault), sharing_days to 90.
Result<domain::MeetingBody> MeetingBodyFromJson(const Json& object);
Json ToJson(const domain::MeetingBody& body);

namespace schema {
Json MeetingBodyInput();
Json MeetingBody();
}  // namespace schema

}  // namespace kasane::http::api
