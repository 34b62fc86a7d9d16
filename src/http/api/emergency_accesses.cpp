// SPDX-License-Identifier: Apache-2.0
// Emergency access (lawful sharing, issue #4): requested for a person with a reason and hours, listed to
// administrators and acknowledged by them.

#include "http/api/common.hpp"
#include "http/api/emergency_access_json.hpp"
#include "http/api/routes.hpp"

namespace kasane::http::api {

namespace {

Response RequestEmergency(domain::SharingService& sharing, const Clock& clock, Request& request) {
    auto person_id = PathId(request);
    if (!person_id) return Response::ErrorJson(person_id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto reason = OptionalString(*body, "reason", 20000);
    if (!reason) return Response::ErrorJson(reason.error());
    auto hours = RequireInteger(*body, "hours");
    if (!hours) return Response::ErrorJson(hours.error());
    return Reply(sharing.RequestEmergencyAccess(ActorOf(request), domain::PersonId{*person_id},
                                                reason->value_or(std::string{}), Narrow(*hours)),
                 201, clock.Now());
}

Response EmergencyAlerts(domain::SharingService& sharing, const Clock& clock, Request& request) {
    auto listing = UnacknowledgedParam(request);
    if (!listing) return Response::ErrorJson(listing.error());
    return ReplyItems(sharing.EmergencyAlerts(ActorOf(request), *listing), clock.Now());
}

}  // namespace

void AddEmergencyAccessRoutes(Router& router, const ApiDependencies& dependencies) {
    domain::SharingService& sharing = dependencies.sharing;
    const Clock& clock = dependencies.clock;
    const auto add = [&router](std::string method, std::string pattern, Handler handler, RouteDoc doc) {
        AddSignedInRoute(router, std::move(method), std::move(pattern), std::move(handler), std::move(doc));
    };

    // --- emergency access ---
    add("POST", "/api/v1/persons/{id}/emergency-access",
        [&sharing, &clock](Request& request) { return RequestEmergency(sharing, clock, request); },
        {.summary = "本人の生命・身体の保護: open the record to the caller for 1-24 hours with a stated reason; "
                    "administrators are alerted",
         .tag = "sharing",
         .request_body =
             schema::Object({{"reason", schema::String()}, {"hours", schema::Integer()}}, {"reason", "hours"}),
         .response_body = schema::EmergencyAccess(),
         .success_status = 201});
    add("GET", "/api/v1/emergency-accesses",
        [&sharing, &clock](Request& request) { return EmergencyAlerts(sharing, clock, request); },
        {.summary = "Emergency accesses for administrators and auditors (?unacknowledged=true for open alerts)",
         .tag = "sharing",
         .response_body = schema::Items(schema::EmergencyAccess())});
    add("POST", "/api/v1/emergency-accesses/{id}/acknowledge",
        ById([&sharing, &clock](Request& request, std::int64_t id) {
            return Reply(sharing.AcknowledgeEmergency(ActorOf(request), id), 200, clock.Now());
        }),
        {.summary = "Mark an emergency access as reviewed (administrators)",
         .tag = "sharing",
         .response_body = schema::EmergencyAccess()});
}

}  // namespace kasane::http::api
