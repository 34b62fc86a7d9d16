// SPDX-License-Identifier: Apache-2.0
// The storage contract of 地域づくり and the 地域課題 register (domain/community_development_repositories.hpp,
// migrations 35 and 36): on SQLite (a fresh file per test) and on PostgreSQL (the throwaway cluster, schema recreated
// per test), like resource_directory_contract_test.cpp. The PostgreSQL cases fail, never skip, when the cluster is
// missing.

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <filesystem>
#include <string>
#include <vector>

#include "base/log.hpp"
#include "contract_support.hpp"
#include "domain/community_development_repositories.hpp"
#include "domain/consultation.hpp"
#include "domain/repositories.hpp"
#include "storage/community_port.hpp"
#include "storage/open_store.hpp"

namespace kasane::storage {
namespace {

using domain::CommunityAction;
using domain::CommunityIssue;
using domain::CommunityPlace;
using domain::CommunitySession;
using domain::CommunityWorkshop;

const std::string& PostgresUrl() {
    static const std::string url = CreateDatabase("community_contract");
    return url;
}

class CommunityContractTest : public TwoTownStoreTest {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(OpenTwoTowns(PostgresUrl));
        district_ = ta_->Areas().Create(domain::AreaKind::kElementarySchoolDistrict, "浜小学校区").value().id;
        b_district_ = tb_->Areas().Create(domain::AreaKind::kElementarySchoolDistrict, "浜小学校区").value().id;
        a_community_ = CommunityOf(*ta_);
        b_community_ = CommunityOf(*tb_);
        ASSERT_NE(a_community_, nullptr);
    }

    void TearDown() override {
        a_community_.reset();
        b_community_.reset();
        TwoTownStoreTest::TearDown();
    }

    CommunityPlace Salon() {
        return CommunityPlace{.name = "ふれあいサロン",
                              .kind = domain::PlaceKind::kSalon,
                              .project = domain::CommunityProject::kCarePrevention,
                              .area_id = district_,
                              .note = "毎週木曜",
                              .created_by = staff_,
                              .created_at = At(2024, 5, 1, 9)};
    }

    AreaId district_ = 0, b_district_ = 0;
    std::unique_ptr<domain::CommunityRepository> a_community_, b_community_;
};

TEST_P(CommunityContractTest, PlacesAreSavedEditedAndKeptInTheirTown) {
    auto saved = a_community_->SavePlace(Salon());
    ASSERT_OK(saved);
    EXPECT_GT(saved->id.value(), 0);
    CommunityPlace edited = *saved;
    edited.name = "東浜ふれあいサロン";
    edited.kind = domain::PlaceKind::kKayoinoba;
    ASSERT_OK(a_community_->SavePlace(edited));
    auto read = a_community_->GetPlace(saved->id);
    ASSERT_OK(read);
    EXPECT_EQ(read->name, "東浜ふれあいサロン");
    EXPECT_EQ(read->kind, domain::PlaceKind::kKayoinoba);
    EXPECT_EQ(read->project, domain::CommunityProject::kCarePrevention);
    EXPECT_EQ(read->area_id, district_);
    EXPECT_FALSE(read->resource_service.has_value());
    // The other town sees nothing of it, and cannot name an area of this town.
    EXPECT_TRUE(b_community_->GetPlace(saved->id).error().Is(ErrorCode::kNotFound));
    EXPECT_TRUE(b_community_->Places()->empty());
    CommunityPlace foreign = Salon();
    foreign.created_by = b_staff_;
    auto refused = b_community_->SavePlace(foreign);  // district_ is of the other town
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "area_id");
}

TEST_P(CommunityContractTest, SessionsKeepTheirCountsAndBreakdowns) {
    const CommunityPlaceId place = a_community_->SavePlace(Salon()).value().id;
    CommunitySession with{.place_id = place,
                          .held_on = Day(2024, 5, 9),
                          .participants = 12,
                          .first_time = 2,
                          .by_sex = domain::SexCounts{4, 8, 0},
                          .by_age = domain::AgeBandCounts{0, 0, 5, 7},
                          .organizations = 2,
                          .created_by = staff_,
                          .created_at = At(2024, 5, 9, 12)};
    ASSERT_OK(a_community_->AddSession(with));
    CommunitySession without{.place_id = place,
                             .held_on = Day(2024, 5, 2),
                             .participants = 10,
                             .created_by = staff_,
                             .created_at = At(2024, 5, 2, 12)};
    ASSERT_OK(a_community_->AddSession(without));
    auto sessions = a_community_->Sessions(place);
    ASSERT_OK(sessions);
    ASSERT_EQ(sessions->size(), 2u);
    EXPECT_EQ(sessions->at(0).held_on, Day(2024, 5, 2));  // by date
    EXPECT_FALSE(sessions->at(0).by_sex.has_value());
    EXPECT_EQ(sessions->at(1).by_sex, (domain::SexCounts{4, 8, 0}));
    EXPECT_EQ(sessions->at(1).by_age, (domain::AgeBandCounts{0, 0, 5, 7}));
    EXPECT_EQ(sessions->at(1).first_time, 2);
    EXPECT_EQ(sessions->at(1).organizations, 2);
    // The table's CHECKs are the last guard of the domain's rule.
    CommunitySession impossible = without;
    impossible.first_time = 11;
    EXPECT_FALSE(a_community_->AddSession(impossible));
    // A session of the other town's place is refused naming the place.
    CommunitySession foreign = without;
    foreign.created_by = b_staff_;
    auto refused = b_community_->AddSession(foreign);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "place_id");
    EXPECT_EQ(a_community_->Sessions(std::nullopt)->size(), 2u);
}

