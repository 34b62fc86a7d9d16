// SPDX-License-Identifier: Apache-2.0
#include "base/grapheme.hpp"

#include <gtest/gtest.h>

#include <string>

namespace kasane {
namespace {

TEST(GraphemeTest, CountsUserPerceivedCharacters) {
    EXPECT_EQ(GraphemeCount(""), 0U);
    EXPECT_EQ(GraphemeCount("abc"), 3U);
    EXPECT_EQ(GraphemeCount("母"), 1U);                        // 3 bytes, one character
    EXPECT_EQ(GraphemeCount("\xE3\x81\x8B\xE3\x82\x99"), 1U);  // か + U+3099 (が)
    EXPECT_EQ(GraphemeCount("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7"),
              1U);  // 👨‍👩‍👧
    EXPECT_EQ(GraphemeCount("\r\n"), 1U);
}

TEST(GraphemeTest, ShortTextIsUnchanged) {
    EXPECT_EQ(CutGraphemes("", 3), "");
    EXPECT_EQ(CutGraphemes("父と母", 3), "父と母");
    EXPECT_EQ(CutGraphemes("父と母", 10), "父と母");
}

// The drop-down of issue 13: a byte cut left 「…母」 as 「…母�」. The cut falls after 母, never inside it.
TEST(GraphemeTest, NeverCutsInsideAKanji) {
    const std::string text = "高齢の父と母の世話";
    EXPECT_EQ(CutGraphemes(text, 5), "高齢の父と…");
    EXPECT_EQ(CutGraphemes(text, 6), "高齢の父と母…");
    for (std::size_t limit = 0; limit < 9; ++limit) {
        const std::string cut = CutGraphemes(text, limit);
        EXPECT_TRUE(cut.ends_with("…")) << limit;
        EXPECT_EQ(GraphemeCount(cut), limit + 1) << limit;  // the kept characters and the ellipsis
        EXPECT_TRUE(text.starts_with(cut.substr(0, cut.size() - std::string("…").size()))) << limit;
    }
}

TEST(GraphemeTest, KeepsAKanaWithItsCombiningDakuten) {
    // は + U+309A (ぱ), written with the combining mark: two code points, one character.
    const std::string pa = "\xE3\x81\xAF\xE3\x82\x9A";
    const std::string text = "ア" + pa + "ート";
    EXPECT_EQ(GraphemeCount(text), 4U);
    EXPECT_EQ(CutGraphemes(text, 2), "ア" + pa + "…");
    EXPECT_EQ(CutGraphemes(text, 1), "ア…");
}

TEST(GraphemeTest, KeepsAZwjEmojiSequenceWhole) {
    const std::string family =
        "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";  // 👨‍👩‍👧
    const std::string text = "家族" + family + "と相談";
    EXPECT_EQ(CutGraphemes(text, 3), "家族" + family + "…");
    EXPECT_EQ(CutGraphemes(text, 2), "家族…");
}

TEST(GraphemeTest, OtherEllipsisAndZeroLimit) {
    EXPECT_EQ(CutGraphemes("相談内容", 2, "..."), "相談...");
    EXPECT_EQ(CutGraphemes("相談内容", 0), "…");
}

TEST(GraphemeTest, IllFormedBytesAreNeverSplit) {
    // A stray continuation byte counts as a character of its own; the cut still falls on a boundary.
    const std::string text = std::string("母\x80") + "父";
    EXPECT_EQ(CutGraphemes(text, 1), "母…");
    EXPECT_EQ(GraphemeCount(text), 3U);
}

}  // namespace
}  // namespace kasane
