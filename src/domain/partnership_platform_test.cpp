// SPDX-License-Identifier: Apache-2.0
// 官民連携プラットフォーム and 協議会: the 公示's number and date, the 共同設置 partner's 団体コード (check digit, not
// a prefecture, not the town itself), a member either of the town or named outside with its town, a 分科会's members of
// the platform, a 孤独・孤立 協議会 linked only to its statutory body, and who may manage them.

#include "domain/partnership_platform.hpp"

#include <gtest/gtest.h>

#include "domain/access_policy.hpp"

namespace kasane::domain {
namespace {

constexpr std::string_view kOwnCode = "313726";  // 北栄町

Date On(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

PartnershipPlatform Council() {
    return PartnershipPlatform{.kind = PlatformKind::kIsolationCouncil,
                               .name = "北栄町・琴浦町 孤独・孤立対策地域協議会"};
}

TEST(PartnershipPlatformRules, TheNoticeNeedsItsNumberAsPublishedAndItsDate) {
    PartnershipPlatform council = Council();
    EXPECT_TRUE(ValidatePlatform(council, kOwnCode));
    council.notice_number = "北栄町告示第12号";
    EXPECT_EQ(ValidatePlatform(council, kOwnCode).error().field, "notice_on");
    council.notice_on = On(2024, 4, 1);
    EXPECT_TRUE(ValidatePlatform(council, kOwnCode));
    council.notice_number = "北栄町告示第１２号";  // 全角 digits as published
    EXPECT_TRUE(ValidatePlatform(council, kOwnCode));
    council.notice_number = "北栄町告示12";
    EXPECT_EQ(ValidatePlatform(council, kOwnCode).error().field, "notice_number");
    council.notice_number = "";
    EXPECT_EQ(ValidatePlatform(council, kOwnCode).error().field, "notice_number");  // a date without a number
}

TEST(PartnershipPlatformRules, TheJointPartnerIsAnotherMunicipalityWithAValidCode) {
    PartnershipPlatform council = Council();
    council.partner_town_name = "琴浦町";
    EXPECT_EQ(ValidatePlatform(council, kOwnCode).error().field, "partner_town_code");
    council.partner_town_code = "313718";  // 琴浦町, check digit 8
    EXPECT_TRUE(ValidatePlatform(council, kOwnCode));
    council.partner_town_code = "313710";  // a wrong check digit
    EXPECT_EQ(ValidatePlatform(council, kOwnCode).error().field, "partner_town_code");
    council.partner_town_code = "310000";  // 鳥取県: a prefecture
    EXPECT_EQ(ValidatePlatform(council, kOwnCode).error().field, "partner_town_code");
    council.partner_town_code = std::string(kOwnCode);
    EXPECT_EQ(ValidatePlatform(council, kOwnCode).error().field, "partner_town_code");
    council.partner_town_name = "";
    council.partner_town_code = "313718";
    EXPECT_EQ(ValidatePlatform(council, kOwnCode).error().field, "partner_town_name");
}

TEST(PartnershipPlatformRules, OnlyACouncilIsLinkedToAMeetingBodyAndAnIsolationCouncilToItsOwnKind) {
    EXPECT_TRUE(MayLinkBody(PlatformKind::kIsolationCouncil, LegalBasis::kIsolationCouncil));
    EXPECT_FALSE(MayLinkBody(PlatformKind::kIsolationCouncil, LegalBasis::kArticle106_6));
    EXPECT_TRUE(MayLinkBody(PlatformKind::kOtherCouncil, LegalBasis::kDisabilityCouncil));
    EXPECT_FALSE(MayLinkBody(PlatformKind::kPublicPrivatePlatform, LegalBasis::kIsolationCouncil));
    PartnershipPlatform platform{
        .kind = PlatformKind::kPublicPrivatePlatform, .name = "官民連携PF", .meeting_body_id = MeetingBodyId{3}};
    EXPECT_EQ(ValidatePlatform(platform, kOwnCode).error().field, "meeting_body_id");
}

TEST(PartnershipPlatformRules, AMemberIsOfTheTownOrNamedOutsideWithItsTown) {
    PlatformMember member{.sector = Sector::kSocialWelfareCouncil};
    EXPECT_EQ(ValidateMember(member).error().field, "organization_id");
    member.organization_id = OrganizationId{4};
    EXPECT_TRUE(ValidateMember(member));
    member.outside_name = "琴浦町社会福祉協議会";
    EXPECT_EQ(ValidateMember(member).error().field, "organization_id");  // not both
    member.organization_id.reset();
    EXPECT_EQ(ValidateMember(member).error().field, "outside_town");
    member.outside_town = "琴浦町";
    EXPECT_TRUE(ValidateMember(member));
}

TEST(PartnershipPlatformRules, ASubgroupsMembersAreThePlatformsAndAnEntrysSubgroupIsItsOwn) {
    const PartnershipPlatformId platform{1};
    const std::vector<PlatformMember> members = {
        {.id = PlatformMemberId{10}, .platform_id = platform, .organization_id = OrganizationId{4}},
        {.id = PlatformMemberId{11}, .platform_id = PartnershipPlatformId{2}, .organization_id = OrganizationId{4}}};
    PlatformSubgroup subgroup{.platform_id = platform, .name = "居場所づくり分科会", .members = {PlatformMemberId{10}}};
    EXPECT_TRUE(ValidateSubgroup(subgroup, members));
    subgroup.members.push_back(PlatformMemberId{10});
    EXPECT_EQ(ValidateSubgroup(subgroup, members).error().field, "members");
    subgroup.members = {PlatformMemberId{11}};  // another platform's member
    EXPECT_EQ(ValidateSubgroup(subgroup, members).error().field, "members");
    subgroup.name = "";
    subgroup.members = {};
    EXPECT_EQ(ValidateSubgroup(subgroup, members).error().field, "name");

    const std::vector<PlatformSubgroup> subgroups = {
        {.id = PlatformSubgroupId{5}, .platform_id = platform, .name = "居場所づくり分科会"}};
    PlatformEntry entry{
        .platform_id = platform, .kind = EntryKind::kMeeting, .dated = On(2024, 6, 3), .title = "第1回 全体会"};
    EXPECT_TRUE(ValidateEntry(entry, subgroups));
    entry.subgroup_id = PlatformSubgroupId{6};
    EXPECT_EQ(ValidateEntry(entry, subgroups).error().field, "subgroup_id");
    entry.subgroup_id = PlatformSubgroupId{5};
    entry.title = "";
    EXPECT_EQ(ValidateEntry(entry, subgroups).error().field, "title");
}

TEST(PartnershipPlatformCodes, RoundTrip) {
    for (const PlatformKind kind : kAllPlatformKinds) EXPECT_EQ(ParsePlatformKind(PlatformKindCode(kind)), kind);
    for (const Sector sector : kAllSectors) EXPECT_EQ(ParseSector(SectorCode(sector)), sector);
    EXPECT_EQ(ParseEntryKind("notice"), EntryKind::kNotice);
    EXPECT_FALSE(ParseSector("bank"));
}

TEST(PartnershipPlatformAccess, TheTownsAdministratorsAndCoordinatorsManage) {
    const auto principal = [](Role role) {
        Principal p;
        p.user.roles = {role};
        return p;
    };
    EXPECT_TRUE(MayManagePartnershipPlatform(principal(Role::kMunicipalAdministrator), OrganizationKind::kNpo));
    EXPECT_TRUE(MayManagePartnershipPlatform(principal(Role::kCoordinator), OrganizationKind::kMunicipalDivision));
    EXPECT_TRUE(MayManagePartnershipPlatform(principal(Role::kCoordinator), OrganizationKind::kSocialWelfareCouncil));
    EXPECT_FALSE(MayManagePartnershipPlatform(principal(Role::kCoordinator), OrganizationKind::kNpo));
    EXPECT_FALSE(MayManagePartnershipPlatform(principal(Role::kCaseworker), OrganizationKind::kMunicipalDivision));
    EXPECT_TRUE(MayReadPartnershipPlatform(principal(Role::kCaseworker)));
    EXPECT_FALSE(MayReadPartnershipPlatform(principal(Role::kAuditor)));
}

}  // namespace
}  // namespace kasane::domain
