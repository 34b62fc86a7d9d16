// SPDX-License-Identifier: Apache-2.0
#pragma once

// JSON form of the fiscal-year counts (年度集計) and of a count that may be suppressed (「χ」).
// Conventions (json_fields.hpp): enums travel as their domain codes with a "<name>_label" sibling in Japanese,
// dates as ISO 8601 (input also in 和暦), instants as ISO 8601 UTC; readers name the offending field with its
// JSON name so that a client can put the message beside its input.

#include "base/json.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/intake.hpp"

namespace kasane::http::api {

Json ToJson(const domain::FiscalYearReport& report);
Json ToJson(const domain::TrendReport& trend);
// Meetings held (all, and by body) of a report.
Json MeetingsHeldJson(const domain::ReportCaseCounts& cases);
// An exact count as a number; a suppressed one (「χ」) as {"suppressed": true}.
Json CountJson(const domain::ShownCount& count);

namespace schema {
Json ShownCount();
Json FiscalYearReport();
Json TrendReport();
}  // namespace schema

}  // namespace kasane::http::api
