// SPDX-License-Identifier: Apache-2.0
#include "base/japanese_text.hpp"

#include "base/kanji_variants.hpp"

#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace kasane {
namespace {

std::string Utf8(char32_t code_point) {
    icu::UnicodeString text(static_cast<UChar32>(code_point));
    std::string out;
    text.toUTF8String(out);
    return out;
}

TEST(NormalizeForSearch, HalfWidthKatakanaHiraganaAndKatakanaMatch) {
    // The う of さとう only lengthens the vowel (長音), so the key is さと for every spelling.
    EXPECT_EQ(NormalizeForSearch("ｻﾄｳ"), "さと");
    EXPECT_EQ(NormalizeForSearch("サトウ"), "さと");
    EXPECT_EQ(NormalizeForSearch("さとう"), "さと");
}

TEST(NormalizeForSearch, VoicedMarksFoldInEveryForm) {
    const std::string key = NormalizeForSearch("カ");
    EXPECT_EQ(key, "か");
    EXPECT_EQ(NormalizeForSearch("ｶﾞ"), key);        // half-width with half-width mark
    EXPECT_EQ(NormalizeForSearch("ガ"), key);        // precomposed
    EXPECT_EQ(NormalizeForSearch("カ\u3099"), key);  // decomposed with combining mark
    EXPECT_EQ(NormalizeForSearch("カ゛"), key);      // spacing mark
    EXPECT_EQ(NormalizeForSearch("が"), key);
    EXPECT_EQ(NormalizeForSearch("ぱ"), "は");
    EXPECT_EQ(NormalizeForSearch("ば"), "は");
    EXPECT_EQ(NormalizeForSearch("ﾊﾟ"), "は");
    EXPECT_EQ(NormalizeForSearch("ゔ"), "ふ");  // ヴ is read ぶ
    EXPECT_EQ(NormalizeForSearch("ヴ"), "ふ");
    EXPECT_EQ(NormalizeForSearch("ｳﾞ"), "ふ");
    EXPECT_EQ(NormalizeForSearch("ヷ"), "わ");
    EXPECT_EQ(NormalizeForSearch("ゞ"), "ゝ");
    EXPECT_EQ(NormalizeForSearch("ヾ"), "ゝ");
    EXPECT_EQ(NormalizeForSearch("ヅ"), "す");  // 四つ仮名: づ = ず
    EXPECT_EQ(NormalizeForSearch("ぢ"), "し");  // ぢ = じ
    EXPECT_EQ(NormalizeForSearch("ボ"), "ほ");
    EXPECT_EQ(NormalizeForSearch("ポ"), "ほ");
    EXPECT_EQ(NormalizeForSearch("ド"), "と");
    EXPECT_EQ(NormalizeForSearch("デ"), "て");
}

TEST(NormalizeForSearch, SmallKanaBecomeLarge) {
    EXPECT_EQ(NormalizeForSearch("ぁぃぅぇぉ"), "あいうえお");
    EXPECT_EQ(NormalizeForSearch("っゃゅょゎ"), "つやゆよわ");
    EXPECT_EQ(NormalizeForSearch("ゕゖ"), "かけ");
    EXPECT_EQ(NormalizeForSearch("ァィゥェォッャュョヮヵヶ"), "あいうえおつやゆよわかけ");
    EXPECT_EQ(NormalizeForSearch("ｧｨｩｪｫｯｬｭｮ"), "あいうえおつやゆよ");
    EXPECT_EQ(NormalizeForSearch("ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"), "くしすとぬはひふへほむらりるれろ");
    EXPECT_EQ(NormalizeForSearch("ョ"), NormalizeForSearch("ヨ"));
    EXPECT_EQ(NormalizeForSearch("キョウコ"), NormalizeForSearch("きようこ"));
    EXPECT_EQ(NormalizeForSearch("\U0001B132\U0001B155\U0001B167"), "ここん");
}

TEST(NormalizeForSearch, FullWidthAsciiAndDigitsFold) {
    EXPECT_EQ(NormalizeForSearch("ＡＢＣ１２３"), "abc123");
    EXPECT_EQ(NormalizeForSearch("ABC123"), "abc123");
    EXPECT_EQ(NormalizeForSearch("abc123"), "abc123");
    EXPECT_EQ(NormalizeForSearch("Ｓａｔｏ"), "sato");
}

TEST(NormalizeForSearch, WhiteSpaceProlongedSoundMarkAndMiddleDotRemoved) {
    EXPECT_EQ(NormalizeForSearch("佐藤 一郎"), "佐藤一郎");
    EXPECT_EQ(NormalizeForSearch("佐藤　一郎"), "佐藤一郎");  // U+3000
    EXPECT_EQ(NormalizeForSearch(" 佐藤\t一郎\n"), "佐藤一郎");
    EXPECT_EQ(NormalizeForSearch("佐藤\u00A0\u2003一郎"), "佐藤一郎");
    EXPECT_EQ(NormalizeForSearch("サトー"), "さと");
    EXPECT_EQ(NormalizeForSearch("ｻﾄｰ"), "さと");
    EXPECT_EQ(NormalizeForSearch("ジョン・スミス"), "しよんすみす");
    EXPECT_EQ(NormalizeForSearch("ｼﾞｮﾝ･ｽﾐｽ"), "しよんすみす");
    EXPECT_EQ(NormalizeForSearch("1-2-3"), NormalizeForSearch("１－２－３"));
    EXPECT_EQ(NormalizeForSearch("1-2-3"), "123");
    EXPECT_EQ(NormalizeForSearch(""), "");
    EXPECT_EQ(NormalizeForSearch(" \u3000 "), "");
}

TEST(NormalizeForSearch, IdeographicVariationSequencesAndZeroWidthRemoved) {
    EXPECT_EQ(NormalizeForSearch("葛\U000E0100城"), "葛城");
    EXPECT_EQ(NormalizeForSearch("辻\U000E0101"), "辻");
    EXPECT_EQ(NormalizeForSearch("佐\u200B藤\uFEFF"), "佐藤");
}

TEST(NormalizeForSearch, VariantKanjiFold) {
    // Every pair the architecture promises, as (variant, representative).
    const std::vector<std::pair<std::string, std::string>> pairs = {
        {"髙", "高"}, {"﨑", "崎"}, {"嵜", "崎"}, {"碕", "崎"}, {"齋", "斎"}, {"齊", "斎"}, {"斉", "斎"},
        {"邊", "辺"}, {"邉", "辺"}, {"濵", "浜"}, {"濱", "浜"}, {"廣", "広"}, {"澤", "沢"}, {"櫻", "桜"},
        {"國", "国"}, {"嶋", "島"}, {"嶌", "島"}, {"冨", "富"}, {"惠", "恵"}, {"德", "徳"}, {"槇", "槙"},
        {"篭", "籠"}, {"𠮷", "吉"}, {"眞", "真"}, {"瀨", "瀬"}, {"曾", "曽"},
    };
    for (const auto& [variant, representative] : pairs) {
        EXPECT_EQ(NormalizeForSearch(variant), representative) << variant;
        EXPECT_EQ(NormalizeForSearch(representative), representative) << representative;
    }
    EXPECT_EQ(NormalizeForSearch("髙橋"), NormalizeForSearch("高橋"));
    EXPECT_EQ(NormalizeForSearch("山﨑"), NormalizeForSearch("山崎"));
    EXPECT_EQ(NormalizeForSearch("齋藤"), NormalizeForSearch("斉藤"));
    EXPECT_EQ(NormalizeForSearch("渡邉"), NormalizeForSearch("渡辺"));
    EXPECT_EQ(NormalizeForSearch("𠮷田"), "吉田");
    // Compatibility ideographs with a canonical mapping are NFKC's job: 塚 U+FA10 → 塚.
    EXPECT_EQ(NormalizeForSearch("\uFA10本"), "塚本");
    // Unrelated kanji are untouched.
    EXPECT_EQ(NormalizeForSearch("佐藤花子"), "佐藤花子");
}

TEST(NormalizeForSearch, YotsuganaAndVu) {
    // 四つ仮名: ぢ and じ, づ and ず sound the same and are written either way (ちぢみ / ちじみ, つづき / つずき).
    EXPECT_EQ(NormalizeForSearch("ちぢみ"), NormalizeForSearch("ちじみ"));
    EXPECT_EQ(NormalizeForSearch("ツヅキ"), NormalizeForSearch("つずき"));
    EXPECT_EQ(NormalizeForSearch("ｸﾞﾁﾞ"), NormalizeForSearch("ぐじ"));
    EXPECT_EQ(NormalizeForSearch("みかづき"), NormalizeForSearch("ミカズキ"));
    // ヴ is ぶ; ヴァ ヴィ ヴェ ヴォ are ば び べ ぼ.
    EXPECT_EQ(NormalizeForSearch("ヴァイオリン"), NormalizeForSearch("バイオリン"));
    EXPECT_EQ(NormalizeForSearch("ｳﾞｨｰﾅｽ"), NormalizeForSearch("ビーナス"));
    EXPECT_EQ(NormalizeForSearch("ヴェトナム"), NormalizeForSearch("ベトナム"));
    EXPECT_EQ(NormalizeForSearch("ゔぉ"), NormalizeForSearch("ボ"));
    EXPECT_EQ(NormalizeForSearch("ヴ"), NormalizeForSearch("ブ"));
    // つ and ち stay themselves.
    EXPECT_EQ(NormalizeForSearch("つ"), "つ");
    EXPECT_EQ(NormalizeForSearch("ち"), "ち");
}

TEST(NormalizeForSearch, LongVowelsReadAlike) {
    // ー, a repeated vowel and おう / えい are one long vowel.
    const std::string sato = NormalizeForSearch("さとう");
    EXPECT_EQ(NormalizeForSearch("サトー"), sato);
    EXPECT_EQ(NormalizeForSearch("さとお"), sato);
    EXPECT_EQ(NormalizeForSearch("ｻﾄｵ"), sato);
    EXPECT_EQ(NormalizeForSearch("おおの"), NormalizeForSearch("オーノ"));
    EXPECT_EQ(NormalizeForSearch("おうの"), NormalizeForSearch("オーノ"));
    EXPECT_EQ(NormalizeForSearch("けいこ"), NormalizeForSearch("ケーコ"));
    EXPECT_EQ(NormalizeForSearch("ゆうこ"), NormalizeForSearch("ユーコ"));
    EXPECT_EQ(NormalizeForSearch("しいな"), NormalizeForSearch("シーナ"));
    EXPECT_EQ(NormalizeForSearch("まあさ"), NormalizeForSearch("マーサ"));
    EXPECT_EQ(NormalizeForSearch("きょうこ"), NormalizeForSearch("キョーコ"));
    // A vowel after a different vowel is a syllable of its own.
    EXPECT_NE(NormalizeForSearch("あい"), NormalizeForSearch("あ"));
    EXPECT_NE(NormalizeForSearch("かお"), NormalizeForSearch("か"));
    EXPECT_NE(NormalizeForSearch("いえ"), NormalizeForSearch("い"));
    // Only kana: a kanji between two vowels keeps them.
    EXPECT_EQ(NormalizeForSearch("お王"), "お王");
    // The key is stable under folding again.
    for (const char* text : {"おおおう", "ええい", "さとーう", "ヴァー"}) {
        const std::string key = NormalizeForSearch(text);
        EXPECT_EQ(NormalizeForSearch(key), key) << text;
    }
}

TEST(NormalizeForSearch, GeneratedVariantTableFromKanjidicAndUnihan) {
    // The table is generated at build time (scripts/gen_kanji_variants.mjs): far more than a hand list.
    EXPECT_GT(kKanjiVariantCount, 1000u);
    for (std::size_t i = 1; i < kKanjiVariantCount; ++i) {
        ASSERT_LT(kKanjiVariants[i - 1].variant, kKanjiVariants[i].variant) << "sorted, no variant twice";
    }
    for (std::size_t i = 0; i < kKanjiVariantCount; ++i) {
        const char32_t representative = kKanjiVariants[i].representative;
        const bool folds_again =
            std::binary_search(kKanjiVariants, kKanjiVariants + kKanjiVariantCount, KanjiVariant{representative, 0},
                               [](const KanjiVariant& a, const KanjiVariant& b) { return a.variant < b.variant; });
        EXPECT_FALSE(folds_again) << "representative U+" << std::hex << static_cast<unsigned>(representative);
    }
    // Pairs that come from the sources, not from the hand table.
    const std::vector<std::pair<std::string, std::string>> pairs = {
        {"實", "実"}, {"壽", "寿"}, {"淺", "浅"}, {"藏", "蔵"}, {"榮", "栄"}, {"彌", "弥"}, {"亞", "亜"},
        {"穗", "穂"}, {"黑", "黒"}, {"圓", "円"}, {"關", "関"}, {"條", "条"}, {"與", "与"}, {"縣", "県"},
        {"會", "会"}, {"鐵", "鉄"}, {"靜", "静"}, {"學", "学"}, {"晉", "晋"}, {"瀧", "滝"}, {"豎", "竪"},
        {"龍", "竜"}, {"藝", "芸"}, {"鴎", "鷗"}, {"戶", "戸"}, {"澁", "渋"}, {"檜", "桧"}, {"廰", "庁"},
    };
    for (const auto& [variant, representative] : pairs) {
        EXPECT_EQ(NormalizeForSearch(variant), representative) << variant;
    }
    EXPECT_EQ(NormalizeForSearch("渡邊"), NormalizeForSearch("渡辺"));
    EXPECT_EQ(NormalizeForSearch("長濱"), NormalizeForSearch("長浜"));
    EXPECT_EQ(NormalizeForSearch("澤田"), NormalizeForSearch("沢田"));
    EXPECT_EQ(NormalizeForSearch("齊藤"), NormalizeForSearch("斎藤"));
    // Distinct Japanese kanji stay distinct, though Unihan relates some of them (a simplified Chinese form for
    // both, or a loose semantic link): 埼 / 崎, 寡 / 関, 瀕 / 浜, 発 / 髪, 后 / 後, 斗 / 闘, 耀 / 曜, 里 / 裏, 干 / 幹.
    const std::vector<std::pair<std::string, std::string>> distinct = {
        {"埼", "崎"}, {"寡", "関"}, {"瀕", "浜"}, {"発", "髪"}, {"后", "後"},
        {"斗", "闘"}, {"耀", "曜"}, {"里", "裏"}, {"干", "幹"}, {"云", "雲"},
    };
    for (const auto& [a, b] : distinct) {
        EXPECT_EQ(NormalizeForSearch(a), a) << a;
        EXPECT_EQ(NormalizeForSearch(b), b) << b;
    }
}

TEST(NormalizeForSearch, KanaTableAgreesWithUnicodeDecompositions) {
    // Every voiced or semi-voiced kana that Unicode decomposes into base + U+3099/U+309A must key like its base.
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    ASSERT_TRUE(U_SUCCESS(status));
    int voiced = 0;
    for (char32_t c = 0x3041; c <= 0x30FF; ++c) {
        icu::UnicodeString decomposition;
        if (!nfd->getDecomposition(static_cast<UChar32>(c), decomposition)) continue;
        if (decomposition.length() != 2) continue;
        const char16_t mark = decomposition.charAt(1);
        if (mark != 0x3099 && mark != 0x309A) continue;
        ++voiced;
        // Except the 四つ仮名 and ヴ, which are read as じ, ず and ぶ (NormalizeForSearch.YotsuganaAndVu).
        if (c == U'ぢ' || c == U'づ' || c == U'ゔ' || c == U'ヂ' || c == U'ヅ' || c == U'ヴ') continue;
        EXPECT_EQ(NormalizeForSearch(Utf8(c)), NormalizeForSearch(Utf8(decomposition.charAt(0))))
            << "U+" << std::hex << static_cast<unsigned>(c);
    }
    EXPECT_GE(voiced, 50);
    // Katakana and hiragana of the same sound share a key, for the whole block.
    for (char32_t c = 0x30A1; c <= 0x30F6; ++c) {
        EXPECT_EQ(NormalizeForSearch(Utf8(c)), NormalizeForSearch(Utf8(c - 0x60)))
            << std::hex << static_cast<unsigned>(c);
    }
}

TEST(NormalizeForSearch, IllFormedUtf8BecomesReplacementCharacters) {
    const std::string replacement = "\uFFFD";
    EXPECT_EQ(NormalizeForSearch("\xFF"), replacement);
    EXPECT_EQ(NormalizeForSearch("a\xE3\x81"), "a" + replacement);         // truncated さ-like sequence
    EXPECT_EQ(NormalizeForSearch("\xC0\xAF"), replacement + replacement);  // overlong '/'
    EXPECT_EQ(NormalizeForSearch("\xED\xA0\x80"), replacement + replacement + replacement);  // surrogate
    EXPECT_EQ(NormalizeForSearch("\xF4\x90\x80\x80x"), replacement + replacement + replacement + replacement + "x");
    EXPECT_EQ(NormalizeForSearch(std::string("\0a", 2)), std::string("\0a", 2));
    EXPECT_EQ(NormalizeForSearch("ｻ\x80ﾄｳ"), "さ" + replacement + "と");
}

TEST(NormalizeForSearch, ComposesAfterRemovals) {
    // The space between "e" and a combining acute goes; the pair then composes, and the key is stable.
    EXPECT_EQ(NormalizeForSearch("e \u0301"), "\u00E9");
    // "J" + caron has no precomposed form; "j" + caron does (U+01F0).
    EXPECT_EQ(NormalizeForSearch("J\u030C"), "\u01F0");
    EXPECT_EQ(NormalizeForSearch(NormalizeForSearch("J\u030C")), NormalizeForSearch("J\u030C"));
}

TEST(NormalizeForSearch, AsciiFastPathAgreesWithGeneralPath) {
    for (int c = 0; c < 0x80; ++c) {
        const std::string ascii(1, static_cast<char>(c));
        EXPECT_EQ(NormalizeForSearch(ascii + "あ"), NormalizeForSearch(ascii) + "あ") << c;
    }
}

TEST(NormalizeForSearch, IsIdempotentForEveryCodePoint) {
    std::size_t checked = 0;
    for (char32_t c = 0; c <= 0x10FFFF; ++c) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        const std::string key = NormalizeForSearch(Utf8(c));
        const std::string again = NormalizeForSearch(key);
        if (again != key) ADD_FAILURE() << "U+" << std::hex << static_cast<unsigned>(c);
        ++checked;
    }
    EXPECT_EQ(checked, 0x110000u - 0x800u);
}

