// SPDX-License-Identifier: Apache-2.0
#include "web/admin_page_support.hpp"

#include <utility>

#include "domain/administration.hpp"
#include "web/pages.hpp"

namespace kasane::web {

bool Administers(const PageContext& context, const http::Request& request) {
    return context.administration && domain::Administration::IsAdministrator(*request.principal);
}

http::Response RefusedToNonAdministrator(const http::Request& request) {
    return RenderErrorPage(request, Error::PermissionDenied("この画面は管理者だけが使えます"));
}

bool IsFormError(const Error& error) {
    return error.Is(ErrorCode::kInvalidArgument) || error.Is(ErrorCode::kConflict) ||
           error.Is(ErrorCode::kPayloadTooLarge);
}

int FormStatus(const Error& error) { return error.Is(ErrorCode::kConflict) ? 409 : 400; }

void AddAdminPage(http::Router& router, const PageContext& context, std::string method, std::string pattern,
                  AdminPageHandler handler) {
    router.Add({.method = std::move(method),
                .pattern = std::move(pattern),
                .access = http::Access::kSignedIn,
                .surface = http::Surface::kPage,
                .handler = [context, handler](http::Request& request) { return handler(context, request); }});
}

}  // namespace kasane::web
