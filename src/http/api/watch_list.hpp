// SPDX-License-Identifier: Apache-2.0
#pragma once

// 見守り (watch_list.cpp): GET /api/v1/watch-list, POST /api/v1/watch-list, POST /api/v1/watch-list/{id}/contacts.
// Registered apart from AddApiRoutes, with its one use case.

#include "domain/watch_list_service.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddWatchListRoutes(Router& router, domain::WatchListService& watch_list);

}  // namespace kasane::http::api
