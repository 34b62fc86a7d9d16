// SPDX-License-Identifier: Apache-2.0
#pragma once

// 実施計画と評価 (PDCA, issue 17, item 8): the town's 重層的支援体制整備事業 実施計画 over a span of 年度, its 評価指標
// each with a target per 年度 and an actual — computed from the records by the counting code that already exists
// (the 年度集計's counts, 参加支援, 地域づくり, 人材育成), or typed for a 「手入力」 indicator — and the 年度's
// アクションプラン (item, owner, status, evaluation, A/B/C). The 評価シート prints them. Nothing here names a person.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"

namespace kasane {
// 実施計画と評価's typed ids.
using EvaluationPlanId = Id<struct EvaluationPlanTag>;
using EvaluationIndicatorId = Id<struct EvaluationIndicatorTag>;
using ActionItemId = Id<struct ActionItemTag>;
}  // namespace kasane

namespace kasane::domain {

// What an indicator measures: each kind but kManual is counted from the records.
enum class IndicatorKind {
    kConsultationContacts,   // 相談受付件数（延べ）: the 年度集計's 延べ件数
    kConsultationPersons,    // 相談実人数: the 年度集計's 実人数
    kSupportMeetings,        // 支援会議・重層的支援会議の開催数: the 年度集計's meetings held
    kCasesOpened,            // 多機関協働 事例の受付数 (plans opened)
    kOutreachPersons,        // アウトリーチ等 実人数
    kParticipationPersons,   // 参加支援 対象者数 (as of today: the current 年度 only)
    kCooperatingHosts,       // 参加支援 協力事業者数 (as of today: the current 年度 only)
    kCommunityPlaces,        // 地域づくり 拠点数: places with a session in the 年度
    kCommunityParticipants,  // 地域づくり 参加者数（延べ）
    kTrainees,               // 研修受講者数（延べ）
    kManual,                 // 手入力: the actual typed per 年度
};
inline constexpr IndicatorKind kAllIndicatorKinds[] = {IndicatorKind::kConsultationContacts,
                                                       IndicatorKind::kConsultationPersons,
                                                       IndicatorKind::kSupportMeetings,
                                                       IndicatorKind::kCasesOpened,
                                                       IndicatorKind::kOutreachPersons,
                                                       IndicatorKind::kParticipationPersons,
                                                       IndicatorKind::kCooperatingHosts,
                                                       IndicatorKind::kCommunityPlaces,
                                                       IndicatorKind::kCommunityParticipants,
                                                       IndicatorKind::kTrainees,
                                                       IndicatorKind::kManual};
std::string_view IndicatorKindCode(IndicatorKind kind);   // "consultation_contacts", …, "manual"
std::string_view IndicatorKindLabel(IndicatorKind kind);  // 「相談受付件数（延べ）」…「手入力」
std::string_view IndicatorKindUnit(IndicatorKind kind);   // 件, 人, 回, か所 …
std::optional<IndicatorKind> ParseIndicatorKind(std::string_view code);

struct EvaluationPlan {
    EvaluationPlanId id{};
    std::string name;    // 第1期 重層的支援体制整備事業実施計画
    int first_year = 0;  // 年度, by the western year it starts in (2024 = 令和6年度)
    int last_year = 0;
    UserId created_by{};
    Instant created_at{};
};

// One 年度 of an indicator: the target, and for a 手入力 indicator the actual typed.
struct IndicatorYear {
    int fiscal_year = 0;
    long long target = 0;
    std::optional<long long> manual_actual;
};

struct EvaluationIndicator {
    EvaluationIndicatorId id{};
    EvaluationPlanId plan_id{};
    IndicatorKind kind = IndicatorKind::kManual;
    std::string name;                  // as the plan words it (the kind's label when empty)
    std::string unit;                  // the kind's unit when empty
    std::vector<IndicatorYear> years;  // by 年度
    UserId created_by{};
    Instant created_at{};
};

inline constexpr int kEarliestPlanYear = 2015;
inline constexpr int kLatestPlanYear = 2100;
inline constexpr int kMaxPlanYears = 10;

// kInvalidArgument naming the field: a name (1..200 bytes), a first 年度 of kEarliestPlanYear..kLatestPlanYear
// ("first_year"), a last 年度 not before it and at most kMaxPlanYears in all ("last_year").
Status ValidatePlan(const EvaluationPlan& plan);
// A name of at most 200 bytes, a unit of at most 20.
Status ValidateIndicator(const EvaluationIndicator& indicator);
// A 年度 of the plan ("fiscal_year": 「計画期間外の年度です」), a target not negative ("target"), an actual typed only
// for a 手入力 indicator and not negative ("actual").
Status ValidateIndicatorYear(const EvaluationPlan& plan, IndicatorKind kind, const IndicatorYear& year);

// The counts of one 年度 read from the records by their own counting code (EvaluationPlanService); nullopt where
// they were not read (a 年度 not yet begun, or a count the reader may not read).
struct RecordCounts {
    std::optional<long long> contacts;
    std::optional<long long> persons;
    std::optional<long long> meetings;
    std::optional<long long> cases_opened;
    std::optional<long long> outreach_persons;
    std::optional<long long> outreach_visits;  // 訪問件数 (事業別実績)
    std::optional<long long> participation_persons;
    std::optional<long long> cooperating_hosts;
    std::optional<long long> community_places;
    std::optional<long long> community_participants;
    std::optional<long long> trainees;
};

// The actual of the indicator in the 年度: the record count of its kind, or the typed one for 手入力. Pure.
std::optional<long long> ActualOf(const EvaluationIndicator& indicator, int fiscal_year, const RecordCounts& counts);
// 達成率 (percent, actual over target): nullopt without an actual, or for a target of 0.
std::optional<double> AchievementRate(std::optional<long long> target, std::optional<long long> actual);
// The rate as the sheet prints it.
std::string AchievementRateText(std::optional<double> rate);  // "85.0%", "—"

// --- アクションプラン --------------------------------------------------------------------------------------------
enum class ActionItemStatus { kNotStarted, kInProgress, kDone, kCancelled };
inline constexpr ActionItemStatus kAllActionItemStatuses[] = {ActionItemStatus::kNotStarted,
                                                              ActionItemStatus::kInProgress, ActionItemStatus::kDone,
                                                              ActionItemStatus::kCancelled};
std::string_view ActionItemStatusCode(ActionItemStatus status);   // "not_started", "in_progress", "done", "cancelled"
std::string_view ActionItemStatusLabel(ActionItemStatus status);  // 未着手, 実施中, 完了, 中止
std::optional<ActionItemStatus> ParseActionItemStatus(std::string_view code);

enum class ActionRating { kA, kB, kC };
std::string_view ActionRatingCode(ActionRating rating);  // "A", "B", "C"
std::optional<ActionRating> ParseActionRating(std::string_view code);

struct ActionItem {
    ActionItemId id{};
    EvaluationPlanId plan_id{};
    int fiscal_year = 0;
    std::string item;   // 取組
    std::string owner;  // 担当（課・機関）
    ActionItemStatus status = ActionItemStatus::kNotStarted;
    std::string evaluation;  // 評価・課題
    std::optional<ActionRating> rating;
    UserId created_by{};
    Instant created_at{};
};

// An item (1..400 bytes), an owner (1..200), an evaluation of at most 2000, a 年度 of the plan ("fiscal_year").
Status ValidateActionItem(const EvaluationPlan& plan, const ActionItem& item);

}  // namespace kasane::domain
