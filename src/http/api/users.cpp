// SPDX-License-Identifier: Apache-2.0
// User accounts, API tokens and the sign-in event log of the caller's municipality.

#include <charconv>

#include "http/api/common.hpp"
#include "http/api/routes.hpp"

namespace kasane::http::api {

namespace {

Result<std::vector<domain::Role>> RolesFrom(const Json& body) {
    const auto it = body.find("roles");
    if (it == body.end() || !it->is_array() || it->empty()) {
        return Fail(Error::InvalidArgument("役割を1つ以上、配列で指定してください", "roles"));
    }
    std::vector<domain::Role> roles;
    for (const Json& code : *it) {
        const auto role = code.is_string() ? domain::ParseRole(code.get<std::string>()) : std::nullopt;
        if (!role) return Fail(Error::InvalidArgument("役割の指定が正しくありません", "roles"));
        roles.push_back(*role);
    }
    return roles;
}

// The account's fields, as POST /api/v1/users and POST /api/v1/staff read them.
Result<domain::UserRequest> AccountFrom(const Json& body) {
    auto organization_id = RequireInteger(body, "organization_id");
    if (!organization_id) return Fail(organization_id.error());
    auto username = RequireString(body, "username", 64);
    if (!username) return Fail(username.error());
    auto display_name = RequireString(body, "display_name", 100);
    if (!display_name) return Fail(display_name.error());
    auto password = RequireString(body, "password", 256);
    if (!password) return Fail(password.error());
    auto roles = RolesFrom(body);
    if (!roles) return Fail(roles.error());
    return domain::UserRequest{.organization_id = OrganizationId{*organization_id},
                               .username = std::move(*username),
                               .display_name = std::move(*display_name),
                               .roles = std::move(*roles),
                               .password = std::move(*password)};
}

Response AddUser(domain::Administration& administration, Request& request) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto account = AccountFrom(*body);
    if (!account) return Response::ErrorJson(account.error());
    return Reply(administration.AddUser(PrincipalOf(request), *account), 201);
}

// POST /api/v1/staff: the account and its first post (利用者の管理).
Response CreateStaff(domain::Administration& administration, Request& request) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto account = AccountFrom(*body);
    if (!account) return Response::ErrorJson(account.error());
    auto starts_on = RequireDate(*body, "starts_on", "開始日");
    if (!starts_on) return Response::ErrorJson(starts_on.error());
    return Reply(administration.CreateStaff(PrincipalOf(request),
                                            domain::StaffRequest{.username = std::move(account->username),
                                                                 .display_name = std::move(account->display_name),
                                                                 .password = std::move(account->password),
                                                                 .roles = std::move(account->roles),
                                                                 .organization_id = account->organization_id,
                                                                 .starts_on = *starts_on}),
                 201);
}

// POST /api/v1/users/{id}/move: 異動 on a date.
Response MoveUser(domain::Administration& administration, Request& request, std::int64_t user_id) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto from_post_id = RequireInteger(*body, "from_post_id");
    if (!from_post_id) return Response::ErrorJson(from_post_id.error());
    auto organization_id = RequireInteger(*body, "organization_id");
    if (!organization_id) return Response::ErrorJson(organization_id.error());
    std::vector<domain::Role> roles;
    if (body->contains("roles")) {
        auto given = RolesFrom(*body);
        if (!given) return Response::ErrorJson(given.error());
        roles = *given;
    }
    auto moves_on = RequireDate(*body, "moves_on", "異動日");
    if (!moves_on) return Response::ErrorJson(moves_on.error());
    auto moved = administration.MoveUser(PrincipalOf(request),
                                         domain::MoveRequest{.user_id = UserId{user_id},
                                                             .from_post_id = *from_post_id,
                                                             .organization_id = OrganizationId{*organization_id},
                                                             .roles = roles,
                                                             .moves_on = *moves_on});
    if (!moved) return Response::ErrorJson(moved.error());
    return Response::Json(201, Json{{"ended", ToJson(moved->ended)}, {"started", ToJson(moved->started)}});
}

Response CreateApiToken(domain::AuthService& auth, Request& request) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto user_id = RequireInteger(*body, "user_id");
    if (!user_id) return Response::ErrorJson(user_id.error());
    auto name = RequireString(*body, "name", 100);
    if (!name) return Response::ErrorJson(name.error());
    auto expires_text = OptionalString(*body, "expires_at", 40);
    if (!expires_text) return Response::ErrorJson(expires_text.error());
    std::optional<Instant> expires_at;
    if (expires_text->has_value()) {
        auto parsed = ParseIso8601(**expires_text);
        if (!parsed)
            return Response::ErrorJson(Error::InvalidArgument("有効期限の日時が正しくありません", "expires_at"));
        expires_at = *parsed;
    }
    auto issued = auth.CreateApiToken(PrincipalOf(request), UserId{*user_id}, *name, expires_at);
    if (!issued) return Response::ErrorJson(issued.error());
    Json reply = ToJson(issued->record);
    reply["token"] = issued->token;
    return Response::Json(201, reply);
}

