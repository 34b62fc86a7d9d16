// SPDX-License-Identifier: Apache-2.0
#pragma once

// 見守り pages (watch_list_pages.cpp): /watch-list, and the 支え愛マップ status of the 地区 (/sasaeai-maps). The
// services, directory and clock must outlive the router.

#include "base/time.hpp"
#include "domain/directory.hpp"
#include "domain/sasaeai_map_service.hpp"
#include "domain/watch_list_service.hpp"
#include "http/router.hpp"

namespace kasane::web {

void AddWatchListPages(http::Router& router, domain::WatchListService& watch_list, domain::SasaeaiMapService& maps,
                       domain::Directory& directory, const Clock& clock);

}  // namespace kasane::web
