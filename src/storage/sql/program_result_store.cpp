// SPDX-License-Identifier: Apache-2.0
// 事業別実績 and 関係者調査 (domain::EvaluationPlanRepository's part, program_result_store.hpp): a 事業's record of a
// 年度 with its 委託先, a survey with its items, and the agencies' answers with their counts.

#include "storage/sql/program_result_store.hpp"

#include <map>
#include <utility>

namespace kasane::storage {

namespace {

using domain::Contractor;
using domain::ProgramResult;
using domain::StakeholderSurvey;
using domain::SurveyResponse;
using sql_support::IdOrNull;

constexpr SqlStatement kSelectResults{
    "program_select_results",
    "SELECT id, fiscal_year, program, operation, activities, updated_by, updated_at FROM program_results "
    "WHERE municipality_id = $1 AND fiscal_year = $2 ORDER BY id"};
constexpr SqlStatement kSelectContractors{
    "program_select_contractors",
    "SELECT c.result_id, c.organization_id, c.name FROM program_result_contractors c "
    "JOIN program_results r ON r.id = c.result_id AND r.municipality_id = c.municipality_id "
    "WHERE c.municipality_id = $1 AND r.fiscal_year = $2 ORDER BY c.result_id, c.ordinal"};
constexpr SqlStatement kFindResult{
    "program_find_result",
    "SELECT id FROM program_results WHERE municipality_id = $1 AND fiscal_year = $2 AND program = $3"};
constexpr SqlStatement kInsertResult{
    "program_insert_result",
    "INSERT INTO program_results (municipality_id, fiscal_year, program, operation, activities, updated_by, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
constexpr SqlStatement kUpdateResult{
    "program_update_result",
    "UPDATE program_results SET operation = $3, activities = $4, updated_by = $5, updated_at = $6 "
    "WHERE municipality_id = $1 AND id = $2"};
constexpr SqlStatement kDeleteContractors{
    "program_delete_contractors",
    "DELETE FROM program_result_contractors WHERE municipality_id = $1 AND result_id = $2"};
constexpr SqlStatement kInsertContractor{
    "program_insert_contractor",
    "INSERT INTO program_result_contractors (municipality_id, result_id, ordinal, organization_id, name) "
    "VALUES ($1, $2, $3, $4, $5)"};
constexpr SqlStatement kInsertSurvey{
    "stakeholder_survey_insert",
    "INSERT INTO stakeholder_surveys (municipality_id, title, fiscal_year, conducted_on, created_by, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
constexpr SqlStatement kSelectSurveys{
    "stakeholder_survey_select",
    "SELECT id, title, fiscal_year, conducted_on, created_by, created_at FROM stakeholder_surveys "
    "WHERE municipality_id = $1 AND (id = $2 OR $2 IS NULL) ORDER BY fiscal_year DESC, id DESC"};
constexpr SqlStatement kSelectItems{"stakeholder_survey_select_items",
                                    "SELECT survey_id, label FROM stakeholder_survey_items WHERE municipality_id = $1 "
                                    "AND (survey_id = $2 OR $2 IS NULL) ORDER BY survey_id, ordinal"};
constexpr SqlStatement kCountItems{
    "stakeholder_survey_count_items",
    "SELECT COUNT(*) FROM stakeholder_survey_items WHERE municipality_id = $1 AND survey_id = $2"};
constexpr SqlStatement kInsertItem{
    "stakeholder_survey_insert_item",
    "INSERT INTO stakeholder_survey_items (municipality_id, survey_id, ordinal, label) VALUES ($1, $2, $3, $4)"};
constexpr SqlStatement kInsertResponse{
    "stakeholder_survey_insert_response",
    "INSERT INTO stakeholder_survey_responses (municipality_id, survey_id, organization_id, agency, created_by, "
    "created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
constexpr SqlStatement kSelectResponses{
    "stakeholder_survey_select_responses",
    "SELECT id, survey_id, organization_id, agency, created_by, created_at FROM stakeholder_survey_responses "
    "WHERE municipality_id = $1 AND survey_id = $2 ORDER BY id"};
constexpr SqlStatement kInsertCount{
    "stakeholder_survey_insert_count",
    "INSERT INTO stakeholder_survey_counts (municipality_id, response_id, ordinal, answer) VALUES ($1, $2, $3, $4)"};
constexpr SqlStatement kSelectCounts{
    "stakeholder_survey_select_counts",
    "SELECT c.response_id, c.ordinal, c.answer FROM stakeholder_survey_counts c "
    "JOIN stakeholder_survey_responses r ON r.id = c.response_id AND r.municipality_id = c.municipality_id "
    "WHERE c.municipality_id = $1 AND r.survey_id = $2 ORDER BY c.response_id, c.ordinal"};

Error Internal(std::string_view what) { return Error::Internal("事業別実績の記録が読めません: " + std::string(what)); }

SqlParam Param(const std::string& text) { return std::string_view(text); }

Error Reference(const Error& error, std::string_view field, std::string_view message) {
    if (error.Is(ErrorCode::kNotFound)) return Error::InvalidArgument(std::string(message), std::string(field));
    return error;
}

std::optional<std::int64_t> OrganizationOf(const std::optional<OrganizationId>& id) {
    if (!id) return std::nullopt;
    return id->value();
}

Result<ProgramResult> ResultOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<ProgramResultId>(0));
    KASANE_ASSIGN(fiscal_year, row.Integer(1));
    KASANE_ASSIGN(program_code, row.Text(2));
    KASANE_ASSIGN(operation_code, row.Text(3));
    KASANE_ASSIGN(activities, row.Text(4));
    KASANE_ASSIGN(updated_by, row.Id<UserId>(5));
    KASANE_ASSIGN(updated_at, row.Time(6));
    const auto program = domain::ParseSubProgramme(*program_code);
    const auto operation = domain::ParseOperation(*operation_code);
    if (!program || !operation) return Fail(Internal("program_result"));
    return ProgramResult{.id = *id,
                         .fiscal_year = static_cast<int>(*fiscal_year),
                         .program = *program,
                         .operation = *operation,
                         .contractors = {},
                         .activities = std::move(*activities),
                         .updated_by = *updated_by,
                         .updated_at = *updated_at};
}

Result<StakeholderSurvey> SurveyOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<StakeholderSurveyId>(0));
    KASANE_ASSIGN(title, row.Text(1));
    KASANE_ASSIGN(fiscal_year, row.Integer(2));
    KASANE_ASSIGN(conducted_on, sql_support::OptionalDate(row, 3));
    KASANE_ASSIGN(created_by, row.Id<UserId>(4));
    KASANE_ASSIGN(created_at, row.Time(5));
    return StakeholderSurvey{.id = *id,
                             .title = std::move(*title),
                             .fiscal_year = static_cast<int>(*fiscal_year),
                             .conducted_on = *conducted_on,
                             .items = {},
                             .created_by = *created_by,
                             .created_at = *created_at};
}

Result<SurveyResponse> ResponseOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<SurveyResponseId>(0));
    KASANE_ASSIGN(survey_id, row.Id<StakeholderSurveyId>(1));
    KASANE_ASSIGN(agency, row.Text(3));
    KASANE_ASSIGN(created_by, row.Id<UserId>(4));
    KASANE_ASSIGN(created_at, row.Time(5));
    std::optional<OrganizationId> organization_id;
    if (auto organization = row.OptionalInteger(2)) organization_id = OrganizationId{*organization};
    return SurveyResponse{.id = *id,
                          .survey_id = *survey_id,
                          .organization_id = organization_id,
                          .agency = std::move(*agency),
                          .counts = {},
                          .created_by = *created_by,
                          .created_at = *created_at};
}

}  // namespace

