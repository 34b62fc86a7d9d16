// SPDX-License-Identifier: Apache-2.0
#pragma once

// JSON forms of consultations (相談), their contacts and worry categories, and the reader of a contact.
// Conventions (json_fields.hpp): enums travel as their domain codes with a "<name>_label" sibling in Japanese,
// dates as ISO 8601 (input also in 和暦), instants as ISO 8601 UTC; readers name the offending field with its
// JSON name so that a client can put the message beside its input.

#include <string_view>
#include <vector>

#include "base/json.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/intake.hpp"

namespace kasane::http::api {

// {occurred_at, channel, source, caller{...}, summary, summary_tag}; `prefix` ("first_contact." or "") prefixes
// error fields.
Result<domain::ContactInput> ContactFromJson(const Json& object, std::string_view prefix);

Json ToJson(const domain::WorryCategory& category);
// Categories are shown with their code and label from the master (`categories`); an id missing from it keeps
// only its id.
Json ConsultationJson(const domain::Consultation& consultation, const std::vector<domain::WorryCategory>& categories);

namespace schema {
Json WorryCategory();
Json ContactInput();
Json Consultation();
}  // namespace schema

}  // namespace kasane::http::api
