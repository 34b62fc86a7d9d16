#pragma once

// The composition root: opens the store named by a URL and builds the domain services on it.

#include <memory>
#include <string_view>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/administration.hpp"
#include "domain/audit_recorder.hpp"
#include "domain/auth.hpp"
#include "domain/case_service.hpp"
#include "domain/directory.hpp"
#include "domain/intake.hpp"
#include "domain/sharing_service.hpp"
#include "domain/repositories.hpp"

namespace kasane::app {

// Members are destroyed in reverse order: the audit recorder flushes before the store closes.
struct Services {
    std::unique_ptr<domain::Store> store;
    SystemClock clock;
    std::unique_ptr<domain::AuditRecorder> audit;
    std::unique_ptr<domain::AuthService> auth;
    std::unique_ptr<domain::Administration> administration;
    std::unique_ptr<domain::Directory> directory;
    std::unique_ptr<domain::PersonService> persons;
    std::unique_ptr<domain::HouseholdService> households;
    std::unique_ptr<domain::ConsultationService> consultations;
    std::unique_ptr<domain::ReferralService> referrals;
    std::unique_ptr<domain::ReportService> reports;
    std::unique_ptr<domain::SharingService> sharing;
    std::unique_ptr<domain::AuditService> audit_reports;
    std::unique_ptr<domain::CaseService> cases;
};

enum class Migration { kApply, kRequireCurrent };

struct ServicesOptions {
    int pool_size = 8;
    Migration migration = Migration::kApply;
    domain::AuthSettings auth;
};

// Opens `database_url` (sqlite:PATH, creating missing parent directories, or postgresql://...), applies or
// checks migrations, and builds the services. kSchemaTooNew when the database was migrated by a newer binary.
Result<std::unique_ptr<Services>> OpenServices(std::string_view database_url, const ServicesOptions& options);

}  // namespace kasane::app
