// SPDX-License-Identifier: Apache-2.0
// The storage contract of the resource directory (domain/resource_directory_repositories.hpp, migration 28): on
// SQLite (a fresh file per test) and on PostgreSQL (the throwaway cluster, schema recreated per test), like
// commissioner_activity_contract_test.cpp. The PostgreSQL cases fail, never skip, when the cluster is missing.

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <filesystem>
#include <string>
#include <vector>

#include "base/log.hpp"
#include "contract_support.hpp"
#include "domain/participation_match_repositories.hpp"
#include "domain/repositories.hpp"
#include "domain/resource_directory_repositories.hpp"
#include "storage/open_store.hpp"
#include "storage/participation_match_port.hpp"
#include "storage/resource_directory_port.hpp"

namespace kasane::storage {
namespace {

using domain::ResourceOrganization;
using domain::ResourceService;

const std::string& PostgresUrl() {
    static const std::string url = CreateDatabase("resource_directory_contract");
    return url;
}

domain::UuidSource Counter(int start) {
    auto next = std::make_shared<int>(start);
    return [next] {
        char text[37];
        std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012d", ++*next);
        return std::string(text);
    };
}

class ResourceDirectoryContractTest : public TwoTownStoreTest {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(OpenTwoTowns(PostgresUrl));
        person_ = AddPerson(*ta_, org_, staff_);
        b_person_ = AddPerson(*tb_, b_org_, b_staff_);
    }

    ResourceOrganization Farm(UserId by, int uuid_start) {
        ResourceOrganization organization = domain::WriteOrganizationForm(
            {.name = "みどり農園", .sector = domain::HostSector::kFarm, .cooperating = domain::CooperatingHost::kYes},
            Json::object(), Counter(uuid_start));
        organization.updated_by = by;
        organization.updated_at = At(2024, 5, 1, 9);
        return organization;
    }

    ResourceService Work(ResourceOrganizationId organization, UserId by, int uuid_start) {
        ResourceService service = domain::WriteServiceForm(
            {.name = "農作業体験",
             .status = "active",
             .kinds = {domain::ResourceKind::kFarmExperience, domain::ResourceKind::kWorkExperience},
             .areas_served = {"東浜自治会"},
             .schedule = domain::ResourceSchedule{.days = {"TU", "FR"}, .opens_at = "09:00", .closes_at = "12:00"},
             .capacity = 2},
            Json::object(), Counter(uuid_start));
        service.organization_id = organization;
        service.updated_by = by;
        service.updated_at = At(2024, 5, 1, 9);
        return service;
    }

    domain::PersonId AddPerson(domain::TenantStore& tenant, OrganizationId organization, UserId by) {
        domain::Person person;
        person.data.family_name = "東浜";
        person.data.given_name = "太郎";
        person.created_by_organization_id = organization;
        person.created_by_user_id = by;
        person.created_at = At(2024, 5, 1, 10);
        person.updated_at = person.created_at;
        return tenant.Persons().Create(person, domain::PersonSearchKeys{.name_key = "東浜太郎"}).value().id;
    }

