// SPDX-License-Identifier: Apache-2.0
#pragma once

// 地域づくり (issue 16, item 4) and the 地域課題 register (item 5), the domain's records and rules.
//
// 地域づくり: the town's places (拠点: サロン, 通いの場, 居場所, 子育て拠点 …) per area, each under the 分野別 事業
// it is run as; their sessions with participant counts (total, first-time, by sex and by age band where known — no
// names); the 第2層協議体's workshops of a district with its 強み, 課題 and 取組; and the month's counts 拠点数,
// 参加者 (実・延べ) and 参加機関数 under the 通いの場 counting rule (CountCommunityMonth). Nothing of it is personal
// data.
//
// The 地域課題 register: per district, the issues (地域課題, and 制度の狭間 — needs no system answers) where
// consultations' unmet needs and a workshop's findings meet, and the actions taken on them, one of which may open a
// place; the action that resolves an issue closes it. Linking a consultation is personal data: the register shows
// the count of linked consultations to everyone who reads it, the consultations only to whoever may read each one.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/auth.hpp"
#include "domain/master_data.hpp"
#include "domain/person.hpp"
#include "domain/resource_directory.hpp"

namespace kasane {
// 地域づくり's typed ids (to move to base/ids.hpp with the next change that rebuilds everything).
using CommunityPlaceId = Id<struct CommunityPlaceTag>;
using CommunitySessionId = Id<struct CommunitySessionTag>;
using CommunityWorkshopId = Id<struct CommunityWorkshopTag>;
using CommunityIssueId = Id<struct CommunityIssueTag>;
using CommunityActionId = Id<struct CommunityActionTag>;
}  // namespace kasane

