// SPDX-License-Identifier: Apache-2.0
#pragma once

// The use cases of 実施計画と評価 (evaluation_plan.hpp). Who keeps a plan and who reads it is the access policy's
// (MayKeepEvaluationPlan, MayReadEvaluationPlan); a reader refused is answered like a plan that does not exist. The
// actuals are read by the counting code each figure already has — ReadTownPeriod (the 年度集計), the 人材育成 totals,
// the 地域づくり public counts and the 参加支援 counts — never counted again here. Every change is made in one
// transaction with its audit entry. The 事業別実績 and the 関係者調査 (program_result.hpp, stakeholder_survey.hpp) are
// the plan's companions and follow the same rights; every file that leaves (the 評価シート, the 事業別実績, a survey)
// is audited as an export.

#include <optional>
#include <vector>

#include "base/time.hpp"
#include "domain/aggregate_reads.hpp"
#include "domain/community_development_service.hpp"
#include "domain/evaluation_plan.hpp"
#include "domain/evaluation_plan_repositories.hpp"
#include "domain/intake.hpp"
#include "domain/participation_match_service.hpp"
#include "domain/program_result.hpp"
#include "domain/report_file.hpp"
#include "domain/repositories.hpp"
#include "domain/stakeholder_survey.hpp"
#include "domain/training_service.hpp"

namespace kasane::domain {

struct IndicatorYearRow {
    int fiscal_year = 0;
    std::optional<long long> target;  // absent when no target was set for the 年度
    std::optional<long long> actual;  // absent for a 年度 not begun, or a count not read
    std::optional<double> rate;       // 達成率 (AchievementRate)
};

struct IndicatorRow {
    EvaluationIndicator indicator;
    std::string name;                     // the indicator's name, or its kind's label
    std::string unit;                     // the indicator's unit, or its kind's
    std::vector<IndicatorYearRow> years;  // every 年度 of the plan, in order
};

struct EvaluationPlanView {
    EvaluationPlan plan;
    std::vector<int> years;  // the plan's 年度, in order
    std::vector<IndicatorRow> indicators;
    std::vector<ActionItem> actions;
    Instant computed_at{};  // when the actuals were read
    bool may_edit = false;
};

struct EvaluationPlanList {
    std::vector<EvaluationPlan> plans;
    bool may_edit = false;
};

// The 事業別実績 of a 年度: a row per 事業 (kAllSubProgrammes' order), each with what the town recorded and the counts.
struct ProgramResultsView {
    int fiscal_year = 0;
    std::vector<ProgramResultRow> rows;
    Instant computed_at{};
    bool may_edit = false;
};

struct SurveyList {
    std::vector<StakeholderSurvey> surveys;
    bool may_edit = false;
};

struct SurveyView {
    StakeholderSurvey survey;
    std::vector<SurveyResponse> responses;
    std::vector<std::string> agencies;  // each response's agency as shown (an organisation's name from the directory)
    SurveyTotals totals;
    bool may_edit = false;
};

// The 評価シート of a 年度 as a file: 評価指標 (指標, 単位, 目標, 実績, 達成率) and アクションプラン (取組, 担当, 状況,
// 評価, 評定), the plan's name and the 年度 (和暦) in the preamble. Pure.
ReportFile EvaluationSheetFile(const EvaluationPlanView& view, int fiscal_year);

class EvaluationPlanService {
public:
    EvaluationPlanService(Store& store, EvaluationPlanRepositories repositories, const Clock& clock,
                          TrainingService& training, CommunityDevelopmentService& community,
                          ParticipationMatchService& participation);
    // The 年度集計's actuals counted where `aggregates` says (aggregate_reads.hpp: a hot standby when configured);
    // the plans, their reader and every write on `store`, the primary.
    EvaluationPlanService(Store& store, AggregateReads aggregates, EvaluationPlanRepositories repositories,
                          const Clock& clock, TrainingService& training, CommunityDevelopmentService& community,
                          ParticipationMatchService& participation);

    // The 年度 in Japan today (the default of the pages).
    int CurrentFiscalYear() const;
    // MayReadEvaluationPlan (kNotFound when refused, as a missing page).
    Result<EvaluationPlanList> Plans(const Actor& actor);
    // The plan with its indicators' targets, actuals and rates per 年度, and its action plan.
    Result<EvaluationPlanView> Plan(const Actor& actor, EvaluationPlanId id);

    // MayKeepEvaluationPlan, and the rules of evaluation_plan.hpp.
    Result<EvaluationPlan> AddPlan(const Actor& actor, const EvaluationPlan& plan);
    Result<EvaluationIndicator> AddIndicator(const Actor& actor, const EvaluationIndicator& indicator);
    // Sets the target (and, for 手入力, the actual) of a 年度 of the plan (ValidateIndicatorYear).
    Result<EvaluationIndicator> SetYear(const Actor& actor, EvaluationIndicatorId id, const IndicatorYear& year);
    Result<ActionItem> AddAction(const Actor& actor, const ActionItem& item);
    // Status, evaluation and rating of an item (its text and 年度 stay).
    Result<ActionItem> UpdateAction(const Actor& actor, const ActionItem& item);
    // The 評価シート of a 年度 of the plan as a file (a 年度 outside the plan: kInvalidArgument "fiscal_year").
    Result<ReportExport> ExportSheet(const Actor& actor, EvaluationPlanId id, int fiscal_year, ReportFormat format);

    // --- 事業別実績 ---
    // The 年度's records and counts (a 年度 from kEarliestPlanYear to the next: ValidateRecordYear).
    Result<ProgramResultsView> ProgramResults(const Actor& actor, int fiscal_year);
    // Sets the 事業's record of the 年度 (ValidateProgramResult; an organisation not of the town refused).
    Result<ProgramResult> SetProgramResult(const Actor& actor, const ProgramResult& result);
    Result<ReportExport> ExportProgramResults(const Actor& actor, int fiscal_year, ReportFormat format);

    // --- 関係者調査 ---
    Result<SurveyList> Surveys(const Actor& actor);
    Result<SurveyView> Survey(const Actor& actor, StakeholderSurveyId id);
    // A new survey: the items given, or kDefaultSurveyItems when none are.
    Result<StakeholderSurvey> AddSurvey(const Actor& actor, const StakeholderSurvey& survey);
    Result<StakeholderSurvey> AddSurveyItem(const Actor& actor, StakeholderSurveyId id, const std::string& item);
    Result<SurveyResponse> AddSurveyResponse(const Actor& actor, const SurveyResponse& response);
    Result<ReportExport> ExportSurvey(const Actor& actor, StakeholderSurveyId id, ReportFormat format);

private:
    Result<OrganizationKind> Reader(const Actor& actor);
    Status Keeper(const Actor& actor);
    // The counts of one 年度 (RecordCounts): nothing for a 年度 not begun.
    RecordCounts CountsOf(const Actor& actor, int fiscal_year, int current_year);
    // One change by a keeper, in one transaction: `write(repository, now)` checks and writes, answering the saved
    // record, whose change (`action`) is audited as `record_type`.
    template <class T, class Write>
    Result<T> Keep(const Actor& actor, AuditAction action, std::string_view record_type, Write write);
    // The name shown for an organisation of the town, or `typed` when none.
    std::string NameOf(TenantStore& tenant, const std::optional<OrganizationId>& organization,
                       const std::string& typed);

    Store& store_;
    AggregateReads aggregates_;
    EvaluationPlanRepositories repositories_;
    const Clock& clock_;
    TrainingService& training_;
    CommunityDevelopmentService& community_;
    ParticipationMatchService& participation_;
};

}  // namespace kasane::domain
