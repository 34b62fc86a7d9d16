// SPDX-License-Identifier: Apache-2.0
// Consents (lawful sharing, issue #4): recorded with the organisations they name, listed per person, withdrawn.

#include "http/api/common.hpp"
#include "http/api/consent_json.hpp"
#include "http/api/routes.hpp"

namespace kasane::http::api {

namespace {

Response RecordConsent(domain::SharingService& sharing, Request& request) {
    auto person_id = PathId(request);
    if (!person_id) return Response::ErrorJson(person_id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto consent = ConsentFromJson(*body, domain::PersonId{*person_id});
    if (!consent) return Response::ErrorJson(consent.error());
    return Reply(sharing.RecordConsent(ActorOf(request), *consent), 201);
}

}  // namespace

void AddConsentRoutes(Router& router, const ApiDependencies& dependencies) {
    domain::SharingService& sharing = dependencies.sharing;
    const auto add = [&router](std::string method, std::string pattern, Handler handler, RouteDoc doc) {
        AddSignedInRoute(router, std::move(method), std::move(pattern), std::move(handler), std::move(doc));
    };

    // --- consents ---
    add("POST", "/api/v1/persons/{id}/consents",
        [&sharing](Request& request) { return RecordConsent(sharing, request); },
        {.summary = "Record the person's (or a proxy's) consent to share the record with organisations and meeting "
                    "bodies; the recording organisation must see the person in full",
         .tag = "sharing",
         .request_body = schema::ConsentInput(),
         .response_body = schema::Consent(),
         .success_status = 201});
    add("GET", "/api/v1/persons/{id}/consents", ById([&sharing](Request& request, std::int64_t id) {
            return ReplyItems(sharing.ConsentsOf(ActorOf(request), domain::PersonId{id}));
        }),
        {.summary = "The person's consents, withdrawn and expired ones included",
         .tag = "sharing",
         .response_body = schema::Items(schema::Consent())});
    add("POST", "/api/v1/consents/{id}/withdraw", ById([&sharing](Request& request, std::int64_t id) {
            return Reply(sharing.WithdrawConsent(ActorOf(request), domain::ConsentId{id}));
        }),
        {.summary = "Withdraw a consent: access it gave stops at once (past access stays in the audit trail); 409 "
                    "when already withdrawn",
         .tag = "sharing",
         .response_body = schema::Consent()});
}

}  // namespace kasane::http::api
