// SPDX-License-Identifier: Apache-2.0
#include "http/api/time_json.hpp"

#include <charconv>
#include <cstdio>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"

namespace kasane::http::api {

namespace {

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

}  // namespace

std::string IsoDate(domain::Date date) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

Result<std::optional<domain::Date>> OptionalDateField(const Json& object, std::string_view field,
                                                      std::string_view label) {
    auto text = OptionalString(object, field, 100);
    if (!text) return Fail(text.error());
    if (!text->has_value() || Trim(**text).empty()) return std::optional<domain::Date>{};
    // ParseJapaneseDate quotes its `field` argument in the message, so it gets the Japanese label; the error then
    // names the JSON field for the client.
    auto date = ParseJapaneseDate(**text, label);
    if (!date) {
        Error error = date.error();
        error.field = std::string(field);
        return Fail(std::move(error));
    }
    return std::optional<domain::Date>(*date);
}

Result<domain::Date> RequireDate(const Json& object, std::string_view field, std::string_view label) {
    auto date = OptionalDateField(object, field, label);
    if (!date) return Fail(date.error());
    if (!date->has_value()) {
        return Fail(Error::InvalidArgument("「" + std::string(label) + "」を入力してください", std::string(field)));
    }
    return **date;
}

Result<Instant> ParseInstantText(std::string_view text, std::string_view field) {
    // The one parser of dates and times (base/japan_time.hpp): ISO 8601 with Z or an offset, or without a zone
    // meaning Japan time, and 和暦 with a time (令和6年5月1日 午前10時30分). Its message quotes the Japanese label;
    // the error names the JSON field.
    auto parsed = ParseJapanDateTime(text, "日時");
    if (!parsed) {
        Error error = parsed.error();
        error.field = std::string(field);
        return Fail(std::move(error));
    }
    return *parsed;
}

Result<Instant> InstantParam(std::string_view text, std::string_view field, DayEdge edge) {
    if (auto iso = ParseIso8601(text)) return *iso;
    // A date alone: a day in Japan runs from 00:00 JST, which is 15:00 UTC of the day before.
    if (auto date = ParseJapaneseDate(text, "日付")) {
        return edge == DayEdge::kEnd ? EndOfJstDay(*date) : StartOfJstDay(*date);
    }
    return ParseInstantText(text, field);
}

}  // namespace kasane::http::api
