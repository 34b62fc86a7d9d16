// SPDX-License-Identifier: Apache-2.0
#pragma once

// JSON form of referrals (つなぐシート).
// Conventions (json_fields.hpp): enums travel as their domain codes with a "<name>_label" sibling in Japanese,
// dates as ISO 8601 (input also in 和暦), instants as ISO 8601 UTC; readers name the offending field with its
// JSON name so that a client can put the message beside its input.

#include "base/json.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/intake.hpp"

namespace kasane::http::api {

Json ToJson(const domain::ReferralView& view);

namespace schema {
Json Referral();
}  // namespace schema

}  // namespace kasane::http::api
