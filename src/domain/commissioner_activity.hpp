// SPDX-License-Identifier: Apache-2.0
#pragma once

// 民生委員・児童委員の活動記録 (issue 15, item 4): a commissioner's monthly counts, the 民児協 (地区民生委員児童委員
// 協議会) roll-up of its members' months, and the municipality's total in the items of the national statistics
// 福祉行政報告例 (厚生労働省, 年度報「民生委員・児童委員の活動状況」), as a file. Sources:
// docs/commissioner_activity.md.
//
// The counts are the commissioner's report of her own work, not records about persons; what she notes about an
// individual (the diary part of the paper 活動記録) is kept apart as CommissionerNote, read only by herself and by
// the municipal staff in charge of her 民児協 (民生委員法 第15条: 「その身上に関する秘密を守り」).

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/japanese_date.hpp"
#include "base/result.hpp"
#include "base/time.hpp"

namespace kasane::domain {

using CommissionerCouncilId = std::int64_t;  // a 民児協
using CommissionerNoteId = std::int64_t;

// The groups of the national form, in its order.
enum class ActivityGroup {
    kConsultationByContent,  // 相談・支援件数（内容別）
    kConsultationByField,    // 相談・支援件数（分野別）: the same consultations counted by 分野
    kVisits,                 // 訪問回数
    kLiaison,                // 連絡調整回数
    kDays,                   // 活動日数
    kOtherActivities,        // その他の活動件数 (six items)
};
std::string_view ActivityGroupLabel(ActivityGroup group);  // 「相談・支援件数（内容別）」

// One count of the form. The code is the API's field name, the stored item and the CSV's key.
struct ActivityItem {
    std::string_view code;   // "home_welfare"
    std::string_view label;  // 「在宅福祉」
    ActivityGroup group;
};

// Every item, in the national form's order: the 14 contents of 相談・支援件数, its 4 分野, 訪問回数, the 2 kinds of
// 連絡調整回数 (委員相互 / その他の関係機関), 活動日数 and the 6 その他の活動 (調査・実態把握, 行事・事業・会議への
// 参加協力, 地域福祉活動・自主活動, 民児協運営・研修, 証明事務, 要保護児童の発見の通告・仲介).
inline constexpr std::size_t kActivityItemCount = 28;
extern const std::array<ActivityItem, kActivityItemCount> kActivityItems;
const ActivityItem* FindActivityItem(std::string_view code);
// The stored item codes as a SQL CHECK list body ('home_welfare', 'long_term_care', …), for the migration.
std::string ActivityItemCodesForCheck();

// The largest count a month may hold for one item (a typing slip of an extra digit is refused, not summed).
inline constexpr int kMaxActivityCount = 9999;

// A calendar month, "2024-04".
std::string MonthCode(std::chrono::year_month month);
// kInvalidArgument naming `field` unless "YYYY-MM" with a real month from 2000 on.
Result<std::chrono::year_month> ParseMonthCode(std::string_view text, std::string_view field);
std::string MonthLabel(std::chrono::year_month month);  // 「令和6年4月」
// The month a commissioner's form opens at: in the first ten days of a month she is finishing the month before
// (the paper 活動記録 is handed in at the start of the next month), later the current month.
std::chrono::year_month DefaultActivityMonth(Date today);
// The April that begins the 年度 (April to March) of `month`.
std::chrono::year_month FiscalYearStartOf(std::chrono::year_month month);

// A 民児協: the district council the commissioners of an area belong to, and the municipal staff member in charge of
// it (its 事務局 at the town), who reads its members' months and notes.
struct CommissionerCouncil {
    CommissionerCouncilId id = 0;
    MunicipalityId municipality_id{};
    std::string name;                     // 「栄浜地区民生委員児童委員協議会」
    std::optional<UserId> staff_user_id;  // 担当職員
    Instant created_at{};
};

// A user who serves as 民生委員・児童委員: her 民生委員区 (an Area of kind kWelfareVolunteerDistrict) and 民児協.
struct Commissioner {
    UserId user_id{};
    AreaId district_area_id = 0;
    CommissionerCouncilId council_id = 0;
};

// A commissioner's month: every item's count (an item absent counts 0).
struct ActivityMonth {
    UserId user_id{};
    std::chrono::year_month month{};
    CommissionerCouncilId council_id = 0;  // her 民児協 when the month was recorded (the roll-up follows it)
    std::map<std::string, int, std::less<>> counts;
    UserId recorded_by{};
    Instant recorded_at{};
    int version = 0;  // 0: never saved

    int Count(std::string_view code) const;
};

// Checks a month before it is saved: every code known, every count 0..kMaxActivityCount, 活動日数 not more than the
// days of the month, and the 分野別 counts adding up to the 内容別 total (the national form counts each consultation
// once by content and once by 分野). Not after `today`'s month. kInvalidArgument naming the field.
Status ValidateActivityMonth(const ActivityMonth& month, Date today);

// The sum of months, item by item: the 民児協 roll-up and the municipality's total.
struct ActivityTotals {
    std::map<std::string, long long, std::less<>> counts;
    int months = 0;                 // entries summed
    std::vector<UserId> reporters;  // commissioners with at least one entry, ascending

    long long Count(std::string_view code) const;
};
ActivityTotals SumActivity(const std::vector<ActivityMonth>& months);

// A note about an individual, apart from the counts (the diary of the paper 活動記録).
struct CommissionerNote {
    CommissionerNoteId id = 0;
    UserId user_id{};  // the commissioner
    Date noted_on{};
    std::string subject;  // whom or what it is about, in her words
    std::string body;
    Instant created_at{};
};
// kInvalidArgument naming "subject" (1..100 characters) or "body" (1..4000), or "noted_on" after today.
Status ValidateCommissionerNote(const CommissionerNote& note, Date today);

}  // namespace kasane::domain
