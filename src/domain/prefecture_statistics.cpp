// SPDX-License-Identifier: Apache-2.0
#include "domain/prefecture_statistics.hpp"

#include <algorithm>
#include <utility>

#include "base/japanese_date.hpp"
#include "domain/access_policy.hpp"
#include "domain/export_rights.hpp"
#include "domain/intake_support.hpp"
#include "domain/report_delivery.hpp"
#include "domain/town_period_counts.hpp"

namespace kasane::domain {

using intake_support::EntryFor;

std::string_view SupportVisitPurposeCode(SupportVisitPurpose purpose) {
    switch (purpose) {
        case SupportVisitPurpose::kIndividualVisit: return "individual_visit";
        case SupportVisitPurpose::kPlatform: return "platform";
        case SupportVisitPurpose::kOther: return "other";
    }
    return "other";
}

std::string_view SupportVisitPurposeLabel(SupportVisitPurpose purpose) {
    switch (purpose) {
        case SupportVisitPurpose::kIndividualVisit: return "個別訪問勧奨";
        case SupportVisitPurpose::kPlatform: return "官民連携プラットフォーム";
        case SupportVisitPurpose::kOther: return "その他";
    }
    return "その他";
}

std::optional<SupportVisitPurpose> ParseSupportVisitPurpose(std::string_view code) {
    for (auto purpose :
         {SupportVisitPurpose::kIndividualVisit, SupportVisitPurpose::kPlatform, SupportVisitPurpose::kOther}) {
        if (SupportVisitPurposeCode(purpose) == code) return purpose;
    }
    return std::nullopt;
}

std::string_view TownProgramCode(TownProgram program) {
    return program == TownProgram::kIntegrated ? "integrated" : "transition";
}

std::string_view TownProgramLabel(TownProgram program) {
    return program == TownProgram::kIntegrated ? "重層的支援体制整備事業" : "移行準備事業";
}

std::optional<TownProgram> ParseTownProgram(std::string_view code) {
    for (auto program : {TownProgram::kIntegrated, TownProgram::kTransition}) {
        if (TownProgramCode(program) == code) return program;
    }
    return std::nullopt;
}

PrefectureStatistics::PrefectureStatistics(Store& store, PrefectureStatisticsRepositories repositories,
                                           const Clock& clock, AuditRecorder& audit)
    : PrefectureStatistics(store, AggregateReads(store), std::move(repositories), clock, audit) {}

PrefectureStatistics::PrefectureStatistics(Store& store, AggregateReads aggregates,
                                           PrefectureStatisticsRepositories repositories, const Clock& clock,
                                           AuditRecorder& audit)
    : store_(store),
      aggregates_(std::move(aggregates)),
      repositories_(std::move(repositories)),
      clock_(clock),
      audit_(audit) {}

std::unique_ptr<PrefectureStatisticsRepository> PrefectureStatistics::RecordsOf(TenantStore& tenant) {
    return repositories_(tenant);
}

std::unique_ptr<PrefectureStatisticsRepository> PrefectureStatistics::Records(MunicipalityId tenant) {
    auto store = store_.Tenant(tenant);
    return RecordsOf(*store);
}

namespace {

Error WithField(Error error, std::string field) {
    error.field = std::move(field);
    return error;
}

Error Missing() { return Error::NotFound("ページが見つかりません"); }

constexpr std::size_t kMaxVisitNotes = 2000;

}  // namespace

Result<std::string> PrefectureStatistics::PrefectureOf(const Actor& actor) {
    auto prefecture = Records(actor.Tenant())->PrefectureOfOffice(actor.Tenant());
    if (!prefecture) return Fail(prefecture.error());
    if (!*prefecture || !MayReadPrefectureRollup(actor.principal, actor.Tenant())) return Fail(Missing());
    return **prefecture;
}

bool PrefectureStatistics::Offers(const Principal& principal) {
    if (!principal.HasRole(Role::kPrefectureAnalyst)) return false;
    auto prefecture = Records(principal.Tenant())->PrefectureOfOffice(principal.Tenant());
    return prefecture && *prefecture && MayReadPrefectureRollup(principal, principal.Tenant());
}

Result<std::vector<Municipality>> PrefectureStatistics::TownsOf(std::string_view prefecture_code) {
    auto municipalities = store_.Municipalities().List();
    if (!municipalities) return Fail(municipalities.error());
    std::vector<Municipality> towns;
    for (Municipality& municipality : *municipalities) {
        if (municipality.code.starts_with(prefecture_code)) towns.push_back(std::move(municipality));
    }
    return towns;
}

Result<PrefectureRollup> PrefectureStatistics::Compute(const Actor& actor, std::string_view prefecture_code,
                                                       const ReportPeriod& period) {
    const auto records = Records(actor.Tenant());
    auto record = records->Get(prefecture_code);
    if (!record) return Fail(record.error());
    const PrefectureStatisticsSettings settings = *record ? (*record)->settings : PrefectureStatisticsSettings{};
    auto towns = TownsOf(prefecture_code);
    if (!towns) return Fail(towns.error());
    std::vector<TownRollupInput> inputs;
    for (const Municipality& town : *towns) {
        // Read inside the town by its own counting rules, at exact figures: they go no further than RollUpPrefecture.
        // Counted where the installation counts aggregates (the standby when there is one).
        auto report = aggregates_.Run(
            [&](Store& counting) { return ReadTownPeriod(counting, town.id, period, Figures::kExact); });
        if (!report) return Fail(report.error());
        auto figures = store_.TownSetups().Figures(town.id);
        if (!figures) return Fail(figures.error());
        TownRollupInput input{.code = town.code, .name = town.name, .population = std::nullopt, .figures = {}};
        for (const YearFigures& year : *figures) {
            if (year.fiscal_year == period.fiscal_year) input.population = year.population;
        }
        std::vector<long long> values = RollupFiguresOf(*report);
        // Not collected: a town with nothing recorded in the period and no figures entered for its 年度 (it does
        // not keep its 事業 in Kasane for that year).
        const bool nothing = std::ranges::all_of(values, [](long long value) { return value == 0; });
        if (!(nothing && !input.population)) input.figures = std::move(values);
        inputs.push_back(std::move(input));
    }
    auto releases = records->Releases(prefecture_code);
    if (!releases) return Fail(releases.error());
    PrefectureRollup rollup = RollUpPrefecture(period, inputs, settings, *releases);
    const bool seen = std::ranges::any_of(
        *releases, [&](const RollupRelease& release) { return SameRelease(release, rollup.release); });
    if (!seen) {
        auto added = records->AddRelease(prefecture_code, rollup.release, clock_.Now());
        if (!added) return Fail(added.error());
    }
    return rollup;
}

Result<PrefectureRollup> PrefectureStatistics::Rollup(const Actor& actor, const ReportPeriod& period) {
    auto prefecture = PrefectureOf(actor);
    if (!prefecture) return Fail(prefecture.error());
    if (!IsReleasePeriod(period)) return Fail(Error::NotFound("この期間の集計はありません"));
    auto rollup = Compute(actor, *prefecture, period);
    if (!rollup) return Fail(rollup.error());
    AuditEntry entry = EntryFor(actor, clock_.Now(), AuditAction::kRead, "prefecture_rollup", period.fiscal_year,
                                std::nullopt, "towns,figures");
    entry.detail = "県の集計（" + PeriodLabel(period) + "、" + std::to_string(rollup->rows.size()) + "行、基準" +
                   std::to_string(rollup->floor) + "）";
    audit_.Record(std::move(entry));
    return rollup;
}

namespace {

ReportFile RollupFile(const PrefectureRollup& rollup) {
    ReportFile file;
    file.preamble.push_back({"県の集計", rollup.label});
    file.preamble.push_back({"秘匿", std::to_string(rollup.floor) + "未満の数をχ、0を-、未集計を…で表示"});
    ReportSection figures{.name = "県の集計", .heading = {"市町村・圏域", "人口"}, .rows = {}};
    ReportSection rates{.name = "千人当たり", .heading = {"市町村・圏域", "人口"}, .rows = {}};
    for (const RollupMeasure& measure : RollupMeasures()) {
        figures.heading.emplace_back(measure.label);
        if (measure.rated) rates.heading.emplace_back(std::string(measure.label) + "（千人当たり）");
    }
    auto add = [&](const RollupRow& row, std::string key) {
        const XlsxCell population =
            row.population ? XlsxCell(static_cast<long long>(*row.population)) : XlsxCell(std::string("…"));
        ReportRow counts{.key = key, .cells = {row.label, population}};
        ReportRow rated{.key = std::move(key), .cells = {row.label, population}};
        for (std::size_t m = 0; m < RollupMeasures().size(); ++m) {
            const RollupCell& cell = row.cells[m];
            counts.cells.push_back(cell.mark == CellMark::kFigure ? XlsxCell(cell.value) : XlsxCell(CellText(cell)));
            if (RollupMeasures()[m].rated) rated.cells.emplace_back(RateText(cell));
        }
        figures.rows.push_back(std::move(counts));
        rates.rows.push_back(std::move(rated));
    };
    for (const RollupRow& row : rollup.rows) add(row, "row:" + row.town_codes.front());
    add(rollup.total, "total");
    file.sections.push_back(std::move(figures));
    file.sections.push_back(std::move(rates));
    return file;
}

std::string PeriodStem(const ReportPeriod& period) {
    std::string stem = "ken-shukei-" + std::to_string(period.fiscal_year);
    if (period.kind == PeriodKind::kPartYear) stem += "-" + std::to_string(period.through_month);
    return stem;
}

}  // namespace

Result<ReportExport> PrefectureStatistics::Export(const Actor& actor, const ReportPeriod& period, ReportFormat format) {
    auto prefecture = PrefectureOf(actor);
    if (!prefecture) return Fail(prefecture.error());
    if (!IsReleasePeriod(period)) return Fail(Error::NotFound("この期間の集計はありません"));
    auto rollup = Compute(actor, *prefecture, period);
    if (!rollup) return Fail(rollup.error());
    return DeliverReportFile(store_, actor, clock_, RollupFile(*rollup), PeriodStem(period), format,
                             {.record_type = "prefecture_rollup",
                              .record_id = period.fiscal_year,
                              .what = "県の集計（" + PeriodLabel(period) + "）",
                              .figures = "秘匿あり"});
}

Result<PrefectureOverview> PrefectureStatistics::Overview(const Actor& actor) {
    auto code = PrefectureOf(actor);
    if (!code) return Fail(code.error());
    auto prefecture = store_.Prefectures().Get(*code);
    if (!prefecture) return Fail(prefecture.error());
    const auto records = Records(actor.Tenant());
    auto record = records->Get(*code);
    if (!record) return Fail(record.error());
    auto towns = TownsOf(*code);
    if (!towns) return Fail(towns.error());
    auto visits = records->Visits(*code);
    if (!visits) return Fail(visits.error());
    auto programs = records->Programs(*code);
    if (!programs) return Fail(programs.error());
    PrefectureOverview overview{.prefecture = std::move(*prefecture),
                                .towns = {},
                                .settings = *record ? (*record)->settings : PrefectureStatisticsSettings{},
                                .visits = std::move(*visits),
                                .programs = std::move(*programs)};
    for (const Municipality& town : *towns) overview.towns.push_back({town.code, town.name});
    AuditEntry entry =
        EntryFor(actor, clock_.Now(), AuditAction::kRead, "prefecture_statistics", 0, std::nullopt, "settings,visits");
    entry.detail = "県の集計の設定と支援の記録を表示";
    audit_.Record(std::move(entry));
    return overview;
}

Result<PrefectureStatisticsSettings> PrefectureStatistics::SaveSettings(const Actor& actor,
                                                                        const PrefectureStatisticsSettings& settings) {
    auto code = PrefectureOf(actor);
    if (!code) return Fail(code.error());
    auto towns = TownsOf(*code);
    if (!towns) return Fail(towns.error());
    std::vector<std::string> codes;
    for (const Municipality& town : *towns) codes.push_back(town.code);
    if (auto valid = ValidatePrefectureStatisticsSettings(settings, codes); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    const Status saved = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        if (auto put = RecordsOf(*tenant)->PutSettings(*code, settings, now); !put) return put;
        std::vector<AuditEntry> entries{EntryFor(actor, now, AuditAction::kUpdate, "prefecture_statistics", 0,
                                                 std::nullopt, "floor,merge_below_population,areas")};
        entries.front().detail = "秘匿の基準" + std::to_string(settings.floor) + "、圏域にまとめる人口" +
                                 std::to_string(settings.merge_below_population) + "、圏域" +
                                 std::to_string(settings.areas.size());
        return tenant->Audit().Append(entries);
    });
    if (!saved) return Fail(saved.error());
    return settings;
}

