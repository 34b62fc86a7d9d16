// SPDX-License-Identifier: Apache-2.0
#include "base/time.hpp"

#include <charconv>
#include <cstdio>

namespace kasane {

Instant SystemClock::Now() const {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

std::string FormatIso8601(Instant instant) {
    const auto days = std::chrono::floor<std::chrono::days>(instant);
    const std::chrono::year_month_day date{days};
    const std::chrono::hh_mm_ss time{instant - days};
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
    return buffer;
}

namespace {

bool ReadNumber(std::string_view text, std::size_t& pos, std::size_t digits, int& out) {
    if (pos + digits > text.size()) return false;
    const char* first = text.data() + pos;
    auto [end, error] = std::from_chars(first, first + digits, out);
    if (error != std::errc{} || end != first + digits) return false;
    pos += digits;
    return true;
}

bool Expect(std::string_view text, std::size_t& pos, char c) {
    if (pos >= text.size() || text[pos] != c) return false;
    ++pos;
    return true;
}

}  // namespace

Result<Instant> ParseIso8601(std::string_view text) {
    const auto invalid = [] { return Fail(Error::InvalidArgument("日時の形式が正しくありません")); };
    std::size_t pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
    if (!ReadNumber(text, pos, 4, year) || !Expect(text, pos, '-') || !ReadNumber(text, pos, 2, month) ||
        !Expect(text, pos, '-') || !ReadNumber(text, pos, 2, day)) {
        return invalid();
    }
    if (pos >= text.size() || (text[pos] != 'T' && text[pos] != ' ')) return invalid();
    ++pos;
    if (!ReadNumber(text, pos, 2, hour) || !Expect(text, pos, ':') || !ReadNumber(text, pos, 2, minute) ||
        !Expect(text, pos, ':') || !ReadNumber(text, pos, 2, second)) {
        return invalid();
    }
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        int scale = 100;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            millis += (text[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
    }
    const std::string_view zone = text.substr(pos);
    if (zone != "Z" && zone != "+00" && zone != "+00:00" && !zone.empty()) return invalid();
    const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                           std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok() || hour > 23 || minute > 59 || second > 60) return invalid();
    return std::chrono::sys_days{date} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
           std::chrono::seconds{second} + std::chrono::milliseconds{millis};
}

}  // namespace kasane
