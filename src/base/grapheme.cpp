// SPDX-License-Identifier: Apache-2.0
#include "base/grapheme.hpp"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <memory>
#include <stdexcept>

namespace kasane {
namespace {

// A character BreakIterator per thread (ICU's iterators are not thread-safe; creating one loads rules, so it is
// made once per thread and reset with a new text for each call).
icu::BreakIterator& CharacterBreaks() {
    thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> made(
            icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
        if (U_FAILURE(status) || !made) throw std::runtime_error("ICU character break iterator unavailable");
        return made;
    }();
    return *iterator;
}

// Calls `on_boundary(byte_offset)` for each boundary after the start, in order, until it returns false.
template <typename OnBoundary>
void ForEachBoundary(std::string_view text, OnBoundary on_boundary) {
    if (text.empty()) return;
    UErrorCode status = U_ZERO_ERROR;
    UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU could not open the text");
    icu::BreakIterator& breaks = CharacterBreaks();
    breaks.setText(utext, status);
    if (U_FAILURE(status)) {
        utext_close(utext);
        throw std::runtime_error("ICU could not set the text");
    }
    // UText over UTF-8 reports native (byte) offsets.
    for (int32_t at = breaks.next(); at != icu::BreakIterator::DONE; at = breaks.next()) {
        if (!on_boundary(static_cast<std::size_t>(at))) break;
    }
    // The iterator keeps a pointer to the text: give it an empty one before the text is closed.
    UText* empty = utext_openUTF8(nullptr, "", 0, &status);
    breaks.setText(empty, status);
    utext_close(utext);
    utext_close(empty);
}

}  // namespace

std::size_t GraphemeCount(std::string_view text) {
    std::size_t count = 0;
    ForEachBoundary(text, [&](std::size_t) {
        ++count;
        return true;
    });
    return count;
}

std::string CutGraphemes(std::string_view text, std::size_t limit, std::string_view ellipsis) {
    std::size_t count = 0;
    std::size_t cut = 0;
    bool longer = false;
    ForEachBoundary(text, [&](std::size_t at) {
        if (count == limit) {  // a cluster after the limit-th: the text is longer than the limit
            longer = true;
            return false;
        }
        ++count;
        cut = at;
        return true;
    });
    if (!longer) return std::string(text);
    std::string shown(text.substr(0, cut));
    shown += ellipsis;
    return shown;
}

}  // namespace kasane
