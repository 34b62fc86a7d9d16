// SPDX-License-Identifier: Apache-2.0
#pragma once

// The use cases of 民生委員の活動記録 (commissioner_activity.hpp): a commissioner records her month, the 民児協's
// roll-up and the municipality's total come out, as a page and as files (CSV in UTF-8 with a BOM or Windows-31J,
// and XLSX). Every decision is the access policy's (access_policy.hpp: CommissionerMonthAccess,
// CommissionerNotesAccess, CouncilRollUpAccess, MunicipalActivityTotalAccess); every read and write is audited
// with the basis it used.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "domain/audit_recorder.hpp"
#include "domain/commissioner_activity.hpp"
#include "domain/commissioner_activity_repositories.hpp"
#include "domain/intake.hpp"
#include "domain/report_file.hpp"
#include "domain/repositories.hpp"

namespace kasane::domain {

// Where the signed-in user stands: her own assignment (a 民生委員), the 民児協 of the town, and what she may open.
struct CommissionerStanding {
    std::optional<Commissioner> self;
    std::vector<CommissionerCouncil> councils;
    std::vector<CommissionerCouncilId> roll_ups;        // the 民児協 whose roll-up she may read
    bool municipal_total = false;                       // may read the municipality's total and its files
    std::vector<Commissioner> commissioners_in_charge;  // the commissioners whose months she enters as staff

    const CommissionerCouncil* CouncilOf(CommissionerCouncilId id) const;
};

// A commissioner's month as its form shows it: recorded (version > 0) or empty, in her 民児協.
struct CommissionerMonthView {
    Commissioner commissioner;
    ActivityMonth month;
    std::string basis;  // of the access
};

struct CouncilMember {
    UserId user_id{};
    std::string name;
    bool recorded = false;
};

struct CouncilRollUp {
    CommissionerCouncil council;
    std::chrono::year_month month{};
    ActivityTotals totals;
    int member_count = 0;
    int recorded_count = 0;
    std::vector<CouncilMember> members;  // staff in charge and administrators only; empty for a commissioner
    std::string basis;
};

struct MunicipalActivityTotal {
    std::chrono::year_month from{};
    std::chrono::year_month to{};
    ActivityTotals totals;
    std::vector<std::pair<CommissionerCouncil, ActivityTotals>> councils;  // by name
    int commissioner_count = 0;                                            // assigned today
    std::string basis;
};

class CommissionerActivityService {
public:
    CommissionerActivityService(Store& store, const Clock& clock, AuditRecorder& audit);

    // Who may open the 民生委員 pages at all (the menu): commissioners, professional staff and administrators.
    static bool MayOpen(const Principal& principal);

    Result<CommissionerStanding> Standing(const Actor& actor);

    // A commissioner's month. kNotFound when the user is no commissioner or the caller may not read her month.
    Result<CommissionerMonthView> Month(const Actor& actor, UserId commissioner, std::chrono::year_month month);
    // Records a commissioner's month (all counts at once, absent ones 0), checked by ValidateActivityMonth.
    // `expected_version` is the version the form was read at (0 for a new month): kConflict when it moved on.
    Result<CommissionerMonthView> RecordMonth(const Actor& actor, UserId commissioner, ActivityMonth month,
                                              int expected_version);

    Result<CouncilRollUp> CouncilMonth(const Actor& actor, CommissionerCouncilId council,
                                       std::chrono::year_month month);
    // The municipality's total from `from` to `to` (at most 12 months; kInvalidArgument naming "to" otherwise).
    Result<MunicipalActivityTotal> MunicipalTotal(const Actor& actor, std::chrono::year_month from,
                                                  std::chrono::year_month to);
    // The same as a file for the 福祉行政報告例: one line per item, the total and each 民児協. Audited as an export.
    Result<ReportExport> ExportMunicipalTotal(const Actor& actor, std::chrono::year_month from,
                                              std::chrono::year_month to, ReportFormat format);

    // Notes about individuals: the commissioner writes her own; she and her council's staff in charge read them.
    Result<CommissionerNote> AddNote(const Actor& actor, CommissionerNote note);
    Result<std::vector<CommissionerNote>> Notes(const Actor& actor, UserId commissioner);

    // The town's administrators set up 民児協 and assign commissioners (a user with the 民生委員 role, a 民生委員区).
    Result<CommissionerCouncil> CreateCouncil(const Actor& actor, std::string name, std::optional<UserId> staff);
    Status AssignCommissioner(const Actor& actor, const Commissioner& commissioner);

private:
    struct Context;
    Result<Context> Load(const Actor& actor);

    Store& store_;
    const Clock& clock_;
    AuditRecorder& audit_;
};

}  // namespace kasane::domain
