#pragma once

// Per-resource registration functions, called by AddApiRoutes (api.cpp).

#include "http/api/api.hpp"

namespace kasane::http::api {

void AddSessionRoutes(Router& router, const ApiDependencies& dependencies);
void AddMasterDataRoutes(Router& router, const ApiDependencies& dependencies);
void AddUserRoutes(Router& router, const ApiDependencies& dependencies);

}  // namespace kasane::http::api
