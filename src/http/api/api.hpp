// SPDX-License-Identifier: Apache-2.0
#pragma once

// The JSON API (/api/v1). One file per resource; each handler parses the request, calls one domain use case
// and maps its Result — nothing more.

#include "base/time.hpp"
#include "domain/administration.hpp"
#include "domain/auth.hpp"
#include "domain/case_service.hpp"
#include "domain/directory.hpp"
#include "domain/intake.hpp"
#include "domain/sharing_service.hpp"
#include "domain/town_setup.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

struct ApiDependencies {
    // The municipality, organisations and areas of the master-data routes and of /sessions/current (no handler
    // reads a repository).
    domain::Directory& directory;
    // The clock of the use cases: the handlers' "now" and "today in Japan" (common.hpp: Now, TodayJst).
    const Clock& clock;
    domain::AuthService& auth;
    domain::Administration& administration;
    domain::PersonService& persons;
    domain::HouseholdService& households;
    domain::ConsultationService& consultations;
    domain::ReferralService& referrals;
    domain::ReportService& reports;
    domain::SharingService& sharing;
    domain::AuditService& audit;
    domain::CaseService& cases;
};

void AddApiRoutes(Router& router, const ApiDependencies& dependencies);
// POST /api/v1/setup: the first run with the one-time token (setup.cpp; domain/town_setup.hpp).
void AddSetupRoutes(Router& router, domain::TownSetup& setup);

}  // namespace kasane::http::api