Result<std::vector<ProgramResult>> SqlProgramResults::ProgramResults(int fiscal_year) {
    using Rows = std::vector<ProgramResult>;
    auto rows = sql_support::ReadInto<Rows>(executor_, [&](SqlConnection& connection, Rows& out) -> Status {
        const std::vector<SqlParam> params = {tenant_, std::int64_t{fiscal_year}};
        KASANE_ASSIGN(results, connection.Execute(kSelectResults, params));
        std::map<std::int64_t, std::size_t> index;
        for (const auto& values : results->rows) {
            KASANE_ASSIGN(record, ResultOf(SqlRow(values)));
            index[record->id.value()] = out.size();
            out.push_back(std::move(*record));
        }
        KASANE_ASSIGN(contractors, connection.Execute(kSelectContractors, params));
        for (const auto& values : contractors->rows) {
            const SqlRow row(values);
            KASANE_ASSIGN(result_id, row.Integer(0));
            KASANE_ASSIGN(name, row.Text(2));
            const auto found = index.find(*result_id);
            if (found == index.end()) continue;
            Contractor contractor{.organization_id = std::nullopt, .name = std::move(*name)};
            if (auto organization = row.OptionalInteger(1)) {
                contractor.organization_id = OrganizationId{*organization};
            }
            out[found->second].contractors.push_back(std::move(contractor));
        }
        return {};
    });
    if (!rows) return Fail(rows.error());
    // The order of kAllSubProgrammes, whatever order they were first recorded in.
    Rows ordered;
    for (domain::SubProgramme program : domain::kAllSubProgrammes) {
        for (ProgramResult& result : *rows) {
            if (result.program == program) ordered.push_back(std::move(result));
        }
    }
    return ordered;
}

