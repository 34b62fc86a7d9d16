// SPDX-License-Identifier: Apache-2.0
#include "app/services.hpp"

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <system_error>

#include "base/crypto.hpp"
#include "base/json.hpp"
#include "base/log.hpp"
#include "storage/community_port.hpp"
#include "storage/evaluation_plan_port.hpp"
#include "storage/export_job_port.hpp"
#include "storage/loneliness_port.hpp"
#include "storage/open_store.hpp"
#include "storage/participation_match_port.hpp"
#include "storage/partnership_port.hpp"
#include "storage/person_traits_port.hpp"
#include "storage/prefecture_statistics_port.hpp"
#include "storage/resource_directory_port.hpp"
#include "storage/training_port.hpp"

namespace kasane::app {

namespace {

// A random UUID (version 4, RFC 9562) for the HSDS records Kasane creates.
std::string RandomUuid() {
    std::string bytes = RandomBytes(16);
    bytes[6] = static_cast<char>((static_cast<unsigned char>(bytes[6]) & 0x0F) | 0x40);
    bytes[8] = static_cast<char>((static_cast<unsigned char>(bytes[8]) & 0x3F) | 0x80);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
        const auto byte = static_cast<unsigned char>(bytes[i]);
        text.push_back(kHex[byte >> 4]);
        text.push_back(kHex[byte & 0x0F]);
    }
    return text;
}

}  // namespace

namespace {

Status CreateParentDirectory(std::string_view database_url) {
    constexpr std::string_view kSqlitePrefix = "sqlite:";
    if (!database_url.starts_with(kSqlitePrefix)) return {};
    const std::filesystem::path path(database_url.substr(kSqlitePrefix.size()));
    if (!path.has_parent_path()) return {};
    std::error_code error;
    std::filesystem::create_directories(path.parent_path(), error);
    if (error) {
        return Fail(Error::Unavailable("データベースのディレクトリを作成できません: " + path.parent_path().string() +
                                       " (" + error.message() + ")"));
    }
    return {};
}

bool IsPostgresUrl(std::string_view url) { return url.starts_with("postgresql://") || url.starts_with("postgres://"); }

// The hot standby named by --read-db (issue 18, item 6), opened beside the primary. It is never migrated: it
// replays the primary's migrations. A standby that has not replayed them yet counts with an older schema, which
// the log says; its reports fall back to the primary only when it cannot be reached.
Status CheckReadUrl(std::string_view database_url, const ServicesOptions& options) {
    if (options.read_database_url.empty()) return {};
    if (IsPostgresUrl(database_url) && IsPostgresUrl(options.read_database_url)) return {};
    return Fail(Error::InvalidArgument(
        "集計用の読み取り専用データベース（--read-db）は PostgreSQL のホットスタンバイです。--db と --read-db の"
        "どちらも postgresql://… で指定してください（SQLite にはスタンバイがありません）",
        "read-db"));
}

Result<std::unique_ptr<domain::Store>> OpenStandby(const ServicesOptions& options, domain::Store& primary) {
    auto standby = storage::OpenStore(options.read_database_url, storage::StoreOptions{.pool_size = options.pool_size});
    if (!standby) {
        return Fail(Error::Unavailable("集計用の読み取り専用データベース（--read-db）に接続できません: " +
                                       standby.error().message));
    }
    auto version = (*standby)->SchemaVersion();
    if (!version) return Fail(version.error());
    if (*version != primary.LatestSchemaVersion()) {
        Log(LogLevel::kWarning, "the standby's schema differs from this binary's",
            {{"standby_schema_version", *version}, {"schema_version", primary.LatestSchemaVersion()}});
    }
    Log(LogLevel::kInfo, "aggregate reports read from the standby", {{"schema_version", *version}});
    return standby;
}

// The exports directory (ServicesOptions::exports_dir).
std::filesystem::path ExportsDirectory(std::string_view database_url, const ServicesOptions& options) {
    if (!options.exports_dir.empty()) return options.exports_dir;
    if (const char* configured = std::getenv("KASANE_EXPORTS_DIR"); configured != nullptr && *configured != '\0') {
        return configured;
    }
    constexpr std::string_view kSqlitePrefix = "sqlite:";
    if (database_url.starts_with(kSqlitePrefix)) {
        const std::filesystem::path path(database_url.substr(kSqlitePrefix.size()));
        return std::filesystem::absolute(path).parent_path() / "exports";
    }
    // One directory per database: two servers on two PostgreSQL databases never share file names.
    return std::filesystem::temp_directory_path() /
           ("kasane-exports-" + std::to_string(std::hash<std::string_view>{}(database_url)));
}

}  // namespace

