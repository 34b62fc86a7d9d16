// SPDX-License-Identifier: Apache-2.0
// つなぎ (referrals), closed loop: send with a つなぐシート, answer (accept, decline with a reason, start,
// complete), the inbox and outbox of the caller's organisation, and the municipality's overdue setting.

#include "http/api/common.hpp"
#include "http/api/referral_json.hpp"
#include "http/api/routes.hpp"

namespace kasane::http::api {

namespace {

constexpr std::size_t kTextCap = 20000;  // the domain checks the real limits

Response Send(domain::ReferralService& referrals, Request& request) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto person_id = RequireInteger(*body, "person_id");
    if (!person_id) return Response::ErrorJson(person_id.error());
    auto consultation_id = OptionalInteger(*body, "consultation_id");
    if (!consultation_id) return Response::ErrorJson(consultation_id.error());
    auto to_organization_id = RequireInteger(*body, "to_organization_id");
    if (!to_organization_id) return Response::ErrorJson(to_organization_id.error());
    auto to_user_id = OptionalInteger(*body, "to_user_id");
    if (!to_user_id) return Response::ErrorJson(to_user_id.error());
    auto reason = RequireString(*body, "reason", kTextCap);
    if (!reason) return Response::ErrorJson(reason.error());
    auto done = OptionalString(*body, "done", kTextCap);
    if (!done) return Response::ErrorJson(done.error());
    return Reply(
        referrals.Send(ActorOf(request), domain::PersonId{*person_id},
                       OptionalIdOf<domain::ConsultationId>(*consultation_id), OrganizationId{*to_organization_id},
                       OptionalIdOf<UserId>(*to_user_id), *reason, done->value_or("")),
        201);
}

Response Transition(domain::ReferralService& referrals, Request& request) {
    auto id = PathId(request);
    if (!id) return Response::ErrorJson(id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto version = RequireInteger(*body, "version");
    if (!version) return Response::ErrorJson(version.error());
    auto to_code = RequireString(*body, "to", 64);
    if (!to_code) return Response::ErrorJson(to_code.error());
    const auto to = domain::ParseReferralStatus(*to_code);
    // "sent" is where a referral starts, never where it goes.
    if (!to || *to == domain::ReferralStatus::kSent) {
        return Response::ErrorJson(
            Error::InvalidArgument("変更先の状態は accepted、declined、in_progress、completed のいずれかです", "to"));
    }
    auto note = OptionalString(*body, "note", kTextCap);
    if (!note) return Response::ErrorJson(note.error());
    return Reply(referrals.Transition(ActorOf(request), domain::ReferralId{*id}, static_cast<int>(*version), *to,
                                      note->value_or("")));
}

Response SetOverdueDays(domain::ReferralService& referrals, Request& request) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto working_days = RequireInteger(*body, "working_days");
    if (!working_days) return Response::ErrorJson(working_days.error());
    // The domain checks the range; a value beyond int is out of it anyway.
    const int days = *working_days > 1000 || *working_days < -1000 ? 0 : static_cast<int>(*working_days);
    auto set = referrals.SetOverdueWorkingDays(ActorOf(request), days);
    if (!set) return Response::ErrorJson(set.error());
    return Response::Json(200, Json{{"working_days", days}});
}

}  // namespace

void AddReferralRoutes(Router& router, const ApiDependencies& dependencies) {
    domain::ReferralService& referrals = dependencies.referrals;

    AddSignedInRoute(router, "POST", "/api/v1/referrals",
                     [&referrals](Request& request) { return Send(referrals, request); },
                     {.summary = "Refer a person to another organisation of the municipality, with a つなぐシート "
                                 "built from the record",
                      .tag = "referrals",
                      .request_body = schema::Object({{"person_id", schema::Integer()},
                                                      {"consultation_id", schema::Integer()},
                                                      {"to_organization_id", schema::Integer()},
                                                      {"to_user_id", schema::Integer()},
                                                      {"reason", schema::String()},
                                                      {"done", schema::String()}},
                                                     {"person_id", "to_organization_id", "reason"}),
                      .response_body = schema::Referral(),
                      .success_status = 201});

    // Registered before /referrals/{id} only for readability: the router prefers literal segments anyway.
    const auto list_route = [&router, &referrals](std::string pattern, std::string summary, auto list) {
        AddSignedInRoute(
            router, "GET", std::move(pattern),
            [&referrals, list](Request& request) { return ReplyItems((referrals.*list)(ActorOf(request))); },
            {.summary = std::move(summary), .tag = "referrals", .response_body = schema::Items(schema::Referral())});
    };
    list_route("/api/v1/referrals/inbox", "Referrals to the caller's organisation, newest first, overdue flagged",
               &domain::ReferralService::Inbox);
    list_route("/api/v1/referrals/outbox", "Referrals from the caller's organisation, newest first, overdue flagged",
               &domain::ReferralService::Outbox);

    AddSignedInRoute(router, "GET", "/api/v1/referrals/{id}", ById([&referrals](Request& request, std::int64_t id) {
                         return Reply(referrals.Get(ActorOf(request), domain::ReferralId{id}));
                     }),
                     {.summary = "One referral with its sheet and history (sender and receiver)",
                      .tag = "referrals",
                      .response_body = schema::Referral()});

    AddSignedInRoute(router, "POST", "/api/v1/referrals/{id}/transitions",
                     [&referrals](Request& request) { return Transition(referrals, request); },
                     {.summary = "The receiver answers: accepted | declined (note = reason) | in_progress | "
                                 "completed; 409 on a stale version",
                      .tag = "referrals",
                      .request_body = schema::Object(
                          {{"version", schema::Integer()},
                           {"to", {{"type", "string"}, {"enum", {"accepted", "declined", "in_progress", "completed"}}}},
                           {"note", schema::String()}},
                          {"version", "to"}),
                      .response_body = schema::Referral()});

    const Json overdue_days = schema::Object({{"working_days", schema::Integer()}}, {"working_days"});
    AddSignedInRoute(router, "GET", "/api/v1/settings/referral-overdue-days",
                     [&referrals](Request& request) {
                         auto days = referrals.OverdueWorkingDays(ActorOf(request));
                         if (!days) return Response::ErrorJson(days.error());
                         return Response::Json(200, Json{{"working_days", *days}});
                     },
                     {.summary = "Working days a referral may wait for an answer before it is overdue",
                      .tag = "referrals",
                      .response_body = overdue_days});

    AddSignedInRoute(router, "PUT", "/api/v1/settings/referral-overdue-days",
                     [&referrals](Request& request) { return SetOverdueDays(referrals, request); },
                     {.summary = "Set the overdue limit in working days (administrators)",
                      .tag = "referrals",
                      .request_body = overdue_days,
                      .response_body = overdue_days});
}

}  // namespace kasane::http::api