Response AddPost(domain::Administration& administration, Request& request, std::int64_t user_id) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto organization_id = RequireInteger(*body, "organization_id");
    if (!organization_id) return Response::ErrorJson(organization_id.error());
    auto roles = RolesFrom(*body);
    if (!roles) return Response::ErrorJson(roles.error());
    auto starts_on = OptionalDateField(*body, "starts_on", "開始日");
    if (!starts_on) return Response::ErrorJson(starts_on.error());
    if (!starts_on->has_value()) {
        return Response::ErrorJson(Error::InvalidArgument("開始日を入力してください", "starts_on"));
    }
    auto ends_on = OptionalDateField(*body, "ends_on", "終了日");
    if (!ends_on) return Response::ErrorJson(ends_on.error());
    domain::Post post;
    post.organization_id = OrganizationId{*organization_id};
    post.roles = *roles;
    post.starts_on = **starts_on;
    post.ends_on = *ends_on;
    return Reply(administration.AddPost(PrincipalOf(request), UserId{user_id}, post), 201);
}

Response EndPost(domain::Administration& administration, Request& request, std::int64_t post_id) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto ends_on = OptionalDateField(*body, "ends_on", "終了日");
    if (!ends_on) return Response::ErrorJson(ends_on.error());
    if (!ends_on->has_value())
        return Response::ErrorJson(Error::InvalidArgument("終了日を入力してください", "ends_on"));
    return Reply(administration.EndPost(PrincipalOf(request), post_id, **ends_on));
}

}  // namespace

