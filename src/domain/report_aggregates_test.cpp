// SPDX-License-Identifier: Apache-2.0
// The 年度集計's maintained aggregates (issue 18, item 2): what a contact adds, the Japan-time boundary, differences.

#include "domain/report_aggregates.hpp"

#include <gtest/gtest.h>

#include <random>

#include "base/japan_time.hpp"

namespace kasane::domain {
namespace {

Instant Jst(int y, unsigned m, unsigned d, int hour, int minute) {
    return FromJstLocal(std::chrono::local_days{std::chrono::year{y} / m / d} + std::chrono::hours{hour} +
                        std::chrono::minutes{minute});
}

AggregatedContact Contact(Instant at, std::optional<std::int64_t> person) {
    return {.occurred_at = at,
            .consultation_id = 7,
            .person_id = person,
            .household_id = 3,
            .channel = "phone",
            .source = "self",
            .outcome = "open",
            .organization_id = 2,
            .category_ids = {10, 11, 12}};
}

const std::unordered_map<std::int64_t, std::string> kFields{{10, "elderly"}, {11, "elderly"}, {12, "child"}};

TEST(ReportAggregates, TheFiscalBoundaryIsMidnightInJapanOnTheFirstOfApril) {
    // 23:59 JST on 31 March 2025 is 14:59 UTC the same day; 00:00 JST on 1 April is 15:00 UTC on 31 March.
    EXPECT_EQ(AggregateDayKey(Jst(2025, 3, 31, 23, 59)), 20250331);
    EXPECT_EQ(AggregateFiscalYear(Jst(2025, 3, 31, 23, 59)), 2024);
    EXPECT_EQ(AggregateDayKey(Jst(2025, 4, 1, 0, 0)), 20250401);
    EXPECT_EQ(AggregateFiscalYear(Jst(2025, 4, 1, 0, 0)), 2025);
}

TEST(ReportAggregates, AContactCountsInEachOfItsBucketsAndEachFieldOnce) {
    const auto buckets = ContactBuckets(Contact(Jst(2024, 5, 1, 10, 0), 1), kFields);
    const std::vector<std::string> expected{
        "all",         "channel:phone", "source:self", "outcome:open",  "organization:2",
        "category:10", "category:11",   "category:12", "field:elderly", "field:child"};
    EXPECT_EQ(buckets, expected);
}

// The recount's counter (a bulk load's end, `kasane report verify`) sums exactly what AddContact adds contact by
// contact: random contacts across the fiscal boundary, anonymous and without a household, with member ids beyond
// its packing (counted the usual way), added to an empty set and to one that holds counts already.
TEST(ReportAggregates, TheCounterSumsWhatAddContactAddsContactByContact) {
    std::mt19937_64 random(18);
    auto below = [&](std::uint64_t n) { return static_cast<std::int64_t>(random() % n); };
    const std::vector<std::string> channels{"phone", "visit", "window", "mail"};
    const std::vector<std::string> outcomes{"open", "referred", "closed"};
    std::vector<AggregatedContact> contacts;
    for (int i = 0; i < 5000; ++i) {
        AggregatedContact contact{.occurred_at = Jst(2023 + static_cast<int>(below(3)), 1 + below(12), 1 + below(28),
                                                     static_cast<int>(below(24)), static_cast<int>(below(60))),
                                  .consultation_id = 1 + below(800),
                                  .person_id = std::nullopt,
                                  .household_id = std::nullopt,
                                  .channel = channels[below(channels.size())],
                                  .source = below(2) == 0 ? "self" : "family",
                                  .outcome = outcomes[below(outcomes.size())],
                                  .organization_id = 1 + below(5),
                                  .category_ids = {}};
        if (below(10) != 0) contact.person_id = below(50) == 0 ? (std::int64_t{1} << 41) + below(3) : 1 + below(600);
        if (below(3) != 0) contact.household_id = 1 + below(300);
        for (std::int64_t category = 10; category < 14; ++category) {
            if (below(3) == 0) contact.category_ids.push_back(category);
        }
        contacts.push_back(std::move(contact));
    }
    AggregateSet expected;
    for (const AggregatedContact& contact : contacts) AddContact(expected, contact, kFields, +1);
    AggregateSet counted;
    AggregateCounter counter(kFields);
    for (const AggregatedContact& contact : contacts) counter.Add(contact);
    counter.AddTo(counted);
    EXPECT_EQ(counted.days, expected.days);
    EXPECT_EQ(counted.members, expected.members);
    EXPECT_TRUE(AggregateDifferences(counted, expected).empty());
    // Into a set that holds counts already: added to them.
    AggregateSet twice = expected;
    for (const AggregatedContact& contact : contacts) AddContact(expected, contact, kFields, +1);
    for (const AggregatedContact& contact : contacts) counter.Add(contact);
    counter.AddTo(twice);
    EXPECT_EQ(twice.days, expected.days);
    EXPECT_EQ(twice.members, expected.members);
}

TEST(ReportAggregates, DistinctPersonsAreTheMembersWithContactsLeft) {
    AggregateSet set;
    AddContact(set, Contact(Jst(2024, 5, 1, 10, 0), 1), kFields, +1);
    AddContact(set, Contact(Jst(2024, 6, 1, 10, 0), 1), kFields, +1);
    AddContact(set, Contact(Jst(2024, 6, 2, 10, 0), 2), kFields, +1);
    AddContact(set, Contact(Jst(2024, 6, 3, 10, 0), std::nullopt), kFields, +1);  // anonymous: 延べ only
    AddContact(set, Contact(Jst(2024, 6, 2, 10, 0), 2), kFields, -1);             // voided
    FinishAggregateSet(set);
    EXPECT_EQ((set.distinct[{2024, "all"}]), 1);
    EXPECT_EQ((set.members[{2024, "all", 1}]), 2);
    EXPECT_FALSE(set.members.contains({2024, "all", 2}));
    EXPECT_EQ((set.distinct[{2024, "household"}]), 1);
    EXPECT_EQ((set.distinct[{2024, "consultation"}]), 1);
    EXPECT_EQ((set.days[{20240603, "all"}]), 1);
    EXPECT_FALSE(set.days.contains({20240602, "all"}));
}

TEST(ReportAggregates, DifferencesNameEachCellThatDisagrees) {
    AggregateSet recounted;
    AddContact(recounted, Contact(Jst(2025, 3, 31, 23, 59), 1), kFields, +1);
    FinishAggregateSet(recounted);
    AggregateSet stored = recounted;
    EXPECT_TRUE(AggregateDifferences(recounted, stored).empty());
    stored.days[{20250331, "channel:phone"}] = 4;
    stored.distinct[{2024, "all"}] = 0;    // a zero row equals an absent one…
    stored.distinct.erase({2024, "all"});  // …so only the absence of a real 1 differs
    const auto differences = AggregateDifferences(recounted, stored);
    ASSERT_EQ(differences.size(), 2U);
    EXPECT_EQ(differences[0], "延べ 2025-03-31 channel:phone: 記録から 1, 集計表 4");
    EXPECT_EQ(differences[1], "実人数 2024年度 all: 記録から 1, 集計表 0");
}

TEST(ReportAggregates, OnlyAWholeFiscalYearIsReadFromTheYearlyMembers) {
    EXPECT_EQ(WholeFiscalYearBetween(StartOfFiscalYear(2024), StartOfFiscalYear(2025)), 2024);
    EXPECT_EQ(WholeFiscalYearBetween(StartOfFiscalYear(2024), Jst(2024, 10, 1, 0, 0)), std::nullopt);
    EXPECT_EQ(WholeFiscalYearBetween(Jst(2024, 4, 2, 0, 0), StartOfFiscalYear(2025)), std::nullopt);
}

}  // namespace
}  // namespace kasane::domain
