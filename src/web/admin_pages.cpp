// SPDX-License-Identifier: Apache-2.0
// The administrator's pages: 「サインインの安全設定」 (the town's second-factor requirement, password and second-factor
// resets) and the posts of users (出向・異動).

#include <charconv>
#include <chrono>
#include <optional>
#include <string>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "domain/administration.hpp"
#include "domain/master_data.hpp"
#include "domain/user.hpp"
#include "http/cookies.hpp"
#include "web/page_context.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

// --- the administrator's sign-in settings --------------------------------------------------------------------

http::Response ShowSecurity(const PageContext& context, http::Request& request, bool saved = false,
                            const std::optional<Error>& refused = std::nullopt) {
    if (!context.administration) return RenderErrorPage(request, Error::NotFound());
    if (!domain::Administration::IsAdministrator(*request.principal)) {
        return RenderErrorPage(request, Error::PermissionDenied("この画面は管理者だけが使えます"));
    }
    auto required = context.auth->SecondFactorRequired(*request.principal);
    if (!required) return RenderErrorPage(request, required.error());
    auto users = context.administration->ListUsers(*request.principal);
    if (!users) return RenderErrorPage(request, users.error());
    auto organizations = context.directory->Organizations(*request.principal);
    if (!organizations) return RenderErrorPage(request, organizations.error());
    auto organization_name = [&](OrganizationId id) {
        for (const domain::Organization& organization : *organizations) {
            if (organization.id == id) return organization.name;
        }
        return std::string("—");
    };
    const domain::Date today = TodayInJapan(*context.clock);
    json rows = json::array();
    for (const domain::User& user : *users) {
        auto posts = context.administration->ListPosts(*request.principal, user.id);
        if (!posts) return RenderErrorPage(request, posts.error());
        json post_rows = json::array();
        for (const domain::Post& post : *posts) {
            std::string roles;
            for (domain::Role role : post.roles) roles += (roles.empty() ? "" : "・") + std::string(RoleLabel(role));
            post_rows.push_back({{"id", post.id},
                                 {"organization", organization_name(post.organization_id)},
                                 {"roles", roles},
                                 {"starts_on", FormatWareki(post.starts_on)},
                                 {"ends_on", post.ends_on ? FormatWareki(*post.ends_on) : std::string()},
                                 {"active", post.ActiveOn(today)},
                                 {"open", !post.ends_on.has_value()}});
        }
        std::string own_roles;
        for (domain::Role role : user.roles) {
            own_roles += (own_roles.empty() ? "" : "・") + std::string(RoleLabel(role));
        }
        rows.push_back({{"id", user.id},
                        {"disabled", user.disabled},
                        {"username", user.username},
                        {"display_name", user.display_name},
                        {"own_organization", organization_name(user.organization_id)},
                        {"own_roles", own_roles},
                        {"has_posts", !post_rows.empty()},
                        {"posts", std::move(post_rows)}});
    }
    json organization_options = json::array();
    for (const domain::Organization& organization : *organizations) {
        organization_options.push_back({{"id", organization.id}, {"name", organization.name}});
    }
    json role_options = json::array();
    for (domain::Role role : domain::kAllRoles) {
        role_options.push_back({{"code", domain::RoleCode(role)}, {"label", domain::RoleLabel(role)}});
    }
    json data = {{"required", *required},
                 {"users", std::move(rows)},
                 {"organization_options", std::move(organization_options)},
                 {"role_options", std::move(role_options)}};
    if (saved) data["saved"] = true;
    if (refused) {
        // A refusal (the last active administrator, one's own account) is shown at the top; nothing was saved.
        data["errors"] = {{"_any", true}, {"_summary", json::array({refused->message})}};
        return RenderPage(request, "サインインの安全設定", "admin_security", std::move(data),
                          refused->Is(ErrorCode::kConflict) ? 409 : 400);
    }
    return RenderPage(request, "サインインの安全設定", "admin_security", std::move(data));
}

http::Response SubmitSecurity(const PageContext& context, http::Request& request) {
    const auto rule = FormField(request, "required") == "1" ? domain::SecondFactorRule::kRequired
                                                            : domain::SecondFactorRule::kOptional;
    if (auto set = context.auth->SetSecondFactorRequired(*request.principal, rule); !set) {
        return RenderErrorPage(request, set.error());
    }
    return ShowSecurity(context, request, true);
}

std::optional<UserId> PathUserId(const http::Request& request) {
    const std::string_view text = request.PathParam("id");
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc{} || end != text.data() + text.size() || id <= 0) return std::nullopt;
    return UserId{id};
}

http::Response ResetPassword(const PageContext& context, http::Request& request) {
    const auto id = PathUserId(request);
    if (!id || !context.administration) return RenderErrorPage(request, Error::NotFound());
    if (auto changed = context.administration->ChangePassword(*request.principal, *id, FormField(request, "password"));
        !changed) {
        return RenderErrorPage(request, changed.error());
    }
    return ShowSecurity(context, request, true);
}