TEST(NormalizeForSearch, KeysOneMillionNames) {
    const std::vector<std::string> names = {
        "佐藤 花子",       "ｻﾄｳ ﾊﾅｺ",   "髙橋　一郎",     "タカハシ イチロウ", "渡邉 美由紀",
        "ワタナベ ミユキ", "山﨑 翔太", "Yamazaki Shota", "齋藤 ゆうこ",       "鳥取県東伯郡〇〇町１２３－４"};
    constexpr int kCount = 1'000'000;
    std::size_t total_bytes = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kCount; ++i)
        total_bytes += NormalizeForSearch(names[static_cast<std::size_t>(i) % names.size()]).size();
    const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("[ metric   ] NormalizeForSearch: %d names in %.2f s (%.0f names/s, %zu key bytes)\n", kCount, elapsed,
                kCount / elapsed, total_bytes);
    EXPECT_GT(total_bytes, 0u);
}

TEST(NormalizeNfkc, FoldsWidthsOnly) {
    EXPECT_EQ(NormalizeNfkc("ＡＢＣ１２３ｶﾞ"), "ABC123ガ");
    EXPECT_EQ(NormalizeNfkc("令和　６年"), "令和 6年");
    EXPECT_EQ(NormalizeNfkc("㍻"), "平成");
    EXPECT_EQ(NormalizeNfkc("\xFF"), "\uFFFD");
}

