// SPDX-License-Identifier: Apache-2.0
#pragma once

// JSON forms of persons (本人), their views and merges (名寄せ), and the reader of a person's body.
// Conventions (json_fields.hpp): enums travel as their domain codes with a "<name>_label" sibling in Japanese,
// dates as ISO 8601 (input also in 和暦), instants as ISO 8601 UTC; readers name the offending field with its
// JSON name so that a client can put the message beside its input.

#include <map>
#include <string>

#include "base/json.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/intake.hpp"

namespace kasane::http::api {

// The body of a person (create, update, duplicate check). Unknown codes and malformed values are
// kInvalidArgument naming the field; lengths are the domain's to check (ValidatePersonData).
Result<domain::PersonData> PersonDataFromJson(const Json& object);

// The person as the decision lets the actor see it: below kFull only identity fields; without
// address_and_contact no address, phone or contact notes (the keys are absent, not empty). "age" is counted on
// `today` (in Japan: TodayInJapan).
Json PersonJson(const domain::Person& person, const domain::AccessDecision& decision, domain::Date today);
Json ToJson(const domain::PersonView& view, domain::Date today);
Json ToJson(const domain::PersonSummary& summary, domain::Date today);
Json ToJson(const domain::DuplicateCandidate& candidate, domain::Date today);
Json ToJson(const domain::PersonMerge& merge);

namespace schema {
Json PersonInput();
Json Person();
Json PersonSummary();
Json PersonMerge();
}  // namespace schema

}  // namespace kasane::http::api
