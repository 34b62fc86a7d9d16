// SPDX-License-Identifier: Apache-2.0
#include "domain/aggregate_reads.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace kasane::domain {
namespace {

// A store that only has a name: AggregateReads hands stores to the count and never touches them itself.
class NamedStore final : public Store {
public:
    explicit NamedStore(std::string name) : name_(std::move(name)) {}
    std::string_view Backend() const override { return name_; }
    MunicipalityRepository& Municipalities() override { std::abort(); }
    PrefectureRepository& Prefectures() override { std::abort(); }
    AccountRepository& Accounts() override { std::abort(); }
    DraftRepository& Drafts() override { std::abort(); }
    TownSetupRepository& TownSetups() override { std::abort(); }
    std::unique_ptr<TenantStore> Tenant(MunicipalityId) override { std::abort(); }
    Status Transaction(const std::function<Status(Store&)>&) override { std::abort(); }
    Status Ping() override { std::abort(); }
    PoolStats Pool() override { std::abort(); }
    int LatestSchemaVersion() const override { std::abort(); }
    Result<int> SchemaVersion() override { std::abort(); }
    Result<std::int64_t> StoredBytes() override { std::abort(); }
    Result<int> Migrate() override { std::abort(); }
    Status Backup(std::string_view) override { std::abort(); }

private:
    std::string name_;
};

struct Stores {
    NamedStore primary{"primary"};
    NamedStore standby{"standby"};
};

// A count that records which store it ran on and answers `failure` on the standby when one is given.
auto CountOn(std::vector<std::string>& ran, std::optional<Error> standby_failure = std::nullopt) {
    return [&ran, standby_failure](Store& store) -> Result<int> {
        ran.emplace_back(store.Backend());
        if (store.Backend() == "standby" && standby_failure) return Fail(*standby_failure);
        return 7;
    };
}

TEST(AggregateReadsTest, WithoutAStandbyCountsOnThePrimary) {
    Stores stores;
    const AggregateReads reads(stores.primary);
    std::vector<std::string> ran;
    EXPECT_FALSE(reads.HasStandby());
    EXPECT_EQ(reads.Run(CountOn(ran)).value(), 7);
    EXPECT_EQ(ran, std::vector<std::string>{"primary"});
}

TEST(AggregateReadsTest, WithAStandbyCountsOnTheStandbyOnly) {
    Stores stores;
    const AggregateReads reads(stores.primary, stores.standby);
    std::vector<std::string> ran;
    EXPECT_TRUE(reads.HasStandby());
    EXPECT_EQ(reads.Run(CountOn(ran)).value(), 7);
    EXPECT_EQ(reads.Run(CountOn(ran)).value(), 7);
    EXPECT_EQ(ran, (std::vector<std::string>{"standby", "standby"}));
}

TEST(AggregateReadsTest, AnUnreachableStandbyFallsBackToThePrimaryAndIsLeftAloneForAWhile) {
    Stores stores;
    const AggregateReads reads(stores.primary, stores.standby);
    const AggregateReads copy = reads;  // copies share the standby's state, as the services holding them do
    std::vector<std::string> ran;
    EXPECT_EQ(reads.Run(CountOn(ran, Error::Unavailable("down"))).value(), 7);
    EXPECT_EQ(ran, (std::vector<std::string>{"standby", "primary"}));
    ran.clear();
    EXPECT_EQ(copy.Run(CountOn(ran, Error::Unavailable("down"))).value(), 7);
    EXPECT_EQ(ran, std::vector<std::string>{"primary"}) << "within kStandbyRetryAfter the standby is not tried again";
}

TEST(AggregateReadsTest, AnyOtherErrorOfTheStandbyComesBackAsItIs) {
    Stores stores;
    const AggregateReads reads(stores.primary, stores.standby);
    std::vector<std::string> ran;
    auto counted = reads.Run(CountOn(ran, Error::Internal()));
    ASSERT_FALSE(counted);
    EXPECT_EQ(counted.error().code, ErrorCode::kInternal);
    EXPECT_EQ(ran, std::vector<std::string>{"standby"});
}

}  // namespace
}  // namespace kasane::domain
