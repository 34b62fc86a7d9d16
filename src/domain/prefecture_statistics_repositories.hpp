// SPDX-License-Identifier: Apache-2.0
#pragma once

// The prefecture's records for its view of its towns (prefecture_statistics.hpp): installation-wide, keyed by the
// 2-digit 都道府県コード, never inside a town's tenant. They hold no personal datum: settings, 圏域, the releases
// (figures as shown, never a hidden one) and the support visits to towns (date, town, purpose, notes).

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/japanese_date.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/prefecture_rollup.hpp"

namespace kasane::domain {

// The prefecture's support to its towns.
enum class SupportVisitPurpose {
    kIndividualVisit,  // 個別訪問勧奨: a visit to a town that has not started the 事業
    kPlatform,         // 官民連携プラットフォーム: the wide-area platform's meeting or workshop
    kOther,            // その他
};
std::string_view SupportVisitPurposeCode(SupportVisitPurpose purpose);   // "individual_visit", "platform", "other"
std::string_view SupportVisitPurposeLabel(SupportVisitPurpose purpose);  // 個別訪問勧奨 …
std::optional<SupportVisitPurpose> ParseSupportVisitPurpose(std::string_view code);

struct SupportVisit {
    SupportVisitId id{};
    std::string town_code;  // 団体コード of the town visited; empty for a platform meeting of all towns
    Date visited_on{};
    SupportVisitPurpose purpose = SupportVisitPurpose::kIndividualVisit;
    std::string notes;  // what was discussed; no personal datum (the form says so)
    Instant recorded_at{};
};

// 事業実施状況: which 事業 a town runs, from which 年度 (the prefecture's record of its towns).
enum class TownProgram {
    kIntegrated,  // 重層的支援体制整備事業 (社会福祉法 第106条の4)
    kTransition,  // 重層的支援体制への移行準備事業
};
std::string_view TownProgramCode(TownProgram program);   // "integrated", "transition"
std::string_view TownProgramLabel(TownProgram program);  // 重層的支援体制整備事業 …
std::optional<TownProgram> ParseTownProgram(std::string_view code);

struct TownProgramStatus {
    std::string town_code;
    TownProgram program = TownProgram::kIntegrated;
    int from_year = 0;  // 年度, e.g. 2023 for 令和5年度
};

// The prefecture's statistics as stored: where its analysts are (the office, designated by the operator) and the
// settings its analysts keep.
struct PrefectureStatisticsRecord {
    std::string prefecture_code;
    std::optional<MunicipalityId> office;  // the municipality whose prefecture analysts see the roll-up
    PrefectureStatisticsSettings settings;
    std::optional<Instant> updated_at;
};

class PrefectureStatisticsRepository {
public:
    virtual ~PrefectureStatisticsRepository() = default;
    // The prefecture's record; nullopt when nothing was stored (the defaults apply, and no office).
    virtual Result<std::optional<PrefectureStatisticsRecord>> Get(std::string_view prefecture_code) = 0;
    // The prefecture whose office `municipality_id` is, if any.
    virtual Result<std::optional<std::string>> PrefectureOfOffice(MunicipalityId municipality_id) = 0;
    // Sets the office (kNotFound when the prefecture is not registered; kConflict, field "municipality_code", when
    // the municipality is another prefecture's office already).
    virtual Status PutOffice(std::string_view prefecture_code, MunicipalityId office, Instant at) = 0;
    // Replaces the floor, the threshold and the 圏域 together (settings already validated).
    virtual Status PutSettings(std::string_view prefecture_code, const PrefectureStatisticsSettings& settings,
                               Instant at) = 0;
    virtual Result<std::vector<RollupRelease>> Releases(std::string_view prefecture_code) = 0;  // oldest first
    virtual Result<PrefectureReleaseId> AddRelease(std::string_view prefecture_code, const RollupRelease& release,
                                                   Instant at) = 0;
    // Every town's 事業実施状況, by town code then program; replaced as a whole.
    virtual Result<std::vector<TownProgramStatus>> Programs(std::string_view prefecture_code) = 0;
    virtual Status PutPrograms(std::string_view prefecture_code, const std::vector<TownProgramStatus>& programs) = 0;
    virtual Result<std::vector<SupportVisit>> Visits(std::string_view prefecture_code) = 0;  // newest first
    virtual Result<SupportVisit> AddVisit(std::string_view prefecture_code, const SupportVisit& visit) = 0;
};

class TenantStore;
// The repository over the connection of a tenant store (of the store or of a transaction), given by the composition
// root (storage::PrefectureStatisticsOf). The tables are installation-wide, keyed by prefecture: the tenant store only
// lends its connection (and its transaction). A port of its own rather than a Store accessor for now: adding one to
// repositories.hpp rebuilds nearly every file (to fold in with the next change that does).
using PrefectureStatisticsRepositories = std::function<std::unique_ptr<PrefectureStatisticsRepository>(TenantStore&)>;

}  // namespace kasane::domain
