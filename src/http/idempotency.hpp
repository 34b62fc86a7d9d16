// SPDX-License-Identifier: Apache-2.0
#pragma once

// Idempotent submits (issue 13, item 4), in one place for every route: a POST of a signed-in user that carries a
// submit key — the Idempotency-Key header (API clients), or the hidden field _submit_key that a page's form
// carries (made when the page was rendered: RenderPage's `submit_key`) — runs once. A repeat with the same key
// (a double click, back and resubmit, a retry after a timeout) gets the first answer again, with the header
// Idempotent-Replayed: true, and creates nothing. While the first is still running, a repeat waits for it up to a
// few seconds. The rules and their failure modes: domain/drafts.hpp (DraftService::Claim).
//
// A successful form submit also discards the user's draft of that form (the draft's form key is the path the form
// posts to). POSTs without a key, GETs and public routes are untouched (no database work is added to them).

#include <functional>

#include "domain/drafts.hpp"
#include "http/router.hpp"

namespace kasane::http {

// Renders an error of a kPage route (web::RenderErrorPage); API routes answer JSON.
using SubmitErrorRenderer = std::function<Response(const Request&, const Error&)>;

// Wraps the handler of every signed-in POST route of `router`. Call after every route is added. `drafts` must
// outlive the router.
void MakeSubmitsIdempotent(Router& router, domain::DraftService& drafts, SubmitErrorRenderer page_errors);

}  // namespace kasane::http
