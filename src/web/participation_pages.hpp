// SPDX-License-Identifier: Apache-2.0
#pragma once

// 参加支援 matching's pages (participation_pages.cpp): /participation (the coordinator's list),
// /persons/{id}/participation (the person's wishes, suggestions and matches) and /participation/matches/{id}.

#include "base/time.hpp"
#include "domain/directory.hpp"
#include "domain/participation_match_service.hpp"
#include "domain/resource_directory_service.hpp"
#include "http/router.hpp"

namespace kasane::web {

void AddParticipationPages(http::Router& router, domain::ParticipationMatchService& participation,
                           domain::ResourceDirectoryService& resources, domain::Directory& directory,
                           const Clock& clock);

}  // namespace kasane::web
