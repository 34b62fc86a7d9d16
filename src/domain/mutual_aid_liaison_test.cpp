// SPDX-License-Identifier: Apache-2.0
// 支え愛連絡会: a person is named only with a consent in force naming this body (a pledge is no ground, a consent
// naming another body or withdrawn is none); the meeting's rules; what it shared stays within its attendees.

#include "domain/mutual_aid_liaison.hpp"

#include <gtest/gtest.h>

#include "domain/access_policy.hpp"

namespace kasane::domain {
namespace {

using std::chrono::day;
using std::chrono::hours;
using std::chrono::May;
using std::chrono::sys_days;
using std::chrono::year;

constexpr Date kToday{year{2024}, May, day{20}};
const Instant kNow = sys_days{kToday} + hours{3};  // 12:00 in Japan
constexpr MeetingBodyId kLiaison{7};
constexpr MeetingBodyId kSupportMeeting{8};

Consent ConsentFor(std::vector<MeetingBodyId> bodies) {
    Consent consent;
    consent.id = ConsentId{40};
    consent.person_id = PersonId{5};
    consent.bodies = std::move(bodies);
    consent.given_on = Date{year{2024}, May, day{1}};
    return consent;
}

TEST(MayNameAtLiaison, OnlyAConsentInForceNamingThisBody) {
    const LiaisonNaming named = MayNameAtLiaison({ConsentFor({kSupportMeeting, kLiaison})}, kLiaison, kNow);
    EXPECT_TRUE(named.allowed);
    EXPECT_EQ(named.consent_id, ConsentId{40});
    // No consent at all (whatever pledges the attendees signed): no name.
    EXPECT_FALSE(MayNameAtLiaison({}, kLiaison, kNow).allowed);
    // A consent naming another body (the 支援会議) opens nothing here.
    EXPECT_FALSE(MayNameAtLiaison({ConsentFor({kSupportMeeting})}, kLiaison, kNow).allowed);
    // Withdrawn, expired or not yet given: none.
    Consent withdrawn = ConsentFor({kLiaison});
    withdrawn.withdrawn_at = kNow - hours{1};
    EXPECT_FALSE(MayNameAtLiaison({withdrawn}, kLiaison, kNow).allowed);
    Consent expired = ConsentFor({kLiaison});
    expired.expires_on = Date{year{2024}, May, day{19}};
    EXPECT_FALSE(MayNameAtLiaison({expired}, kLiaison, kNow).allowed);
    Consent later = ConsentFor({kLiaison});
    later.given_on = Date{year{2024}, May, day{21}};
    EXPECT_FALSE(MayNameAtLiaison({later}, kLiaison, kNow).allowed);
    // One in force among lapsed ones is enough, and it is the one recorded.
    Consent current = ConsentFor({kLiaison});
    current.id = ConsentId{41};
    const LiaisonNaming among = MayNameAtLiaison({withdrawn, current}, kLiaison, kNow);
    EXPECT_TRUE(among.allowed);
    EXPECT_EQ(among.consent_id, ConsentId{41});
}

TEST(MayNameAtLiaison, TheBodyNeverSharesWithoutConsent) {
    EXPECT_FALSE(SharesWithoutConsentByDefault(LegalBasis::kMutualAidLiaison));
    EXPECT_EQ(ParseLegalBasis("mutual_aid_liaison"), LegalBasis::kMutualAidLiaison);
    EXPECT_EQ(LiaisonBodyName("東浜自治会"), "東浜自治会 支え愛連絡会");
}

LiaisonMeeting Valid() {
    LiaisonMeeting meeting;
    meeting.body_id = kLiaison;
    meeting.held_on = kToday;
    meeting.attendees = {{.user_id = std::nullopt, .name = "田中 一郎", .role = "自治会長"},
                         {.user_id = UserId{3}, .name = "民生 ただし", .role = "民生委員"}};
    meeting.concerns = {{.person_id = std::nullopt,
                         .consent_id = std::nullopt,
                         .person_name = "",
                         .text = "最近見かけない高齢の方がいる",
                         .name_withheld = false}};
    return meeting;
}

TEST(ValidateLiaisonMeeting, NamesTheField) {
    EXPECT_TRUE(ValidateLiaisonMeeting(Valid(), kToday));
    LiaisonMeeting future = Valid();
    future.held_on = Date{year{2024}, May, day{21}};
    EXPECT_EQ(ValidateLiaisonMeeting(future, kToday).error().field, "held_on");
    LiaisonMeeting nobody = Valid();
    nobody.attendees.clear();
    EXPECT_EQ(ValidateLiaisonMeeting(nobody, kToday).error().field, "attendees");
    LiaisonMeeting no_role = Valid();
    no_role.attendees[0].role.clear();
    EXPECT_EQ(ValidateLiaisonMeeting(no_role, kToday).error().field, "attendees");
    LiaisonMeeting empty = Valid();
    empty.concerns.clear();
    EXPECT_EQ(ValidateLiaisonMeeting(empty, kToday).error().field, "concerns");
    empty.notes = "次回までに民生委員が訪ねる";
    EXPECT_TRUE(ValidateLiaisonMeeting(empty, kToday));
    LiaisonMeeting blank = Valid();
    blank.concerns[0].text.clear();
    EXPECT_EQ(ValidateLiaisonMeeting(blank, kToday).error().field, "concerns");
}

Principal MakePrincipal(std::int64_t id, std::vector<Role> roles) {
    Principal principal;
    principal.user.id = UserId{id};
    principal.user.municipality_id = MunicipalityId{1};
    principal.user.roles = std::move(roles);
    return principal;
}

TEST(LiaisonMeetingAccess, StaysWithinItsAttendees) {
    const std::vector<UserId> attendees{UserId{3}, UserId{4}};
    const UserId recorder{4};
    const auto volunteer = LiaisonMeetingAccess(MakePrincipal(3, {Role::kWelfareVolunteer}), attendees, recorder);
    EXPECT_TRUE(volunteer.allowed);
    EXPECT_EQ(volunteer.basis, "liaison_attendee");
    const auto recorded = LiaisonMeetingAccess(MakePrincipal(9, {Role::kCaseworker}), {UserId{3}}, UserId{9});
    EXPECT_TRUE(recorded.allowed);
    EXPECT_EQ(recorded.basis, "liaison_recorder");
    // Another 民生委員, another caseworker, the town's administrator or auditor: nothing.
    EXPECT_FALSE(LiaisonMeetingAccess(MakePrincipal(5, {Role::kWelfareVolunteer}), attendees, recorder).allowed);
    EXPECT_FALSE(LiaisonMeetingAccess(MakePrincipal(6, {Role::kCaseworker}), attendees, recorder).allowed);
    EXPECT_FALSE(LiaisonMeetingAccess(MakePrincipal(7, {Role::kMunicipalAdministrator}), attendees, recorder).allowed);
    // An attendee whose roles no longer read case content (an auditor's role only) reads nothing either.
    EXPECT_FALSE(LiaisonMeetingAccess(MakePrincipal(3, {Role::kAuditor}), attendees, recorder).allowed);
}

}  // namespace
}  // namespace kasane::domain
