// SPDX-License-Identifier: Apache-2.0
#pragma once

// CSV files for spreadsheet software (Excel as Japanese offices use it): RFC 4180 fields and CRLF lines, cells
// guarded against formula injection, and the file encoded as UTF-8 with a BOM (Excel 2016 and later) or as
// Windows-31J (CP932, the "Shift_JIS" older Excel reads), through ICU.
//
// Windows-31J cannot hold every character a record may contain (𠮷, 髙 outside IBM extensions, emoji, …). Such a
// character is never dropped or turned into a look-alike silently: it is replaced by 〓 (U+3013 げた記号, the mark
// Japanese typesetting has long used for a missing glyph), and the encoder counts the replacements so that the
// caller tells the user (and the audit trail) how many were made. The only other changes are ICU's documented
// fallbacks of the CP932 table for characters that Windows itself writes as their full-width twins (〜 U+301C as
// ～ U+FF5E, − U+2212 as － U+FF0D, ‖ as ∥, ¢ £ ¬ as ￠ ￡ ￢), which read the same in every Japanese font.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace kasane::csv {

// One field: quoted when it holds a comma, a double quote, CR or LF (quotes doubled), and prefixed with ' when it
// starts with = + - @, a tab or CR, so that spreadsheet software shows it as text instead of running a formula
// (OWASP "CSV Injection").
std::string Field(std::string_view text);

// One line: the fields joined by commas, ended by CRLF.
std::string Line(const std::vector<std::string>& cells);

enum class Encoding {
    kUtf8,        // UTF-8 with a byte order mark (EF BB BF), so that Excel detects it
    kWindows31j,  // Windows-31J (CP932), for older Excel that reads CSV as Shift_JIS
};
// "utf-8" or "windows-31j" (also "shift_jis", "sjis" and "cp932", meaning Windows-31J); anything else is refused.
std::optional<Encoding> ParseEncoding(std::string_view code);
std::string_view EncodingCode(Encoding encoding);  // "utf-8", "windows-31j"
std::string_view ContentType(Encoding encoding);   // "text/csv; charset=utf-8", "text/csv; charset=windows-31j"

// The mark a character Windows-31J cannot hold becomes.
inline constexpr std::string_view kSubstitute = "〓";

struct Encoded {
    std::string bytes;
    int substituted = 0;  // characters replaced by 〓 (always 0 for UTF-8)
};

// The text (UTF-8) as a file in the encoding. Invalid UTF-8 is refused (kInvalidArgument), never passed on.
Result<Encoded> Encode(std::string_view utf8_text, Encoding encoding);

}  // namespace kasane::csv
