// SPDX-License-Identifier: Apache-2.0
// The rules of a consultation's thread (consultation.hpp) and who may change it (DecideConsultationWork).

#include <gtest/gtest.h>

#include "domain/access_policy.hpp"
#include "domain/change_policy.hpp"
#include "domain/consultation.hpp"

namespace kasane::domain {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

Consultation Thread() {
    Consultation consultation{.id = ConsultationId{7},
                              .receiving_organization_id = OrganizationId{1},
                              .received_by_user_id = UserId{10},
                              .person_id = PersonId{3}};
    consultation.contacts = {Contact{.id = 1, .organization_id = OrganizationId{1}, .staff_user_id = UserId{10}},
                             Contact{.id = 2, .organization_id = OrganizationId{1}, .staff_user_id = UserId{10}},
                             Contact{.id = 3, .organization_id = OrganizationId{2}, .staff_user_id = UserId{20}}};
    return consultation;
}

TEST(ConsultationRules, CancelledEntriesDropOutOfEveryCount) {
    Consultation consultation = Thread();
    EXPECT_TRUE(IsCounted(consultation));
    EXPECT_EQ(CountedContacts(consultation).size(), 3u);
    consultation.contacts[1].cancelled = Cancellation{.user_id = UserId{10}, .reason = "誤入力"};
    EXPECT_FALSE(IsCounted(consultation, consultation.contacts[1]));
    EXPECT_EQ(CountedContacts(consultation).size(), 2u);
    consultation.cancelled = Cancellation{.user_id = UserId{10}, .reason = "別人の相談を登録した"};
    EXPECT_FALSE(IsCounted(consultation));
    EXPECT_TRUE(CountedContacts(consultation).empty()) << "a cancelled consultation counts none of its contacts";
}

TEST(ConsultationRules, CloseAndReopenNeedAStatedReason) {
    Consultation consultation = Thread();
    EXPECT_FALSE(MayClose(consultation, " \t"));
    EXPECT_EQ(MayClose(consultation, "").error().field, "reason");
    EXPECT_TRUE(MayClose(consultation, "情報提供で解決"));
    consultation.outcome = Outcome::kContinuing;
    EXPECT_EQ(MayClose(consultation, "理由").error().field, "outcome") << "継続 is not an end";
    consultation.outcome = Outcome::kInformationProvided;
    EXPECT_EQ(MayReopen(consultation, "再度の電話").error().field, "status") << "an open thread is not reopened";
    consultation.status = ConsultationStatus::kClosed;
    EXPECT_EQ(MayClose(consultation, "理由").error().field, "status");
    EXPECT_FALSE(MayReopen(consultation, ""));
    EXPECT_TRUE(MayReopen(consultation, "本人から再度の電話"));
    EXPECT_EQ(RequireOpen(consultation).error().field, "status") << "a closed thread takes no contact";
}

TEST(ConsultationRules, CancellationIsOnceWithAReasonAndNeverTheFirstContactAlone) {
    Consultation consultation = Thread();
    EXPECT_FALSE(MayCancel(consultation, ""));
    EXPECT_TRUE(MayCancel(consultation, "誤って登録"));
    EXPECT_EQ(MayCancelContact(consultation, 1, "誤入力").error().field, "contact_id");
    EXPECT_TRUE(MayCancelContact(consultation, 2, "誤入力"));
    EXPECT_TRUE(MayCancelContact(consultation, 99, "誤入力").error().Is(ErrorCode::kNotFound));
    consultation.contacts[1].cancelled = Cancellation{};
    EXPECT_FALSE(MayCancelContact(consultation, 2, "誤入力"));
    consultation.cancelled = Cancellation{};
    EXPECT_FALSE(MayCancel(consultation, "もう一度"));
    EXPECT_EQ(RequireOpen(consultation).error().field, "consultation");
}

TEST(ConsultationRules, OutcomeLinksMatchTheOutcome) {
    EXPECT_EQ(ValidateOutcomeLinks(Outcome::kReferred, std::nullopt, std::nullopt).error().field, "referral_id");
    EXPECT_TRUE(ValidateOutcomeLinks(Outcome::kReferred, ReferralId{5}, std::nullopt));
    EXPECT_EQ(ValidateOutcomeLinks(Outcome::kEscalated, ReferralId{5}, std::nullopt).error().field, "case_id");
    EXPECT_TRUE(ValidateOutcomeLinks(Outcome::kEscalated, std::nullopt, CaseId{8}));
    EXPECT_EQ(ValidateOutcomeLinks(Outcome::kContinuing, std::nullopt, CaseId{8}).error().field, "case_id");
    EXPECT_TRUE(ValidateOutcomeLinks(Outcome::kContinuing, std::nullopt, std::nullopt));
}

// Issue 13's done-when: the son of the old man a neighbour called about is referred to the 生活困窮 window with the
// father's consultation (about their household) as the referral's もとの相談; a household he has left does not count.
TEST(ConsultationRules, AReferralStartsFromTheConsultationOfThePersonOrOfTheirHousehold) {
    const Date today = year{2026} / month{12} / day{3};
    Consultation father = Thread();  // about person 3
    father.household_id = HouseholdId{50};
    Household home{.id = HouseholdId{50}};
    home.members = {HouseholdMember{.id = 1, .person_id = PersonId{3}, .is_head = true},
                    HouseholdMember{.id = 2, .person_id = PersonId{4}, .relationship = Relationship::kChild}};
    const std::vector<Household> sons_households = {home};
    EXPECT_TRUE(MayBeReferralOrigin(father, PersonId{3}, {}, today));
    EXPECT_TRUE(MayBeReferralOrigin(father, PersonId{4}, sons_households, today));
    EXPECT_FALSE(MayBeReferralOrigin(father, PersonId{5}, {}, today));
    EXPECT_FALSE(MayBeReferralOrigin(father, PersonId{4}, {}, today)) << "not a household of the son's";
    home.members[1].moved_out = year{2026} / month{12} / day{1};
    EXPECT_FALSE(MayBeReferralOrigin(father, PersonId{4}, {home}, today)) << "moved out";
    father.household_id.reset();
    EXPECT_FALSE(MayBeReferralOrigin(father, PersonId{4}, sons_households, today)) << "not about the household";
}

TEST(ConsultationRules, NextContactIsTodayOrLaterAndDueFromItsDay) {
    const Date today = year{2026} / month{12} / day{3};
    EXPECT_EQ(ValidateNextContactOn(year{2026} / month{12} / day{2}, today).error().field, "next_contact_on");
    EXPECT_TRUE(ValidateNextContactOn(today, today));
    EXPECT_TRUE(ValidateNextContactOn(std::nullopt, today));
    Consultation consultation = Thread();
    consultation.next_contact_on = year{2026} / month{12} / day{4};
    EXPECT_FALSE(ContactDue(consultation, today));
    consultation.next_contact_on = today;
    EXPECT_TRUE(ContactDue(consultation, today));
    consultation.status = ConsultationStatus::kClosed;
    EXPECT_FALSE(ContactDue(consultation, today));
}

TEST(ConsultationWorkPolicy, TheReceivingWindowDecidesTheThreadAndVolunteersOnlyTheirOwn) {
    const Consultation consultation = Thread();
    Principal own{.user = User{.id = UserId{11}, .organization_id = OrganizationId{1}, .roles = {Role::kCaseworker}}};
    Principal other{.user = User{.id = UserId{20}, .organization_id = OrganizationId{2}, .roles = {Role::kCaseworker}}};
    Principal coordinator{
        .user = User{.id = UserId{30}, .organization_id = OrganizationId{3}, .roles = {Role::kCoordinator}}};
    Principal volunteer{
        .user = User{.id = UserId{10}, .organization_id = OrganizationId{1}, .roles = {Role::kWelfareVolunteer}}};
    Principal other_volunteer{
        .user = User{.id = UserId{12}, .organization_id = OrganizationId{1}, .roles = {Role::kWelfareVolunteer}}};
    Principal auditor{.user = User{.id = UserId{40}, .organization_id = OrganizationId{1}, .roles = {Role::kAuditor}}};
    EXPECT_TRUE(DecideConsultationWork(own, consultation, ConsultationWork::kCloseOrReopen).Allowed());
    EXPECT_TRUE(DecideConsultationWork(coordinator, consultation, ConsultationWork::kCancel).Allowed());
    EXPECT_TRUE(DecideConsultationWork(other, consultation, ConsultationWork::kAddContact).Allowed());
    EXPECT_EQ(DecideConsultationWork(other, consultation, ConsultationWork::kOutcome).outcome,
              ChangeDecision::Outcome::kRefused);
    EXPECT_TRUE(DecideConsultationWork(other, consultation, ConsultationWork::kCancelContact, &consultation.contacts[2])
                    .Allowed());
    EXPECT_FALSE(
        DecideConsultationWork(other, consultation, ConsultationWork::kCancelContact, &consultation.contacts[1])
            .Allowed());
    EXPECT_TRUE(DecideConsultationWork(volunteer, consultation, ConsultationWork::kCloseOrReopen).Allowed());
    EXPECT_FALSE(DecideConsultationWork(other_volunteer, consultation, ConsultationWork::kAddContact).Allowed());
    EXPECT_FALSE(DecideConsultationWork(auditor, consultation, ConsultationWork::kAddContact).Allowed());
}

// 匿名の相談 (issue 13, item 3): a consultation without a person joins one once, and only while it counts.
TEST(AnonymousConsultation, JoinsAPersonOnceAndNeverWhenCancelled) {
    Consultation consultation = Thread();
    EXPECT_FALSE(IsAnonymous(consultation));
    EXPECT_EQ(MayJoinPerson(consultation).error().code, ErrorCode::kConflict);
    EXPECT_EQ(MayJoinPerson(consultation).error().field, "person_id");
    consultation.person_id.reset();
    EXPECT_TRUE(IsAnonymous(consultation));
    EXPECT_TRUE(MayJoinPerson(consultation));
    consultation.status = ConsultationStatus::kClosed;
    EXPECT_TRUE(MayJoinPerson(consultation)) << "identified after the thread ended";
    consultation.cancelled = Cancellation{.user_id = UserId{10}, .reason = "誤入力"};
    EXPECT_FALSE(MayJoinPerson(consultation));
}

// Who reads an anonymous consultation: the book's scope, nobody through a person.
TEST(AnonymousConsultation, ReadByTheReceivingWindowAndItsContactsAndAVolunteerOnlyTheirOwn) {
    Consultation consultation = Thread();
    consultation.person_id.reset();
    Principal own{.user = User{.id = UserId{11}, .organization_id = OrganizationId{1}, .roles = {Role::kCaseworker}}};
    Principal contact_window{
        .user = User{.id = UserId{20}, .organization_id = OrganizationId{2}, .roles = {Role::kCaseworker}}};
    Principal stranger{.user =
                           User{.id = UserId{21}, .organization_id = OrganizationId{5}, .roles = {Role::kCaseworker}}};
    Principal coordinator{
        .user = User{.id = UserId{30}, .organization_id = OrganizationId{3}, .roles = {Role::kCoordinator}}};
    Principal volunteer{
        .user = User{.id = UserId{10}, .organization_id = OrganizationId{1}, .roles = {Role::kWelfareVolunteer}}};
    Principal other_volunteer{
        .user = User{.id = UserId{12}, .organization_id = OrganizationId{1}, .roles = {Role::kWelfareVolunteer}}};
    Principal auditor{.user = User{.id = UserId{40}, .organization_id = OrganizationId{1}, .roles = {Role::kAuditor}}};
    EXPECT_TRUE(MayReadAnonymousConsultation(own, consultation));
    EXPECT_TRUE(MayReadAnonymousConsultation(contact_window, consultation));
    EXPECT_FALSE(MayReadAnonymousConsultation(stranger, consultation));
    EXPECT_FALSE(MayReadAnonymousConsultation(coordinator, consultation)) << "no person, no case team";
    EXPECT_TRUE(MayReadAnonymousConsultation(volunteer, consultation));
    EXPECT_FALSE(MayReadAnonymousConsultation(other_volunteer, consultation));
    EXPECT_FALSE(MayReadAnonymousConsultation(auditor, consultation));
    // Joining is decided like the thread's other decisions: the receiving window, a coordinator, the volunteer.
    EXPECT_TRUE(DecideConsultationWork(own, consultation, ConsultationWork::kJoinPerson).Allowed());
    EXPECT_FALSE(DecideConsultationWork(contact_window, consultation, ConsultationWork::kJoinPerson).Allowed());
    EXPECT_TRUE(DecideConsultationWork(volunteer, consultation, ConsultationWork::kJoinPerson).Allowed());
}

TEST(IntakeNextStepRules, CallBackNeedsADateAndReferAndCaseNeedAPerson) {
    const Date today{year{2026}, month{12}, day{3}};
    const Date tomorrow{year{2026}, month{12}, day{4}};
    const Date yesterday{year{2026}, month{12}, day{2}};
    EXPECT_TRUE(
        ValidateNextStep(IntakeNextStep::kNone, std::nullopt, std::nullopt, ConsultationSubject::kAnonymous, today));
    EXPECT_EQ(
        ValidateNextStep(IntakeNextStep::kCallBack, std::nullopt, std::nullopt, ConsultationSubject::kIdentified, today)
            .error()
            .field,
        "next_step.call_back_on");
    EXPECT_EQ(
        ValidateNextStep(IntakeNextStep::kCallBack, yesterday, std::nullopt, ConsultationSubject::kIdentified, today)
            .error()
            .field,
        "next_step.call_back_on");
    EXPECT_TRUE(
        ValidateNextStep(IntakeNextStep::kCallBack, today, std::nullopt, ConsultationSubject::kAnonymous, today));
    EXPECT_TRUE(
        ValidateNextStep(IntakeNextStep::kCallBack, tomorrow, std::nullopt, ConsultationSubject::kIdentified, today));
    EXPECT_EQ(
        ValidateNextStep(IntakeNextStep::kRefer, std::nullopt, std::nullopt, ConsultationSubject::kIdentified, today)
            .error()
            .field,
        "next_step.to_organization_id");
    EXPECT_TRUE(ValidateNextStep(IntakeNextStep::kRefer, std::nullopt, OrganizationId{4},
                                 ConsultationSubject::kIdentified, today));
    EXPECT_EQ(ValidateNextStep(IntakeNextStep::kRefer, std::nullopt, OrganizationId{4}, ConsultationSubject::kAnonymous,
                               today)
                  .error()
                  .field,
              "next_step");
    EXPECT_EQ(
        ValidateNextStep(IntakeNextStep::kOpenCase, std::nullopt, std::nullopt, ConsultationSubject::kAnonymous, today)
            .error()
            .field,
        "next_step");
    EXPECT_TRUE(ValidateNextStep(IntakeNextStep::kOpenCase, std::nullopt, std::nullopt,
                                 ConsultationSubject::kIdentified, today));
    for (auto step :
         {IntakeNextStep::kNone, IntakeNextStep::kCallBack, IntakeNextStep::kRefer, IntakeNextStep::kOpenCase}) {
        EXPECT_EQ(ParseIntakeNextStep(IntakeNextStepCode(step)), step);
    }
    EXPECT_FALSE(ParseIntakeNextStep("later"));
    EXPECT_EQ(ParseSource("anonymous"), Source::kAnonymous);
    EXPECT_EQ(SourceLabel(Source::kAnonymous), "匿名");
}

}  // namespace
}  // namespace kasane::domain