TEST(Bigrams, OverlapTwoCodePoints) {
    EXPECT_EQ(Bigrams(NormalizeForSearch("佐藤花子")), (std::vector<std::string>{"佐藤", "藤花", "花子"}));
    EXPECT_EQ(Bigrams("佐藤"), (std::vector<std::string>{"佐藤"}));
    EXPECT_EQ(Bigrams("佐"), (std::vector<std::string>{"佐"}));
    EXPECT_EQ(Bigrams(""), (std::vector<std::string>{}));
    EXPECT_EQ(Bigrams("abc"), (std::vector<std::string>{"ab", "bc"}));
    EXPECT_EQ(Bigrams("ささささ"), (std::vector<std::string>{"ささ", "ささ", "ささ"}));
    EXPECT_EQ(Bigrams("𠮷田"), (std::vector<std::string>{"𠮷田"}));
    EXPECT_EQ(Bigrams("a\xFF"), (std::vector<std::string>{"a\uFFFD"}));
}

TEST(NormalizePhone, KeepsDigitsOfEveryForm) {
    EXPECT_EQ(NormalizePhone("0858-37-5000"), "0858375000");
    EXPECT_EQ(NormalizePhone("０８５８ー３７ー５０００"), "0858375000");
    EXPECT_EQ(NormalizePhone("(0858)375000"), "0858375000");
    EXPECT_EQ(NormalizePhone("（０８５８）３７－５０００"), "0858375000");
    EXPECT_EQ(NormalizePhone(" 090 1234 5678 "), "09012345678");
    EXPECT_EQ(NormalizePhone("+81-858-37-5000"), "81858375000");
    EXPECT_EQ(NormalizePhone("電話なし"), "");
    EXPECT_EQ(NormalizePhone("\xEF\xBC"), "");  // truncated full-width digit
}

