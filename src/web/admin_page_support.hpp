// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the administration screens (機関・利用者・地域の管理) share: who may use them, how a use case's error goes
// back to a form, and how their routes are added.

#include <string>

#include "base/error.hpp"
#include "http/router.hpp"
#include "web/page_context.hpp"

namespace kasane::web {

// The municipality's administrator (Administration::IsAdministrator), with the administration use case wired.
bool Administers(const PageContext& context, const http::Request& request);
// The page a user who is not an administrator gets (403).
http::Response RefusedToNonAdministrator(const http::Request& request);

// A use case's answer to a form: errors of input go back to the form with the status they carry (409 for a name
// or a version taken, 400 otherwise); kNotFound and other failures are pages of their own.
bool IsFormError(const Error& error);
int FormStatus(const Error& error);

using AdminPageHandler = http::Response (*)(const PageContext&, http::Request&);
// A page route for signed-in users (each handler checks Administers itself).
void AddAdminPage(http::Router& router, const PageContext& context, std::string method, std::string pattern,
                  AdminPageHandler handler);

}  // namespace kasane::web
