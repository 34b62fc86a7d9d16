// SPDX-License-Identifier: Apache-2.0
#include "base/japanese_text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <utility>

namespace kasane {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Variant kanji (異体字) folded to one representative for search and 名寄せ. ICU's NFKC folds only the
// compatibility ideographs that carry a canonical mapping (U+F900 block, e.g. 塚 U+FA10 → 塚); the variants below
// are ordinary unified ideographs (or, like 﨑 U+FA11, compatibility-block characters without a mapping), so no
// Unicode normalisation relates them. The representative is the form in the 常用漢字表 or, failing that, the
// form most often registered. To extend: add a variant to its group, or add a group. Rules, checked at compile
// time below: a representative is never a variant of another group, and no variant appears twice — so folding
// is a single look-up and stays idempotent.
// The groups from 髙 to 籠 are the ones the architecture promises; the rest are common 旧字体/新字体 pairs of
// family and given names seen when records from different systems are merged.
struct VariantGroup {
    char32_t representative;
    std::u32string_view variants;
};
constexpr VariantGroup kVariantKanji[] = {
    {U'高', U"髙"}, {U'崎', U"﨑嵜碕"}, {U'斎', U"齋齊斉"}, {U'辺', U"邊邉"}, {U'浜', U"濵濱"}, {U'広', U"廣"},
    {U'沢', U"澤"}, {U'桜', U"櫻"},     {U'国', U"國"},     {U'島', U"嶋嶌"}, {U'富', U"冨"},   {U'恵', U"惠"},
    {U'徳', U"德"}, {U'槙', U"槇"},     {U'篭', U"籠"},     {U'吉', U"𠮷"},   {U'真', U"眞"},   {U'瀬', U"瀨"},
    {U'実', U"實"}, {U'寿', U"壽"},     {U'浅', U"淺"},     {U'蔵', U"藏"},   {U'栄', U"榮"},   {U'渋', U"澁"},
    {U'弥', U"彌"}, {U'曽', U"曾"},     {U'桧', U"檜"},     {U'亜', U"亞"},   {U'穂', U"穗"},   {U'戸', U"戶"},
    {U'黒', U"黑"}, {U'円', U"圓"},     {U'関', U"關"},     {U'条', U"條"},   {U'与', U"與"},   {U'鴎', U"鷗"},
    {U'県', U"縣"}, {U'会', U"會"},     {U'鉄', U"鐵"},     {U'静', U"靜"},   {U'学', U"學"},   {U'晋', U"晉"},
    {U'滝', U"瀧"}, {U'竪', U"豎"},
};

constexpr std::size_t CountVariants() {
    std::size_t count = 0;
    for (const auto& group : kVariantKanji) count += group.variants.size();
    return count;
}

// (variant, representative), sorted by variant for binary search.
constexpr auto kVariantIndex = [] {
    std::array<std::pair<char32_t, char32_t>, CountVariants()> index{};
    std::size_t next = 0;
    for (const auto& group : kVariantKanji) {
        for (const char32_t variant : group.variants) index[next++] = {variant, group.representative};
    }
    std::ranges::sort(index);
    return index;
}();

constexpr bool VariantTableIsConsistent() {
    for (std::size_t i = 1; i < kVariantIndex.size(); ++i) {
        if (kVariantIndex[i - 1].first == kVariantIndex[i].first) return false;  // a variant listed twice
    }
    for (const auto& group : kVariantKanji) {
        for (const auto& [variant, representative] : kVariantIndex) {
            if (variant == group.representative) return false;  // a representative that would fold again
        }
    }
    return true;
}
static_assert(VariantTableIsConsistent(), "kVariantKanji: a variant is listed twice or a representative folds");

char32_t FoldVariantKanji(char32_t code_point) {
    const auto it = std::ranges::lower_bound(kVariantIndex, code_point, {}, &std::pair<char32_t, char32_t>::first);
    return it != kVariantIndex.end() && it->first == code_point ? it->second : code_point;
}

// ---------------------------------------------------------------------------------------------------------------
// UTF-8 in and out.

constexpr char32_t kReplacement = 0xFFFD;

// Calls emit(code_point) for each scalar value of `text`; each maximal ill-formed subpart (Unicode 15, §3.9,
// "U+FFFD Substitution of Maximal Subparts") becomes one U+FFFD. Returns the number of ill-formed subparts.
template <class Emit>
std::size_t DecodeUtf8(std::string_view text, Emit&& emit) {
    std::size_t ill_formed = 0;
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    std::size_t i = 0;
    while (i < size) {
        const unsigned char lead = bytes[i];
        if (lead < 0x80) {
            emit(static_cast<char32_t>(lead));
            ++i;
            continue;
        }
        std::size_t length = 0;
        char32_t code_point = 0;
        // Bounds of the second byte, which exclude overlongs, surrogates and values above U+10FFFF.
        unsigned char second_low = 0x80;
        unsigned char second_high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            code_point = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            code_point = lead & 0x0F;
            if (lead == 0xE0) second_low = 0xA0;
            if (lead == 0xED) second_high = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            code_point = lead & 0x07;
            if (lead == 0xF0) second_low = 0x90;
            if (lead == 0xF4) second_high = 0x8F;
        } else {
            emit(kReplacement);
            ++ill_formed;
            ++i;
            continue;
        }
        std::size_t consumed = 1;
        bool complete = true;
        for (; consumed < length; ++consumed) {
            if (i + consumed >= size) {
                complete = false;
                break;
            }
            const unsigned char next = bytes[i + consumed];
            const unsigned char low = consumed == 1 ? second_low : 0x80;
            const unsigned char high = consumed == 1 ? second_high : 0xBF;
            if (next < low || next > high) {
                complete = false;
                break;
            }
            code_point = (code_point << 6) | (next & 0x3F);
        }
        emit(complete ? code_point : kReplacement);
        if (!complete) ++ill_formed;
        i += consumed;
    }
    return ill_formed;
}

