// SPDX-License-Identifier: Apache-2.0
#include "domain/commissioner_activity.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "base/japanese_date.hpp"
#include "base/japanese_text.hpp"

namespace kasane::domain {

using std::chrono::year_month;

// The items of 福祉行政報告例 (年度報)「民生委員・児童委員の活動状況」 as 厚生労働省 tabulates them from the
// commissioners' 活動記録: 内容別相談・支援件数 (在宅福祉 … その他), the same consultations by 分野 (高齢者 / 障害者 /
// 子ども / その他), その他の活動件数 (six items), 訪問回数, 連絡調整回数 and 活動日数. The list and its source:
// docs/commissioner_activity.md.
const std::array<ActivityItem, kActivityItemCount> kActivityItems = {{
    {"home_welfare", "在宅福祉", ActivityGroup::kConsultationByContent},
    {"long_term_care", "介護保険", ActivityGroup::kConsultationByContent},
    {"health", "健康・保健医療", ActivityGroup::kConsultationByContent},
    {"child_rearing", "子育て・母子保健", ActivityGroup::kConsultationByContent},
    {"child_community", "子どもの地域生活", ActivityGroup::kConsultationByContent},
    {"child_school", "子どもの教育・学校生活", ActivityGroup::kConsultationByContent},
    {"living_costs", "生活費", ActivityGroup::kConsultationByContent},
    {"pension_insurance", "年金・保険", ActivityGroup::kConsultationByContent},
    {"work", "仕事", ActivityGroup::kConsultationByContent},
    {"family", "家族関係", ActivityGroup::kConsultationByContent},
    {"housing", "住居", ActivityGroup::kConsultationByContent},
    {"living_environment", "生活環境", ActivityGroup::kConsultationByContent},
    {"daily_support", "日常的な支援", ActivityGroup::kConsultationByContent},
    {"content_other", "その他", ActivityGroup::kConsultationByContent},
    {"field_elderly", "高齢者に関すること", ActivityGroup::kConsultationByField},
    {"field_disability", "障害者に関すること", ActivityGroup::kConsultationByField},
    {"field_child", "子どもに関すること", ActivityGroup::kConsultationByField},
    {"field_other", "その他", ActivityGroup::kConsultationByField},
    {"visits", "訪問回数", ActivityGroup::kVisits},
    {"liaison_commissioners", "委員相互", ActivityGroup::kLiaison},
    {"liaison_agencies", "その他の関係機関", ActivityGroup::kLiaison},
    {"activity_days", "活動日数", ActivityGroup::kDays},
    {"survey", "調査・実態把握", ActivityGroup::kOtherActivities},
    {"events", "行事・事業・会議への参加協力", ActivityGroup::kOtherActivities},
    {"community_activity", "地域福祉活動・自主活動", ActivityGroup::kOtherActivities},
    {"council_training", "民児協運営・研修", ActivityGroup::kOtherActivities},
    {"certificates", "証明事務", ActivityGroup::kOtherActivities},
    {"child_protection_report", "要保護児童の発見の通告・仲介", ActivityGroup::kOtherActivities},
}};

std::string_view ActivityGroupLabel(ActivityGroup group) {
    switch (group) {
        case ActivityGroup::kConsultationByContent: return "相談・支援件数（内容別）";
        case ActivityGroup::kConsultationByField: return "相談・支援件数（分野別）";
        case ActivityGroup::kVisits: return "訪問回数";
        case ActivityGroup::kLiaison: return "連絡調整回数";
        case ActivityGroup::kDays: return "活動日数";
        case ActivityGroup::kOtherActivities: return "その他の活動件数";
    }
    return "";
}

const ActivityItem* FindActivityItem(std::string_view code) {
    for (const ActivityItem& item : kActivityItems) {
        if (item.code == code) return &item;
    }
    return nullptr;
}

std::string ActivityItemCodesForCheck() {
    std::string list;
    for (const ActivityItem& item : kActivityItems) {
        if (!list.empty()) list += ", ";
        list += "'" + std::string(item.code) + "'";
    }
    return list;
}

std::string MonthCode(year_month month) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u", static_cast<int>(month.year()),
                  static_cast<unsigned>(month.month()));
    return buffer;
}

