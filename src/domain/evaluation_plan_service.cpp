// SPDX-License-Identifier: Apache-2.0
#include "domain/evaluation_plan_service.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "domain/access_policy.hpp"
#include "domain/export_rights.hpp"
#include "domain/intake_support.hpp"
#include "domain/report_delivery.hpp"
#include "domain/town_period_counts.hpp"

namespace kasane::domain {

using intake_support::AppendOne;
using intake_support::EntryFor;
using intake_support::RecordEntry;

namespace {

// The basis named in this service's audit entries.
constexpr std::string_view kAuditBasis = "evaluation_plan_keeper";

std::optional<long long> Shown(const ShownCount& count) { return count.ValueIfShown(); }

Error Missing() { return Error::NotFound("実施計画が見つかりません"); }

}  // namespace

EvaluationPlanService::EvaluationPlanService(Store& store, EvaluationPlanRepositories repositories, const Clock& clock,
                                             TrainingService& training, CommunityDevelopmentService& community,
                                             ParticipationMatchService& participation)
    : EvaluationPlanService(store, AggregateReads(store), std::move(repositories), clock, training, community,
                            participation) {}

EvaluationPlanService::EvaluationPlanService(Store& store, AggregateReads aggregates,
                                             EvaluationPlanRepositories repositories, const Clock& clock,
                                             TrainingService& training, CommunityDevelopmentService& community,
                                             ParticipationMatchService& participation)
    : store_(store),
      aggregates_(std::move(aggregates)),
      repositories_(std::move(repositories)),
      clock_(clock),
      training_(training),
      community_(community),
      participation_(participation) {}

int EvaluationPlanService::CurrentFiscalYear() const { return FiscalYearOf(TodayInJapan(clock_)); }

Result<OrganizationKind> EvaluationPlanService::Reader(const Actor& actor) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    if (!MayReadEvaluationPlan(actor.principal, *kind)) return Fail(Missing());
    return *kind;
}

Status EvaluationPlanService::Keeper(const Actor& actor) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    if (!MayReadEvaluationPlan(actor.principal, *kind)) return Fail(Missing());
    if (!MayKeepEvaluationPlan(actor.principal, *kind)) {
        return Fail(Error::PermissionDenied("実施計画をつくり直せるのは町の推進員と管理者です"));
    }
    return {};
}

RecordCounts EvaluationPlanService::CountsOf(const Actor& actor, int fiscal_year, int current_year) {
    RecordCounts counts;
    if (fiscal_year > current_year) return counts;
    // The 年度集計's own counting (exact figures: the plan's readers are the town's own staff).
    if (auto period = FiscalYearPeriod(fiscal_year)) {
        if (auto report = aggregates_.Run(
                [&](Store& counting) { return ReadTownPeriod(counting, actor.Tenant(), *period, Figures::kExact); })) {
            counts.contacts = Shown(report->contacts);
            counts.persons = Shown(report->persons);
            counts.meetings = Shown(report->cases.meetings_held);
            counts.cases_opened = Shown(report->cases.cases_opened);
            counts.outreach_persons = Shown(report->outreach.persons);
            counts.outreach_visits = Shown(report->outreach.visits);
        }
    }
    if (auto totals = training_.Totals(actor, fiscal_year)) counts.trainees = totals->all.total;
    if (auto community =
            community_.PublicCounts(actor, PublicCountsPeriod{.month = std::nullopt, .fiscal_year = fiscal_year})) {
        std::set<CommunityPlaceId> places;
        long long participants = 0;
        for (const CommunityMonthCounts& month : community->months) {
            places.insert(month.counted_places.begin(), month.counted_places.end());
            participants += month.participants_total;
        }
        counts.community_places = static_cast<long long>(places.size());
        counts.community_participants = participants;
    }
    // 参加支援's counts are of today: they answer for the current 年度 only.
    if (fiscal_year == current_year) {
        if (auto participation = participation_.Counts(actor)) {
            counts.participation_persons = participation->persons;
            counts.cooperating_hosts = participation->cooperating_hosts;
        }
    }
    return counts;
}

