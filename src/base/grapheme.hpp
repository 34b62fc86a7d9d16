// SPDX-License-Identifier: Apache-2.0
#pragma once

// Cutting text for display where space is short (drop-down labels, genogram names): by user-perceived character
// (extended grapheme cluster, Unicode UAX #29, through ICU's character BreakIterator), never inside one. A cut by
// byte left 「…母�」 in a drop-down (issue 13, item 10); a cut by code point would split が written as か + U+3099
// or a family emoji joined by ZWJ.

#include <cstddef>
#include <string>
#include <string_view>

namespace kasane {

// The number of grapheme clusters of UTF-8 `text` (ill-formed bytes count as one each, as ICU reads them).
std::size_t GraphemeCount(std::string_view text);

// `text` unchanged when it has at most `limit` grapheme clusters; otherwise its first `limit` clusters followed by
// `ellipsis` ("…" by default). Never cuts inside a cluster nor inside a UTF-8 sequence.
std::string CutGraphemes(std::string_view text, std::size_t limit, std::string_view ellipsis = "…");

}  // namespace kasane
