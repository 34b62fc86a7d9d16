// SPDX-License-Identifier: Apache-2.0
// The query parameters several pages and handlers read the same way: a 年度 (?year=, ?fiscal_year=) and the month a
// part year runs to (?through=). One home for their limits, their defaults and the field their errors name.

#pragma once

#include <optional>
#include <string_view>

#include "base/result.hpp"
#include "http/message.hpp"

namespace kasane::http {

// ?NAME= as a 年度 (2024, 令和6年度, R6). Absent or empty: `fallback`, or when there is none an InvalidArgument
// "NAME（年度）を指定してください". Malformed or over 40 characters: an InvalidArgument whose message names
// `label` and whose field is NAME.
Result<int> FiscalYearQuery(const Request& request, std::string_view name, std::optional<int> fallback,
                            std::string_view label = "年度");

// ?through= : the month a part year runs to (3, the whole year, when absent; 9 for the 上半期).
Result<int> ThroughMonthQuery(const Request& request);

}  // namespace kasane::http