Result<EvaluationPlanList> EvaluationPlanService::Plans(const Actor& actor) {
    auto kind = Reader(actor);
    if (!kind) return Fail(kind.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto plans = repositories_(*tenant)->Plans();
    if (!plans) return Fail(plans.error());
    return EvaluationPlanList{.plans = std::move(*plans), .may_edit = MayKeepEvaluationPlan(actor.principal, *kind)};
}

Result<EvaluationPlanView> EvaluationPlanService::Plan(const Actor& actor, EvaluationPlanId id) {
    auto kind = Reader(actor);
    if (!kind) return Fail(kind.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto repository = repositories_(*tenant);
    auto plan = repository->GetPlan(id);
    if (!plan) return Fail(plan.error());
    auto indicators = repository->Indicators(id);
    if (!indicators) return Fail(indicators.error());
    auto actions = repository->Actions(id);
    if (!actions) return Fail(actions.error());
    EvaluationPlanView view{.plan = std::move(*plan),
                            .years = {},
                            .indicators = {},
                            .actions = std::move(*actions),
                            .computed_at = clock_.Now(),
                            .may_edit = MayKeepEvaluationPlan(actor.principal, *kind)};
    const int current_year = FiscalYearOf(TodayInJapan(clock_));
    std::vector<RecordCounts> counts;
    for (int year = view.plan.first_year; year <= view.plan.last_year; ++year) {
        view.years.push_back(year);
        counts.push_back(CountsOf(actor, year, current_year));
    }
    for (EvaluationIndicator& indicator : *indicators) {
        IndicatorRow row{.indicator = std::move(indicator), .name = {}, .unit = {}, .years = {}};
        row.name =
            row.indicator.name.empty() ? std::string(IndicatorKindLabel(row.indicator.kind)) : row.indicator.name;
        row.unit = row.indicator.unit.empty() ? std::string(IndicatorKindUnit(row.indicator.kind)) : row.indicator.unit;
        for (std::size_t i = 0; i < view.years.size(); ++i) {
            IndicatorYearRow year{
                .fiscal_year = view.years[i], .target = std::nullopt, .actual = std::nullopt, .rate = std::nullopt};
            for (const IndicatorYear& set : row.indicator.years) {
                if (set.fiscal_year == year.fiscal_year) year.target = set.target;
            }
            year.actual = ActualOf(row.indicator, year.fiscal_year, counts[i]);
            year.rate = AchievementRate(year.target, year.actual);
            row.years.push_back(year);
        }
        view.indicators.push_back(std::move(row));
    }
    return view;
}

template <class T, class Write>
Result<T> EvaluationPlanService::Keep(const Actor& actor, AuditAction action, std::string_view record_type,
                                      Write write) {
    if (auto keeper = Keeper(actor); !keeper) return Fail(keeper.error());
    const Instant now = clock_.Now();
    T saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto repository = repositories_(*in);
        Result<T> stored = write(*repository, now);
        if (!stored) return Fail(stored.error());
        saved = std::move(*stored);
        return AppendOne(*in, RecordEntry(actor, now, action, record_type, saved.id.value(), kAuditBasis));
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<EvaluationPlan> EvaluationPlanService::AddPlan(const Actor& actor, const EvaluationPlan& plan) {
    return Keep<EvaluationPlan>(actor, AuditAction::kCreate, "evaluation_plan",
                                [&](EvaluationPlanRepository& repository, Instant now) -> Result<EvaluationPlan> {
                                    if (auto valid = ValidatePlan(plan); !valid) return Fail(valid.error());
                                    EvaluationPlan record = plan;
                                    record.created_by = actor.principal.user.id;
                                    record.created_at = now;
                                    return repository.AddPlan(record);
                                });
}

Result<EvaluationIndicator> EvaluationPlanService::AddIndicator(const Actor& actor,
                                                                const EvaluationIndicator& indicator) {
    return Keep<EvaluationIndicator>(
        actor, AuditAction::kCreate, "evaluation_indicator",
        [&](EvaluationPlanRepository& repository, Instant now) -> Result<EvaluationIndicator> {
            if (auto valid = ValidateIndicator(indicator); !valid) return Fail(valid.error());
            if (auto plan = repository.GetPlan(indicator.plan_id); !plan) return Fail(plan.error());
            EvaluationIndicator record = indicator;
            record.years.clear();
            record.created_by = actor.principal.user.id;
            record.created_at = now;
            return repository.AddIndicator(record);
        });
}

Result<EvaluationIndicator> EvaluationPlanService::SetYear(const Actor& actor, EvaluationIndicatorId id,
                                                           const IndicatorYear& year) {
    return Keep<EvaluationIndicator>(actor, AuditAction::kUpdate, "evaluation_indicator",
                                     [&](EvaluationPlanRepository& repository, Instant) -> Result<EvaluationIndicator> {
                                         auto indicator = repository.GetIndicator(id);
                                         if (!indicator) return Fail(indicator.error());
                                         auto plan = repository.GetPlan(indicator->plan_id);
                                         if (!plan) return Fail(plan.error());
                                         if (auto valid = ValidateIndicatorYear(*plan, indicator->kind, year); !valid)
                                             return Fail(valid.error());
                                         if (auto set = repository.SetYear(id, year); !set) return Fail(set.error());
                                         return repository.GetIndicator(id);
                                     });
}

Result<ActionItem> EvaluationPlanService::AddAction(const Actor& actor, const ActionItem& item) {
    return Keep<ActionItem>(actor, AuditAction::kCreate, "evaluation_action",
                            [&](EvaluationPlanRepository& repository, Instant now) -> Result<ActionItem> {
                                auto plan = repository.GetPlan(item.plan_id);
                                if (!plan) return Fail(plan.error());
                                if (auto valid = ValidateActionItem(*plan, item); !valid) return Fail(valid.error());
                                ActionItem record = item;
                                record.created_by = actor.principal.user.id;
                                record.created_at = now;
                                return repository.AddAction(record);
                            });
}

Result<ActionItem> EvaluationPlanService::UpdateAction(const Actor& actor, const ActionItem& item) {
    return Keep<ActionItem>(actor, AuditAction::kUpdate, "evaluation_action",
                            [&](EvaluationPlanRepository& repository, Instant) -> Result<ActionItem> {
                                auto existing = repository.GetAction(item.id);
                                if (!existing) return Fail(existing.error());
                                auto plan = repository.GetPlan(existing->plan_id);
                                if (!plan) return Fail(plan.error());
                                ActionItem record = *existing;
                                record.status = item.status;
                                record.evaluation = item.evaluation;
                                record.rating = item.rating;
                                if (auto valid = ValidateActionItem(*plan, record); !valid) return Fail(valid.error());
                                if (auto updated = repository.UpdateAction(record); !updated) {
                                    return Fail(updated.error());
                                }
                                return record;
                            });
}

Result<ReportExport> EvaluationPlanService::ExportSheet(const Actor& actor, EvaluationPlanId id, int fiscal_year,
                                                        ReportFormat format) {
    auto view = Plan(actor, id);
    if (!view) return Fail(view.error());
    if (fiscal_year < view->plan.first_year || fiscal_year > view->plan.last_year) {
        return Fail(Error::InvalidArgument("計画期間外の年度です", "fiscal_year"));
    }
    return DeliverReportFile(store_, actor, clock_, EvaluationSheetFile(*view, fiscal_year),
                             "hyoka-" + std::to_string(fiscal_year), format,
                             {.record_type = "evaluation_plan",
                              .record_id = id.value(),
                              .what = "評価シート（" + FiscalYearLabel(fiscal_year) + "）"});
}

std::string EvaluationPlanService::NameOf(TenantStore& tenant, const std::optional<OrganizationId>& organization,
                                          const std::string& typed) {
    if (!organization) return typed;
    auto found = tenant.Organizations().Get(*organization);
    return found ? found->name : typed;
}

Result<ProgramResultsView> EvaluationPlanService::ProgramResults(const Actor& actor, int fiscal_year) {
    auto kind = Reader(actor);
    if (!kind) return Fail(kind.error());
    if (auto year = ValidateRecordYear(fiscal_year, TodayInJapan(clock_)); !year) return Fail(year.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto results = repositories_(*tenant)->ProgramResults(fiscal_year);
    if (!results) return Fail(results.error());
    // The counts are the 評価指標's (CountsOf): one reading of the records for both.
    const RecordCounts counts = CountsOf(actor, fiscal_year, FiscalYearOf(TodayInJapan(clock_)));
    ProgramResultsView view{.fiscal_year = fiscal_year,
                            .rows = {},
                            .computed_at = clock_.Now(),
                            .may_edit = MayKeepEvaluationPlan(actor.principal, *kind)};
    for (SubProgramme program : kAllSubProgrammes) {
        ProgramResultRow row{.program = program,
                             .result = std::nullopt,
                             .contractor_names = {},
                             .counts = ProgramCountsOf(program, counts)};
        for (ProgramResult& result : *results) {
            if (result.program != program) continue;
            for (const Contractor& contractor : result.contractors) {
                row.contractor_names.push_back(NameOf(*tenant, contractor.organization_id, contractor.name));
            }
            row.result = std::move(result);
        }
        view.rows.push_back(std::move(row));
    }
    return view;
}

Result<ProgramResult> EvaluationPlanService::SetProgramResult(const Actor& actor, const ProgramResult& result) {
    return Keep<ProgramResult>(actor, AuditAction::kUpdate, "program_result",
                               [&](EvaluationPlanRepository& repository, Instant now) -> Result<ProgramResult> {
                                   if (auto valid = ValidateProgramResult(result, TodayInJapan(clock_)); !valid) {
                                       return Fail(valid.error());
                                   }
                                   ProgramResult record = result;
                                   record.updated_by = actor.principal.user.id;
                                   record.updated_at = now;
                                   return repository.SetProgramResult(record);
                               });
}

Result<ReportExport> EvaluationPlanService::ExportProgramResults(const Actor& actor, int fiscal_year,
                                                                 ReportFormat format) {
    auto view = ProgramResults(actor, fiscal_year);
    if (!view) return Fail(view.error());
    return DeliverReportFile(store_, actor, clock_, ProgramResultsFile(fiscal_year, view->rows),
                             "jigyo-jisseki-" + std::to_string(fiscal_year), format,
                             {.record_type = "program_result",
                              .record_id = fiscal_year,
                              .what = "事業別実績（" + FiscalYearLabel(fiscal_year) + "）"});
}

Result<SurveyList> EvaluationPlanService::Surveys(const Actor& actor) {
    auto kind = Reader(actor);
    if (!kind) return Fail(kind.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto surveys = repositories_(*tenant)->Surveys();
    if (!surveys) return Fail(surveys.error());
    return SurveyList{.surveys = std::move(*surveys), .may_edit = MayKeepEvaluationPlan(actor.principal, *kind)};
}

Result<SurveyView> EvaluationPlanService::Survey(const Actor& actor, StakeholderSurveyId id) {
    auto kind = Reader(actor);
    if (!kind) return Fail(kind.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto repository = repositories_(*tenant);
    auto survey = repository->GetSurvey(id);
    if (!survey) return Fail(survey.error());
    auto responses = repository->SurveyResponses(id);
    if (!responses) return Fail(responses.error());
    SurveyView view{.survey = std::move(*survey),
                    .responses = std::move(*responses),
                    .agencies = {},
                    .totals = {},
                    .may_edit = MayKeepEvaluationPlan(actor.principal, *kind)};
    for (const SurveyResponse& response : view.responses) {
        view.agencies.push_back(NameOf(*tenant, response.organization_id, response.agency));
    }
    view.totals = TotalsOf(view.survey, view.responses);
    return view;
}

Result<StakeholderSurvey> EvaluationPlanService::AddSurvey(const Actor& actor, const StakeholderSurvey& survey) {
    return Keep<StakeholderSurvey>(actor, AuditAction::kCreate, "stakeholder_survey",
                                   [&](EvaluationPlanRepository& repository, Instant now) -> Result<StakeholderSurvey> {
                                       StakeholderSurvey record = survey;
                                       if (record.items.empty())
                                           record.items.assign(std::begin(kDefaultSurveyItems),
                                                               std::end(kDefaultSurveyItems));
                                       if (auto valid = ValidateSurvey(record, TodayInJapan(clock_)); !valid)
                                           return Fail(valid.error());
                                       record.created_by = actor.principal.user.id;
                                       record.created_at = now;
                                       return repository.AddSurvey(record);
                                   });
}

Result<StakeholderSurvey> EvaluationPlanService::AddSurveyItem(const Actor& actor, StakeholderSurveyId id,
                                                               const std::string& item) {
    return Keep<StakeholderSurvey>(actor, AuditAction::kUpdate, "stakeholder_survey",
                                   [&](EvaluationPlanRepository& repository, Instant) -> Result<StakeholderSurvey> {
                                       auto survey = repository.GetSurvey(id);
                                       if (!survey) return Fail(survey.error());
                                       if (auto valid = ValidateSurveyItem(*survey, item); !valid) {
                                           return Fail(valid.error());
                                       }
                                       if (auto added = repository.AddSurveyItem(id, item); !added) {
                                           return Fail(added.error());
                                       }
                                       return repository.GetSurvey(id);
                                   });
}

Result<SurveyResponse> EvaluationPlanService::AddSurveyResponse(const Actor& actor, const SurveyResponse& response) {
    return Keep<SurveyResponse>(actor, AuditAction::kCreate, "stakeholder_survey_response",
                                [&](EvaluationPlanRepository& repository, Instant now) -> Result<SurveyResponse> {
                                    auto survey = repository.GetSurvey(response.survey_id);
                                    if (!survey) return Fail(survey.error());
                                    if (auto valid = ValidateSurveyResponse(*survey, response); !valid) {
                                        return Fail(valid.error());
                                    }
                                    SurveyResponse record = response;
                                    record.created_by = actor.principal.user.id;
                                    record.created_at = now;
                                    return repository.AddSurveyResponse(record);
                                });
}

Result<ReportExport> EvaluationPlanService::ExportSurvey(const Actor& actor, StakeholderSurveyId id,
                                                         ReportFormat format) {
    auto view = Survey(actor, id);
    if (!view) return Fail(view.error());
    return DeliverReportFile(store_, actor, clock_, SurveyFile(view->survey, view->responses, view->agencies),
                             "kankeisha-chosa-" + std::to_string(id.value()), format,
                             {.record_type = "stakeholder_survey",
                              .record_id = id.value(),
                              .what = "関係者調査「" + view->survey.title + "」"});
}

ReportFile EvaluationSheetFile(const EvaluationPlanView& view, int fiscal_year) {
    ReportFile file;
    file.preamble = {{"評価シート", view.plan.name}, {"年度", FiscalYearLabel(fiscal_year)}};
    ReportSection indicators{.name = "評価指標", .heading = {"指標", "単位", "目標", "実績", "達成率"}, .rows = {}};
    for (const IndicatorRow& row : view.indicators) {
        for (const IndicatorYearRow& year : row.years) {
            if (year.fiscal_year != fiscal_year) continue;
            const auto number = [](std::optional<long long> value) -> XlsxCell {
                if (value) return *value;
                return std::string("—");
            };
            indicators.rows.push_back(
                {"indicator:" + std::to_string(row.indicator.id.value()),
                 {row.name, row.unit, number(year.target), number(year.actual), AchievementRateText(year.rate)}});
        }
    }
    ReportSection actions{
        .name = "アクションプラン", .heading = {"取組", "担当", "状況", "評価・課題", "評定"}, .rows = {}};
    for (const ActionItem& item : view.actions) {
        if (item.fiscal_year != fiscal_year) continue;
        actions.rows.push_back(
            {"action:" + std::to_string(item.id.value()),
             {item.item, item.owner, std::string(ActionItemStatusLabel(item.status)), item.evaluation,
              item.rating ? std::string(ActionRatingCode(*item.rating)) : std::string()}});
    }
    file.sections.push_back(std::move(indicators));
    file.sections.push_back(std::move(actions));
    return file;
}

}  // namespace kasane::domain
