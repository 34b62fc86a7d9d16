// SPDX-License-Identifier: Apache-2.0
#pragma once

// 民生委員の活動記録 pages (commissioner_activity_pages.cpp): /commissioner-activity and below. The service, the
// directory and the clock must outlive the router.

#include "base/time.hpp"
#include "domain/commissioner_activity_service.hpp"
#include "domain/directory.hpp"
#include "http/router.hpp"

namespace kasane::web {

void AddCommissionerActivityPages(http::Router& router, domain::CommissionerActivityService& activity,
                                  domain::Directory& directory, const Clock& clock);

}  // namespace kasane::web
