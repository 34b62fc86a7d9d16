// SPDX-License-Identifier: Apache-2.0
// 実施計画と評価 (domain::EvaluationPlanRepository): plans, their 評価指標 with a target per 年度, and the
// アクションプラン.

#include <map>
#include <string>

#include "domain/evaluation_plan_repositories.hpp"
#include "storage/sql/program_result_store.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

std::unique_ptr<domain::EvaluationPlanRepository> MakeEvaluationPlanRepository(SqlExecutor& executor,
                                                                               MunicipalityId tenant);

namespace {

using domain::ActionItem;
using domain::EvaluationIndicator;
using domain::EvaluationPlan;
using domain::IndicatorYear;
using sql_support::IdOrNull;
using sql_support::TenantRepository;

constexpr SqlStatement kInsertPlan{
    "evaluation_insert_plan",
    "INSERT INTO evaluation_plans (municipality_id, name, first_year, last_year, created_by, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
constexpr SqlStatement kSelectPlans{
    "evaluation_select_plans",
    "SELECT id, name, first_year, last_year, created_by, created_at FROM evaluation_plans "
    "WHERE municipality_id = $1 AND (id = $2 OR $2 IS NULL) ORDER BY last_year DESC, first_year DESC, id DESC"};
constexpr SqlStatement kInsertIndicator{
    "evaluation_insert_indicator",
    "INSERT INTO evaluation_indicators (municipality_id, plan_id, kind, name, unit, created_by, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
constexpr SqlStatement kSelectIndicators{
    "evaluation_select_indicators",
    "SELECT id, plan_id, kind, name, unit, created_by, created_at FROM evaluation_indicators "
    "WHERE municipality_id = $1 AND (plan_id = $2 OR $2 IS NULL) AND (id = $3 OR $3 IS NULL) ORDER BY id"};
constexpr SqlStatement kSelectTargets{
    "evaluation_select_targets",
    "SELECT t.indicator_id, t.fiscal_year, t.target, t.manual_actual FROM evaluation_targets t "
    "JOIN evaluation_indicators i ON i.id = t.indicator_id AND i.municipality_id = t.municipality_id "
    "WHERE t.municipality_id = $1 AND (i.plan_id = $2 OR $2 IS NULL) AND (i.id = $3 OR $3 IS NULL) "
    "ORDER BY t.indicator_id, t.fiscal_year"};
constexpr SqlStatement kDeleteTarget{
    "evaluation_delete_target",
    "DELETE FROM evaluation_targets WHERE municipality_id = $1 AND indicator_id = $2 AND fiscal_year = $3"};
constexpr SqlStatement kInsertTarget{
    "evaluation_insert_target",
    "INSERT INTO evaluation_targets (municipality_id, indicator_id, fiscal_year, target, manual_actual) "
    "VALUES ($1, $2, $3, $4, $5)"};
constexpr SqlStatement kInsertAction{
    "evaluation_insert_action",
    "INSERT INTO evaluation_actions (municipality_id, plan_id, fiscal_year, item, owner, status, evaluation, rating, "
    "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"};
constexpr SqlStatement kSelectActions{
    "evaluation_select_actions",
    "SELECT id, plan_id, fiscal_year, item, owner, status, evaluation, rating, created_by, created_at "
    "FROM evaluation_actions WHERE municipality_id = $1 AND (plan_id = $2 OR $2 IS NULL) AND (id = $3 OR $3 IS NULL) "
    "ORDER BY fiscal_year, id"};
constexpr SqlStatement kUpdateAction{
    "evaluation_update_action",
    "UPDATE evaluation_actions SET status = $3, evaluation = $4, rating = $5 WHERE municipality_id = $1 AND id = $2"};

Error Internal(std::string_view what) { return Error::Internal("実施計画の記録が読めません: " + std::string(what)); }

SqlParam Param(const std::string& text) { return std::string_view(text); }

Error Reference(const Error& error, std::string_view field, std::string_view message) {
    if (error.Is(ErrorCode::kNotFound)) return Error::InvalidArgument(std::string(message), std::string(field));
    return error;
}

Result<EvaluationPlan> PlanOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<EvaluationPlanId>(0));
    KASANE_ASSIGN(name, row.Text(1));
    KASANE_ASSIGN(first_year, row.Integer(2));
    KASANE_ASSIGN(last_year, row.Integer(3));
    KASANE_ASSIGN(created_by, row.Id<UserId>(4));
    KASANE_ASSIGN(created_at, row.Time(5));
    return EvaluationPlan{.id = *id,
                          .name = std::move(*name),
                          .first_year = static_cast<int>(*first_year),
                          .last_year = static_cast<int>(*last_year),
                          .created_by = *created_by,
                          .created_at = *created_at};
}

Result<EvaluationIndicator> IndicatorOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<EvaluationIndicatorId>(0));
    KASANE_ASSIGN(plan_id, row.Id<EvaluationPlanId>(1));
    KASANE_ASSIGN(kind_code, row.Text(2));
    KASANE_ASSIGN(name, row.Text(3));
    KASANE_ASSIGN(unit, row.Text(4));
    KASANE_ASSIGN(created_by, row.Id<UserId>(5));
    KASANE_ASSIGN(created_at, row.Time(6));
    const auto kind = domain::ParseIndicatorKind(*kind_code);
    if (!kind) return Fail(Internal("evaluation_indicator"));
    return EvaluationIndicator{.id = *id,
                               .plan_id = *plan_id,
                               .kind = *kind,
                               .name = std::move(*name),
                               .unit = std::move(*unit),
                               .years = {},
                               .created_by = *created_by,
                               .created_at = *created_at};
}

