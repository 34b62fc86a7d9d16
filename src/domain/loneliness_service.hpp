// SPDX-License-Identifier: Apache-2.0
#pragma once

// The use cases of the loneliness outcomes (loneliness.hpp, issue 17 item 7): a measure recorded on a consultation
// (at intake or at a follow-up), a consultation's history with the person's change, and the outcome report of a 年度.
// Who may do which is the policy's (access_policy.hpp: MayWorkLonelinessScores; report.hpp: MayReadTownReports and
// FiguresFor). Every read of a person's scores and every measure recorded is audited.

#include <optional>
#include <string>
#include <vector>

#include "domain/audit_recorder.hpp"
#include "domain/intake.hpp"
#include "domain/loneliness.hpp"
#include "domain/loneliness_repositories.hpp"
#include "domain/report.hpp"
#include "domain/report_file.hpp"
#include "domain/repositories.hpp"

namespace kasane::domain {

struct LonelinessInput {
    MeasurePhase phase = MeasurePhase::kIntake;
    Date administered_on{};
    LonelinessAnswers answers;
};

// A consultation's measures and, per version, the person's change over all their measures.
struct LonelinessHistory {
    Consultation consultation;
    std::vector<LonelinessMeasure> measures;         // recorded on this consultation, by date
    std::vector<MeasureChange> changes;              // the person's, over every consultation of theirs
    std::vector<std::string> administered_by_names;  // beside measures, the names of who asked
};

// --- the outcome report, as one reader sees it ---------------------------------------------------------------

struct ShownDistribution {
    std::array<ShownCount, kDirectAnswerCount> direct{};
    ShownCount direct_persons;
    std::array<ShownCount, 4> ucla{};  // kUclaBands order
    ShownCount ucla_persons;
};

struct ShownChange {
    ShownCount persons;
    ShownCount better;
    ShownCount same;
    ShownCount worse;
    std::optional<double> mean_change;  // absent when the persons are hidden
};

// The persons at or above the town's own alert level (town_settings.hpp, 孤独感の町の目安): a local level, labelled
// so, shown to the town's own staff (exact figures) only — its counts beside the UCLA bands would let a hidden band
// be worked out.
struct ShownLocalAlert {
    int level = 0;
    LocalAlertCounts counts;
};

struct ShownOutcome {
    std::string version;
    ShownDistribution at_intake;
    ShownDistribution latest;
    ShownChange direct_change;
    ShownChange ucla_change;
    std::optional<ShownLocalAlert> local_alert;  // the town has set a level and the figures are exact
};

// The outcome shown at the given figures: exact, or with small cells hidden as 「χ」 (small_cells.hpp) — the
// distribution at intake and at the latest measure each a row with its total (the persons), the change's
// better / same / worse a row with its total. Pure.
ShownOutcome ShowLonelinessOutcome(const LonelinessOutcome& outcome, Figures figures);

struct LonelinessReport {
    ReportPeriod period;
    std::string label;  // 令和6年度
    Instant computed_at{};
    Figures figures = Figures::kExact;
    std::vector<ShownOutcome> outcomes;  // one per instrument version, never mixed
};

// The report as a file (report_file.hpp): the sections 直接質問, UCLA and 変化, one row per version and time point,
// and 全国（参考・母集団）, the reference with its source. 「χ」 as on the page. Pure.
ReportFile LonelinessFile(const LonelinessReport& report);

class LonelinessService {
public:
    LonelinessService(Store& store, LonelinessRepositories repositories, const Clock& clock, AuditRecorder& audit,
                      ConsultationService& consultations);

    // Records a measure on a consultation of a person: MayWorkLonelinessScores and the consultation readable
    // (ConsultationService::Get), else kNotFound like a missing page. The answers checked (CheckLonelinessAnswers);
    // the date not after today in Japan nor before the consultation was received (field "administered_on"); an
    // anonymous consultation takes none (field "consultation"). Audited in the measure's transaction.
    Result<LonelinessMeasure> Record(const Actor& actor, ConsultationId consultation_id, LonelinessInput input);
    // The consultation's measures and the person's change over their consultations the viewer also reads (each
    // asked of ConsultationService::Get); refused as Record is. Each measure read is audited.
    Result<LonelinessHistory> History(const Actor& actor, ConsultationId consultation_id);
    // The outcome report of a 年度 (measures administered in it): the town's report rules (MayReadTownReports; a
    // reader of no town report gets kNotFound, like a missing page), figures by FiguresFor. Audited.
    Result<LonelinessReport> Report(const Actor& actor, int fiscal_year);
    // The report as CSV or XLSX (LonelinessFile): Report's rules, and exact figures leave the system only with the
    // export right (AuthorizeExport, as the 年度集計's files); audited as an export with its row count.
    Result<ReportExport> Export(const Actor& actor, int fiscal_year, ReportFormat format);

private:
    Result<Consultation> Readable(const Actor& actor, ConsultationId consultation_id);
    // The report of the 年度 as the reader may see it (no audit: Report and Export record their own).
    Result<LonelinessReport> Read(const Actor& actor, int fiscal_year);
    // The repository of a tenant store (of a transaction too); kInternal when the store has none.
    Result<std::unique_ptr<LonelinessRepository>> RepositoryOf(TenantStore& tenant) const;

    Store& store_;
    LonelinessRepositories repositories_;
    const Clock& clock_;
    AuditRecorder& audit_;
    ConsultationService& consultations_;
};

}  // namespace kasane::domain
