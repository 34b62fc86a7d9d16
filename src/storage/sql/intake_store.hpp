#pragma once

// The repositories of domain/intake_repositories.hpp (persons, households, categories, consultations, reports,
// referrals, audit trail, settings), written once over SqlExecutor like those of sql_store.hpp, and migration 2
// that creates their tables, written once for both dialects.

#include <memory>
#include <string>

#include "domain/intake_repositories.hpp"
#include "storage/sql/sql.hpp"

namespace kasane::storage {

// What the two dialects spell differently in the DDL of migration 2.
struct DdlTypes {
    const char* id_primary_key;           // "INTEGER PRIMARY KEY" / "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
    const char* integer;                  // "INTEGER" / "bigint"
    const char* text;                     // "TEXT" / "text"
    const char* instant;                  // "TEXT" (ISO 8601 UTC) / "timestamptz"
    const char* date;                     // "TEXT" ('YYYY-MM-DD') / "date"
    const char* boolean_column;           // "INTEGER" / "boolean"
    bool boolean_needs_check;             // true / false: CHECK (x IN (0, 1))
    const char* table_options;            // " STRICT" / ""
    const char* clustered_table_options;  // " STRICT, WITHOUT ROWID" / ""
    // A covering index's extra columns: SQLite appends them to the key, PostgreSQL uses INCLUDE (…).
    const char* covering_prefix;  // ", " / ") INCLUDE ("
    const char* covering_suffix;  // "" / ""
};

Migration IntakeMigration(const DdlTypes& types);
// Migration 5: persons.holder_organization_id.
Migration PersonHolderMigration(const DdlTypes& types);

// CHECK (column IN (…)) lists for migration 2.
std::string SexCheckList();
std::string RelationshipCheckList();
std::string ChannelCheckList();
std::string SourceCheckList();
std::string OutcomeCheckList();
std::string TextTagCheckList();
std::string ReferralStatusCheckList();

// The eight repositories of one municipality over one executor.
class IntakeRepositories {
public:
    IntakeRepositories(SqlExecutor& executor, MunicipalityId tenant);
    ~IntakeRepositories();
    IntakeRepositories(const IntakeRepositories&) = delete;
    IntakeRepositories& operator=(const IntakeRepositories&) = delete;

    domain::PersonRepository& Persons();
    domain::HouseholdRepository& Households();
    domain::CategoryRepository& Categories();
    domain::ConsultationRepository& Consultations();
    domain::ReferralRepository& Referrals();
    domain::ReportRepository& Reports();
    domain::AuditRepository& Audit();
    domain::SettingsRepository& Settings();

private:
    struct Parts;
    std::unique_ptr<Parts> parts_;
};

}  // namespace kasane::storage
