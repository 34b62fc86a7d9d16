// SPDX-License-Identifier: Apache-2.0
#pragma once

// 課題と特性 of a person (person_traits_pages.cpp), under /persons/{id}/traits.

#include "domain/person_trait_service.hpp"
#include "http/router.hpp"

namespace kasane::web {

void AddPersonTraitPages(http::Router& router, domain::PersonTraitService& traits);

}  // namespace kasane::web
