#include "domain/master_data.hpp"

#include <gtest/gtest.h>

#include "domain/user.hpp"

namespace kasane::domain {
namespace {

TEST(LocalGovernmentCode, AcceptsRealCodes) {
    EXPECT_TRUE(ValidateLocalGovernmentCode("313726").has_value());  // 北栄町
    EXPECT_TRUE(ValidateLocalGovernmentCode("312029").has_value());  // 米子市
    EXPECT_TRUE(ValidateLocalGovernmentCode("131016").has_value());  // 千代田区
    // Remainder 0 gives 11, written 1; remainder 1 gives 10, written 0.
    EXPECT_TRUE(ValidateLocalGovernmentCode("312011").has_value());  // 鳥取市
    EXPECT_TRUE(ValidateLocalGovernmentCode("310000").has_value());  // 鳥取県
    EXPECT_FALSE(ValidateLocalGovernmentCode("312010").has_value());
    EXPECT_FALSE(ValidateLocalGovernmentCode("310001").has_value());
}

TEST(LocalGovernmentCode, RejectsAPrefectureOutside01To47EvenWithAGoodCheckDigit) {
    const auto zero = ValidateLocalGovernmentCode("000001");
    ASSERT_FALSE(zero.has_value());
    EXPECT_EQ(zero.error().field, "code");
    EXPECT_FALSE(ValidateLocalGovernmentCode("480002").has_value());
}

TEST(LocalGovernmentCode, RejectsWrongCheckDigitAndShape) {
    const auto wrong = ValidateLocalGovernmentCode("313727");
    ASSERT_FALSE(wrong.has_value());
    EXPECT_EQ(wrong.error().field, "code");
    EXPECT_FALSE(ValidateLocalGovernmentCode("31372").has_value());
    EXPECT_FALSE(ValidateLocalGovernmentCode("31372a").has_value());
}

TEST(Codes, RoundTrip) {
    for (const OrganizationKind kind : kAllOrganizationKinds) {
        EXPECT_EQ(ParseOrganizationKind(OrganizationKindCode(kind)), kind);
    }
    for (const AreaKind kind : kAllAreaKinds) EXPECT_EQ(ParseAreaKind(AreaKindCode(kind)), kind);
    for (const Role role : kAllRoles) EXPECT_EQ(ParseRole(RoleCode(role)), role);
    EXPECT_EQ(ParseRole("root"), std::nullopt);
    EXPECT_EQ(OrganizationKindLabel(OrganizationKind::kCommunityCareCenter), "地域包括支援センター");
}

TEST(Username, Rules) {
    EXPECT_TRUE(ValidateUsername("demo-caseworker").has_value());
    EXPECT_FALSE(ValidateUsername("ab").has_value());
    EXPECT_FALSE(ValidateUsername("Upper").has_value());
    EXPECT_FALSE(ValidateUsername("名前です").has_value());
    EXPECT_FALSE(ValidatePassword("short").has_value());
    EXPECT_TRUE(ValidatePassword("パスワードは十文字以上").has_value());
}

}  // namespace
}  // namespace kasane::domain
