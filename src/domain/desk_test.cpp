// SPDX-License-Identifier: Apache-2.0
// The rules the worker's desk counts by (review due, consent about to expire, referral overdue, this week, the parts
// per role) and the person page's timeline.

#include <gtest/gtest.h>

#include "domain/desk.hpp"
#include "domain/person_record.hpp"

namespace kasane::domain {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

Instant At(std::string_view iso) { return *ParseIso8601(iso); }
Date On(int y, unsigned m, unsigned d) { return Date{std::chrono::year{y} / m / d}; }

Principal WithRoles(std::vector<Role> roles) {
    Principal principal;
    principal.user.id = UserId{7};
    principal.user.organization_id = OrganizationId{3};
    principal.user.municipality_id = MunicipalityId{1};
    principal.user.roles = std::move(roles);
    return principal;
}

TEST(DeskRules, AReviewIsDueFromSevenDaysBeforeItsDateAndStaysDue) {
    const Date today = On(2026, 12, 3);
    EXPECT_TRUE(ReviewIsDue(On(2026, 12, 10), today, kReviewDueWithinDays));   // today + 7
    EXPECT_FALSE(ReviewIsDue(On(2026, 12, 11), today, kReviewDueWithinDays));  // today + 8
    EXPECT_TRUE(ReviewIsDue(today, today, kReviewDueWithinDays));
    EXPECT_TRUE(ReviewIsDue(On(2026, 11, 1), today, kReviewDueWithinDays));  // past: overdue, still due
}

TEST(DeskRules, AConsentIsAboutToExpireWhenInForceAndExpiringWithinThirtyDays) {
    const Instant now = At("2026-12-03T01:00:00Z");  // 10:00 in Japan, 3 December
    Consent consent;
    consent.given_on = On(2026, 4, 1);
    consent.expires_on = On(2027, 1, 2);  // today + 30
    EXPECT_TRUE(ConsentExpiringSoon(consent, now, kConsentExpiringWithinDays));
    consent.expires_on = On(2027, 1, 3);  // today + 31
    EXPECT_FALSE(ConsentExpiringSoon(consent, now, kConsentExpiringWithinDays));
    consent.expires_on = On(2026, 12, 3);  // expires today: still in force today
    EXPECT_TRUE(ConsentExpiringSoon(consent, now, kConsentExpiringWithinDays));
    consent.expires_on = On(2026, 12, 2);  // expired yesterday: no longer in force
    EXPECT_FALSE(ConsentExpiringSoon(consent, now, kConsentExpiringWithinDays));
    consent.expires_on = std::nullopt;  // no expiry date
    EXPECT_FALSE(ConsentExpiringSoon(consent, now, kConsentExpiringWithinDays));
    consent.expires_on = On(2026, 12, 20);
    consent.withdrawn_at = At("2026-12-01T00:00:00Z");  // withdrawn: not in force
    EXPECT_FALSE(ConsentExpiringSoon(consent, now, kConsentExpiringWithinDays));
    consent.withdrawn_at = std::nullopt;
    consent.given_on = On(2026, 12, 10);  // not yet given
    EXPECT_FALSE(ConsentExpiringSoon(consent, now, kConsentExpiringWithinDays));
}

TEST(DeskRules, TheQueryBoundOfOverdueReferralsNeverLeavesOneOut) {
    // Every referral IsOverdue calls overdue was sent at or before the bound storage is asked for, over a month of
    // send times every 7 hours (weekends, the new-year holidays and times near midnight in Japan included).
    const Instant now = At("2027-01-06T03:00:00Z");
    for (int working_days : {0, 1, 3, 5}) {
        const Instant bound = LatestSentAtThatMayBeOverdue(now, working_days);
        for (Instant sent = At("2026-12-01T00:00:00Z"); sent < now; sent += std::chrono::hours{7}) {
            Referral referral;
            referral.status = ReferralStatus::kSent;
            referral.sent_at = sent;
            if (IsOverdue(referral, now, working_days)) {
                EXPECT_LE(sent, bound) << FormatIso8601(sent) << " with " << working_days << " working days";
            }
        }
    }
    // An answered referral is never overdue, however old.
    Referral answered;
    answered.status = ReferralStatus::kAccepted;
    answered.sent_at = At("2026-01-01T00:00:00Z");
    EXPECT_FALSE(IsOverdue(answered, now, 3));
}

TEST(DeskRules, TheWeekRunsFromMondayToSunday) {
    const DateRange thursday = WeekOf(On(2026, 12, 3));
    EXPECT_EQ(thursday.from, On(2026, 11, 30));
    EXPECT_EQ(thursday.to, On(2026, 12, 6));
    const DateRange monday = WeekOf(On(2026, 11, 30));
    EXPECT_EQ(monday.from, On(2026, 11, 30));
    const DateRange sunday = WeekOf(On(2026, 12, 6));
    EXPECT_EQ(sunday.from, On(2026, 11, 30));
    EXPECT_EQ(sunday.to, On(2026, 12, 6));
}

TEST(DeskRules, EachRoleHasThePartsOfTheWorkItDoes) {
    const DeskParts caseworker = DeskPartsOf(WithRoles({Role::kCaseworker}));
    EXPECT_TRUE(caseworker.consultations && caseworker.referrals && caseworker.reviews && caseworker.meetings &&
                caseworker.consents);
    const DeskParts volunteer = DeskPartsOf(WithRoles({Role::kWelfareVolunteer}));
    EXPECT_TRUE(volunteer.consultations);
    EXPECT_TRUE(volunteer.meetings);
    EXPECT_FALSE(volunteer.referrals || volunteer.reviews || volunteer.consents);
    // A 民生委員 who is also a caseworker acts as the professional.
    EXPECT_TRUE(DeskPartsOf(WithRoles({Role::kCaseworker, Role::kWelfareVolunteer})).referrals);
    EXPECT_FALSE(DeskPartsOf(WithRoles({Role::kAuditor})).Any());
    EXPECT_FALSE(DeskPartsOf(WithRoles({Role::kPrefectureAnalyst})).Any());
    EXPECT_FALSE(DeskPartsOf(WithRoles({Role::kSystemAdministrator})).Any());
    const DeskParts administrator = DeskPartsOf(WithRoles({Role::kMunicipalAdministrator}));
    EXPECT_TRUE(administrator.meetings);
    EXPECT_FALSE(administrator.consultations || administrator.referrals || administrator.consents);
}

TEST(PersonTimeline, OneListNewestFirstWithoutCancelledEntries) {
    Consultation consultation;
    consultation.id = ConsultationId{1};
    Contact first;
    first.id = 11;
    first.occurred_at = At("2026-11-02T00:00:00Z");
    first.channel = Channel::kPhone;
    Contact second = first;
    second.id = 12;
    second.occurred_at = At("2026-11-05T00:00:00Z");
    second.channel = Channel::kHomeVisit;
    Contact cancelled = first;
    cancelled.id = 13;
    cancelled.occurred_at = At("2026-11-06T00:00:00Z");
    cancelled.cancelled = Cancellation{.user_id = UserId{1}, .at = At("2026-11-06T01:00:00Z"), .reason = "誤入力"};
    consultation.contacts = {first, second, cancelled};
    consultation.events = {ConsultationEvent{.kind = ConsultationEventKind::kClosed,
                                             .at = At("2026-11-20T00:00:00Z"),
                                             .user_id = UserId{1},
                                             .reason = "つないだ"}};
    Consultation mistaken;
    mistaken.id = ConsultationId{2};
    mistaken.contacts = {first};
    mistaken.cancelled = Cancellation{.user_id = UserId{1}, .at = At("2026-11-03T00:00:00Z"), .reason = "別人"};

    ReferralView referral;
    referral.referral.id = ReferralId{5};
    referral.referral.sent_at = At("2026-11-10T00:00:00Z");
    referral.referral.events = {ReferralEvent{.status = ReferralStatus::kSent, .at = referral.referral.sent_at},
                                ReferralEvent{.status = ReferralStatus::kAccepted, .at = At("2026-11-11T00:00:00Z")}};
    referral.from_organization_name = "福祉課";
    referral.to_organization_name = "生活困窮窓口";

    SupportCase support_case;
    support_case.id = CaseId{8};
    support_case.title = "8050世帯";
    support_case.opened_on = On(2026, 11, 15);
    MeetingMention meeting{
        .id = MeetingId{9}, .held_on = On(2026, 11, 18), .body_id = MeetingBodyId{1}, .body_name = "支援会議"};
    Consent consent;
    consent.id = ConsentId{4};
    consent.given_on = On(2026, 11, 1);
    consent.withdrawn_at = At("2026-11-25T00:00:00Z");

    const auto timeline = BuildTimeline({consultation, mistaken}, {referral}, {support_case}, {meeting}, {consent});
    std::vector<std::string_view> kinds;
    for (const TimelineEntry& entry : timeline) kinds.push_back(TimelineKindCode(entry.kind));
    EXPECT_EQ(kinds, (std::vector<std::string_view>{"consent_withdrawn", "consultation_closed", "meeting",
                                                    "case_opened", "referral_answered", "referral_sent", "contact",
                                                    "consultation", "consent_given"}));
    for (std::size_t i = 1; i < timeline.size(); ++i) EXPECT_GE(timeline[i - 1].at, timeline[i].at);
    EXPECT_EQ(timeline[4].label, "つなぎ受理");
    EXPECT_EQ(timeline[4].detail, "福祉課 → 生活困窮窓口");
    EXPECT_EQ(timeline[6].detail, ChannelLabel(Channel::kHomeVisit));
    EXPECT_TRUE(timeline[2].day_only);
    EXPECT_EQ(timeline[2].record_type, "meeting");
    EXPECT_EQ(timeline[2].record_id, 9);
}

}  // namespace
}  // namespace kasane::domain
