// SPDX-License-Identifier: Apache-2.0
#pragma once

// The migrations of the schema, written once for both dialects in the sql/*_schema.cpp files and listed in order
// by sqlite/schema.cpp and postgres/schema.cpp, with the CHECK (column IN (…)) lists they build from the domain's
// codes.

#include <string>
#include <string_view>

#include "storage/sql/sql.hpp"

namespace kasane::storage {

// What the two dialects spell differently in the DDL of the migrations written once.
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

// The migrations after the first (which each backend spells in its own schema.cpp), one file each.
Migration IntakeMigration(const DdlTypes& types);                  // 2, intake_schema.cpp
Migration SharingMigration(const DdlTypes& types);                 // 3, sharing_schema.cpp
Migration CaseMigration(const DdlTypes& types);                    // 4, case_schema.cpp
Migration PersonalSharingMigration(const DdlTypes& types);         // 5, personal_sharing_schema.cpp
Migration SecondFactorMigration(const DdlTypes& types);            // 6, second_factor_schema.cpp
Migration PersonHolderMigration(const DdlTypes& types);            // 7, person_holder_schema.cpp
Migration PostMigration(const DdlTypes& types);                    // 8, posts_schema.cpp
Migration PrefectureMigration(const DdlTypes& types);              // 9, prefecture_schema.cpp
Migration AlertAcknowledgementMigration(const DdlTypes& types);    // 10, alert_acknowledgements_schema.cpp
Migration ConsultationLifecycleMigration(const DdlTypes& types);   // 11, consultation_lifecycle_schema.cpp
Migration DraftMigration(const DdlTypes& types);                   // 12, drafts_schema.cpp
Migration ConsultationReceivedAtMigration(const DdlTypes& types);  // 13, consultation_received_at_schema.cpp
// 14, anonymous_consultation_schema.cpp; `backend` is SqlDialect::backend (the SQLite steps differ).
Migration AnonymousConsultationMigration(const DdlTypes& types, std::string_view backend);
// 16, import_schema.cpp (15 is the set-up branch's).
Migration ImportMigration(const DdlTypes& types);

// CHECK (column IN ('a', 'b', …)) lists built from the domain's enum codes, for the migrations.
// Master data and accounts (sql_store.cpp).
std::string OrganizationKindCheckList();
std::string AreaKindCheckList();
std::string RoleCheckList();
std::string AuthEventKindCheckList();
// Migration 2 (intake_schema.cpp). SourceCheckList is frozen at the sources released with it.
std::string SexCheckList();
std::string RelationshipCheckList();
std::string ChannelCheckList();
std::string SourceCheckList();
std::string OutcomeCheckList();
std::string TextTagCheckList();
std::string ReferralStatusCheckList();
// Migration 14 (anonymous_consultation_schema.cpp): every source, 匿名 included.
std::string AnonymousSourceCheckList();
// Migration 11 (consultation_lifecycle_schema.cpp).
std::string ResultCheckList();
std::string ConsultationStatusCheckList();
std::string ConsultationEventKindCheckList();
// Migration 3 (sharing_schema.cpp).
std::string LegalBasisCheckList();
std::string ConsentMethodCheckList();

}  // namespace kasane::storage
