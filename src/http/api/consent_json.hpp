// SPDX-License-Identifier: Apache-2.0
#pragma once

// JSON form of consents (同意) and the reader of a consent's body.
// Conventions (json_fields.hpp): enums travel as their domain codes with a "<name>_label" sibling in Japanese,
// dates as ISO 8601 (input also in 和暦), instants as ISO 8601 UTC; readers name the offending field with its
// JSON name so that a client can put the message beside its input.

#include "base/json.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/sharing.hpp"

namespace kasane::http::api {

// {by_proxy, proxy_name, proxy_relationship, organizations:[ids], bodies:[ids], purpose, given_on, method,
// witness, explanation_version, expires_on?} for `person_id`. Shapes and codes are checked here; the rules
// (oral needs a witness, a proxy needs a name, dates in order) are the domain's.
Result<domain::Consent> ConsentFromJson(const Json& object, domain::PersonId person_id);
Json ToJson(const domain::Consent& consent);

namespace schema {
Json ConsentInput();
Json Consent();
}  // namespace schema

}  // namespace kasane::http::api
