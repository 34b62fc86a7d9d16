// SPDX-License-Identifier: Apache-2.0
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

TEST(PrefectureCode, TwoDigitsOrTheSixDigitCodeOfThePrefecture) {
    EXPECT_EQ(ParsePrefectureCode("31"), std::string("31"));
    EXPECT_EQ(ParsePrefectureCode("310000"), std::string("31"));  // 鳥取県's 団体コード
    EXPECT_EQ(ParsePrefectureCode("130001"), std::string("13"));  // 東京都: remainder 10 gives the check digit 1
    EXPECT_EQ(ParsePrefectureCode("010006"), std::string("01"));  // 北海道
    for (const char* bad : {"310001", "313726", "00", "48", "3", "3a", "", "0310000", "480002"}) {
        const auto parsed = ParsePrefectureCode(bad);
        ASSERT_FALSE(parsed.has_value()) << bad;
        EXPECT_EQ(parsed.error().field, "code") << bad;
    }
}

TEST(PrefectureCode, EveryCodeRoundTripsThroughItsSixDigitForm) {
    for (int number = 1; number <= 47; ++number) {
        const std::string code = (number < 10 ? "0" : "") + std::to_string(number);
        const std::string six = PrefectureLocalGovernmentCode(code);
        EXPECT_TRUE(ValidateLocalGovernmentCode(six).has_value()) << six;
        EXPECT_EQ(ParsePrefectureCode(six), code);
        EXPECT_FALSE(PrefectureNameOf(code).empty());
    }
    EXPECT_EQ(PrefectureLocalGovernmentCode("31"), "310000");
    EXPECT_EQ(PrefectureNameOf("31"), "鳥取県");
    EXPECT_EQ(PrefectureNameOf("13"), "東京都");
    EXPECT_EQ(PrefectureNameOf("47"), "沖縄県");
    EXPECT_TRUE(PrefectureNameOf("48").empty());
}

TEST(PrefectureCode, TheNameMustBeTheCodesName) {
    auto tottori = ValidatePrefecture("310000", "鳥取県");
    ASSERT_TRUE(tottori.has_value());
    EXPECT_EQ(tottori->code, "31");
    const auto wrong = ValidatePrefecture("31", "島根県");
    ASSERT_FALSE(wrong.has_value());
    EXPECT_EQ(wrong.error().field, "name");
    EXPECT_NE(wrong.error().message.find("鳥取県"), std::string::npos);
    EXPECT_EQ(ValidatePrefecture("31", "").error().field, "name");
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

namespace kasane::domain {
namespace {

// 世帯数 of an area: a whole number 0..kMaxAreaHouseholds, as of a year not in the future, the year only with a count.
TEST(AreaHouseholdsTest, CountAndYearAreChecked) {
    EXPECT_TRUE(ValidateHouseholds(std::nullopt, std::nullopt, 2025));
    EXPECT_TRUE(ValidateHouseholds(0, std::nullopt, 2025));
    EXPECT_TRUE(ValidateHouseholds(5500, 2025, 2025));
    EXPECT_TRUE(ValidateHouseholds(kMaxAreaHouseholds, kFirstHouseholdsYear, 2025));
    auto negative = ValidateHouseholds(-1, std::nullopt, 2025);
    ASSERT_FALSE(negative);
    EXPECT_EQ(negative.error().field, "households");
    EXPECT_FALSE(ValidateHouseholds(kMaxAreaHouseholds + 1, std::nullopt, 2025));
    auto future = ValidateHouseholds(100, 2026, 2025);
    ASSERT_FALSE(future);
    EXPECT_EQ(future.error().field, "households_year");
    EXPECT_FALSE(ValidateHouseholds(100, kFirstHouseholdsYear - 1, 2025));
    auto year_alone = ValidateHouseholds(std::nullopt, 2025, 2025);
    ASSERT_FALSE(year_alone);
    EXPECT_EQ(year_alone.error().field, "households");
}

TEST(AreaHouseholdsTest, KindsIncludeGroupsAndDistricts) {
    EXPECT_EQ(ParseAreaKind("neighborhood_group"), AreaKind::kNeighborhoodGroup);
    EXPECT_EQ(AreaKindLabel(AreaKind::kNeighborhoodGroup), "班");
    EXPECT_EQ(ParseAreaKind("district"), AreaKind::kDistrict);
    EXPECT_EQ(AreaKindLabel(AreaKind::kDistrict), "地区");
}

}  // namespace
}  // namespace kasane::domain