Result<ActionItem> ActionOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<ActionItemId>(0));
    KASANE_ASSIGN(plan_id, row.Id<EvaluationPlanId>(1));
    KASANE_ASSIGN(fiscal_year, row.Integer(2));
    KASANE_ASSIGN(item, row.Text(3));
    KASANE_ASSIGN(owner, row.Text(4));
    KASANE_ASSIGN(status_code, row.Text(5));
    KASANE_ASSIGN(evaluation, row.Text(6));
    KASANE_ASSIGN(created_by, row.Id<UserId>(8));
    KASANE_ASSIGN(created_at, row.Time(9));
    const auto status = domain::ParseActionItemStatus(*status_code);
    if (!status) return Fail(Internal("evaluation_action"));
    std::optional<domain::ActionRating> rating;
    if (!row.IsNull(7)) {
        KASANE_ASSIGN(rating_code, row.Text(7));
        rating = domain::ParseActionRating(*rating_code);
        if (!rating) return Fail(Internal("evaluation_action"));
    }
    return ActionItem{.id = *id,
                      .plan_id = *plan_id,
                      .fiscal_year = static_cast<int>(*fiscal_year),
                      .item = std::move(*item),
                      .owner = std::move(*owner),
                      .status = *status,
                      .evaluation = std::move(*evaluation),
                      .rating = rating,
                      .created_by = *created_by,
                      .created_at = *created_at};
}

SqlParam RatingOrNull(const std::optional<domain::ActionRating>& rating) {
    if (!rating) return std::monostate{};
    return domain::ActionRatingCode(*rating);
}

class SqlEvaluationPlanRepository final : public domain::EvaluationPlanRepository, TenantRepository {
public:
    SqlEvaluationPlanRepository(SqlExecutor& executor, MunicipalityId tenant)
        : TenantRepository(executor, tenant), program_results_(executor, tenant) {}

