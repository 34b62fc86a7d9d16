// SPDX-License-Identifier: Apache-2.0
// The storage contract of 人材育成 (domain/training_repositories.hpp, migration 42): on SQLite (a fresh file per test)
// and on PostgreSQL (the throwaway cluster, schema recreated per test), like community_contract_test.cpp. The
// PostgreSQL cases fail, never skip, when the cluster is missing.

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <filesystem>
#include <string>
#include <vector>

#include "base/log.hpp"
#include "contract_support.hpp"
#include "domain/repositories.hpp"
#include "domain/training_repositories.hpp"
#include "storage/open_store.hpp"
#include "storage/training_port.hpp"

namespace kasane::storage {
namespace {

using domain::TrainingAttendee;
using domain::TrainingCourse;
using domain::TrainingSession;

const std::string& PostgresUrl() {
    static const std::string url = CreateDatabase("training_contract");
    return url;
}

class TrainingContractTest : public TwoTownStoreTest {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(OpenTwoTowns(PostgresUrl));
        a_training_ = TrainingOf(*ta_);
        b_training_ = TrainingOf(*tb_);
        ASSERT_NE(a_training_, nullptr);
    }

    void TearDown() override {
        a_training_.reset();
        b_training_.reset();
        TwoTownStoreTest::TearDown();
    }

    TrainingCourse Course(int fiscal_year) {
        return TrainingCourse{.name = "重層的支援体制 基礎研修",
                              .kind = domain::CourseKind::kBasic,
                              .fiscal_year = fiscal_year,
                              .organizer = "福祉政策課",
                              .audience = "市民・専門職",
                              .created_by = staff_,
                              .created_at = At(2022, 5, 1, 9)};
    }

    std::unique_ptr<domain::TrainingRepository> a_training_, b_training_;
};

TEST_P(TrainingContractTest, CoursesSessionsAndAttendeesRoundTripByFiscalYear) {
    auto course = a_training_->AddCourse(Course(2022));
    ASSERT_OK(course);
    auto later = a_training_->AddCourse(Course(2023));
    ASSERT_OK(later);
    auto session = a_training_->AddSession(TrainingSession{.course_id = course->id,
                                                           .held_on = Day(2022, 6, 10),
                                                           .place = "市役所 第1会議室",
                                                           .minutes = 90,
                                                           .citizens = 30,
                                                           .professionals = 55,
                                                           .created_by = staff_,
                                                           .created_at = At(2022, 6, 10, 12)});
    ASSERT_OK(session);
    auto other = a_training_->AddSession(TrainingSession{.course_id = later->id,
                                                         .held_on = Day(2023, 6, 10),
                                                         .place = "",
                                                         .minutes = 60,
                                                         .created_by = staff_,
                                                         .created_at = At(2023, 6, 10, 12)});
    ASSERT_OK(other);
    auto named = a_training_->AddAttendee(TrainingAttendee{.course_id = course->id,
                                                           .user_id = staff_,
                                                           .name = "a-staff",
                                                           .type = domain::TraineeType::kProfessional,
                                                           .sessions = {session->id},
                                                           .created_by = staff_,
                                                           .created_at = At(2022, 6, 11)});
    ASSERT_OK(named);
    auto citizen = a_training_->AddAttendee(TrainingAttendee{.course_id = course->id,
                                                             .name = "米子 花子",
                                                             .type = domain::TraineeType::kCitizen,
                                                             .created_by = staff_,
                                                             .created_at = At(2022, 6, 11)});
    ASSERT_OK(citizen);

    auto courses = a_training_->Courses(2022);
    ASSERT_OK(courses);
    ASSERT_EQ(courses->size(), 1u);
    EXPECT_EQ(courses->front().name, "重層的支援体制 基礎研修");
    EXPECT_EQ(courses->front().kind, domain::CourseKind::kBasic);
    EXPECT_EQ(courses->front().organizer, "福祉政策課");
    EXPECT_EQ(a_training_->Courses(std::nullopt)->size(), 2u);
    auto sessions = a_training_->Sessions(std::nullopt, 2022);
    ASSERT_OK(sessions);
    ASSERT_EQ(sessions->size(), 1u);
    EXPECT_EQ(sessions->front().held_on, Day(2022, 6, 10));
    EXPECT_EQ(sessions->front().minutes, 90);
    EXPECT_EQ(sessions->front().citizens, 30);
    EXPECT_EQ(sessions->front().professionals, 55);
    EXPECT_EQ(a_training_->Sessions(later->id, std::nullopt)->size(), 1u);
    auto attendees = a_training_->Attendees(course->id, std::nullopt);
    ASSERT_OK(attendees);
    ASSERT_EQ(attendees->size(), 2u);
    EXPECT_EQ(attendees->at(0).user_id, staff_);
    EXPECT_EQ(attendees->at(0).sessions, std::vector<TrainingSessionId>{session->id});
    EXPECT_EQ(attendees->at(1).name, "米子 花子");
    EXPECT_FALSE(attendees->at(1).user_id);
    EXPECT_TRUE(attendees->at(1).sessions.empty());
    EXPECT_EQ(a_training_->Attendees(std::nullopt, 2023)->size(), 0u);

    ASSERT_OK(a_training_->SetCompletion(named->id, domain::Completion::kCompleted));
    EXPECT_EQ(a_training_->GetAttendee(named->id)->completion, domain::Completion::kCompleted);
    EXPECT_EQ(a_training_->GetAttendee(named->id)->sessions.size(), 1u);
}

TEST_P(TrainingContractTest, TheOtherTownSeesAndChangesNothingAndTheChecksHold) {
    auto course = a_training_->AddCourse(Course(2022));
    ASSERT_OK(course);
    EXPECT_TRUE(b_training_->GetCourse(course->id).error().Is(ErrorCode::kNotFound));
    EXPECT_TRUE(b_training_->Courses(std::nullopt)->empty());
    // A session of the other town's course is refused as a bad reference.
    auto foreign = b_training_->AddSession(TrainingSession{.course_id = course->id,
                                                           .held_on = Day(2022, 6, 10),
                                                           .minutes = 60,
                                                           .created_by = b_staff_,
                                                           .created_at = At(2022, 6, 10)});
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().field, "course_id");
    // The database's last guard: no negative count.
    EXPECT_FALSE(a_training_->AddSession(TrainingSession{.course_id = course->id,
                                                         .held_on = Day(2022, 6, 10),
                                                         .minutes = 60,
                                                         .citizens = -1,
                                                         .created_by = staff_,
                                                         .created_at = At(2022, 6, 10)}));
    EXPECT_TRUE(a_training_->Sessions(course->id, std::nullopt)->empty());
    auto attendee = a_training_->AddAttendee(TrainingAttendee{
        .course_id = course->id, .name = "米子 太郎", .created_by = staff_, .created_at = At(2022, 6, 11)});
    ASSERT_OK(attendee);
    EXPECT_FALSE(b_training_->SetCompletion(attendee->id, domain::Completion::kCompleted));
    EXPECT_TRUE(b_training_->GetAttendee(attendee->id).error().Is(ErrorCode::kNotFound));
}

INSTANTIATE_TEST_SUITE_P(Backends, TrainingContractTest, testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace kasane::storage
