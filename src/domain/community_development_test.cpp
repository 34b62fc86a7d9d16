// SPDX-License-Identifier: Apache-2.0
// 地域づくり and the 地域課題 register: a session's counts refused when negative or impossible, the 通いの場 counting
// rule (one chosen month, a place counting if it met in it), the breakdowns withheld under the suppression floor,
// an action checked against its issue, and who may edit and read.

#include "domain/community_development.hpp"

#include <gtest/gtest.h>

#include "domain/access_policy.hpp"

namespace kasane::domain {
namespace {

using std::chrono::April;
using std::chrono::June;
using std::chrono::March;
using std::chrono::May;
using std::chrono::year;

Date On(int y, std::chrono::month m, int d) { return Date{year{y}, m, std::chrono::day{static_cast<unsigned>(d)}}; }

CommunitySession Session(std::int64_t place, Date held_on, long long participants, long long first_time = 0) {
    return CommunitySession{.place_id = CommunityPlaceId{place},
                            .held_on = held_on,
                            .participants = participants,
                            .first_time = first_time};
}

CommunityPlace Place(std::int64_t id) {
    return CommunityPlace{.id = CommunityPlaceId{id}, .name = "サロン" + std::to_string(id)};
}

TEST(CommunitySessionCounts, AcceptsAPlausibleSession) {
    CommunitySession session = Session(1, On(2024, April, 10), 12, 2);
    session.by_sex = SexCounts{4, 7, 0};
    session.by_age = AgeBandCounts{0, 1, 5, 6};
    session.organizations = 2;
    EXPECT_TRUE(ValidateSessionCounts(session));
}

TEST(CommunitySessionCounts, RefusesNegativeCounts) {
    auto negative = ValidateSessionCounts(Session(1, On(2024, April, 10), -1));
    ASSERT_FALSE(negative);
    EXPECT_EQ(negative.error().field, "participants");
    CommunitySession organizations = Session(1, On(2024, April, 10), 3);
    organizations.organizations = -2;
    EXPECT_EQ(ValidateSessionCounts(organizations).error().field, "organizations");
    CommunitySession cell = Session(1, On(2024, April, 10), 3);
    cell.by_age = AgeBandCounts{0, -1, 2, 2};
    EXPECT_EQ(ValidateSessionCounts(cell).error().field, "by_age");
}

TEST(CommunitySessionCounts, RefusesMoreFirstTimersThanParticipants) {
    auto refused = ValidateSessionCounts(Session(1, On(2024, April, 10), 5, 6));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "first_time");
    EXPECT_NE(refused.error().message.find("超えています"), std::string::npos);
}

TEST(CommunitySessionCounts, RefusesABreakdownSummingAboveTheTotal) {
    CommunitySession session = Session(1, On(2024, April, 10), 10);
    session.by_sex = SexCounts{6, 5, 0};
    auto refused = ValidateSessionCounts(session);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "by_sex");
    // Below the total is allowed: some participants' sex is not known.
    session.by_sex = SexCounts{6, 3, 0};
    EXPECT_TRUE(ValidateSessionCounts(session));
}

TEST(KayoinobaRule, CountsAPlaceThatMetInTheChosenMonth) {
    const std::vector<CommunityPlace> places{Place(1), Place(2), Place(3)};
    const std::vector<CommunitySession> sessions{
        Session(1, On(2024, May, 2), 10, 3),
        Session(1, On(2024, May, 16), 12, 1),  // twice in May
        Session(2, On(2024, April, 30), 8),    // April only: not counted
        Session(3, On(2024, May, 31), 5, 5),
    };
    const CommunityMonthCounts counts = CountCommunityMonth(year{2024} / May, places, sessions);
    EXPECT_EQ(counts.places, 2);
    EXPECT_EQ(counts.counted_places, (std::vector<CommunityPlaceId>{CommunityPlaceId{1}, CommunityPlaceId{3}}));
    EXPECT_EQ(counts.participants_total, 10 + 12 + 5);  // 延べ
    EXPECT_EQ(counts.participants_real, 12 + 5);        // 実: each place's largest session of the month
    EXPECT_EQ(counts.first_time, 3 + 1 + 5);
}

TEST(KayoinobaRule, APlaceWithoutASessionThatMonthIsNotCounted) {
    const CommunityMonthCounts counts =
        CountCommunityMonth(year{2024} / March, {Place(1)}, {Session(1, On(2024, April, 1), 4)});
    EXPECT_EQ(counts.places, 0);
    EXPECT_EQ(counts.participants_total, 0);
    EXPECT_TRUE(counts.counted_places.empty());
}

TEST(KayoinobaRule, SessionsOfPlacesNotAskedAboutAreIgnored) {
    const CommunityMonthCounts counts =
        CountCommunityMonth(year{2024} / May, {Place(1)}, {Session(2, On(2024, May, 1), 9)});
    EXPECT_EQ(counts.places, 0);
    EXPECT_EQ(counts.participants_total, 0);
}

