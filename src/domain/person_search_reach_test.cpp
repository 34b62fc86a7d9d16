// SPDX-License-Identifier: Apache-2.0
// The reach of a person search (issue 18, item 1) against the access policy: whatever a search may show (DecideAccess
// at identity level or more), the reach holds; a whole-town reach only where the policy gives everyone identity.

#include "domain/person_search_reach.hpp"

#include <gtest/gtest.h>

#include <random>

#include "base/japan_time.hpp"
#include "domain/test_principal.hpp"

namespace kasane::domain {
namespace {

using Kind = PersonSearchReach::Kind;
using Tie = PersonSearchReach::Tie;

TEST(PersonSearchReach, TheDivisionsSearchTheTownPartnersAndVolunteersTheirOwn) {
    const Principal caseworker = MakePrincipal(UserId{30}, OrganizationId{1}, {Role::kCaseworker});
    EXPECT_EQ(PersonSearchReachOf({caseworker, OrganizationKind::kMunicipalDivision}).kind, Kind::kTown);

    const Principal npo = MakePrincipal(UserId{40}, OrganizationId{3}, {Role::kCaseworker});
    const PersonSearchReach partner = PersonSearchReachOf({npo, OrganizationKind::kNpo});
    EXPECT_EQ(partner.kind, Kind::kTied);
    EXPECT_EQ(partner.organization_id, OrganizationId{3});
    EXPECT_EQ(partner.user_id, UserId{40});
    EXPECT_TRUE(partner.Has(Tie::kOrganizationRecords));
    EXPECT_TRUE(partner.Has(Tie::kConsentsToOrganization));
    EXPECT_FALSE(partner.Has(Tie::kUserEntries));

    // A 民生委員 is tied by what they did themselves, even in a municipal division.
    const Principal volunteer = MakePrincipal(UserId{60}, OrganizationId{1}, {Role::kWelfareVolunteer});
    const PersonSearchReach own = PersonSearchReachOf({volunteer, OrganizationKind::kMunicipalDivision});
    EXPECT_EQ(own.kind, Kind::kTied);
    EXPECT_TRUE(own.Has(Tie::kUserEntries));
    EXPECT_TRUE(own.Has(Tie::kReferralsToUser));
    EXPECT_FALSE(own.Has(Tie::kOrganizationRecords));
    EXPECT_FALSE(own.Has(Tie::kConsentsToOrganization));

    for (const Role role : {Role::kMunicipalAdministrator, Role::kAuditor, Role::kPrefectureAnalyst}) {
        const Principal principal = MakePrincipal(UserId{50}, OrganizationId{1}, {role});
        EXPECT_EQ(PersonSearchReachOf({principal, OrganizationKind::kMunicipalDivision}).kind, Kind::kNobody);
    }
    // The operator finds nobody, whatever other role the account holds.
    const Principal operator_account =
        MakePrincipal(UserId{70}, OrganizationId{1}, {Role::kSystemAdministrator, Role::kCaseworker});
    EXPECT_EQ(PersonSearchReachOf({operator_account, OrganizationKind::kMunicipalDivision}).kind, Kind::kNobody);
}

TEST(PersonSearchReach, WithinReachFollowsEachTie) {
    const Principal npo = MakePrincipal(UserId{40}, OrganizationId{3}, {Role::kCaseworker});
    const PersonSearchReach reach = PersonSearchReachOf({npo, OrganizationKind::kNpo});
    PersonAccessFacts facts;
    facts.recording_organizations = {OrganizationId{2}};
    EXPECT_FALSE(WithinReach(reach, facts));
    facts.referrals.push_back({.referral_id = ReferralId{1},
                               .from_organization_id = OrganizationId{2},
                               .to_organization_id = OrganizationId{3},
                               .status = ReferralStatus::kSent});
    EXPECT_FALSE(WithinReach(reach, facts));  // a pending sheet is not found by search
    facts.referrals.back().status = ReferralStatus::kAccepted;
    EXPECT_TRUE(WithinReach(reach, facts));
    facts.referrals.clear();
    facts.consents.push_back(
        {.consent_id = ConsentId{1}, .organizations = {OrganizationId{3}}, .bodies = {}, .given_on = {}});
    EXPECT_TRUE(WithinReach(reach, facts));
    facts.consents.back().withdrawn_at = Instant{};
    EXPECT_FALSE(WithinReach(reach, facts));
}

// Random facts about one person and random viewers: every person DecideAccess lets a search show is within the
// viewer's reach, and a town-wide reach is given only to viewers DecideAccess gives every person.
TEST(PersonSearchReach, HoldsEveryPersonThePolicyLetsASearchShow) {
    std::mt19937 random(18);
    const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
    const Instant now = StartOfJstDay(Date{std::chrono::year{2024}, std::chrono::month{6}, std::chrono::day{1}});
    const auto day = [](int offset) {
        return Date{std::chrono::sys_days{Date{std::chrono::year{2024}, std::chrono::month{6}, std::chrono::day{1}}} +
                    std::chrono::days{offset}};
    };
    const std::vector<Role> roles{Role::kCaseworker, Role::kCoordinator, Role::kWelfareVolunteer,
                                  Role::kMunicipalAdministrator, Role::kAuditor};
    const std::vector<OrganizationKind> kinds{OrganizationKind::kMunicipalDivision, OrganizationKind::kNpo,
                                              OrganizationKind::kCommunityCareCenter};
    int shown = 0;
    for (int round = 0; round < 20000; ++round) {
        const OrganizationId organization{1 + pick(3)};
        const UserId user{10 + pick(3)};
        std::vector<Role> viewer_roles{roles[static_cast<std::size_t>(pick(5))]};
        if (pick(4) == 0) viewer_roles.push_back(roles[static_cast<std::size_t>(pick(5))]);
        const Principal principal = MakePrincipal(user, organization, viewer_roles);
        const Viewer viewer{principal, kinds[static_cast<std::size_t>(pick(3))]};

        PersonAccessFacts facts;
        facts.person_id = PersonId{1};
        facts.holder_organization_id = OrganizationId{1 + pick(3)};
        for (int i = pick(3); i > 0; --i) facts.recording_organizations.push_back(OrganizationId{1 + pick(3)});
        for (int i = pick(3); i > 0; --i) facts.recording_users.push_back(UserId{10 + pick(3)});
        for (int i = pick(3); i > 0; --i) {
            facts.referrals.push_back(
                {.referral_id = ReferralId{i},
                 .from_organization_id = OrganizationId{1 + pick(3)},
                 .to_organization_id = OrganizationId{1 + pick(3)},
                 .to_user_id = pick(2) == 0 ? std::optional<UserId>(UserId{10 + pick(3)}) : std::nullopt,
                 .status = static_cast<ReferralStatus>(pick(5))});
        }
        for (int i = pick(3); i > 0; --i) {
            ConsentFact consent{.consent_id = ConsentId{i},
                                .organizations = {OrganizationId{1 + pick(3)}},
                                .bodies = {MeetingBodyId{1 + pick(2)}},
                                .given_on = day(-pick(400)),
                                .expires_on = pick(2) == 0 ? std::optional<Date>(day(pick(60) - 30)) : std::nullopt,
                                .withdrawn_at = pick(3) == 0 ? std::optional<Instant>(now) : std::nullopt};
            facts.consents.push_back(consent);
        }
        for (int i = pick(3); i > 0; --i) {
            MeetingFact meeting{.meeting_id = MeetingId{i},
                                .body_id = MeetingBodyId{1 + pick(2)},
                                .legal_basis = LegalBasis::kArticle106_6,
                                .shares_without_consent = pick(2) == 0,
                                .sharing_days = 30 + pick(400),
                                .held_on = day(-pick(300)),
                                .convenor_user_id = UserId{10 + pick(3)},
                                .attendee_user_ids = {UserId{10 + pick(3)}},
                                .named_members = {}};
            meeting.named_members.push_back({.user_id = UserId{10 + pick(3)},
                                             .organization_id = OrganizationId{1 + pick(3)},
                                             .pledge_signed_on = day(-400),
                                             .left_on = std::nullopt});
            if (pick(4) == 0) {
                meeting.joint = JointBodyFact{.body_id = MeetingBodyId{3},
                                              .shares_without_consent = pick(2) == 0,
                                              .sharing_days = 365,
                                              .named_members = {{.user_id = UserId{10 + pick(3)},
                                                                 .organization_id = OrganizationId{1 + pick(3)},
                                                                 .pledge_signed_on = day(-400),
                                                                 .left_on = std::nullopt}}};
            }
            facts.meetings.push_back(meeting);
        }
        if (pick(4) == 0) {
            facts.emergencies.push_back(
                {.id = 1, .user_id = UserId{10 + pick(3)}, .expires_at = now + std::chrono::hours{pick(48) - 24}});
        }
        for (int i = pick(3); i > 0; --i) {
            facts.case_teams.push_back(
                {.case_id = CaseId{i},
                 .organization_id = OrganizationId{1 + pick(3)},
                 .active = pick(4) != 0,
                 .lead = pick(2) == 0,
                 .agreed_body_id = pick(2) == 0 ? std::optional<MeetingBodyId>(MeetingBodyId{1}) : std::nullopt});
        }

        const AccessDecision decision = DecideAccess(viewer, facts, now);
        const PersonSearchReach reach = PersonSearchReachOf(viewer);
        const bool search_shows = decision.level != ViewLevel::kNone && decision.level != ViewLevel::kReferralSheet;
        if (search_shows) {
            ++shown;
            EXPECT_TRUE(WithinReach(reach, facts))
                << "round " << round << ": shown on basis " << AccessBasisCode(decision.basis) << " "
                << decision.basis_detail << " but out of reach";
        }
        if (reach.kind == Kind::kTown) {
            EXPECT_TRUE(search_shows) << "round " << round;
        }
        if (reach.kind == Kind::kNobody) {
            EXPECT_FALSE(decision.Allowed()) << "round " << round;
        }
    }
    EXPECT_GT(shown, 2000);  // the rounds reach every basis, not only refusals
}

}  // namespace
}  // namespace kasane::domain
