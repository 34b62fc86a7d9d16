// SPDX-License-Identifier: Apache-2.0
#pragma once

// The migrations of the schema, written once for both dialects in the sql/*_schema.cpp files and listed in order
// by MigrationsAfterTheFirst (migration_order.cpp), with the CHECK (column IN (…)) lists they build from the
// domain's codes.

#include <string>
#include <string_view>
#include <vector>

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

// The migrations after the first (which each backend spells in its own schema.cpp), in the order they apply.
std::vector<Migration> MigrationsAfterTheFirst(const DdlTypes& types, std::string_view backend);

// The migrations after the first, one file each.
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
// 15, town_setup_schema.cpp (with the legal bases added since migration 3); 16, organization_kinds_schema.cpp.
Migration TownSetupMigration(const DdlTypes& types, std::string_view backend);
Migration OrganizationKindsMigration(const DdlTypes& types, std::string_view backend);

// A CHECK (column IN (…)) list widened by a migration, every stored row satisfying the new list (check_widening.cpp).
struct CheckWidening {
    std::string_view table;   // "meeting_bodies"
    std::string_view column;  // "legal_basis"
    std::string released;     // the list as the table was created with it (SQLite finds it in that text)
    std::string widened;      // the new list
    // The column's definition before its CHECK in SQLite's CREATE TABLE text: " legal_basis TEXT NOT NULL ".
    std::string_view sqlite_prefix;
};
// Appends the statements that widen the CHECK: ALTER TABLE on PostgreSQL (constraint "<table>_<column>_check"),
// the writable_schema procedure on SQLite, after which the migration must make a real schema change (a CREATE or
// DROP) so that other connections reload the schema. `backend` is SqlDialect::backend.
void WidenCheck(std::vector<std::string>& statements, std::string_view backend, const CheckWidening& widening);
// 17, import_schema.cpp.
Migration ImportMigration(const DdlTypes& types);
// 18, area_households_schema.cpp: areas' household counts, retirement and the kinds 班 and 地区.
Migration AreaHouseholdsMigration(const DdlTypes& types, std::string_view backend);
Migration CommissionerActivityMigration(const DdlTypes& types);  // 19, commissioner_activity_schema.cpp
Migration WatchListMigration(const DdlTypes& types);             // 20, watch_list_schema.cpp
Migration SasaeaiMapMigration(const DdlTypes& types);            // 21, sasaeai_map_schema.cpp
Migration CategoryNamesMigration(const DdlTypes& types);         // 22, category_names_schema.cpp
Migration OutreachMigration(const DdlTypes& types);              // 23, outreach_schema.cpp
Migration HouseholdSurveyMigration(const DdlTypes& types);       // 24, household_survey_schema.cpp
Migration SurveyOfflineSyncMigration(const DdlTypes& types);     // 25, survey_offline_sync_schema.cpp
// 26, mutual_aid_liaison_schema.cpp: the 支え愛連絡会, and meeting_bodies.legal_basis widened to 'mutual_aid_liaison'.
Migration MutualAidLiaisonMigration(const DdlTypes& types, std::string_view backend);
Migration ResourceDirectoryMigration(const DdlTypes& types);            // 28, resource_directory_schema.cpp
Migration ParticipationMatchMigration(const DdlTypes& types);           // 29, participation_match_schema.cpp
Migration ContactsIndexMigration(const DdlTypes& types);                // 32, contacts_index_schema.cpp
Migration ParticipationDirectoryIndexMigration(const DdlTypes& types);  // 34, participation_match_schema.cpp
Migration CommunityDevelopmentMigration(const DdlTypes& types);         // 35, community_development_schema.cpp
Migration CommunityIssuesMigration(const DdlTypes& types);              // 36, community_development_schema.cpp
Migration PrefectureStatisticsMigration(const DdlTypes& types);         // 37, prefecture_statistics_schema.cpp
Migration LonelinessMigration(const DdlTypes& types);                   // 38, loneliness_schema.cpp
Migration PartnershipPlatformMigration(const DdlTypes& types);          // 39, partnership_platform_schema.cpp
Migration TrainingMigration(const DdlTypes& types);                     // 42, training_schema.cpp
// 43, internal_meetings_schema.cpp: meeting_bodies.legal_basis widened to 'internal_liaison'; meeting_attendees.kind.
Migration InternalMeetingsMigration(std::string_view backend);
Migration EvaluationPlanMigration(const DdlTypes& types);  // 44, evaluation_plan_schema.cpp
Migration ExportJobMigration(const DdlTypes& types);       // 49, export_job_schema.cpp
Migration PersonTraitsMigration(const DdlTypes& types);    // 50, person_traits_schema.cpp
Migration ProgramResultMigration(const DdlTypes& types);   // 51, program_result_schema.cpp
// 52, export_job_schema.cpp: export_jobs.status widened to 'expired' (retention).
Migration ExportRetentionMigration(std::string_view backend);
// 53, report_aggregates_schema.cpp: the 年度集計's maintained aggregates; 54 fills them from the records (its step is
// the program's: FillReportAggregates in report_aggregates_store.hpp).
Migration ReportAggregatesMigration(const DdlTypes& types);
Migration ReportAggregatesFillMigration();
Migration PersonSearchReachMigration(const DdlTypes& types);  // 55, person_search_schema.cpp
Migration DeskIndexesMigration(const DdlTypes& types);        // 58, desk_indexes_schema.cpp
Migration DeskReferralsCoveredMigration();                    // 64, desk_indexes_schema.cpp
// 65, report_aggregates_schema.cpp: 世帯人員 and データの質 per 年度 and facet; its step is the program's too
// (FillReportFacets).
inline constexpr std::string_view kReportFacetsMigrationName = "report_facets";
Migration ReportFacetsMigration(const DdlTypes& types);
// 59, key_first_columns_schema.cpp: SQLite's WITHOUT ROWID tables made again with their key's columns first.
Migration KeyFirstColumnsMigration(std::string_view backend);
Migration PersonSearchReachKeysFirstMigration();  // 62, person_search_schema.cpp
// 60, access_versions_schema.cpp: each person's access version, raised by triggers on the tables of the access facts.
Migration AccessVersionsMigration(const DdlTypes& types, std::string_view backend);
// 63, access_versions_schema.cpp: the triggers that find persons by a household or a meeting made again, SQLite's
// reading them by that key instead of the municipality's every row.
Migration AccessVersionsByKeyMigration(std::string_view backend);
// 66, access_versions_schema.cpp: each user's account version, raised by triggers on the tables a session's user and
// posts are read from (PostgreSQL's read-ahead of a session keeps them while it stays).
Migration AccountVersionsMigration(const DdlTypes& types, std::string_view backend);

// CHECK (column IN ('a', 'b', …)) lists built from the domain's enum codes, for the migrations.
// Master data and accounts (sql_store.cpp).
std::string OrganizationKindCheckList();          // every kind (migration 16)
std::string ReleasedOrganizationKindCheckList();  // the kinds released with migration 1, frozen
std::string AreaKindCheckList();                  // every kind (migration 18)
std::string ReleasedAreaKindCheckList();          // the kinds released with migration 1, frozen
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
std::string LegalBasisCheckList();  // frozen at the bases released with migration 3
// Migration 15 (town_setup_schema.cpp): the bases to 消費者安全確保地域協議会 and 支援調整会議, frozen (defined in
// mutual_aid_liaison_schema.cpp); those to 支え愛連絡会, frozen (migration 26); every basis as of now, the internal
// meetings included (migration 43).
std::string TownSetupLegalBasisCheckList();
std::string MutualAidLiaisonLegalBasisCheckList();
std::string AllLegalBasisCheckList();
std::string ConsentMethodCheckList();

}  // namespace kasane::storage
