// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to src/storage/sql: the Make function of every repository, each defined at the end of the file named
// after its concept (persons_store.cpp, referrals_store.cpp …). The repositories are written once over SqlExecutor;
// the Store (sql_store.cpp) builds them. Only forward declarations here, so that including it costs nothing.

#include <memory>

#include "base/ids.hpp"

namespace kasane::domain {
class AccountRepository;
class AlertAcknowledgementRepository;
class ApiTokenRepository;
class AreaRepository;
class AuditRepository;
class AuthEventRepository;
class DraftRepository;
class TownSetupRepository;
class CaseRepository;
class CategoryRepository;
class DeskRepository;
class ImportRepository;
class ConsentRepository;
class ConsultationRepository;
class EmergencyAccessRepository;
class FormRepository;
class HouseholdRepository;
class MeetingRepository;
class MissingResourceRepository;
class MunicipalityRepository;
class OrganizationRepository;
class PersonRepository;
class PlanRepository;
class PostRepository;
class PrefectureRepository;
class ProgressNoteRepository;
class ReferralRepository;
class ReportRepository;
class SettingsRepository;
class UserRepository;
}  // namespace kasane::domain

namespace kasane::storage {

class SqlExecutor;

// Installation-wide.
std::unique_ptr<domain::MunicipalityRepository> MakeMunicipalityRepository(
    SqlExecutor& executor);  // municipalities_store.cpp
std::unique_ptr<domain::PrefectureRepository> MakePrefectureRepository(SqlExecutor& executor);  // prefectures_store.cpp
std::unique_ptr<domain::AccountRepository> MakeAccountRepository(SqlExecutor& executor);        // accounts_store.cpp
std::unique_ptr<domain::TownSetupRepository> MakeTownSetupRepository(SqlExecutor& executor);    // town_setup_store.cpp
std::unique_ptr<domain::DraftRepository> MakeDraftRepository(SqlExecutor& executor);            // drafts_store.cpp

// Of one municipality: every statement filters by `tenant`.
// organizations_store.cpp
std::unique_ptr<domain::OrganizationRepository> MakeOrganizationRepository(SqlExecutor& executor,
                                                                           MunicipalityId tenant);
// areas_store.cpp
std::unique_ptr<domain::AreaRepository> MakeAreaRepository(SqlExecutor& executor, MunicipalityId tenant);
// users_store.cpp
std::unique_ptr<domain::UserRepository> MakeUserRepository(SqlExecutor& executor, MunicipalityId tenant);
// posts_store.cpp
std::unique_ptr<domain::PostRepository> MakePostRepository(SqlExecutor& executor, MunicipalityId tenant);
// api_tokens_store.cpp
std::unique_ptr<domain::ApiTokenRepository> MakeApiTokenRepository(SqlExecutor& executor, MunicipalityId tenant);
// auth_events_store.cpp
std::unique_ptr<domain::AuthEventRepository> MakeAuthEventRepository(SqlExecutor& executor, MunicipalityId tenant);
// persons_store.cpp
std::unique_ptr<domain::PersonRepository> MakePersonRepository(SqlExecutor& executor, MunicipalityId tenant);
// households_store.cpp
std::unique_ptr<domain::HouseholdRepository> MakeHouseholdRepository(SqlExecutor& executor, MunicipalityId tenant);
// categories_store.cpp
std::unique_ptr<domain::CategoryRepository> MakeCategoryRepository(SqlExecutor& executor, MunicipalityId tenant);
// consultations_store.cpp
std::unique_ptr<domain::ConsultationRepository> MakeConsultationRepository(SqlExecutor& executor,
                                                                           MunicipalityId tenant);
// referrals_store.cpp
std::unique_ptr<domain::ReferralRepository> MakeReferralRepository(SqlExecutor& executor, MunicipalityId tenant);
// reports_store.cpp
std::unique_ptr<domain::ReportRepository> MakeReportRepository(SqlExecutor& executor, MunicipalityId tenant);
// audit_store.cpp
std::unique_ptr<domain::AuditRepository> MakeAuditRepository(SqlExecutor& executor, MunicipalityId tenant);
// settings_store.cpp
std::unique_ptr<domain::SettingsRepository> MakeSettingsRepository(SqlExecutor& executor, MunicipalityId tenant);
// consents_store.cpp
std::unique_ptr<domain::ConsentRepository> MakeConsentRepository(SqlExecutor& executor, MunicipalityId tenant);
// meetings_store.cpp
std::unique_ptr<domain::MeetingRepository> MakeMeetingRepository(SqlExecutor& executor, MunicipalityId tenant);
// emergency_accesses_store.cpp
std::unique_ptr<domain::EmergencyAccessRepository> MakeEmergencyAccessRepository(SqlExecutor& executor,
                                                                                 MunicipalityId tenant);
// alert_acknowledgements_store.cpp
std::unique_ptr<domain::AlertAcknowledgementRepository> MakeAlertAcknowledgementRepository(SqlExecutor& executor,
                                                                                           MunicipalityId tenant);
// cases_store.cpp
std::unique_ptr<domain::CaseRepository> MakeCaseRepository(SqlExecutor& executor, MunicipalityId tenant);
// forms_store.cpp
std::unique_ptr<domain::FormRepository> MakeFormRepository(SqlExecutor& executor, MunicipalityId tenant);
// plans_store.cpp
std::unique_ptr<domain::PlanRepository> MakePlanRepository(SqlExecutor& executor, MunicipalityId tenant);
// progress_notes_store.cpp
std::unique_ptr<domain::ProgressNoteRepository> MakeProgressNoteRepository(SqlExecutor& executor,
                                                                           MunicipalityId tenant);
// missing_resources_store.cpp
std::unique_ptr<domain::MissingResourceRepository> MakeMissingResourceRepository(SqlExecutor& executor,
                                                                                 MunicipalityId tenant);
// desk_store.cpp
std::unique_ptr<domain::DeskRepository> MakeDeskRepository(SqlExecutor& executor, MunicipalityId tenant);
// import_store.cpp
std::unique_ptr<domain::ImportRepository> MakeImportRepository(SqlExecutor& executor, MunicipalityId tenant);

}  // namespace kasane::storage