namespace kasane::domain {

using ConsultationId = Id<struct ConsultationTag>;  // as in consultation.hpp

// The kinds of place (拠点).
enum class PlaceKind {
    kSalon,         // サロン
    kKayoinoba,     // 通いの場
    kIbasho,        // 居場所
    kChildRearing,  // 子育て拠点
    kOther,         // その他
};
inline constexpr PlaceKind kAllPlaceKinds[] = {PlaceKind::kSalon, PlaceKind::kKayoinoba, PlaceKind::kIbasho,
                                               PlaceKind::kChildRearing, PlaceKind::kOther};
std::string_view PlaceKindCode(PlaceKind kind);  // "salon", "kayoinoba", "ibasho", "child_rearing", "other"
std::string_view PlaceKindLabel(PlaceKind kind);
std::optional<PlaceKind> ParsePlaceKind(std::string_view code);

// The 分野別 事業 of 地域づくり that 重層的支援体制整備事業 runs as one (社会福祉法 第106条の4 第2項第3号).
enum class CommunityProject {
    kCarePrevention,         // 地域介護予防活動支援事業 (介護保険法)
    kLivingSupport,          // 生活支援体制整備事業 (介護保険法)
    kActivitySupportCenter,  // 地域活動支援センター (障害者総合支援法)
    kChildRearingBase,       // 地域子育て支援拠点事業 (子ども・子育て支援法)
    kNeedyCommunity,         // 生活困窮者の共助の基盤づくり事業 (生活困窮者自立支援法)
};
inline constexpr CommunityProject kAllCommunityProjects[] = {
    CommunityProject::kCarePrevention, CommunityProject::kLivingSupport, CommunityProject::kActivitySupportCenter,
    CommunityProject::kChildRearingBase, CommunityProject::kNeedyCommunity};
std::string_view CommunityProjectCode(CommunityProject project);
std::string_view CommunityProjectLabel(CommunityProject project);
std::optional<CommunityProject> ParseCommunityProject(std::string_view code);

// The sex and age bands of a session's breakdown.
inline constexpr std::size_t kSexCount = 3;  // 男性, 女性, その他・回答なし
inline constexpr std::array<std::string_view, kSexCount> kSexCodes = {"male", "female", "other"};
inline constexpr std::array<std::string_view, kSexCount> kSexLabels = {"男性", "女性", "その他・不明"};
inline constexpr std::size_t kAgeBandCount = 4;
inline constexpr std::array<std::string_view, kAgeBandCount> kAgeBandCodes = {"under_20", "20_64", "65_74", "75_over"};
inline constexpr std::array<std::string_view, kAgeBandCount> kAgeBandLabels = {"19歳以下", "20〜64歳", "65〜74歳",
                                                                               "75歳以上"};
using SexCounts = std::array<long long, kSexCount>;
using AgeBandCounts = std::array<long long, kAgeBandCount>;

struct CommunityPlace {
    CommunityPlaceId id{};
    std::string name;
    PlaceKind kind = PlaceKind::kSalon;
    CommunityProject project = CommunityProject::kCarePrevention;
    std::optional<AreaId> area_id;                      // the 地区 or 自治会 it serves
    std::optional<ResourceServiceId> resource_service;  // its entry in the resource directory, when it has one
    std::string note;
    UserId created_by{};
    Instant created_at{};
};

struct CommunitySession {
    CommunitySessionId id{};
    CommunityPlaceId place_id{};
    Date held_on{};
    long long participants = 0;           // 参加者 (延べ, this session)
    long long first_time = 0;             // of whom, first time
    std::optional<SexCounts> by_sex;      // where known; may sum below the total (some not known)
    std::optional<AgeBandCounts> by_age;  // likewise
    long long organizations = 0;          // 参加機関 (organisations taking part: 包括, 社協, 学校 …)
    UserId created_by{};
    Instant created_at{};
};

// A session's counts checked: none negative, first-time not above the total, each breakdown not summing above the
// total. kInvalidArgument naming the field, in Japanese.
Status ValidateSessionCounts(const CommunitySession& session);

// A 協議体 workshop (第2層協議体 住民ワークショップ) of a district: what the district found.
struct CommunityWorkshop {
    CommunityWorkshopId id{};
    AreaId area_id = 0;  // the district (地区, 小・中学校区)
    Date held_on{};
    std::string title;
    std::string strengths;  // 強み
    std::string problems;   // 課題
    std::string actions;    // 取組
    long long participants = 0;
    UserId created_by{};
    Instant created_at{};
};
Status ValidateWorkshop(const CommunityWorkshop& workshop);

// --- the 通いの場 counting rule ---------------------------------------------------------------------------------
// 厚生労働省「介護予防・日常生活支援総合事業等（地域支援事業）の実施状況に関する調査」の通いの場: counted in one
// chosen month, a place counting if it meets at least monthly (月1回以上の活動実績). Here: a place counts for the
// month when at least one of its sessions was held in that month (docs/community_development.md).
struct CountedBreakdown {
    // The breakdown summed over the month's sessions that recorded one; shown only when every cell is above the
    // suppression floor (small_cells.hpp: IsSmallCount); else withheld as a whole.
    std::vector<long long> cells;
    bool recorded = false;  // some session recorded a breakdown
    bool shown = false;     // recorded and no cell small
};

struct CommunityMonthCounts {
    std::chrono::year_month month{};
    long long places = 0;              // 拠点数: places with a session in the month
    long long participants_real = 0;   // 参加者 実人数: per place, its largest session of the month, summed
    long long participants_total = 0;  // 参加者 延べ人数: every session's participants, summed
    long long first_time = 0;          // of the 延べ, first-time participants
    long long organizations = 0;       // 参加機関数: per place, its largest number of the month, summed
    std::vector<CommunityPlaceId> counted_places;
    CountedBreakdown by_sex;
    CountedBreakdown by_age;
};

// A month as the API and pages write it ("2024-05"); nullopt for anything else.
std::optional<std::chrono::year_month> ParseYearMonth(std::string_view text);
std::string YearMonthText(std::chrono::year_month month);  // "2024-05"

// The month's counts of the places given (all of them, or those of one area or 事業), from their sessions (of any
// month: those outside `month` are ignored). Pure.
CommunityMonthCounts CountCommunityMonth(std::chrono::year_month month, const std::vector<CommunityPlace>& places,
                                         const std::vector<CommunitySession>& sessions);

// The twelve months of a 年度 (named by the western year in which it starts): April of `fiscal_year` to March of the
// next, in order.
std::vector<std::chrono::year_month> FiscalYearMonths(int fiscal_year);

// The counts a town publishes (公開用の集計, issue 16: 「地域づくりの集計は個人情報を含まず公開できる」): one month, or
// every month of a 年度, each counted by CountCommunityMonth over all the town's places — the one counting rule, the
// breakdowns withheld as it decides. Nothing of a record: the pages and the API write the figures only, never a
// place's id or a session.
struct CommunityPublicCounts {
    std::optional<int> fiscal_year;            // set when a 年度 was asked for
    std::vector<CommunityMonthCounts> months;  // one month, or the 年度's twelve in order
};
// The period asked for: a month ("2024-05") or a 年度 (2024), not both; neither is the current month (`today`).
// kInvalidArgument naming "month" or "fiscal_year" for a period not understood, both given, or a 年度 outside
// 2000 to the current one.
struct PublicCountsPeriod {
    std::optional<std::chrono::year_month> month;
    std::optional<int> fiscal_year;
};
Status ValidatePublicCountsPeriod(const PublicCountsPeriod& period, Date today);
// Pure: the months of the period (ValidatePublicCountsPeriod holding), counted.
CommunityPublicCounts CountCommunityPublic(const PublicCountsPeriod& period, Date today,
                                           const std::vector<CommunityPlace>& places,
                                           const std::vector<CommunitySession>& sessions);

// --- the 地域課題 register ---------------------------------------------------------------------------------------
enum class IssueKind {
    kLocalIssue,  // 地域課題
    kGap,         // 制度の狭間 (no system's 事業 answers the need)
};
std::string_view IssueKindCode(IssueKind kind);  // "local_issue", "gap"
std::string_view IssueKindLabel(IssueKind kind);
std::optional<IssueKind> ParseIssueKind(std::string_view code);

enum class IssueStatus { kOpen, kClosed };
std::string_view IssueStatusCode(IssueStatus status);  // "open", "closed"
std::string_view IssueStatusLabel(IssueStatus status);

struct CommunityIssue {
    CommunityIssueId id{};
    AreaId area_id = 0;  // the district
    IssueKind kind = IssueKind::kLocalIssue;
    std::string title;
    std::string description;
    std::optional<CommunityWorkshopId> workshop_id;  // the workshop that raised it, if one did
    IssueStatus status = IssueStatus::kOpen;
    Date raised_on{};
    UserId created_by{};
    Instant created_at{};
};
Status ValidateIssue(const CommunityIssue& issue);

// What an action does to its issue.
enum class ActionEffect {
    kProgress,  // 経過 (the issue stays open)
    kResolves,  // 解決 (closes the issue)
};
std::string_view ActionEffectCode(ActionEffect effect);  // "progress", "resolves"
std::string_view ActionEffectLabel(ActionEffect effect);
std::optional<ActionEffect> ParseActionEffect(std::string_view code);

struct CommunityAction {
    CommunityActionId id{};
    CommunityIssueId issue_id{};
    Date taken_on{};
    std::string description;
    std::optional<CommunityPlaceId> place_id;  // the place it opened or used (item 4)
    ActionEffect effect = ActionEffect::kProgress;
    UserId created_by{};
    Instant created_at{};
};
// An action checked against its issue: a description, a closed issue takes none, and the date not before the issue
// was raised.
Status ValidateAction(const CommunityAction& action, const CommunityIssue& issue);

// A consultation linked to an issue (the unmet need it showed), by id only.
struct IssueConsultationLink {
    CommunityIssueId issue_id{};
    ConsultationId consultation_id{};
    UserId linked_by{};
    Instant linked_at{};
};

// A 不足する社会資源 (support_case.hpp: what a case meeting found missing, MissingResource) linked to an issue.
struct IssueMissingResourceLink {
    CommunityIssueId issue_id{};
    std::int64_t missing_resource_id = 0;  // MissingResourceId
    UserId linked_by{};
    Instant linked_at{};
};

}  // namespace kasane::domain
