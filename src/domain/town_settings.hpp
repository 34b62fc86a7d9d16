// SPDX-License-Identifier: Apache-2.0
#pragma once

// 設定 (issue 14, item 2): the numbers a municipality may set for itself, each with its meaning, its default (the
// value every town had while it was a constant) and its range, and the town's own wording of the 分野 labels. Kept
// in the municipality's settings (SettingsRepository, migration 2); a value never set, or one no longer readable,
// is the default. The rules that use a number ask ReadTownSettings; pages never read settings themselves.

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "domain/consultation_book.hpp"
#include "domain/intake_repositories.hpp"

namespace kasane::domain {

enum class TownSetting {
    kReferralOverdueWorkingDays,  // つなぎの返事の期限 (IsOverdue, referral.hpp)
    kConsentExpiringWithinDays,   // 同意の期限が近い (ConsentExpiringSoon, sharing.hpp)
    kReviewDueWithinDays,         // モニタリング予定日が近い (ReviewDue, support_case.hpp)
    kLonelinessLocalAlertLevel,   // 孤独感の町の目安 (AtOrAboveLocalLevel, loneliness.hpp): 0, none, by default
};
inline constexpr std::size_t kTownSettingCount = 4;

struct TownSettingSpec {
    TownSetting setting;
    std::string_view key;      // the settings key, also the API's name: "referral_overdue_working_days"
    std::string_view label;    // つなぎの返事の期限
    std::string_view meaning;  // one sentence for the settings page
    std::string_view unit;     // 営業日, 日
    int default_value;
    int min;
    int max;
    // 0 is allowed beside [min, max] and means the town does not use the setting (a local level the town may set,
    // which Kasane never presumes).
    bool zero_is_off = false;
};
// Every setting, in the order the settings page shows them.
const std::vector<TownSettingSpec>& AllTownSettings();
const TownSettingSpec& SpecOf(TownSetting setting);
// nullptr for an unknown key.
const TownSettingSpec* FindTownSetting(std::string_view key);
// kInvalidArgument, field the setting's key, for a value outside [min, max] (and not 0 where 0 is off), in Japanese.
Status ValidateTownSetting(const TownSettingSpec& spec, int value);

// The values in force in one municipality.
class TownSettings {
public:
    TownSettings();  // every default
    int Value(TownSetting setting) const { return values_.at(static_cast<std::size_t>(setting)); }
    void Set(TownSetting setting, int value) { values_.at(static_cast<std::size_t>(setting)) = value; }
    // Whether the value is the town's own (set and differing from the default is not asked: set at all).
    bool IsSet(TownSetting setting) const { return set_.at(static_cast<std::size_t>(setting)); }
    void MarkSet(TownSetting setting) { set_.at(static_cast<std::size_t>(setting)) = true; }

private:
    std::array<int, kTownSettingCount> values_{};
    std::array<bool, kTownSettingCount> set_{};
};
// The town's settings; a missing value, or one that is not a number within the range, is the default.
Result<TownSettings> ReadTownSettings(SettingsRepository& settings);
Result<int> ReadTownSetting(SettingsRepository& settings, TownSetting setting);

// 分野 labels (FieldLabels, consultation_book.hpp): the town's wording is kept under these keys.
// The settings key of a 分野's wording: "field_label.elderly".
std::string FieldLabelKey(Field field);
inline constexpr std::size_t kMaxFieldLabelLength = 20;
// The wording as it would be stored: trimmed (spaces, full-width spaces), 1..kMaxFieldLabelLength characters, no
// control characters; kInvalidArgument / kPayloadTooLarge, field "label", in Japanese.
Result<std::string> CheckFieldLabel(std::string_view label);
Result<FieldLabels> ReadFieldLabels(SettingsRepository& settings);

}  // namespace kasane::domain
