// SPDX-License-Identifier: Apache-2.0
#include "base/japanese_text.hpp"

#include "base/kanji_variants.hpp"

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
// Variant kanji (旧字体 and 異体字) folded to one representative for search and 名寄せ: the table generated at build
// time from KANJIDIC2 and Unihan (base/kanji_variants.hpp, scripts/gen_kanji_variants.mjs). ICU's NFKC folds only
// the compatibility ideographs that carry a canonical mapping (塚 U+FA10 → 塚); 髙, 﨑, 邊 or 澤 are ordinary
// ideographs (or, like 﨑 U+FA11, compatibility-block characters without a mapping) that no normalisation relates.

char32_t FoldVariantKanji(char32_t code_point) {
    const KanjiVariant* begin = kKanjiVariants;
    const KanjiVariant* end = kKanjiVariants + kKanjiVariantCount;
    const KanjiVariant* it = std::lower_bound(begin, end, code_point,
                                              [](const KanjiVariant& entry, char32_t c) { return entry.variant < c; });
    return it != end && it->variant == code_point ? it->representative : code_point;
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
    if (c == 0x3062) return 0x3057;                               // ぢ → し, as じ (四つ仮名)
    if (c == 0x3065) return 0x3059;                               // づ → す, as ず (四つ仮名)
    if (c <= 0x3061) return (c - 0x304B) % 2 == 1 ? c - 1 : c;    // が→か … ち
    if (c == 0x3063) return 0x3064;                               // っ → つ
    if (c == 0x3067 || c == 0x3069) return c - 1;                 // で→て, ど→と
    if (c <= 0x306E) return c;                                    // て と な に ぬ ね の
    if (c <= 0x307D) return 0x306F + (c - 0x306F) / 3 * 3;        // ば ぱ → は … ぼ ぽ → ほ
    if (c == 0x3083 || c == 0x3085 || c == 0x3087) return c + 1;  // ゃ ゅ ょ → や ゆ よ
    if (c == 0x308E) return 0x308F;                               // ゎ → わ
    if (c == 0x3094) return 0x3075;                               // ゔ → ふ, as ぶ (ヴァ is handled in FoldAll)
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

// The vowel of a folded kana (plain, large, unvoiced hiragana), or 0.
char VowelOf(char32_t c) {
    static constexpr std::u32string_view kKana =
        U"あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわゐゑを";
    static constexpr std::string_view kVowels = "aiueoaiueoaiueoaiueoaiueoaiueoaiueoauoaiueoaieo";
    static_assert(kKana.size() == kVowels.size());
    const auto at = kKana.find(c);
    return at == std::u32string_view::npos ? 0 : kVowels[at];
}

// Whether the folded kana `c` after a kana with vowel `previous` only lengthens that vowel (長音): ああ, いい, うう,
// ええ and えい, おお and おう are read as one long vowel, as ー is. さとう, さとお, さとー and さと have one key.
bool LengthensVowel(char previous, char32_t c) {
    switch (c) {
        case U'あ': return previous == 'a';
        case U'い': return previous == 'i' || previous == 'e';
        case U'う': return previous == 'u' || previous == 'o';
        case U'え': return previous == 'e';
        case U'お': return previous == 'o';
        default: return false;
    }
}

// ヴァ ヴィ ヴェ ヴォ (and ゔぁ …) are read ば び べ ぼ: the plain form after the sound mark is removed.
char32_t VuSyllable(char32_t vu, char32_t next) {
    if (vu != 0x30F4 && vu != 0x3094) return 0;
    switch (next) {
        case 0x3041:
        case 0x30A1: return U'は';  // ぁ ァ
        case 0x3043:
        case 0x30A3: return U'ひ';  // ぃ ィ
        case 0x3047:
        case 0x30A7: return U'へ';  // ぇ ェ
        case 0x3049:
        case 0x30A9: return U'ほ';  // ぉ ォ
        default: return 0;
    }
}

icu::UnicodeString FoldAll(const icu::UnicodeString& text) {
    icu::UnicodeString out;
    const int32_t length = text.length();
    const char16_t* units = text.getBuffer();
    int32_t i = 0;
    char previous_vowel = 0;
    while (i < length) {
        UChar32 c;
        U16_NEXT(units, i, length, c);
        char32_t folded = 0;
        if (i < length) {
            int32_t next_at = i;
            UChar32 next;
            U16_NEXT(units, next_at, length, next);
            if (const char32_t syllable = VuSyllable(static_cast<char32_t>(c), static_cast<char32_t>(next))) {
                folded = syllable;
                i = next_at;
            }
        }
        if (folded == 0) folded = FoldCodePoint(static_cast<char32_t>(c));
        if (folded == kRemove) continue;
        if (LengthensVowel(previous_vowel, folded)) continue;
        previous_vowel = VowelOf(folded);
        AppendUtf16(out, folded);
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
