// SPDX-License-Identifier: Apache-2.0
// 設定 (town_settings.hpp): the town's numbers and its wording of the 分野.

#include "domain/town_settings.hpp"

#include <algorithm>
#include <charconv>

#include "base/json.hpp"
#include "domain/category_master.hpp"
#include "domain/sharing.hpp"
#include "domain/support_case.hpp"

namespace kasane::domain {

const std::vector<TownSettingSpec>& AllTownSettings() {
    static const std::vector<TownSettingSpec> kAll = {
        {.setting = TownSetting::kReferralOverdueWorkingDays,
         .key = "referral_overdue_working_days",
         .label = "つなぎの返事の期限",
         .meaning = "つないだ先が受理・辞退を返さないまま、この営業日数が過ぎると「期限切れ」として"
                    "ホームとつなぎの一覧に出ます。",
         .unit = "営業日",
         .default_value = 3,
         .min = 1,
         .max = 30},
        {.setting = TownSetting::kConsentExpiringWithinDays,
         .key = "consent_expiring_within_days",
         .label = "同意の期限が近いとみなす日数",
         .meaning = "情報共有の同意の有効期限まで、この日数以内になるとホームに「期限が近い同意」として出ます。",
         .unit = "日",
         .default_value = kConsentExpiringWithinDays,
         .min = 1,
         .max = 180},
        {.setting = TownSetting::kReviewDueWithinDays,
         .key = "review_due_within_days",
         .label = "モニタリング予定日の事前通知",
         .meaning = "支援プランのモニタリング予定日の、この日数前からホームに「見直しが近い」として出ます。",
         .unit = "日",
         .default_value = kReviewDueWithinDays,
         .min = 0,
         .max = 60},
        {.setting = TownSetting::kLonelinessLocalAlertLevel,
         .key = "loneliness_local_alert_level",
         .label = "孤独感の町の目安（地域独自）",
         .meaning = "UCLA孤独感尺度（3項目版）の合計点がこの点以上の人数を、孤独感の変化の集計に「町の目安以上」として"
                    "示します。町が独自に決める目安で、国の基準ではありません。",
         .unit = "点",
         .default_value = 0,
         .min = 3,  // the UCLA total: three items of 1..4
         .max = 12,
         .zero_is_off = true},
    };
    return kAll;
}

const TownSettingSpec& SpecOf(TownSetting setting) { return AllTownSettings().at(static_cast<std::size_t>(setting)); }

const TownSettingSpec* FindTownSetting(std::string_view key) {
    for (const TownSettingSpec& spec : AllTownSettings()) {
        if (spec.key == key) return &spec;
    }
    return nullptr;
}

namespace {

bool WithinRange(const TownSettingSpec& spec, int value) {
    return (spec.zero_is_off && value == 0) || (value >= spec.min && value <= spec.max);
}

}  // namespace

Status ValidateTownSetting(const TownSettingSpec& spec, int value) {
    if (!WithinRange(spec, value)) {
        return Fail(Error::InvalidArgument(std::string(spec.label) + "は" + std::to_string(spec.min) + "〜" +
                                               std::to_string(spec.max) + std::string(spec.unit) +
                                               (spec.zero_is_off ? "（使わないときは0）" : "") + "で指定してください",
                                           std::string(spec.key)));
    }
    return {};
}

TownSettings::TownSettings() {
    for (const TownSettingSpec& spec : AllTownSettings())
        values_.at(static_cast<std::size_t>(spec.setting)) = spec.default_value;
}

namespace {

// The stored text as a value within the setting's range; nullopt otherwise.
std::optional<int> StoredValue(const TownSettingSpec& spec, std::string_view text) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    if (!WithinRange(spec, value)) return std::nullopt;
    return value;
}

}  // namespace

Result<int> ReadTownSetting(SettingsRepository& settings, TownSetting setting) {
    const TownSettingSpec& spec = SpecOf(setting);
    auto stored = settings.Get(spec.key);
    if (!stored) return Fail(stored.error());
    if (!stored->has_value()) return spec.default_value;
    return StoredValue(spec, **stored).value_or(spec.default_value);
}

Result<TownSettings> ReadTownSettings(SettingsRepository& settings) {
    TownSettings out;
    for (const TownSettingSpec& spec : AllTownSettings()) {
        auto stored = settings.Get(spec.key);
        if (!stored) return Fail(stored.error());
        if (!stored->has_value()) continue;
        if (const auto value = StoredValue(spec, **stored)) {
            out.Set(spec.setting, *value);
            out.MarkSet(spec.setting);
        }
    }
    return out;
}

std::string FieldLabelKey(Field field) { return "field_label." + std::string(FieldCode(field)); }

Result<std::string> CheckFieldLabel(std::string_view label) {
    if (!IsValidUtf8(label)) return Fail(Error::InvalidArgument("分野名に使えない文字が含まれています", "label"));
    std::string trimmed = TrimmedName(label);
    if (trimmed.empty()) return Fail(Error::InvalidArgument("分野名を入力してください", "label"));
    if (CodePointCount(trimmed) > kMaxFieldLabelLength) {
        return Fail(Error::PayloadTooLarge("分野名は" + std::to_string(kMaxFieldLabelLength) + "文字以内にしてください",
                                           "label"));
    }
    if (std::any_of(trimmed.begin(), trimmed.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
        return Fail(Error::InvalidArgument("分野名に改行や制御文字は使えません", "label"));
    }
    return trimmed;
}

Result<FieldLabels> ReadFieldLabels(SettingsRepository& settings) {
    FieldLabels out;
    for (const Field field : AllFields()) {
        auto stored = settings.Get(FieldLabelKey(field));
        if (!stored) return Fail(stored.error());
        if (!stored->has_value()) continue;
        if (auto checked = CheckFieldLabel(**stored)) out.Set(field, std::move(*checked));
    }
    return out;
}

}  // namespace kasane::domain
