// SPDX-License-Identifier: Apache-2.0
// Sign-in and sign-out for API clients that use a session (the browser UI uses the /signin page instead).

#include "http/api/common.hpp"
#include "http/api/routes.hpp"
#include "http/cookies.hpp"

namespace kasane::http::api {

namespace {

Json MeJson(domain::Directory& directory, const domain::Principal& principal) {
    Json me = {{"user", ToJson(principal.user)}};
    if (auto municipality = directory.MunicipalityOf(principal)) me["municipality"] = ToJson(*municipality);
    if (auto organization = directory.GetOrganization(principal, principal.user.organization_id)) {
        me["organization"] = ToJson(*organization);
    }
    // The post acted in (0: the user has no posts) and the posts active today, to switch between.
    me["post_id"] = principal.post_id;
    Json posts = Json::array();
    for (const domain::Post& post : principal.posts) {
        Json item = ToJson(post);
        if (auto organization = directory.GetOrganization(principal, post.organization_id)) {
            item["organization_name"] = organization->name;
        }
        posts.push_back(std::move(item));
    }
    me["posts"] = std::move(posts);
    return me;
}

}  // namespace

Response SignedInReply(domain::Directory& directory, const domain::SignedIn& signed_in, bool secure, Json extra) {
    Json reply = MeJson(directory, signed_in.principal);
    reply["csrf_token"] = signed_in.principal.csrf_token;
    reply["expires_at"] = FormatIso8601(signed_in.expires_at);
    if (extra.is_object()) {
        for (auto& [key, value] : extra.items()) reply[key] = value;
    }
    Response response = Response::Json(201, reply);
    response.AddHeader("Set-Cookie", SessionCookie(signed_in.session_token, secure));
    return response;
}

Response SecondStepReply(const domain::SecondStep& step) {
    return Response::Json(202, Json{{"second_factor", domain::PendingPurposeCode(step.purpose)},
                                    {"pending_token", step.pending_token},
                                    {"expires_at", FormatIso8601(step.expires_at)}});
}

void AddSessionRoutes(Router& router, const ApiDependencies& dependencies) {
    domain::Directory& directory = dependencies.directory;
    domain::AuthService& auth = dependencies.auth;

    router.Add(Route{
        .method = "POST",
        .pattern = "/api/v1/sessions",
        .access = Access::kPublic,
        .surface = Surface::kApi,
        .handler =
            [&auth, &directory](Request& request) {
                auto body = JsonBody(request);
                if (!body) return Response::ErrorJson(body.error());
                auto username = RequireString(*body, "username", 64);
                if (!username) return Response::ErrorJson(username.error());
                auto password = RequireString(*body, "password", 256);
                if (!password) return Response::ErrorJson(password.error());
                auto step =
                    auth.SignIn(*username, *password, request.remote_address, request.HeaderValue("User-Agent"));
                if (!step) return Response::ErrorJson(step.error());
                if (step->second_step) return SecondStepReply(*step->second_step);
                return SignedInReply(directory, *step->signed_in, request.secure);
            },
        .doc = {.summary = "Sign in with a username and password; sets the kasane_session cookie. When a second factor "
                           "is due, answers 202 with second_factor (\"code\" or \"enrol\") and a pending_token for "
                           "/api/v1/sessions/second-factor instead. Every failure is the same 401",
                .tag = "sessions",
                .request_body = schema::Object({{"username", schema::String()}, {"password", schema::String()}},
                                               {"username", "password"}),
                .response_body = schema::Object({{"user", schema::User()},
                                                 {"municipality", schema::Municipality()},
                                                 {"organization", schema::Organization()},
                                                 {"csrf_token", schema::String()},
                                                 {"expires_at", schema::String()}},
                                                {"user", "csrf_token"}),
                .success_status = 201,
                .other_responses = {
                    {.status = 202,
                     .description = "A second factor is due",
                     .body = schema::Object({{"second_factor", {{"type", "string"}, {"enum", {"code", "enrol"}}}},
                                             {"pending_token", schema::String()},
                                             {"expires_at", schema::String()}},
                                            {"second_factor", "pending_token", "expires_at"})}}}});

    router.Add(
        Route{.method = "DELETE",
              .pattern = "/api/v1/sessions/current",
              .access = Access::kSignedIn,
              .surface = Surface::kApi,
              .handler =
                  [&auth](Request& request) {
                      if (request.session_token.empty()) {
                          return Response::ErrorJson(
                              Error::InvalidArgument("API トークンで認証された要求にはセッションがありません"));
                      }
                      auto ended = auth.SignOut(request.session_token, PrincipalOf(request), request.remote_address);
                      if (!ended) return Response::ErrorJson(ended.error());
                      Response response{.status = 204};
                      response.AddHeader("Set-Cookie", ExpiredSessionCookie(request.secure));
                      return response;
                  },
              .doc = {.summary = "Sign out: ends the current session", .tag = "sessions", .success_status = 204}});

    router.Add(Route{
        .method = "POST",
        .pattern = "/api/v1/sessions/post",
        .access = Access::kSignedIn,
        .surface = Surface::kApi,
        .handler =
            [&auth, &directory](Request& request) {
                auto body = JsonBody(request);
                if (!body) return Response::ErrorJson(body.error());
                auto post_id = RequireInteger(*body, "post_id");
                if (!post_id) return Response::ErrorJson(post_id.error());
                auto switched = auth.SwitchPost(request.session_token, PrincipalOf(request), *post_id,
                                                request.remote_address, request.request_id);
                if (!switched) return Response::ErrorJson(switched.error());
                return Response::Json(200, MeJson(directory, *switched));
            },
        .doc = {.summary = "Act in another of your posts active today (出向): the session's organisation and roles "
                           "become the post's; audited. A post that has ended or not started is refused",
                .tag = "sessions",
                .request_body = schema::Object({{"post_id", schema::Integer()}}, {"post_id"}),
                .response_body = schema::Object({{"user", schema::User()},
                                                 {"organization", schema::Organization()},
                                                 {"post_id", schema::Integer()},
                                                 {"posts", schema::ArrayOf(schema::Post())}},
                                                {"user", "post_id"})}});

    router.Add(Route{
        .method = "GET",
        .pattern = "/api/v1/me",
        .access = Access::kSignedIn,
        .surface = Surface::kApi,
        .handler =
            [&directory](Request& request) { return Response::Json(200, MeJson(directory, PrincipalOf(request))); },
        .doc = {.summary = "The signed-in user, with their municipality and organisation",
                .tag = "sessions",
                .response_body = schema::Object({{"user", schema::User()},
                                                 {"municipality", schema::Municipality()},
                                                 {"organization", schema::Organization()}},
                                                {"user"})}});
}

}  // namespace kasane::http::api
