// SPDX-License-Identifier: Apache-2.0
#include "base/japanese_date.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "base/japanese_text.hpp"

namespace kasane {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

struct Era {
    std::u32string_view name;  // 令和
    char32_t letter;           // r (lower case; input is lower-cased before matching)
    char32_t short_name;       // 令 (as in "令6.4.1" on some forms)
    int offset;                // western year = offset + era year
    Date first;                // first Gregorian day Kasane labels with this era
    Date last;                 // last day, inclusive
    std::string_view name_utf8;
    std::string_view first_text;  // for messages
    std::string_view last_text;
};

// Oldest first. See japanese_date.hpp for the boundaries and why 明治 starts in 1873 here.
constexpr std::array<Era, 5> kEras = {{
    {U"明治", U'm', U'明', 1867, year{1873} / 1 / 1, year{1912} / 7 / 30, "明治", "明治6年1月1日", "1912年7月30日"},
    {U"大正", U't', U'大', 1911, year{1912} / 7 / 30, year{1926} / 12 / 25, "大正", "1912年7月30日", "1926年12月25日"},
    {U"昭和", U's', U'昭', 1925, year{1926} / 12 / 25, year{1989} / 1 / 7, "昭和", "1926年12月25日", "1989年1月7日"},
    {U"平成", U'h', U'平', 1988, year{1989} / 1 / 8, year{2019} / 4 / 30, "平成", "1989年1月8日", "2019年4月30日"},
    {U"令和", U'r', U'令', 2018, year{2019} / 5 / 1, year{9999} / 12 / 31, "令和", "2019年5月1日", ""},
}};

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;
// Era years run to 99 at most: "令和2024年" is far more likely a western year typed after an era name than the
// year 4042. Dates after 令和99年 (2117) are therefore written in the western form, like those before 1873.
constexpr int kMaxEraYear = 99;

// The era used to label `date`: the newest era that has begun by then (so the shared days 1912-07-30 and
// 1926-12-25 get the new era). nullptr before 1873-01-01 and after 令和99年.
const Era* EraOf(Date date) {
    for (auto it = kEras.rbegin(); it != kEras.rend(); ++it) {
        if (date >= it->first) {
            return static_cast<int>(date.year()) - it->offset <= kMaxEraYear ? &*it : nullptr;
        }
    }
    return nullptr;
}

std::string EraYearText(int era_year) { return era_year == 1 ? "元" : std::to_string(era_year); }

std::string MonthDayText(unsigned month_number, unsigned day_number) {
    return std::to_string(month_number) + "月" + std::to_string(day_number) + "日";
}

std::string WesternYearText(int western_year) {
    std::string digits = std::to_string(western_year);
    if (western_year >= 0 && digits.size() < 4) digits.insert(0, 4 - digits.size(), '0');
    return digits;
}

bool InSupportedRange(Date date) {
    return date.ok() && static_cast<int>(date.year()) >= kMinYear && static_cast<int>(date.year()) <= kMaxYear;
}

// ---------------------------------------------------------------------------------------------------------------
// Input preparation: NFKC (full-width digits, letters and punctuation to ASCII, ㍻ to 平成, U+3000 to a space),
// then white space dropped and ASCII lower-cased, as UTF-32 for easy matching.

std::u32string Prepare(std::string_view text) {
    const std::string normalized = NormalizeNfkc(text);  // always well-formed UTF-8
    std::u32string out;
    out.reserve(normalized.size());
    const auto* bytes = reinterpret_cast<const unsigned char*>(normalized.data());
    std::size_t i = 0;
    while (i < normalized.size()) {
        const unsigned char lead = bytes[i];
        char32_t c = 0;
        std::size_t length = 1;
        if (lead < 0x80) {
            c = lead;
        } else if (lead < 0xE0) {
            c = lead & 0x1F;
            length = 2;
        } else if (lead < 0xF0) {
            c = lead & 0x0F;
            length = 3;
        } else {
            c = lead & 0x07;
            length = 4;
        }
        for (std::size_t k = 1; k < length && i + k < normalized.size(); ++k) c = (c << 6) | (bytes[i + k] & 0x3F);
        i += length;
        const bool white_space = (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
                                 (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
                                 c == 0x205F || c == 0x3000 || c == 0xFEFF || c == 0x200B;
        if (white_space) continue;
        if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
        out.push_back(c);
    }
    return out;
}

int KanjiDigit(char32_t c) {
    constexpr std::u32string_view kDigits = U"〇一二三四五六七八九";
    const auto position = kDigits.find(c);
    return position == std::u32string_view::npos ? -1 : static_cast<int>(position);
}

bool IsSeparator(char32_t c) {
    return c == '-' || c == '/' || c == '.' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0x30FC;
}

// A cursor over the prepared text.
class Scanner {
public:
    explicit Scanner(std::u32string text) : text_(std::move(text)) {}

    bool AtEnd() const { return position_ >= text_.size(); }
    char32_t Peek() const { return AtEnd() ? 0 : text_[position_]; }
    std::size_t Position() const { return position_; }
    std::size_t Size() const { return text_.size(); }

    bool Consume(std::u32string_view literal) {
        if (std::u32string_view(text_).substr(position_).starts_with(literal)) {
            position_ += literal.size();
            return true;
        }
        return false;
    }
    bool Consume(char32_t c) {
        if (Peek() != c || AtEnd()) return false;
        ++position_;
        return true;
    }
    bool ConsumeSeparator() {
        if (AtEnd() || !IsSeparator(Peek())) return false;
        ++position_;
        return true;
    }

    // A run of ASCII digits (at most max_digits, else nullopt) or of kanji numerals (二〇二四, 十二, 三十一).
    // `digits` receives the number of characters read. nullopt if there is no number here or it is malformed.
    std::optional<int> Number(std::size_t max_digits, std::size_t& digits) {
        const std::size_t start = position_;
        if (!AtEnd() && Peek() >= '0' && Peek() <= '9') {
            int value = 0;
            while (!AtEnd() && Peek() >= '0' && Peek() <= '9') {
                if (position_ - start >= max_digits) return std::nullopt;
                value = value * 10 + static_cast<int>(Peek() - '0');
                ++position_;
            }
            digits = position_ - start;
            return value;
        }
        // Kanji numerals: positional (二〇二四) or with one 十 (十, 十二, 二十, 三十一).
        int value = 0;
        int before_ten = -1;
        bool seen_ten = false;
        std::size_t count = 0;
        while (!AtEnd()) {
            const char32_t c = Peek();
            if (c == U'十') {
                if (seen_ten) return std::nullopt;
                seen_ten = true;
                before_ten = count == 0 ? 1 : value;
                if (count > 1 || before_ten == 0) return std::nullopt;  // 二三十, 〇十
                value = 0;
                count = 0;
            } else if (const int digit = KanjiDigit(c); digit >= 0) {
                if (seen_ten && count >= 1) return std::nullopt;  // 十二三
                if (count >= max_digits) return std::nullopt;
                value = value * 10 + digit;
                ++count;
            } else {
                break;
            }
            ++position_;
        }
        if (position_ == start) return std::nullopt;
        digits = position_ - start;
        return seen_ten ? before_ten * 10 + value : value;
    }

private:
    std::u32string text_;
    std::size_t position_ = 0;
};

std::string Prefix(std::string_view field) {
    return field.empty() ? std::string() : "「" + std::string(field) + "」の";
}

Error FormatError(std::string_view field) {
    return Error::InvalidArgument(
        Prefix(field) + "日付の形式が正しくありません（例：2024-04-01、令和6年4月1日、R6.4.1）", std::string(field));
}

Error EraError(std::string_view field) {
    return Error::InvalidArgument(
        Prefix(field) + "元号を読み取れません（明治・大正・昭和・平成・令和、または M・T・S・H・R）",
        std::string(field));
}

// Reads an era name at the scanner (令和, R, 令, …). nullptr and no input consumed if there is none.
const Era* ReadEra(Scanner& scanner) {
    for (const Era& era : kEras) {
        if (scanner.Consume(era.name)) return &era;
    }
    for (const Era& era : kEras) {
        if (scanner.Consume(era.letter) || scanner.Consume(era.short_name)) return &era;
    }
    return nullptr;
}

// Something that starts like an era but is none of ours: a letter or a non-numeral ideograph.
bool LooksLikeEra(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || c >= 0x20000;
}

// The era's year after the era name: 元 or a number.
std::optional<int> ReadEraYear(Scanner& scanner) {
    if (scanner.Consume(U'元')) return 1;
    std::size_t digits = 0;
    return scanner.Number(4, digits);
}

constexpr std::u32string_view kWeekdays = U"日月火水木金土";

}  // namespace

Result<Date> ParseJapaneseDate(std::string_view text, std::string_view field) {
    // Far longer than any way of writing a date; refusing early keeps the work bounded.
    if (text.size() > 256) return Fail(FormatError(field));
    Scanner scanner(Prepare(text));
    if (scanner.AtEnd()) {
        return Fail(Error::InvalidArgument(Prefix(field) + "日付を入力してください", std::string(field)));
    }

    const bool western_marked = scanner.Consume(U"西暦");
    const Era* era = western_marked ? nullptr : ReadEra(scanner);
    if (era == nullptr && !western_marked && LooksLikeEra(scanner.Peek()) && KanjiDigit(scanner.Peek()) < 0 &&
        scanner.Peek() != U'十') {
        return Fail(EraError(field));
    }

    int era_year = 0;
    int western_year = 0;
    unsigned month_number = 0;
    unsigned day_number = 0;
    if (era != nullptr) {
        const auto year_value = ReadEraYear(scanner);
        if (!year_value) return Fail(FormatError(field));
        era_year = *year_value;
        if (scanner.Consume(U'年')) {
            // 令和6年（2024年）4月1日: the bracketed western year must agree.
            if (scanner.Consume(U'(')) {
                std::size_t digits = 0;
                const auto bracketed = scanner.Number(4, digits);
                if (!bracketed || digits != 4 || !scanner.Consume(U'年') || !scanner.Consume(U')')) {
                    return Fail(FormatError(field));
                }
                if (*bracketed != era->offset + era_year) {
                    return Fail(
                        Error::InvalidArgument(Prefix(field) + "和暦の年と西暦の年が一致しません", std::string(field)));
                }
            }
        } else if (!scanner.ConsumeSeparator()) {
            return Fail(FormatError(field));
        }
    } else {
        std::size_t digits = 0;
        const auto year_value = scanner.Number(8, digits);
        if (!year_value) return Fail(FormatError(field));
        if (digits == 8 && scanner.AtEnd()) {
            // 20240401
            western_year = *year_value / 10000;
            month_number = static_cast<unsigned>(*year_value / 100 % 100);
            day_number = static_cast<unsigned>(*year_value % 100);
        } else {
            if (digits != 4) {
                return Fail(Error::InvalidArgument(
                    Prefix(field) + "年は西暦4桁（2024）か元号付き（令和6年、R6）で入力してください",
                    std::string(field)));
            }
            western_year = *year_value;
            if (!scanner.Consume(U'年') && !scanner.ConsumeSeparator()) return Fail(FormatError(field));
        }
    }

    if (month_number == 0) {
        std::size_t digits = 0;
        const auto month_value = scanner.Number(2, digits);
        if (!month_value) return Fail(FormatError(field));
        if (!scanner.Consume(U'月') && !scanner.ConsumeSeparator()) return Fail(FormatError(field));
        const auto day_value = scanner.Number(2, digits);
        if (!day_value) return Fail(FormatError(field));
        scanner.Consume(U'日');
        month_number = static_cast<unsigned>(*month_value);
        day_number = static_cast<unsigned>(*day_value);
    }

    // An optional weekday in brackets, as on printed forms: 2024年4月1日(月).
    std::optional<std::size_t> weekday;
    if (scanner.Consume(U'(')) {
        weekday = kWeekdays.find(scanner.Peek());
        if (*weekday == std::u32string_view::npos || !scanner.Consume(scanner.Peek()) || !scanner.Consume(U')')) {
            return Fail(FormatError(field));
        }
    }
    if (!scanner.AtEnd()) return Fail(FormatError(field));

    const std::string written_year =
        era != nullptr ? std::string(era->name_utf8) + EraYearText(era_year) : WesternYearText(western_year);
    const std::string written = written_year + "年" + MonthDayText(month_number, day_number);
    if (era != nullptr) {
        if (era_year < 1) {
            return Fail(Error::InvalidArgument(Prefix(field) + std::string(era->name_utf8) + "0年は存在しません",
                                               std::string(field)));
        }
        if (era_year > kMaxEraYear) {
            return Fail(Error::InvalidArgument(
                Prefix(field) + written_year +
                    "年は元号の年として大きすぎます（西暦なら 2024-04-01 の形で入力してください）",
                std::string(field)));
        }
        western_year = era->offset + era_year;
    }
    if (western_year < kMinYear || western_year > kMaxYear) {
        return Fail(Error::InvalidArgument(Prefix(field) + written + "は扱える範囲（1年〜9999年）の外です",
                                           std::string(field)));
    }
    const Date date = year{western_year} / month{month_number} / day{day_number};
    if (!date.ok()) {
        return Fail(Error::InvalidArgument(Prefix(field) + written + "は存在しない日付です", std::string(field)));
    }
    if (era != nullptr) {
        if (date < era->first) {
            if (era == &kEras.front()) {
                return Fail(Error::InvalidArgument(
                    Prefix(field) + written +
                        "は旧暦の時代の日付のため扱えません（明治6年1月1日以降を入力してください）",
                    std::string(field)));
            }
            return Fail(Error::InvalidArgument(Prefix(field) + written + "は" + std::string(era->name_utf8) +
                                                   "の期間外です（" + std::string(era->name_utf8) + "は" +
                                                   std::string(era->first_text) + "から）",
                                               std::string(field)));
        }
        if (date > era->last) {
            return Fail(Error::InvalidArgument(Prefix(field) + written + "は" + std::string(era->name_utf8) +
                                                   "の期間外です（" + std::string(era->name_utf8) + "は" +
                                                   std::string(era->last_text) + "まで）",
                                               std::string(field)));
        }
    }
    if (weekday) {
        const std::chrono::weekday actual{std::chrono::sys_days{date}};
        if (actual.c_encoding() != *weekday) {
            return Fail(
                Error::InvalidArgument(Prefix(field) + written + "の曜日が正しくありません", std::string(field)));
        }
    }
    return date;
}

std::string FormatWareki(Date date) {
    if (!InSupportedRange(date)) return {};
    const int western_year = static_cast<int>(date.year());
    const auto month_number = static_cast<unsigned>(date.month());
    const auto day_number = static_cast<unsigned>(date.day());
    const Era* era = EraOf(date);
    if (era == nullptr) return WesternYearText(western_year) + "年" + MonthDayText(month_number, day_number);
    return std::string(era->name_utf8) + EraYearText(western_year - era->offset) + "年" +
           MonthDayText(month_number, day_number);
}

std::string FormatWarekiWithWestern(Date date) {
    if (!InSupportedRange(date)) return {};
    const int western_year = static_cast<int>(date.year());
    const auto month_number = static_cast<unsigned>(date.month());
    const auto day_number = static_cast<unsigned>(date.day());
    const Era* era = EraOf(date);
    if (era == nullptr) return WesternYearText(western_year) + "年" + MonthDayText(month_number, day_number);
    return std::string(era->name_utf8) + EraYearText(western_year - era->offset) + "年（" +
           WesternYearText(western_year) + "年）" + MonthDayText(month_number, day_number);
}

int FiscalYearOf(Date date) {
    const int western_year = static_cast<int>(date.year());
    return date.month() >= std::chrono::April ? western_year : western_year - 1;
}

std::string FiscalYearLabel(int fiscal_year) {
    if (fiscal_year < static_cast<int>(kEras.front().first.year()) || fiscal_year > kMaxYear) {
        return WesternYearText(fiscal_year) + "年度";
    }
    // 令和元年度 began on 2019-04-01 under 平成, yet is called 令和元年度: the era of 31 December names the year.
    const Era* era = EraOf(year{fiscal_year} / std::chrono::December / 31);
    if (era == nullptr) return WesternYearText(fiscal_year) + "年度";
    return std::string(era->name_utf8) + EraYearText(fiscal_year - era->offset) + "年度";
}

Result<int> ParseFiscalYear(std::string_view text, std::string_view field) {
    const auto format_error = [&field] {
        return Error::InvalidArgument(Prefix(field) + "年度の形式が正しくありません（例：2024、令和6年度、R6）",
                                      std::string(field));
    };
    if (text.size() > 256) return Fail(format_error());
    Scanner scanner(Prepare(text));
    if (scanner.AtEnd()) {
        return Fail(Error::InvalidArgument(Prefix(field) + "年度を入力してください", std::string(field)));
    }
    const bool western_marked = scanner.Consume(U"西暦");
    const Era* era = western_marked ? nullptr : ReadEra(scanner);
    if (era == nullptr && !western_marked && LooksLikeEra(scanner.Peek()) && KanjiDigit(scanner.Peek()) < 0 &&
        scanner.Peek() != U'十') {
        return Fail(EraError(field));
    }
    int fiscal_year = 0;
    int era_year = 0;
    if (era != nullptr) {
        const auto year_value = ReadEraYear(scanner);
        if (!year_value) return Fail(format_error());
        era_year = *year_value;
        fiscal_year = era->offset + era_year;
    } else {
        std::size_t digits = 0;
        const auto year_value = scanner.Number(4, digits);
        if (!year_value || digits != 4) return Fail(format_error());
        fiscal_year = *year_value;
    }
    scanner.Consume(U"年度");
    if (!scanner.AtEnd()) return Fail(format_error());
    if (era != nullptr) {
        const std::string written = std::string(era->name_utf8) + EraYearText(era_year) + "年度";
        if (era_year < 1 || era_year > kMaxEraYear) {
            return Fail(Error::InvalidArgument(Prefix(field) + written + "は存在しません", std::string(field)));
        }
        // The fiscal year must overlap the era: 平成31年度 (from 2019-04-01) and 令和元年度 are both 2019.
        const Date starts = year{fiscal_year} / std::chrono::April / 1;
        const Date ends = year{fiscal_year + 1} / std::chrono::March / 31;
        if (starts > era->last || ends < era->first) {
            return Fail(Error::InvalidArgument(
                Prefix(field) + written + "は" + std::string(era->name_utf8) + "の期間外です", std::string(field)));
        }
    }
    return fiscal_year;
}

int AgeOn(Date birth, Date on) {
    if (!birth.ok() || !on.ok() || on < birth) return -1;
    int age = static_cast<int>(on.year()) - static_cast<int>(birth.year());
    // This year's birthday; 29 February in a common year is taken as 1 March (see the header).
    Date birthday = on.year() / birth.month() / birth.day();
    if (!birthday.ok()) birthday = on.year() / std::chrono::March / 1;
    if (on < birthday) --age;
    return age;
}

}  // namespace kasane
