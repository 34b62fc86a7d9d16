// SPDX-License-Identifier: Apache-2.0
#pragma once

// The resource directory's pages (resource_directory_pages.cpp): /resource-directory and its forms, and the public
// directory file /resource-directory/public.html.

#include "domain/directory.hpp"
#include "domain/resource_directory_service.hpp"
#include "http/router.hpp"

namespace kasane::web {

void AddResourceDirectoryPages(http::Router& router, domain::ResourceDirectoryService& resources,
                               domain::Directory& directory);

}  // namespace kasane::web
