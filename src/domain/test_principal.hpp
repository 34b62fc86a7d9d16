// SPDX-License-Identifier: Apache-2.0
// For the domain's tests: a signed-in user of municipality 1 with the given id, organisation and roles.

#pragma once

#include <utility>
#include <vector>

#include "domain/auth.hpp"

namespace kasane::domain {

inline Principal MakePrincipal(UserId id, OrganizationId organization, std::vector<Role> roles) {
    Principal principal;
    principal.user.id = id;
    principal.user.organization_id = organization;
    principal.user.municipality_id = MunicipalityId{1};
    principal.user.roles = std::move(roles);
    return principal;
}

}  // namespace kasane::domain
