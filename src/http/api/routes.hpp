// SPDX-License-Identifier: Apache-2.0
#pragma once

// Per-resource registration functions, called by AddApiRoutes (api.cpp).

#include "http/api/api.hpp"
#include "http/api/common.hpp"

namespace kasane::http::api {

void AddSessionRoutes(Router& router, const ApiDependencies& dependencies);
void AddMasterDataRoutes(Router& router, const ApiDependencies& dependencies);
// town_masters.cpp: 相談の分類の管理 and 設定.
void AddTownMasterRoutes(Router& router, const ApiDependencies& dependencies);
void AddUserRoutes(Router& router, const ApiDependencies& dependencies);
void AddPersonRoutes(Router& router, const ApiDependencies& dependencies);
void AddHouseholdRoutes(Router& router, const ApiDependencies& dependencies);
void AddConsultationRoutes(Router& router, const ApiDependencies& dependencies);
void AddReferralRoutes(Router& router, const ApiDependencies& dependencies);
void AddReportRoutes(Router& router, const ApiDependencies& dependencies);
void AddSharingRoutes(Router& router, const ApiDependencies& dependencies);  // calls the four below
void AddConsentRoutes(Router& router, const ApiDependencies& dependencies);
void AddMeetingBodyRoutes(Router& router, const ApiDependencies& dependencies);
void AddMeetingRoutes(Router& router, const ApiDependencies& dependencies);
void AddEmergencyAccessRoutes(Router& router, const ApiDependencies& dependencies);
void AddAuditRoutes(Router& router, const ApiDependencies& dependencies);
void AddCaseRoutes(Router& router, const ApiDependencies& dependencies);
void AddSecondFactorRoutes(Router& router, const ApiDependencies& dependencies);
void AddDeskRoutes(Router& router, const ApiDependencies& dependencies);  // desk.cpp: the desk and the timeline

// The reply to a completed sign-in (201, the kasane_session cookie, the user, csrf_token, expires_at, and the
// members of `extra`), and to a first step that needs a second (202, second_factor, pending_token, expires_at).
Response SignedInReply(domain::Directory& directory, const domain::SignedIn& signed_in, bool secure, Json extra = {});
Response SecondStepReply(const domain::SecondStep& step);

}  // namespace kasane::http::api
