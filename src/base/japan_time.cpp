// SPDX-License-Identifier: Apache-2.0
#include "base/japan_time.hpp"

#include <charconv>
#include <cstdio>
#include <optional>
#include <regex>

#include "base/japanese_text.hpp"

namespace kasane {
namespace {

// Japan Standard Time, UTC+9 (標準時ニ関スル件, 明治19年勅令第51号), with no daylight saving.
constexpr std::chrono::hours kJapanOffset{9};

std::string_view TrimSpaces(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

int ToInt(std::string_view digits) {
    int value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return value;
}

Error Invalid(std::string_view field, std::string_view what) {
    return Error::InvalidArgument("「" + std::string(field) + "」の" + std::string(what), std::string(field));
}

Error BadForm(std::string_view field) {
    return Invalid(field,
                   "日時の形式が正しくありません（例：2024-04-01T10:30、2024-04-01T10:30+09:00、令和6年4月1日 "
                   "午後3時5分）");
}

// A time of day in Japan ("8:30", "8時30分", "午後3:05"), as the time since midnight.
Result<std::chrono::seconds> ParseTimeOfDay(std::string_view text, std::string_view field) {
    text = TrimSpaces(text);
    int meridiem = 0;  // 1: 午前, 2: 午後
    if (text.starts_with("午前")) meridiem = 1;
    if (text.starts_with("午後")) meridiem = 2;
    if (meridiem != 0) text = TrimSpaces(text.substr(std::string_view("午前").size()));
    static const std::regex kColon(R"(^(\d{1,2}):(\d{2})(?::(\d{2}))?$)");
    static const std::regex kKanji("^(\\d{1,2})時(?:(半)|(\\d{1,2})分(?:(\\d{1,2})秒)?)?$");
    std::match_results<std::string_view::const_iterator> match;
    int hour = 0, minute = 0, second = 0;
    if (std::regex_match(text.begin(), text.end(), match, kColon)) {
        hour = ToInt(std::string_view(match[1].first, match[1].second));
        minute = ToInt(std::string_view(match[2].first, match[2].second));
        if (match[3].matched) second = ToInt(std::string_view(match[3].first, match[3].second));
    } else if (std::regex_match(text.begin(), text.end(), match, kKanji)) {
        hour = ToInt(std::string_view(match[1].first, match[1].second));
        if (match[2].matched) minute = 30;
        if (match[3].matched) minute = ToInt(std::string_view(match[3].first, match[3].second));
        if (match[4].matched) second = ToInt(std::string_view(match[4].first, match[4].second));
    } else {
        return Fail(BadForm(field));
    }
    if (meridiem != 0 && hour > 11) {
        return Fail(Invalid(field, "午前・午後を付けた時刻は0〜11時で入力してください（正午は午後0時）"));
    }
    if (meridiem == 2) hour += 12;
    if (hour > 23 || minute > 59 || second > 59) return Fail(Invalid(field, "時刻は存在しません（0:00〜23:59）"));
    return std::chrono::hours{hour} + std::chrono::minutes{minute} + std::chrono::seconds{second};
}

}  // namespace

Result<Instant> ParseJapanDateTime(std::string_view input, std::string_view field) {
    const std::string normalized = NormalizeNfkc(input);
    const std::string_view text = TrimSpaces(normalized);
    // ISO 8601, with or without seconds, fraction and zone.
    static const std::regex kIso(
        R"(^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)? ?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$)");
    std::match_results<std::string_view::const_iterator> match;
    if (std::regex_match(text.begin(), text.end(), match, kIso)) {
        auto part = [&match](int i) { return std::string_view(match[i].first, match[i].second); };
        const Date date{std::chrono::year{ToInt(part(1))}, std::chrono::month{static_cast<unsigned>(ToInt(part(2)))},
                        std::chrono::day{static_cast<unsigned>(ToInt(part(3)))}};
        if (!date.ok())
            return Fail(Invalid(field, std::string(part(1)) + "-" + std::string(part(2)) + "-" + std::string(part(3)) +
                                           "は存在しない日付です"));
        const int hour = ToInt(part(4));
        const int minute = ToInt(part(5));
        const int second = match[6].matched ? ToInt(part(6)) : 0;
        if (hour > 23 || minute > 59 || second > 59) return Fail(Invalid(field, "時刻は存在しません（0:00〜23:59）"));
        std::chrono::milliseconds fraction{0};
        if (match[7].matched) {
            std::string digits(part(7));
            digits.resize(3, '0');
            fraction = std::chrono::milliseconds{ToInt(digits)};
        }
        const auto since_midnight =
            std::chrono::hours{hour} + std::chrono::minutes{minute} + std::chrono::seconds{second} + fraction;
        const std::chrono::sys_time<std::chrono::milliseconds> as_utc{std::chrono::sys_days{date}.time_since_epoch() +
                                                                      since_midnight};
        if (match[8].matched) return Instant{as_utc};
        if (!match[9].matched) {  // no zone: Japan time
            return FromJstLocal(JstLocalTime{as_utc.time_since_epoch()});
        }
        const int offset_hours = ToInt(part(10));
        const int offset_minutes = match[11].matched ? ToInt(part(11)) : 0;
        if (offset_hours > 18 || offset_minutes > 59 || (offset_hours == 18 && offset_minutes > 0)) {
            return Fail(Invalid(field, "時差は-18:00〜+18:00で指定してください"));
        }
        const auto offset = std::chrono::hours{offset_hours} + std::chrono::minutes{offset_minutes};
        return Instant{part(9) == "+" ? as_utc - offset : as_utc + offset};
    }
    // A date as ParseJapaneseDate() reads it, then a time of day in Japan.
    std::size_t split = std::string_view::npos;
    std::size_t skip = 0;
    if (const std::size_t am = text.find("午前"); am != std::string_view::npos) split = am;
    if (const std::size_t pm = text.find("午後"); pm != std::string_view::npos) split = std::min(split, pm);
    if (split == std::string_view::npos) {
        if (const std::size_t space = text.rfind(' '); space != std::string_view::npos) {
            split = space;
            skip = 1;
        } else if (const std::size_t day = text.rfind("日"); day != std::string_view::npos) {
            split = day + std::string_view("日").size();
            if (const std::size_t close = text.find(')', split); close != std::string_view::npos) split = close + 1;
        } else if (const std::size_t t = text.find_first_of("Tt"); t != std::string_view::npos) {
            split = t;
            skip = 1;
        }
    }
    const std::string_view date_text = split == std::string_view::npos ? text : TrimSpaces(text.substr(0, split));
    const std::string_view time_text =
        split == std::string_view::npos ? std::string_view{} : TrimSpaces(text.substr(split + skip));
    if (time_text.empty()) {
        if (ParseJapaneseDate(date_text, field)) {
            return Fail(Invalid(field, "時刻がありません（例：令和6年4月1日 10:30、2024-04-01T10:30）"));
        }
        return Fail(BadForm(field));
    }
    auto date = ParseJapaneseDate(date_text, field);
    if (!date) return Fail(date.error());
    auto time = ParseTimeOfDay(time_text, field);
    if (!time) return Fail(time.error());
    return FromJstLocal(JstLocalTime{std::chrono::sys_days{*date}.time_since_epoch() + *time});
}

JstLocalTime ToJstLocal(Instant instant) { return JstLocalTime{instant.time_since_epoch() + kJapanOffset}; }

Instant FromJstLocal(JstLocalTime local) { return Instant{local.time_since_epoch() - kJapanOffset}; }

Date JstDate(Instant instant) {
    return Date{std::chrono::sys_days{std::chrono::floor<std::chrono::days>(ToJstLocal(instant)).time_since_epoch()}};
}

Date TodayInJapan(const Clock& clock) { return JstDate(clock.Now()); }

Instant StartOfJstDay(Date date) { return FromJstLocal(JstLocalTime{std::chrono::sys_days{date}.time_since_epoch()}); }

Instant EndOfJstDay(Date date) { return StartOfJstDay(Date{std::chrono::sys_days{date} + std::chrono::days{1}}); }

Instant StartOfFiscalYear(int fiscal_year) {
    return StartOfJstDay(Date{std::chrono::year{fiscal_year}, std::chrono::April, std::chrono::day{1}});
}

std::string FormatJst(Instant instant) {
    const auto local = ToJstLocal(instant);
    const auto days = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::year_month_day date{std::chrono::sys_days{days.time_since_epoch()}};
    const std::chrono::hh_mm_ss time{local - days};
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%d年%u月%u日 %02d:%02d", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()));
    return buffer;
}

}  // namespace kasane
