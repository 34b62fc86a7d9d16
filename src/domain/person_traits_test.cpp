// SPDX-License-Identifier: Apache-2.0
// 課題と特性: the list (codes stable, labels Japanese), the parsing of codes given (unknown refused naming the field,
// duplicates folded), who reads them (the person's access decision), the counting of 課題と特性別 (N = 実人数, each
// person once per trait, 未記入) and its display with small cells suppressed.

#include "domain/person_traits.hpp"

#include <gtest/gtest.h>

#include <set>

#include "domain/report.hpp"

namespace kasane::domain {
namespace {

TEST(PersonTraitsTest, EveryTraitHasADistinctCodeAndALabelAndParsesBack) {
    std::set<std::string_view> codes;
    for (const PersonTrait trait : AllPersonTraits()) {
        EXPECT_TRUE(codes.insert(PersonTraitCode(trait)).second) << PersonTraitCode(trait);
        EXPECT_FALSE(PersonTraitLabel(trait).empty());
        EXPECT_EQ(ParsePersonTrait(PersonTraitCode(trait)), trait);
    }
    EXPECT_EQ(AllPersonTraits().size(), 20U);
    EXPECT_EQ(PersonTraitLabel(PersonTrait::kWithdrawal), "ひきこもり");
    EXPECT_EQ(PersonTraitLabel(PersonTrait::kOther), "その他");
    EXPECT_FALSE(codes.contains(kNoTraitCode));  // 未記入 is the report's row, never a trait
}

TEST(PersonTraitsTest, ParsesCodesInListOrderFoldingDuplicates) {
    auto traits = ParsePersonTraits({"poverty", "withdrawal", "poverty"});
    ASSERT_TRUE(traits) << traits.error().message;
    EXPECT_EQ(*traits, (std::vector<PersonTrait>{PersonTrait::kWithdrawal, PersonTrait::kPoverty}));
    auto none = ParsePersonTraits({});
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
}

TEST(PersonTraitsTest, RefusesAnUnknownCodeNamingTheField) {
    auto traits = ParsePersonTraits({"withdrawal", "aliens"});
    ASSERT_FALSE(traits);
    EXPECT_TRUE(traits.error().Is(ErrorCode::kInvalidArgument));
    EXPECT_EQ(traits.error().field, "traits");
    EXPECT_NE(traits.error().message.find("aliens"), std::string::npos);
    EXPECT_EQ(ParsePersonTraits({"none"}).error().field, "traits");  // 未記入 is not a code one records
}

TEST(PersonTraitsTest, OnlyTheWholeRecordWithSensitiveFieldsReadsTraits) {
    AccessDecision full{.level = ViewLevel::kFull, .sensitive_fields = true};
    EXPECT_TRUE(MayReadPersonTraits(full));
    AccessDecision volunteer{.level = ViewLevel::kFull, .sensitive_fields = false};
    EXPECT_FALSE(MayReadPersonTraits(volunteer));
    AccessDecision identity{.level = ViewLevel::kIdentity, .sensitive_fields = true};
    EXPECT_FALSE(MayReadPersonTraits(identity));
    EXPECT_FALSE(MayReadPersonTraits(AccessDecision{}));
}

TEST(PersonTraitsTest, CountsEachPersonOncePerTraitWithNoneAndN) {
    const std::vector<CountedPersonTraits> persons{
        {.person_id = PersonId{1}, .traits = {PersonTrait::kWithdrawal, PersonTrait::kEightyFifty}},
        {.person_id = PersonId{2}, .traits = {PersonTrait::kWithdrawal}},
        {.person_id = PersonId{3}, .traits = {}},
        // The same survivor listed twice (two merged records' rows) counts once.
        {.person_id = PersonId{1}, .traits = {PersonTrait::kWithdrawal}},
    };
    const TraitCounts counts = CountTraits(persons);
    EXPECT_EQ(counts.persons, 3);
    EXPECT_EQ(counts.none, 1);
    ASSERT_EQ(counts.by_trait.size(), AllPersonTraits().size());
    EXPECT_EQ(counts.by_trait[0].trait, PersonTrait::kWithdrawal);
    EXPECT_EQ(counts.by_trait[0].persons, 2);
    EXPECT_EQ(counts.by_trait[1].trait, PersonTrait::kEightyFifty);
    EXPECT_EQ(counts.by_trait[1].persons, 1);
    long long sum = counts.none;
    for (const TraitCount& count : counts.by_trait) sum += count.persons;
    EXPECT_GT(sum, counts.persons);  // several traits a person: the sum exceeds N
}

TEST(PersonTraitsTest, ShowsEveryTraitThenNoneAndHidesSmallCellsForSuppressedReaders) {
    TraitCounts counts{.persons = 12, .by_trait = {}, .none = 5};
    for (const PersonTrait trait : AllPersonTraits()) counts.by_trait.push_back({.trait = trait, .persons = 0});
    counts.by_trait[0].persons = 7;  // ひきこもり
    counts.by_trait[7].persons = 1;  // 経済的困窮: a small cell
    const auto exact = ShowTraits(counts, Figures::kExact);
    ASSERT_EQ(exact.size(), AllPersonTraits().size() + 1);
    EXPECT_EQ(exact.front().code, "withdrawal");
    EXPECT_EQ(exact.front().persons.Value(), 7);
    EXPECT_EQ(exact[7].persons.Value(), 1);
    EXPECT_EQ(exact.back().code, kNoTraitCode);
    EXPECT_EQ(exact.back().label, "未記入");
    EXPECT_EQ(exact.back().persons.Value(), 5);
    const auto suppressed = ShowTraits(counts, Figures::kSmallCellsSuppressed);
    EXPECT_TRUE(suppressed[7].persons.IsSuppressed());
    EXPECT_FALSE(suppressed[1].persons.IsSuppressed());  // a 0 gives nothing away
}

}  // namespace
}  // namespace kasane::domain
