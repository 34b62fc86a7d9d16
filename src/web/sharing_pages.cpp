// SPDX-License-Identifier: Apache-2.0
// The pages of lawful sharing (issue #4), registered together; each concept has its file (consent_pages,
// emergency_pages, disclosure_pages, meeting_body_pages, meeting_pages, meeting_paper_pages, audit_pages). Who may see
// what is decided by the domain (access_policy.cpp quotes the rules); these handlers only parse forms, call one use
// case, and say the result in plain Japanese. A refusal is "not found" exactly like a missing record.

#include "web/sharing_pages.hpp"

#include "domain/access_policy.hpp"
#include "web/sharing_page_support.hpp"

namespace kasane::web {

using namespace sharing;
using nlohmann::json;

void AddSharingPages(http::Router& router, const SharingPageServices& services) {
    AddMeetingBodyPages(router, services);
    AddAuditPages(router, services);
    AddEmergencyPages(router, services);
    AddConsentPages(router, services);
    AddDisclosurePages(router, services);
    AddMeetingPages(router, services);
    AddMeetingPaperPages(router, services);
}

json SharingNavigation(const domain::Principal& principal) {
    return {{"meetings",
             IsProfessional(principal) || ManagesBodies(principal) || principal.HasRole(domain::Role::kAuditor)},
            {"bodies", ManagesBodies(principal)},
            {"audit", ReadsAudit(principal)},
            // 多機関協働: 支援ケース and 私の業務 for those who work cases (民生委員 never do).
            {"cases", IsProfessional(principal) || ManagesBodies(principal)}};
}

}  // namespace kasane::web