Result<year_month> ParseMonthCode(std::string_view text, std::string_view field) {
    const auto refuse = [&] {
        return Fail(Error::InvalidArgument("月は 2024-04 の形（西暦年-月）で指定してください", std::string(field)));
    };
    if (text.size() != 7 || text[4] != '-') return refuse();
    int year = 0;
    unsigned month = 0;
    if (std::from_chars(text.data(), text.data() + 4, year).ptr != text.data() + 4) return refuse();
    if (std::from_chars(text.data() + 5, text.data() + 7, month).ptr != text.data() + 7) return refuse();
    if (year < 2000 || year > 9999 || month < 1 || month > 12) return refuse();
    return std::chrono::year{year} / std::chrono::month{month};
}

std::string MonthLabel(year_month month) {
    std::string label = FormatWareki(Date{month / std::chrono::day{1}});
    constexpr std::string_view kFirstDay = "1日";
    if (label.ends_with(kFirstDay)) label.resize(label.size() - kFirstDay.size());
    return label;
}

year_month DefaultActivityMonth(Date today) {
    const year_month current = today.year() / today.month();
    return today.day() <= std::chrono::day{10} ? current - std::chrono::months{1} : current;
}

year_month FiscalYearStartOf(year_month month) {
    const std::chrono::year year =
        month.month() >= std::chrono::April ? month.year() : month.year() - std::chrono::years{1};
    return year / std::chrono::April;
}

int ActivityMonth::Count(std::string_view code) const {
    const auto found = counts.find(code);
    return found == counts.end() ? 0 : found->second;
}

long long ActivityTotals::Count(std::string_view code) const {
    const auto found = counts.find(code);
    return found == counts.end() ? 0 : found->second;
}

Status ValidateActivityMonth(const ActivityMonth& entry, Date today) {
    if (!entry.month.ok() || entry.month.year() < std::chrono::year{2000}) {
        return Fail(Error::InvalidArgument("月を指定してください", "month"));
    }
    if (entry.month > today.year() / today.month()) {
        return Fail(Error::InvalidArgument("まだ来ていない月の活動は記録できません", "month"));
    }
    for (const auto& [code, count] : entry.counts) {
        const ActivityItem* item = FindActivityItem(code);
        if (item == nullptr) return Fail(Error::InvalidArgument("知らない項目です: " + code, code));
        if (count < 0 || count > kMaxActivityCount) {
            return Fail(Error::InvalidArgument(
                std::string(item->label) + "は0から" + std::to_string(kMaxActivityCount) + "までの数で入力してください",
                code));
        }
    }
    const unsigned days = static_cast<unsigned>((entry.month / std::chrono::last).day());
    if (entry.Count("activity_days") > static_cast<int>(days)) {
        return Fail(Error::InvalidArgument("活動日数はその月の日数（" + std::to_string(days) + "日）までです",
                                           "activity_days"));
    }
    long long by_content = 0;
    long long by_field = 0;
    for (const ActivityItem& item : kActivityItems) {
        if (item.group == ActivityGroup::kConsultationByContent) by_content += entry.Count(item.code);
        if (item.group == ActivityGroup::kConsultationByField) by_field += entry.Count(item.code);
    }
    if (by_content != by_field) {
        return Fail(Error::InvalidArgument("分野別の合計（" + std::to_string(by_field) + "件）が内容別の合計（" +
                                               std::to_string(by_content) +
                                               "件）と合いません。一つの相談を内容と分野で一回ずつ数えます",
                                           "field_elderly"));
    }
    return {};
}

ActivityTotals SumActivity(const std::vector<ActivityMonth>& months) {
    ActivityTotals totals;
    std::set<UserId> reporters;
    for (const ActivityItem& item : kActivityItems) totals.counts[std::string(item.code)] = 0;
    for (const ActivityMonth& month : months) {
        for (const auto& [code, count] : month.counts) totals.counts[code] += count;
        ++totals.months;
        reporters.insert(month.user_id);
    }
    totals.reporters.assign(reporters.begin(), reporters.end());
    return totals;
}

Status ValidateCommissionerNote(const CommissionerNote& note, Date today) {
    if (note.noted_on > today) return Fail(Error::InvalidArgument("まだ来ていない日付です", "noted_on"));
    if (note.subject.empty())
        return Fail(Error::InvalidArgument("誰（何）についての記録かを入力してください", "subject"));
    if (auto valid = ValidateFreeText(note.subject, "subject", 100); !valid) return Fail(valid.error());
    if (note.body.empty()) return Fail(Error::InvalidArgument("記録の内容を入力してください", "body"));
    if (auto valid = ValidateFreeText(note.body, "body", 4000); !valid) return Fail(valid.error());
    return {};
}

}  // namespace kasane::domain