Result<ProgramResult> SqlProgramResults::SetProgramResult(const ProgramResult& result) {
    const std::string updated_at = FormatIso8601(result.updated_at);
    const std::string program(domain::SubProgrammeCode(result.program));
    const std::string operation(domain::OperationCode(result.operation));
    return sql_support::WriteInto<ProgramResult>(
        executor_, [&](SqlConnection& connection, ProgramResult& out) -> Status {
            out = result;
            KASANE_ASSIGN(found,
                          connection.Execute(kFindResult, {tenant_, std::int64_t{result.fiscal_year}, Param(program)}));
            if (found->rows.empty()) {
                KASANE_ASSIGN(inserted, connection.Execute(kInsertResult,
                                                           {tenant_, std::int64_t{result.fiscal_year}, Param(program),
                                                            Param(operation), Param(result.activities),
                                                            result.updated_by.value(), Param(updated_at)}));
                KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
                out.id = ProgramResultId{*new_id};
            } else {
                KASANE_ASSIGN(existing, SqlRow(found->rows.front()).Integer(0));
                out.id = ProgramResultId{*existing};
                KASANE_ASSIGN(
                    updated,
                    connection.Execute(kUpdateResult, {tenant_, *existing, Param(operation), Param(result.activities),
                                                       result.updated_by.value(), Param(updated_at)}));
                (void)updated;
                KASANE_ASSIGN(deleted, connection.Execute(kDeleteContractors, {tenant_, *existing}));
                (void)deleted;
            }
            std::int64_t ordinal = 0;
            for (const Contractor& contractor : result.contractors) {
                auto inserted = connection.Execute(
                    kInsertContractor, {tenant_, out.id.value(), ordinal++,
                                        IdOrNull(OrganizationOf(contractor.organization_id)), Param(contractor.name)});
                if (!inserted) return Fail(Reference(inserted.error(), "contractors", "委託先の機関が見つかりません"));
            }
            return {};
        });
}

Result<StakeholderSurvey> SqlProgramResults::AddSurvey(const StakeholderSurvey& survey) {
    const std::string created_at = FormatIso8601(survey.created_at);
    std::string conducted_on;
    if (survey.conducted_on) conducted_on = sql_support::DateText(*survey.conducted_on);
    return sql_support::WriteInto<StakeholderSurvey>(
        executor_, [&](SqlConnection& connection, StakeholderSurvey& out) -> Status {
            out = survey;
            const SqlParam date = survey.conducted_on ? SqlParam(std::string_view(conducted_on)) : SqlParam();
            KASANE_ASSIGN(inserted, connection.Execute(kInsertSurvey,
                                                       {tenant_, Param(survey.title), std::int64_t{survey.fiscal_year},
                                                        date, survey.created_by.value(), Param(created_at)}));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            out.id = StakeholderSurveyId{*new_id};
            std::int64_t ordinal = 0;
            for (const std::string& item : survey.items) {
                KASANE_ASSIGN(added, connection.Execute(kInsertItem, {tenant_, *new_id, ordinal++, Param(item)}));
                (void)added;
            }
            return {};
        });
}

Result<std::vector<StakeholderSurvey>> SqlProgramResults::SelectSurveys(std::optional<std::int64_t> id) {
    using Rows = std::vector<StakeholderSurvey>;
    return sql_support::ReadInto<Rows>(executor_, [&](SqlConnection& connection, Rows& out) -> Status {
        const std::vector<SqlParam> params = {tenant_, IdOrNull(id)};
        KASANE_ASSIGN(surveys, connection.Execute(kSelectSurveys, params));
        std::map<std::int64_t, std::size_t> index;
        for (const auto& values : surveys->rows) {
            KASANE_ASSIGN(record, SurveyOf(SqlRow(values)));
            index[record->id.value()] = out.size();
            out.push_back(std::move(*record));
        }
        KASANE_ASSIGN(items, connection.Execute(kSelectItems, params));
        for (const auto& values : items->rows) {
            const SqlRow row(values);
            KASANE_ASSIGN(survey_id, row.Integer(0));
            KASANE_ASSIGN(label, row.Text(1));
            const auto found = index.find(*survey_id);
            if (found != index.end()) out[found->second].items.push_back(std::move(*label));
        }
        return {};
    });
}

