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
#include "domain/repositories.hpp"
#include "domain/resource_directory_repositories.hpp"
#include "storage/open_store.hpp"
#include "storage/resource_directory_port.hpp"

namespace kasane::storage {
namespace {

using domain::Municipality;
using domain::NewUser;
using domain::OrganizationKind;
using domain::ResourceOrganization;
using domain::ResourceService;
using domain::Role;

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

class ResourceDirectoryContractTest : public testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        SetLogLevel(LogLevel::kWarning);
        directory_ = NewTemporaryDirectory();
        if (GetParam() == Backend::kSqlite) {
            url_ = "sqlite:" + (directory_ / "kasane.db").string();
        } else {
            try {
                url_ = PostgresUrl();
                PostgresExecute(url_,
                                "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public");
            } catch (const std::exception& error) {
                FAIL() << "PostgreSQL test cluster unavailable: " << error.what();
            }
        }
        auto opened = OpenStore(url_, StoreOptions{.pool_size = 4});
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        store_ = std::move(*opened);
        ASSERT_OK(store_->Migrate());
        a_ = store_->Municipalities()
                 .Create(Municipality{.code = "313726", .name = "北栄町", .prefecture_name = "鳥取県"})
                 .value();
        b_ = store_->Municipalities()
                 .Create(Municipality{.code = "313700", .name = "湯梨浜町", .prefecture_name = "鳥取県"})
                 .value();
        ta_ = store_->Tenant(a_.id);
        tb_ = store_->Tenant(b_.id);
        const auto org = ta_->Organizations().Create(OrganizationKind::kMunicipalDivision, "福祉課").value();
        const auto b_org = tb_->Organizations().Create(OrganizationKind::kMunicipalDivision, "福祉課").value();
        staff_ = AddUser(*ta_, org.id, "a-staff");
        b_staff_ = AddUser(*tb_, b_org.id, "b-staff");
    }

    void TearDown() override {
        ta_.reset();
        tb_.reset();
        store_.reset();
        std::error_code error;
        std::filesystem::remove_all(directory_, error);
    }

    UserId AddUser(domain::TenantStore& tenant, OrganizationId organization, const std::string& username) {
        return tenant.Users()
            .Create(NewUser{.organization_id = organization,
                            .username = username,
                            .display_name = username,
                            .roles = {Role::kCaseworker},
                            .password_hash = "x"},
                    At(2024, 4, 1))
            .value()
            .id;
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

    std::filesystem::path directory_;
    std::string url_;
    std::unique_ptr<domain::Store> store_;
    Municipality a_, b_;
    std::unique_ptr<domain::TenantStore> ta_, tb_;
    UserId staff_{}, b_staff_{};
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

INSTANTIATE_TEST_SUITE_P(Backends, ResourceDirectoryContractTest, testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace kasane::storage
