// SPDX-License-Identifier: Apache-2.0

#include "http/query_params.hpp"

#include <string>

#include "base/japanese_date.hpp"
#include "base/json.hpp"
#include "domain/report.hpp"

namespace kasane::http {

Result<int> FiscalYearQuery(const Request& request, std::string_view name, std::optional<int> fallback,
                            std::string_view label) {
    const auto text = request.QueryParam(name);
    if (!text || text->empty()) {
        if (fallback) return *fallback;
        return Fail(Error::InvalidArgument(std::string(name) + "（" + std::string(label) + "）を指定してください",
                                           std::string(name)));
    }
    if (CodePointCount(*text) > 40) {
        return Fail(Error::InvalidArgument(std::string(label) + "の形式が正しくありません", std::string(name)));
    }
    auto parsed = ParseFiscalYear(*text, label);
    if (!parsed) {
        Error error = parsed.error();
        error.field = std::string(name);
        return Fail(error);
    }
    return *parsed;
}

Result<int> ThroughMonthQuery(const Request& request) {
    return domain::ParseThroughMonth(request.QueryParam("through").value_or(""));
}

}  // namespace kasane::http
