// SPDX-License-Identifier: Apache-2.0
// The second factor of sign-in (TOTP, RFC 6238): the second step of a sign-in, enrolment (as that step, or by a
// signed-in user), the user's state, an administrator's reset, and the town's rule.

#include "http/api/common.hpp"
#include "http/api/routes.hpp"

namespace kasane::http::api {

namespace {

Json EnrolmentJson(const domain::TotpEnrolment& enrolment) {
    return Json{{"secret", enrolment.secret_base32}, {"otpauth_uri", enrolment.otpauth_uri}};
}

Json SchemaEnrolment() {
    return schema::Object({{"secret", schema::String()}, {"otpauth_uri", schema::String()}}, {"secret", "otpauth_uri"});
}

Json SchemaSignedIn(std::initializer_list<std::pair<const char*, Json>> extra = {}) {
    Json object = schema::Object({{"user", schema::User()},
                                  {"municipality", schema::Municipality()},
                                  {"organization", schema::Organization()},
                                  {"csrf_token", schema::String()},
                                  {"expires_at", schema::String()}},
                                 {"user", "csrf_token"});
    for (const auto& [name, value] : extra) object["properties"][name] = value;
    return object;
}

}  // namespace

void AddSecondFactorRoutes(Router& router, const ApiDependencies& dependencies) {
    domain::Directory& directory = dependencies.directory;
    domain::AuthService& auth = dependencies.auth;

    router.Add(Route{
        .method = "POST",
        .pattern = "/api/v1/sessions/second-factor",
        .access = Access::kPublic,
        .surface = Surface::kApi,
        .handler =
            [&auth, &directory](Request& request) {
                auto body = JsonBody(request);
                if (!body) return Response::ErrorJson(body.error());
                auto pending = RequireString(*body, "pending_token", 128);
                if (!pending) return Response::ErrorJson(domain::AuthService::PendingEnded());
                auto code = RequireString(*body, "code", 64);
                if (!code) return Response::ErrorJson(code.error());
                auto signed_in =
                    auth.CompleteSignIn(*pending, *code, request.remote_address, request.HeaderValue("User-Agent"));
                if (!signed_in) return Response::ErrorJson(signed_in.error());
                return SignedInReply(directory, *signed_in, request.secure);
            },
        .doc = {.summary = "Second step of a sign-in: a 6-digit code from the authenticator app, or an unused recovery "
                           "code; sets the kasane_session cookie",
                .tag = "sessions",
                .request_body = schema::Object({{"pending_token", schema::String()}, {"code", schema::String()}},
                                               {"pending_token", "code"}),
                .response_body = SchemaSignedIn(),
                .success_status = 201}});

    router.Add(Route{
        .method = "POST",
        .pattern = "/api/v1/sessions/second-factor/enrolment",
        .access = Access::kPublic,
        .surface = Surface::kApi,
        .handler =
            [&auth](Request& request) {
                auto body = JsonBody(request);
                if (!body) return Response::ErrorJson(body.error());
                auto pending = RequireString(*body, "pending_token", 128);
                if (!pending) return Response::ErrorJson(domain::AuthService::PendingEnded());
                auto enrolment = auth.StartEnrolment(*pending);
                if (!enrolment) return Response::ErrorJson(enrolment.error());
                return Response::Json(201, EnrolmentJson(*enrolment));
            },
        .doc = {.summary = "Enrolment required by the town, as the second step of a sign-in: a new TOTP secret, shown "
                           "once",
                .tag = "sessions",
                .request_body = schema::Object({{"pending_token", schema::String()}}, {"pending_token"}),
                .response_body = SchemaEnrolment(),
                .success_status = 201}});

    router.Add(Route{
        .method = "POST",
        .pattern = "/api/v1/sessions/second-factor/enrolment/confirm",
        .access = Access::kPublic,
        .surface = Surface::kApi,
        .handler =
            [&auth, &directory](Request& request) {
                auto body = JsonBody(request);
                if (!body) return Response::ErrorJson(body.error());
                auto pending = RequireString(*body, "pending_token", 128);
                if (!pending) return Response::ErrorJson(domain::AuthService::PendingEnded());
                auto code = RequireString(*body, "code", 64);
                if (!code) return Response::ErrorJson(code.error());
                auto confirmed =
                    auth.ConfirmEnrolment(*pending, *code, request.remote_address, request.HeaderValue("User-Agent"));
                if (!confirmed) return Response::ErrorJson(confirmed.error());
                return SignedInReply(directory, *confirmed->signed_in, request.secure,
                                     Json{{"recovery_codes", confirmed->recovery_codes}});
            },
        .doc = {.summary = "Confirm the enrolment with a code of the new secret: returns the 10 recovery codes (shown "
                           "once) and sets the kasane_session cookie",
                .tag = "sessions",
                .request_body = schema::Object({{"pending_token", schema::String()}, {"code", schema::String()}},
                                               {"pending_token", "code"}),
                .response_body = SchemaSignedIn({{"recovery_codes", schema::ArrayOf(schema::String())}}),
                .success_status = 201}});

    AddSignedInRoute(
        router, "GET", "/api/v1/me/second-factor",
        [&auth](Request& request) {
            auto state = auth.SecondFactorStatus(PrincipalOf(request));
            if (!state) return Response::ErrorJson(state.error());
            Json reply = {{"enrolled", state->enrolled},
                          {"recovery_codes_left", state->recovery_codes_left},
                          {"required", state->required}};
            if (state->confirmed_at) reply["confirmed_at"] = FormatIso8601(*state->confirmed_at);
            return Response::Json(200, reply);
        },
        {.summary = "The signed-in user's second factor: enrolled, recovery codes left, required by the town",
         .tag = "second-factor",
         .response_body = schema::Object({{"enrolled", schema::Boolean()},
                                          {"confirmed_at", schema::String()},
                                          {"recovery_codes_left", schema::Integer()},
                                          {"required", schema::Boolean()}},
                                         {"enrolled", "recovery_codes_left", "required"})});

    AddSignedInRoute(router, "POST", "/api/v1/me/second-factor",
                     [&auth](Request& request) {
                         auto enrolment = auth.StartEnrolment(PrincipalOf(request));
                         if (!enrolment) return Response::ErrorJson(enrolment.error());
                         return Response::Json(201, EnrolmentJson(*enrolment));
                     },
                     {.summary = "Start enrolling a second factor (session only): a new TOTP secret, shown once",
                      .tag = "second-factor",
                      .response_body = SchemaEnrolment(),
                      .success_status = 201});

    AddSignedInRoute(
        router, "POST", "/api/v1/me/second-factor/confirm",
        [&auth](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto code = RequireString(*body, "code", 64);
            if (!code) return Response::ErrorJson(code.error());
            auto confirmed = auth.ConfirmEnrolment(PrincipalOf(request), *code);
            if (!confirmed) return Response::ErrorJson(confirmed.error());
            return Response::Json(200, Json{{"recovery_codes", confirmed->recovery_codes}});
        },
        {.summary = "Confirm the enrolment with a code: returns the 10 recovery codes, shown once",
         .tag = "second-factor",
         .request_body = schema::Object({{"code", schema::String()}}, {"code"}),
         .response_body = schema::Object({{"recovery_codes", schema::ArrayOf(schema::String())}}, {"recovery_codes"})});

    AddSignedInRoute(router, "DELETE", "/api/v1/users/{id}/second-factor",
                     ById([&auth](Request& request, std::int64_t id) {
                         return ReplyNoContent(auth.ResetSecondFactor(PrincipalOf(request), UserId{id}));
                     }),
                     {.summary = "Remove a user's second factor (administrators of the user's municipality; audited)",
                      .tag = "users",
                      .success_status = 204});

    AddSignedInRoute(router, "GET", "/api/v1/settings/second-factor",
                     [&auth](Request& request) {
                         auto required = auth.SecondFactorRequired(PrincipalOf(request));
                         if (!required) return Response::ErrorJson(required.error());
                         return Response::Json(200, Json{{"required_for_professionals", *required}});
                     },
                     {.summary = "Whether the town requires a second factor of the roles that read 要配慮 data",
                      .tag = "second-factor",
                      .response_body = schema::Object({{"required_for_professionals", schema::Boolean()}},
                                                      {"required_for_professionals"})});

    AddSignedInRoute(
        router, "PUT", "/api/v1/settings/second-factor",
        [&auth](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            const auto it = body->find("required_for_professionals");
            if (it == body->end() || !it->is_boolean()) {
                return Response::ErrorJson(Error::InvalidArgument("required_for_professionals は true か false です",
                                                                  "required_for_professionals"));
            }
            const bool required = it->get<bool>();
            if (auto set =
                    auth.SetSecondFactorRequired(PrincipalOf(request), required ? domain::SecondFactorRule::kRequired
                                                                                : domain::SecondFactorRule::kOptional);
                !set) {
                return Response::ErrorJson(set.error());
            }
            return Response::Json(200, Json{{"required_for_professionals", required}});
        },
        {.summary = "Require (or not) a second factor of the roles that read 要配慮 data (administrators; audited)",
         .tag = "second-factor",
         .request_body =
             schema::Object({{"required_for_professionals", schema::Boolean()}}, {"required_for_professionals"}),
         .response_body =
             schema::Object({{"required_for_professionals", schema::Boolean()}}, {"required_for_professionals"})});
}

}  // namespace kasane::http::api
