// SPDX-License-Identifier: Apache-2.0
#include "storage/sql/sql_store.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/log.hpp"
#include "domain/commissioner_activity_repositories.hpp"
#include "domain/loneliness_repositories.hpp"
#include "domain/mutual_aid_liaison_repositories.hpp"
#include "domain/outreach_repositories.hpp"
#include "domain/person_search_reach.hpp"
#include "domain/resource_directory_repositories.hpp"
#include "domain/sasaeai_map_service.hpp"
#include "domain/watch_list_repositories.hpp"
#include "storage/bulk_load_port.hpp"
#include "storage/community_port.hpp"
#include "storage/evaluation_plan_port.hpp"
#include "storage/export_job_port.hpp"
#include "storage/loneliness_port.hpp"
#include "storage/participation_match_port.hpp"
#include "storage/partnership_port.hpp"
#include "storage/person_traits_port.hpp"
#include "storage/prefecture_statistics_port.hpp"
#include "storage/report_aggregates_port.hpp"
#include "storage/resource_directory_port.hpp"
#include "storage/sql/migrations.hpp"
#include "storage/sql/report_aggregates_store.hpp"
#include "storage/sql/sql_repositories.hpp"
#include "storage/sql/store_support.hpp"
#include "storage/training_port.hpp"

namespace kasane::storage {

// ---------------------------------------------------------------------------------------------------------------
// SqlRow

bool SqlRow::IsNull(std::size_t column) const { return column >= values_.size() || !values_[column].has_value(); }

Result<std::string> SqlRow::Text(std::size_t column) const {
    if (IsNull(column)) return Fail(Error::Internal());
    return *values_[column];
}

Result<std::int64_t> SqlRow::Integer(std::size_t column) const {
    if (IsNull(column)) return Fail(Error::Internal());
    const std::string& text = *values_[column];
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return Fail(Error::Internal());
    return value;
}

std::optional<std::int64_t> SqlRow::OptionalInteger(std::size_t column) const {
    if (IsNull(column)) return std::nullopt;
    auto value = Integer(column);
    if (!value) return std::nullopt;
    return *value;
}

Result<bool> SqlRow::Boolean(std::size_t column) const {
    if (IsNull(column)) return Fail(Error::Internal());
    const std::string& text = *values_[column];
    if (text == "1" || text == "t" || text == "true") return true;
    if (text == "0" || text == "f" || text == "false") return false;
    return Fail(Error::Internal());
}

Result<Instant> SqlRow::Time(std::size_t column) const {
    if (IsNull(column)) return Fail(Error::Internal());
    auto parsed = ParseIso8601(*values_[column]);
    if (!parsed) return Fail(Error::Internal());
    return *parsed;
}

Result<std::optional<Instant>> SqlRow::OptionalTime(std::size_t column) const {
    if (IsNull(column)) return std::optional<Instant>{};
    auto parsed = Time(column);
    if (!parsed) return Fail(parsed.error());
    return std::optional<Instant>(*parsed);
}

// commissioner_activity_store.cpp (declared here rather than in sql_repositories.hpp, which every store includes).
std::unique_ptr<domain::CommissionerActivityRepository> MakeCommissionerActivityRepository(SqlExecutor& executor,
                                                                                           MunicipalityId tenant);
// resource_directory_store.cpp (likewise).
std::unique_ptr<domain::ResourceDirectoryRepository> MakeResourceDirectoryRepository(SqlExecutor& executor,
                                                                                     MunicipalityId tenant);
// participation_match_store.cpp (likewise).
std::unique_ptr<domain::ParticipationMatchRepository> MakeParticipationMatchRepository(SqlExecutor& executor,
                                                                                       MunicipalityId tenant);
// community_development_store.cpp (likewise).
std::unique_ptr<domain::CommunityRepository> MakeCommunityRepository(SqlExecutor& executor, MunicipalityId tenant);
std::unique_ptr<domain::PartnershipRepository> MakePartnershipRepository(SqlExecutor& executor, MunicipalityId tenant);
// training_store.cpp (likewise).
std::unique_ptr<domain::TrainingRepository> MakeTrainingRepository(SqlExecutor& executor, MunicipalityId tenant);
std::unique_ptr<domain::BulkLoad> MakeBulkLoad(SqlExecutor& executor, std::string_view backend,
                                               BulkLoadUse use);  // bulk_load.cpp
// evaluation_plan_store.cpp (likewise).
std::unique_ptr<domain::EvaluationPlanRepository> MakeEvaluationPlanRepository(SqlExecutor& executor,
                                                                               MunicipalityId tenant);
// person_traits_store.cpp (likewise).
std::unique_ptr<domain::PersonTraitRepository> MakePersonTraitRepository(SqlExecutor& executor, MunicipalityId tenant);
// export_job_store.cpp and consultations_store.cpp (likewise).
std::unique_ptr<domain::ExportJobRepository> MakeExportJobRepository(SqlExecutor& executor, MunicipalityId tenant);
std::unique_ptr<domain::BookPages> MakeBookPages(SqlExecutor& executor, MunicipalityId tenant);
// watch_list_store.cpp (likewise).
std::unique_ptr<domain::WatchListRepository> MakeWatchListRepository(SqlExecutor& executor, MunicipalityId tenant);
// mutual_aid_liaison_store.cpp (likewise).
std::unique_ptr<domain::MutualAidLiaisonRepository> MakeMutualAidLiaisonRepository(SqlExecutor& executor,
                                                                                   MunicipalityId tenant);
// sasaeai_map_store.cpp (likewise).
std::unique_ptr<domain::SasaeaiMapRepository> MakeSasaeaiMapRepository(SqlExecutor& executor, MunicipalityId tenant);
// household_survey_store.cpp (likewise).
std::unique_ptr<domain::HouseholdSurveyRepository> MakeHouseholdSurveyRepository(SqlExecutor& executor,
                                                                                 MunicipalityId tenant);
// outreach_store.cpp (likewise).
std::unique_ptr<domain::OutreachRepository> MakeOutreachRepository(SqlExecutor& executor, MunicipalityId tenant);
// loneliness_store.cpp (likewise).
std::unique_ptr<domain::LonelinessRepository> MakeLonelinessRepository(SqlExecutor& executor, MunicipalityId tenant);

// persons_store.cpp: the person search within a reach (domain/person_search_reach.hpp).
std::unique_ptr<domain::PersonSearchRepository> MakePersonSearchRepository(SqlExecutor& executor,
                                                                           MunicipalityId tenant);

namespace {
// The repositories of one municipality, each made by its own *_store.cpp. A repository is made when first asked
// for: a request reaches one or two of the 23 through a tenant store made for the call, and making them all (an
// allocation and a destruction each) was a measurable part of a short request (docs/performance.md). Like the
// repositories themselves, a tenant store is used by one thread at a time (each call makes its own).
// It is also the person search's source (domain::PersonSearchSource), which PersonService finds by a cast: the search
// within a reach is a port of its own until a change that rebuilds every store folds it into PersonRepository.
class SqlTenantStore final : public domain::TenantStore, public domain::PersonSearchSource {
public:
    SqlTenantStore(SqlExecutor& executor, MunicipalityId tenant) : executor_(executor), tenant_(tenant) {}

