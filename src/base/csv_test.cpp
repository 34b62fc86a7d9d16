// SPDX-License-Identifier: Apache-2.0
#include "base/csv.hpp"

#include <gtest/gtest.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <memory>
#include <string>

namespace kasane::csv {
namespace {

// Decodes Windows-31J with ICU, as a reader of the file would.
std::string DecodeWindows31j(std::string_view bytes) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* converter = ucnv_open("windows-31j", &status);
    EXPECT_TRUE(U_SUCCESS(status));
    std::u16string units(bytes.size() + 1, u'\0');
    const int32_t length = ucnv_toUChars(converter, units.data(), static_cast<int32_t>(units.size()), bytes.data(),
                                         static_cast<int32_t>(bytes.size()), &status);
    ucnv_close(converter);
    EXPECT_TRUE(U_SUCCESS(status));
    std::string out;
    icu::UnicodeString(units.data(), length).toUTF8String(out);
    return out;
}

TEST(CsvField, PlainTextStaysAsIs) {
    EXPECT_EQ(Field("佐藤 和子"), "佐藤 和子");
    EXPECT_EQ(Field(""), "");
}

TEST(CsvField, QuotesCommasQuotesAndLineBreaks) {
    EXPECT_EQ(Field("a,b"), "\"a,b\"");
    EXPECT_EQ(Field("彼は\"大丈夫\"と"), "\"彼は\"\"大丈夫\"\"と\"");
    EXPECT_EQ(Field("一行目\r\n二行目"), "\"一行目\r\n二行目\"");
    EXPECT_EQ(Field("x\ny"), "\"x\ny\"");
}

TEST(CsvField, GuardsFormulas) {
    EXPECT_EQ(Field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
    EXPECT_EQ(Field("+81"), "'+81");
    EXPECT_EQ(Field("-1"), "'-1");
    EXPECT_EQ(Field("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(Field("\tx"), "'\tx");
    EXPECT_EQ(Field("a=b"), "a=b");  // only a leading sign starts a formula
}

TEST(CsvLine, JoinsWithCommasAndEndsWithCrLf) {
    EXPECT_EQ(Line({"受付日", "a,b", "=1"}), "受付日,\"a,b\",'=1\r\n");
    EXPECT_EQ(Line({}), "\r\n");
}

TEST(CsvEncoding, ParsesTheCodesItOffers) {
    EXPECT_EQ(ParseEncoding("utf-8"), Encoding::kUtf8);
    EXPECT_EQ(ParseEncoding("windows-31j"), Encoding::kWindows31j);
    EXPECT_EQ(ParseEncoding("shift_jis"), Encoding::kWindows31j);
    EXPECT_FALSE(ParseEncoding("latin1").has_value());
    EXPECT_FALSE(ParseEncoding("").has_value());
    EXPECT_EQ(EncodingCode(Encoding::kWindows31j), "windows-31j");
}

TEST(CsvEncode, Utf8StartsWithTheByteOrderMark) {
    auto encoded = Encode("佐藤,𠮷田\r\n", Encoding::kUtf8);
    ASSERT_TRUE(encoded.has_value());
    EXPECT_EQ(encoded->bytes, "\xEF\xBB\xBF佐藤,𠮷田\r\n");
    EXPECT_EQ(encoded->substituted, 0);
}

TEST(CsvEncode, Windows31jRoundTripsJapaneseAndNecExtensions) {
    // ① and Ⅱ are NEC special characters, ㈱ too; 髙 is an IBM extension: all in CP932.
    const std::string text = "受付日,本人\r\n令和6年4月1日,佐藤 和子 ① Ⅱ ㈱ 髙橋 ｶﾀｶﾅ\r\n";
    auto encoded = Encode(text, Encoding::kWindows31j);
    ASSERT_TRUE(encoded.has_value());
    EXPECT_EQ(encoded->substituted, 0);
    EXPECT_EQ(DecodeWindows31j(encoded->bytes), text);
    // 佐 is 0x8DB2 in Shift_JIS: the bytes are CP932, not UTF-8.
    EXPECT_NE(encoded->bytes.find("\x8D\xB2"), std::string::npos);
    EXPECT_EQ(encoded->bytes.find("\xEF\xBB\xBF"), std::string::npos);
}

TEST(CsvEncode, Windows31jHoldsTheIbmExtensionsOfNames) {
    // 髙 (U+9AD9) and 﨑 (U+FA11) are IBM extensions of CP932, at 0xFBFC and 0xFAB1: kept, not marked.
    auto encoded = Encode("髙橋,山﨑", Encoding::kWindows31j);
    ASSERT_TRUE(encoded.has_value());
    EXPECT_EQ(encoded->substituted, 0);
    EXPECT_NE(encoded->bytes.find("\xFB\xFC"), std::string::npos);
    EXPECT_NE(encoded->bytes.find("\xFA\xB1"), std::string::npos);
    EXPECT_EQ(DecodeWindows31j(encoded->bytes), "髙橋,山﨑");
}

TEST(CsvEncode, Windows31jMarksWhatItCannotHoldAndCountsIt) {
    // 𠮷 (U+20BB7, つちよし) and 🙂 are not in CP932: each becomes 〓, visibly, and is counted.
    auto encoded = Encode("𠮷田 🙂,x", Encoding::kWindows31j);
    ASSERT_TRUE(encoded.has_value());
    EXPECT_EQ(encoded->substituted, 2);
    EXPECT_EQ(DecodeWindows31j(encoded->bytes), "〓田 〓,x");
}

TEST(CsvEncode, Windows31jWritesWaveDashAsWindowsDoes) {
    auto encoded = Encode("9時〜17時", Encoding::kWindows31j);
    ASSERT_TRUE(encoded.has_value());
    EXPECT_EQ(encoded->substituted, 0);
    EXPECT_EQ(DecodeWindows31j(encoded->bytes), "9時～17時");
}

TEST(CsvEncode, RefusesInvalidUtf8) {
    EXPECT_FALSE(Encode("\xFF\xFE", Encoding::kUtf8).has_value());
    EXPECT_FALSE(Encode("a\xC3", Encoding::kWindows31j).has_value());
}

}  // namespace
}  // namespace kasane::csv
