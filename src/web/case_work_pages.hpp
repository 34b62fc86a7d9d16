// SPDX-License-Identifier: Apache-2.0
#pragma once

// The work pages of 多機関協働 (issue #6): 私の業務 (the work lists of the signed-in user and organisation), the case
// list with its filters, the versions of the assessment sheet (アセスメントシートの版管理), and the list of social
// resources meetings found missing (不足する社会資源). The case page itself is case_pages.cpp's. Handlers parse, call
// one use case of domain/case_service.hpp, and render; who may see or change what is the domain's. Internal to web/.

#include "base/time.hpp"
#include "domain/case_service.hpp"
#include "domain/directory.hpp"
#include "http/router.hpp"

namespace kasane::web {

struct CaseWorkPageServices {
    domain::Directory* directory = nullptr;  // master data for the filters and names (organisations, areas, categories)
    domain::CaseService* cases = nullptr;    // the use cases
    // Now and today in Japan (base/japan_time.hpp: TodayInJapan): the use cases' clock (WebDependencies::clock).
    const Clock* clock = nullptr;
};

// Registers (signed in):
//   GET  /work?quiet_days=N      私の業務: my cases, my organisation's actions due (期限超過 flagged), reviews due,
//                                referrals waiting for an answer, cases with no note for N days (default 30)
//   GET  /cases?status=&program=&lead_organization_id=&area_id=&category_id=&no_note_days=
//                                ケース一覧 (status "open": neither 終結 nor 中断)
//   GET  /forms                  the versions of the assessment sheet, and a new version's editor started from the
//                                newest version's items
//   POST /forms                  publishes a new version (coordinators and administrators; the domain decides)
//   GET  /forms/{id}             one version's items; the newest version's editor
//   POST /forms/{id}             edits that version (only the newest, unanswered one)
//   GET  /resources              不足する社会資源: open and addressed
//   POST /resources              records one by hand
//   POST /resources/{id}         marks one addressed (with a note) or open again
// `services` must outlive the router.
void AddCaseWorkPages(http::Router& router, const CaseWorkPageServices& services);

}  // namespace kasane::web
