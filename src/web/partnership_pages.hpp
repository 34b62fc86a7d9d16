// SPDX-License-Identifier: Apache-2.0
#pragma once

// 官民連携プラットフォーム and 協議会's pages (partnership_pages.cpp): /platforms, its forms and a platform's page.

#include "domain/directory.hpp"
#include "domain/partnership_platform_service.hpp"
#include "http/router.hpp"

namespace kasane::web {

void AddPartnershipPages(http::Router& router, domain::PartnershipService& partnerships, domain::Directory& directory);

}  // namespace kasane::web
