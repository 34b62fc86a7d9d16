// SPDX-License-Identifier: Apache-2.0
#pragma once

// The explanation of a cell of the 年度集計 (issue 17, item 11): the records behind a figure, so that the town's
// staff can see what a count counts. The cell is named as the page and the API name it — `contacts`, `persons`,
// `households`, `consultations`, or a breakdown's row and measure, `category:debt:contacts`,
// `channel:phone:persons`, `source:agency:contacts`, `organization:12:persons`, `outcome:open:contacts`,
// `field:elderly:contacts` (a 分野: the contacts whose categories touch it, FieldOfCategory),
// `household_size:2:persons` (世帯人員: HouseholdSizesOf) — and the
// records are the contacts the count reads (ReportRepository::ListCountedContacts), selected by the rule of the
// cell's definition (report_definition.hpp). A figure of 実 (persons, households, consultations) is the number of
// distinct persons (households, consultations) among the listed contacts; a figure of 延べ the number of contacts.
// Only the town's own staff with exact figures may ask (FiguresFor == kExact): for anyone else the explanation does
// not exist (a small cell explained would be a small cell shown).

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/intake.hpp"
#include "domain/intake_repositories.hpp"
#include "domain/person_trait_repositories.hpp"
#include "domain/report.hpp"
#include "domain/sharing.hpp"
#include "domain/support_case.hpp"