void AddUserRoutes(Router& router, const ApiDependencies& dependencies) {
    domain::Administration& administration = dependencies.administration;
    domain::AuthService& auth = dependencies.auth;

    AddSignedInRoute(
        router, "GET", "/api/v1/users",
        [&administration](Request& request) { return ReplyItems(administration.ListUsers(PrincipalOf(request))); },
        {.summary = "User accounts of the municipality (administrators, auditors)",
         .tag = "users",
         .response_body = schema::Items(schema::User())});

    AddSignedInRoute(
        router, "POST", "/api/v1/users",
        [&administration](Request& request) { return AddUser(administration, request); },
        {.summary = "Add a user account (administrators)",
         .tag = "users",
         .request_body = schema::Object({{"organization_id", schema::Integer()},
                                         {"username", schema::String()},
                                         {"display_name", schema::String()},
                                         {"roles", schema::ArrayOf(schema::String())},
                                         {"password", schema::String()}},
                                        {"organization_id", "username", "display_name", "roles", "password"}),
         .response_body = schema::User(),
         .success_status = 201});

    AddSignedInRoute(router, "GET", "/api/v1/users/{id}", ById([&administration](Request& request, std::int64_t id) {
                         return Reply(administration.GetUser(PrincipalOf(request), UserId{id}));
                     }),
                     {.summary = "One user account (yourself, or any as administrator or auditor)",
                      .tag = "users",
                      .response_body = schema::User()});

    AddSignedInRoute(
        router, "POST", "/api/v1/users/{id}/password", ById([&administration](Request& request, std::int64_t id) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto password = RequireString(*body, "password", 256);
            if (!password) return Response::ErrorJson(password.error());
            return ReplyNoContent(administration.ChangePassword(PrincipalOf(request), UserId{id}, *password));
        }),
        {.summary = "Set a new password; ends that user's sessions",
         .tag = "users",
         .request_body = schema::Object({{"password", schema::String()}}, {"password"}),
         .success_status = 204});

    AddSignedInRoute(
        router, "POST", "/api/v1/account/password",
        [&administration](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto current = RequireString(*body, "current_password", 256);
            if (!current) return Response::ErrorJson(current.error());
            auto next = RequireString(*body, "new_password", 256);
            if (!next) return Response::ErrorJson(next.error());
            return ReplyNoContent(administration.ChangeOwnPassword(PrincipalOf(request), *current, *next));
        },
        {.summary = "Change your own password, giving the current one; ends all your sessions (audited)",
         .tag = "users",
         .request_body = schema::Object({{"current_password", schema::String()}, {"new_password", schema::String()}},
                                        {"current_password", "new_password"}),
         .success_status = 204});

    AddSignedInRoute(router, "POST", "/api/v1/users/{id}/disable",
                     ById([&administration](Request& request, std::int64_t id) {
                         return ReplyNoContent(administration.DisableUser(PrincipalOf(request), UserId{id}));
                     }),
                     {.summary = "Disable an account at once (administrators)", .tag = "users", .success_status = 204});

    AddSignedInRoute(
        router, "POST", "/api/v1/staff",
        [&administration](Request& request) { return CreateStaff(administration, request); },
        {.summary = "Create a staff member: the account and its first post in an organisation, with roles and a first "
                    "day (administrators; audited)",
         .tag = "users",
         .request_body =
             schema::Object({{"organization_id", schema::Integer()},
                             {"username", schema::String()},
                             {"display_name", schema::String()},
                             {"roles", schema::ArrayOf(schema::String())},
                             {"password", schema::String()},
                             {"starts_on", schema::String()}},
                            {"organization_id", "username", "display_name", "roles", "password", "starts_on"}),
         .response_body = schema::User(),
         .success_status = 201});

    AddSignedInRoute(
        router, "POST", "/api/v1/users/{id}/move",
        ById([&administration](Request& request, std::int64_t id) { return MoveUser(administration, request, id); }),
        {.summary = "Move a user (異動) on a date: the post left ends the day before moves_on and a post in the new "
                    "organisation starts on it, in one action (administrators; audited). from_post_id 0: the "
                    "account's own organisation of a user without posts; roles default to the post left's",
         .tag = "users",
         .request_body = schema::Object({{"from_post_id", schema::Integer()},
                                         {"organization_id", schema::Integer()},
                                         {"roles", schema::ArrayOf(schema::String())},
                                         {"moves_on", schema::String()}},
                                        {"from_post_id", "organization_id", "moves_on"}),
         .response_body =
             schema::Object({{"ended", schema::Post()}, {"started", schema::Post()}}, {"ended", "started"}),
         .success_status = 201});

    AddSignedInRoute(router, "POST", "/api/v1/users/{id}/unlock",
                     ById([&administration](Request& request, std::int64_t id) {
                         return ReplyNoContent(administration.UnlockUser(PrincipalOf(request), UserId{id}));
                     }),
                     {.summary = "Unlock an account locked out after failed sign-ins (administrators; audited)",
                      .tag = "users",
                      .success_status = 204});

    AddSignedInRoute(
        router, "GET", "/api/v1/users/{id}/posts", ById([&administration](Request& request, std::int64_t id) {
            return ReplyItems(administration.ListPosts(PrincipalOf(request), UserId{id}));
        }),
        {.summary = "A user's posts (出向・異動), ended ones included: yourself, or any as administrator or "
                    "auditor. A user without posts acts in the account's own organisation and roles",
         .tag = "users",
         .response_body = schema::Items(schema::Post())});

    AddSignedInRoute(
        router, "POST", "/api/v1/users/{id}/posts",
        ById([&administration](Request& request, std::int64_t id) { return AddPost(administration, request, id); }),
        {.summary = "Add a post in an organisation of the municipality, with its own roles and dates (administrators; "
                    "audited). The first post of a user without posts also carries the account's own organisation "
                    "and roles over as a post",
         .tag = "users",
         .request_body = schema::Object({{"organization_id", schema::Integer()},
                                         {"roles", schema::ArrayOf(schema::String())},
                                         {"starts_on", schema::String()},
                                         {"ends_on", schema::String()}},
                                        {"organization_id", "roles", "starts_on"}),
         .response_body = schema::Post(),
         .success_status = 201});

    AddSignedInRoute(
        router, "POST", "/api/v1/posts/{id}/end",
        ById([&administration](Request& request, std::int64_t id) { return EndPost(administration, request, id); }),
        {.summary = "End a post on a day (its last day; administrators; audited). A session acting in it is refused "
                    "from the next day",
         .tag = "users",
         .request_body = schema::Object({{"ends_on", schema::String()}}, {"ends_on"}),
         .response_body = schema::Post()});

    AddSignedInRoute(
        router, "GET", "/api/v1/api-tokens",
        [&administration](Request& request) { return ReplyItems(administration.ListApiTokens(PrincipalOf(request))); },
        {.summary = "API tokens of the municipality (administrators)",
         .tag = "api-tokens",
         .response_body = schema::Items(schema::ApiToken())});

    AddSignedInRoute(
        router, "POST", "/api/v1/api-tokens", [&auth](Request& request) { return CreateApiToken(auth, request); },
        {.summary = "Issue an API token acting as a user; the token is shown once",
         .tag = "api-tokens",
         .request_body = schema::Object(
             {{"user_id", schema::Integer()}, {"name", schema::String()}, {"expires_at", schema::String()}},
             {"user_id", "name"}),
         .response_body = schema::ApiToken(),
         .success_status = 201});

    AddSignedInRoute(router, "DELETE", "/api/v1/api-tokens/{id}", ById([&auth](Request& request, std::int64_t id) {
                         return ReplyNoContent(auth.RevokeApiToken(PrincipalOf(request), id));
                     }),
                     {.summary = "Revoke an API token (administrators)", .tag = "api-tokens", .success_status = 204});

    AddSignedInRoute(
        router, "GET", "/api/v1/auth-events",
        [&administration](Request& request) {
            int limit = 100;
            if (const auto text = request.QueryParam("limit")) {
                const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), limit);
                if (error != std::errc{} || end != text->data() + text->size()) {
                    return Response::ErrorJson(Error::InvalidArgument("件数は整数で指定してください", "limit"));
                }
            }
            return ReplyItems(administration.ListAuthEvents(PrincipalOf(request), limit));
        },
        {.summary = "Sign-in and account events, newest first (administrators, auditors)",
         .tag = "users",
         .response_body = schema::Items(schema::AuthEvent())});
}

}  // namespace kasane::http::api
