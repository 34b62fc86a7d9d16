// SPDX-License-Identifier: Apache-2.0
// The SQLite schema. Migrations are forward-only: never edit a released step, add a new one.
//
// Tables are STRICT, so a value of the wrong type is refused rather than stored. Instants are TEXT in the form
// FormatIso8601 writes ("2024-04-01T00:30:00.000Z"): fixed width and UTC, so they sort and compare as instants.
// Booleans are INTEGER 0/1. Composite foreign keys (x_id, municipality_id) keep every row inside its tenant.

#include "storage/sql/migrations.hpp"
#include "storage/sql/sql_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace kasane::storage::sqlite {
namespace {

constexpr SqlStatement kSchemaMigrationsExists{
    "schema_migrations_exists",
    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'"};

// The main file's pages (free pages included: the file's size on disk, without the WAL).
constexpr SqlStatement kDatabaseBytes{
    "database_bytes", "SELECT p.page_count * s.page_size FROM pragma_page_count() p, pragma_page_size() s"};

constexpr const char* kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL"
    ") STRICT";

Migration Version1() {
    Migration migration{.version = 1, .name = "accounts and master data", .statements = {}};
    auto& s = migration.statements;
    s.push_back(
        "CREATE TABLE municipalities ("
        " id INTEGER PRIMARY KEY,"
        " code TEXT NOT NULL UNIQUE,"
        " name TEXT NOT NULL,"
        " prefecture_name TEXT NOT NULL,"
        " fictional INTEGER NOT NULL DEFAULT 0 CHECK (fictional IN (0, 1))"
        ") STRICT");
    s.push_back(
        "CREATE TABLE organizations ("
        " id INTEGER PRIMARY KEY,"
        " municipality_id INTEGER NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
        " kind TEXT NOT NULL CHECK (kind IN (" +
        ReleasedOrganizationKindCheckList() +
        ")),"
        " name TEXT NOT NULL,"
        " UNIQUE (municipality_id, name),"
        " UNIQUE (id, municipality_id)"
        ") STRICT");
    s.push_back(
        "CREATE TABLE areas ("
        " id INTEGER PRIMARY KEY,"
        " municipality_id INTEGER NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
        " kind TEXT NOT NULL CHECK (kind IN (" +
        ReleasedAreaKindCheckList() +
        ")),"
        " name TEXT NOT NULL,"
        " UNIQUE (municipality_id, kind, name)"
        ") STRICT");
    s.push_back(
        "CREATE TABLE users ("
        " id INTEGER PRIMARY KEY,"
        " municipality_id INTEGER NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
        " organization_id INTEGER NOT NULL,"
        " username TEXT NOT NULL UNIQUE,"
        " display_name TEXT NOT NULL,"
        " password_hash TEXT NOT NULL,"
        " disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
        " failed_sign_ins INTEGER NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),"
        " locked_until TEXT,"
        " created_at TEXT NOT NULL,"
        " UNIQUE (id, municipality_id),"
        " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id)"
        "  ON DELETE RESTRICT"
        ") STRICT");
    s.push_back("CREATE INDEX users_by_municipality ON users (municipality_id, id)");
    s.push_back("CREATE INDEX users_by_organization ON users (organization_id, municipality_id)");
    s.push_back(
        "CREATE TABLE user_roles ("
        " user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
        " role TEXT NOT NULL CHECK (role IN (" +
        RoleCheckList() +
        ")),"
        " PRIMARY KEY (user_id, role)"
        ") STRICT, WITHOUT ROWID");
    s.push_back(
        "CREATE TABLE sessions ("
        " token_hash TEXT PRIMARY KEY,"
        " user_id INTEGER NOT NULL,"
        " municipality_id INTEGER NOT NULL,"
        " created_at TEXT NOT NULL,"
        " last_seen_at TEXT NOT NULL,"
        " expires_at TEXT NOT NULL,"
        " remote_address TEXT NOT NULL,"
        " user_agent TEXT NOT NULL,"
        " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id) ON DELETE CASCADE"
        ") STRICT, WITHOUT ROWID");
    s.push_back("CREATE INDEX sessions_by_user ON sessions (user_id, municipality_id)");
    s.push_back("CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at)");
    s.push_back("CREATE INDEX sessions_by_expiry ON sessions (expires_at)");
    s.push_back(
        "CREATE TABLE api_tokens ("
        " id INTEGER PRIMARY KEY,"
        " municipality_id INTEGER NOT NULL,"
        " user_id INTEGER NOT NULL,"
        " name TEXT NOT NULL,"
        " token_hash TEXT NOT NULL UNIQUE,"
        " created_at TEXT NOT NULL,"
        " expires_at TEXT,"
        " revoked_at TEXT,"
        " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id) ON DELETE CASCADE"
        ") STRICT");
    s.push_back("CREATE INDEX api_tokens_by_municipality ON api_tokens (municipality_id, id)");
    s.push_back("CREATE INDEX api_tokens_by_user ON api_tokens (user_id, municipality_id)");
    // Auth events outlive what they mention: deleting a user or municipality keeps the event, without the link.
    s.push_back(
        "CREATE TABLE auth_events ("
        " id INTEGER PRIMARY KEY,"
        " kind TEXT NOT NULL CHECK (kind IN (" +
        AuthEventKindCheckList() +
        ")),"
        " municipality_id INTEGER REFERENCES municipalities (id) ON DELETE SET NULL,"
        " user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,"
        " username TEXT NOT NULL,"
        " remote_address TEXT NOT NULL,"
        " at TEXT NOT NULL"
        ") STRICT");
    s.push_back("CREATE INDEX auth_events_by_address ON auth_events (remote_address, at)");
    s.push_back("CREATE INDEX auth_events_by_municipality ON auth_events (municipality_id, id)");
    s.push_back("CREATE INDEX auth_events_by_user ON auth_events (user_id)");
    return migration;
}

constexpr DdlTypes kDdlTypes{.id_primary_key = "INTEGER PRIMARY KEY",
                             .integer = "INTEGER",
                             .text = "TEXT",
                             .instant = "TEXT",
                             .date = "TEXT",
                             .boolean_column = "INTEGER",
                             .boolean_needs_check = true,
                             .table_options = " STRICT",
                             .clustered_table_options = " STRICT, WITHOUT ROWID",
                             .covering_prefix = ", ",
                             .covering_suffix = ""};

SqlDialect MakeDialect() {
    SqlDialect dialect;
    dialect.backend = "sqlite";
    dialect.begin_transaction = "BEGIN IMMEDIATE";
    dialect.schema_migrations_exists = kSchemaMigrationsExists;
    dialect.create_schema_migrations = kCreateSchemaMigrations;
    dialect.migration_lock = nullptr;  // BEGIN IMMEDIATE already serialises writers, across processes too
    dialect.database_bytes = kDatabaseBytes;
    dialect.migrations.push_back(Version1());
    dialect.migrations.push_back(IntakeMigration(kDdlTypes));
    dialect.migrations.push_back(SharingMigration(kDdlTypes));
    dialect.migrations.push_back(CaseMigration(kDdlTypes));
    dialect.migrations.push_back(PersonalSharingMigration(kDdlTypes));
    dialect.migrations.push_back(SecondFactorMigration(kDdlTypes));
    dialect.migrations.push_back(PersonHolderMigration(kDdlTypes));
    dialect.migrations.push_back(PostMigration(kDdlTypes));
    dialect.migrations.push_back(PrefectureMigration(kDdlTypes));
    dialect.migrations.push_back(AlertAcknowledgementMigration(kDdlTypes));
    dialect.migrations.push_back(ConsultationLifecycleMigration(kDdlTypes));
    dialect.migrations.push_back(DraftMigration(kDdlTypes));
    dialect.migrations.push_back(ConsultationReceivedAtMigration(kDdlTypes));
    dialect.migrations.push_back(AnonymousConsultationMigration(kDdlTypes, dialect.backend));
    dialect.migrations.push_back(TownSetupMigration(kDdlTypes, dialect.backend));
    dialect.migrations.push_back(OrganizationKindsMigration(kDdlTypes, dialect.backend));
    dialect.migrations.push_back(ImportMigration(kDdlTypes));
    dialect.migrations.push_back(AreaHouseholdsMigration(kDdlTypes, dialect.backend));
    dialect.migrations.push_back(CommissionerActivityMigration(kDdlTypes));
    dialect.migrations.push_back(WatchListMigration(kDdlTypes));
    dialect.migrations.push_back(SasaeaiMapMigration(kDdlTypes));
    dialect.migrations.push_back(CategoryNamesMigration(kDdlTypes));
    dialect.migrations.push_back(OutreachMigration(kDdlTypes));
    dialect.migrations.push_back(HouseholdSurveyMigration(kDdlTypes));
    dialect.migrations.push_back(SurveyOfflineSyncMigration(kDdlTypes));
    dialect.migrations.push_back(MutualAidLiaisonMigration(kDdlTypes, dialect.backend));
    dialect.migrations.push_back(ResourceDirectoryMigration(kDdlTypes));
    dialect.migrations.push_back(ParticipationMatchMigration(kDdlTypes));
    dialect.migrations.push_back(ContactsIndexMigration(kDdlTypes));
    dialect.migrations.push_back(ParticipationDirectoryIndexMigration(kDdlTypes));
    dialect.migrations.push_back(CommunityDevelopmentMigration(kDdlTypes));
    dialect.migrations.push_back(CommunityIssuesMigration(kDdlTypes));
    dialect.migrations.push_back(PrefectureStatisticsMigration(kDdlTypes));
    dialect.migrations.push_back(LonelinessMigration(kDdlTypes));
    dialect.migrations.push_back(PartnershipPlatformMigration(kDdlTypes));
    dialect.migrations.push_back(TrainingMigration(kDdlTypes));
    dialect.migrations.push_back(InternalMeetingsMigration(dialect.backend));
    dialect.migrations.push_back(EvaluationPlanMigration(kDdlTypes));
    dialect.migrations.push_back(ExportJobMigration(kDdlTypes));
    dialect.migrations.push_back(PersonTraitsMigration(kDdlTypes));
    dialect.migrations.push_back(ProgramResultMigration(kDdlTypes));
    dialect.migrations.push_back(ExportRetentionMigration(dialect.backend));
    dialect.migrations.push_back(ReportAggregatesMigration(kDdlTypes));
    dialect.migrations.push_back(ReportAggregatesFillMigration());
    dialect.migrations.push_back(PersonSearchReachMigration(kDdlTypes));
    dialect.migrations.push_back(KeyFirstColumnsMigration(dialect.backend));
    dialect.migrations.push_back(AccessVersionsMigration(kDdlTypes, dialect.backend));
    return dialect;
}

}  // namespace

const SqlDialect& SqliteDialect() {
    static const SqlDialect dialect = MakeDialect();
    return dialect;
}

}  // namespace kasane::storage::sqlite