Result<StakeholderSurvey> SqlProgramResults::GetSurvey(StakeholderSurveyId id) {
    KASANE_ASSIGN(found, SelectSurveys(id.value()));
    if (found->empty()) return Fail(Error::NotFound("関係者調査が見つかりません"));
    return std::move(found->front());
}

Result<std::vector<StakeholderSurvey>> SqlProgramResults::Surveys() { return SelectSurveys(std::nullopt); }

Status SqlProgramResults::AddSurveyItem(StakeholderSurveyId id, const std::string& item) {
    return executor_.Write([&](SqlConnection& connection) -> Status {
        KASANE_ASSIGN(count, connection.Execute(kCountItems, {tenant_, id.value()}));
        KASANE_ASSIGN(ordinal, SqlRow(count->rows.front()).Integer(0));
        auto inserted = connection.Execute(kInsertItem, {tenant_, id.value(), *ordinal, Param(item)});
        if (!inserted) return Fail(Reference(inserted.error(), "survey_id", "関係者調査が見つかりません"));
        return {};
    });
}

Result<SurveyResponse> SqlProgramResults::AddSurveyResponse(const SurveyResponse& response) {
    const std::string created_at = FormatIso8601(response.created_at);
    return sql_support::WriteInto<SurveyResponse>(
        executor_, [&](SqlConnection& connection, SurveyResponse& out) -> Status {
            out = response;
            auto inserted = connection.Execute(
                kInsertResponse,
                {tenant_, response.survey_id.value(), IdOrNull(OrganizationOf(response.organization_id)),
                 Param(response.agency), response.created_by.value(), Param(created_at)});
            if (!inserted) {
                // A reference missing is the organisation named, or else the survey (of another town).
                if (response.organization_id) {
                    return Fail(Reference(inserted.error(), "organization_id", "回答機関が見つかりません"));
                }
                return Fail(Reference(inserted.error(), "survey_id", "関係者調査が見つかりません"));
            }
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            out.id = SurveyResponseId{*new_id};
            for (std::size_t i = 0; i < response.counts.size(); ++i) {
                if (!response.counts[i]) continue;
                KASANE_ASSIGN(added,
                              connection.Execute(kInsertCount, {tenant_, *new_id, static_cast<std::int64_t>(i),
                                                                static_cast<std::int64_t>(*response.counts[i])}));
                (void)added;
            }
            return {};
        });
}

Result<std::vector<SurveyResponse>> SqlProgramResults::SurveyResponses(StakeholderSurveyId id) {
    using Rows = std::vector<SurveyResponse>;
    return sql_support::ReadInto<Rows>(executor_, [&](SqlConnection& connection, Rows& out) -> Status {
        const std::vector<SqlParam> params = {tenant_, id.value()};
        KASANE_ASSIGN(responses, connection.Execute(kSelectResponses, params));
        std::map<std::int64_t, std::size_t> index;
        for (const auto& values : responses->rows) {
            KASANE_ASSIGN(record, ResponseOf(SqlRow(values)));
            index[record->id.value()] = out.size();
            out.push_back(std::move(*record));
        }
        KASANE_ASSIGN(counts, connection.Execute(kSelectCounts, params));
        for (const auto& values : counts->rows) {
            const SqlRow row(values);
            KASANE_ASSIGN(response_id, row.Integer(0));
            KASANE_ASSIGN(ordinal, row.Integer(1));
            KASANE_ASSIGN(answer, row.Integer(2));
            const auto found = index.find(*response_id);
            if (found == index.end() || *ordinal < 0) continue;
            auto& record_counts = out[found->second].counts;
            if (record_counts.size() <= static_cast<std::size_t>(*ordinal)) {
                record_counts.resize(static_cast<std::size_t>(*ordinal) + 1);
            }
            record_counts[static_cast<std::size_t>(*ordinal)] = *answer;
        }
        return {};
    });
}

}  // namespace kasane::storage
