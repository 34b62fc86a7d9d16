// SPDX-License-Identifier: Apache-2.0
#pragma once

// 事業別実績 and 関係者調査's part of the SQL EvaluationPlanRepository (evaluation_plan_store.cpp forwards to it):
// the same contract as domain::EvaluationPlanRepository's methods of the same names.

#include <string>
#include <vector>

#include "domain/program_result.hpp"
#include "domain/stakeholder_survey.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

class SqlProgramResults {
public:
    SqlProgramResults(SqlExecutor& executor, MunicipalityId tenant) : executor_(executor), tenant_(tenant) {}

    Result<std::vector<domain::ProgramResult>> ProgramResults(int fiscal_year);
    Result<domain::ProgramResult> SetProgramResult(const domain::ProgramResult& result);
    Result<domain::StakeholderSurvey> AddSurvey(const domain::StakeholderSurvey& survey);
    Result<domain::StakeholderSurvey> GetSurvey(StakeholderSurveyId id);
    Result<std::vector<domain::StakeholderSurvey>> Surveys();
    Status AddSurveyItem(StakeholderSurveyId id, const std::string& item);
    Result<domain::SurveyResponse> AddSurveyResponse(const domain::SurveyResponse& response);
    Result<std::vector<domain::SurveyResponse>> SurveyResponses(StakeholderSurveyId id);

private:
    Result<std::vector<domain::StakeholderSurvey>> SelectSurveys(std::optional<std::int64_t> id);

    SqlExecutor& executor_;
    MunicipalityId tenant_;
};

}  // namespace kasane::storage
