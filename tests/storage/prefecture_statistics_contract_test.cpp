// SPDX-License-Identifier: Apache-2.0
// The storage contract of 県の集計 (domain/prefecture_statistics_repositories.hpp, migration 37): on SQLite (a fresh
// file per test) and on PostgreSQL (the throwaway cluster, schema recreated per test), like
// community_contract_test.cpp. The PostgreSQL cases fail, never skip, when the cluster is missing.

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <filesystem>
#include <string>
#include <vector>

#include "base/log.hpp"
#include "contract_support.hpp"
#include "domain/prefecture_statistics_repositories.hpp"
#include "domain/repositories.hpp"
#include "storage/open_store.hpp"
#include "storage/prefecture_statistics_port.hpp"

namespace kasane::storage {
namespace {

using domain::Municipality;

const std::string& PostgresUrl() {
    static const std::string url = CreateDatabase("prefecture_statistics_contract");
    return url;
}

class PrefectureStatisticsContractTest : public FreshStoreTest {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(OpenFreshStore(PostgresUrl));
        ASSERT_TRUE(store_->Prefectures().Create({.code = "31", .name = "鳥取県", .created_at = At(2024, 4, 1)}));
        ASSERT_TRUE(store_->Prefectures().Create({.code = "32", .name = "島根県", .created_at = At(2024, 4, 1)}));
        a_ = store_->Municipalities()
                 .Create(Municipality{.code = "313726", .name = "北栄町", .prefecture_name = "鳥取県"})
                 .value();
        b_ = store_->Municipalities()
                 .Create(Municipality{.code = "313700", .name = "湯梨浜町", .prefecture_name = "鳥取県"})
                 .value();
        ta_ = store_->Tenant(a_.id);
        records_ = PrefectureStatisticsOf(*ta_);
        ASSERT_NE(records_, nullptr);
    }

    void TearDown() override {
        records_.reset();
        ta_.reset();
        FreshStoreTest::TearDown();
    }

    Municipality a_;
    Municipality b_;
    std::unique_ptr<domain::TenantStore> ta_;
    std::unique_ptr<domain::PrefectureStatisticsRepository> records_;
};

TEST_P(PrefectureStatisticsContractTest, NothingStoredThenTheOfficeThenTheSettings) {
    EXPECT_EQ(records_->Get("31").value(), std::nullopt);
    EXPECT_EQ(records_->PrefectureOfOffice(a_.id).value(), std::nullopt);
    ASSERT_OK(records_->PutOffice("31", a_.id, At(2024, 4, 2)));
    EXPECT_EQ(records_->PrefectureOfOffice(a_.id).value(), "31");
    EXPECT_EQ(records_->PrefectureOfOffice(b_.id).value(), std::nullopt);
    const auto stored = records_->Get("31").value();
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->office, a_.id);
    EXPECT_EQ(stored->settings.floor, 3);
    EXPECT_TRUE(stored->settings.areas.empty());

    const domain::PrefectureStatisticsSettings settings{
        .floor = 10,
        .merge_below_population = 5000,
        .areas = {{"東部圏域", {"313025", "313254"}}, {"中部圏域", {"313700", "313726"}}}};
    ASSERT_OK(records_->PutSettings("31", settings, At(2024, 4, 3)));
    const auto again = records_->Get("31").value();
    ASSERT_TRUE(again);
    EXPECT_EQ(again->office, a_.id);  // the settings leave the office as it was
    EXPECT_EQ(again->settings.floor, 10);
    EXPECT_EQ(again->settings.merge_below_population, 5000);
    ASSERT_EQ(again->settings.areas.size(), 2U);
    EXPECT_EQ(again->settings.areas[0].name, "東部圏域");
    EXPECT_EQ(again->settings.areas[0].town_codes, (std::vector<std::string>{"313025", "313254"}));
    EXPECT_EQ(again->settings.areas[1].name, "中部圏域");

    // Replaced as a whole: fewer 圏域.
    ASSERT_OK(records_->PutSettings("31", {.floor = 3, .merge_below_population = 0, .areas = {}}, At(2024, 4, 4)));
    EXPECT_TRUE(records_->Get("31").value()->settings.areas.empty());
}