TEST(ValidateFreeText, AcceptsTextAndNormalisesLineEnds) {
    auto text = ValidateFreeText("自宅を訪問。\r\n本人と面談\t30分。\rまた来週。\n", "note", 100);
    ASSERT_TRUE(text.has_value()) << text.error().message;
    EXPECT_EQ(*text, "自宅を訪問。\n本人と面談\t30分。\nまた来週。\n");
    auto empty = ValidateFreeText("", "note", 10);
    ASSERT_TRUE(empty.has_value());
    EXPECT_EQ(*empty, "");
}

TEST(ValidateFreeText, CountsCodePointsNotBytes) {
    EXPECT_TRUE(ValidateFreeText("あいうえお", "name", 5).has_value());
    const auto too_long = ValidateFreeText("あいうえおか", "name", 5);
    ASSERT_FALSE(too_long.has_value());
    EXPECT_EQ(too_long.error().code, ErrorCode::kPayloadTooLarge);
    EXPECT_EQ(too_long.error().field, "name");
    EXPECT_EQ(too_long.error().message, "「name」は5文字以内で入力してください（現在6文字）");
    EXPECT_TRUE(ValidateFreeText("a\r\nb", "name", 3).has_value());  // CRLF counts as one
}

TEST(ValidateFreeText, RejectsControlCharacters) {
    for (const std::string& bad : {std::string("a\0b", 3), std::string("a\x1b[31m"), std::string("a\x7f"),
                                   std::string("a\u0085"), std::string("\x0b")}) {
        const auto result = ValidateFreeText(bad, "chief_complaint", 100);
        ASSERT_FALSE(result.has_value());
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(result.error().field, "chief_complaint");
        EXPECT_EQ(result.error().message, "「chief_complaint」に使用できない制御文字が含まれています");
    }
}

TEST(ValidateFreeText, RejectsIllFormedUtf8) {
    for (const char* bad : {"\xFF", "\xE3\x81", "\xC0\xAF", "\xED\xA0\x80", "ok\xF4\x90\x80\x80"}) {
        const auto result = ValidateFreeText(bad, "name", 100);
        ASSERT_FALSE(result.has_value());
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(result.error().field, "name");
        EXPECT_EQ(result.error().message, "「name」の文字コードが正しくありません（UTF-8 で送信してください）");
    }
    // A real U+FFFD typed by someone is a character like any other.
    EXPECT_TRUE(ValidateFreeText("\uFFFD", "name", 1).has_value());
}

}  // namespace
}  // namespace kasane