Result<std::vector<TownProgramStatus>> PrefectureStatistics::SavePrograms(
    const Actor& actor, const std::vector<TownProgramStatus>& programs) {
    auto code = PrefectureOf(actor);
    if (!code) return Fail(code.error());
    auto towns = TownsOf(*code);
    if (!towns) return Fail(towns.error());
    std::vector<TownProgramStatus> sorted = programs;
    for (const TownProgramStatus& status : sorted) {
        if (std::ranges::none_of(*towns, [&](const Municipality& town) { return town.code == status.town_code; })) {
            return Fail(Error::InvalidArgument("団体コード" + status.town_code + "はこの都道府県の市町村ではありません",
                                               "programs"));
        }
        if (status.from_year < kFirstProgramYear || status.from_year > kLatestReportYear) {
            return Fail(Error::InvalidArgument("事業の開始年度は令和3年度（2021年度）以降にしてください", "programs"));
        }
    }
    std::ranges::sort(sorted, [](const TownProgramStatus& a, const TownProgramStatus& b) {
        return std::pair(a.town_code, a.program) < std::pair(b.town_code, b.program);
    });
    for (std::size_t i = 1; i < sorted.size(); ++i) {
        if (sorted[i].town_code == sorted[i - 1].town_code && sorted[i].program == sorted[i - 1].program) {
            return Fail(Error::InvalidArgument("同じ市町村の同じ事業が二つあります", "programs"));
        }
    }
    const Instant now = clock_.Now();
    const Status saved = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        if (auto put = RecordsOf(*tenant)->PutPrograms(*code, sorted); !put) return put;
        std::vector<AuditEntry> entries{
            EntryFor(actor, now, AuditAction::kUpdate, "prefecture_statistics", 0, std::nullopt, "programs")};
        entries.front().detail = "事業実施状況を保存（" + std::to_string(sorted.size()) + "件）";
        return tenant->Audit().Append(entries);
    });
    if (!saved) return Fail(saved.error());
    return sorted;
}

