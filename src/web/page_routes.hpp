// SPDX-License-Identifier: Apache-2.0
#pragma once

// Registering a feature's signed-in pages: each handler takes the feature's services (held by the routes, shared) and
// the request, and the page decides nothing about access beyond "signed in" — the domain's services refuse what the
// user may not do. One home for the route's shape, which the features' Add…Pages functions share.

#include <memory>
#include <string>
#include <utility>

#include "http/message.hpp"
#include "http/router.hpp"

namespace kasane::web {

// `add(method, pattern, handler)` registers a signed-in page whose handler gets `*services`.
template <class Services>
auto SignedInPageAdder(http::Router& router, std::shared_ptr<Services> services) {
    return [&router, services](std::string method, std::string pattern,
                               http::Response (*handler)(Services&, const http::Request&)) {
        router.Add({.method = std::move(method),
                    .pattern = std::move(pattern),
                    .access = http::Access::kSignedIn,
                    .surface = http::Surface::kPage,
                    .handler = [services, handler](http::Request& request) { return handler(*services, request); }});
    };
}

}  // namespace kasane::web
