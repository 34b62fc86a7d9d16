// SPDX-License-Identifier: Apache-2.0
#include "base/json.hpp"

#include <gtest/gtest.h>

namespace kasane {
namespace {

TEST(ParseJsonObject, AcceptsAnObject) {
    const auto parsed = ParseJsonObject(R"({"name":"福祉課","n":3})");
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ((*parsed)["name"], "福祉課");
}

TEST(ParseJsonObject, RejectsBadInputWithJapaneseMessages) {
    EXPECT_FALSE(ParseJsonObject("[1,2]").has_value());
    EXPECT_FALSE(ParseJsonObject("{").has_value());
    EXPECT_FALSE(ParseJsonObject("").has_value());
    const auto invalid_utf8 = ParseJsonObject("{\"a\":\"\xff\"}");
    ASSERT_FALSE(invalid_utf8.has_value());
    EXPECT_EQ(invalid_utf8.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(invalid_utf8.error().message, "本文が UTF-8 として正しくありません");
}

TEST(ParseJsonObject, RejectsDeepNestingWithoutRecursing) {
    const std::string deep = "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
    EXPECT_FALSE(ParseJsonObject(deep).has_value());
}

TEST(Utf8, RejectsOverlongsAndSurrogates) {
    EXPECT_TRUE(IsValidUtf8("重ね"));
    EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));
    EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));
    EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));
    EXPECT_FALSE(IsValidUtf8("\xe3\x81"));
    EXPECT_EQ(CodePointCount("重ねa"), 3u);
}

TEST(FieldReaders, NameTheFieldAndCountCodePoints) {
    const Json object = {{"name", "あいう"}, {"n", "x"}, {"flag", 1}};
    EXPECT_EQ(RequireString(object, "name", 3).value(), "あいう");
    const auto too_long = RequireString(object, "name", 2);
    ASSERT_FALSE(too_long.has_value());
    EXPECT_EQ(too_long.error().field, "name");
    EXPECT_EQ(too_long.error().code, ErrorCode::kPayloadTooLarge);
    const auto missing = RequireString(object, "other", 10);
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().field, "other");
    EXPECT_FALSE(RequireInteger(object, "n").has_value());
    EXPECT_FALSE(OptionalBool(object, "flag", false).has_value());
    EXPECT_EQ(OptionalString(object, "absent", 5).value(), std::nullopt);
}

}  // namespace
}  // namespace kasane
