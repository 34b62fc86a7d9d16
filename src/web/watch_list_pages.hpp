// SPDX-License-Identifier: Apache-2.0
#pragma once

// 見守り pages (watch_list_pages.cpp): /watch-list. The service, directory and clock must outlive the router.

#include "base/time.hpp"
#include "domain/directory.hpp"
#include "domain/watch_list_service.hpp"
#include "http/router.hpp"

namespace kasane::web {

void AddWatchListPages(http::Router& router, domain::WatchListService& watch_list, domain::Directory& directory,
                       const Clock& clock);

}  // namespace kasane::web
