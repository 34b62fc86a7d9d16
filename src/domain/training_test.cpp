// SPDX-License-Identifier: Apache-2.0
// 人材育成: the 年度's totals (延べ, 実, 市民/専門職, 修了者数, per course kind) from named and counted attendees —
// 米子市's R4 延べ95名 (市民33名, 専門職62名) rebuilt —, the rules refusing bad input (an unknown 年度, a session
// outside its 年度, negative counts, 修了 for someone who attended nothing), and who records and reads.

#include "domain/training.hpp"

#include <gtest/gtest.h>

#include "domain/access_policy.hpp"

namespace kasane::domain {
namespace {

using std::chrono::April;
using std::chrono::February;
using std::chrono::June;
using std::chrono::March;
using std::chrono::May;
using std::chrono::October;
using std::chrono::year;

Date On(int y, std::chrono::month m, int d) { return Date{year{y}, m, std::chrono::day{static_cast<unsigned>(d)}}; }

TrainingCourse Course(std::int64_t id, CourseKind kind, int fiscal_year) {
    return TrainingCourse{.id = TrainingCourseId{id}, .name = "講座", .kind = kind, .fiscal_year = fiscal_year};
}

TrainingSession Session(std::int64_t id, std::int64_t course, Date held_on, long long citizens,
                        long long professionals) {
    return TrainingSession{.id = TrainingSessionId{id},
                           .course_id = TrainingCourseId{course},
                           .held_on = held_on,
                           .minutes = 90,
                           .citizens = citizens,
                           .professionals = professionals};
}

TrainingAttendee Attendee(std::int64_t course, TraineeType type, std::vector<TrainingSessionId> sessions,
                          Completion completion = Completion::kNotCompleted) {
    return TrainingAttendee{.course_id = TrainingCourseId{course},
                            .name = "受講者",
                            .type = type,
                            .completion = completion,
                            .sessions = std::move(sessions)};
}

TEST(TrainingTotals, RebuildsYonagoR4FromNamedAndCountedAttendees) {
    // R4 (2022年度): a 基礎 course of two sessions, counted (市民 20+10, 専門職 25+30), and a 分野横断 course whose
    // attendees are named: 3 市民 and 7 専門職 attending one session, 修了 for 5 of them.
    const std::vector<TrainingCourse> courses = {Course(1, CourseKind::kBasic, 2022),
                                                 Course(2, CourseKind::kCrossSector, 2022),
                                                 Course(3, CourseKind::kBasic, 2023)};
    const std::vector<TrainingSession> sessions = {
        Session(10, 1, On(2022, June, 1), 20, 25), Session(11, 1, On(2023, February, 1), 10, 30),
        Session(12, 2, On(2022, October, 5), 0, 0), Session(13, 3, On(2023, May, 1), 99, 99)};
    std::vector<TrainingAttendee> attendees;
    for (int i = 0; i < 3; ++i) {
        attendees.push_back(Attendee(2, TraineeType::kCitizen, {TrainingSessionId{12}}, Completion::kCompleted));
    }
    for (int i = 0; i < 7; ++i) {
        attendees.push_back(Attendee(2, TraineeType::kProfessional, {TrainingSessionId{12}},
                                     i < 2 ? Completion::kCompleted : Completion::kNotCompleted));
    }
    attendees.push_back(Attendee(2, TraineeType::kProfessional, {}));  // enrolled, never attended: not counted

    const TrainingTotals totals = TrainingTotalsOf(2022, courses, sessions, attendees);
    EXPECT_EQ(totals.all.total, 95);
    EXPECT_EQ(totals.all.citizens, 33);
    EXPECT_EQ(totals.all.professionals, 62);
    EXPECT_EQ(totals.all.real, 10);
    EXPECT_EQ(totals.all.real_citizens, 3);
    EXPECT_EQ(totals.all.real_professionals, 7);
    EXPECT_EQ(totals.all.completed, 5);
    EXPECT_EQ(totals.all.sessions, 3);
    EXPECT_EQ(totals.all.courses, 2);
    EXPECT_EQ(totals.by_kind.at(CourseKind::kBasic).total, 85);
    EXPECT_EQ(totals.by_kind.at(CourseKind::kCrossSector).total, 10);
    EXPECT_EQ(totals.by_kind.at(CourseKind::kFollowUp).total, 0);
    EXPECT_EQ(totals.by_kind.size(), 6U);
}

TEST(TrainingTotals, AnAttendeeOfTwoSessionsCountsTwiceInTheTotalOnceInTheReal) {
    const std::vector<TrainingCourse> courses = {Course(1, CourseKind::kFollowUp, 2024)};
    const std::vector<TrainingSession> sessions = {Session(1, 1, On(2024, May, 1), 0, 0),
                                                   Session(2, 1, On(2024, June, 1), 0, 0)};
    const std::vector<TrainingAttendee> attendees = {
        Attendee(1, TraineeType::kProfessional, {TrainingSessionId{1}, TrainingSessionId{2}}, Completion::kCompleted)};
    const TrainingTotals totals = TrainingTotalsOf(2024, courses, sessions, attendees);
    EXPECT_EQ(totals.all.total, 2);
    EXPECT_EQ(totals.all.real, 1);
    EXPECT_EQ(totals.all.completed, 1);
}

TEST(TrainingRules, AnUnknownFiscalYearIsRefused) {
    const Date today = On(2024, April, 10);  // 令和6年度
    EXPECT_TRUE(ValidateFiscalYear(2022, today));
    EXPECT_TRUE(ValidateFiscalYear(2025, today));  // planning the next
    EXPECT_FALSE(ValidateFiscalYear(2026, today));
    EXPECT_FALSE(ValidateFiscalYear(2014, today));
    EXPECT_EQ(ValidateFiscalYear(1999, today).error().field, "fiscal_year");
    TrainingCourse course = Course(0, CourseKind::kBasic, 2024);
    EXPECT_TRUE(ValidateCourse(course, today));
    course.name.clear();
    EXPECT_EQ(ValidateCourse(course, today).error().field, "name");
}

TEST(TrainingRules, ASessionOutsideItsFiscalYearOrWithNegativeCountsIsRefused) {
    const TrainingCourse course = Course(1, CourseKind::kBasic, 2022);
    EXPECT_TRUE(ValidateSession(Session(0, 1, On(2023, March, 31), 1, 2), course));
    EXPECT_EQ(ValidateSession(Session(0, 1, On(2023, April, 1), 1, 2), course).error().field, "held_on");
    EXPECT_EQ(ValidateSession(Session(0, 1, On(2023, February, 30), 1, 2), course).error().field, "held_on");
    EXPECT_EQ(ValidateSession(Session(0, 1, On(2022, May, 1), -1, 2), course).error().field, "citizens");
    EXPECT_EQ(ValidateSession(Session(0, 1, On(2022, May, 1), 1, -2), course).error().field, "professionals");
    TrainingSession no_time = Session(0, 1, On(2022, May, 1), 1, 2);
    no_time.minutes = 0;
    EXPECT_EQ(ValidateSession(no_time, course).error().field, "hours");
}

TEST(TrainingRules, CompletionNeedsAttendanceAndSessionsMustBeTheCourses) {
    const std::vector<TrainingSession> sessions = {Session(5, 1, On(2022, May, 1), 0, 0),
                                                   Session(6, 2, On(2022, May, 1), 0, 0)};
    EXPECT_TRUE(
        ValidateAttendee(Attendee(1, TraineeType::kCitizen, {TrainingSessionId{5}}, Completion::kCompleted), sessions));
    EXPECT_EQ(ValidateAttendee(Attendee(1, TraineeType::kCitizen, {}, Completion::kCompleted), sessions).error().field,
              "completion");
    EXPECT_EQ(ValidateAttendee(Attendee(1, TraineeType::kCitizen, {TrainingSessionId{6}}), sessions).error().field,
              "session_ids");
    TrainingAttendee nameless = Attendee(1, TraineeType::kCitizen, {});
    nameless.name.clear();
    EXPECT_EQ(ValidateAttendee(nameless, sessions).error().field, "name");
    nameless.user_id = UserId{3};
    EXPECT_TRUE(ValidateAttendee(nameless, sessions));
}

TEST(TrainingCodes, RoundTrip) {
    for (const CourseKind kind : kAllCourseKinds) EXPECT_EQ(ParseCourseKind(CourseKindCode(kind)), kind);
    for (const TraineeType type : kAllTraineeTypes) EXPECT_EQ(ParseTraineeType(TraineeTypeCode(type)), type);
    EXPECT_EQ(CourseKindLabel(CourseKind::kMultilayer), "重層的支援力強化");
    EXPECT_FALSE(ParseCourseKind("advanced"));
}

TEST(TrainingAccess, TheTownsStaffRecordPartnersAndVolunteersDoNot) {
    Principal worker;
    worker.user.roles = {Role::kCoordinator};
    EXPECT_TRUE(MayRecordTraining(worker, OrganizationKind::kMunicipalDivision));
    EXPECT_FALSE(MayRecordTraining(worker, OrganizationKind::kSocialWelfareCouncil));
    EXPECT_FALSE(MayReadTrainingTotals(worker, OrganizationKind::kNpo));
    Principal volunteer;
    volunteer.user.roles = {Role::kWelfareVolunteer};
    EXPECT_FALSE(MayRecordTraining(volunteer, OrganizationKind::kMunicipalDivision));
    EXPECT_FALSE(MayReadTrainingTotals(volunteer, OrganizationKind::kMunicipalDivision));
    Principal administrator;
    administrator.user.roles = {Role::kMunicipalAdministrator};
    EXPECT_TRUE(MayRecordTraining(administrator, OrganizationKind::kMunicipalDivision));
    EXPECT_TRUE(MayReadTrainingTotals(administrator, OrganizationKind::kMunicipalDivision));
    Principal auditor;
    auditor.user.roles = {Role::kAuditor};
    EXPECT_FALSE(MayReadTrainingTotals(auditor, OrganizationKind::kMunicipalDivision));
}

}  // namespace
}  // namespace kasane::domain
