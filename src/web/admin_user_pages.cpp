// SPDX-License-Identifier: Apache-2.0
// 「利用者の管理」 (issue 14, item 2): the administrator lists the users of the town with their roles, posts and state,
// creates a staff member with a first post, moves a user to another organisation on a date (異動), adds a second
// post (出向), unlocks an account locked out after failed sign-ins, and reaches the password and second-factor resets
// and the deactivation (their routes live in admin_pages.cpp and come back here). The rules are Administration's;
// this file reads the forms and shows the use cases' errors beside the fields and in a summary, saving nothing.

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "domain/administration.hpp"
#include "domain/master_data.hpp"
#include "domain/post.hpp"
#include "domain/user.hpp"
#include "web/admin_page_support.hpp"
#include "web/page_context.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

const std::vector<std::string_view> kStaffFields = {"username",        "display_name", "password",
                                                    "organization_id", "roles",        "starts_on"};
const std::vector<std::string_view> kMoveFields = {"from_post_id", "organization_id", "role", "moves_on"};

// A date typed as 和暦 or 西暦; the error names `field` and quotes `label`.
Result<domain::Date> FormDate(const http::Request& request, std::string_view field, std::string_view label) {
    const std::string text = Trim(FormField(request, field));
    if (text.empty()) {
        return Fail(Error::InvalidArgument("「" + std::string(label) + "」を入力してください", std::string(field)));
    }
    auto date = ParseJapaneseDate(text, label);
    if (!date) {
        Error error = date.error();
        error.field = std::string(field);
        return Fail(std::move(error));
    }
    return *date;
}

std::string RolesText(const std::vector<domain::Role>& roles) {
    std::string text;
    for (domain::Role role : roles) text += (text.empty() ? "" : "・") + std::string(domain::RoleLabel(role));
    return text;
}

json RoleOptions(const std::vector<domain::Role>& checked) {
    json options = json::array();
    for (domain::Role role : domain::kAllRoles) {
        options.push_back({{"code", domain::RoleCode(role)},
                           {"label", domain::RoleLabel(role)},
                           {"checked", std::find(checked.begin(), checked.end(), role) != checked.end()}});
    }
    return options;
}

json OrganizationOptions(const std::vector<domain::Organization>& organizations, std::string_view selected) {
    json options = json::array();
    for (const domain::Organization& organization : organizations) {
        options.push_back({{"id", organization.id},
                           {"name", organization.name},
                           {"selected", std::to_string(organization.id) == selected}});
    }
    return options;
}

std::string NameOf(const std::vector<domain::Organization>& organizations, OrganizationId id) {
    for (const domain::Organization& organization : organizations) {
        if (organization.id == id) return organization.name;
    }
    return "—";
}

std::string StateOf(const domain::User& user, Instant now) {
    if (user.disabled) return "無効";
    if (domain::Administration::IsLockedOut(user, now)) return "ロック中";
    return "有効";
}

json PostRows(const std::vector<domain::Post>& posts, const std::vector<domain::Organization>& organizations,
              domain::Date today) {
    json rows = json::array();
    for (const domain::Post& post : posts) {
        rows.push_back({{"id", post.id},
                        {"organization", NameOf(organizations, post.organization_id)},
                        {"roles", RolesText(post.roles)},
                        {"starts_on", FormatWareki(post.starts_on)},
                        {"ends_on", post.ends_on ? FormatWareki(*post.ends_on) : std::string()},
                        {"active", post.ActiveOn(today)},
                        {"open", !post.ends_on.has_value() || *post.ends_on >= today}});
    }
    return rows;
}

// --- the list and the new staff member ------------------------------------------------------------------------

struct StaffForm {
    std::string username;
    std::string display_name;
    std::string organization_id;
    std::vector<domain::Role> roles;
    std::string starts_on;
    json errors = json::object();
};

StaffForm ReadStaffForm(const http::Request& request) {
    StaffForm form{.username = Trim(FormField(request, "username")),
                   .display_name = Trim(FormField(request, "display_name")),
                   .organization_id = FormField(request, "organization_id"),
                   .roles = {},
                   .starts_on = Trim(FormField(request, "starts_on"))};
    for (domain::Role role : domain::kAllRoles) {
        if (FormField(request, "role_" + std::string(domain::RoleCode(role))) == "1") form.roles.push_back(role);
    }
    return form;
}

