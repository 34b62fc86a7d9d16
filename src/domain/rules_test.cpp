// SPDX-License-Identifier: Apache-2.0
// The single homes of rules that pages and JSON writers used to recompute (issue 12, item 2): consent validity,
// "team member active", "close needs a reason", "done sets completed_on", meeting decision kinds, and the
// Japan-time arithmetic of the domain (working days, 年度).

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "base/japan_time.hpp"
#include "domain/case_service.hpp"
#include "domain/intake_support.hpp"
#include "domain/person.hpp"
#include "domain/referral.hpp"
#include "domain/sharing.hpp"
#include "domain/support_case.hpp"

namespace kasane::domain {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

Date On(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }

Instant At(std::string_view iso) { return *ParseIso8601(iso); }

// --- a birth date in the future (issue 13, item 8) -----------------------------------------------------------------

TEST(PersonData, BirthDateInTheFutureIsRefusedNamingTheField) {
    PersonData data;
    data.family_name = "山田";
    data.birth_date = On(2024, 4, 2);
    const auto refused = ValidatePersonData(data, On(2024, 4, 1));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "birth_date");
    EXPECT_EQ(refused.error().message, "生年月日が未来の日付になっています（令和6年4月2日）");
    data.birth_date = On(2024, 4, 1);  // born today
    EXPECT_TRUE(ValidatePersonData(data, On(2024, 4, 1)));
    data.birth_date = std::nullopt;
    EXPECT_TRUE(ValidatePersonData(data, On(2024, 4, 1)));
}

// --- consent validity ---------------------------------------------------------------------------------------------

Consent GivenOn(Date given_on, std::optional<Date> expires_on = std::nullopt) {
    Consent consent;
    consent.given_on = given_on;
    consent.expires_on = expires_on;
    return consent;
}

TEST(ConsentState, InForceFromTheDayGivenInJapanTime) {
    const Consent consent = GivenOn(On(2024, 5, 1));
    // 2024-04-30T15:00Z is 2024-05-01 00:00 JST: the consent is in force; a second earlier it is not yet.
    EXPECT_EQ(ConsentStateAt(consent, At("2024-04-30T15:00:00Z")), ConsentState::kInForce);
    EXPECT_EQ(ConsentStateAt(consent, At("2024-04-30T14:59:59Z")), ConsentState::kNotInForce);
}

TEST(ConsentState, ExpiresAtTheEndOfItsLastDayInJapan) {
    const Consent consent = GivenOn(On(2024, 5, 1), On(2024, 6, 30));
    EXPECT_EQ(ConsentStateAt(consent, At("2024-06-30T14:59:59Z")), ConsentState::kInForce);
    EXPECT_EQ(ConsentStateAt(consent, At("2024-06-30T15:00:00Z")), ConsentState::kNotInForce);
}

TEST(ConsentState, WithdrawnWinsOverDates) {
    Consent consent = GivenOn(On(2024, 5, 1));
    consent.withdrawn_at = At("2024-05-10T01:00:00Z");
    EXPECT_EQ(ConsentStateAt(consent, At("2024-05-20T00:00:00Z")), ConsentState::kWithdrawn);
    EXPECT_FALSE(consent.InForce(At("2024-05-20T00:00:00Z")));
}

TEST(ConsentState, CodesAndLabelsAreThoseThePagesPrinted) {
    EXPECT_EQ(ConsentStateCode(ConsentState::kInForce), "active");
    EXPECT_EQ(ConsentStateCode(ConsentState::kWithdrawn), "withdrawn");
    EXPECT_EQ(ConsentStateCode(ConsentState::kNotInForce), "inactive");
    EXPECT_EQ(ConsentStateLabel(ConsentState::kInForce), "有効");
    EXPECT_EQ(ConsentStateLabel(ConsentState::kWithdrawn), "撤回済み");
    EXPECT_EQ(ConsentStateLabel(ConsentState::kNotInForce), "期限切れ・未発効");
    EXPECT_EQ(ConsentMethodLabel(ConsentMethod::kWritten), "書面");
    EXPECT_EQ(ConsentMethodLabel(ConsentMethod::kOral), "口頭");
    EXPECT_EQ(ParseConsentMethod("oral"), ConsentMethod::kOral);
    EXPECT_EQ(ParseConsentMethod("書面"), std::nullopt);
}

