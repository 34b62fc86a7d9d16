// SPDX-License-Identifier: Apache-2.0
#include "base/csv.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <memory>

namespace kasane::csv {

std::string Field(std::string_view text) {
    std::string cell;
    if (!text.empty()) {
        const char first = text.front();
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            cell += '\'';
        }
    }
    cell += text;
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string quoted = "\"";
    for (const char c : cell) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

std::string Line(const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) line += ',';
        line += Field(cells[i]);
    }
    line += "\r\n";
    return line;
}

std::optional<Encoding> ParseEncoding(std::string_view code) {
    if (code == "utf-8" || code == "utf8") return Encoding::kUtf8;
    if (code == "windows-31j" || code == "shift_jis" || code == "sjis" || code == "cp932") {
        return Encoding::kWindows31j;
    }
    return std::nullopt;
}

std::string_view EncodingCode(Encoding encoding) { return encoding == Encoding::kUtf8 ? "utf-8" : "windows-31j"; }

std::string_view ContentType(Encoding encoding) {
    return encoding == Encoding::kUtf8 ? "text/csv; charset=utf-8" : "text/csv; charset=windows-31j";
}

namespace {

struct Substitutions {
    int count = 0;
};

// Counts each character the table cannot hold, then lets ICU write the substitution string (〓) for it.
void CountAndSubstitute(const void* context, UConverterFromUnicodeArgs* args, const UChar* units, int32_t length,
                        UChar32 code_point, UConverterCallbackReason reason, UErrorCode* status) {
    if (reason == UCNV_UNASSIGNED || reason == UCNV_ILLEGAL || reason == UCNV_IRREGULAR) {
        ++static_cast<Substitutions*>(const_cast<void*>(context))->count;
    }
    UCNV_FROM_U_CALLBACK_SUBSTITUTE(nullptr, args, units, length, code_point, reason, status);
}

struct ConverterCloser {
    void operator()(UConverter* converter) const { ucnv_close(converter); }
};

bool ValidUtf8(std::string_view text) {
    std::int32_t i = 0;
    const auto length = static_cast<std::int32_t>(text.size());
    while (i < length) {
        UChar32 c = 0;
        U8_NEXT(text.data(), i, length, c);
        if (c < 0) return false;
    }
    return true;
}

}  // namespace

Result<Encoded> Encode(std::string_view utf8_text, Encoding encoding) {
    if (!ValidUtf8(utf8_text)) return Fail(Error::InvalidArgument("CSVの文字がUTF-8として正しくありません"));
    if (encoding == Encoding::kUtf8) return Encoded{.bytes = "\xEF\xBB\xBF" + std::string(utf8_text)};

    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, ConverterCloser> converter(ucnv_open("windows-31j", &status));
    if (U_FAILURE(status)) return Fail(Error::Internal("Windows-31Jの変換表を開けません"));
    // ICU's CP932 fallbacks (〜 → ～ and the like, see csv.hpp) are what Windows writes too.
    ucnv_setFallback(converter.get(), 1);
    const icu::UnicodeString substitute = icu::UnicodeString::fromUTF8(kSubstitute);
    ucnv_setSubstString(converter.get(), substitute.getBuffer(), substitute.length(), &status);
    Substitutions substitutions;
    ucnv_setFromUCallBack(converter.get(), CountAndSubstitute, &substitutions, nullptr, nullptr, &status);
    if (U_FAILURE(status)) return Fail(Error::Internal("Windows-31Jの置換文字を設定できません"));

    const icu::UnicodeString text =
        icu::UnicodeString::fromUTF8(icu::StringPiece(utf8_text.data(), static_cast<int32_t>(utf8_text.size())));
    std::string bytes(static_cast<std::size_t>(text.length()) * 2 + 16, '\0');
    const int32_t written = ucnv_fromUChars(converter.get(), bytes.data(), static_cast<int32_t>(bytes.size()),
                                            text.getBuffer(), text.length(), &status);
    if (U_FAILURE(status) && status != U_STRING_NOT_TERMINATED_WARNING) {
        return Fail(Error::Internal("Windows-31Jに変換できません"));
    }
    bytes.resize(static_cast<std::size_t>(written));
    return Encoded{.bytes = std::move(bytes), .substituted = substitutions.count};
}

}  // namespace kasane::csv
