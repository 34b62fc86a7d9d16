// SPDX-License-Identifier: Apache-2.0
#pragma once

// Realistic, deterministic volume for the demo town (issue #5): persons with plausible Japanese names, households
// shaped like a rural town (高齢化率 near 38%, single elders, 8050 and ダブルケア households), five fiscal years
// of consultations with their contacts, referrals in every state and the audit entries their writes leave. The
// same size and seed always give the same rows. Everything goes through the repositories, batched in large
// transactions: the persons, households and consultations through their batch paths (CreateMany), inside the
// store's bulk load session when one is given.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/japanese_date.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "demo/demo_town.hpp"
#include "domain/bulk_load.hpp"
#include "domain/repositories.hpp"

namespace kasane::demo {

enum class DemoScale { kTown, kCity, kPrefecture };
std::string_view DemoScaleCode(DemoScale scale);  // "town", "city", "prefecture"
std::optional<DemoScale> ParseDemoScale(std::string_view code);

struct DemoScaleSize {
    long long persons = 0;   // persons known to the municipality
    long long contacts = 0;  // contacts over the five fiscal years
};
DemoScaleSize SizeOf(DemoScale scale);  // town 15,000 / 75,000; city 150,000 / 750,000; prefecture 1M / 5M
// A set of any number of persons, for the growth measurements of issue 18 (10,000, 100,000, 1,000,000): five
// contacts a person, as in every scale. `kasane demo --persons N`.
inline constexpr long long kDemoScaleMinPersons = 1'000;
inline constexpr long long kDemoScaleMaxPersons = 10'000'000;

// The data covers 令和3年度〜令和7年度 (FY2021–FY2025: 2021-04-01 to 2026-03-31 JST), fixed so that the same seed
// always gives the same rows whatever the day.
inline constexpr int kDemoScaleFirstFiscalYear = 2021;
inline constexpr int kDemoScaleLastFiscalYear = 2025;

// The stages of LoadDemoScale after which a caller may act on what is written (GenerateThroughSqlite hands the tables
// each completes to the copy into PostgreSQL while the generator goes on).
enum class DemoScaleStage {
    // The persons, households, memberships, consultations, contacts and referrals are written (and committed); no
    // later stage changes them: the bulk session's end builds indexes and adds the aggregates and search grams, the
    // cases add consents, cases, meetings, plans, notes and their audit entries.
    kVolumeWritten,
    // The bulk session has ended (`bulk` not null): the 年度集計's aggregates and the search grams are written, and
    // the cases that follow change neither.
    kLoadFinished,
};

struct DemoScaleOptions {
    DemoScale scale = DemoScale::kTown;
    // When not 0, the number of persons instead of the scale's (kDemoScaleMinPersons to kDemoScaleMaxPersons; the last
    // household is whole, so a few more at most, as with every scale), with five contacts each; the settings marker
    // then says "persons N" instead of the scale.
    long long persons = 0;
    std::uint64_t seed = 1;
    // The last day (JST) the data reaches: the five years are moved by whole weeks to end there, so that a demo
    // served today has this week's consultations (make run). Empty: the fixed years, as the benchmarks need.
    std::optional<Date> ending;
    // Called now and then with a line of progress ("persons 120000/1000000 …"); may be empty.
    std::function<void(std::string_view)> progress;
    // The store's bulk load session (storage/bulk_load_port.hpp), opened around the persons and consultations and
    // finished before the cases are drawn from the stored persons; may be null (then the indexes stay throughout).
    domain::BulkLoad* bulk = nullptr;
    // Called after each stage (may be empty).
    std::function<void(DemoScaleStage)> stage_done;
};

DemoScaleSize SizeOf(const DemoScaleOptions& options);        // the scale's, or `persons` and five contacts each
std::string DemoScaleLabel(const DemoScaleOptions& options);  // "town", or "persons 100000"

struct DemoScaleReport {
    bool created = false;  // false when this size and seed were already loaded
    long long persons = 0;
    long long elderly = 0;  // aged 65 or over on 2026-03-31
    long long households = 0;
    long long consultations = 0;
    long long contacts = 0;
    long long referrals = 0;
    long long audit_entries = 0;
    // 多機関協働 (GenerateScaleCases)
    long long cases = 0;
    long long plans = 0;
    long long meetings = 0;
    long long progress_notes = 0;
    double seconds = 0;
};

// Loads the scaled data into the demo town (LoadDemoTown must have run). Idempotent for the same size and seed; a
// database holding another size or seed, or an interrupted load, is kConflict (field "scale") and is left as is.
// Commits every few thousand rows: an interrupted load leaves its marker, so it is never taken for complete. On a
// database whose persons were loaded before cases existed, it adds the cases (GenerateScaleCases) and reports those.
Result<DemoScaleReport> LoadDemoScale(domain::Store& store, const DemoTown& town, const DemoScaleOptions& options);

// Whether the demo town of `store` records a scaled load (complete, or begun and interrupted).
Result<bool> DemoScaleRecorded(domain::Store& store, const DemoTown& town);

// 多機関協働 volume on a database that already holds the scaled persons (LoadDemoScale calls it; it can also be run
// alone on an existing database): about one support case per 200 persons, on the 8050 and ダブルケア households
// found among the stored persons in id order, each with a lead organisation, 2–4 team members with roles, its 事業,
// a consent to the 重層的支援会議 and the team, the meeting that approved its plan (3–6 actions, some overdue), an
// assessment on the seeded sheet, 2–4 eco-map relations and 20–40 progress notes. Deterministic for a seed and
// the stored persons; idempotent (a marker in the settings); kConflict (field "scale") after an interrupted run.
// The report counts only what this step added (persons and households are the ones examined).
Result<DemoScaleReport> GenerateScaleCases(domain::Store& store, const DemoTown& town, const DemoScaleOptions& options);

}  // namespace kasane::demo
