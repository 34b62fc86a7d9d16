// SPDX-License-Identifier: Apache-2.0
// 相談の分類の管理 and 設定 (category_master.hpp, town_settings.hpp): the rules of names, of retiring rather than
// deleting, of the town's order, and of the settings' ranges and their use by the desk's rules.

#include <gtest/gtest.h>

#include <map>

#include "domain/category_master.hpp"
#include "domain/referral.hpp"
#include "domain/sharing.hpp"
#include "domain/support_case.hpp"
#include "domain/town_settings.hpp"

namespace kasane::domain {
namespace {

WorryCategory Category(CategoryId id, std::string label, int sort_order, bool active = true, std::string code = "") {
    return WorryCategory{.id = id,
                         .municipality_id = MunicipalityId{1},
                         .code = code.empty() ? "c" + std::to_string(id) : std::move(code),
                         .label = std::move(label),
                         .sort_order = sort_order,
                         .active = active};
}

class MemorySettings final : public SettingsRepository {
public:
    Result<std::optional<std::string>> Get(std::string_view key) override {
        const auto found = values.find(std::string(key));
        if (found == values.end()) return std::optional<std::string>();
        return std::optional<std::string>(found->second);
    }
    Status Set(std::string_view key, std::string_view value) override {
        values[std::string(key)] = std::string(value);
        return {};
    }
    std::map<std::string, std::string> values;
};

TEST(CategoryMaster, ANameIsTrimmedNotEmptyLimitedAndUniqueAmongActiveCategories) {
    const std::vector<WorryCategory> categories = {Category(1, "ひきこもり", 10), Category(2, "旧・借金", 20, false)};
    auto trimmed = CheckCategoryName("　 ヤングケアラー \t", categories, 0);
    ASSERT_TRUE(trimmed);
    EXPECT_EQ(*trimmed, "ヤングケアラー");

    auto empty = CheckCategoryName(" 　 ", categories, 0);
    ASSERT_FALSE(empty);
    EXPECT_TRUE(empty.error().Is(ErrorCode::kInvalidArgument));
    EXPECT_EQ(empty.error().field, "name");
    EXPECT_EQ(empty.error().message, "分類名を入力してください");

    auto too_long = CheckCategoryName(std::string(kMaxCategoryNameLength + 1, 'a'), categories, 0);
    ASSERT_FALSE(too_long);
    EXPECT_TRUE(too_long.error().Is(ErrorCode::kPayloadTooLarge));
    EXPECT_TRUE(CheckCategoryName(std::string(kMaxCategoryNameLength, 'a'), categories, 0));

    EXPECT_FALSE(CheckCategoryName("借金\n返済", categories, 0));

    // Taken by an active category: refused, in Japanese, as a conflict; the category itself may keep its name.
    auto taken = CheckCategoryName(" ひきこもり", categories, 0);
    ASSERT_FALSE(taken);
    EXPECT_TRUE(taken.error().Is(ErrorCode::kConflict));
    EXPECT_EQ(taken.error().message, "「ひきこもり」という分類はすでにあります");
    EXPECT_TRUE(CheckCategoryName("ひきこもり", categories, 1));
    // A retired category's name is free again.
    EXPECT_TRUE(CheckCategoryName("旧・借金", categories, 0));
}

TEST(CategoryMaster, ACategoryInUseIsRetiredAndOneNeverUsedIsDeleted) {
    EXPECT_EQ(RemovalOf(0), CategoryRemoval::kDelete);
    EXPECT_EQ(RemovalOf(1), CategoryRemoval::kRetire);
    EXPECT_EQ(RemovalOf(250), CategoryRemoval::kRetire);
}

TEST(CategoryMaster, NewIntakesOfferTheActiveCategoriesInTheTownsOrder) {
    const auto offered = OfferedCategories(
        {Category(1, "A", 30), Category(2, "B", 10), Category(3, "C", 20, false), Category(4, "D", 10)});
    ASSERT_EQ(offered.size(), 3u);
    EXPECT_EQ(offered[0].id, 2);  // sort_order 10, then id
    EXPECT_EQ(offered[1].id, 4);
    EXPECT_EQ(offered[2].id, 1);
}

TEST(CategoryMaster, MovingUpAndDownSwapsNeighboursAndStopsAtTheEnds) {
    const std::vector<WorryCategory> categories = {Category(5, "A", 10), Category(6, "B", 20, false),
                                                   Category(7, "C", 30)};
    auto up = MovedOrder(categories, 7, MoveDirection::kUp);
    ASSERT_TRUE(up);
    EXPECT_EQ(*up, (std::vector<CategoryId>{5, 7, 6}));  // a retired one keeps its place among the others
    auto top = MovedOrder(categories, 5, MoveDirection::kUp);
    ASSERT_TRUE(top);
    EXPECT_EQ(*top, (std::vector<CategoryId>{5, 6, 7}));
    auto down = MovedOrder(categories, 5, MoveDirection::kDown);
    ASSERT_TRUE(down);
    EXPECT_EQ(*down, (std::vector<CategoryId>{6, 5, 7}));
    EXPECT_FALSE(MovedOrder(categories, 99, MoveDirection::kUp));
}

TEST(CategoryMaster, AnOrderGivenWholeNamesEveryCategoryOnce) {
    const std::vector<WorryCategory> categories = {Category(5, "A", 10), Category(6, "B", 20, false)};
    EXPECT_TRUE(CheckCompleteOrder(categories, {6, 5}));
    EXPECT_FALSE(CheckCompleteOrder(categories, {5}));         // the retired one left out
    EXPECT_FALSE(CheckCompleteOrder(categories, {5, 6, 6}));   // twice
    EXPECT_FALSE(CheckCompleteOrder(categories, {5, 6, 42}));  // another town's
    EXPECT_EQ(CheckCompleteOrder(categories, {5}).error().field, "ids");
}

TEST(CategoryMaster, ATownsOwnCategoriesGetLocalCodes) {
    EXPECT_EQ(NextLocalCategoryCode({Category(1, "A", 10, true, "hikikomori")}), "local_1");
    EXPECT_EQ(NextLocalCategoryCode({Category(1, "A", 10, true, "local_3"), Category(2, "B", 20, true, "local_x")}),
              "local_4");
}

TEST(TownSettings, EachSettingHasItsFormerConstantAsDefaultAndARange) {
    EXPECT_EQ(SpecOf(TownSetting::kReferralOverdueWorkingDays).default_value, 3);
    EXPECT_EQ(SpecOf(TownSetting::kConsentExpiringWithinDays).default_value, kConsentExpiringWithinDays);
    EXPECT_EQ(SpecOf(TownSetting::kReviewDueWithinDays).default_value, kReviewDueWithinDays);
    for (const TownSettingSpec& spec : AllTownSettings()) {
        EXPECT_EQ(&SpecOf(spec.setting), &spec);
        EXPECT_EQ(FindTownSetting(spec.key), &spec);
        EXPECT_TRUE(ValidateTownSetting(spec, spec.default_value)) << spec.key;
        EXPECT_TRUE(ValidateTownSetting(spec, spec.min)) << spec.key;
        EXPECT_TRUE(ValidateTownSetting(spec, spec.max)) << spec.key;
        auto below = ValidateTownSetting(spec, spec.min - 1);
        ASSERT_FALSE(below) << spec.key;
        EXPECT_EQ(below.error().field, spec.key);
        EXPECT_FALSE(ValidateTownSetting(spec, spec.max + 1)) << spec.key;
    }
    EXPECT_EQ(ValidateTownSetting(SpecOf(TownSetting::kReferralOverdueWorkingDays), 31).error().message,
              "つなぎの返事の期限は1〜30営業日で指定してください");
    EXPECT_EQ(FindTownSetting("no_such_setting"), nullptr);
}

TEST(TownSettings, TheLonelinessAlertLevelIsTheTownsOwnAndOffUntilSet) {
    const TownSettingSpec& spec = SpecOf(TownSetting::kLonelinessLocalAlertLevel);
    EXPECT_EQ(spec.default_value, 0);  // Kasane presumes no threshold
    EXPECT_TRUE(ValidateTownSetting(spec, 0));
    EXPECT_FALSE(ValidateTownSetting(spec, 1));
    EXPECT_FALSE(ValidateTownSetting(spec, 2));
    EXPECT_TRUE(ValidateTownSetting(spec, 3));
    EXPECT_TRUE(ValidateTownSetting(spec, 12));
    EXPECT_FALSE(ValidateTownSetting(spec, 13));
    EXPECT_EQ(ValidateTownSetting(spec, 2).error().message,
              "孤独感の町の目安（地域独自）は3〜12点（使わないときは0）で指定してください");
    MemorySettings settings;
    EXPECT_EQ(ReadTownSetting(settings, TownSetting::kLonelinessLocalAlertLevel).value(), 0);
    ASSERT_TRUE(settings.Set("loneliness_local_alert_level", "2"));  // not a UCLA total: read as none
    EXPECT_EQ(ReadTownSetting(settings, TownSetting::kLonelinessLocalAlertLevel).value(), 0);
    ASSERT_TRUE(settings.Set("loneliness_local_alert_level", "9"));
    EXPECT_EQ(ReadTownSetting(settings, TownSetting::kLonelinessLocalAlertLevel).value(), 9);
}

TEST(TownSettings, AValueNeverSetOrUnreadableIsTheDefault) {
    MemorySettings settings;
    auto defaults = ReadTownSettings(settings);
    ASSERT_TRUE(defaults);
    EXPECT_EQ(defaults->Value(TownSetting::kReferralOverdueWorkingDays), 3);
    EXPECT_FALSE(defaults->IsSet(TownSetting::kReferralOverdueWorkingDays));

    settings.values["referral_overdue_working_days"] = "5";
    settings.values["consent_expiring_within_days"] = "abc";  // unreadable
    settings.values["review_due_within_days"] = "999";        // out of range
    auto read = ReadTownSettings(settings);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->Value(TownSetting::kReferralOverdueWorkingDays), 5);
    EXPECT_TRUE(read->IsSet(TownSetting::kReferralOverdueWorkingDays));
    EXPECT_EQ(read->Value(TownSetting::kConsentExpiringWithinDays), kConsentExpiringWithinDays);
    EXPECT_EQ(read->Value(TownSetting::kReviewDueWithinDays), kReviewDueWithinDays);
    EXPECT_EQ(*ReadTownSetting(settings, TownSetting::kReferralOverdueWorkingDays), 5);
}

TEST(TownSettings, OverdueAndDueRulesFollowTheTownsSetting) {
    // A referral sent on Monday 1 December 2026, 10:00 in Japan; asked on Friday 5 December, 10:00.
    Referral referral;
    referral.status = ReferralStatus::kSent;
    referral.sent_at = *ParseIso8601("2026-12-01T01:00:00Z");
    const Instant friday = *ParseIso8601("2026-12-05T01:00:00Z");
    MemorySettings settings;
    EXPECT_TRUE(IsOverdue(referral, friday, *ReadTownSetting(settings, TownSetting::kReferralOverdueWorkingDays)));
    settings.values["referral_overdue_working_days"] = "10";
    EXPECT_FALSE(IsOverdue(referral, friday, *ReadTownSetting(settings, TownSetting::kReferralOverdueWorkingDays)));

    const Date today{std::chrono::year{2026} / 12 / 3};
    const Date in_ten_days{std::chrono::year{2026} / 12 / 13};
    EXPECT_FALSE(ReviewIsDue(in_ten_days, today, *ReadTownSetting(settings, TownSetting::kReviewDueWithinDays)));
    settings.values["review_due_within_days"] = "14";
    EXPECT_TRUE(ReviewIsDue(in_ten_days, today, *ReadTownSetting(settings, TownSetting::kReviewDueWithinDays)));

    Consent consent;
    consent.given_on = Date{std::chrono::year{2026} / 4 / 1};
    consent.expires_on = Date{std::chrono::year{2027} / 2 / 1};  // 60 days after 3 December
    const Instant now = *ParseIso8601("2026-12-03T01:00:00Z");
    EXPECT_FALSE(
        ConsentExpiringSoon(consent, now, *ReadTownSetting(settings, TownSetting::kConsentExpiringWithinDays)));
    settings.values["consent_expiring_within_days"] = "60";
    EXPECT_TRUE(ConsentExpiringSoon(consent, now, *ReadTownSetting(settings, TownSetting::kConsentExpiringWithinDays)));
}

TEST(TownSettings, TheTownWordsTheFieldLabelsAndKeepsTheNationalCodes) {
    MemorySettings settings;
    auto national = ReadFieldLabels(settings);
    ASSERT_TRUE(national);
    EXPECT_EQ(national->Of(Field::kElderly), "高齢");
    EXPECT_EQ(FieldLabelKey(Field::kElderly), "field_label.elderly");
    settings.values["field_label.elderly"] = "高齢者";
    settings.values["field_label.child"] = "   ";  // not a label: the national one stays
    auto town = ReadFieldLabels(settings);
    ASSERT_TRUE(town);
    EXPECT_EQ(town->Of(Field::kElderly), "高齢者");
    EXPECT_EQ(town->Of(Field::kChild), "子ども");
    EXPECT_EQ(FieldCode(Field::kElderly), "elderly");

    EXPECT_EQ(*CheckFieldLabel(" 子育て "), "子育て");
    EXPECT_FALSE(CheckFieldLabel(""));
    EXPECT_FALSE(CheckFieldLabel(std::string(kMaxFieldLabelLength + 1, 'x')));

    // The report's 分野別 rows: the town's wording with the national one beside where they differ.
    EXPECT_EQ(FieldReportLabel(Field::kElderly, *town), "高齢者（高齢）");
    EXPECT_EQ(FieldReportLabel(Field::kChild, *town), "子ども");
    EXPECT_EQ(FieldReportLabel(Field::kElderly, FieldLabels()), "高齢");
    settings.values["field_label.poverty"] = "生活困窮";  // the national wording typed again: shown once
    EXPECT_EQ(FieldReportLabel(Field::kPoverty, *ReadFieldLabels(settings)), "生活困窮");

    // The book's 分野 column asks the labels.
    const std::map<CategoryId, WorryCategory> categories = {{1, Category(1, "介護", 10, true, "care")}};
    BookRow row;
    row.category_ids = {1};
    EXPECT_EQ(BookCategoryText(row, categories, *town).fields, "高齢者");
}

}  // namespace
}  // namespace kasane::domain
