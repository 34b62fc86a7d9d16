// SPDX-License-Identifier: Apache-2.0
// The rules of a consultation's thread (consultation.hpp) and who may change it (DecideConsultationWork).

#include <gtest/gtest.h>

#include "domain/change_policy.hpp"
#include "domain/consultation.hpp"

namespace kasane::domain {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

Consultation Thread() {
    Consultation consultation{.id = 7, .receiving_organization_id = 1, .received_by_user_id = 10, .person_id = 3};
    consultation.contacts = {Contact{.id = 1, .organization_id = 1, .staff_user_id = 10},
                             Contact{.id = 2, .organization_id = 1, .staff_user_id = 10},
                             Contact{.id = 3, .organization_id = 2, .staff_user_id = 20}};
    return consultation;
}

TEST(ConsultationRules, CancelledEntriesDropOutOfEveryCount) {
    Consultation consultation = Thread();
    EXPECT_TRUE(IsCounted(consultation));
    EXPECT_EQ(CountedContacts(consultation).size(), 3u);
    consultation.contacts[1].cancelled = Cancellation{.user_id = 10, .reason = "誤入力"};
    EXPECT_FALSE(IsCounted(consultation, consultation.contacts[1]));
    EXPECT_EQ(CountedContacts(consultation).size(), 2u);
    consultation.cancelled = Cancellation{.user_id = 10, .reason = "別人の相談を登録した"};
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
    EXPECT_TRUE(ValidateOutcomeLinks(Outcome::kReferred, 5, std::nullopt));
    EXPECT_EQ(ValidateOutcomeLinks(Outcome::kEscalated, 5, std::nullopt).error().field, "case_id");
    EXPECT_TRUE(ValidateOutcomeLinks(Outcome::kEscalated, std::nullopt, 8));
    EXPECT_EQ(ValidateOutcomeLinks(Outcome::kContinuing, std::nullopt, 8).error().field, "case_id");
    EXPECT_TRUE(ValidateOutcomeLinks(Outcome::kContinuing, std::nullopt, std::nullopt));
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
    Principal own{.user = User{.id = 11, .organization_id = 1, .roles = {Role::kCaseworker}}};
    Principal other{.user = User{.id = 20, .organization_id = 2, .roles = {Role::kCaseworker}}};
    Principal coordinator{.user = User{.id = 30, .organization_id = 3, .roles = {Role::kCoordinator}}};
    Principal volunteer{.user = User{.id = 10, .organization_id = 1, .roles = {Role::kWelfareVolunteer}}};
    Principal other_volunteer{.user = User{.id = 12, .organization_id = 1, .roles = {Role::kWelfareVolunteer}}};
    Principal auditor{.user = User{.id = 40, .organization_id = 1, .roles = {Role::kAuditor}}};
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

}  // namespace
}  // namespace kasane::domain