Result<std::unique_ptr<Services>> OpenServices(std::string_view database_url, const ServicesOptions& options) {
    if (auto initialized = InitializeCrypto(); !initialized) return Fail(initialized.error());
    if (auto checked = CheckReadUrl(database_url, options); !checked) return Fail(checked.error());
    if (auto created = CreateParentDirectory(database_url); !created) return Fail(created.error());
    auto store = storage::OpenStore(database_url, storage::StoreOptions{.pool_size = options.pool_size});
    if (!store) return Fail(store.error());

    if (options.migration == Migration::kApply) {
        auto applied = (*store)->Migrate();
        if (!applied) return Fail(applied.error());
        if (*applied > 0) {
            Log(LogLevel::kInfo, "migrations applied",
                {{"count", *applied}, {"schema_version", (*store)->LatestSchemaVersion()}});
        }
        // The stored search keys follow the folding of this binary (issue 13): re-indexed once after a change.
        auto rebuilt = domain::PersonService::RebuildSearchKeys(**store);
        if (!rebuilt) return Fail(rebuilt.error());
    } else {
        auto version = (*store)->SchemaVersion();
        if (!version) return Fail(version.error());
        if (*version > (*store)->LatestSchemaVersion()) {
            return Fail(Error::SchemaTooNew(
                "データベースのスキーマ（版 " + std::to_string(*version) + "）がこのプログラム（版 " +
                std::to_string((*store)->LatestSchemaVersion()) + "）より新しいため起動できません"));
        }
    }

    auto services = std::make_unique<Services>();
    if (!options.read_database_url.empty()) {
        auto standby = OpenStandby(options, **store);
        if (!standby) return Fail(standby.error());
        services->standby = std::move(*standby);
    }
    services->store = std::move(*store);
    if (options.fixed_clock) services->clock.Freeze(*options.fixed_clock);
    domain::Store& opened = *services->store;
    const Clock& clock = services->clock;
    services->audit = std::make_unique<domain::AuditRecorder>(opened, domain::AuditRecorder::Options{});
    domain::AuditRecorder& audit = *services->audit;
    // The one place that decides where aggregates are counted: the standby when there is one, else the primary.
    const domain::AggregateReads aggregates =
        services->standby ? domain::AggregateReads(opened, *services->standby) : domain::AggregateReads(opened);
    services->auth = std::make_unique<domain::AuthService>(opened, clock, options.auth);
    services->administration = std::make_unique<domain::Administration>(opened, clock);
    services->directory = std::make_unique<domain::Directory>(opened);
    services->persons = std::make_unique<domain::PersonService>(opened, clock, audit);
    services->households = std::make_unique<domain::HouseholdService>(opened, clock, audit);
    services->consultations = std::make_unique<domain::ConsultationService>(opened, clock, audit, *services->persons);
    services->referrals = std::make_unique<domain::ReferralService>(opened, clock, audit, *services->persons);
    services->reports =
        std::make_unique<domain::ReportService>(opened, aggregates, clock, audit, storage::PersonTraitsOf);
    services->national_report = std::make_unique<domain::NationalReportService>(opened, clock, audit);
    services->sharing = std::make_unique<domain::SharingService>(opened, clock, audit, *services->persons);
    services->audit_reports = std::make_unique<domain::AuditService>(opened, clock, audit);
    services->cases = std::make_unique<domain::CaseService>(opened, clock, audit, *services->persons);
    services->drafts = std::make_unique<domain::DraftService>(opened, clock, options.auth.secret_key);
    services->setup = std::make_unique<domain::TownSetup>(opened, clock);
    services->imports = std::make_unique<domain::ImportService>(opened, clock, audit, *services->persons);
    services->commissioner_activity = std::make_unique<domain::CommissionerActivityService>(opened, clock, audit);
    services->watch_list = std::make_unique<domain::WatchListService>(opened, clock, audit);
    services->loneliness = std::make_unique<domain::LonelinessService>(opened, storage::LonelinessOf, clock, audit,
                                                                       *services->consultations);
    services->household_surveys =
        std::make_unique<domain::HouseholdSurveyService>(opened, clock, audit, *services->consultations);
    services->mutual_aid_liaison = std::make_unique<domain::MutualAidLiaisonService>(opened, clock, audit);
    services->sasaeai_maps = std::make_unique<domain::SasaeaiMapService>(opened, clock);
    services->operator_console = std::make_unique<domain::OperatorConsole>(opened, clock);
    services->outreach =
        std::make_unique<domain::OutreachService>(opened, clock, audit, *services->persons, *services->consultations);
    services->resource_directory_cache = std::make_unique<domain::ResourceDirectoryCache>(
        storage::ResourceDirectoryOf,
        [](domain::TenantStore& tenant) { return storage::ParticipationMatchesOf(tenant)->DirectoryVersion(); });
    services->resource_directory = std::make_unique<domain::ResourceDirectoryService>(
        opened, storage::ResourceDirectoryOf, clock, audit, RandomUuid, *services->resource_directory_cache);
    services->community = std::make_unique<domain::CommunityDevelopmentService>(
        opened, aggregates, storage::CommunityOf, clock, *services->consultations, *services->cases);
    services->participation = std::make_unique<domain::ParticipationMatchService>(
        opened, storage::ParticipationMatchesOf, storage::ResourceDirectoryOf, clock, audit, *services->persons,
        *services->resource_directory_cache);
    services->prefecture = std::make_unique<domain::PrefectureStatistics>(
        opened, aggregates, storage::PrefectureStatisticsOf, clock, audit);
    services->partnerships = std::make_unique<domain::PartnershipService>(opened, storage::PartnershipOf, clock);
    services->training = std::make_unique<domain::TrainingService>(opened, storage::TrainingOf, clock);
    services->evaluation_plans = std::make_unique<domain::EvaluationPlanService>(
        opened, aggregates, storage::EvaluationPlansOf, clock, *services->training, *services->community,
        *services->participation);
    services->exports = std::make_unique<domain::ExportJobService>(opened, storage::ExportJobsOf, storage::BookPagesOf,
                                                                   clock, ExportsDirectory(database_url, options));
    services->person_traits =
        std::make_unique<domain::PersonTraitService>(opened, storage::PersonTraitsOf, clock, audit, *services->persons);
    return services;
}

}  // namespace kasane::app
