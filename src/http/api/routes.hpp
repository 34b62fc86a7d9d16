#pragma once

// Per-resource registration functions, called by AddApiRoutes (api.cpp).

#include "http/api/api.hpp"

namespace kasane::http::api {

void AddSessionRoutes(Router& router, const ApiDependencies& dependencies);
void AddMasterDataRoutes(Router& router, const ApiDependencies& dependencies);
void AddUserRoutes(Router& router, const ApiDependencies& dependencies);
void AddPersonRoutes(Router& router, const ApiDependencies& dependencies);
void AddHouseholdRoutes(Router& router, const ApiDependencies& dependencies);
void AddConsultationRoutes(Router& router, const ApiDependencies& dependencies);
void AddReferralRoutes(Router& router, const ApiDependencies& dependencies);
void AddReportRoutes(Router& router, const ApiDependencies& dependencies);
void AddSharingRoutes(Router& router, const ApiDependencies& dependencies);
void AddAuditRoutes(Router& router, const ApiDependencies& dependencies);
void AddCaseRoutes(Router& router, const ApiDependencies& dependencies);

}  // namespace kasane::http::api
