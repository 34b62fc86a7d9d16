// SPDX-License-Identifier: Apache-2.0
// Lawful sharing (issue #4): consents, statutory meeting bodies and their meetings, what was shared with a
// member, emergency access, the 共有 tab ("who can see this record and why") and the disclosure copy.
// A refusal to show personal data is the domain's NotFound, answered exactly like a record that does not exist.

#include <charconv>
#include <limits>

#include "http/api/access_json.hpp"
#include "http/api/common.hpp"
#include "http/api/meeting_json.hpp"
#include "http/api/routes.hpp"

namespace kasane::http::api {

void AddSharingRoutes(Router& router, const ApiDependencies& dependencies) {
    domain::SharingService& sharing = dependencies.sharing;
    const auto add = [&router](std::string method, std::string pattern, Handler handler, RouteDoc doc) {
        AddSignedInRoute(router, std::move(method), std::move(pattern), std::move(handler), std::move(doc));
    };
    AddConsentRoutes(router, dependencies);
    AddMeetingBodyRoutes(router, dependencies);
    AddMeetingRoutes(router, dependencies);
    AddEmergencyAccessRoutes(router, dependencies);

    // --- the 共有 tab and the disclosure copy ---
    add("GET", "/api/v1/persons/{id}/sharing", ById([&sharing](Request& request, std::int64_t id) {
            return ReplyItems(sharing.WhoCanSee(ActorOf(request), domain::PersonId{id}));
        }),
        {.summary = "Who can see this record now, how much and why, in plain Japanese (for whoever sees it in "
                    "full, and auditors)",
         .tag = "sharing",
         .response_body = schema::Items(schema::AccessExplanation())});
    add("GET", "/api/v1/persons/{id}/disclosure-copy", ById([&sharing](Request& request, std::int64_t id) {
            auto copy = sharing.DisclosureCopy(ActorOf(request), domain::PersonId{id});
            if (!copy) return Response::ErrorJson(copy.error());
            return Response::Json(200, *copy);
        }),
        {.summary = "A copy for a disclosure request (開示請求), third-party information and staff assessment "
                    "withheld and marked; recorded as an export",
         .tag = "sharing",
         .response_body = {{"type", "object"},
                           {"description",
                            "person, consultations (withheld texts as {withheld, label}), "
                            "prepared_at, note"}}});
}

}  // namespace kasane::http::api