void AppendUtf8(std::string& out, char32_t code_point) {
    if (code_point < 0x80) {
        out.push_back(static_cast<char>(code_point));
    } else if (code_point < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
        out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    } else if (code_point < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    }
}

void AppendUtf16(icu::UnicodeString& out, char32_t code_point) { out.append(static_cast<UChar32>(code_point)); }

// ---------------------------------------------------------------------------------------------------------------
// Per-code-point folding (step 3 of NormalizeForSearch). Fold(Fold(c)) == Fold(c) for every c, and every result
// is NFKC-stable on its own, which is what makes the key idempotent.

constexpr char32_t kRemove = 0xFFFFFFFF;

bool IsWhiteSpace(char32_t c) {
    // Unicode White_Space (PropList.txt).
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool IsRemovedForSearch(char32_t c) {
    return IsWhiteSpace(c) || c == 0x200B || c == 0x2060 || c == 0xFEFF ||    // zero-width space, word joiner, BOM
           (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF) ||  // variation selectors, IVS
           c == 0x30FC || c == 0xFF70 ||                                      // prolonged sound mark ー ｰ
           c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 ||         // hyphens, dashes, minus
           c == 0xFE58 || c == 0xFE63 || c == 0xFF0D ||                       //
           c == 0x30FB || c == 0xFF65 || c == 0x00B7 ||                       // middle dots ・ ･ ·
           (c >= 0x3099 && c <= 0x309C);  // sound marks ゛゜ (combining and spacing)
}

// Hiragana U+3041..U+3096 to its plain large form.
char32_t FoldHiragana(char32_t c) {
    if (c <= 0x304A) return (c - 0x3041) % 2 == 0 ? c + 1 : c;    // ぁ→あ … ぉ→お
    if (c <= 0x3062) return (c - 0x304B) % 2 == 1 ? c - 1 : c;    // が→か … ぢ→ち
    if (c == 0x3063 || c == 0x3065) return 0x3064;                // っ づ → つ
    if (c == 0x3067 || c == 0x3069) return c - 1;                 // で→て, ど→と
    if (c <= 0x306E) return c;                                    // て と な に ぬ ね の
    if (c <= 0x307D) return 0x306F + (c - 0x306F) / 3 * 3;        // ば ぱ → は … ぼ ぽ → ほ
    if (c == 0x3083 || c == 0x3085 || c == 0x3087) return c + 1;  // ゃ ゅ ょ → や ゆ よ
    if (c == 0x308E) return 0x308F;                               // ゎ → わ
    if (c == 0x3094) return 0x3046;                               // ゔ → う
    if (c == 0x3095) return 0x304B;                               // ゕ → か
    if (c == 0x3096) return 0x3051;                               // ゖ → け
    return c;
}

char32_t FoldCodePoint(char32_t c) {
    if (c < 0x80) {
        if (c >= 'A' && c <= 'Z') return c + ('a' - 'A');
        return IsRemovedForSearch(c) ? kRemove : c;
    }
    if (IsRemovedForSearch(c)) return kRemove;
    if (c >= 0x3041 && c <= 0x3096) return FoldHiragana(c);
    if (c == 0x309D || c == 0x309E) return 0x309D;                  // ゝ ゞ → ゝ
    if (c >= 0x30A1 && c <= 0x30F6) return FoldHiragana(c - 0x60);  // katakana → hiragana
    if (c >= 0x30F7 && c <= 0x30FA) return 0x308F + (c - 0x30F7);   // ヷ ヸ ヹ ヺ → わ ゐ ゑ を
    if (c == 0x30FD || c == 0x30FE) return 0x309D;                  // ヽ ヾ → ゝ
    if (c >= 0x31F0 && c <= 0x31FF) {                               // small katakana for Ainu: ㇰ → く …
        static constexpr char32_t kLarge[16] = {U'く', U'し', U'す', U'と', U'ぬ', U'は', U'ひ', U'ふ',
                                                U'へ', U'ほ', U'む', U'ら', U'り', U'る', U'れ', U'ろ'};
        return kLarge[c - 0x31F0];
    }
    if (c >= 0x1B132 && c <= 0x1B167) {  // Small Kana Extension
        switch (c) {
            case 0x1B132:
            case 0x1B155: return U'こ';
            case 0x1B150:
            case 0x1B164: return U'ゐ';
            case 0x1B151:
            case 0x1B165: return U'ゑ';
            case 0x1B152:
            case 0x1B166: return U'を';
            case 0x1B167: return U'ん';
            default: return c;
        }
    }
    if (c >= 0x4E00) return FoldVariantKanji(c);
    return c;
}

// ---------------------------------------------------------------------------------------------------------------

const icu::Normalizer2& Nfkc() {
    // getNFKCInstance returns a process-wide singleton owned by ICU; it is thread-safe once obtained.
    static const icu::Normalizer2* const instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
        if (U_FAILURE(status) || nfkc == nullptr) throw std::runtime_error("ICU NFKC data is not available");
        return nfkc;
    }();
    return *instance;
}