    Result<std::vector<domain::ProgramResult>> ProgramResults(int fiscal_year) override {
        return program_results_.ProgramResults(fiscal_year);
    }
    Result<domain::ProgramResult> SetProgramResult(const domain::ProgramResult& result) override {
        return program_results_.SetProgramResult(result);
    }
    Result<domain::StakeholderSurvey> AddSurvey(const domain::StakeholderSurvey& survey) override {
        return program_results_.AddSurvey(survey);
    }
    Result<domain::StakeholderSurvey> GetSurvey(StakeholderSurveyId id) override {
        return program_results_.GetSurvey(id);
    }
    Result<std::vector<domain::StakeholderSurvey>> Surveys() override { return program_results_.Surveys(); }
    Status AddSurveyItem(StakeholderSurveyId id, const std::string& item) override {
        return program_results_.AddSurveyItem(id, item);
    }
    Result<domain::SurveyResponse> AddSurveyResponse(const domain::SurveyResponse& response) override {
        return program_results_.AddSurveyResponse(response);
    }
    Result<std::vector<domain::SurveyResponse>> SurveyResponses(StakeholderSurveyId id) override {
        return program_results_.SurveyResponses(id);
    }

    Result<EvaluationPlan> AddPlan(const EvaluationPlan& plan) override {
        const std::string created_at = FormatIso8601(plan.created_at);
        return WriteInto<EvaluationPlan>([&](SqlConnection& connection, EvaluationPlan& out) -> Status {
            out = plan;
            KASANE_ASSIGN(inserted,
                          connection.Execute(
                              kInsertPlan, {tenant_, Param(plan.name), std::int64_t{plan.first_year},
                                            std::int64_t{plan.last_year}, plan.created_by.value(), Param(created_at)}));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            out.id = EvaluationPlanId{*new_id};
            return {};
        });
    }

    Result<EvaluationPlan> GetPlan(EvaluationPlanId id) override {
        KASANE_ASSIGN(found, Select<EvaluationPlan>(kSelectPlans, {tenant_, id.value()}, PlanOf));
        if (found->empty()) return Fail(Error::NotFound("実施計画が見つかりません"));
        return std::move(found->front());
    }

    Result<std::vector<EvaluationPlan>> Plans() override {
        return Select<EvaluationPlan>(kSelectPlans, {tenant_, std::monostate{}}, PlanOf);
    }

    Result<EvaluationIndicator> AddIndicator(const EvaluationIndicator& indicator) override {
        const std::string created_at = FormatIso8601(indicator.created_at);
        const std::string kind(domain::IndicatorKindCode(indicator.kind));
        return WriteInto<EvaluationIndicator>([&](SqlConnection& connection, EvaluationIndicator& out) -> Status {
            out = indicator;
            out.years.clear();
            auto inserted = connection.Execute(
                kInsertIndicator, {tenant_, indicator.plan_id.value(), Param(kind), Param(indicator.name),
                                   Param(indicator.unit), indicator.created_by.value(), Param(created_at)});
            if (!inserted) return Fail(Reference(inserted.error(), "plan_id", "実施計画が見つかりません"));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            out.id = EvaluationIndicatorId{*new_id};
            return {};
        });
    }

    Result<EvaluationIndicator> GetIndicator(EvaluationIndicatorId id) override {
        KASANE_ASSIGN(found, SelectIndicators(std::nullopt, id.value()));
        if (found->empty()) return Fail(Error::NotFound("評価指標が見つかりません"));
        return std::move(found->front());
    }

    Result<std::vector<EvaluationIndicator>> Indicators(EvaluationPlanId plan_id) override {
        return SelectIndicators(plan_id.value(), std::nullopt);
    }

    Status SetYear(EvaluationIndicatorId id, const IndicatorYear& year) override {
        std::optional<std::int64_t> actual;
        if (year.manual_actual) actual = *year.manual_actual;
        return executor_.Write([&](SqlConnection& connection) -> Status {
            const std::vector<SqlParam> key = {tenant_, id.value(), std::int64_t{year.fiscal_year}};
            KASANE_ASSIGN(deleted, connection.Execute(kDeleteTarget, key));
            (void)deleted;
            auto inserted = connection.Execute(kInsertTarget, {tenant_, id.value(), std::int64_t{year.fiscal_year},
                                                               std::int64_t{year.target}, IdOrNull(actual)});
            if (!inserted) return Fail(Reference(inserted.error(), "indicator_id", "評価指標が見つかりません"));
            return {};
        });
    }

