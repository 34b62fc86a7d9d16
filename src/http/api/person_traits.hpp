// SPDX-License-Identifier: Apache-2.0
#pragma once

// 課題と特性 of a person (person_traits.cpp): GET and PUT /api/v1/persons/{id}/traits. Registered apart from
// AddApiRoutes.

#include "domain/person_trait_service.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

void AddPersonTraitRoutes(Router& router, domain::PersonTraitService& traits);

}  // namespace kasane::http::api
