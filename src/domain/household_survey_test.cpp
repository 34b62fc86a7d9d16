// SPDX-License-Identifier: Apache-2.0
// 世帯訪問調査: the rules of a visit (a date within the campaign, a household of the area visited, the body assigned
// to it, a known outcome — each refused with its reason), the campaign's form, and the policy (a 法人 visitor reads
// the areas assigned to it only).

#include "domain/household_survey.hpp"

#include <gtest/gtest.h>

#include "domain/access_policy.hpp"

namespace kasane::domain {
namespace {

using std::chrono::April;
using std::chrono::day;
using std::chrono::June;
using std::chrono::May;
using std::chrono::year;

constexpr Date kToday{year{2024}, June, day{10}};

SurveyCampaign Campaign() {
    return SurveyCampaign{.id = SurveyCampaignId{1},
                          .name = "令和6年度 全戸訪問",
                          .purpose = "困りごとを早く知る",
                          .starts_on = Date{year{2024}, May, day{1}},
                          .ends_on = Date{year{2024}, June, day{30}},
                          .form_version = 1,
                          .items = DefaultSurveyForm()};
}

SurveyHousehold Household() {
    return SurveyHousehold{.id = SurveyHouseholdId{5},
                           .campaign_id = SurveyCampaignId{1},
                           .area_id = 20,
                           .address = "由良宿123",
                           .head_name = "北栄 太郎"};
}

VisitInput Input() {
    return VisitInput{.household_id = SurveyHouseholdId{5},
                      .area_id = 20,
                      .visited_on = Date{year{2024}, June, day{3}},
                      .visitors = "はまかぜ会 山本",
                      .outcome = "met",
                      .answers = {{"trouble_health", "膝が痛く通院が大変"}},
                      .notice = "ひとり暮らしで買い物に困っている"};
}

std::string FieldOf(const Result<VisitOutcome>& result) { return result ? "" : result.error().field; }

Principal MakePrincipal(std::int64_t id, OrganizationId organization, std::vector<Role> roles) {
    Principal principal;
    principal.user.id = UserId{id};
    principal.user.organization_id = organization;
    principal.user.municipality_id = MunicipalityId{1};
    principal.user.roles = std::move(roles);
    return principal;
}

TEST(HouseholdSurvey, AVisitWithinThePeriodByTheAssignedBodyIsAccepted) {
    auto outcome = CheckVisit(Campaign(), Household(), BodyAssignment::kAssigned, Input(), kToday);
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_EQ(*outcome, VisitOutcome::kMet);
}

TEST(HouseholdSurvey, AVisitDatedOutsideTheCampaignIsRefused) {
    VisitInput before = Input();
    before.visited_on = Date{year{2024}, April, day{30}};
    auto refused = CheckVisit(Campaign(), Household(), BodyAssignment::kAssigned, before, kToday);
    EXPECT_EQ(FieldOf(refused), "visited_on");
    EXPECT_NE(refused.error().message.find("期間"), std::string::npos);
    SurveyCampaign ended = Campaign();
    ended.ends_on = Date{year{2024}, June, day{2}};
    EXPECT_EQ(FieldOf(CheckVisit(ended, Household(), BodyAssignment::kAssigned, Input(), kToday)), "visited_on");
    // Within the period but not yet come.
    VisitInput future = Input();
    future.visited_on = Date{year{2024}, June, day{11}};
    EXPECT_EQ(FieldOf(CheckVisit(Campaign(), Household(), BodyAssignment::kAssigned, future, kToday)), "visited_on");
}

TEST(HouseholdSurvey, AHouseholdOfAnotherAreaIsRefused) {
    VisitInput elsewhere = Input();
    elsewhere.area_id = 21;
    auto refused = CheckVisit(Campaign(), Household(), BodyAssignment::kAssigned, elsewhere, kToday);
    EXPECT_EQ(FieldOf(refused), "household_id");
    EXPECT_NE(refused.error().message.find("名簿にありません"), std::string::npos);
}

TEST(HouseholdSurvey, ABodyNotAssignedToTheAreaIsRefused) {
    auto refused = CheckVisit(Campaign(), Household(), BodyAssignment::kNotAssigned, Input(), kToday);
    EXPECT_EQ(FieldOf(refused), "area_id");
    EXPECT_NE(refused.error().message.find("割り当てられていない"), std::string::npos);
}

TEST(HouseholdSurvey, AnUnknownOutcomeIsRefusedWithTheChoices) {
    VisitInput unknown = Input();
    unknown.outcome = "maybe";
    auto refused = CheckVisit(Campaign(), Household(), BodyAssignment::kAssigned, unknown, kToday);
    EXPECT_EQ(FieldOf(refused), "outcome");
    EXPECT_NE(refused.error().message.find("不在（再訪）"), std::string::npos);
    for (VisitOutcome outcome : kAllVisitOutcomes) {
        EXPECT_EQ(ParseVisitOutcome(VisitOutcomeCode(outcome)), outcome);
    }
    EXPECT_FALSE(CountsAsVisited(VisitOutcome::kAbsent));
    EXPECT_TRUE(CountsAsVisited(VisitOutcome::kVacant));
}

TEST(HouseholdSurvey, AnswersOnlyToItemsOfTheFormAndVisitorsNamed) {
    VisitInput stray = Input();
    stray.answers["income"] = "年金のみ";
    EXPECT_EQ(FieldOf(CheckVisit(Campaign(), Household(), BodyAssignment::kAssigned, stray, kToday)), "answers");
    VisitInput nobody = Input();
    nobody.visitors.clear();
    EXPECT_EQ(FieldOf(CheckVisit(Campaign(), Household(), BodyAssignment::kAssigned, nobody, kToday)), "visitors");
}

TEST(HouseholdSurvey, TheCampaignHasAPeriodAndAFormOfKnownSections) {
    EXPECT_TRUE(ValidateCampaign(Campaign()));
    SurveyCampaign backwards = Campaign();
    backwards.ends_on = Date{year{2024}, April, day{1}};
    EXPECT_EQ(ValidateCampaign(backwards).error().field, "ends_on");
    SurveyCampaign twice = Campaign();
    twice.items.push_back(twice.items.front());
    EXPECT_EQ(ValidateCampaign(twice).error().field, "items");
    SurveyCampaign unknown_section = Campaign();
    unknown_section.items.front().section = "収入";
    EXPECT_EQ(ValidateCampaign(unknown_section).error().field, "items");
}

TEST(HouseholdSurvey, TheChiefComplaintCarriesTheNoticeAndTheTroubles) {
    SurveyVisit visit{.visited_on = Date{year{2024}, June, day{3}},
                      .answers = {{"trouble_health", "膝が痛く通院が大変"}, {"housing_repair", "屋根"}},
                      .notice = "ひとり暮らしで買い物に困っている"};
    const std::string text = ChiefComplaintFromVisit(Campaign(), visit);
    EXPECT_NE(text.find("ひとり暮らしで買い物に困っている"), std::string::npos);
    EXPECT_NE(text.find("膝が痛く通院が大変"), std::string::npos);
    EXPECT_EQ(text.find("屋根"), std::string::npos);  // 住環境 is not a trouble of the 主訴
}

TEST(HouseholdSurveyPolicy, AVisitorReadsTheAreasAssignedToItsOrganisationOnly) {
    const OrganizationId hamakaze{31};
    const SurveyAssignment assigned{
        .campaign_id = SurveyCampaignId{1}, .area_id = 20, .body = {.organization_id = hamakaze}};
    const SurveyAssignment other{
        .campaign_id = SurveyCampaignId{1}, .area_id = 21, .body = {.organization_id = OrganizationId{32}}};
    const Principal visitor = MakePrincipal(9, hamakaze, {Role::kCaseworker});
    EXPECT_EQ(SurveyAreaAccess(visitor, OrganizationKind::kSocialWelfareCorporation, assigned).basis,
              "assigned_organization");
    EXPECT_FALSE(SurveyAreaAccess(visitor, OrganizationKind::kSocialWelfareCorporation, other).allowed);
    EXPECT_FALSE(SurveyAreaAccess(visitor, OrganizationKind::kSocialWelfareCorporation, std::nullopt).allowed);
    EXPECT_FALSE(MayRunSurvey(visitor, OrganizationKind::kSocialWelfareCorporation));
    // A 法人's administrator role is not a visitor.
    const Principal administrator = MakePrincipal(10, hamakaze, {Role::kMunicipalAdministrator});
    EXPECT_FALSE(SurveyAreaAccess(administrator, OrganizationKind::kSocialWelfareCorporation, assigned).allowed);
}

TEST(HouseholdSurveyPolicy, ACommissionerAssignedByNameAndTheTownsStaff) {
    const SurveyAssignment to_her{
        .campaign_id = SurveyCampaignId{1}, .area_id = 20, .body = {.volunteer_user_id = UserId{3}}};
    const Principal volunteer = MakePrincipal(3, OrganizationId{1}, {Role::kWelfareVolunteer});
    EXPECT_EQ(SurveyAreaAccess(volunteer, OrganizationKind::kMunicipalDivision, to_her).basis, "assigned_commissioner");
    const Principal another = MakePrincipal(4, OrganizationId{1}, {Role::kWelfareVolunteer});
    EXPECT_FALSE(SurveyAreaAccess(another, OrganizationKind::kMunicipalDivision, to_her).allowed);
    const Principal staff = MakePrincipal(7, OrganizationId{1}, {Role::kCaseworker});
    EXPECT_EQ(SurveyAreaAccess(staff, OrganizationKind::kMunicipalDivision, std::nullopt).basis, "survey_office");
    EXPECT_TRUE(MayRunSurvey(staff, OrganizationKind::kMunicipalDivision));
}

TEST(HouseholdSurveyPolicy, ADvProtectedHouseholdIsReadInFullOnlyByTheTownsSurveyStaff) {
    // The town's caseworker who runs the survey reads it; a 法人's visitor, the 社協's, and a 民生委員 see the
    // placeholder, even when assigned to its 自治会.
    EXPECT_TRUE(SeesDvProtectedSurveyHousehold(MakePrincipal(7, OrganizationId{1}, {Role::kCaseworker}),
                                               OrganizationKind::kMunicipalDivision));
    EXPECT_FALSE(SeesDvProtectedSurveyHousehold(MakePrincipal(9, OrganizationId{5}, {Role::kCaseworker}),
                                                OrganizationKind::kSocialWelfareCorporation));
    EXPECT_FALSE(SeesDvProtectedSurveyHousehold(MakePrincipal(9, OrganizationId{6}, {Role::kCaseworker}),
                                                OrganizationKind::kSocialWelfareCouncil));
    EXPECT_FALSE(SeesDvProtectedSurveyHousehold(MakePrincipal(3, OrganizationId{1}, {Role::kWelfareVolunteer}),
                                                OrganizationKind::kMunicipalDivision));
    EXPECT_FALSE(SeesDvProtectedSurveyHousehold(MakePrincipal(10, OrganizationId{1}, {Role::kMunicipalAdministrator}),
                                                OrganizationKind::kMunicipalDivision));
}

}  // namespace
}  // namespace kasane::domain
