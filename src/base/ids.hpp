// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

namespace kasane {

// Row identifiers. Plain integers: the database assigns them; 0 means "not yet stored".
using MunicipalityId = std::int64_t;
using OrganizationId = std::int64_t;
using AreaId = std::int64_t;
using UserId = std::int64_t;
using ApiTokenId = std::int64_t;
using PostId = std::int64_t;  // a user's dated post in an organisation (domain/post.hpp)

}  // namespace kasane
