// SPDX-License-Identifier: Apache-2.0
#include "base/time.hpp"

#include <gtest/gtest.h>

namespace kasane {
namespace {

TEST(Iso8601, RoundTripsWithMilliseconds) {
    const auto parsed = ParseIso8601("2024-04-01T09:30:05.123Z");
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(FormatIso8601(*parsed), "2024-04-01T09:30:05.123Z");
}

TEST(Iso8601, AcceptsPostgresTextForm) {
    const auto parsed = ParseIso8601("2024-04-01 09:30:05.5+00");
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(FormatIso8601(*parsed), "2024-04-01T09:30:05.500Z");
}

TEST(Iso8601, RejectsImpossibleDates) {
    EXPECT_FALSE(ParseIso8601("2023-02-29T00:00:00Z").has_value());
    EXPECT_FALSE(ParseIso8601("2024-13-01T00:00:00Z").has_value());
    EXPECT_FALSE(ParseIso8601("2024-04-01T24:00:00Z").has_value());
    EXPECT_FALSE(ParseIso8601("2024-04-01T00:00:00+09:00").has_value());
    EXPECT_FALSE(ParseIso8601("garbage").has_value());
}

}  // namespace
}  // namespace kasane
