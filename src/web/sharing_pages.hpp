// SPDX-License-Identifier: Apache-2.0
#pragma once

// The pages of lawful sharing (issue #4): a person's 共有 tab (who can see the record and why, consents, what was
// shared in meetings, emergency access, the disclosure copy), 会議体, 会議, and the privacy officer's 監査 pages.
// Handlers parse, call one use case of domain/sharing_service.hpp, and map its Result to a page. Internal to web/.

#include <nlohmann/json.hpp>

#include "base/time.hpp"
#include "domain/case_service.hpp"
#include "domain/directory.hpp"
#include "domain/intake.hpp"
#include "domain/sharing_service.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace kasane::web {

struct SharingPageServices {
    domain::Directory* directory = nullptr;  // master data and staff names (domain/directory.hpp)
    domain::SharingService* sharing = nullptr;
    domain::AuditService* audit = nullptr;
    domain::PersonService* persons = nullptr;  // null: the person and meeting pages are not registered
    // 多機関協働 (issue #6): the cases on a meeting's agenda, decisions recorded on them, the meeting papers.
    domain::CaseService* cases = nullptr;
    // Now and today in Japan (base/japan_time.hpp: TodayInJapan): the use cases' clock (WebDependencies::clock).
    const Clock* clock = nullptr;
};

// Registers the routes listed in pages.hpp. `services` must outlive the router.
void AddSharingPages(http::Router& router, const SharingPageServices& services);

// The person page of a member who sees the person only through a meeting (ViewLevel::kMeetingShared): identity
// and what was shared, nothing more. `data` holds the page's person header values.
http::Response RenderMeetingSharedPerson(const SharingPageServices& services, const http::Request& request,
                                         domain::PersonId id, nlohmann::json data);

// Which sections of the navigation the user's roles open: {"meetings": 会議 (caseworkers, coordinators,
// administrators, auditors), "bodies": 会議体 (coordinators, municipal administrators), "audit": 監査 (auditors,
// municipal administrators), "cases": 支援ケース and 私の業務 (caseworkers, coordinators, municipal administrators)}.
nlohmann::json SharingNavigation(const domain::Principal& principal);

}  // namespace kasane::web
