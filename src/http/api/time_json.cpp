// SPDX-License-Identifier: Apache-2.0
#include "http/api/time_json.hpp"

#include <atomic>
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

// "10:30" or "10:30:15", in JST, as an offset from midnight.
std::optional<std::chrono::seconds> ParseTimeOfDay(std::string_view text) {
    int parts[3] = {0, 0, 0};
    int count = 0;
    while (count < 3) {
        const char* begin = text.data();
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(begin, end, parts[count]);
        if (error != std::errc{} || stop == begin || stop - begin > 2) return std::nullopt;
        ++count;
        text.remove_prefix(static_cast<std::size_t>(stop - begin));
        if (text.empty()) break;
        if (text.front() != ':') return std::nullopt;
        text.remove_prefix(1);
    }
    if (!text.empty() || count < 2) return std::nullopt;
    if (parts[0] > 23 || parts[1] > 59 || parts[2] > 59) return std::nullopt;
    return std::chrono::hours(parts[0]) + std::chrono::minutes(parts[1]) + std::chrono::seconds(parts[2]);
}

}  // namespace

namespace {

std::atomic<const Clock*> api_clock{nullptr};

}  // namespace

void SetApiClock(const Clock* clock) { api_clock.store(clock, std::memory_order_release); }

const Clock& ApiClock() {
    static const SystemClock fallback;
    const Clock* clock = api_clock.load(std::memory_order_acquire);
    return clock ? *clock : fallback;
}

Instant Now() { return ApiClock().Now(); }

domain::Date TodayJst() { return TodayInJapan(ApiClock()); }

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
    if (auto iso = ParseIso8601(text)) return *iso;
    const auto invalid = [field] {
        return Error::InvalidArgument("日時の形式が正しくありません（例：2024-05-01T01:30:00Z、令和6年5月1日 10:30）",
                                      std::string(field));
    };
    text = Trim(text);
    // The time of day follows the last space (ASCII or the full-width U+3000), or the "T" of "2024-05-01T10:30".
    std::size_t split = std::string_view::npos;
    std::size_t separator_length = 1;
    if (const std::size_t space = text.rfind(' '); space != std::string_view::npos) split = space;
    if (const std::size_t wide = text.rfind("\u3000");
        wide != std::string_view::npos && (split == std::string_view::npos || wide > split)) {
        split = wide;
        separator_length = 3;
    }
    if (split == std::string_view::npos) {
        if (const std::size_t t = text.find('T'); t != std::string_view::npos) split = t;
    }
    if (split == std::string_view::npos) return Fail(invalid());
    const auto time = ParseTimeOfDay(Trim(text.substr(split + separator_length)));
    if (!time) return Fail(invalid());
    auto date = ParseJapaneseDate(Trim(text.substr(0, split)), "日付");
    if (!date) {
        Error error = date.error();
        error.field = std::string(field);
        return Fail(std::move(error));
    }
    return FromJstLocal(JstLocalTime{std::chrono::sys_days(*date).time_since_epoch() + *time});
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
