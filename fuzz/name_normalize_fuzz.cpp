// SPDX-License-Identifier: Apache-2.0
// Japanese text normalisation on arbitrary bytes: base/japanese_text.hpp's promises. The search key is valid
// UTF-8 and idempotent, its 2-grams are valid UTF-8 and as many as the key's code points allow, a phone number
// keeps only ASCII digits, and free-text validation returns valid UTF-8 within its limit or an error naming the
// field.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/japanese_text.hpp"
#include "base/json.hpp"

namespace {

void Check(bool condition) {
    if (!condition) __builtin_trap();
}

// Bytes of the first code point of valid, non-empty UTF-8.
std::size_t FirstCodePointLength(std::string_view text) {
    std::size_t length = 1;
    while (length < text.size() && (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80) ++length;
    return length;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    const std::string key = kasane::NormalizeForSearch(input);
    Check(kasane::IsValidUtf8(key));
    Check(kasane::NormalizeForSearch(key) == key);
    Check(kasane::NormalizeNfkc(key) == key);  // the key is NFKC-normalised

    const auto grams = kasane::Bigrams(key);
    const std::size_t code_points = kasane::CodePointCount(key);
    Check(grams.size() == (code_points <= 1 ? code_points : code_points - 1));
    for (const auto& gram : grams) {
        Check(kasane::IsValidUtf8(gram));
        Check(kasane::CodePointCount(gram) == (code_points == 1 ? 1u : 2u));
    }
    if (code_points >= 2) {  // consecutive grams overlap by one code point and spell the key
        std::string joined = grams.front();
        for (std::size_t i = 1; i < grams.size(); ++i) {
            const std::size_t first_length = FirstCodePointLength(grams[i]);
            Check(joined.ends_with(grams[i].substr(0, first_length)));
            joined += grams[i].substr(first_length);
        }
        Check(joined == key);
    }
    for (const auto& gram : kasane::Bigrams(input)) Check(kasane::IsValidUtf8(gram));

    const std::string phone = kasane::NormalizePhone(input);
    for (const char c : phone) Check(c >= '0' && c <= '9');
    Check(kasane::NormalizePhone(phone) == phone);

    constexpr std::size_t kMaxCodePoints = 64;
    if (auto text = kasane::ValidateFreeText(input, "note", kMaxCodePoints)) {
        Check(kasane::IsValidUtf8(*text) && kasane::CodePointCount(*text) <= kMaxCodePoints);
        Check(text->find('\r') == std::string::npos);
        Check(kasane::ValidateFreeText(*text, "note", kMaxCodePoints).has_value());
    } else {
        Check(text.error().field == "note" && !text.error().message.empty());
    }
    return 0;
}
