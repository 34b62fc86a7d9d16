// SPDX-License-Identifier: Apache-2.0
#pragma once

// A town to set up, read from JSON (setup.cpp): by POST /api/v1/setup (the first run) and by the operator's POST
// /api/v1/operator/municipalities (operator.cpp), the same fields. "figures" is required at the first run; the
// operator may leave it out (domain::FiguresRule).

#include "domain/town_setup.hpp"
#include "http/api/common.hpp"

namespace kasane::http::api {

Result<domain::TownSetupRequest> TownSetupRequestFromJson(const Json& body, domain::FiguresRule figures);
// The JSON Schema of one 年度's figures.
Json YearFiguresSchema();

}  // namespace kasane::http::api
