// SPDX-License-Identifier: Apache-2.0
#pragma once

// The Japanese web UI: server-rendered pages in one layout (header with the user's municipality and
// organisation, navigation, main, footer, the demo-data banner), sign-in and sign-out, the home page, the
// error pages, and the embedded assets.
//
// Pages carry no inline script or style (the server's Content-Security-Policy forbids both) and load nothing
// from outside. The CSRF token of a session is in <meta name="csrf-token">, in every form as the hidden field
// _csrf, and, for htmx requests, in the X-CSRF-Token header through hx-headers on <body>.
//
// Adding a page for a later feature: register a kPage route whose handler returns
//     RenderPage(request, "ページ名", "template_name", data);
// with templates/template_name.html holding the page body (the layout supplies <h1>{{title}}</h1>), and, for
// a new section of the navigation, add its link to templates/layout.html with {{#nav.<first path segment>}}
// aria-current="page"{{/nav.<first path segment>}}.

#include <nlohmann/json.hpp>
#include <string_view>

#include "base/error.hpp"
#include "base/time.hpp"
#include "domain/administration.hpp"
#include "domain/auth.hpp"
#include "domain/case_service.hpp"
#include "domain/directory.hpp"
#include "domain/drafts.hpp"
#include "domain/intake.hpp"
#include "domain/outreach_service.hpp"
#include "domain/sharing_service.hpp"
#include "domain/town_setup.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace kasane::web {

struct WebDependencies {
    domain::AuthService& auth;
    // The municipality, organisations, areas, categories and staff names the pages show (no repository is read
    // by a page).
    domain::Directory& directory;
    // The clock of the use cases: the pages' "now" and "today in Japan" (page_support.hpp: Now, TodayJst).
    const Clock& clock;
    // Lawful sharing (issue #4): the 共有 tab, 会議体, 会議 and 監査 pages, and the home page's banner of
    // unacknowledged emergency accesses for administrators. Both must outlive the router.
    domain::SharingService& sharing;
    domain::AuditService& audit;
    // Whether to show 「これは架空のデモデータです」 where no municipality is known yet (the sign-in page, error
    // pages of anonymous visitors). Signed in, the banner follows the user's municipality (Municipality::fictional).
    bool fictional_banner_default = true;
    // The use cases of 断らない相談 (issue #3): intake, search, person, household, referral and the fiscal-year
    // report pages. Each must outlive the router.
    domain::PersonService& persons;
    domain::HouseholdService& households;
    domain::ConsultationService& consultations;
    domain::ReferralService& referrals;
    domain::ReportService& reports;
    // 多機関協働 (issue #6): the case pages (case_pages.hpp). Must outlive the router.
    domain::CaseService& cases;
    // Accounts (issue #11): the administrator's 「サインインの安全設定」 page lists the users to reset. May be null
    // (tests that do not need it); the page then answers 404.
    domain::Administration* administration = nullptr;
    // アウトリーチ (issue 15, item 1): the home page's count of the worker's overdue visits. May be null (tests that do
    // not need it); the count is then not shown.
    domain::OutreachService* outreach = nullptr;
};