Result<SupportVisit> PrefectureStatistics::AddVisit(const Actor& actor, const SupportVisitRequest& request) {
    auto code = PrefectureOf(actor);
    if (!code) return Fail(code.error());
    auto towns = TownsOf(*code);
    if (!towns) return Fail(towns.error());
    if (!request.town_code.empty() &&
        std::ranges::none_of(*towns, [&](const Municipality& town) { return town.code == request.town_code; })) {
        return Fail(Error::InvalidArgument("この都道府県の市町村を選んでください", "town_code"));
    }
    auto visited_on = ParseJapaneseDate(request.visited_on, "visited_on");
    if (!visited_on) return Fail(Error::InvalidArgument(visited_on.error().message, "visited_on"));
    auto purpose = ParseSupportVisitPurpose(request.purpose);
    if (!purpose) return Fail(Error::InvalidArgument("目的を選んでください", "purpose"));
    if (request.notes.size() > kMaxVisitNotes) {
        return Fail(Error::InvalidArgument("内容は2000字以内にしてください", "notes"));
    }
    const Instant now = clock_.Now();
    SupportVisit visit{.id = {},
                       .town_code = request.town_code,
                       .visited_on = *visited_on,
                       .purpose = *purpose,
                       .notes = request.notes,
                       .recorded_at = now};
    const Status saved = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto added = RecordsOf(*tenant)->AddVisit(*code, visit);
        if (!added) return Fail(added.error());
        visit = *added;
        std::vector<AuditEntry> entries{EntryFor(actor, now, AuditAction::kCreate, "support_visit", visit.id.value(),
                                                 std::nullopt, "town_code,visited_on,purpose,notes")};
        entries.front().detail =
            std::string(SupportVisitPurposeLabel(visit.purpose)) + "（" + visit.town_code + "）を記録";
        return tenant->Audit().Append(entries);
    });
    if (!saved) return Fail(saved.error());
    return visit;
}