TEST_P(PrefectureStatisticsContractTest, AMunicipalityIsTheOfficeOfOnePrefectureAtMost) {
    ASSERT_OK(records_->PutOffice("31", a_.id, At(2024, 4, 2)));
    const Status taken = records_->PutOffice("32", a_.id, At(2024, 4, 2));
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
    EXPECT_EQ(taken.error().field, "municipality_code");
    EXPECT_EQ(records_->Get("32").value(), std::nullopt);  // nothing half-written
}

TEST_P(PrefectureStatisticsContractTest, ReleasesComeBackAsShownNeverWithAHiddenFigure) {
    const domain::RollupRelease release{
        .first_day = Day(2024, 4, 1),
        .last_day = Day(2025, 3, 31),
        .floor = 3,
        .rows = {{.town_codes = {"313700"}, .shown = {40, std::nullopt, 0}},
                 {.town_codes = {"313025", "313254"}, .shown = {std::nullopt, 12, std::nullopt}}},
        .totals = {52, 14, std::nullopt}};
    ASSERT_TRUE(records_->AddRelease("31", release, At(2025, 4, 10)));
    const auto releases = records_->Releases("31").value();
    ASSERT_EQ(releases.size(), 1U);
    EXPECT_TRUE(domain::SameRelease(releases[0], release));
    EXPECT_TRUE(records_->Releases("32").value().empty());
}

TEST_P(PrefectureStatisticsContractTest, SupportVisitsNewestFirst) {
    const domain::SupportVisit first{.id = {},
                                     .town_code = "313254",
                                     .visited_on = Day(2024, 5, 1),
                                     .purpose = domain::SupportVisitPurpose::kIndividualVisit,
                                     .notes = "事業の始め方を説明",
                                     .recorded_at = At(2024, 5, 2)};
    const auto added = records_->AddVisit("31", first);
    ASSERT_TRUE(added);
    EXPECT_GT(added->id.value(), 0);
    auto second = first;
    second.town_code = "";
    second.visited_on = Day(2024, 7, 1);
    second.purpose = domain::SupportVisitPurpose::kPlatform;
    ASSERT_TRUE(records_->AddVisit("31", second));
    const auto visits = records_->Visits("31").value();
    ASSERT_EQ(visits.size(), 2U);
    EXPECT_EQ(visits[0].purpose, domain::SupportVisitPurpose::kPlatform);
    EXPECT_EQ(visits[1].town_code, "313254");
    EXPECT_EQ(visits[1].visited_on, Day(2024, 5, 1));
    EXPECT_EQ(visits[1].notes, "事業の始め方を説明");
    EXPECT_TRUE(records_->Visits("32").value().empty());
}

TEST_P(PrefectureStatisticsContractTest, ProgramsAreReplacedAsAWhole) {
    EXPECT_TRUE(records_->Programs("31").value().empty());
    ASSERT_OK(records_->PutPrograms(
        "31", {{.town_code = "313726", .program = domain::TownProgram::kIntegrated, .from_year = 2023},
               {.town_code = "313700", .program = domain::TownProgram::kTransition, .from_year = 2024}}));
    auto programs = records_->Programs("31").value();
    ASSERT_EQ(programs.size(), 2U);
    EXPECT_EQ(programs[0].town_code, "313700");  // by town code
    EXPECT_EQ(programs[0].program, domain::TownProgram::kTransition);
    EXPECT_EQ(programs[1].from_year, 2023);
    ASSERT_OK(records_->PutPrograms(
        "31", {{.town_code = "313700", .program = domain::TownProgram::kIntegrated, .from_year = 2025}}));
    programs = records_->Programs("31").value();
    ASSERT_EQ(programs.size(), 1U);
    EXPECT_EQ(programs[0].program, domain::TownProgram::kIntegrated);
    EXPECT_TRUE(records_->Programs("32").value().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, PrefectureStatisticsContractTest,
                         testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace kasane::storage
