// SPDX-License-Identifier: Apache-2.0
#pragma once

// Japanese text for search, 名寄せ (record linkage) and input checks (architecture decision 8).
//
// A name is stored as typed and, beside it, as a search key made by NormalizeForSearch(). Two spellings of one
// name that people consider the same (サトウ / さとう / ｻﾄｳ, 髙橋 / 高橋, 斉藤 / 齋藤, 佐藤 一郎 / 佐藤一郎) have
// the same key, so an index over keys finds both. The index is of 2-grams (Bigrams()), because most family names
// are two kanji and a trigram index cannot serve a two-character query.
//
// All functions are pure and thread-safe. None of them fails or crashes on invalid UTF-8.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace kasane {

// The search key of a name, an address or a free-text query. Steps, in order:
//   1. Bytes that are not well-formed UTF-8 (overlongs, surrogates, truncated or stray bytes) are REPLACED by
//      U+FFFD, one per maximal ill-formed subpart (the W3C/WHATWG practice), so that the key never contains
//      invalid UTF-8 and two different bad inputs do not collapse into one valid name.
//   2. NFKC (ICU): half-width katakana become full-width (ｻﾄｳ → サトウ, ｶﾞ → ガ), full-width ASCII and digits
//      become ASCII (ＡＢＣ１２３ → ABC123), compatibility ideographs and squared words (㍻ → 平成) unfold.
//   3. Per code point: ASCII upper case → lower case; katakana → hiragana; small kana → large (ぁ→あ, っ→つ,
//      ゃ→や, ゎ→わ, ゕ→か, ゖ→け, ヵ→か, ヶ→け, ㇰ→く …); voiced and semi-voiced kana → plain (が→か, ぱ→は,
//      ヷ→わ, ゞ→ゝ), with the 四つ仮名 read alike (ぢ = じ → し, づ = ず → す) and ヴ read as ぶ (ヴ → ふ, ヴァ ヴィ
//      ヴェ ヴォ → は ひ へ ほ), and combining or spacing sound marks (゛゜) removed; prolonged sound marks (ー),
//      hyphens and dashes (- ‐ ‑ ‒ – — ― −), middle dots (・ ·), all white space (including U+3000),
//      zero-width spaces, word joiners, BOMs and variation selectors (including the ideographic variation
//      sequences used for name glyphs, 葛󠄀 → 葛) are removed; a kana that only lengthens the vowel before it is
//      removed like ー (ああ, いい, うう, ええ, えい, おお, おう: さとう = さとお = さとー, おおの = おーの, けいこ =
//      けーこ); variant kanji fold to one representative by the table generated from KANJIDIC2 and Unihan
//      (base/kanji_variants.hpp: 髙→高, 﨑/嵜/碕→崎, 齋/齊/斉→斎, 邊/邉→辺, 澤→沢, 濱/濵→浜, 國→国 …).
//      ICU folds none of them.
//   4. If removing characters brought a base letter and a combining mark together, steps 2–3 repeat, so that
//      the key is NFKC-normalised and NormalizeForSearch(NormalizeForSearch(x)) == NormalizeForSearch(x).
// The key is for comparison only; never show it to people.
std::string NormalizeForSearch(std::string_view text);

// NFKC of `text` (ICU), with ill-formed UTF-8 replaced by U+FFFD as in NormalizeForSearch() step 1. Exposed for
// parsers that want full-width digits and letters folded without the rest of the search folding.
std::string NormalizeNfkc(std::string_view text);

// The overlapping 2-code-point grams of a key made by NormalizeForSearch(), in order, duplicates kept:
// "さとう" → {"さと", "とう"}. A 1-code-point key yields itself, an empty key nothing. Ill-formed UTF-8 in `key`
// is read as U+FFFD, so every gram is valid UTF-8.
std::vector<std::string> Bigrams(std::string_view key);

// The digits of a telephone number, ASCII and full-width alike, in order; everything else is dropped, so that
// 0858-37-5000, ０８５８ー３７ー５０００ and (0858)375000 all give "0858375000".
std::string NormalizePhone(std::string_view text);

// Checks free text typed into a form or sent in the API: well-formed UTF-8, no control characters other than
// line feed and tab, at most `max_code_points` code points. Carriage returns are accepted as line ends (browsers
// submit textarea lines as CRLF): CRLF and a lone CR become LF in the returned text, which is otherwise the input
// unchanged, and the length is counted after that. Errors name `field` (in Error::field and, quoted, in the
// Japanese message): kInvalidArgument for bad UTF-8 or a control character, kPayloadTooLarge when too long.
Result<std::string> ValidateFreeText(std::string_view text, std::string_view field, std::size_t max_code_points);

}  // namespace kasane
