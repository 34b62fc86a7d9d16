// SPDX-License-Identifier: Apache-2.0
#pragma once

// アウトリーチ pages (outreach_pages.cpp): the caseload (/outreach), a record (/outreach/{id}) with its attempts and
// stage history, and the forms that open a record, log an attempt, change the stage and turn an attempt into a
// consultation. The service, directory and clock must outlive the router.

#include "base/time.hpp"
#include "domain/directory.hpp"
#include "domain/outreach_service.hpp"
#include "http/router.hpp"

namespace kasane::web {

void AddOutreachPages(http::Router& router, domain::OutreachService& outreach, domain::Directory& directory,
                      const Clock& clock);

}  // namespace kasane::web