    MunicipalityId Tenant() const override { return tenant_; }
    SqlExecutor& Executor() { return executor_; }  // for ResourceDirectoryOf
    domain::OrganizationRepository& Organizations() override {
        return Made(organizations_, MakeOrganizationRepository);
    }
    domain::AreaRepository& Areas() override { return Made(areas_, MakeAreaRepository); }
    domain::UserRepository& Users() override { return Made(users_, MakeUserRepository); }
    domain::PostRepository& Posts() override { return Made(posts_, MakePostRepository); }
    domain::ApiTokenRepository& ApiTokens() override { return Made(api_tokens_, MakeApiTokenRepository); }
    domain::AuthEventRepository& AuthEvents() override { return Made(auth_events_, MakeAuthEventRepository); }
    domain::PersonRepository& Persons() override { return Made(persons_, MakePersonRepository); }
    domain::HouseholdRepository& Households() override { return Made(households_, MakeHouseholdRepository); }
    domain::CategoryRepository& Categories() override { return Made(categories_, MakeCategoryRepository); }
    domain::ConsultationRepository& Consultations() override {
        return Made(consultations_, MakeConsultationRepository);
    }
    domain::ReferralRepository& Referrals() override { return Made(referrals_, MakeReferralRepository); }
    domain::ReportRepository& Reports() override { return Made(reports_, MakeReportRepository); }
    domain::AuditRepository& Audit() override { return Made(audit_, MakeAuditRepository); }
    domain::SettingsRepository& Settings() override { return Made(settings_, MakeSettingsRepository); }
    domain::ConsentRepository& Consents() override { return Made(consents_, MakeConsentRepository); }
    domain::MeetingRepository& Meetings() override { return Made(meetings_, MakeMeetingRepository); }
    domain::EmergencyAccessRepository& EmergencyAccesses() override {
        return Made(emergency_accesses_, MakeEmergencyAccessRepository);
    }
    domain::AlertAcknowledgementRepository& AlertAcknowledgements() override {
        return Made(alert_acknowledgements_, MakeAlertAcknowledgementRepository);
    }
    domain::CaseRepository& Cases() override { return Made(cases_, MakeCaseRepository); }
    domain::FormRepository& Forms() override { return Made(forms_, MakeFormRepository); }
    domain::PlanRepository& Plans() override { return Made(plans_, MakePlanRepository); }
    domain::ProgressNoteRepository& ProgressNotes() override {
        return Made(progress_notes_, MakeProgressNoteRepository);
    }
    domain::MissingResourceRepository& MissingResources() override {
        return Made(missing_resources_, MakeMissingResourceRepository);
    }
    domain::DeskRepository& Desk() override { return Made(desk_, MakeDeskRepository); }
    domain::ImportRepository& Imports() override { return Made(imports_, MakeImportRepository); }
    domain::CommissionerActivityRepository& CommissionerActivity() override {
        return Made(commissioner_activity_, MakeCommissionerActivityRepository);
    }
    domain::WatchListRepository& WatchList() override { return Made(watch_list_, MakeWatchListRepository); }
    domain::MutualAidLiaisonRepository& MutualAidLiaison() override {
        return Made(mutual_aid_liaison_, MakeMutualAidLiaisonRepository);
    }
    domain::SasaeaiMapRepository& SasaeaiMaps() override { return Made(sasaeai_maps_, MakeSasaeaiMapRepository); }
    domain::HouseholdSurveyRepository& HouseholdSurveys() override {
        return Made(household_surveys_, MakeHouseholdSurveyRepository);
    }
    domain::OutreachRepository& Outreach() override { return Made(outreach_, MakeOutreachRepository); }
    domain::PersonSearchRepository& PersonSearch() override { return Made(person_search_, MakePersonSearchRepository); }

private:
    template <class Repository>
    Repository& Made(std::unique_ptr<Repository>& repository,
                     std::unique_ptr<Repository> (*make)(SqlExecutor&, MunicipalityId)) {
        if (!repository) repository = make(executor_, tenant_);
        return *repository;
    }

