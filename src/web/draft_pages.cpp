// SPDX-License-Identifier: Apache-2.0
// Drafts of forms (issue 13, item 4): what assets/drafts.js saves while the user types and reads back when the
// form opens again. The rules (per user, sealed, kept 7 days, discarded by a successful submit): domain/drafts.hpp.

#include <chrono>
#include <cstdio>
#include <string>

#include "base/japan_time.hpp"
#include "base/log.hpp"
#include "domain/drafts.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

// The fields a draft never keeps: the session's CSRF token and the one-time submit key.
std::string WithoutTokens(std::string_view body) {
    std::string kept;
    while (!body.empty()) {
        const std::size_t amp = body.find('&');
        const std::string_view pair = body.substr(0, amp);
        const std::string_view name = pair.substr(0, pair.find('='));
        if (!pair.empty() && name != "_csrf" && name != "_submit_key") {
            if (!kept.empty()) kept += '&';
            kept += pair;
        }
        if (amp == std::string_view::npos) break;
        body.remove_prefix(amp + 1);
    }
    return kept;
}

std::string HourMinute(Instant instant) {
    const JstLocalTime local = ToJstLocal(instant);
    const std::chrono::hh_mm_ss time(
        std::chrono::floor<std::chrono::seconds>(local - std::chrono::floor<std::chrono::days>(local)));
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(time.hours().count()),
                  static_cast<int>(time.minutes().count()));
    return text;
}

http::Response NoContent() {
    http::Response response;
    response.status = 204;
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

http::Response JsonError(const Error& error) { return http::Response::ErrorJson(error); }

http::Response ShowDraft(domain::DraftService& drafts, http::Request& request) {
    auto found = drafts.Find(*request.principal, request.QueryParam("form").value_or(""));
    if (!found) return JsonError(found.error());
    if (!*found) return NoContent();
    const std::string time = HourMinute((*found)->saved_at);
    http::Response response =
        http::Response::Json(200, json{{"content", (*found)->content},
                                       {"saved_at", FormatIso8601((*found)->saved_at)},
                                       {"message", "保存されていない入力を復元しました（" + time + " 時点）"},
                                       {"discard_label", "復元した入力を破棄"}});
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

http::Response SaveDraft(domain::DraftService& drafts, http::Request& request) {
    auto saved = drafts.Save(*request.principal, request.QueryParam("form").value_or(""), WithoutTokens(request.body));
    if (!saved) return JsonError(saved.error());
    return NoContent();
}

http::Response DiscardDraft(domain::DraftService& drafts, http::Request& request) {
    auto discarded = drafts.Discard(*request.principal, request.QueryParam("form").value_or(""));
    if (!discarded) return JsonError(discarded.error());
    return NoContent();
}

}  // namespace

void AddDraftPages(http::Router& router, domain::DraftService& drafts) {
    const auto add = [&](std::string method, std::string pattern,
                         http::Response (*handler)(domain::DraftService&, http::Request&)) {
        router.Add({.method = std::move(method),
                    .pattern = std::move(pattern),
                    .access = http::Access::kSignedIn,
                    .surface = http::Surface::kPage,
                    .handler = [&drafts, handler](http::Request& request) { return handler(drafts, request); }});
    };
    add("GET", "/drafts", ShowDraft);
    add("POST", "/drafts", SaveDraft);
    add("POST", "/drafts/discard", DiscardDraft);
}

}  // namespace kasane::web