namespace kasane::domain {

// kMeetingsHeld: the 開催回数 of the 会議の開催状況 (`meetings:…:held`), whose records are meetings, not contacts.
// kCases: the 多機関協働's cases opened, closed and plans approved (`cases:opened`), whose records are cases.
enum class ExplainMeasure { kContacts, kPersons, kHouseholds, kConsultations, kMeetingsHeld, kCases };

struct ExplainCell {
    std::string breakdown;  // empty for a total; category, channel, source, organization, outcome
    std::string code;       // the row's code (empty for a total)
    ExplainMeasure measure = ExplainMeasure::kContacts;
};

// `trait` (課題と特性別) has persons only: `trait:withdrawal:persons`, `trait:none:persons` (未記入). Its records are
// the counted contacts of the persons carrying the trait (their traits read by PersonTraitRepository::CountedPersons).
inline constexpr std::string_view kExplainBreakdowns[] = {"category", "channel", "source",         "organization",
                                                          "outcome",  "field",   "household_size", "trait"};

// The rows of a breakdown of kExplainBreakdowns in the report; nullptr for any other name.
const std::vector<ReportBucket>* BucketsOf(const FiscalYearReport& report, std::string_view breakdown);

// The meetings held (会議の開催状況, breakdown `meetings`): `meetings:held` (every body with a legal basis, a joint
// meeting once; code empty), `meetings:internal:held` (the internal meetings with no statute; code `internal`),
// `meetings:body:12:held` (one body, a joint meeting under each of its two bodies; code `body:12`). Their records are
// the meetings held in the period (MeetingsBehind), as CaseRepository::Count counts them.
inline constexpr std::string_view kMeetingsBreakdown = "meetings";

// 多機関協働 (breakdown `cases`): `cases:opened` (ケース開始件数: opened on a day of the period), `cases:closed`
// (ケース終結件数: 終結 on a day of the period), `cases:plans_approved` (プラン作成件数: each plan version approved
// on a day of the period), as CaseRepository::Count counts them (CasesBehind).
inline constexpr std::string_view kCasesBreakdown = "cases";

// kInvalidArgument (field "cell") for anything but the forms above.
Result<ExplainCell> ParseExplainCell(std::string_view text);
std::string ExplainCellKey(const ExplainCell& cell);

// 世帯人員 of the persons counted, as CountConsultations takes it (report_aggregates.hpp: HouseholdSizeOn on the
// period's last day, a merged record's memberships counting for its survivor); a person in no household is absent
// (不明).
using HouseholdSizes = std::unordered_map<PersonId, long long>;
Result<HouseholdSizes> HouseholdSizesOf(TenantStore& tenant, const std::vector<CountedContact>& counted, Date last_day);

// The contacts a cell counts, in the order given (a 世帯人員 row by `sizes`). Pure.
std::vector<CountedContact> ContactsBehind(const ExplainCell& cell, const std::vector<CountedContact>& counted,
                                           const HouseholdSizes& sizes = {});
// The contacts behind a `trait` cell: those of the persons (survivors) carrying the trait, or of those carrying none
// for `none`, in the order given. Pure.
std::vector<CountedContact> TraitContactsBehind(const ExplainCell& cell, const std::vector<CountedContact>& counted,
                                                const std::vector<CountedPersonTraits>& traits);
// The cell's figure from the contacts behind it: their number for 延べ, the distinct persons (households,
// consultations) among them for 実. Pure.
long long FigureOfContacts(const ExplainCell& cell, const std::vector<CountedContact>& behind);

// The meetings a `meetings` cell counts: those held on [first_day, end_day) of the bodies the cell names (`bodies`:
// the town's, for their legal basis), newest first as given. Pure.
std::vector<Meeting> MeetingsBehind(const ExplainCell& cell, const std::vector<Meeting>& meetings,
                                    const std::vector<MeetingBody>& bodies, Date first_day, Date end_day);

// The cases a `cases:opened` or `cases:closed` cell counts, in the order given. Pure.
std::vector<SupportCase> CasesBehind(const ExplainCell& cell, const std::vector<SupportCase>& cases, Date first_day,
                                     Date end_day);
// The plan versions approved on [first_day, end_day) among `plans`, in the order given. Pure.
std::vector<SupportPlan> PlansApprovedBehind(const std::vector<SupportPlan>& plans, Date first_day, Date end_day);

// One case behind a cell (a plan version for `cases:plans_approved`): its title as the case list shows it to the
// reader (the person in full view), else none — counted still.
struct ExplainedCase {
    CaseId case_id{};
    std::optional<std::string> title;  // nullopt when the reader may not see the case
    Date on{};                         // opened, closed or approved on
    std::optional<int> plan_version;   // for a plan approved
};

// One meeting behind a cell: no names of persons, only how many items of the agenda name a person or a case.
struct ExplainedMeeting {
    MeetingId meeting_id{};
    Date held_on{};
    std::string body;                       // the town's name of the body
    std::optional<std::string> joint_body;  // of the joint body, for a joint meeting
    bool internal = false;                  // a body with no statute (LegalBasis::kInternalLiaison)
    long long person_items = 0;             // agenda items naming a person
    long long case_items = 0;               // agenda items naming a case
};

// One record behind a cell, as the town's staff may see it.
struct ExplainedRecord {
    ContactId contact_id = 0;
    ConsultationId consultation_id{};
    Instant occurred_at{};
    std::optional<PersonId> person_id;    // absent for an anonymous consultation, or a person the reader may not see
    std::string person;                   // the name as the reader may see it, 匿名, or 「閲覧できない方」
    std::vector<std::string> categories;  // labels
    std::string channel;                  // labels
    std::string source;
};

struct ReportExplanation {
    ReportPeriod period;
    std::string label;       // the period's label
    std::string definition;  // fiscal-year-report v5
    std::string cell;        // the cell's key
    std::string cell_label;  // 困りごと別「借金」の延べ件数
    std::string cell_definition;
    long long figure = 0;         // the cell's figure in the report
    long long listed_figure = 0;  // FigureOfContacts of the records, or the number of meetings (equal to figure)
    std::vector<ExplainedRecord> records;    // the contacts behind a cell of contacts
    std::vector<ExplainedMeeting> meetings;  // the meetings behind a `meetings` cell (records then empty)
    std::vector<ExplainedCase> cases;        // the cases (plan versions) behind a `cases` cell
};

// The records behind a cell of the period, for the town's own staff with exact figures; kNotFound (like a missing
// page) for everyone else, and for a row the report does not have. Each listed consultation is audited as a read
// (like the 相談受付簿), and the explanation itself as a read of the report.
// `traits` reads the 課題と特性 of the persons counted (a `trait` cell is not found without it).
Result<ReportExplanation> ExplainReportCell(Store& store, const PersonTraitRepositories& traits, const Clock& clock,
                                            AuditRecorder& audit, const Actor& actor, const ReportPeriod& period,
                                            std::string_view cell);

}  // namespace kasane::domain