    SqlExecutor& executor_;
    MunicipalityId tenant_;
    std::unique_ptr<domain::OrganizationRepository> organizations_;
    std::unique_ptr<domain::AreaRepository> areas_;
    std::unique_ptr<domain::UserRepository> users_;
    std::unique_ptr<domain::PostRepository> posts_;
    std::unique_ptr<domain::ApiTokenRepository> api_tokens_;
    std::unique_ptr<domain::AuthEventRepository> auth_events_;
    std::unique_ptr<domain::PersonRepository> persons_;
    std::unique_ptr<domain::HouseholdRepository> households_;
    std::unique_ptr<domain::CategoryRepository> categories_;
    std::unique_ptr<domain::ConsultationRepository> consultations_;
    std::unique_ptr<domain::ReferralRepository> referrals_;
    std::unique_ptr<domain::ReportRepository> reports_;
    std::unique_ptr<domain::AuditRepository> audit_;
    std::unique_ptr<domain::SettingsRepository> settings_;
    std::unique_ptr<domain::ConsentRepository> consents_;
    std::unique_ptr<domain::MeetingRepository> meetings_;
    std::unique_ptr<domain::EmergencyAccessRepository> emergency_accesses_;
    std::unique_ptr<domain::AlertAcknowledgementRepository> alert_acknowledgements_;
    std::unique_ptr<domain::CaseRepository> cases_;
    std::unique_ptr<domain::FormRepository> forms_;
    std::unique_ptr<domain::DeskRepository> desk_;
    std::unique_ptr<domain::ImportRepository> imports_;
    std::unique_ptr<domain::CommissionerActivityRepository> commissioner_activity_;
    std::unique_ptr<domain::WatchListRepository> watch_list_;
    std::unique_ptr<domain::MutualAidLiaisonRepository> mutual_aid_liaison_;
    std::unique_ptr<domain::SasaeaiMapRepository> sasaeai_maps_;
    std::unique_ptr<domain::HouseholdSurveyRepository> household_surveys_;
    std::unique_ptr<domain::OutreachRepository> outreach_;
    std::unique_ptr<domain::PlanRepository> plans_;
    std::unique_ptr<domain::ProgressNoteRepository> progress_notes_;
    std::unique_ptr<domain::MissingResourceRepository> missing_resources_;
    std::unique_ptr<domain::PersonSearchRepository> person_search_;
};

// The feature ports (storage/*_port.hpp): a feature's repository made on the SQL store behind `tenant`, or nullptr for
// a store of another kind.
template <class Make>
auto OnSql(domain::TenantStore& tenant, Make make) -> decltype(make(std::declval<SqlTenantStore&>())) {
    auto* sql = dynamic_cast<SqlTenantStore*>(&tenant);
    if (sql == nullptr) return nullptr;
    return make(*sql);
}

}  // namespace

std::unique_ptr<domain::BulkLoad> BulkLoadOf(domain::Store& store, MunicipalityId tenant, BulkLoadUse use) {
    auto tenant_store = store.Tenant(tenant);
    return OnSql(*tenant_store,
                 [&](SqlTenantStore& sql) { return MakeBulkLoad(sql.Executor(), store.Backend(), use); });
}

std::unique_ptr<domain::ReportAggregates> ReportAggregatesOf(domain::TenantStore& tenant) {
    return OnSql(tenant, [](SqlTenantStore& sql) { return MakeReportAggregates(sql.Executor(), sql.Tenant()); });
}

std::unique_ptr<domain::ResourceDirectoryRepository> ResourceDirectoryOf(domain::TenantStore& tenant) {
    return OnSql(tenant,
                 [](SqlTenantStore& sql) { return MakeResourceDirectoryRepository(sql.Executor(), sql.Tenant()); });
}

// prefecture_statistics_store.cpp
std::unique_ptr<domain::PrefectureStatisticsRepository> MakePrefectureStatisticsRepository(SqlExecutor& executor);

std::unique_ptr<domain::PrefectureStatisticsRepository> PrefectureStatisticsOf(domain::TenantStore& tenant) {
    return OnSql(tenant, [](SqlTenantStore& sql) { return MakePrefectureStatisticsRepository(sql.Executor()); });
}

std::unique_ptr<domain::CommunityRepository> CommunityOf(domain::TenantStore& tenant) {
    return OnSql(tenant, [](SqlTenantStore& sql) { return MakeCommunityRepository(sql.Executor(), sql.Tenant()); });
}

std::unique_ptr<domain::LonelinessRepository> LonelinessOf(domain::TenantStore& tenant) {
    return OnSql(tenant, [](SqlTenantStore& sql) { return MakeLonelinessRepository(sql.Executor(), sql.Tenant()); });
}

std::unique_ptr<domain::PartnershipRepository> PartnershipOf(domain::TenantStore& tenant) {
    return OnSql(tenant, [](SqlTenantStore& sql) { return MakePartnershipRepository(sql.Executor(), sql.Tenant()); });
}

std::unique_ptr<domain::PersonTraitRepository> PersonTraitsOf(domain::TenantStore& tenant) {
    return OnSql(tenant, [](SqlTenantStore& sql) { return MakePersonTraitRepository(sql.Executor(), sql.Tenant()); });
}

std::unique_ptr<domain::TrainingRepository> TrainingOf(domain::TenantStore& tenant) {
    return OnSql(tenant, [](SqlTenantStore& sql) { return MakeTrainingRepository(sql.Executor(), sql.Tenant()); });
}

std::unique_ptr<domain::EvaluationPlanRepository> EvaluationPlansOf(domain::TenantStore& tenant) {
    return OnSql(tenant,
                 [](SqlTenantStore& sql) { return MakeEvaluationPlanRepository(sql.Executor(), sql.Tenant()); });
}

std::unique_ptr<domain::ExportJobRepository> ExportJobsOf(domain::TenantStore& tenant) {
    return OnSql(tenant, [](SqlTenantStore& sql) { return MakeExportJobRepository(sql.Executor(), sql.Tenant()); });
}

std::unique_ptr<domain::BookPages> BookPagesOf(domain::TenantStore& tenant) {
    return OnSql(tenant, [](SqlTenantStore& sql) { return MakeBookPages(sql.Executor(), sql.Tenant()); });
}

std::unique_ptr<domain::ParticipationMatchRepository> ParticipationMatchesOf(domain::TenantStore& tenant) {
    return OnSql(tenant,
                 [](SqlTenantStore& sql) { return MakeParticipationMatchRepository(sql.Executor(), sql.Tenant()); });
}

namespace {

// ---------------------------------------------------------------------------------------------------------------
// Schema

constexpr SqlStatement kSelectOne{"select_one", "SELECT 1"};
constexpr SqlStatement kSelectSchemaVersion{"select_schema_version",
                                            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"};
constexpr SqlStatement kSelectSchemaMigration{"select_schema_migration",
                                              "SELECT 1 FROM schema_migrations WHERE version = $1"};
constexpr SqlStatement kInsertSchemaMigration{
    "insert_schema_migration", "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)"};

Status ReadVersion(SqlConnection& connection, const SqlDialect& dialect, int& out) {
    auto exists = connection.Execute(dialect.schema_migrations_exists, {});
    if (!exists) return Fail(exists.error());
    auto present = SqlRow(exists->rows.at(0)).Boolean(0);
    if (!present) return Fail(present.error());
    if (!*present) {
        out = 0;
        return {};
    }
    auto version = connection.Execute(kSelectSchemaVersion, {});
    if (!version) return Fail(version.error());
    auto value = SqlRow(version->rows.at(0)).Integer(0);
    if (!value) return Fail(value.error());
    out = static_cast<int>(*value);
    return {};
}

Error SchemaTooNewError(int database_version, int latest) {
    return Error::SchemaTooNew("データベースのスキーマ (バージョン " + std::to_string(database_version) +
                               ") はこのプログラムが知る最新 (バージョン " + std::to_string(latest) +
                               ") より新しいため、使えません。新しい版の kasane を使ってください");
}

// The organisation kinds of migration 1, frozen: migration 16 widened the CHECK to every kind.
constexpr std::array kReleasedOrganizationKinds{domain::OrganizationKind::kMunicipalDivision,
                                                domain::OrganizationKind::kCommunityCareCenter,
                                                domain::OrganizationKind::kSocialWelfareCouncil,
                                                domain::OrganizationKind::kSocialWelfareCorporation,
                                                domain::OrganizationKind::kNpo,
                                                domain::OrganizationKind::kSchool,
                                                domain::OrganizationKind::kMedicalInstitution,
                                                domain::OrganizationKind::kOther};

template <auto Codes, class Code>
std::string CheckList(Code code) {
    std::string list;
    for (auto value : Codes) {
        if (!list.empty()) list += ", ";
        list += "'";
        list += code(value);
        list += "'";
    }
    return list;
}

}  // namespace

std::string OrganizationKindCheckList() {
    return CheckList<std::to_array(domain::kAllOrganizationKinds)>(domain::OrganizationKindCode);
}
std::string ReleasedOrganizationKindCheckList() {
    return sql_support::CodeList(kReleasedOrganizationKinds, domain::OrganizationKindCode);
}
// The area kinds of migration 1, frozen: migration 18 widened the CHECK to every kind.
constexpr std::array kReleasedAreaKinds{domain::AreaKind::kNeighborhood, domain::AreaKind::kElementarySchoolDistrict,
                                        domain::AreaKind::kJuniorHighSchoolDistrict,
                                        domain::AreaKind::kWelfareVolunteerDistrict};
std::string ReleasedAreaKindCheckList() { return sql_support::CodeList(kReleasedAreaKinds, domain::AreaKindCode); }
std::string AreaKindCheckList() { return CheckList<std::to_array(domain::kAllAreaKinds)>(domain::AreaKindCode); }
std::string RoleCheckList() { return CheckList<std::to_array(domain::kAllRoles)>(domain::RoleCode); }
std::string AuthEventKindCheckList() {
    using domain::AuthEventKind;
    constexpr std::array kinds{AuthEventKind::kSignInSucceeded, AuthEventKind::kSignInFailed,
                               AuthEventKind::kLockedOut,       AuthEventKind::kSignedOut,
                               AuthEventKind::kPasswordChanged, AuthEventKind::kUserDisabled,
                               AuthEventKind::kApiTokenCreated, AuthEventKind::kApiTokenRevoked};
    return CheckList<kinds>(domain::AuthEventKindCode);
}

Status PingDatabase(SqlExecutor& executor) {
    return executor.Read([](SqlConnection& connection) -> Status {
        auto result = connection.Execute(kSelectOne, {});
        if (!result) return Fail(result.error());
        return {};
    });
}

Result<int> ReadSchemaVersion(SqlExecutor& executor, const SqlDialect& dialect) {
    int version = 0;
    const Status status =
        executor.Read([&](SqlConnection& connection) { return ReadVersion(connection, dialect, version); });
    if (!status) return Fail(status.error());
    return version;
}

Result<std::int64_t> ReadDatabaseBytes(SqlExecutor& executor, const SqlDialect& dialect) {
    std::int64_t bytes = 0;
    const Status status = executor.Read([&](SqlConnection& connection) -> Status {
        auto result = connection.Execute(dialect.database_bytes, {});
        if (!result) return Fail(result.error());
        if (result->Empty()) return Fail(Error::Internal("データベースの大きさを読めませんでした"));
        auto value = SqlRow(result->rows.front()).Integer(0);
        if (!value) return Fail(value.error());
        bytes = *value;
        return {};
    });
    if (!status) return Fail(status.error());
    return bytes;
}

Result<int> ApplyMigrations(SqlExecutor& executor, const SqlDialect& dialect) {
    const int latest = LatestVersionOf(dialect);
    int applied = 0;
    for (const Migration& migration : dialect.migrations) {
        // Each step re-reads the version under the migration lock, so two processes migrating at once apply
        // each step exactly once.
        const Status status = executor.Write([&](SqlConnection& connection) -> Status {
            if (dialect.migration_lock != nullptr) {
                if (auto locked = connection.Execute(*dialect.migration_lock, {}); !locked) {
                    return Fail(locked.error());
                }
            }
            if (auto created = connection.ExecuteScript(dialect.create_schema_migrations); !created) return created;
            int version = 0;
            if (auto read = ReadVersion(connection, dialect, version); !read) return read;
            if (version > latest) return Fail(SchemaTooNewError(version, latest));
            // Numbers are handed out before their branches merge, so a migration may arrive numbered below one a
            // database already has (58 after 59): what decides is whether its own number is recorded.
            if (version >= migration.version) {
                auto recorded = connection.Execute(kSelectSchemaMigration, {std::int64_t{migration.version}});
                if (!recorded) return Fail(recorded.error());
                if (!recorded->rows.empty()) return {};
            }
            for (const std::string& statement : migration.statements) {
                if (auto executed = connection.ExecuteScript(statement); !executed) {
                    Log(LogLevel::kError, "migration failed",
                        {{"version", migration.version},
                         {"name", migration.name},
                         {"error", executed.error().message}});
                    return executed;
                }
            }
            // Migration 54's step is the program's: the aggregates filled from the records (their Japan-time days
            // have one home, base/japan_time.hpp).
            if (migration.name == ReportAggregatesFillMigration().name) {
                if (auto filled = FillReportAggregates(connection); !filled) return filled;
            }
            // Migration 65's too: the facets of the members stored.
            if (migration.name == kReportFacetsMigrationName) {
                if (auto filled = FillReportFacets(connection); !filled) return filled;
            }
            const std::string applied_at = FormatIso8601(SystemClock().Now());
            auto recorded = connection.Execute(kInsertSchemaMigration,
                                               {std::int64_t{migration.version}, migration.name, applied_at});
            if (!recorded) return Fail(recorded.error());
            ++applied;
            Log(LogLevel::kInfo, "migration applied", {{"version", migration.version}, {"name", migration.name}});
            return {};
        });
        if (!status) return Fail(status.error());
    }
    if (dialect.migrations.empty()) {
        auto version = ReadSchemaVersion(executor, dialect);
        if (!version) return Fail(version.error());
        if (*version > latest) return Fail(SchemaTooNewError(*version, latest));
    }
    return applied;
}

// ---------------------------------------------------------------------------------------------------------------
// SqlRepositories

SqlRepositories::SqlRepositories(SqlExecutor& executor)
    : executor_(executor),
      municipalities_(MakeMunicipalityRepository(executor)),
      prefectures_(MakePrefectureRepository(executor)),
      accounts_(MakeAccountRepository(executor)),
      drafts_(MakeDraftRepository(executor)),
      town_setups_(MakeTownSetupRepository(executor)) {}

SqlRepositories::~SqlRepositories() = default;

domain::MunicipalityRepository& SqlRepositories::Municipalities() { return *municipalities_; }
domain::PrefectureRepository& SqlRepositories::Prefectures() { return *prefectures_; }
domain::AccountRepository& SqlRepositories::Accounts() { return *accounts_; }
domain::DraftRepository& SqlRepositories::Drafts() { return *drafts_; }
domain::TownSetupRepository& SqlRepositories::TownSetups() { return *town_setups_; }
std::unique_ptr<domain::TenantStore> SqlRepositories::Tenant(MunicipalityId municipality_id) {
    return std::make_unique<SqlTenantStore>(executor_, municipality_id);
}

// ---------------------------------------------------------------------------------------------------------------
// Transactions

class TransactionStore::PinnedExecutor final : public SqlExecutor {
public:
    explicit PinnedExecutor(SqlConnection& connection) : connection_(connection) {}

