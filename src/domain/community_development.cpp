// SPDX-License-Identifier: Apache-2.0
#include "domain/community_development.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "base/japanese_date.hpp"
#include "domain/code_table.hpp"
#include "domain/record_text.hpp"
#include "domain/small_cells.hpp"

namespace kasane::domain {

namespace {

constexpr CodeTable<PlaceKind, 5> kPlaceKinds{{{
    {PlaceKind::kSalon, "salon", "サロン"},
    {PlaceKind::kKayoinoba, "kayoinoba", "通いの場"},
    {PlaceKind::kIbasho, "ibasho", "居場所"},
    {PlaceKind::kChildRearing, "child_rearing", "子育て拠点"},
    {PlaceKind::kOther, "other", "その他"},
}}};

constexpr CodeTable<CommunityProject, 5> kProjects{{{
    {CommunityProject::kCarePrevention, "care_prevention", "地域介護予防活動支援事業"},
    {CommunityProject::kLivingSupport, "living_support", "生活支援体制整備事業"},
    {CommunityProject::kActivitySupportCenter, "activity_support_center", "地域活動支援センター"},
    {CommunityProject::kChildRearingBase, "child_rearing_base", "地域子育て支援拠点"},
    {CommunityProject::kNeedyCommunity, "needy_community", "生活困窮者の地域づくり"},
}}};

constexpr CodeTable<IssueKind, 2> kIssueKinds{{{
    {IssueKind::kLocalIssue, "local_issue", "地域課題"},
    {IssueKind::kGap, "gap", "制度の狭間"},
}}};

constexpr CodeTable<IssueStatus, 2> kIssueStatuses{{{
    {IssueStatus::kOpen, "open", "対応中"},
    {IssueStatus::kClosed, "closed", "解決"},
}}};

constexpr CodeTable<ActionEffect, 2> kActionEffects{{{
    {ActionEffect::kProgress, "progress", "経過"},
    {ActionEffect::kResolves, "resolves", "解決（課題を閉じる）"},
}}};

Status Invalid(std::string message, std::string field) {
    return Fail(Error::InvalidArgument(std::move(message), std::move(field)));
}

template <std::size_t N>
Status CheckBreakdown(const std::optional<std::array<long long, N>>& cells, long long total, std::string_view label,
                      const std::string& field) {
    if (!cells) return {};
    long long sum = 0;
    for (const long long cell : *cells) {
        if (cell < 0) return Invalid(std::string(label) + "の人数に負の数は入りません", field);
        sum += cell;
    }
    if (sum > total) {
        return Invalid(std::string(label) + "の内訳の合計（" + std::to_string(sum) + "人）が参加者数（" +
                           std::to_string(total) + "人）を超えています",
                       field);
    }
    return {};
}

bool InMonth(Date date, std::chrono::year_month month) {
    return date.year() == month.year() && date.month() == month.month();
}

template <std::size_t N>
void AddBreakdown(CountedBreakdown& breakdown, const std::optional<std::array<long long, N>>& cells) {
    if (!cells) return;
    if (breakdown.cells.empty()) breakdown.cells.assign(N, 0);
    for (std::size_t i = 0; i < N; ++i) breakdown.cells[i] += (*cells)[i];
    breakdown.recorded = true;
}

// 秘匿: a breakdown is published only when no cell of it is small (small_cells.hpp, the one home of the floor).
void DecideShown(CountedBreakdown& breakdown) {
    breakdown.shown = breakdown.recorded && std::ranges::none_of(breakdown.cells, IsSmallCount);
}

}  // namespace

std::string_view PlaceKindCode(PlaceKind kind) { return kPlaceKinds.Code(kind); }
std::string_view PlaceKindLabel(PlaceKind kind) { return kPlaceKinds.Label(kind); }
std::optional<PlaceKind> ParsePlaceKind(std::string_view code) { return kPlaceKinds.Parse(code); }

std::string_view CommunityProjectCode(CommunityProject project) { return kProjects.Code(project); }
std::string_view CommunityProjectLabel(CommunityProject project) { return kProjects.Label(project); }
std::optional<CommunityProject> ParseCommunityProject(std::string_view code) { return kProjects.Parse(code); }

std::string_view IssueKindCode(IssueKind kind) { return kIssueKinds.Code(kind); }
std::string_view IssueKindLabel(IssueKind kind) { return kIssueKinds.Label(kind); }
std::optional<IssueKind> ParseIssueKind(std::string_view code) { return kIssueKinds.Parse(code); }

std::string_view IssueStatusCode(IssueStatus status) { return kIssueStatuses.Code(status); }
std::string_view IssueStatusLabel(IssueStatus status) { return kIssueStatuses.Label(status); }

std::string_view ActionEffectCode(ActionEffect effect) { return kActionEffects.Code(effect); }
std::string_view ActionEffectLabel(ActionEffect effect) { return kActionEffects.Label(effect); }
std::optional<ActionEffect> ParseActionEffect(std::string_view code) { return kActionEffects.Parse(code); }

Status ValidateSessionCounts(const CommunitySession& session) {
    if (session.participants < 0) return Invalid("参加者数に負の数は入りません", "participants");
    if (session.first_time < 0) return Invalid("初参加の人数に負の数は入りません", "first_time");
    if (session.organizations < 0) return Invalid("参加機関数に負の数は入りません", "organizations");
    if (session.first_time > session.participants) {
        return Invalid("初参加の人数（" + std::to_string(session.first_time) + "人）が参加者数（" +
                           std::to_string(session.participants) + "人）を超えています",
                       "first_time");
    }
    if (auto sex = CheckBreakdown(session.by_sex, session.participants, "性別", "by_sex"); !sex) return sex;
    return CheckBreakdown(session.by_age, session.participants, "年齢層", "by_age");
}

Status ValidateWorkshop(const CommunityWorkshop& workshop) {
    if (workshop.area_id <= 0) return Invalid("地区を選んでください", "area_id");
    if (auto title = CheckText(workshop.title, "名称", "title", 200, true); !title) return title;
    for (const auto& [text, label, field] :
         {std::tuple{&workshop.strengths, "強み", "strengths"}, std::tuple{&workshop.problems, "課題", "problems"},
          std::tuple{&workshop.actions, "取組", "actions"}}) {
        if (auto checked = CheckText(*text, label, field, 4000, false); !checked) return checked;
    }
    if (workshop.participants < 0) return Invalid("参加者数に負の数は入りません", "participants");
    return {};
}

Status ValidateIssue(const CommunityIssue& issue) {
    if (issue.area_id <= 0) return Invalid("地区を選んでください", "area_id");
    if (auto title = CheckText(issue.title, "課題の名称", "title", 200, true); !title) return title;
    return CheckText(issue.description, "内容", "description", 4000, false);
}

Status ValidateAction(const CommunityAction& action, const CommunityIssue& issue) {
    if (auto text = CheckText(action.description, "取組の内容", "description", 4000, true); !text) return text;
    if (issue.status == IssueStatus::kClosed) {
        return Fail(
            Error::Conflict("この地域課題は解決済みです。取組を加えるには課題を開き直してください", "issue_id"));
    }
    if (std::chrono::sys_days(action.taken_on) < std::chrono::sys_days(issue.raised_on)) {
        return Invalid("取組の日が課題の記録日より前です", "taken_on");
    }
    return {};
}

std::optional<std::chrono::year_month> ParseYearMonth(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') return std::nullopt;
    int year_value = 0;
    int month_value = 0;
    for (std::size_t i = 0; i < 7; ++i) {
        if (i == 4) continue;
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        (i < 4 ? year_value : month_value) = (i < 4 ? year_value : month_value) * 10 + (text[i] - '0');
    }
    if (year_value < 1900 || month_value < 1 || month_value > 12) return std::nullopt;
    return std::chrono::year{year_value} / std::chrono::month{static_cast<unsigned>(month_value)};
}

std::string YearMonthText(std::chrono::year_month month) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u", static_cast<int>(month.year()), static_cast<unsigned>(month.month()));
    return text;
}

