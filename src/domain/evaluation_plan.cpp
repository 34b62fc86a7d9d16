// SPDX-License-Identifier: Apache-2.0
#include "domain/evaluation_plan.hpp"

#include <array>
#include <cstdio>

#include "base/japanese_date.hpp"
#include "domain/code_table.hpp"
#include "domain/record_text.hpp"

namespace kasane::domain {

namespace {

struct KindRow {
    IndicatorKind kind;
    std::string_view code;
    std::string_view label;
    std::string_view unit;
};

constexpr KindRow kKinds[] = {
    {IndicatorKind::kConsultationContacts, "consultation_contacts", "相談受付件数（延べ）", "件"},
    {IndicatorKind::kConsultationPersons, "consultation_persons", "相談実人数", "人"},
    {IndicatorKind::kSupportMeetings, "support_meetings", "支援会議・重層的支援会議の開催数", "回"},
    {IndicatorKind::kCasesOpened, "cases_opened", "多機関協働 事例受付数", "件"},
    {IndicatorKind::kOutreachPersons, "outreach_persons", "アウトリーチ等 実人数", "人"},
    {IndicatorKind::kParticipationPersons, "participation_persons", "参加支援 対象者数", "人"},
    {IndicatorKind::kCooperatingHosts, "cooperating_hosts", "参加支援 協力事業者数", "者"},
    {IndicatorKind::kCommunityPlaces, "community_places", "地域づくり 拠点数", "か所"},
    {IndicatorKind::kCommunityParticipants, "community_participants", "地域づくり 参加者数（延べ）", "人"},
    {IndicatorKind::kTrainees, "trainees", "研修受講者数（延べ）", "人"},
    {IndicatorKind::kManual, "manual", "手入力", ""},
};

const KindRow& RowOf(IndicatorKind kind) {
    for (const KindRow& row : kKinds) {
        if (row.kind == kind) return row;
    }
    return kKinds[std::size(kKinds) - 1];
}

constexpr CodeTable<ActionItemStatus, 4> kStatuses{{{
    {ActionItemStatus::kNotStarted, "not_started", "未着手"},
    {ActionItemStatus::kInProgress, "in_progress", "実施中"},
    {ActionItemStatus::kDone, "done", "完了"},
    {ActionItemStatus::kCancelled, "cancelled", "中止"},
}}};

constexpr CodeTable<ActionRating, 3> kRatings{{{
    {ActionRating::kA, "A", "A"},
    {ActionRating::kB, "B", "B"},
    {ActionRating::kC, "C", "C"},
}}};

Status Invalid(std::string message, std::string field) {
    return Fail(Error::InvalidArgument(std::move(message), std::move(field)));
}

Status CheckPlanYear(const EvaluationPlan& plan, int fiscal_year) {
    if (fiscal_year < plan.first_year || fiscal_year > plan.last_year) {
        return Invalid("計画期間外の年度です（" + FiscalYearLabel(plan.first_year) + "から" +
                           FiscalYearLabel(plan.last_year) + "まで）",
                       "fiscal_year");
    }
    return {};
}

}  // namespace

std::string_view IndicatorKindCode(IndicatorKind kind) { return RowOf(kind).code; }
std::string_view IndicatorKindLabel(IndicatorKind kind) { return RowOf(kind).label; }
std::string_view IndicatorKindUnit(IndicatorKind kind) { return RowOf(kind).unit; }
std::optional<IndicatorKind> ParseIndicatorKind(std::string_view code) {
    for (const KindRow& row : kKinds) {
        if (row.code == code) return row.kind;
    }
    return std::nullopt;
}

Status ValidatePlan(const EvaluationPlan& plan) {
    if (auto name = CheckText(plan.name, "計画の名称", "name", 200, true); !name) return name;
    if (plan.first_year < kEarliestPlanYear || plan.first_year > kLatestPlanYear) {
        return Invalid("計画の初年度がわかりません（" + FiscalYearLabel(kEarliestPlanYear) + "以降）", "first_year");
    }
    if (plan.last_year < plan.first_year) return Invalid("最終年度が初年度より前です", "last_year");
    if (plan.last_year - plan.first_year + 1 > kMaxPlanYears) {
        return Invalid("計画期間は" + std::to_string(kMaxPlanYears) + "年度までです", "last_year");
    }
    return {};
}

Status ValidateIndicator(const EvaluationIndicator& indicator) {
    if (auto name = CheckText(indicator.name, "指標名", "name", 200, indicator.kind == IndicatorKind::kManual); !name)
        return name;
    return CheckText(indicator.unit, "単位", "unit", 20, false);
}

Status ValidateIndicatorYear(const EvaluationPlan& plan, IndicatorKind kind, const IndicatorYear& year) {
    if (auto within = CheckPlanYear(plan, year.fiscal_year); !within) return within;
    if (year.target < 0) return Invalid("目標値は0以上の数です", "target");
    if (year.manual_actual) {
        if (kind != IndicatorKind::kManual) {
            return Invalid("実績は記録から数えます（手入力の指標だけ実績を入力できます）", "actual");
        }
        if (*year.manual_actual < 0) return Invalid("実績は0以上の数です", "actual");
    }
    return {};
}

std::optional<long long> ActualOf(const EvaluationIndicator& indicator, int fiscal_year, const RecordCounts& counts) {
    switch (indicator.kind) {
        case IndicatorKind::kConsultationContacts: return counts.contacts;
        case IndicatorKind::kConsultationPersons: return counts.persons;
        case IndicatorKind::kSupportMeetings: return counts.meetings;
        case IndicatorKind::kCasesOpened: return counts.cases_opened;
        case IndicatorKind::kOutreachPersons: return counts.outreach_persons;
        case IndicatorKind::kParticipationPersons: return counts.participation_persons;
        case IndicatorKind::kCooperatingHosts: return counts.cooperating_hosts;
        case IndicatorKind::kCommunityPlaces: return counts.community_places;
        case IndicatorKind::kCommunityParticipants: return counts.community_participants;
        case IndicatorKind::kTrainees: return counts.trainees;
        case IndicatorKind::kManual: break;
    }
    for (const IndicatorYear& year : indicator.years) {
        if (year.fiscal_year == fiscal_year) return year.manual_actual;
    }
    return std::nullopt;
}

std::optional<double> AchievementRate(std::optional<long long> target, std::optional<long long> actual) {
    if (!target || !actual || *target <= 0) return std::nullopt;
    return static_cast<double>(*actual) * 100.0 / static_cast<double>(*target);
}

std::string AchievementRateText(std::optional<double> rate) {
    if (!rate) return "—";
    std::array<char, 32> text{};
    std::snprintf(text.data(), text.size(), "%.1f%%", *rate);
    return text.data();
}

std::string_view ActionItemStatusCode(ActionItemStatus status) { return kStatuses.Code(status); }
std::string_view ActionItemStatusLabel(ActionItemStatus status) { return kStatuses.Label(status); }
std::optional<ActionItemStatus> ParseActionItemStatus(std::string_view code) { return kStatuses.Parse(code); }
std::string_view ActionRatingCode(ActionRating rating) { return kRatings.Code(rating); }
std::optional<ActionRating> ParseActionRating(std::string_view code) { return kRatings.Parse(code); }

Status ValidateActionItem(const EvaluationPlan& plan, const ActionItem& item) {
    if (auto within = CheckPlanYear(plan, item.fiscal_year); !within) return within;
    if (auto text = CheckText(item.item, "取組", "item", 400, true); !text) return text;
    if (auto owner = CheckText(item.owner, "担当", "owner", 200, true); !owner) return owner;
    return CheckText(item.evaluation, "評価", "evaluation", 2000, false);
}

}  // namespace kasane::domain