http::Response ResetSecondFactor(const PageContext& context, http::Request& request) {
    const auto id = PathUserId(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    if (auto reset = context.auth->ResetSecondFactor(*request.principal, *id); !reset) {
        return RenderErrorPage(request, reset.error());
    }
    return ShowSecurity(context, request, true);
}

// Disables an account (never deleted: the audit trail names it). The rules — not oneself, never the last active
// administrator — are Administration's; a refusal shows on the page in Japanese.
http::Response DisableUserPage(const PageContext& context, http::Request& request) {
    const auto id = PathUserId(request);
    if (!id || !context.administration) return RenderErrorPage(request, Error::NotFound());
    if (auto disabled = context.administration->DisableUser(*request.principal, *id); !disabled) {
        const Error& error = disabled.error();
        if (error.Is(ErrorCode::kConflict) || error.Is(ErrorCode::kInvalidArgument)) {
            return ShowSecurity(context, request, false, error);
        }
        return RenderErrorPage(request, error);
    }
    return ShowSecurity(context, request, true);
}

// --- posts (出向・異動) ----------------------------------------------------------------------------------------

std::optional<std::int64_t> PathNumber(const http::Request& request) {
    const std::string_view text = request.PathParam("id");
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc{} || end != text.data() + text.size() || id <= 0) return std::nullopt;
    return id;
}

Result<domain::Date> FormDate(const http::Request& request, std::string_view name, std::string_view label) {
    const std::string text = Trim(FormField(request, name));
    if (text.empty())
        return Fail(Error::InvalidArgument("「" + std::string(label) + "」を入力してください", std::string(name)));
    return ParseJapaneseDate(text, label);
}

http::Response AddPostPage(const PageContext& context, http::Request& request) {
    const auto id = PathNumber(request);
    if (!id || !context.administration) return RenderErrorPage(request, Error::NotFound());
    domain::Post post;
    const std::string organization_text = FormField(request, "organization_id");
    std::int64_t organization_id = 0;
    const auto [end, error] =
        std::from_chars(organization_text.data(), organization_text.data() + organization_text.size(), organization_id);
    if (error != std::errc{} || end != organization_text.data() + organization_text.size()) {
        return RenderErrorPage(request, Error::InvalidArgument("所属機関を選んでください", "organization_id"));
    }
    post.organization_id = OrganizationId{organization_id};
    const auto role = domain::ParseRole(FormField(request, "role"));
    if (!role) return RenderErrorPage(request, Error::InvalidArgument("役割を選んでください", "role"));
    post.roles = {*role};
    auto starts_on = FormDate(request, "starts_on", "開始日");
    if (!starts_on) return RenderErrorPage(request, starts_on.error());
    post.starts_on = *starts_on;
    if (!Trim(FormField(request, "ends_on")).empty()) {
        auto ends_on = FormDate(request, "ends_on", "終了日");
        if (!ends_on) return RenderErrorPage(request, ends_on.error());
        post.ends_on = *ends_on;
    }
    if (auto added = context.administration->AddPost(*request.principal, UserId{*id}, post); !added) {
        return RenderErrorPage(request, added.error());
    }
    return ShowSecurity(context, request, true);
}

http::Response EndPostPage(const PageContext& context, http::Request& request) {
    const auto id = PathNumber(request);
    if (!id || !context.administration) return RenderErrorPage(request, Error::NotFound());
    auto ends_on = FormDate(request, "ends_on", "終了日");
    if (!ends_on) return RenderErrorPage(request, ends_on.error());
    if (auto ended = context.administration->EndPost(*request.principal, *id, *ends_on); !ended) {
        return RenderErrorPage(request, ended.error());
    }
    return ShowSecurity(context, request, true);
}

}  // namespace

void AddAdminPages(http::Router& router, const PageContext& context) {
    auto page = [&router, context](std::string method, std::string pattern, http::Access access,
                                   http::Response (*handler)(const PageContext&, http::Request&)) {
        router.Add({.method = std::move(method),
                    .pattern = std::move(pattern),
                    .access = access,
                    .surface = http::Surface::kPage,
                    .handler = [context, handler](http::Request& request) { return handler(context, request); }});
    };
    page("GET", "/admin/security", http::Access::kSignedIn,
         [](const PageContext& c, http::Request& request) { return ShowSecurity(c, request); });
    page("POST", "/admin/security", http::Access::kSignedIn, SubmitSecurity);
    page("POST", "/admin/users/{id}/password", http::Access::kSignedIn, ResetPassword);
    page("POST", "/admin/users/{id}/second-factor/reset", http::Access::kSignedIn, ResetSecondFactor);
    page("POST", "/admin/users/{id}/disable", http::Access::kSignedIn, DisableUserPage);
    page("POST", "/admin/users/{id}/posts", http::Access::kSignedIn, AddPostPage);
    page("POST", "/admin/posts/{id}/end", http::Access::kSignedIn, EndPostPage);
}

}  // namespace kasane::web
