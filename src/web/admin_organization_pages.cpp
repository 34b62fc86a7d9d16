// SPDX-License-Identifier: Apache-2.0
// 「機関の管理」 (issue 14, item 2): the administrator lists the organisations of the town with their kinds, adds one,
// renames one and changes its kind, and imports a list (list_upload.js sends the file to POST
// /api/v1/organizations/uploads; the dry run and the confirmation are pages here). The rules (administrators only,
// names, audit) are Administration's; this file reads the form, calls the use case and shows its errors beside the
// fields and in a summary, saving nothing.

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
    json data = {{"organizations", std::move(rows)},
                 {"count", organizations->size()},
                 {"form", {{"name", form.name}}},
                 {"kind_options", KindOptions(form.kind)},
                 {"errors", form.errors},
                 {"saved", saved},
                 {"imported", request.QueryParam("saved") == "imported"}};
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

// --- the list's import: dry run and confirmation ---------------------------------------------------------------

http::Response ShowImport(const PageContext& context, http::Request& request, std::string_view upload_text,
                          std::string_view kind_code, const std::optional<Error>& refused) {
    const auto upload = ParseId(upload_text);
    const auto kind = domain::ParseOrganizationKind(kind_code);
    if (!upload || !kind) return RenderErrorPage(request, Error::NotFound());
    auto plan = context.administration->PlanOrganizationImport(*request.principal, *upload, *kind);
    json errors = json::object();
    if (!plan) {
        if (!IsFormError(plan.error())) return RenderErrorPage(request, plan.error());
        AddFieldError(errors, plan.error(), {"file"});
        return RenderPage(request, "機関の一括登録（確認）", "admin_organization_import",
                          {{"errors", errors}, {"has_plan", false}}, 400);
    }
    if (refused) AddFieldError(errors, *refused, {"file"});
    json rows = json::array();
    for (const domain::OrganizationImportRow& row : plan->rows) {
        rows.push_back({{"line", row.line},
                        {"kind", domain::OrganizationKindLabel(row.kind)},
                        {"name", row.name},
                        {"action", !row.error.empty() ? "誤り"
                                   : !row.existing    ? "追加"
                                   : row.changes_kind ? "種別を変更"
                                                      : "登録済み（変更なし）"},
                        {"error", row.error}});
    }
    json data = {{"has_plan", true},
                 {"upload", *upload},
                 {"kind_code", domain::OrganizationKindCode(*kind)},
                 {"kind", domain::OrganizationKindLabel(*kind)},
                 {"file_name", plan->file_name},
                 {"encoding", plan->encoding},
                 {"rows", std::move(rows)},
                 {"row_count", plan->rows.size()},
                 {"error_count", plan->errors},
                 {"has_errors", plan->errors > 0},
                 {"to_create", plan->to_create},
                 {"to_update", plan->to_update},
                 {"errors", errors}};
    return RenderPage(request, "機関の一括登録（確認）", "admin_organization_import", std::move(data),
                      refused ? 400 : 200);
}

http::Response UploadPage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    return RenderPage(
        request, "機関の一括登録", "admin_organization_upload",
        {{"import_kind_options", KindOptions(domain::OrganizationKindCode(domain::OrganizationKind::kOther))}});
}

http::Response ImportPreviewPage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    return ShowImport(context, request, request.QueryParam("upload").value_or(""),
                      request.QueryParam("kind").value_or("other"), std::nullopt);
}

http::Response ImportConfirmPage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    const std::string upload_text = FormField(request, "upload");
    const std::string kind_code = FormField(request, "kind");
    const auto upload = ParseId(upload_text);
    const auto kind = domain::ParseOrganizationKind(kind_code);
    if (!upload || !kind) return RenderErrorPage(request, Error::NotFound());
    auto imported = context.administration->ConfirmOrganizationImport(*request.principal, *upload, *kind);
    if (!imported) {
        if (!IsFormError(imported.error())) return RenderErrorPage(request, imported.error());
        return ShowImport(context, request, upload_text, kind_code, imported.error());
    }
    return http::Response::Redirect("/admin/organizations?saved=imported");
}

}  // namespace

void AddAdminOrganizationPages(http::Router& router, const PageContext& context) {
    auto page = [&router, &context](std::string method, std::string pattern, AdminPageHandler handler) {
        AddAdminPage(router, context, std::move(method), std::move(pattern), handler);
    };
    page("GET", "/admin/organizations", ListPage);
    page("POST", "/admin/organizations", AddPage);
    page("GET", "/admin/organizations/upload", UploadPage);
    page("GET", "/admin/organizations/import", ImportPreviewPage);
    page("POST", "/admin/organizations/import", ImportConfirmPage);
    page("GET", "/admin/organizations/{id}", EditPage);
    page("POST", "/admin/organizations/{id}", SavePage);
}

}  // namespace kasane::web
