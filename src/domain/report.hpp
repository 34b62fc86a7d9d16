// SPDX-License-Identifier: Apache-2.0
#pragma once

// The fiscal-year report (年度集計) as one reader sees it: exact figures for the town's own staff, small cells
// hidden as 「χ」 for everyone else (the prefecture's analysts above all), decided here once.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/auth.hpp"
#include "domain/case_repositories.hpp"
#include "domain/intake_repositories.hpp"
#include "domain/master_data.hpp"
#include "domain/outreach_repositories.hpp"
#include "domain/person_traits.hpp"
#include "domain/small_cells.hpp"

namespace kasane::domain {

enum class Figures {
    kExact,                 // the municipality's own staff who manage the programme
    kSmallCellsSuppressed,  // counts of 1 and 2 hidden as 「χ」, with complementary suppression
};

// Who sees exact figures: the town's coordinators, municipal administrators and caseworkers of its own divisions
// (the staff who run the 重層的支援体制整備事業 and answer for its data). Everyone else allowed to read the counts —
// the prefecture analyst always, and the privacy officer, whose work is the audit trail and not case figures —
// gets small cells suppressed: a 1 or 2 in a small town's table can point at one household.
Figures FiguresFor(const Principal& principal, OrganizationKind organization_kind);

// Who reads the town's 年度集計 at all: the municipality's programme counts are for its coordinators, administrators,
// privacy officer (auditor), the prefecture's analysts, and caseworkers of its own divisions. Partner agencies (an
// NPO, 社協, 地域包括) report their own work, not the town's; 民生委員 never read the town's reports (issue 11, item
// 1). One home: ReportService::FiscalYear refuses by it, and the navigation offers the report by it.
bool MayReadTownReports(const Principal& principal, OrganizationKind organization_kind);

// The period a report covers (issue 17, item 2), in Japan time: a whole 年度, a part year from April to a chosen
// month (令和5年度（～9月）), or any range of days. The domain decides who may ask which (MayAskPeriod).
enum class PeriodKind { kFiscalYear, kPartYear, kDateRange };

struct ReportPeriod {
    PeriodKind kind = PeriodKind::kFiscalYear;
    int fiscal_year = 0;    // the 年度 of a whole or part year; of the first day for a range
    int through_month = 3;  // a part year runs April .. this month (4..12, 1, 2); 3 for a whole year
    Date first_day{};       // the first day of the period (JST), included
    Date last_day{};        // the last day of the period (JST), included