    Result<ActionItem> AddAction(const ActionItem& item) override {
        const std::string created_at = FormatIso8601(item.created_at);
        const std::string status(domain::ActionItemStatusCode(item.status));
        return WriteInto<ActionItem>([&](SqlConnection& connection, ActionItem& out) -> Status {
            out = item;
            auto inserted = connection.Execute(
                kInsertAction, {tenant_, item.plan_id.value(), std::int64_t{item.fiscal_year}, Param(item.item),
                                Param(item.owner), Param(status), Param(item.evaluation), RatingOrNull(item.rating),
                                item.created_by.value(), Param(created_at)});
            if (!inserted) return Fail(Reference(inserted.error(), "plan_id", "実施計画が見つかりません"));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            out.id = ActionItemId{*new_id};
            return {};
        });
    }

    Result<ActionItem> GetAction(ActionItemId id) override {
        KASANE_ASSIGN(found, Select<ActionItem>(kSelectActions, {tenant_, std::monostate{}, id.value()}, ActionOf));
        if (found->empty()) return Fail(Error::NotFound("アクションプランの項目が見つかりません"));
        return std::move(found->front());
    }

    Result<std::vector<ActionItem>> Actions(EvaluationPlanId plan_id) override {
        return Select<ActionItem>(kSelectActions, {tenant_, plan_id.value(), std::monostate{}}, ActionOf);
    }

    Status UpdateAction(const ActionItem& item) override {
        const std::string status(domain::ActionItemStatusCode(item.status));
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(updated,
                          connection.Execute(kUpdateAction, {tenant_, item.id.value(), Param(status),
                                                             Param(item.evaluation), RatingOrNull(item.rating)}));
            if (updated->affected_rows == 0) return Fail(Error::NotFound("アクションプランの項目が見つかりません"));
            return {};
        });
    }

private:
    Result<std::vector<EvaluationIndicator>> SelectIndicators(std::optional<std::int64_t> plan_id,
                                                              std::optional<std::int64_t> indicator_id) {
        using Rows = std::vector<EvaluationIndicator>;
        return ReadInto<Rows>([&](SqlConnection& connection, Rows& out) -> Status {
            const std::vector<SqlParam> params = {tenant_, IdOrNull(plan_id), IdOrNull(indicator_id)};
            KASANE_ASSIGN(indicators, connection.Execute(kSelectIndicators, params));
            std::map<std::int64_t, std::size_t> index;
            for (const auto& values : indicators->rows) {
                KASANE_ASSIGN(record, IndicatorOf(SqlRow(values)));
                index[record->id.value()] = out.size();
                out.push_back(std::move(*record));
            }
            KASANE_ASSIGN(targets, connection.Execute(kSelectTargets, params));
            for (const auto& values : targets->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(indicator, row.Integer(0));
                KASANE_ASSIGN(fiscal_year, row.Integer(1));
                KASANE_ASSIGN(target, row.Integer(2));
                const auto found = index.find(*indicator);
                if (found == index.end()) continue;
                out[found->second].years.push_back(IndicatorYear{.fiscal_year = static_cast<int>(*fiscal_year),
                                                                 .target = *target,
                                                                 .manual_actual = row.OptionalInteger(3)});
            }
            return {};
        });
    }

    template <class T, class Read>
    Result<std::vector<T>> Select(const SqlStatement& statement, std::vector<SqlParam> params, Read read) {
        using Rows = std::vector<T>;
        return ReadInto<Rows>([&](SqlConnection& connection, Rows& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(statement, params));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(record, read(SqlRow(values)));
                out.push_back(std::move(*record));
            }
            return {};
        });
    }

    SqlProgramResults program_results_;
};

}  // namespace

std::unique_ptr<domain::EvaluationPlanRepository> MakeEvaluationPlanRepository(SqlExecutor& executor,
                                                                               MunicipalityId tenant) {
    return std::make_unique<SqlEvaluationPlanRepository>(executor, tenant);
}

}  // namespace kasane::storage
