// SPDX-License-Identifier: Apache-2.0
// The storage contract of the loneliness outcomes (domain/loneliness_repositories.hpp, migration 38): on SQLite (a
// fresh file per test) and on PostgreSQL (the throwaway cluster, schema recreated per test), like
// community_contract_test.cpp. The PostgreSQL cases fail, never skip, when the cluster is missing.

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <filesystem>
#include <string>
#include <vector>

#include "base/log.hpp"
#include "contract_support.hpp"
#include "domain/consultation.hpp"
#include "domain/loneliness_repositories.hpp"
#include "domain/repositories.hpp"
#include "storage/loneliness_port.hpp"
#include "storage/open_store.hpp"

namespace kasane::storage {
namespace {

using domain::LonelinessMeasure;
using domain::MeasurePhase;

const std::string& PostgresUrl() {
    static const std::string url = CreateDatabase("loneliness_contract");
    return url;
}

class LonelinessContractTest : public TwoTownStoreTest {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(OpenTwoTowns(PostgresUrl));
        person_ = AddPerson("孤田", "一人");
        other_ = AddPerson("孤田", "二人");
        consultation_ = AddConsultation(person_, "話し相手がいない", At(2024, 5, 8));
        other_consultation_ = AddConsultation(other_, "話し相手がいない", At(2024, 5, 8));
    }

    LonelinessMeasure Measure(domain::ConsultationId consultation, domain::PersonId person, domain::Date on,
                              MeasurePhase phase) {
        return LonelinessMeasure{
            .id = {},
            .person_id = person,
            .phase = phase,
            .administered_on = on,
            .administered_by = staff_,
            .answers = {.version = "内閣府2024", .direct = 4, .ucla = std::nullopt, .isolation = {}},
            .consultation_id = consultation,
            .recorded_at = At(2024, 5, 9, 10)};
    }

    domain::PersonId person_{}, other_{};
    domain::ConsultationId consultation_{}, other_consultation_{};
};

TEST_P(LonelinessContractTest, AMeasureKeepsEveryAnswerAndIsolationItem) {
    LonelinessMeasure measure = Measure(consultation_, person_, Day(2024, 5, 9), MeasurePhase::kIntake);
    measure.answers.ucla = std::array<int, 3>{3, 2, 4};
    measure.answers.isolation = {.family_contact_in_person = 1,
                                 .family_contact_by_phone = 6,
                                 .family_contact_online = std::nullopt,
                                 .takes_part_in_activities = false,
                                 .has_someone_to_rely_on = true};
    auto added = LonelinessOf(*ta_)->Add(measure);
    ASSERT_OK(added);
    EXPECT_GT(added->id, 0);
    auto read = LonelinessOf(*ta_)->OfConsultation(consultation_);
    ASSERT_OK(read);
    ASSERT_EQ(read->size(), 1U);
    const LonelinessMeasure& got = read->front();
    EXPECT_EQ(got.id, added->id);
    EXPECT_EQ(got.person_id, person_);
    EXPECT_EQ(got.consultation_id, consultation_);
    EXPECT_EQ(got.phase, MeasurePhase::kIntake);
    EXPECT_EQ(got.administered_on, Day(2024, 5, 9));
    EXPECT_EQ(got.administered_by, staff_);
    EXPECT_EQ(got.recorded_at, At(2024, 5, 9, 10));
    EXPECT_EQ(got.answers.version, "内閣府2024");
    EXPECT_EQ(got.answers.direct, 4);
    ASSERT_TRUE(got.answers.ucla.has_value());
    EXPECT_EQ(*got.answers.UclaTotal(), 9);
    EXPECT_EQ(got.answers.isolation.family_contact_in_person, 1);
    EXPECT_EQ(got.answers.isolation.family_contact_by_phone, 6);
    EXPECT_FALSE(got.answers.isolation.family_contact_online.has_value());
    EXPECT_EQ(got.answers.isolation.takes_part_in_activities, false);
    EXPECT_EQ(got.answers.isolation.has_someone_to_rely_on, true);
}

TEST_P(LonelinessContractTest, ByConsultationByPersonAndByDaysInDateOrder) {
    ASSERT_OK(LonelinessOf(*ta_)->Add(Measure(consultation_, person_, Day(2024, 8, 1), MeasurePhase::kFollowUp)));
    ASSERT_OK(LonelinessOf(*ta_)->Add(Measure(consultation_, person_, Day(2024, 5, 9), MeasurePhase::kIntake)));
    ASSERT_OK(LonelinessOf(*ta_)->Add(Measure(other_consultation_, other_, Day(2025, 4, 1), MeasurePhase::kIntake)));
    auto of_consultation = LonelinessOf(*ta_)->OfConsultation(consultation_);
    ASSERT_OK(of_consultation);
    ASSERT_EQ(of_consultation->size(), 2U);
    EXPECT_EQ(of_consultation->at(0).administered_on, Day(2024, 5, 9));
    EXPECT_EQ(of_consultation->at(1).administered_on, Day(2024, 8, 1));
    auto of_person = LonelinessOf(*ta_)->OfPerson(other_);
    ASSERT_OK(of_person);
    ASSERT_EQ(of_person->size(), 1U);
    // 令和6年度: [2024-04-01, 2025-04-01), the first day of the next 年度 left out.
    auto in_year = LonelinessOf(*ta_)->Between(Day(2024, 4, 1), Day(2025, 4, 1));
    ASSERT_OK(in_year);
    ASSERT_EQ(in_year->size(), 2U);
    EXPECT_EQ(in_year->at(0).person_id, person_);
}

TEST_P(LonelinessContractTest, AnotherMunicipalityNeitherReadsNorWritesThem) {
    ASSERT_OK(LonelinessOf(*ta_)->Add(Measure(consultation_, person_, Day(2024, 5, 9), MeasurePhase::kIntake)));
    EXPECT_TRUE(LonelinessOf(*tb_)->OfConsultation(consultation_)->empty());
    EXPECT_TRUE(LonelinessOf(*tb_)->OfPerson(person_)->empty());
    EXPECT_TRUE(LonelinessOf(*tb_)->Between(Day(2024, 4, 1), Day(2025, 4, 1))->empty());
    // The consultation, person and user are of 北栄町: 湯梨浜町 cannot record on them.
    EXPECT_ERROR(LonelinessOf(*tb_)->Add(Measure(consultation_, person_, Day(2024, 5, 9), MeasurePhase::kIntake)),
                 ErrorCode::kInvalidArgument, "consultation_id");
}

TEST_P(LonelinessContractTest, TheDatabaseRefusesCodesOutOfRange) {
    LonelinessMeasure measure = Measure(consultation_, person_, Day(2024, 5, 9), MeasurePhase::kIntake);
    measure.answers.direct = 6;
    EXPECT_FALSE(LonelinessOf(*ta_)->Add(measure).has_value());
    measure.answers.direct = 1;
    measure.answers.ucla = std::array<int, 3>{1, 5, 1};
    EXPECT_FALSE(LonelinessOf(*ta_)->Add(measure).has_value());
    EXPECT_TRUE(LonelinessOf(*ta_)->OfConsultation(consultation_)->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, LonelinessContractTest, testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace kasane::storage