    domain::PersonId person_{}, b_person_{};
};

TEST_P(ResourceDirectoryContractTest, OrganisationsAndServicesKeepTheirDocumentsAndIds) {
    auto owned = ResourceDirectoryOf(*ta_);
    ASSERT_NE(owned, nullptr);
    auto& directory = *owned;
    auto farm = directory.SaveOrganization(Farm(staff_, 0));
    ASSERT_OK(farm);
    EXPECT_GT(farm->id.value(), 0);
    auto work = directory.SaveService(Work(farm->id, staff_, 100));
    ASSERT_OK(work);
    auto read = directory.GetService(work->id);
    ASSERT_OK(read);
    EXPECT_EQ(read->external_id, work->external_id);
    EXPECT_EQ(read->document, work->document);  // the whole HSDS document, as written
    EXPECT_EQ(read->organization_id, farm->id);
    EXPECT_EQ(read->kinds, work->kinds);
    EXPECT_EQ(read->capacity, 2);
    EXPECT_EQ(read->schedules.front().days, (std::vector<std::string>{"TU", "FR"}));
    auto organization = directory.GetOrganization(farm->id);
    ASSERT_OK(organization);
    EXPECT_EQ(organization->cooperating, domain::CooperatingHost::kYes);
    EXPECT_EQ(organization->updated_by, staff_);
    // Found by their HSDS ids.
    auto found = directory.FindService(work->external_id);
    ASSERT_OK(found);
    EXPECT_EQ(*found, work->id);
    auto missing = directory.FindOrganization("00000000-0000-4000-8000-999999999999");
    ASSERT_OK(missing);
    EXPECT_FALSE(missing->has_value());
}

TEST_P(ResourceDirectoryContractTest, ARecordIsReplacedInPlaceAndIdsAreUniquePerTown) {
    auto owned = ResourceDirectoryOf(*ta_);
    ASSERT_NE(owned, nullptr);
    auto& directory = *owned;
    auto farm = directory.SaveOrganization(Farm(staff_, 0));
    ASSERT_OK(farm);
    ResourceOrganization renamed = *farm;
    renamed.name = "みどり農園（有）";
    renamed.document["name"] = renamed.name;
    ASSERT_OK(directory.SaveOrganization(renamed));
    auto all = directory.Organizations();
    ASSERT_OK(all);
    ASSERT_EQ(all->size(), 1u);
    EXPECT_EQ(all->front().name, "みどり農園（有）");
    // The same HSDS id again, as a new record: refused.
    EXPECT_ERROR(directory.SaveOrganization(Farm(staff_, 0)), ErrorCode::kConflict, "id");
    // Another town may hold the same HSDS id: each town's directory is its own.
    EXPECT_TRUE(ResourceDirectoryOf(*tb_)->SaveOrganization(Farm(b_staff_, 0)).has_value());
}

TEST_P(ResourceDirectoryContractTest, AnotherTownsRecordsAreNotFound) {
    auto farm = ResourceDirectoryOf(*ta_)->SaveOrganization(Farm(staff_, 0));
    ASSERT_OK(farm);
    auto work = ResourceDirectoryOf(*ta_)->SaveService(Work(farm->id, staff_, 100));
    ASSERT_OK(work);
    EXPECT_ERROR(ResourceDirectoryOf(*tb_)->GetService(work->id), ErrorCode::kNotFound, "");
    EXPECT_ERROR(ResourceDirectoryOf(*tb_)->GetOrganization(farm->id), ErrorCode::kNotFound, "");
    EXPECT_TRUE(ResourceDirectoryOf(*tb_)->Services()->empty());
    // A service cannot be hung on another town's organisation.
    EXPECT_ERROR(ResourceDirectoryOf(*tb_)->SaveService(Work(farm->id, b_staff_, 200)), ErrorCode::kInvalidArgument,
                 "organization_id");
    ResourceService moved = *work;
    moved.name = "別";
    // Nor can another town replace this town's service: it is not found there.
    EXPECT_ERROR(ResourceDirectoryOf(*tb_)->SaveService(moved), ErrorCode::kNotFound, "");
}

// --- 参加支援 matching (participation_match_repositories.hpp, migration 29) ---------------------------------------

TEST_P(ResourceDirectoryContractTest, AMatchKeepsItsWishesStagesAndHostSupport) {
    auto farm = ResourceDirectoryOf(*ta_)->SaveOrganization(Farm(staff_, 0));
    ASSERT_OK(farm);
    auto work = ResourceDirectoryOf(*ta_)->SaveService(Work(farm->id, staff_, 100));
    ASSERT_OK(work);
    auto matches = ParticipationMatchesOf(*ta_);
    ASSERT_NE(matches, nullptr);
    // Wishes: none, then stored, then replaced.
    auto none = matches->GetWishes(person_);
    ASSERT_OK(none);
    EXPECT_FALSE(none->has_value());
    domain::ParticipationWishes wishes{.kinds = {domain::ResourceKind::kFarmExperience},
                                       .tags = {"動物"},
                                       .free_text = "外で体を動かしたい",
                                       .areas = {"東浜自治会"},
                                       .days = {"TU"},
                                       .earliest = "09:00",
                                       .latest = "15:00",
                                       .transport = domain::Transport::kNeedsPickup,
                                       .age = 34,
                                       .needs_accessibility = true};
    ASSERT_OK(matches->SaveWishes(
        {.person_id = person_, .wishes = wishes, .updated_by = staff_, .updated_at = At(2024, 6, 1, 9)}));
    wishes.tags.push_back("静か");
    ASSERT_OK(matches->SaveWishes(
        {.person_id = person_, .wishes = wishes, .updated_by = staff_, .updated_at = At(2024, 6, 2, 9)}));
    auto read = matches->GetWishes(person_);
    ASSERT_OK(read);
    ASSERT_TRUE(read->has_value());
    EXPECT_EQ((*read)->wishes.tags, (std::vector<std::string>{"動物", "静か"}));
    EXPECT_EQ((*read)->wishes.transport, domain::Transport::kNeedsPickup);
    EXPECT_EQ((*read)->wishes.age, 34);
    EXPECT_EQ((*read)->wishes.free_text, "外で体を動かしたい");
    EXPECT_EQ((*read)->updated_at, At(2024, 6, 2, 9));
    // A match: 提案, then 開始, then 終了 with a reason; a note of 受入先支援.
    domain::ParticipationMatch proposed{
        .person_id = person_,
        .service_id = work->id,
        .began_on = Date{std::chrono::year{2024}, std::chrono::month{6}, std::chrono::day{3}},
        .created_by = staff_,
        .created_at = At(2024, 6, 3, 9)};
    auto created = matches->CreateMatch(proposed);
    ASSERT_OK(created);
    EXPECT_GT(created->id.value(), 0);
    const Date june10{std::chrono::year{2024}, std::chrono::month{6}, std::chrono::day{10}};
    ASSERT_OK(matches->RecordStageChange(
        created->id,
        {.change = {.from = domain::MatchStage::kProposed, .to = domain::MatchStage::kStarted, .on = june10},
         .recorded_by = staff_,
         .recorded_at = At(2024, 6, 10, 9)}));
    // The same change again finds the stage moved: refused, nothing written.
    EXPECT_ERROR(matches->RecordStageChange(
                     created->id,
                     {.change = {.from = domain::MatchStage::kProposed, .to = domain::MatchStage::kTrial, .on = june10},
                      .recorded_by = staff_,
                      .recorded_at = At(2024, 6, 10, 9)}),
                 ErrorCode::kConflict, "stage");
    auto note = matches->AddHostSupportNote(
        created->id,
        {.on = june10, .note = "受入担当者と配慮を確認", .recorded_by = staff_, .recorded_at = At(2024, 6, 10, 10)});
    ASSERT_OK(note);
    EXPECT_GT(note->id.value(), 0);
    ASSERT_OK(matches->RecordStageChange(created->id, {.change = {.from = domain::MatchStage::kStarted,
                                                                  .to = domain::MatchStage::kEnded,
                                                                  .on = june10,
                                                                  .reason = "本人の転居"},
                                                       .recorded_by = staff_,
                                                       .recorded_at = At(2024, 6, 10, 11)}));
    auto got = matches->GetMatch(created->id);
    ASSERT_OK(got);
    EXPECT_EQ(got->stage, domain::MatchStage::kEnded);
    EXPECT_EQ(got->reached, domain::MatchStage::kStarted);
    EXPECT_EQ(got->started_on, june10);
    EXPECT_EQ(got->end_reason, "本人の転居");
    ASSERT_EQ(got->history.size(), 3u);
    EXPECT_EQ(got->history[1].change.to, domain::MatchStage::kStarted);
    EXPECT_EQ(got->history[2].change.reason, "本人の転居");
    ASSERT_EQ(got->host_support.size(), 1u);
    EXPECT_EQ(got->host_support[0].note, "受入担当者と配慮を確認");
    auto of_person = matches->MatchesOf(person_);
    ASSERT_OK(of_person);
    ASSERT_EQ(of_person->size(), 1u);
    EXPECT_EQ(of_person->front().history.size(), 3u);
    auto all = matches->AllMatches();
    ASSERT_OK(all);
    EXPECT_EQ(all->size(), 1u);
}

TEST_P(ResourceDirectoryContractTest, AnotherTownsMatchesAndServicesAreOutOfReach) {
    auto farm = ResourceDirectoryOf(*ta_)->SaveOrganization(Farm(staff_, 0));
    ASSERT_OK(farm);
    auto work = ResourceDirectoryOf(*ta_)->SaveService(Work(farm->id, staff_, 100));
    ASSERT_OK(work);
    const Date day{std::chrono::year{2024}, std::chrono::month{6}, std::chrono::day{3}};
    auto created = ParticipationMatchesOf(*ta_)->CreateMatch({.person_id = person_,
                                                              .service_id = work->id,
                                                              .began_on = day,
                                                              .created_by = staff_,
                                                              .created_at = At(2024, 6, 3)});
    ASSERT_OK(created);
    auto other = ParticipationMatchesOf(*tb_);
    EXPECT_ERROR(other->GetMatch(created->id), ErrorCode::kNotFound, "");
    EXPECT_TRUE(other->AllMatches()->empty());
    EXPECT_TRUE(other->MatchesOf(person_)->empty());
    EXPECT_ERROR(other->AddHostSupportNote(created->id, {.on = day, .note = "x", .recorded_by = b_staff_}),
                 ErrorCode::kNotFound, "");
    // Another town's person, or a service of another town: refused.
    EXPECT_ERROR(other->CreateMatch({.person_id = b_person_,
                                     .service_id = work->id,
                                     .began_on = day,
                                     .created_by = b_staff_,
                                     .created_at = At(2024, 6, 3)}),
                 ErrorCode::kInvalidArgument, "service_id");
    EXPECT_FALSE(other->SaveWishes({.person_id = person_, .wishes = {}, .updated_by = b_staff_}).has_value());
}

// 参加支援's fingerprint of the directory (DirectoryVersion, read from migration 34's indexes): it changes when a
// service or an organisation is added or edited in the town, and not with another town's.
TEST_P(ResourceDirectoryContractTest, TheDirectorysFingerprintFollowsItsChanges) {
    auto matches = ParticipationMatchesOf(*ta_);
    auto empty = matches->DirectoryVersion();
    ASSERT_OK(empty);
    auto farm = ResourceDirectoryOf(*ta_)->SaveOrganization(Farm(staff_, 0));
    ASSERT_OK(farm);
    auto with_farm = matches->DirectoryVersion();
    ASSERT_OK(with_farm);
    EXPECT_NE(*with_farm, *empty);
    ResourceService work = Work(farm->id, staff_, 100);
    auto saved = ResourceDirectoryOf(*ta_)->SaveService(work);
    ASSERT_OK(saved);
    auto with_work = matches->DirectoryVersion();
    ASSERT_OK(with_work);
    EXPECT_NE(*with_work, *with_farm);
    // An edit, later.
    ResourceService edited = *saved;
    edited.updated_at = At(2024, 6, 1, 9);
    ASSERT_OK(ResourceDirectoryOf(*ta_)->SaveService(edited));
    auto after_edit = matches->DirectoryVersion();
    ASSERT_OK(after_edit);
    EXPECT_NE(*after_edit, *with_work);
    EXPECT_EQ(*matches->DirectoryVersion(), *after_edit);
    // Another town's directory moves nothing here.
    auto b_farm = ResourceDirectoryOf(*tb_)->SaveOrganization(Farm(b_staff_, 500));
    ASSERT_OK(b_farm);
    EXPECT_EQ(*matches->DirectoryVersion(), *after_edit);
}

INSTANTIATE_TEST_SUITE_P(Backends, ResourceDirectoryContractTest, testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace kasane::storage