    // [first_day, last_day + 1) as days, and as instants from 00:00 JST.
    Date EndDay() const;  // the day after last_day
    Instant From() const;
    Instant To() const;
    bool IsPartial() const { return kind != PeriodKind::kFiscalYear; }
};

inline constexpr int kEarliestReportYear = 1989;  // 平成元年度
inline constexpr int kLatestReportYear = 2100;

// A whole 年度: kInvalidArgument (field "year") outside kEarliestReportYear..kLatestReportYear.
Result<ReportPeriod> FiscalYearPeriod(int fiscal_year);
// April .. through_month of the 年度 (through_month 3 gives the whole year): kInvalidArgument (field "through") for a
// month outside 1..12, (field "year") for an unknown 年度.
Result<ReportPeriod> PartYearPeriod(int fiscal_year, int through_month);
// Any range of days, both included: kInvalidArgument (field "to") when it ends before it starts, or spans more than
// ten years; (field "from") outside the years a report knows.
Result<ReportPeriod> DateRangePeriod(Date first_day, Date last_day);
// The month a part year runs to, as asked (?through=9): 3 (the whole year) when empty; kInvalidArgument (field
// "through") for anything but a month 1..12.
Result<int> ParseThroughMonth(std::string_view text);
// 令和6年度, 令和5年度（～9月）, 令和6年4月1日～令和6年6月30日.
std::string PeriodLabel(const ReportPeriod& period);
// The periods released outside the town: a whole 年度 and its 上半期 (April to September).
bool IsReleasePeriod(const ReportPeriod& period);
// Who may ask which period: the town's own staff (exact figures) any; every other reader of the town's reports only
// the release periods. The route answers a refusal like a missing page.
bool MayAskPeriod(const Principal& principal, OrganizationKind organization_kind, const ReportPeriod& period);

struct ReportBucket {
    std::string code;   // category code, channel code, organisation id as text, ...
    std::string label;  // Japanese
    ShownCount contacts;
    ShownCount persons;
};

struct ReportProgramCounts {
    Program program = Program::kCollaboration;
    ShownCount opened;
    ShownCount closed;
    ShownCount suspended;
};

// Meetings held, of one body or of all (MeetingHeldCounts as shown).
struct ReportMeetings {
    std::optional<MeetingBodyId> body_id;  // nullopt for the total
    std::string name;
    LegalBasis legal_basis = LegalBasis::kOther;
    ShownCount meetings_held;
    ShownCount joint_meetings;
    ShownCount persons_discussed;  // 実
    ShownCount person_items;       // 延べ
    ShownCount cases_discussed;    // 実
    ShownCount case_items;         // 延べ
};

struct ReportCaseCounts {
    ShownCount cases_opened;
    ShownCount cases_closed;
    ShownCount plans_approved;
    ShownCount meetings_held;
    ShownCount cases_discussed;
    ShownCount agenda_items;
    std::vector<ReportProgramCounts> by_program;  // every Program, in enum order
    ReportMeetings all_meetings;                  // every meeting held, of any body with a legal basis
    ReportMeetings internal_meetings;             // the internal meetings with no statute, counted apart
    std::vector<ReportMeetings> by_body;          // every body, in id order
};

// アウトリーチ等を通じた継続的支援 over the 年度: records by their stage at the end of it, 訪問件数 (attempts by 訪問)
// and 実人数 (distinct persons with an attempt of any method).
struct ReportOutreachCounts {
    std::vector<std::pair<OutreachStage, ShownCount>> by_stage;  // every OutreachStage, in enum order
    ShownCount visits;
    ShownCount persons;
};

// 世帯人員 (issue 17, item 3): the members of the person's household on the period's last day (moved_out after it),
// as 1人, 2人, 3人, 4人, 5人以上, and 不明 for a person in no household. Codes "1" .. "4", "5_or_more", "unknown".
struct HouseholdSizeBucket {
    std::string_view code;
    std::string_view label;
};
const std::vector<HouseholdSizeBucket>& HouseholdSizeBuckets();
// The index in HouseholdSizeBuckets of a household of `members` (nullopt or 0: 不明).
std::size_t HouseholdSizeIndex(std::optional<long long> members);

// データの質 (issue 17, item 10): of the persons counted (N = 実人数), how many leave a field empty and why. The
// fields are those a person's record keeps a reason for (person.hpp: IsPersonFieldName, UnknownReason), in the form's
// order, with their labels (氏名, ふりがな, 生年月日, 性別, 電話, 住所).
struct QualityField {
    std::string_view field;
    std::string_view label;
};
const std::vector<QualityField>& QualityFields();
struct ReportQuality {
    std::string field;  // IsPersonFieldName
    std::string label;  // 生年月日
    ShownCount unknown;
    ShownCount refused;
    ShownCount not_asked;
};
// The share of `count` in the 実人数, as the pages show it; absent when either is hidden or the 実人数 is 0.
std::optional<double> ShareOfPersons(const ShownCount& count, const ShownCount& persons);

struct FiscalYearReport {
    int fiscal_year = 0;    // 2024 for 令和6年度 (2024-04-01 .. 2025-03-31)
    Instant computed_at{};  // when the counts were read (every report shows it)
    std::string label;      // 令和6年度, 令和5年度（～9月）, or the range of days
    ReportPeriod period;    // what the figures cover
    Figures figures = Figures::kExact;
    ShownCount contacts;       // 延べ件数
    ShownCount persons;        // 実人数
    ShownCount households;     // distinct households
    ShownCount consultations;  // threads with a contact in the period
    // Share of contacts whose source is an agency (関係機関); absent when the agency count or the total is hidden,
    // as the share times the total would give it back.
    std::optional<double> partner_share;
    std::vector<ReportBucket> by_category;
    std::vector<ReportBucket> by_channel;
    std::vector<ReportBucket> by_source;
    std::vector<ReportBucket> by_organization;
    std::vector<ReportBucket> by_outcome;
    std::vector<ReportBucket> by_field;           // 分野: several per contact, the sum exceeds the 延べ件数
    std::vector<ReportBucket> by_household_size;  // 世帯人員, of the persons counted
    // 課題と特性 (person_traits.hpp), of the persons counted (N = persons): persons only (contacts are 0), every trait
    // in AllPersonTraits' order, then 未記入 (kNoTraitCode); several per person, the sum exceeds the 実人数. Empty when
    // the report was read without the traits' repository.
    std::vector<ReportBucket> by_trait;
    std::vector<ReportQuality> quality;  // データの質, per person field
    ReportCaseCounts cases;  // 多機関協働: cases opened and closed, plans approved, meetings, by 事業
    ReportOutreachCounts outreach;
};

// The report from the storage's counts, shown at the given figures. Pure.
FiscalYearReport ShowFiscalYear(int fiscal_year, const ConsultationCounts& counts, const CaseCounts& cases,
                                Figures figures);
// The report of any period (the label and period set from it). Pure.
FiscalYearReport ShowPeriod(const ReportPeriod& period, const ConsultationCounts& counts, const CaseCounts& cases,
                            Figures figures);
// 課題と特性別 from its counts, shown at the given figures (suppressed as the other breakdowns are). Pure.
std::vector<ReportBucket> ShowTraits(const TraitCounts& counts, Figures figures);
// The meetings of a period, shown at the given figures. Pure.
ReportMeetings ShowMeetings(const MeetingHeldCounts& counts, Figures figures);

// 推移: several 年度 side by side (実人数, 延べ, meetings per body), the last of them possibly a part year.
struct TrendReport {
    Instant computed_at{};
    Figures figures = Figures::kExact;
    std::vector<FiscalYearReport> years;  // oldest first
};
inline constexpr int kMaxTrendYears = 10;

// The outreach figures from the storage's counts, shown at the given figures. Pure.
ReportOutreachCounts ShowOutreach(const OutreachCounts& counts, Figures figures);

}  // namespace kasane::domain
