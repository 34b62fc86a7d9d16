// SPDX-License-Identifier: Apache-2.0
#pragma once

// 県の集計 (issue 17, item 6): the prefecture's analysts see its towns' figures side by side and in total, keep the
// floor and the 圏域, and record the prefecture's support visits to its towns.
//
// Who: a prefecture analyst of the municipality the operator designated as the prefecture's office
// (access_policy.hpp: MayReadPrefectureRollup). Anyone else is answered kNotFound, like a missing page. The towns are
// the municipalities whose 団体コード begins with the prefecture's 2 digits (the office itself included when it is
// one of them: it is a town like the others). Each town's figures are read inside the town by the town's own
// counting rules (ReadTownPeriod, the 年度集計 at exact figures) and pass through RollUpPrefecture
// (prefecture_rollup.hpp) before anything is returned: no hidden figure leaves this service, in JSON or in a file.
// Every roll-up is a release, recorded unless the same was recorded before; reads are audited in the analyst's
// municipality, a file as an export.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/aggregate_reads.hpp"
#include "domain/audit_recorder.hpp"
#include "domain/intake.hpp"
#include "domain/prefecture_rollup.hpp"
#include "domain/prefecture_statistics_repositories.hpp"
#include "domain/report_file.hpp"
#include "domain/repositories.hpp"

namespace kasane::domain {

struct PrefectureTown {
    std::string code;
    std::string name;
};

// The prefecture as its analysts keep it: its towns, the settings and the support visits.
struct PrefectureOverview {
    Prefecture prefecture;
    std::vector<PrefectureTown> towns;  // by code
    PrefectureStatisticsSettings settings;
    std::vector<SupportVisit> visits;         // newest first
    std::vector<TownProgramStatus> programs;  // 事業実施状況, by town code
};

// The first 年度 of the 重層的支援体制整備事業 (令和3年度, 社会福祉法 改正 2021-04-01).
inline constexpr int kFirstProgramYear = 2021;

// A support visit as typed: the town by 団体コード (empty for a platform meeting), the date, purpose, notes.
struct SupportVisitRequest {
    std::string town_code;
    std::string visited_on;  // 令和6年5月1日 or 2024-05-01
    std::string purpose;     // SupportVisitPurposeCode
    std::string notes;
};

class PrefectureStatistics {
public:
    PrefectureStatistics(Store& store, PrefectureStatisticsRepositories repositories, const Clock& clock,
                         AuditRecorder& audit);
    // Each town's figures counted where `aggregates` says (aggregate_reads.hpp: a hot standby when configured); the
    // analyst's right, the settings, the towns and every write stay on `store`, the primary.
    PrefectureStatistics(Store& store, AggregateReads aggregates, PrefectureStatisticsRepositories repositories,
                         const Clock& clock, AuditRecorder& audit);

    // Whether the navigation offers 県の集計 to the principal (MayReadPrefectureRollup); false on a storage error.
    bool Offers(const Principal& principal);

    // The roll-up of a release period (a 年度 or its 上半期; any other period is kNotFound, like a missing page).
    Result<PrefectureRollup> Rollup(const Actor& actor, const ReportPeriod& period);
    // The roll-up as a file (report_file.hpp): 県の集計 (figures) and 千人当たり (rates), 「χ」「-」「…」 as text.
    // Audited as an export, with its row count, before the file leaves.
    Result<ReportExport> Export(const Actor& actor, const ReportPeriod& period, ReportFormat format);
    Result<PrefectureOverview> Overview(const Actor& actor);
    // Replaces the floor, the threshold and the 圏域 (ValidatePrefectureStatisticsSettings). Audited.
    Result<PrefectureStatisticsSettings> SaveSettings(const Actor& actor, const PrefectureStatisticsSettings& settings);
    // Replaces every town's 事業実施状況. kInvalidArgument (field "programs"): a town not of the prefecture, a 年度
    // before kFirstProgramYear or after kLatestReportYear, the same town and 事業 twice. Audited.
    Result<std::vector<TownProgramStatus>> SavePrograms(const Actor& actor,
                                                        const std::vector<TownProgramStatus>& programs);
    // kInvalidArgument naming the field: a town not of the prefecture ("town_code"), a date ("visited_on"), a
    // purpose ("purpose"), notes over 2,000 characters ("notes"). Audited.
    Result<SupportVisit> AddVisit(const Actor& actor, const SupportVisitRequest& request);

    // The operator designates the municipality whose prefecture analysts see the prefecture's roll-up.
    // kPermissionDenied for anyone but the operator; kNotFound (field "prefecture_code") for a prefecture not
    // registered, (field "municipality_code") for an unknown municipality. Audited in the operator's municipality.
    Status DesignateOffice(const Actor& actor, std::string_view prefecture_code, std::string_view municipality_code);

private:
    // The 2-digit code of the prefecture whose analyst the actor is; kNotFound otherwise.
    Result<std::string> PrefectureOf(const Actor& actor);
    Result<std::vector<Municipality>> TownsOf(std::string_view prefecture_code);
    Result<PrefectureRollup> Compute(const Actor& actor, std::string_view prefecture_code, const ReportPeriod& period);

    // The prefectures' records over the connection of `tenant` (of the store or of a transaction).
    std::unique_ptr<PrefectureStatisticsRepository> RecordsOf(TenantStore& tenant);
    // The same over the store's own connection, lent by the actor's tenant.
    std::unique_ptr<PrefectureStatisticsRepository> Records(MunicipalityId tenant);

    Store& store_;
    AggregateReads aggregates_;
    PrefectureStatisticsRepositories repositories_;
    const Clock& clock_;
    AuditRecorder& audit_;
};

}  // namespace kasane::domain