TEST(KayoinobaRule, OrganizationsAreEachPlacesLargestNumberOfTheMonth) {
    CommunitySession first = Session(1, On(2024, May, 2), 10);
    first.organizations = 2;
    CommunitySession second = Session(1, On(2024, May, 9), 10);
    second.organizations = 3;
    CommunitySession other = Session(2, On(2024, May, 9), 6);
    other.organizations = 1;
    const CommunityMonthCounts counts =
        CountCommunityMonth(year{2024} / May, {Place(1), Place(2)}, {first, second, other});
    EXPECT_EQ(counts.organizations, 3 + 1);
}

TEST(CommunityBreakdowns, ShownOnlyWhenNoCellIsSmall) {
    CommunitySession large = Session(1, On(2024, May, 2), 20);
    large.by_sex = SexCounts{8, 12, 0};  // zero identifies nobody: shown
    large.by_age = AgeBandCounts{0, 3, 9, 7};
    const CommunityMonthCounts shown = CountCommunityMonth(year{2024} / May, {Place(1)}, {large});
    EXPECT_TRUE(shown.by_sex.shown);
    EXPECT_EQ(shown.by_sex.cells, (std::vector<long long>{8, 12, 0}));
    EXPECT_TRUE(shown.by_age.shown);

    CommunitySession small = Session(1, On(2024, May, 2), 20);
    small.by_sex = SexCounts{18, 2, 0};  // a 2 can point at someone: the whole breakdown is withheld
    const CommunityMonthCounts withheld = CountCommunityMonth(year{2024} / May, {Place(1)}, {small});
    EXPECT_TRUE(withheld.by_sex.recorded);
    EXPECT_FALSE(withheld.by_sex.shown);
    EXPECT_FALSE(withheld.by_age.recorded);
    EXPECT_FALSE(withheld.by_age.shown);
}

TEST(CommunityBreakdowns, SummedOverTheMonthBeforeTheFloorIsApplied) {
    CommunitySession first = Session(1, On(2024, May, 2), 10);
    first.by_sex = SexCounts{8, 1, 1};
    CommunitySession second = Session(1, On(2024, May, 9), 10);
    second.by_sex = SexCounts{7, 2, 1};
    const CommunityMonthCounts counts = CountCommunityMonth(year{2024} / May, {Place(1)}, {first, second});
    EXPECT_EQ(counts.by_sex.cells, (std::vector<long long>{15, 3, 2}));
    EXPECT_FALSE(counts.by_sex.shown);  // the 2 is still small
}

TEST(CommunityRegister, AnActionIsCheckedAgainstItsIssue) {
    CommunityIssue issue{
        .id = CommunityIssueId{1}, .area_id = 3, .title = "若者の居場所がない", .raised_on = On(2024, May, 10)};
    CommunityAction action{.issue_id = issue.id, .taken_on = On(2024, May, 20), .description = "居場所を開設"};
    EXPECT_TRUE(ValidateAction(action, issue));

    CommunityAction early = action;
    early.taken_on = On(2024, May, 9);
    EXPECT_EQ(ValidateAction(early, issue).error().field, "taken_on");

    CommunityAction empty = action;
    empty.description.clear();
    EXPECT_EQ(ValidateAction(empty, issue).error().field, "description");

    issue.status = IssueStatus::kClosed;
    auto closed = ValidateAction(action, issue);
    ASSERT_FALSE(closed);
    EXPECT_TRUE(closed.error().Is(ErrorCode::kConflict));
}

TEST(CommunityRegister, AnIssueNeedsADistrictAndATitle) {
    EXPECT_EQ(ValidateIssue(CommunityIssue{.title = "x"}).error().field, "area_id");
    EXPECT_EQ(ValidateIssue(CommunityIssue{.area_id = 1}).error().field, "title");
    EXPECT_TRUE(ValidateIssue(CommunityIssue{.area_id = 1, .title = "移動手段がない"}));
}

TEST(CommunityCodes, YearMonth) {
    EXPECT_EQ(ParseYearMonth("2024-05"), year{2024} / May);
    EXPECT_EQ(YearMonthText(year{2024} / May), "2024-05");
    EXPECT_FALSE(ParseYearMonth("2024-13"));
    EXPECT_FALSE(ParseYearMonth("2024-5"));
    EXPECT_FALSE(ParseYearMonth("２０２４-05"));
}

TEST(CommunityCodes, RoundTrip) {
    for (const PlaceKind kind : kAllPlaceKinds) EXPECT_EQ(ParsePlaceKind(PlaceKindCode(kind)), kind);
    for (const CommunityProject project : kAllCommunityProjects) {
        EXPECT_EQ(ParseCommunityProject(CommunityProjectCode(project)), project);
    }
    EXPECT_EQ(CommunityProjectLabel(CommunityProject::kLivingSupport), "生活支援体制整備事業");
    EXPECT_EQ(ParseIssueKind("gap"), IssueKind::kGap);
    EXPECT_EQ(ParseActionEffect("resolves"), ActionEffect::kResolves);
    EXPECT_FALSE(ParsePlaceKind("park"));
}

