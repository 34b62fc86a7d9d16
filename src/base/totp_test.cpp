// SPDX-License-Identifier: Apache-2.0
#include "base/totp.hpp"

#include <gtest/gtest.h>

#include "base/crypto.hpp"

namespace kasane {
namespace {

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII of "12345678901234567890", codes of 8 digits.
constexpr std::string_view kRfcSecret = "12345678901234567890";

TEST(TotpTest, MatchesTheTestVectorsOfRfc6238) {
    const std::pair<std::int64_t, std::string_view> vectors[] = {
        {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
        {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
    };
    for (const auto& [time, expected] : vectors) {
        auto code = TotpCode(kRfcSecret, time, 8);
        ASSERT_TRUE(code.has_value()) << time;
        EXPECT_EQ(*code, expected) << time;
        // Six digits are the last six of the eight (the same truncation modulo 10^6).
        auto six = TotpCode(kRfcSecret, time, 6);
        ASSERT_TRUE(six.has_value());
        EXPECT_EQ(*six, expected.substr(2)) << time;
    }
}

TEST(TotpTest, MatchesOneStepEitherSideAndNoFurther) {
    const std::int64_t now = 1111111111;  // step 37037037
    const std::int64_t step = now / kTotpStepSeconds;
    for (int offset : {-1, 0, 1}) {
        auto code = TotpCode(kRfcSecret, now + offset * kTotpStepSeconds);
        ASSERT_TRUE(code.has_value());
        EXPECT_EQ(MatchTotpStep(kRfcSecret, now, *code), step + offset) << offset;
    }
    for (int offset : {-3, -2, 2, 3}) {
        auto code = TotpCode(kRfcSecret, now + offset * kTotpStepSeconds);
        ASSERT_TRUE(code.has_value());
        EXPECT_EQ(MatchTotpStep(kRfcSecret, now, *code), std::nullopt) << offset;
    }
    EXPECT_EQ(MatchTotpStep(kRfcSecret, now, "12345"), std::nullopt);
    EXPECT_EQ(MatchTotpStep(kRfcSecret, now, "12345a"), std::nullopt);
    EXPECT_EQ(MatchTotpStep(kRfcSecret, now, ""), std::nullopt);
}

TEST(TotpTest, Base32RoundTripsAndAcceptsWhatPeopleType) {
    // RFC 4648 section 10.
    EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");
    EXPECT_EQ(Base32Encode(kRfcSecret), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    auto decoded = Base32Decode("mzxw 6ytb oi");
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, "foobar");
    EXPECT_FALSE(Base32Decode("not base32!").has_value());
}

TEST(TotpTest, SealedSecretsOpenOnlyWithTheirKey) {
    ASSERT_TRUE(InitializeCrypto().has_value());
    const std::string sealed = SealSecret("server key", kRfcSecret);
    EXPECT_TRUE(sealed.starts_with("sb1:"));
    EXPECT_EQ(sealed.find(kRfcSecret), std::string::npos);
    EXPECT_NE(SealSecret("server key", kRfcSecret), sealed);  // a fresh nonce each time
    auto opened = OpenSecret("server key", sealed);
    ASSERT_TRUE(opened.has_value());
    EXPECT_EQ(*opened, kRfcSecret);
    EXPECT_FALSE(OpenSecret("another key", sealed).has_value());
    EXPECT_FALSE(OpenSecret("", sealed).has_value());
    const std::string raw = SealSecret("", kRfcSecret);
    EXPECT_TRUE(raw.starts_with("raw:"));
    EXPECT_EQ(raw.find(kRfcSecret), std::string::npos);
    EXPECT_EQ(OpenSecret("", raw).value_or(""), kRfcSecret);
}

}  // namespace
}  // namespace kasane
