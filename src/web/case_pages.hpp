// SPDX-License-Identifier: Apache-2.0
#pragma once

// The pages of 多機関協働 (issue #6) around one support case: opening it, the case page (header, 世帯 with the
// genogram and eco-map, チーム, アセスメント, 支援プラン, 支援経過, meetings, status), the assessment form generated
// from the newest form definition, plan drafts and their approval, progress notes (経過一覧), the eco-map's
// relations and the printable case record. Handlers parse the form, call one use case of domain/case_service.hpp
// and map its Result to a page: a refused case is "not found" exactly like a missing one (the domain decides), an
// input error re-renders the form with what was typed and the message beside the field, a stale version answers
// 409 with both versions. Internal to web/.

#include "base/time.hpp"
#include "domain/case_service.hpp"
#include "domain/directory.hpp"
#include "domain/intake.hpp"
#include "domain/sharing_service.hpp"
#include "http/router.hpp"

namespace kasane::web {

struct CasePageServices {
    domain::Directory* directory = nullptr;  // master data and staff names (domain/directory.hpp)
    domain::CaseService* cases = nullptr;
    domain::PersonService* persons = nullptr;
    domain::HouseholdService* households = nullptr;
    domain::ConsultationService* consultations = nullptr;
    domain::SharingService* sharing = nullptr;
    // Now and today in Japan (base/japan_time.hpp: TodayInJapan): the use cases' clock (WebDependencies::clock).
    const Clock* clock = nullptr;
};

// Registers (all signed in):
//   GET  /cases/new?person_id=&consultation_id=&meeting_id=   支援ケースを開始 (from a consultation or a meeting); POST
//   /cases GET  /cases/{id}                              the case page POST /cases/{id}/status status of the case or of
//   one 事業 POST /cases/{id}/team, /cases/{id}/team/{member}/end      役割分担 GET  /cases/{id}/assessment, POST
//   /cases/{id}/assessment  アセスメント GET  /cases/{id}/plans/new, POST /cases/{id}/plans        a new plan draft GET
//   /cases/{id}/plans/{plan}, POST /cases/{id}/plans/{plan}   the draft and its edit (409: both versions) POST
//   /cases/{id}/plans/{plan}/approve          approval at a meeting POST /cases/{id}/actions/{action}              an
//   action's status and result GET  /cases/{id}/notes, POST /cases/{id}/notes  経過一覧 (printable) and a new note POST
//   /cases/{id}/relations, /cases/{id}/relations/{relation}/remove   the eco-map GET  /cases/{id}/print the printable
//   case record (A4)
// `services` must outlive the router.
void AddCasePages(http::Router& router, const CasePageServices& services);

}  // namespace kasane::web