TEST(CommunityAccess, TheTownAndTheCouncilEdit) {
    Principal worker;
    worker.user.roles = {Role::kCaseworker};
    EXPECT_TRUE(MayEditCommunityDevelopment(worker, OrganizationKind::kMunicipalDivision));
    EXPECT_TRUE(MayEditCommunityDevelopment(worker, OrganizationKind::kSocialWelfareCouncil));
    EXPECT_FALSE(MayEditCommunityDevelopment(worker, OrganizationKind::kNpo));
    Principal volunteer;
    volunteer.user.roles = {Role::kWelfareVolunteer};
    EXPECT_FALSE(MayEditCommunityDevelopment(volunteer, OrganizationKind::kMunicipalDivision));
    EXPECT_TRUE(MayReadCommunityIssues(volunteer));
    Principal administrator;
    administrator.user.roles = {Role::kMunicipalAdministrator};
    EXPECT_TRUE(MayEditCommunityDevelopment(administrator, OrganizationKind::kNpo));
    Principal auditor;
    auditor.user.roles = {Role::kAuditor};
    EXPECT_FALSE(MayReadCommunityIssues(auditor));
}

TEST(CommunityPublicCounts, AMonthByDefaultTheCurrentOne) {
    const std::vector<CommunitySession> sessions = {Session(1, On(2024, May, 2), 10), Session(1, On(2024, June, 6), 7)};
    const CommunityPublicCounts current = CountCommunityPublic({}, On(2024, June, 20), {Place(1)}, sessions);
    ASSERT_EQ(current.months.size(), 1U);
    EXPECT_EQ(current.months[0].month, year{2024} / June);
    EXPECT_EQ(current.months[0].participants_total, 7);
    EXPECT_FALSE(current.fiscal_year);
    const CommunityPublicCounts may =
        CountCommunityPublic({.month = year{2024} / May, .fiscal_year = {}}, On(2024, June, 20), {Place(1)}, sessions);
    ASSERT_EQ(may.months.size(), 1U);
    EXPECT_EQ(may.months[0].participants_total, 10);
}

TEST(CommunityPublicCounts, AFiscalYearIsItsTwelveMonthsAprilToMarchEachUnderTheMonthRule) {
    EXPECT_EQ(FiscalYearMonths(2024).front(), year{2024} / April);
    EXPECT_EQ(FiscalYearMonths(2024).back(), year{2025} / March);
    CommunitySession may = Session(1, On(2024, May, 2), 20);
    may.by_sex = SexCounts{8, 12, 0};
    CommunitySession february = Session(1, On(2025, std::chrono::February, 6), 9);
    february.by_sex = SexCounts{8, 1, 0};
    const std::vector<CommunitySession> sessions = {may, february, Session(1, On(2024, March, 30), 99),
                                                    Session(1, On(2025, April, 1), 99)};
    const CommunityPublicCounts counts =
        CountCommunityPublic({.month = {}, .fiscal_year = 2024}, On(2025, May, 1), {Place(1)}, sessions);
    EXPECT_EQ(counts.fiscal_year, 2024);
    ASSERT_EQ(counts.months.size(), 12U);
    long long total = 0;
    for (const CommunityMonthCounts& month : counts.months) total += month.participants_total;
    EXPECT_EQ(total, 20 + 9);  // the sessions of March 2024 and April 2025 are outside the 年度
    EXPECT_EQ(counts.months[1].places, 1);
    EXPECT_TRUE(counts.months[1].by_sex.shown);
    EXPECT_TRUE(counts.months[10].by_sex.recorded);
    EXPECT_FALSE(counts.months[10].by_sex.shown);  // the 1 is withheld with the whole breakdown
    EXPECT_EQ(counts.months[0].places, 0);
}

TEST(CommunityPublicCounts, APeriodNotUnderstoodIsRefused) {
    const Date today = On(2024, June, 20);
    EXPECT_TRUE(ValidatePublicCountsPeriod({}, today));
    EXPECT_TRUE(ValidatePublicCountsPeriod({.month = {}, .fiscal_year = 2024}, today));
    const Status both = ValidatePublicCountsPeriod({.month = year{2024} / May, .fiscal_year = 2024}, today);
    ASSERT_FALSE(both);
    EXPECT_EQ(both.error().field, "fiscal_year");
    EXPECT_FALSE(ValidatePublicCountsPeriod({.month = {}, .fiscal_year = 2025}, today));  // not begun
    EXPECT_FALSE(ValidatePublicCountsPeriod({.month = {}, .fiscal_year = 1999}, today));
}

}  // namespace
}  // namespace kasane::domain