    Status Read(const SqlWork& work) override { return work(connection_); }

    Status Write(const SqlWork& work) override {
        if (auto opened = connection_.ExecuteScript("SAVEPOINT kasane_write"); !opened) return opened;
        Status status;
        try {
            status = work(connection_);
        } catch (...) {
            (void)connection_.ExecuteScript("ROLLBACK TO SAVEPOINT kasane_write; RELEASE SAVEPOINT kasane_write");
            throw;
        }
        if (!status) {
            (void)connection_.ExecuteScript("ROLLBACK TO SAVEPOINT kasane_write; RELEASE SAVEPOINT kasane_write");
            return status;
        }
        return connection_.ExecuteScript("RELEASE SAVEPOINT kasane_write");
    }

private:
    SqlConnection& connection_;
};

TransactionStore::TransactionStore(domain::Store& parent, SqlConnection& connection, const SqlDialect& dialect)
    : parent_(parent),
      dialect_(dialect),
      executor_(std::make_unique<PinnedExecutor>(connection)),
      repositories_(*executor_) {}

TransactionStore::~TransactionStore() = default;

const SqlExecutor& TransactionStore::Executor() const { return *executor_; }

std::string_view TransactionStore::Backend() const { return parent_.Backend(); }
domain::MunicipalityRepository& TransactionStore::Municipalities() { return repositories_.Municipalities(); }
domain::PrefectureRepository& TransactionStore::Prefectures() { return repositories_.Prefectures(); }
domain::AccountRepository& TransactionStore::Accounts() { return repositories_.Accounts(); }
domain::DraftRepository& TransactionStore::Drafts() { return repositories_.Drafts(); }
domain::TownSetupRepository& TransactionStore::TownSetups() { return repositories_.TownSetups(); }
std::unique_ptr<domain::TenantStore> TransactionStore::Tenant(MunicipalityId municipality_id) {
    return repositories_.Tenant(municipality_id);
}
Status TransactionStore::Transaction(const std::function<Status(domain::Store&)>&) {
    Log(LogLevel::kError, "nested Store::Transaction refused");
    return Fail(Error::Internal());
}
Status TransactionStore::Ping() { return PingDatabase(*executor_); }
domain::PoolStats TransactionStore::Pool() { return parent_.Pool(); }
int TransactionStore::LatestSchemaVersion() const { return LatestVersionOf(dialect_); }
Result<int> TransactionStore::SchemaVersion() { return ReadSchemaVersion(*executor_, dialect_); }
Result<std::int64_t> TransactionStore::StoredBytes() { return ReadDatabaseBytes(*executor_, dialect_); }
Result<int> TransactionStore::Migrate() {
    Log(LogLevel::kError, "Migrate() called inside a transaction");
    return Fail(Error::Internal());
}
Status TransactionStore::Backup(std::string_view) {
    Log(LogLevel::kError, "Backup() called inside a transaction");
    return Fail(Error::Internal());
}

Status RunAtomically(SqlConnection& connection, std::string_view begin, const std::function<Status()>& body) {
    if (auto begun = connection.ExecuteScript(begin); !begun) return begun;
    Status status;
    try {
        status = body();
    } catch (...) {
        (void)connection.ExecuteScript("ROLLBACK");
        throw;
    }
    if (!status) {
        (void)connection.ExecuteScript("ROLLBACK");
        return status;
    }
    if (auto committed = connection.ExecuteScript("COMMIT"); !committed) {
        (void)connection.ExecuteScript("ROLLBACK");
        return committed;
    }
    return {};
}

Status RunTransaction(domain::Store& parent, SqlConnection& connection, const SqlDialect& dialect,
                      const std::function<Status(domain::Store&)>& work) {
    return RunAtomically(connection, dialect.begin_transaction, [&]() -> Status {
        TransactionStore bound(parent, connection, dialect);
        return work(bound);
    });
}

Status RunTransaction(domain::Store& parent, SqlExecutor& executor, const SqlDialect& dialect,
                      const std::function<Status(domain::Store&)>& work) {
    return executor.Write([&](SqlConnection& connection) -> Status {
        TransactionStore bound(parent, connection, dialect);
        // The bulk session's suspension of the aggregates' upkeep (bulk_load.cpp) holds inside the transactions
        // the generator opens through the store: without it every batch of the load kept the aggregates row by
        // row (about 140 s of the 100,000-person set's first 53,000 contacts, docs/performance.md).
        struct Inherited {
            const SqlExecutor* executor = nullptr;
            ~Inherited() {
                if (executor != nullptr) SuspendReportAggregates(*executor, false);
            }
        } inherited;
        if (ReportAggregatesSuspended(executor)) {
            SuspendReportAggregates(bound.Executor(), true);
            inherited.executor = &bound.Executor();
        }
        return work(bound);
    });
}

}  // namespace kasane::storage
