// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the pages of pages.cpp, signin_pages.cpp and admin_pages.cpp share. Internal to web/.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/time.hpp"
#include "domain/administration.hpp"
#include "domain/auth.hpp"
#include "domain/desk.hpp"
#include "domain/directory.hpp"
#include "domain/intake.hpp"
#include "domain/outreach_service.hpp"
#include "domain/sharing_service.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace kasane::web {

// What RenderPage and RenderErrorPage need beyond the request. They are free functions (the server calls
// RenderErrorPage for every page error), so AddPages leaves the dependencies here.
struct PageContext {
    domain::AuthService* auth = nullptr;
    domain::Administration* administration = nullptr;
    domain::Directory* directory = nullptr;
    domain::SharingService* sharing = nullptr;
    domain::PersonService* persons = nullptr;  // the home page's banner of unacknowledged DV protection removals
    domain::ConsultationService* consultations = nullptr;  // the home page's 次回連絡予定
    // Now and today in Japan (base/japan_time.hpp: TodayInJapan): the use cases' clock (WebDependencies::clock).
    const Clock* clock = nullptr;
    bool fictional_banner_default = true;
    std::shared_ptr<domain::WorkerDesk> desk;     // the home page's desk (desk_pages.cpp)
    domain::OutreachService* outreach = nullptr;  // the home page's overdue outreach visits
};

// Where to go after signing in: only a path of this site, "/" otherwise.
std::string SafeNext(const std::optional<std::string>& next);
// A form field of the request, "" when absent.
std::string FormField(const http::Request& request, std::string_view name);

// GET/POST /signin, /signin/code, /signin/enrol, /account/second-factor..., /account/post, POST /signout.
void AddSignInPages(http::Router& router, const PageContext& context);
// /admin/security, /admin/users/{id}/password, /admin/users/{id}/second-factor/reset, /admin/users/{id}/posts,
// /admin/posts/{id}/end.
void AddAdminPages(http::Router& router, const PageContext& context);
// 「機関の管理」: /admin/organizations (admin_organization_pages.cpp).
void AddAdminOrganizationPages(http::Router& router, const PageContext& context);
// 「利用者の管理」: /admin/users, /admin/users/{id}, its move and unlock (admin_user_pages.cpp).
void AddAdminUserPages(http::Router& router, const PageContext& context);
// 「地域の管理」: /admin/areas, one area, retire/restore, the list's import (admin_area_pages.cpp).
void AddAdminAreaPages(http::Router& router, const PageContext& context);
// 「相談の分類の管理」 /admin/categories and 「設定」 /admin/settings (admin_master_pages.cpp).
void AddAdminMasterPages(http::Router& router, const PageContext& context);
// GET /print/paper.css: the words of a printed paper's margins for the signed-in user (print_pages.cpp).
void AddPrintPages(http::Router& router, const PageContext& context);
// The worker's desk (desk_pages.cpp): the home page's lines (count and link per part the role has) and lists, and
// GET /desk with the lists. A part that failed is shown with its error in `shown_in` (ShowSectionError).
nlohmann::json DeskJson(const domain::Desk& desk, const http::Request& request, nlohmann::json& shown_in);
void AddDeskPages(http::Router& router, std::shared_ptr<domain::WorkerDesk> desk);

}  // namespace kasane::web
