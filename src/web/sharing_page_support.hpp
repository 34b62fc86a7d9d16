// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the pages of lawful sharing share (consent_pages, emergency_pages, disclosure_pages, meeting_body_pages,
// meeting_pages, meeting_paper_pages, audit_pages): labels of codes, path ids, names of organisations and users,
// and the registration of a page. Internal to web/.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "base/time.hpp"
#include "domain/sharing_service.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "web/page_support.hpp"
#include "web/sharing_pages.hpp"

namespace kasane::web {

// Registers a signed-in page whose handler takes the services.
void AddSharingPage(http::Router& router, const SharingPageServices& services, std::string method, std::string pattern,
                    http::Response (*handler)(const SharingPageServices&, http::Request&));

// The registration of each concept (sharing_pages.cpp calls them all from AddSharingPages).
void AddConsentPages(http::Router& router, const SharingPageServices& services);
void AddEmergencyPages(http::Router& router, const SharingPageServices& services);
void AddDisclosurePages(http::Router& router, const SharingPageServices& services);
void AddMeetingBodyPages(http::Router& router, const SharingPageServices& services);
void AddMeetingPages(http::Router& router, const SharingPageServices& services);
void AddMeetingPaperPages(http::Router& router, const SharingPageServices& services);
void AddAuditPages(http::Router& router, const SharingPageServices& services);

namespace sharing {

using nlohmann::json;

inline constexpr int kAgendaSearchLimit = 10;
inline constexpr int kAuditLimit = 2000;
inline constexpr int kDecisionRows = 3;

using domain::kAllLegalBases;

inline constexpr domain::AccessBasis kAccessBases[] = {
    domain::AccessBasis::kOwnRecord,    domain::AccessBasis::kCaseTeam, domain::AccessBasis::kConsent,
    domain::AccessBasis::kMeeting,      domain::AccessBasis::kReferral, domain::AccessBasis::kEmergency,
    domain::AccessBasis::kIdentityMatch};

// The meeting form offers 支援決定 first; codes and labels come from the domain's one table.
inline constexpr domain::DecisionKind kDecisionKinds[] = {
    domain::DecisionKind::kSupportDecided,  domain::DecisionKind::kPlanApproved, domain::DecisionKind::kPlanChanged,
    domain::DecisionKind::kRolesAssigned,   domain::DecisionKind::kClosed,       domain::DecisionKind::kSuspended,
    domain::DecisionKind::kResourceMissing, domain::DecisionKind::kOther};

bool ManagesBodies(const domain::Principal& principal);
bool ReadsAudit(const domain::Principal& principal);
// How much of the record a line of the 共有 tab opens, in the words the tab uses.
std::string_view ViewLevelLabel(domain::ViewLevel level);
std::string_view ViewLevelCode(domain::ViewLevel level);
// The basis column of the audit trail holds an AccessBasisCode, a LegalBasisCode (a meeting's provision), or ""
// for the organisation's own writes.
std::string BasisLabelOfCode(std::string_view code);
std::string ActionLabel(std::string_view code);
std::string RecordTypeLabel(std::string_view code);
http::Response NotFound(const http::Request& request);
std::optional<std::int64_t> PathId(const http::Request& request, std::string_view name);
// The tenant's organisations' names and users; a failed read fails (the page shows it: never an empty list).
Result<std::map<OrganizationId, std::string>> OrganizationNames(const SharingPageServices& services,
                                                                const domain::Actor& actor);
Result<std::map<UserId, domain::User>> UsersById(const SharingPageServices& services, const domain::Actor& actor);
std::string NameOr(const std::map<OrganizationId, std::string>& names, OrganizationId id);
// A date typed in 和暦 or 西暦; nullopt for an empty field.
Result<std::optional<Date>> OptionalDate(const FormFields& fields, std::string_view name, std::string_view label);
nlohmann::json PersonTabs(domain::PersonId id, std::string_view current);

}  // namespace sharing

}  // namespace kasane::web
