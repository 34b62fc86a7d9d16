// SPDX-License-Identifier: Apache-2.0
#pragma once

// The fiscal-year report (年度集計) as one reader sees it: exact figures for the town's own staff, small cells
// hidden as 「χ」 for everyone else (the prefecture's analysts above all), decided here once.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/auth.hpp"
#include "domain/case_repositories.hpp"
#include "domain/intake_repositories.hpp"
#include "domain/master_data.hpp"
#include "domain/outreach_repositories.hpp"
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

struct ReportCaseCounts {
    ShownCount cases_opened;
    ShownCount cases_closed;
    ShownCount plans_approved;
    ShownCount meetings_held;
    ShownCount cases_discussed;
    ShownCount agenda_items;
    std::vector<ReportProgramCounts> by_program;  // every Program, in enum order
};

// アウトリーチ等を通じた継続的支援 over the 年度: records by their stage at the end of it, 訪問件数 (attempts by 訪問)
// and 実人数 (distinct persons with an attempt of any method).
struct ReportOutreachCounts {
    std::vector<std::pair<OutreachStage, ShownCount>> by_stage;  // every OutreachStage, in enum order
    ShownCount visits;
    ShownCount persons;
};

struct FiscalYearReport {
    int fiscal_year = 0;    // 2024 for 令和6年度 (2024-04-01 .. 2025-03-31)
    Instant computed_at{};  // when the counts were read (every report shows it)
    std::string label;      // 令和6年度
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
    ReportCaseCounts cases;  // 多機関協働: cases opened and closed, plans approved, meetings, by 事業
    ReportOutreachCounts outreach;
};

// The report from the storage's counts, shown at the given figures. Pure.
FiscalYearReport ShowFiscalYear(int fiscal_year, const ConsultationCounts& counts, const CaseCounts& cases,
                                Figures figures);
// The outreach figures from the storage's counts, shown at the given figures. Pure.
ReportOutreachCounts ShowOutreach(const OutreachCounts& counts, Figures figures);

}  // namespace kasane::domain