Status PrefectureStatistics::DesignateOffice(const Actor& actor, std::string_view prefecture_code,
                                             std::string_view municipality_code) {
    if (!IsOperator(actor.principal)) return Fail(Error::PermissionDenied("運用者だけが指定できます"));
    auto code = ParsePrefectureCode(prefecture_code);
    if (!code) return Fail(Error::InvalidArgument(code.error().message, "prefecture_code"));
    auto prefecture = store_.Prefectures().Get(*code);
    if (!prefecture) return Fail(WithField(Error::NotFound("都道府県が登録されていません"), "prefecture_code"));
    auto office = store_.Municipalities().FindByCode(municipality_code);
    if (!office) return Fail(WithField(Error::NotFound("団体コードの自治体がありません"), "municipality_code"));
    const Instant now = clock_.Now();
    return store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        if (auto put = RecordsOf(*tenant)->PutOffice(*code, office->id, now); !put) return put;
        std::vector<AuditEntry> entries{
            EntryFor(actor, now, AuditAction::kUpdate, "prefecture_statistics", 0, std::nullopt, "office")};
        entries.front().detail = "運用者が" + prefecture->name + "の県の集計を見る自治体を指定: " + office->name +
                                 "（" + office->code + "）";
        return tenant->Audit().Append(entries);
    });
}

}  // namespace kasane::domain