TEST_P(CommunityContractTest, AnIssueWithItsWorkshopLinksAndActions) {
    auto workshop = a_community_->AddWorkshop(CommunityWorkshop{.area_id = district_,
                                                                .held_on = Day(2024, 5, 20),
                                                                .title = "住民ワークショップ",
                                                                .strengths = "見守り",
                                                                .problems = "若者の居場所",
                                                                .actions = "空き店舗",
                                                                .participants = 24,
                                                                .created_by = staff_,
                                                                .created_at = At(2024, 5, 20, 12)});
    ASSERT_OK(workshop);
    EXPECT_EQ(a_community_->GetWorkshop(workshop->id)->problems, "若者の居場所");
    auto issue = a_community_->AddIssue(CommunityIssue{.area_id = district_,
                                                       .kind = domain::IssueKind::kGap,
                                                       .title = "若者の居場所がない",
                                                       .workshop_id = workshop->id,
                                                       .raised_on = Day(2024, 5, 20),
                                                       .created_by = staff_,
                                                       .created_at = At(2024, 5, 20, 13)});
    ASSERT_OK(issue);
    const domain::ConsultationId consultation = AddConsultation(std::nullopt, "居場所がない", At(2024, 5, 8));
    const domain::IssueConsultationLink link{
        .issue_id = issue->id, .consultation_id = consultation, .linked_by = staff_, .linked_at = At(2024, 5, 20, 13)};
    ASSERT_OK(a_community_->LinkConsultation(link));
    auto twice = a_community_->LinkConsultation(link);
    ASSERT_FALSE(twice);
    EXPECT_TRUE(twice.error().Is(ErrorCode::kConflict));
    auto unknown = a_community_->LinkConsultation({.issue_id = issue->id,
                                                   .consultation_id = domain::ConsultationId{999999},
                                                   .linked_by = staff_,
                                                   .linked_at = At(2024, 5, 20, 13)});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().field, "consultation_id");
    ASSERT_EQ(a_community_->Links(issue->id)->size(), 1u);
    EXPECT_EQ(a_community_->Links(std::nullopt)->front().consultation_id, consultation);

    const CommunityPlaceId cafe = a_community_->SavePlace(Salon()).value().id;
    auto action = a_community_->AddAction(CommunityAction{.issue_id = issue->id,
                                                          .taken_on = Day(2024, 7, 1),
                                                          .description = "居場所を開設",
                                                          .place_id = cafe,
                                                          .effect = domain::ActionEffect::kResolves,
                                                          .created_by = staff_,
                                                          .created_at = At(2024, 7, 1, 9)});
    ASSERT_OK(action);
    ASSERT_OK(a_community_->SetIssueStatus(issue->id, domain::IssueStatus::kClosed));
    auto read = a_community_->GetIssue(issue->id);
    ASSERT_OK(read);
    EXPECT_EQ(read->status, domain::IssueStatus::kClosed);
    EXPECT_EQ(read->kind, domain::IssueKind::kGap);
    EXPECT_EQ(read->workshop_id, workshop->id);
    auto actions = a_community_->Actions(issue->id);
    ASSERT_EQ(actions->size(), 1u);
    EXPECT_EQ(actions->front().place_id, cafe);
    EXPECT_EQ(actions->front().effect, domain::ActionEffect::kResolves);
    // Nothing of it is seen, or changed, from the other town.
    EXPECT_TRUE(b_community_->GetIssue(issue->id).error().Is(ErrorCode::kNotFound));
    EXPECT_TRUE(b_community_->Issues()->empty());
    EXPECT_TRUE(b_community_->Links(std::nullopt)->empty());
    EXPECT_FALSE(b_community_->SetIssueStatus(issue->id, domain::IssueStatus::kOpen));
    EXPECT_EQ(a_community_->GetIssue(issue->id)->status, domain::IssueStatus::kClosed);
}

INSTANTIATE_TEST_SUITE_P(Backends, CommunityContractTest, testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace kasane::storage