http::Response ShowUsers(const PageContext& context, http::Request& request, const StaffForm& form, int status,
                         bool saved) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    auto users = context.administration->ListUsers(*request.principal);
    if (!users) return RenderErrorPage(request, users.error());
    auto organizations = context.directory->Organizations(*request.principal);
    if (!organizations) return RenderErrorPage(request, organizations.error());
    const Instant now = context.clock->Now();
    const domain::Date today = TodayInJapan(*context.clock);
    json rows = json::array();
    for (const domain::User& user : *users) {
        auto posts = context.administration->ListPosts(*request.principal, user.id);
        if (!posts) return RenderErrorPage(request, posts.error());
        std::string post_text;
        for (const domain::Post& post : domain::ActivePosts(*posts, today)) {
            post_text += (post_text.empty() ? "" : "、") + NameOf(*organizations, post.organization_id) + "（" +
                         RolesText(post.roles) + "）";
        }
        if (posts->empty()) {
            post_text = NameOf(*organizations, user.organization_id) + "（" + RolesText(user.roles) + "）";
        }
        rows.push_back({{"id", user.id},
                        {"username", user.username},
                        {"display_name", user.display_name},
                        {"roles", RolesText(user.roles)},
                        {"posts", post_text.empty() ? std::string("有効な職なし") : post_text},
                        {"state", StateOf(user, now)},
                        {"locked", domain::Administration::IsLockedOut(user, now)},
                        {"disabled", user.disabled}});
    }
    json data = {{"users", std::move(rows)},
                 {"count", users->size()},
                 {"form",
                  {{"username", form.username},
                   {"display_name", form.display_name},
                   {"starts_on", form.starts_on.empty() ? FormatWareki(today) : form.starts_on}}},
                 {"organization_options", OrganizationOptions(*organizations, form.organization_id)},
                 {"role_options", RoleOptions(form.roles)},
                 {"errors", form.errors},
                 {"saved", saved}};
    return RenderPage(request, "利用者の管理", "admin_users", std::move(data), status);
}

http::Response UsersPage(const PageContext& context, http::Request& request) {
    return ShowUsers(context, request, StaffForm{}, 200, false);
}

http::Response CreateStaffPage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    StaffForm form = ReadStaffForm(request);
    domain::StaffRequest staff{.username = form.username,
                               .display_name = form.display_name,
                               .password = FormField(request, "password"),
                               .roles = form.roles,
                               .organization_id = OrganizationId{},
                               .starts_on = {}};
    // Errors of the form itself first, all at once; then the use case's.
    if (const auto id = ParseId<OrganizationId>(form.organization_id)) {
        staff.organization_id = *id;
    } else {
        AddFieldError(form.errors, Error::InvalidArgument("所属機関を選んでください", "organization_id"), kStaffFields);
    }
    if (form.roles.empty()) {
        AddFieldError(form.errors, Error::InvalidArgument("役割を1つ以上選んでください", "roles"), kStaffFields);
    }
    if (auto starts_on = FormDate(request, "starts_on", "開始日")) {
        staff.starts_on = *starts_on;
    } else {
        AddFieldError(form.errors, starts_on.error(), kStaffFields);
    }
    if (form.errors.contains("_any")) return ShowUsers(context, request, form, 400, false);
    auto created = context.administration->CreateStaff(*request.principal, staff);
    if (!created) {
        if (!IsFormError(created.error())) return RenderErrorPage(request, created.error());
        AddFieldError(form.errors, created.error(), kStaffFields);
        return ShowUsers(context, request, form, FormStatus(created.error()), false);
    }
    return http::Response::Redirect("/admin/users/" + std::to_string(created->id) + "?saved=created");
}

// --- one user: posts, move, 出向, unlock, resets ---------------------------------------------------------------

struct MoveForm {
    std::string from_post_id;
    std::string organization_id;
    std::string role;
    std::string moves_on;
    json errors = json::object();
};

std::string SavedMessage(std::string_view code) {
    if (code == "created") return "利用者を作成しました";
    if (code == "moved") return "異動を登録しました";
    if (code == "unlocked") return "ロックを解除しました";
    if (code == "post") return "職を追加しました";
    if (code == "ended") return "職を終了しました";
    if (code == "password") return "パスワードを再設定しました";
    if (code == "second-factor") return "二要素認証を解除しました";
    if (code == "disabled") return "アカウントを無効にしました";
    return {};
}