// --- meeting decision kinds ---------------------------------------------------------------------------------------

TEST(DecisionKinds, OneTableRoundTrips) {
    std::set<std::string_view> codes;
    for (DecisionKind kind : kAllDecisionKinds) {
        EXPECT_EQ(ParseDecisionKind(DecisionKindCode(kind)), kind);
        EXPECT_TRUE(codes.insert(DecisionKindCode(kind)).second) << DecisionKindCode(kind);
    }
    EXPECT_EQ(codes.size(), 8u);
    EXPECT_EQ(DecisionKindCodes().front(), "plan_approved");
    EXPECT_EQ(DecisionKindCodes().size(), 8u);
    EXPECT_EQ(DecisionKindLabel(DecisionKind::kResourceMissing), "不足する社会資源");
    EXPECT_EQ(ParseDecisionKind("approved"), std::nullopt);
}

TEST(DecisionKinds, OnlyClosingAndSuspendingDecideAStatus) {
    EXPECT_EQ(StatusDecided(DecisionKind::kClosed), CaseStatus::kClosed);
    EXPECT_EQ(StatusDecided(DecisionKind::kSuspended), CaseStatus::kSuspended);
    for (DecisionKind kind : kAllDecisionKinds) {
        if (kind == DecisionKind::kClosed || kind == DecisionKind::kSuspended) continue;
        EXPECT_EQ(StatusDecided(kind), std::nullopt) << DecisionKindCode(kind);
    }
}

// --- cases --------------------------------------------------------------------------------------------------------

// --- internal meetings with no legal basis (issue 17, item 1) -------------------------------------------------------

TEST(InternalMeetings, OnlyTheBasisWithNoStatuteTakesNoPersonalData) {
    for (const LegalBasis basis : kAllLegalBases) {
        EXPECT_EQ(TakesPersonalData(basis), basis != LegalBasis::kInternalLiaison) << LegalBasisCode(basis);
    }
    EXPECT_FALSE(SharesWithoutConsentByDefault(LegalBasis::kInternalLiaison));
    EXPECT_EQ(ParseLegalBasis("internal_liaison"), LegalBasis::kInternalLiaison);
}

TEST(InternalMeetings, APersonACaseOrAStatutoryJointBodyIsRefusedNamingTheField) {
    const MeetingBody internal{
        .id = MeetingBodyId{1}, .legal_basis = LegalBasis::kInternalLiaison, .display_name = "連携責任者連絡会"};
    const MeetingBody statutory{
        .id = MeetingBodyId{2}, .legal_basis = LegalBasis::kArticle106_6, .display_name = "支援会議"};
    const MeetingBody another_internal{
        .id = MeetingBodyId{3}, .legal_basis = LegalBasis::kInternalLiaison, .display_name = "担当者連絡会"};
    Meeting minutes_only{.body_id = internal.id, .minutes = "各課の相談の傾向を共有した"};
    EXPECT_TRUE(intake_support::CheckRecordsNoPersonalData(internal, std::nullopt, minutes_only));
    EXPECT_TRUE(intake_support::CheckRecordsNoPersonalData(internal, another_internal, minutes_only));

    Meeting with_person = minutes_only;
    with_person.agenda.push_back(AgendaItem{.person_id = PersonId{7}});
    auto refused = intake_support::CheckRecordsNoPersonalData(internal, std::nullopt, with_person);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "agenda");
    // The same meeting of a statutory body is not this rule's concern.
    EXPECT_TRUE(intake_support::CheckRecordsNoPersonalData(statutory, std::nullopt, with_person));

    Meeting with_family = minutes_only;
    with_family.attendees.push_back(Attendee{.name = "庁内 花子の母", .kind = AttendeeKind::kFamily});
    refused = intake_support::CheckRecordsNoPersonalData(internal, std::nullopt, with_family);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "attendees");
    EXPECT_TRUE(intake_support::CheckRecordsNoPersonalData(statutory, std::nullopt, with_family));

    Meeting with_case = minutes_only;
    with_case.decisions.push_back(Decision{.kind = DecisionKind::kOther, .text = "確認", .case_id = CaseId{5}});
    refused = intake_support::CheckRecordsNoPersonalData(internal, std::nullopt, with_case);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "decisions");

    // Held jointly with a statutory body, from either side.
    refused = intake_support::CheckRecordsNoPersonalData(statutory, internal, minutes_only);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "joint_body_id");
    EXPECT_FALSE(intake_support::CheckRecordsNoPersonalData(internal, statutory, minutes_only));
}

