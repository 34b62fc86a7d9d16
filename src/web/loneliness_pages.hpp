// SPDX-License-Identifier: Apache-2.0
#pragma once

// 孤独感の測定 pages (loneliness_pages.cpp): /consultations/{id}/loneliness (the form and the history with the
// person's change) and /reports/loneliness (孤独感の変化, the outcome report of a 年度).

#include "base/time.hpp"
#include "domain/loneliness_service.hpp"
#include "http/router.hpp"

namespace kasane::web {

void AddLonelinessPages(http::Router& router, domain::LonelinessService& loneliness, const Clock& clock);

}  // namespace kasane::web
