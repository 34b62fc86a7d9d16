// SPDX-License-Identifier: Apache-2.0
#include "domain/household_survey.hpp"

#include <algorithm>
#include <set>

#include "base/japanese_text.hpp"

namespace kasane::domain {

std::string_view VisitOutcomeCode(VisitOutcome outcome) {
    switch (outcome) {
        case VisitOutcome::kMet: return "met";
        case VisitOutcome::kAbsent: return "absent";
        case VisitOutcome::kRefused: return "refused";
        case VisitOutcome::kVacant: return "vacant";
        case VisitOutcome::kMovedOut: return "moved_out";
    }
    return "met";
}

std::string_view VisitOutcomeLabel(VisitOutcome outcome) {
    switch (outcome) {
        case VisitOutcome::kMet: return "面会";
        case VisitOutcome::kAbsent: return "不在（再訪）";
        case VisitOutcome::kRefused: return "拒否";
        case VisitOutcome::kVacant: return "空き家";
        case VisitOutcome::kMovedOut: return "転居";
    }
    return "面会";
}

std::optional<VisitOutcome> ParseVisitOutcome(std::string_view code) {
    for (VisitOutcome outcome : kAllVisitOutcomes) {
        if (VisitOutcomeCode(outcome) == code) return outcome;
    }
    return std::nullopt;
}

bool CountsAsVisited(VisitOutcome outcome) { return outcome != VisitOutcome::kAbsent; }

std::string_view HouseholdOriginCode(HouseholdOrigin origin) {
    return origin == HouseholdOrigin::kList ? "list" : "doorstep";
}

std::optional<HouseholdOrigin> ParseHouseholdOrigin(std::string_view code) {
    if (code == "list") return HouseholdOrigin::kList;
    if (code == "doorstep") return HouseholdOrigin::kDoorstep;
    return std::nullopt;
}

std::string_view HearingInformantCode(HearingInformant informant) {
    return informant == HearingInformant::kNeighborhoodChief ? "neighborhood_chief" : "welfare_volunteer";
}

std::string_view HearingInformantLabel(HearingInformant informant) {
    return informant == HearingInformant::kNeighborhoodChief ? "自治会長" : "民生委員";
}

std::optional<HearingInformant> ParseHearingInformant(std::string_view code) {
    if (code == "neighborhood_chief") return HearingInformant::kNeighborhoodChief;
    if (code == "welfare_volunteer") return HearingInformant::kWelfareVolunteer;
    return std::nullopt;
}

std::vector<SurveyFormItem> DefaultSurveyForm() {
    return {
        {.key = "housing_repair", .label = "住まいに修理や手すりの必要なところがある", .section = "住環境"},
        {.key = "housing_heating", .label = "冬の暖房や雪への備えに心配がある", .section = "住環境"},
        {.key = "living_alone", .label = "日中ひとりで過ごすことが多い", .section = "生活環境"},
        {.key = "living_shopping", .label = "買い物や通院の手段に困っている", .section = "生活環境"},
        {.key = "trouble_health", .label = "健康や介護のことで困っている", .section = "困りごと"},
        {.key = "trouble_money", .label = "お金や仕事のことで困っている", .section = "困りごと"},
        {.key = "trouble_other", .label = "その他の困りごと", .section = "困りごと"},
    };
}

namespace {

Status RequireText(std::string_view text, std::string_view field, std::size_t max, std::string_view what) {
    if (text.empty()) return Fail(Error::InvalidArgument(std::string(what) + "を入力してください", std::string(field)));
    if (auto valid = ValidateFreeText(text, field, max); !valid) return Fail(valid.error());
    return {};
}

bool IsItemKey(std::string_view key) {
    if (key.empty() || key.size() > 40) return false;
    return std::all_of(key.begin(), key.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

}  // namespace

Status ValidateForm(const std::vector<SurveyFormItem>& items) {
    if (items.empty() || items.size() > 60) {
        return Fail(Error::InvalidArgument("調査票の項目は1から60までです", "items"));
    }
    std::set<std::string> keys;
    for (const SurveyFormItem& item : items) {
        if (!IsItemKey(item.key)) {
            return Fail(Error::InvalidArgument("項目のキーは英小文字・数字・_ の40字までです", "items"));
        }
        if (!keys.insert(item.key).second) {
            return Fail(Error::InvalidArgument("項目のキー「" + item.key + "」が重複しています", "items"));
        }
        if (auto valid = RequireText(item.label, "items", 200, "項目の質問"); !valid) return valid;
        if (std::find(std::begin(kSurveySections), std::end(kSurveySections), item.section) ==
            std::end(kSurveySections)) {
            return Fail(
                Error::InvalidArgument("項目の区分は住環境・生活環境・困りごと・気づきのいずれかです", "items"));
        }
    }
    return {};
}

Status ValidateCampaign(const SurveyCampaign& campaign) {
    if (auto valid = RequireText(campaign.name, "name", 100, "調査の名前"); !valid) return valid;
    if (auto valid = ValidateFreeText(campaign.purpose, "purpose", 1000); !valid) return Fail(valid.error());
    if (!campaign.starts_on.ok()) return Fail(Error::InvalidArgument("調査の開始日を入力してください", "starts_on"));
    if (!campaign.ends_on.ok()) return Fail(Error::InvalidArgument("調査の終了日を入力してください", "ends_on"));
    if (std::chrono::sys_days{campaign.ends_on} < std::chrono::sys_days{campaign.starts_on}) {
        return Fail(Error::InvalidArgument("調査の終了日が開始日より前です", "ends_on"));
    }
    return ValidateForm(campaign.items);
}

Status ValidateSurveyHousehold(const SurveyHousehold& household) {
    if (auto valid = RequireText(household.address, "address", 50, "住所"); !valid) return valid;
    if (auto valid = ValidateFreeText(household.head_name, "head_name", 100); !valid) return Fail(valid.error());
    return {};
}

Result<VisitOutcome> CheckVisit(const SurveyCampaign& campaign, const SurveyHousehold& household,
                                BodyAssignment assignment, const VisitInput& input, Date today) {
    const auto outcome = ParseVisitOutcome(input.outcome);
    if (!outcome) {
        return Fail(Error::InvalidArgument("訪問の結果は 面会・不在（再訪）・拒否・空き家・転居 のいずれかです（「" +
                                               input.outcome + "」は選べません）",
                                           "outcome"));
    }
    if (!input.visited_on.ok()) return Fail(Error::InvalidArgument("訪問日を入力してください", "visited_on"));
    const auto day = std::chrono::sys_days{input.visited_on};
    if (day < std::chrono::sys_days{campaign.starts_on} || day > std::chrono::sys_days{campaign.ends_on}) {
        return Fail(Error::InvalidArgument("訪問日が調査の期間（" + FormatWareki(campaign.starts_on) + "〜" +
                                               FormatWareki(campaign.ends_on) + "）の外です",
                                           "visited_on"));
    }
    if (day > std::chrono::sys_days{today}) return Fail(Error::InvalidArgument("訪問日が未来です", "visited_on"));
    if (household.campaign_id != campaign.id || household.area_id != input.area_id) {
        return Fail(Error::InvalidArgument("この世帯は訪問先の自治会の名簿にありません", "household_id"));
    }
    if (assignment != BodyAssignment::kAssigned) {
        return Fail(Error::InvalidArgument("この自治会の訪問を割り当てられていない機関・委員の訪問は記録できません",
                                           "area_id"));
    }
    if (auto valid = RequireText(input.visitors, "visitors", 200, "訪問した人"); !valid) return Fail(valid.error());
    for (const auto& entry : input.answers) {
        const std::string& key = entry.first;
        const std::string& answer = entry.second;
        const bool known = std::any_of(campaign.items.begin(), campaign.items.end(),
                                       [&key](const SurveyFormItem& item) { return item.key == key; });
        if (!known) return Fail(Error::InvalidArgument("調査票にない項目「" + key + "」です", "answers"));
        if (auto valid = ValidateFreeText(answer, "answers", 1000); !valid) return Fail(valid.error());
    }
    if (auto valid = ValidateFreeText(input.notice, "notice", 2000); !valid) return Fail(valid.error());
    return *outcome;
}

std::string ChiefComplaintFromVisit(const SurveyCampaign& campaign, const SurveyVisit& visit) {
    std::string text = "世帯訪問調査「" + campaign.name + "」（" + FormatWareki(visit.visited_on) + "訪問）の気づき: ";
    text += visit.notice.empty() ? "（記載なし）" : visit.notice;
    for (const SurveyFormItem& item : campaign.items) {
        if (item.section != "困りごと") continue;
        const auto answer = visit.answers.find(item.key);
        if (answer == visit.answers.end() || answer->second.empty()) continue;
        text += "\n" + item.label + ": " + answer->second;
    }
    return text;
}

}  // namespace kasane::domain
