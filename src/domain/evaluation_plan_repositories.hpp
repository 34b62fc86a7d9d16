// SPDX-License-Identifier: Apache-2.0
#pragma once

// The port of 実施計画と評価 (evaluation_plan.hpp). Same conventions as repositories.hpp: every method acts within the
// TenantStore's municipality; a record of another municipality is kNotFound, a reference to one kInvalidArgument
// naming the field.

#include <functional>
#include <memory>
#include <vector>

#include "base/result.hpp"
#include "domain/evaluation_plan.hpp"
#include "domain/program_result.hpp"
#include "domain/stakeholder_survey.hpp"

namespace kasane::domain {

class EvaluationPlanRepository {
public:
    virtual ~EvaluationPlanRepository() = default;
    virtual Result<EvaluationPlan> AddPlan(const EvaluationPlan& plan) = 0;
    virtual Result<EvaluationPlan> GetPlan(EvaluationPlanId id) = 0;
    // Every plan, the latest period first.
    virtual Result<std::vector<EvaluationPlan>> Plans() = 0;
    // A new indicator of a plan (its years ignored).
    virtual Result<EvaluationIndicator> AddIndicator(const EvaluationIndicator& indicator) = 0;
    virtual Result<EvaluationIndicator> GetIndicator(EvaluationIndicatorId id) = 0;
    // The plan's indicators by id, each with its years by 年度.
    virtual Result<std::vector<EvaluationIndicator>> Indicators(EvaluationPlanId plan_id) = 0;
    // Sets (replaces) the indicator's target and typed actual of the 年度.
    virtual Status SetYear(EvaluationIndicatorId id, const IndicatorYear& year) = 0;
    virtual Result<ActionItem> AddAction(const ActionItem& item) = 0;
    virtual Result<ActionItem> GetAction(ActionItemId id) = 0;
    // The plan's action items by 年度, then id.
    virtual Result<std::vector<ActionItem>> Actions(EvaluationPlanId plan_id) = 0;
    // Status, evaluation and rating of an item.
    virtual Status UpdateAction(const ActionItem& item) = 0;

    // --- 事業別実績 (program_result.hpp) ---
    // The 年度's records, one per 事業 recorded, in the order of kAllPrograms, each with its 委託先 in order.
    virtual Result<std::vector<ProgramResult>> ProgramResults(int fiscal_year) = 0;
    // Sets (replaces) the 事業's record of the 年度 with its 委託先, answering it with its id (kept across
    // replacements). An organisation not of the municipality: kInvalidArgument "contractors".
    virtual Result<ProgramResult> SetProgramResult(const ProgramResult& result) = 0;

    // --- 関係者調査 (stakeholder_survey.hpp) ---
    virtual Result<StakeholderSurvey> AddSurvey(const StakeholderSurvey& survey) = 0;
    virtual Result<StakeholderSurvey> GetSurvey(StakeholderSurveyId id) = 0;
    // Every survey, the latest 年度 first.
    virtual Result<std::vector<StakeholderSurvey>> Surveys() = 0;
    // Appends an item to the survey's items.
    virtual Status AddSurveyItem(StakeholderSurveyId id, const std::string& item) = 0;
    // An agency's answer (an organisation not of the municipality: kInvalidArgument "organization_id").
    virtual Result<SurveyResponse> AddSurveyResponse(const SurveyResponse& response) = 0;
    // The survey's answers in the order recorded, each with a count (or none) per item it was given.
    virtual Result<std::vector<SurveyResponse>> SurveyResponses(StakeholderSurveyId id) = 0;
};

class TenantStore;
// The repository of a tenant store (of the store or of a transaction), given by the composition root
// (storage::EvaluationPlansOf), as TrainingRepositories is.
using EvaluationPlanRepositories = std::function<std::unique_ptr<EvaluationPlanRepository>(TenantStore&)>;

}  // namespace kasane::domain