http::Response ShowUser(const PageContext& context, http::Request& request, UserId user_id, const MoveForm& form,
                        int status, std::string_view saved) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    auto user = context.administration->GetUser(*request.principal, user_id);
    if (!user) return RenderErrorPage(request, user.error());
    auto posts = context.administration->ListPosts(*request.principal, user_id);
    if (!posts) return RenderErrorPage(request, posts.error());
    auto organizations = context.directory->Organizations(*request.principal);
    if (!organizations) return RenderErrorPage(request, organizations.error());
    const Instant now = context.clock->Now();
    const domain::Date today = TodayInJapan(*context.clock);
    json from_options = json::array();
    for (const domain::Post& post : *posts) {
        if (post.ends_on && *post.ends_on < today) continue;
        from_options.push_back({{"id", post.id},
                                {"label", NameOf(*organizations, post.organization_id) + "（" + RolesText(post.roles) +
                                              "、" + FormatWareki(post.starts_on) + "から）"},
                                {"selected", std::to_string(post.id) == form.from_post_id}});
    }
    if (posts->empty()) {
        from_options.push_back({{"id", 0},
                                {"label", "アカウントの所属：" + NameOf(*organizations, user->organization_id) + "（" +
                                              RolesText(user->roles) + "）"},
                                {"selected", true}});
    }
    json role_options = json::array();
    for (domain::Role role : domain::kAllRoles) {
        role_options.push_back({{"code", domain::RoleCode(role)},
                                {"label", domain::RoleLabel(role)},
                                {"selected", domain::RoleCode(role) == form.role}});
    }
    json data = {{"user",
                  {{"id", user->id},
                   {"username", user->username},
                   {"display_name", user->display_name},
                   {"roles", RolesText(user->roles)},
                   {"own_organization", NameOf(*organizations, user->organization_id)},
                   {"state", StateOf(*user, now)},
                   {"disabled", user->disabled},
                   {"locked", domain::Administration::IsLockedOut(*user, now)},
                   {"locked_until", user->locked_until ? FormatJst(*user->locked_until) : std::string()},
                   {"failed_sign_ins", user->failed_sign_ins}}},
                 {"has_posts", !posts->empty()},
                 {"posts", PostRows(*posts, *organizations, today)},
                 {"back_to_user", std::to_string(user->id)},  // the post table's forms come back here
                 {"from_options", std::move(from_options)},
                 {"organization_options", OrganizationOptions(*organizations, form.organization_id)},
                 {"role_options", std::move(role_options)},
                 {"form", {{"moves_on", form.moves_on}}},
                 {"errors", form.errors},
                 {"saved", SavedMessage(saved)}};
    return RenderPage(request, "利用者：" + user->display_name, "admin_user", std::move(data), status);
}

http::Response UserPage(const PageContext& context, http::Request& request) {
    const auto id = ParseId<UserId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return ShowUser(context, request, *id, MoveForm{}, 200, request.QueryParam("saved").value_or(""));
}

http::Response MovePage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    const auto id = ParseId<UserId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    MoveForm form{.from_post_id = FormField(request, "from_post_id"),
                  .organization_id = FormField(request, "organization_id"),
                  .role = FormField(request, "role"),
                  .moves_on = Trim(FormField(request, "moves_on"))};
    domain::MoveRequest move{.user_id = *id};
    if (form.from_post_id == "0") {
        move.from_post_id = 0;
    } else if (const auto from = ParseId(form.from_post_id)) {
        move.from_post_id = *from;
    } else {
        AddFieldError(form.errors, Error::InvalidArgument("異動元の職を選んでください", "from_post_id"), kMoveFields);
    }
    if (const auto to = ParseId<OrganizationId>(form.organization_id)) {
        move.organization_id = *to;
    } else {
        AddFieldError(form.errors, Error::InvalidArgument("異動先の機関を選んでください", "organization_id"),
                      kMoveFields);
    }
    if (!form.role.empty()) {
        if (const auto role = domain::ParseRole(form.role)) {
            move.roles = {*role};
        } else {
            AddFieldError(form.errors, Error::InvalidArgument("役割を選び直してください", "role"), kMoveFields);
        }
    }
    if (auto moves_on = FormDate(request, "moves_on", "異動日")) {
        move.moves_on = *moves_on;
    } else {
        AddFieldError(form.errors, moves_on.error(), kMoveFields);
    }
    if (form.errors.contains("_any")) return ShowUser(context, request, *id, form, 400, "");
    auto moved = context.administration->MoveUser(*request.principal, move);
    if (!moved) {
        if (!IsFormError(moved.error())) return RenderErrorPage(request, moved.error());
        AddFieldError(form.errors, moved.error(), kMoveFields);
        return ShowUser(context, request, *id, form, FormStatus(moved.error()), "");
    }
    return http::Response::Redirect("/admin/users/" + std::to_string(*id) + "?saved=moved");
}

http::Response UnlockPage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    const auto id = ParseId<UserId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    if (auto unlocked = context.administration->UnlockUser(*request.principal, *id); !unlocked) {
        if (!IsFormError(unlocked.error())) return RenderErrorPage(request, unlocked.error());
        MoveForm form;
        AddFieldError(form.errors, unlocked.error(), kMoveFields);
        return ShowUser(context, request, *id, form, FormStatus(unlocked.error()), "");
    }
    return http::Response::Redirect("/admin/users/" + std::to_string(*id) + "?saved=unlocked");
}

}  // namespace

void AddAdminUserPages(http::Router& router, const PageContext& context) {
    auto page = [&router, &context](std::string method, std::string pattern, AdminPageHandler handler) {
        AddAdminPage(router, context, std::move(method), std::move(pattern), handler);
    };
    page("GET", "/admin/users", UsersPage);
    page("POST", "/admin/users", CreateStaffPage);
    page("GET", "/admin/users/{id}", UserPage);
    page("POST", "/admin/users/{id}/move", MovePage);
    page("POST", "/admin/users/{id}/unlock", UnlockPage);
}

}  // namespace kasane::web
