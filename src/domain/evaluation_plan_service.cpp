// SPDX-License-Identifier: Apache-2.0
#include "domain/evaluation_plan_service.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "domain/access_policy.hpp"
#include "domain/intake_support.hpp"
#include "domain/town_period_counts.hpp"

namespace kasane::domain {

using intake_support::AppendOne;
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

Result<EvaluationPlan> EvaluationPlanService::AddPlan(const Actor& actor, const EvaluationPlan& plan) {
    if (auto keeper = Keeper(actor); !keeper) return Fail(keeper.error());
    if (auto valid = ValidatePlan(plan); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    EvaluationPlan saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        EvaluationPlan record = plan;
        record.created_by = actor.principal.user.id;
        record.created_at = now;
        auto added = repositories_(*in)->AddPlan(record);
        if (!added) return Fail(added.error());
        saved = std::move(*added);
        return AppendOne(
            *in, RecordEntry(actor, now, AuditAction::kCreate, "evaluation_plan", saved.id.value(), kAuditBasis));
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<EvaluationIndicator> EvaluationPlanService::AddIndicator(const Actor& actor,
                                                                const EvaluationIndicator& indicator) {
    if (auto keeper = Keeper(actor); !keeper) return Fail(keeper.error());
    if (auto valid = ValidateIndicator(indicator); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    EvaluationIndicator saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto repository = repositories_(*in);
        auto plan = repository->GetPlan(indicator.plan_id);
        if (!plan) return Fail(plan.error());
        EvaluationIndicator record = indicator;
        record.years.clear();
        record.created_by = actor.principal.user.id;
        record.created_at = now;
        auto added = repository->AddIndicator(record);
        if (!added) return Fail(added.error());
        saved = std::move(*added);
        return AppendOne(
            *in, RecordEntry(actor, now, AuditAction::kCreate, "evaluation_indicator", saved.id.value(), kAuditBasis));
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<EvaluationIndicator> EvaluationPlanService::SetYear(const Actor& actor, EvaluationIndicatorId id,
                                                           const IndicatorYear& year) {
    if (auto keeper = Keeper(actor); !keeper) return Fail(keeper.error());
    const Instant now = clock_.Now();
    EvaluationIndicator saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto repository = repositories_(*in);
        auto indicator = repository->GetIndicator(id);
        if (!indicator) return Fail(indicator.error());
        auto plan = repository->GetPlan(indicator->plan_id);
        if (!plan) return Fail(plan.error());
        if (auto valid = ValidateIndicatorYear(*plan, indicator->kind, year); !valid) return valid;
        if (auto set = repository->SetYear(id, year); !set) return set;
        auto updated = repository->GetIndicator(id);
        if (!updated) return Fail(updated.error());
        saved = std::move(*updated);
        return AppendOne(
            *in, RecordEntry(actor, now, AuditAction::kUpdate, "evaluation_indicator", id.value(), kAuditBasis));
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<ActionItem> EvaluationPlanService::AddAction(const Actor& actor, const ActionItem& item) {
    if (auto keeper = Keeper(actor); !keeper) return Fail(keeper.error());
    const Instant now = clock_.Now();
    ActionItem saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto repository = repositories_(*in);
        auto plan = repository->GetPlan(item.plan_id);
        if (!plan) return Fail(plan.error());
        if (auto valid = ValidateActionItem(*plan, item); !valid) return valid;
        ActionItem record = item;
        record.created_by = actor.principal.user.id;
        record.created_at = now;
        auto added = repository->AddAction(record);
        if (!added) return Fail(added.error());
        saved = std::move(*added);
        return AppendOne(
            *in, RecordEntry(actor, now, AuditAction::kCreate, "evaluation_action", saved.id.value(), kAuditBasis));
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<ActionItem> EvaluationPlanService::UpdateAction(const Actor& actor, const ActionItem& item) {
    if (auto keeper = Keeper(actor); !keeper) return Fail(keeper.error());
    const Instant now = clock_.Now();
    ActionItem saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto repository = repositories_(*in);
        auto existing = repository->GetAction(item.id);
        if (!existing) return Fail(existing.error());
        auto plan = repository->GetPlan(existing->plan_id);
        if (!plan) return Fail(plan.error());
        ActionItem record = *existing;
        record.status = item.status;
        record.evaluation = item.evaluation;
        record.rating = item.rating;
        if (auto valid = ValidateActionItem(*plan, record); !valid) return valid;
        if (auto updated = repository->UpdateAction(record); !updated) return updated;
        saved = std::move(record);
        return AppendOne(
            *in, RecordEntry(actor, now, AuditAction::kUpdate, "evaluation_action", saved.id.value(), kAuditBasis));
    });
    if (!written) return Fail(written.error());
    return saved;
}

}  // namespace kasane::domain