TEST(CloseNeedsAReason, EndingWithoutAReasonIsRefused) {
    for (CaseStatus ending : {CaseStatus::kClosed, CaseStatus::kSuspended}) {
        const Status refused = RequireReasonToEnd(ending, "");
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(refused.error().field, "reason");
        EXPECT_FALSE(RequireReasonToEnd(ending, " \t\r\n")) << "white space is no reason";
        EXPECT_TRUE(RequireReasonToEnd(ending, "本人の転居"));
    }
    EXPECT_TRUE(RequireReasonToEnd(CaseStatus::kSupporting, ""));
}

TEST(TeamMemberActive, ActiveUntilTheDayTheyLeave) {
    TeamMember member;
    EXPECT_TRUE(IsActiveMember(member, On(2024, 5, 1)));
    member.left_on = On(2024, 5, 10);
    EXPECT_TRUE(IsActiveMember(member, On(2024, 5, 9))) << "a leaving date ahead keeps them on the team";
    EXPECT_FALSE(IsActiveMember(member, On(2024, 5, 10)));
    EXPECT_FALSE(IsActiveMember(member, On(2024, 6, 1)));
}

TEST(DoneSetsCompletedOn, DoneWithoutADateIsCompletedToday) {
    PlanAction action;
    action.status = ActionStatus::kDone;
    ASSERT_TRUE(SettleCompletion(action, On(2024, 5, 1)));
    EXPECT_EQ(action.completed_on, On(2024, 5, 1));
}

TEST(DoneSetsCompletedOn, AGivenDateIsKeptAndAnOpenActionGetsNone) {
    PlanAction done;
    done.status = ActionStatus::kDone;
    done.completed_on = On(2024, 4, 20);
    ASSERT_TRUE(SettleCompletion(done, On(2024, 5, 1)));
    EXPECT_EQ(done.completed_on, On(2024, 4, 20));
    PlanAction open;
    open.status = ActionStatus::kInProgress;
    ASSERT_TRUE(SettleCompletion(open, On(2024, 5, 1)));
    EXPECT_FALSE(open.completed_on.has_value());
}

TEST(DoneSetsCompletedOn, ACompletionInTheFutureIsRefused) {
    PlanAction action;
    action.status = ActionStatus::kDone;
    action.completed_on = On(2024, 5, 2);
    const Status refused = SettleCompletion(action, On(2024, 5, 1));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "completed_on");
}

// --- Japan time in the domain -------------------------------------------------------------------------------------

TEST(ReferralWorkingDays, CountsJapaneseWorkingDaysAndKeepsTheTimeOfDay) {
    // Friday 2024-05-10 18:00 JST (09:00Z): two working days later is Tuesday 2024-05-14 18:00 JST.
    EXPECT_EQ(AddWorkingDays(At("2024-05-10T09:00:00Z"), 2), At("2024-05-14T09:00:00Z"));
    // Friday 2024-05-10 08:00 JST is Thursday 23:00 UTC: the JST day counts, not the UTC one.
    EXPECT_EQ(AddWorkingDays(At("2024-05-09T23:00:00Z"), 1), At("2024-05-12T23:00:00Z"));
}

TEST(FiscalYear, StartsOnTheFirstOfAprilInJapan) { EXPECT_EQ(StartOfFiscalYear(2024), At("2024-03-31T15:00:00Z")); }

}  // namespace
}  // namespace kasane::domain
