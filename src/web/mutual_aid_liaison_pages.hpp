// SPDX-License-Identifier: Apache-2.0
#pragma once

// 支え愛連絡会 pages (mutual_aid_liaison_pages.cpp): /mutual-aid-liaisons (one per 自治会, set up here), a body's
// page with its meetings and the form to record one with resident attendees, and a meeting's page.

#include "domain/directory.hpp"
#include "domain/mutual_aid_liaison_service.hpp"
#include "http/router.hpp"

namespace kasane::web {

void AddMutualAidLiaisonPages(http::Router& router, domain::MutualAidLiaisonService& liaison,
                              domain::Directory& directory);

}  // namespace kasane::web
