// SPDX-License-Identifier: Apache-2.0
#pragma once

// Dates and instants in the API's JSON, and the API clock.
// Conventions (json_fields.hpp): enums travel as their domain codes with a "<name>_label" sibling in Japanese,
// dates as ISO 8601 (input also in 和暦), instants as ISO 8601 UTC; readers name the offending field with its
// JSON name so that a client can put the message beside its input.

#include <optional>
#include <string>
#include <string_view>

#include "base/json.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/intake.hpp"

namespace kasane::http::api {

// "2024-04-01".
std::string IsoDate(domain::Date date);

// A date typed in any form ParseJapaneseDate() reads (ISO, 2024年4月1日, 令和6年4月1日, R6.4.1 ...). A missing or
// null field is nullopt. Errors are kInvalidArgument with Error::field = `field`; `label` is the Japanese name the
// message quotes (「生年月日」).
Result<std::optional<domain::Date>> OptionalDateField(const Json& object, std::string_view field,
                                                      std::string_view label);
// As OptionalDateField, and a missing date is refused (「<label>」を入力してください).
Result<domain::Date> RequireDate(const Json& object, std::string_view field, std::string_view label);

// An instant: ISO 8601 UTC ("2024-05-01T01:30:00Z"), or a date in any form of OptionalDateField followed by a time
// of day in JST ("令和6年5月1日 10:30", "R6.5.1 10:30:15", "2024-05-01 10:30"). Errors name `field`.
Result<Instant> ParseInstantText(std::string_view text, std::string_view field);

// A query parameter naming a moment: an ISO 8601 instant ("2024-05-01T01:30:00Z"), a date and JST time
// ("令和6年5月1日 10:30"), or a date alone (ISO or 和暦), which means the start of that day in JST — or, with
// `DayEdge::kEnd`, the start of the next day, so that ?from=2024-05-01&to=2024-05-31 covers all of May.
enum class DayEdge { kStart, kEnd };
Result<Instant> InstantParam(std::string_view text, std::string_view field, DayEdge edge);

}  // namespace kasane::http::api