CommunityMonthCounts CountCommunityMonth(std::chrono::year_month month, const std::vector<CommunityPlace>& places,
                                         const std::vector<CommunitySession>& sessions) {
    CommunityMonthCounts counts{.month = month};
    struct PlaceMonth {
        long long largest_session = 0;
        long long largest_organizations = 0;
        bool met = false;
    };
    std::map<CommunityPlaceId, PlaceMonth> of_place;
    for (const CommunityPlace& place : places) of_place[place.id];
    for (const CommunitySession& session : sessions) {
        if (!InMonth(session.held_on, month)) continue;
        const auto found = of_place.find(session.place_id);
        if (found == of_place.end()) continue;  // a place not asked about
        PlaceMonth& place = found->second;
        place.met = true;
        place.largest_session = std::max(place.largest_session, session.participants);
        place.largest_organizations = std::max(place.largest_organizations, session.organizations);
        counts.participants_total += session.participants;
        counts.first_time += session.first_time;
        AddBreakdown(counts.by_sex, session.by_sex);
        AddBreakdown(counts.by_age, session.by_age);
    }
    for (const auto& [id, place] : of_place) {
        if (!place.met) continue;
        ++counts.places;
        counts.counted_places.push_back(id);
        counts.participants_real += place.largest_session;
        counts.organizations += place.largest_organizations;
    }
    DecideShown(counts.by_sex);
    DecideShown(counts.by_age);
    return counts;
}

std::vector<std::chrono::year_month> FiscalYearMonths(int fiscal_year) {
    std::vector<std::chrono::year_month> months;
    std::chrono::year_month month = std::chrono::year{fiscal_year} / std::chrono::April;
    for (int i = 0; i < 12; ++i) {
        months.push_back(month);
        month += std::chrono::months{1};
    }
    return months;
}

Status ValidatePublicCountsPeriod(const PublicCountsPeriod& period, Date today) {
    if (period.month && period.fiscal_year) {
        return Invalid("月と年度はどちらか一方を選んでください", "fiscal_year");
    }
    if (period.fiscal_year && (*period.fiscal_year < 2000 || *period.fiscal_year > FiscalYearOf(today))) {
        return Invalid("年度は2000年度から今年度までで選んでください", "fiscal_year");
    }
    return {};
}

CommunityPublicCounts CountCommunityPublic(const PublicCountsPeriod& period, Date today,
                                           const std::vector<CommunityPlace>& places,
                                           const std::vector<CommunitySession>& sessions) {
    CommunityPublicCounts counts{.fiscal_year = period.fiscal_year, .months = {}};
    const std::vector<std::chrono::year_month> months =
        period.fiscal_year ? FiscalYearMonths(*period.fiscal_year)
                           : std::vector{period.month.value_or(today.year() / today.month())};
    for (const std::chrono::year_month month : months) {
        counts.months.push_back(CountCommunityMonth(month, places, sessions));
    }
    return counts;
}

}  // namespace kasane::domain
