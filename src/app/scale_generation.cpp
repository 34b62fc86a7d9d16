// SPDX-License-Identifier: Apache-2.0
#include "app/scale_generation.hpp"

#include <memory>
#include <system_error>

#include "app/services.hpp"
#include "demo/demo_town.hpp"
#include "storage/bulk_load_port.hpp"

namespace kasane::app {

const std::vector<std::string>& ScaleTablesCompleteAfter(demo::DemoScaleStage stage) {
    // The demo town's master data (the municipality, its organisations, users, areas and worry categories), which the
    // persons and consultations refer to, and the volume; later stages add no person, household, consultation,
    // contact or referral and change none (bulk_generation_postgres compares every table with a copy of the finished
    // file, so a table named here too early shows there).
    static const std::vector<std::string> kVolume = {
        "prefectures", "municipalities",    "organizations",  "users",
        "areas",       "worry_categories",  "persons",        "person_search",
        "households",  "household_members", "consultations",  "consultation_categories",
        "contacts",    "referrals",         "referral_events"};
    // What the bulk session's end wrote: the 年度集計's aggregates and the search grams (the cases add no contact and
    // change no person).
    static const std::vector<std::string> kLoad = {"person_grams", "report_contact_days", "report_year_members",
                                                   "report_year_distinct", "report_year_facets"};
    return stage == demo::DemoScaleStage::kVolumeWritten ? kVolume : kLoad;
}

Result<std::pair<demo::DemoScaleReport, storage::CopyReport>> GenerateScaleThroughSqlite(
    std::string_view postgres_url, const std::filesystem::path& file, std::optional<Instant> fixed_clock,
    const demo::DemoScaleOptions& options) {
    auto remove_file = [&] {
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix, ignored);
    };
    remove_file();
    demo::DemoScaleReport report;
    std::unique_ptr<storage::SqliteToPostgresCopy> copy;
    {
        auto relay = OpenServices("sqlite:" + file.string(), ServicesOptions{.fixed_clock = fixed_clock});
        if (!relay) {
            remove_file();
            return Fail(relay.error());
        }
        // The target is checked and its constraints set aside first: a database that cannot take the set is refused
        // before the generation.
        auto started = storage::SqliteToPostgresCopy::Start(file.string(), postgres_url, options.progress);
        if (!started) {
            relay->reset();
            remove_file();
            return Fail(started.error());
        }
        copy = std::move(*started);
        auto town = demo::LoadDemoTown(*(*relay)->store, (*relay)->clock);
        if (!town) {
            copy.reset();  // rolled back
            relay->reset();
            remove_file();
            return Fail(town.error());
        }
        auto bulk = storage::BulkLoadOf(*(*relay)->store, town->municipality.id, storage::BulkLoadUse::kCopySource);
        demo::DemoScaleOptions with_bulk = options;
        with_bulk.bulk = bulk.get();
        with_bulk.stage_done = [&](demo::DemoScaleStage stage) { copy->Copy(ScaleTablesCompleteAfter(stage)); };
        auto loaded = demo::LoadDemoScale(*(*relay)->store, *town, with_bulk);
        if (!loaded) {
            copy.reset();  // rolled back
            bulk.reset();
            relay->reset();
            remove_file();
            return Fail(loaded.error());
        }
        report = *loaded;
    }
    auto copied = copy->Finish();
    copy.reset();
    remove_file();
    if (!copied) return Fail(copied.error());
    return std::pair{report, *copied};
}

}  // namespace kasane::app
