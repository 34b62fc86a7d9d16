// SPDX-License-Identifier: Apache-2.0
// The PostgreSQL schema. Migrations are forward-only: never edit a released step, add a new one.
//
// Instants are timestamptz (sessions run with TimeZone UTC). Composite foreign keys (x_id, municipality_id)
// keep every row inside its tenant. Migrations take a transaction-scoped advisory lock, so that two servers
// starting at once apply each step once.

#include "storage/postgres/postgres_store.hpp"
#include "storage/sql/migrations.hpp"
#include "storage/sql/sql_store.hpp"

namespace kasane::storage::postgres {
namespace {

constexpr SqlStatement kSchemaMigrationsExists{"schema_migrations_exists",
                                               "SELECT to_regclass('schema_migrations') IS NOT NULL"};

// Any constant works, as long as every Kasane process uses the same one.
constexpr SqlStatement kMigrationLock{"migration_lock", "SELECT pg_advisory_xact_lock(1756201166)"};

constexpr SqlStatement kDatabaseBytes{"database_bytes", "SELECT pg_database_size(current_database())"};

constexpr const char* kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version integer PRIMARY KEY,"
    " name text NOT NULL,"
    " applied_at timestamptz NOT NULL"
    ")";

Migration Version1() {
    Migration migration{.version = 1, .name = "accounts and master data", .statements = {}};
    auto& s = migration.statements;
    s.push_back(
        "CREATE TABLE municipalities ("
        " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
        " code text NOT NULL UNIQUE,"
        " name text NOT NULL,"
        " prefecture_name text NOT NULL,"
        " fictional boolean NOT NULL DEFAULT false"
        ")");
    s.push_back(
        "CREATE TABLE organizations ("
        " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
        " municipality_id bigint NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
        " kind text NOT NULL CHECK (kind IN (" +
        ReleasedOrganizationKindCheckList() +
        ")),"
        " name text NOT NULL,"
        " UNIQUE (municipality_id, name),"
        " UNIQUE (id, municipality_id)"
        ")");
    s.push_back(
        "CREATE TABLE areas ("
        " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
        " municipality_id bigint NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
        " kind text NOT NULL CHECK (kind IN (" +
        ReleasedAreaKindCheckList() +
        ")),"
        " name text NOT NULL,"
        " UNIQUE (municipality_id, kind, name)"
        ")");
    s.push_back(
        "CREATE TABLE users ("
        " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
        " municipality_id bigint NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
        " organization_id bigint NOT NULL,"
        " username text NOT NULL UNIQUE,"
        " display_name text NOT NULL,"
        " password_hash text NOT NULL,"
        " disabled boolean NOT NULL DEFAULT false,"
        " failed_sign_ins integer NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),"
        " locked_until timestamptz,"
        " created_at timestamptz NOT NULL,"
        " UNIQUE (id, municipality_id),"
        " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id)"
        "  ON DELETE RESTRICT"
        ")");
    s.push_back("CREATE INDEX users_by_municipality ON users (municipality_id, id)");
    s.push_back("CREATE INDEX users_by_organization ON users (organization_id, municipality_id)");
    s.push_back(
        "CREATE TABLE user_roles ("
        " user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
        " role text NOT NULL CHECK (role IN (" +
        RoleCheckList() +
        ")),"
        " PRIMARY KEY (user_id, role)"
        ")");
    s.push_back(
        "CREATE TABLE sessions ("
        " token_hash text PRIMARY KEY,"
        " user_id bigint NOT NULL,"
        " municipality_id bigint NOT NULL,"
        " created_at timestamptz NOT NULL,"
        " last_seen_at timestamptz NOT NULL,"
        " expires_at timestamptz NOT NULL,"
        " remote_address text NOT NULL,"
        " user_agent text NOT NULL,"
        " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id) ON DELETE CASCADE"
        ")");
    s.push_back("CREATE INDEX sessions_by_user ON sessions (user_id, municipality_id)");
    s.push_back("CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at)");
    s.push_back("CREATE INDEX sessions_by_expiry ON sessions (expires_at)");
    s.push_back(
        "CREATE TABLE api_tokens ("
        " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
        " municipality_id bigint NOT NULL,"
        " user_id bigint NOT NULL,"
        " name text NOT NULL,"
        " token_hash text NOT NULL UNIQUE,"
        " created_at timestamptz NOT NULL,"
        " expires_at timestamptz,"
        " revoked_at timestamptz,"
        " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id) ON DELETE CASCADE"
        ")");
    s.push_back("CREATE INDEX api_tokens_by_municipality ON api_tokens (municipality_id, id)");
    s.push_back("CREATE INDEX api_tokens_by_user ON api_tokens (user_id, municipality_id)");
    // Auth events outlive what they mention: deleting a user or municipality keeps the event, without the link.
    s.push_back(
        "CREATE TABLE auth_events ("
        " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
        " kind text NOT NULL CHECK (kind IN (" +
        AuthEventKindCheckList() +
        ")),"
        " municipality_id bigint REFERENCES municipalities (id) ON DELETE SET NULL,"
        " user_id bigint REFERENCES users (id) ON DELETE SET NULL,"
        " username text NOT NULL,"
        " remote_address text NOT NULL,"
        " at timestamptz NOT NULL"
        ")");
    s.push_back("CREATE INDEX auth_events_by_address ON auth_events (remote_address, at)");
    s.push_back("CREATE INDEX auth_events_by_municipality ON auth_events (municipality_id, id)");
    s.push_back("CREATE INDEX auth_events_by_user ON auth_events (user_id)");
    return migration;
}

constexpr DdlTypes kDdlTypes{.id_primary_key = "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
                             .integer = "bigint",
                             .text = "text",
                             .instant = "timestamptz",
                             .date = "date",
                             .boolean_column = "boolean",
                             .boolean_needs_check = false,
                             .table_options = "",
                             .clustered_table_options = "",
                             .covering_prefix = ") INCLUDE (",
                             .covering_suffix = ""};

SqlDialect MakeDialect() {
    SqlDialect dialect;
    dialect.backend = "postgresql";
    dialect.begin_transaction = "BEGIN";
    dialect.schema_migrations_exists = kSchemaMigrationsExists;
    dialect.create_schema_migrations = kCreateSchemaMigrations;
    dialect.migration_lock = &kMigrationLock;
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

const SqlDialect& PostgresDialect() {
    static const SqlDialect dialect = MakeDialect();
    return dialect;
}

}  // namespace kasane::storage::postgres
