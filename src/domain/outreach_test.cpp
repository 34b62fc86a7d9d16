// SPDX-License-Identifier: Apache-2.0
// アウトリーチ: the record's and the attempt's rules (each refusal names its field), the stage changes (終了 and 再開
// with a reason, never back to 把握), when a visit is overdue, and the policy (the town's staff, the organisations
// involved, no one else).

#include "domain/outreach.hpp"

#include <gtest/gtest.h>

#include "base/japan_time.hpp"
#include "domain/access_policy.hpp"

namespace kasane::domain {
namespace {

using std::chrono::day;
using std::chrono::May;
using std::chrono::year;

constexpr Date kToday{year{2024}, May, day{20}};

Instant JapanNoon(Date date) { return StartOfJstDay(date) + std::chrono::hours{12}; }

OutreachRecord Valid() {
    return OutreachRecord{.id = OutreachId{1},
                          .person_id = PersonId{5},
                          .household_id = std::nullopt,
                          .kind = OutreachKind::kPsychiatric,
                          .reason = "長期のひきこもり、母親から相談",
                          .worker_id = UserId{3},
                          .organization_id = OrganizationId{10},
                          .stage = OutreachStage::kTryingContact,
                          .opened_on = Date{year{2024}, May, day{1}},
                          .next_visit_on = Date{year{2024}, May, day{22}}};
}

OutreachAttempt ValidAttempt() {
    return OutreachAttempt{.attempted_at = JapanNoon(Date{year{2024}, May, day{10}}),
                           .method = OutreachMethod::kVisit,
                           .outcome = OutreachOutcome::kMet,
                           .visiting_organization_id = OrganizationId{10},
                           .visitors = "保健師 田中",
                           .note = "玄関先で10分話せた",
                           .treatment = TreatmentStatus::kInterrupted};
}

Principal MakePrincipal(std::int64_t organization, std::vector<Role> roles) {
    Principal principal;
    principal.user.id = UserId{7};
    principal.user.municipality_id = MunicipalityId{1};
    principal.user.organization_id = OrganizationId{organization};
    principal.user.roles = std::move(roles);
    return principal;
}

TEST(Outreach, CodesReadBackAndUnknownCodesAreRefused) {
    for (OutreachStage stage : kAllOutreachStages) EXPECT_EQ(ParseOutreachStage(OutreachStageCode(stage)), stage);
    for (OutreachMethod method : kAllOutreachMethods) {
        EXPECT_EQ(ParseOutreachMethod(OutreachMethodCode(method)), method);
    }
    for (OutreachOutcome outcome : kAllOutreachOutcomes) {
        EXPECT_EQ(ParseOutreachOutcome(OutreachOutcomeCode(outcome)), outcome);
    }
    for (TreatmentStatus status : kAllTreatmentStatuses) {
        EXPECT_EQ(ParseTreatmentStatus(TreatmentStatusCode(status)), status);
    }
    EXPECT_EQ(OutreachStageLabel(OutreachStage::kConnected), "他事業へつなぎ");
    EXPECT_EQ(TreatmentStatusLabel(TreatmentStatus::kInterrupted), "受診中断");
    EXPECT_FALSE(ParseOutreachMethod("email"));
    EXPECT_FALSE(ParseOutreachOutcome("met "));
    EXPECT_FALSE(ParseOutreachStage(""));
    EXPECT_FALSE(ParseOutreachKind("psychiatry"));
}

TEST(Outreach, TheRecordsRulesNameTheirField) {
    EXPECT_TRUE(ValidateOutreachRecord(Valid(), kToday));
    auto with = [](auto change) {
        OutreachRecord record = Valid();
        change(record);
        auto checked = ValidateOutreachRecord(record, kToday);
        return checked ? std::string() : checked.error().field;
    };
    EXPECT_EQ(with([](OutreachRecord& r) { r.person_id = PersonId{0}; }), "person_id");
    EXPECT_EQ(with([](OutreachRecord& r) { r.reason.clear(); }), "reason");
    EXPECT_EQ(with([](OutreachRecord& r) { r.worker_id = UserId{0}; }), "worker_id");
    EXPECT_EQ(with([](OutreachRecord& r) { r.organization_id = OrganizationId{0}; }), "organization_id");
    EXPECT_EQ(with([](OutreachRecord& r) { r.opened_on = Date{year{2024}, May, day{21}}; }), "opened_on");
    EXPECT_EQ(with([](OutreachRecord& r) {
                  r.next_visit_on = Date{year{2024}, std::chrono::April, day{30}};
              }),
              "next_visit_on");
}

TEST(Outreach, AnAttemptIsInThePastAfterTheOpeningWithItsCodes) {
    const Instant now = JapanNoon(kToday);
    EXPECT_TRUE(ValidateAttempt(Valid(), ValidAttempt(), now));
    auto with = [&](auto change, OutreachRecord record = Valid()) {
        OutreachAttempt attempt = ValidAttempt();
        change(attempt);
        auto checked = ValidateAttempt(record, attempt, now);
        return checked ? std::string() : checked.error().field;
    };
    EXPECT_EQ(with([&](OutreachAttempt& a) { a.attempted_at = now + std::chrono::minutes{1}; }), "attempted_at");
    // The day before the opening, late in the evening in Japan (still 4月30日 there, though 5月1日 is near).
    EXPECT_EQ(with([](OutreachAttempt& a) {
                  a.attempted_at = StartOfJstDay(Date{year{2024}, May, day{1}}) - std::chrono::minutes{1};
              }),
              "attempted_at");
    EXPECT_EQ(with([](OutreachAttempt& a) { a.attempted_at = StartOfJstDay(Date{year{2024}, May, day{1}}); }), "");
    EXPECT_EQ(with([](OutreachAttempt& a) { a.visiting_organization_id = OrganizationId{0}; }),
              "visiting_organization_id");
    EXPECT_EQ(with([](OutreachAttempt& a) { a.visitors.clear(); }), "visitors");
    // 受診状況 only for 精神科 outreach.
    OutreachRecord general = Valid();
    general.kind = OutreachKind::kGeneral;
    EXPECT_EQ(with([](OutreachAttempt&) {}, general), "treatment");
    EXPECT_EQ(with([](OutreachAttempt& a) { a.treatment.reset(); }, general), "");
    // A closed record takes no attempt until it is reopened.
    OutreachRecord closed = Valid();
    closed.stage = OutreachStage::kClosed;
    EXPECT_EQ(with([](OutreachAttempt&) {}, closed), "stage");
}

TEST(Outreach, StagesMoveSensiblyAndClosingOrReopeningTakesAReason) {
    const Date on{year{2024}, May, day{15}};
    OutreachRecord record = Valid();
    EXPECT_TRUE(ValidateStageChange(record, OutreachStage::kFirstContact, on, "", kToday));
    // Back one step is allowed (a relationship breaks off); back to 把握 is not; the same stage is not a change.
    record.stage = OutreachStage::kBuildingRelationship;
    EXPECT_TRUE(ValidateStageChange(record, OutreachStage::kTryingContact, on, "", kToday));
    EXPECT_EQ(ValidateStageChange(record, OutreachStage::kIdentified, on, "", kToday).error().field, "stage");
    EXPECT_EQ(ValidateStageChange(record, OutreachStage::kBuildingRelationship, on, "", kToday).error().field, "stage");
    EXPECT_EQ(ValidateStageChange(record, OutreachStage::kClosed, on, "", kToday).error().field, "reason");
    EXPECT_TRUE(ValidateStageChange(record, OutreachStage::kClosed, on, "転居（県外）", kToday));
    record.stage = OutreachStage::kClosed;
    EXPECT_EQ(ValidateStageChange(record, OutreachStage::kTryingContact, on, "", kToday).error().field, "reason");
    EXPECT_TRUE(ValidateStageChange(record, OutreachStage::kTryingContact, on, "戻ってきたと近所から連絡", kToday));
    record.stage = OutreachStage::kTryingContact;
    EXPECT_EQ(ValidateStageChange(record, OutreachStage::kFirstContact, Date{year{2024}, May, day{21}}, "", kToday)
                  .error()
                  .field,
              "on");
    EXPECT_EQ(ValidateStageChange(record, OutreachStage::kFirstContact, Date{year{2024}, std::chrono::April, day{1}},
                                  "", kToday)
                  .error()
                  .field,
              "on");
}

TEST(Outreach, AVisitIsOverdueTheDayAfterItWasPlannedUnlessTheRecordIsClosed) {
    OutreachRecord record = Valid();  // next visit 5月22日
    EXPECT_FALSE(IsVisitOverdue(record, Date{year{2024}, May, day{22}}));
    EXPECT_TRUE(IsVisitOverdue(record, Date{year{2024}, May, day{23}}));
    record.stage = OutreachStage::kClosed;
    EXPECT_FALSE(IsVisitOverdue(record, Date{year{2024}, May, day{23}}));
    record.stage = OutreachStage::kTryingContact;
    record.next_visit_on.reset();
    EXPECT_FALSE(IsVisitOverdue(record, Date{year{2024}, May, day{23}}));
}

TEST(Outreach, TheTownsStaffAndTheOrganisationsInvolvedReadNoOneElse) {
    OutreachRecord record = Valid();  // responsible organisation 10
    record.attempts.push_back(ValidAttempt());
    record.attempts.back().visiting_organization_id = OrganizationId{20};  // a partner went along
    const std::vector<OrganizationId> involved = OutreachOrganizations(record);
    ASSERT_EQ(involved.size(), 2u);

    const Principal town = MakePrincipal(10, {Role::kCaseworker});
    EXPECT_EQ(OutreachAccess(town, OrganizationKind::kMunicipalDivision, involved).basis, "municipal_staff");
    const Principal other_division = MakePrincipal(11, {Role::kCaseworker});
    EXPECT_TRUE(OutreachAccess(other_division, OrganizationKind::kMunicipalDivision, involved).allowed);
    const Principal partner = MakePrincipal(20, {Role::kCaseworker});
    EXPECT_EQ(OutreachAccess(partner, OrganizationKind::kNpo, involved).basis, "outreach_organization");
    const Principal uninvolved = MakePrincipal(30, {Role::kCaseworker});
    EXPECT_FALSE(OutreachAccess(uninvolved, OrganizationKind::kNpo, involved).allowed);
    // A 民生委員, an administrator or an auditor by their role alone read none of it, even in the town's division.
    EXPECT_FALSE(
        OutreachAccess(MakePrincipal(10, {Role::kWelfareVolunteer}), OrganizationKind::kMunicipalDivision, involved)
            .allowed);
    EXPECT_FALSE(
        OutreachAccess(MakePrincipal(10, {Role::kAuditor}), OrganizationKind::kMunicipalDivision, involved).allowed);

    EXPECT_TRUE(MayOpenOutreach(town, OrganizationKind::kMunicipalDivision, OrganizationId{20}));
    EXPECT_TRUE(MayOpenOutreach(uninvolved, OrganizationKind::kNpo, OrganizationId{30}));
    EXPECT_FALSE(MayOpenOutreach(uninvolved, OrganizationKind::kNpo, OrganizationId{10}));
}

}  // namespace
}  // namespace kasane::domain
