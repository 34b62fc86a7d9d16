// SPDX-License-Identifier: Apache-2.0
#pragma once

// The operator's page (operator_pages.cpp): /operator, every town of the installation with its health, and a town
// added with its first administrator. The console must outlive the router.

#include "domain/operator_console.hpp"
#include "http/router.hpp"

namespace kasane::web {

void AddOperatorPages(http::Router& router, domain::OperatorConsole& console);

}  // namespace kasane::web
