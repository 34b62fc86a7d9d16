// SPDX-License-Identifier: Apache-2.0
// 「機関の管理」 (issue 14, item 2): the administrator lists the organisations of the town with their kinds, adds one,
// renames one and changes its kind. The rules (administrators only, names, audit) are Administration's; this file
// reads the form, calls the use case and shows its errors beside the fields and in a summary, saving nothing.

#include <string>
#include <vector>

#include "domain/administration.hpp"
#include "domain/master_data.hpp"
#include "web/admin_page_support.hpp"
#include "web/page_context.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

const std::vector<std::string_view> kOrganizationFields = {"name", "kind"};

struct OrganizationForm {
    std::string name;
    std::string kind;  // the code as sent
    json errors = json::object();
};

OrganizationForm ReadOrganizationForm(const http::Request& request) {
    return OrganizationForm{.name = Trim(FormField(request, "name")), .kind = FormField(request, "kind")};
}

json KindOptions(std::string_view selected) {
    return EnumOptions(domain::kAllOrganizationKinds, domain::OrganizationKindCode, domain::OrganizationKindLabel,
                       selected);
}

Result<domain::OrganizationKind> KindOf(const OrganizationForm& form) {
    const auto kind = domain::ParseOrganizationKind(form.kind);
    if (!kind) return Fail(Error::InvalidArgument("機関の種別を選んでください", "kind"));
    return *kind;
}

http::Response ShowList(const PageContext& context, http::Request& request, const OrganizationForm& form, int status,
                        bool saved) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    auto organizations = context.directory->Organizations(*request.principal);
    if (!organizations) return RenderErrorPage(request, organizations.error());
    json rows = json::array();
    for (const domain::Organization& organization : *organizations) {
        rows.push_back({{"id", organization.id},
                        {"name", organization.name},
                        {"kind", domain::OrganizationKindLabel(organization.kind)}});
    }
    json data = {
        {"organizations", std::move(rows)},       {"count", organizations->size()}, {"form", {{"name", form.name}}},
        {"kind_options", KindOptions(form.kind)}, {"errors", form.errors},          {"saved", saved}};
    return RenderPage(request, "機関の管理", "admin_organizations", std::move(data), status);
}

http::Response ListPage(const PageContext& context, http::Request& request) {
    return ShowList(context, request, OrganizationForm{}, 200, request.QueryParam("saved").has_value());
}

http::Response AddPage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    OrganizationForm form = ReadOrganizationForm(request);
    auto kind = KindOf(form);
    if (!kind) {
        AddFieldError(form.errors, kind.error(), kOrganizationFields);
        // The name is checked too, so that every error shows at once.
        if (auto valid = domain::ValidateName(form.name, "name", 100); !valid) {
            AddFieldError(form.errors, valid.error(), kOrganizationFields);
        }
        return ShowList(context, request, form, 400, false);
    }
    auto created = context.administration->CreateOrganization(*request.principal, *kind, form.name);
    if (!created) {
        if (!IsFormError(created.error())) return RenderErrorPage(request, created.error());
        AddFieldError(form.errors, created.error(), kOrganizationFields);
        return ShowList(context, request, form, FormStatus(created.error()), false);
    }
    return http::Response::Redirect("/admin/organizations?saved=" + std::to_string(created->id));
}

http::Response ShowEdit(http::Request& request, const domain::Organization& organization, const OrganizationForm& form,
                        int status) {
    json data = {{"id", organization.id},
                 {"current_name", organization.name},
                 {"form", {{"name", form.name}}},
                 {"kind_options", KindOptions(form.kind)},
                 {"errors", form.errors}};
    return RenderPage(request, "機関の変更", "admin_organization", std::move(data), status);
}

Result<domain::Organization> PathOrganization(const PageContext& context, const http::Request& request) {
    const auto id = ParseId<OrganizationId>(request.PathParam("id"));
    if (!id) return Fail(Error::NotFound());
    return context.directory->GetOrganization(*request.principal, *id);
}

http::Response EditPage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    auto organization = PathOrganization(context, request);
    if (!organization) return RenderErrorPage(request, organization.error());
    const OrganizationForm form{.name = organization->name,
                                .kind = std::string(domain::OrganizationKindCode(organization->kind))};
    return ShowEdit(request, *organization, form, 200);
}

http::Response SavePage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    auto organization = PathOrganization(context, request);
    if (!organization) return RenderErrorPage(request, organization.error());
    OrganizationForm form = ReadOrganizationForm(request);
    auto kind = KindOf(form);
    if (!kind) {
        AddFieldError(form.errors, kind.error(), kOrganizationFields);
        if (auto valid = domain::ValidateName(form.name, "name", 100); !valid) {
            AddFieldError(form.errors, valid.error(), kOrganizationFields);
        }
        return ShowEdit(request, *organization, form, 400);
    }
    auto updated = context.administration->UpdateOrganization(*request.principal, organization->id, *kind, form.name);
    if (!updated) {
        if (!IsFormError(updated.error())) return RenderErrorPage(request, updated.error());
        AddFieldError(form.errors, updated.error(), kOrganizationFields);
        return ShowEdit(request, *organization, form, FormStatus(updated.error()));
    }
    return http::Response::Redirect("/admin/organizations?saved=" + std::to_string(updated->id));
}

}  // namespace

void AddAdminOrganizationPages(http::Router& router, const PageContext& context) {
    auto page = [&router, &context](std::string method, std::string pattern, AdminPageHandler handler) {
        AddAdminPage(router, context, std::move(method), std::move(pattern), handler);
    };
    page("GET", "/admin/organizations", ListPage);
    page("POST", "/admin/organizations", AddPage);
    page("GET", "/admin/organizations/{id}", EditPage);
    page("POST", "/admin/organizations/{id}", SavePage);
}

}  // namespace kasane::web
