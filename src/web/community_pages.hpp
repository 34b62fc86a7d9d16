// SPDX-License-Identifier: Apache-2.0
#pragma once

// 地域づくり and the 地域課題 register's pages (community_pages.cpp), under /community.

#include "domain/community_development_service.hpp"
#include "domain/directory.hpp"
#include "http/router.hpp"

namespace kasane::web {

void AddCommunityPages(http::Router& router, domain::CommunityDevelopmentService& community,
                       domain::Directory& directory);

}  // namespace kasane::web
