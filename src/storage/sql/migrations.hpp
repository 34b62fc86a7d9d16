#pragma once

// The migrations of the schema, written once for both dialects in the sql/*_schema.cpp files and listed in order
// by sqlite/schema.cpp and postgres/schema.cpp, with the CHECK (column IN (…)) lists they build from the domain's
// codes.

#include <string>

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

// CHECK (column IN ('a', 'b', …)) lists built from the domain's enum codes, for the migrations.
std::string OrganizationKindCheckList();
std::string AreaKindCheckList();
std::string RoleCheckList();
std::string AuthEventKindCheckList();

// intake_schema.cpp
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

// sharing_schema.cpp
Migration SharingMigration(const DdlTypes& types);
Migration PersonalSharingMigration(const DdlTypes& types);
// Migration 9: acknowledgements of the administrators' alerts (emergency accesses and DV protection removals).
Migration AlertAcknowledgementMigration(const DdlTypes& types);

// CHECK (column IN (…)) lists for migration 3, built from the domain's codes.
std::string LegalBasisCheckList();
std::string ConsentMethodCheckList();

// case_schema.cpp
Migration CaseMigration(const DdlTypes& types);

// posts_schema.cpp
Migration PostMigration(const DdlTypes& types);

// Migration 8: the prefectures (都道府県) the operator registers.
Migration PrefectureMigration(const DdlTypes& types);
// Migration 5: the second factor of sign-in (TOTP secrets, recovery codes, pending sign-ins).
Migration SecondFactorMigration(const DdlTypes& types);

}  // namespace kasane::storage
