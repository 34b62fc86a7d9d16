// SPDX-License-Identifier: Apache-2.0
#pragma once

// 民生委員の活動記録 (commissioner_activity.cpp): GET/PUT /api/v1/commissioners/{user_id}/activity, the 民児協
// roll-up GET /api/v1/commissioner-councils/{id}/activity, the municipality's total GET
// /api/v1/commissioner-activity/total and its file …/total.file, notes, and the administrators' set-up. Registered
// apart from AddApiRoutes, with its one use case and the clock (the month a form opens at).

#include "base/time.hpp"
#include "domain/commissioner_activity_service.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddCommissionerActivityRoutes(Router& router, domain::CommissionerActivityService& activity, const Clock& clock);

}  // namespace kasane::http::api
