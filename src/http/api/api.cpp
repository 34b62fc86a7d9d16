// SPDX-License-Identifier: Apache-2.0
#include "http/api/api.hpp"

#include "http/api/routes.hpp"

namespace kasane::http::api {

void AddApiRoutes(Router& router, const ApiDependencies& dependencies) {
    AddSessionRoutes(router, dependencies);
    AddMasterDataRoutes(router, dependencies);
    AddTownMasterRoutes(router, dependencies);
    AddUserRoutes(router, dependencies);
    AddPersonRoutes(router, dependencies);
    AddHouseholdRoutes(router, dependencies);
    AddConsultationRoutes(router, dependencies);
    AddReferralRoutes(router, dependencies);
    AddReportRoutes(router, dependencies);
    AddSharingRoutes(router, dependencies);
    AddAuditRoutes(router, dependencies);
    AddCaseRoutes(router, dependencies);
    AddSecondFactorRoutes(router, dependencies);
    AddDeskRoutes(router, dependencies);
}

}  // namespace kasane::http::api