// Adds:
//   GET  /signin          the sign-in form (public); ?next= is kept when it is a path of this site
//   POST /signin          signs in; 303 to next (or /) with the session cookie, or the form again with
//                         401 (one message for a wrong username or password, a disabled or locked account and a
//                         throttled address), or 303 to the second step
//   GET  /signin/code, POST /signin/code     the second step: a code from the app or a recovery code (the
//                         pending state is in the kasane_pending cookie, Path=/signin, 5 minutes)
//   GET  /signin/enrol, POST /signin/enrol   enrolment required by the town, before any other page; shows the
//                         secret once, then the 10 recovery codes once
//   GET  /account/second-factor, POST /account/second-factor, POST /account/second-factor/confirm
//                         the signed-in user's own enrolment
//   GET  /admin/security, POST /admin/security, POST /admin/users/{id}/password,
//   POST /admin/users/{id}/second-factor/reset   the administrator's sign-in settings and resets (audited)
//   POST /signout         ends the session (CSRF checked by the server), clears the cookie, 303 to /signin
//   GET  /                the home page: municipality, organisation, the user and their roles
//   the pages of 断らない相談:
//   GET  /intake, POST /intake                 相談受付 (GET /intake/person-search: the htmx fragment of results)
//   GET  /persons?q=                           検索
//   GET  /persons/{id}, POST /persons/{id}     本人 and its edit (409: both versions side by side)
//   POST /persons/{id}/merge, /persons/{id}/unmerge, /persons/{id}/households
//   GET  /households/{id}, POST /households/{id}, /households/{id}/members, /households/{id}/members/{m}/move-out
//   GET  /persons/{id}/referrals/new, POST /persons/{id}/referrals          つなぎ (send)
//   GET  /referrals, GET /referrals/{id}, POST /referrals/{id}/transition   inbox, outbox, the sheet, answers
//   GET  /reports/fiscal-year?year=            年度集計
//   the pages of lawful sharing (sharing_pages.hpp):
//   GET  /persons/{id}/sharing                 共有 (who can see and why, consents, shared in meetings)
//   POST /persons/{id}/consents, /persons/{id}/consents/{consent}/withdraw
//   GET  /persons/{id}/emergency, POST /persons/{id}/emergency   緊急時の閲覧
//   GET  /persons/{id}/disclosure              開示用の写し (printable)
//   GET  /meeting-bodies, /meeting-bodies/new, /meeting-bodies/{id}, /meeting-bodies/{id}/announcement
//   POST /meeting-bodies, /meeting-bodies/{id}
//   GET  /meetings, /meetings/new, /meetings/agenda-search, /meetings/{id}; POST /meetings
//   GET  /audit, /audit/person, /audit/user, /audit/exports, /audit/emergencies;
//   POST /audit/emergencies/{id}/acknowledge
//   GET  /audit/dv-protection-alerts, POST /audit/dv-protection-alerts/{sequence}/acknowledge DV等支援措置の解除の通知
//   the pages of 多機関協働 (case_pages.hpp): /cases/new, /cases/{id} and its assessment, plans, notes, print
//   GET  /assets/{file}   embedded assets, by hashed name (immutable, cached a year) or plain name (revalidated
//                         by ETag); 304 on a matching If-None-Match
// Parses the embedded templates, and throws std::logic_error if one is malformed (a bug of the build, caught
// by web_template_test; the process must not start with it). The dependencies must outlive the router.
// Also makes `deps` the context of RenderPage and RenderErrorPage; call it once, before serving.
void AddPages(http::Router& router, WebDependencies deps);

// Drafts of forms (issue 13, item 4; draft_pages.cpp), used by assets/drafts.js on every <form data-draft>:
//   GET  /drafts?form=/intake          the user's own draft of that form: 200 JSON {content (URL-encoded fields),
//                                      saved_at, message 「保存されていない入力を復元しました（HH:MM 時点）」,
//                                      discard_label}, or 204 when there is none
//   POST /drafts?form=/intake          saves the body (the form's fields without _csrf and _submit_key): 204
//   POST /drafts/discard?form=/intake  discards it: 204
// Signed out, each answers the redirect to sign-in, which the script takes for an expired session. `drafts` must
// outlive the router. The submit keys of forms (`submit_key` in every page's values, hidden field _submit_key):
// http/idempotency.hpp.
void AddDraftPages(http::Router& router, domain::DraftService& drafts);
// The set-up page (issue 14, item 1; setup_pages.cpp), public but reachable only with the one-time token:
//   GET  /setup?token=...   the form (every field of domain::TownSetupRequest), or 403 for a wrong, used or
//                           expired token, 409 once set up
//   POST /setup             sets the town up; the form again with errors beside the fields and in a summary (400,
//                           nothing saved), or the page that links to sign-in
void AddSetupPages(http::Router& router, domain::TownSetup& setup);
// The page every other page answers with (503) while the installation waits for its set-up.
http::Response RenderSetupPending(const http::Request& request);

// A page in the layout, status 200 unless given: renders templates/<template_name>.html with `data` plus
// the layout's values (user, municipality, organization, csrf_token, asset, nav), then the layout around it.
// When the signed-in user's municipality or organisation cannot be read, the error page for that error.
http::Response RenderPage(const http::Request& request, std::string_view title, std::string_view template_name,
                          nlohmann::json data, int status = 200);

// Marks `data` (of RenderPage) as a printed paper (issue 13, item 9): the layout then links GET /print/paper.css,
// whose @page margin boxes print 取扱注意, the municipality, who printed it and when on every A4 sheet, beside the
// page numbers of kasane.css. For the case record, 経過, meeting papers, the つなぐシート and the 相談受付簿.
void MarkPrintPaper(nlohmann::json& data);

// A fragment for htmx (templates/<template_name>.html alone, without the layout), with the layout's values
// available as in RenderPage.
http::Response RenderFragment(const http::Request& request, std::string_view template_name, nlohmann::json data,
                              int status = 200);

// The Japanese error page for an error of a kPage route (400, 401, 403, 404, 405, 409, 413, 415, 429, 500,
// 503), in the same layout, with the status of http::HttpStatusFor. Never throws; usable as the server's
// PageErrorRenderer, before or without AddPages (then with the anonymous layout).
http::Response RenderErrorPage(const http::Request& request, const Error& error);

}  // namespace kasane::web