icu::UnicodeString DecodeToUtf16(std::string_view text) {
    icu::UnicodeString out;
    DecodeUtf8(text, [&out](char32_t c) { AppendUtf16(out, c); });
    return out;
}

icu::UnicodeString NfkcOf(const icu::UnicodeString& text) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString normalized = Nfkc().normalize(text, status);
    // Normalisation of well-formed UTF-16 fails only on memory exhaustion.
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC normalisation failed");
    return normalized;
}

bool IsNfkc(const icu::UnicodeString& text) {
    UErrorCode status = U_ZERO_ERROR;
    const bool normalized = Nfkc().isNormalized(text, status);
    return U_SUCCESS(status) && normalized;
}

icu::UnicodeString FoldAll(const icu::UnicodeString& text) {
    icu::UnicodeString out;
    const int32_t length = text.length();
    const char16_t* units = text.getBuffer();
    int32_t i = 0;
    while (i < length) {
        UChar32 c;
        U16_NEXT(units, i, length, c);
        const char32_t folded = FoldCodePoint(static_cast<char32_t>(c));
        if (folded != kRemove) AppendUtf16(out, folded);
    }
    return out;
}

bool IsAscii(std::string_view text) {
    return std::ranges::all_of(text, [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

std::string NormalizeForSearch(std::string_view text) {
    std::string out;
    if (IsAscii(text)) {
        // NFKC leaves ASCII unchanged and no ASCII pair composes, so the fold alone gives the same key as the
        // general path below, without ICU. Most addresses' digits and romanised queries take this path.
        out.reserve(text.size());
        for (const char c : text) {
            const char32_t folded = FoldCodePoint(static_cast<unsigned char>(c));
            if (folded != kRemove) out.push_back(static_cast<char>(folded));
        }
        return out;
    }
    icu::UnicodeString key = FoldAll(NfkcOf(DecodeToUtf16(text)));
    // Removing a character can join a base letter to a combining mark that now composes ("e", space, U+0301),
    // and lower-casing can create a pair that composes ("J" U+030C has no precomposed form, "j" U+030C does).
    // Folding again after NFKC settles it: composition creates no character the fold changes, so the second
    // round already yields an NFKC-normalised key. The bound guards against a surprise in future Unicode data.
    for (int round = 0; round < 4 && !IsNfkc(key); ++round) key = FoldAll(NfkcOf(key));
    key.toUTF8String(out);
    return out;
}

std::string NormalizeNfkc(std::string_view text) {
    std::string out;
    if (IsAscii(text)) return std::string(text);
    NfkcOf(DecodeToUtf16(text)).toUTF8String(out);
    return out;
}

std::vector<std::string> Bigrams(std::string_view key) {
    std::vector<char32_t> code_points;
    code_points.reserve(key.size());
    DecodeUtf8(key, [&code_points](char32_t c) { code_points.push_back(c); });
    std::vector<std::string> grams;
    if (code_points.size() == 1) {
        grams.emplace_back();
        AppendUtf8(grams.back(), code_points[0]);
        return grams;
    }
    if (code_points.size() > 1) grams.reserve(code_points.size() - 1);
    for (std::size_t i = 0; i + 1 < code_points.size(); ++i) {
        std::string gram;
        AppendUtf8(gram, code_points[i]);
        AppendUtf8(gram, code_points[i + 1]);
        grams.push_back(std::move(gram));
    }
    return grams;
}

std::string NormalizePhone(std::string_view text) {
    std::string digits;
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (bytes[i] >= '0' && bytes[i] <= '9') {
            digits.push_back(static_cast<char>(bytes[i]));
        } else if (bytes[i] == 0xEF && i + 2 < text.size() && bytes[i + 1] == 0xBC && bytes[i + 2] >= 0x90 &&
                   bytes[i + 2] <= 0x99) {
            // U+FF10..U+FF19 FULLWIDTH DIGIT ZERO..NINE is EF BC 90..99.
            digits.push_back(static_cast<char>('0' + (bytes[i + 2] - 0x90)));
            i += 2;
        }
    }
    return digits;
}

Result<std::string> ValidateFreeText(std::string_view text, std::string_view field, std::size_t max_code_points) {
    const std::string quoted = field.empty() ? std::string() : "「" + std::string(field) + "」";
    std::string out;
    out.reserve(text.size());
    std::size_t count = 0;
    bool control = false;
    bool after_cr = false;
    const std::size_t ill_formed = DecodeUtf8(text, [&](char32_t c) {
        if (c == '\n' && after_cr) {  // the LF of a CRLF: its CR already became the LF
            after_cr = false;
            return;
        }
        after_cr = c == '\r';
        if (c == '\r') c = '\n';
        // C0 controls other than LF and tab, DEL, and the C1 controls (general category Cc).
        if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7F && c <= 0x9F)) control = true;
        ++count;
        AppendUtf8(out, c);
    });
    if (ill_formed > 0) {
        return Fail(Error::InvalidArgument((quoted.empty() ? std::string() : quoted + "の") +
                                               "文字コードが正しくありません（UTF-8 で送信してください）",
                                           std::string(field)));
    }
    if (control) {
        return Fail(Error::InvalidArgument(
            (quoted.empty() ? std::string() : quoted + "に") + "使用できない制御文字が含まれています",
            std::string(field)));
    }
    if (count > max_code_points) {
        return Fail(Error::PayloadTooLarge((quoted.empty() ? std::string("入力") : quoted) + "は" +
                                               std::to_string(max_code_points) + "文字以内で入力してください（現在" +
                                               std::to_string(count) + "文字）",
                                           std::string(field)));
    }
    return out;
}

}  // namespace kasane
