// SPDX-License-Identifier: Apache-2.0
// 「地域の管理」 (issue 14, item 2): the administrator lists the town's areas by kind with their 世帯数, adds one,
// renames it or sets its count, retires or restores it, and imports a list (list_upload.js sends the file to POST
// /api/v1/areas/uploads; the dry run and the confirmation are pages here). The rules are Administration's.

#include <algorithm>
#include <optional>
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

const std::vector<std::string_view> kAreaFields = {"kind", "name", "households", "households_year"};

struct AreaForm {
    std::string kind;
    std::string name;
    std::string households;
    std::string households_year;
    json errors = json::object();
};

AreaForm ReadAreaForm(const http::Request& request) {
    return AreaForm{.kind = FormField(request, "kind"),
                    .name = Trim(FormField(request, "name")),
                    .households = Trim(FormField(request, "households")),
                    .households_year = Trim(FormField(request, "households_year"))};
}

// A whole number typed in a form (full-width digits and commas allowed); nullopt when empty.
std::optional<int> FormNumber(std::string_view typed, std::string_view field, std::string_view label, json& errors) {
    std::string text;
    for (std::size_t i = 0; i < typed.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(typed[i]);
        // Full-width digits U+FF10..U+FF19 are EF BC 90..99 in UTF-8.
        if (c == 0xEF && i + 2 < typed.size() && static_cast<unsigned char>(typed[i + 1]) == 0xBC &&
            static_cast<unsigned char>(typed[i + 2]) >= 0x90 && static_cast<unsigned char>(typed[i + 2]) <= 0x99) {
            text += static_cast<char>('0' + (static_cast<unsigned char>(typed[i + 2]) - 0x90));
            i += 2;
        } else if (c != ',') {
            text += static_cast<char>(c);
        }
    }
    if (text.empty()) return std::nullopt;
    if (text.size() > 9 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        AddFieldError(
            errors,
            Error::InvalidArgument("「" + std::string(label) + "」は数字で入力してください", std::string(field)),
            kAreaFields);
        return std::nullopt;
    }
    return std::stoi(text);
}

// The form's area, or its errors in form.errors.
std::optional<domain::AreaInput> InputOf(AreaForm& form, bool with_kind) {
    domain::AreaInput input;
    input.name = form.name;
    if (with_kind) {
        const auto kind = domain::ParseAreaKind(form.kind);
        if (!kind) {
            AddFieldError(form.errors, Error::InvalidArgument("地域の種別を選んでください", "kind"), kAreaFields);
        } else {
            input.kind = *kind;
        }
    }
    input.households = FormNumber(form.households, "households", "世帯数", form.errors);
    input.households_year = FormNumber(form.households_year, "households_year", "世帯数の年", form.errors);
    if (form.errors.contains("_any")) return std::nullopt;
    return input;
}

json KindOptions(std::string_view selected) {
    return EnumOptions(domain::kAllAreaKinds, domain::AreaKindCode, domain::AreaKindLabel, selected);
}

http::Response ShowAreas(const PageContext& context, http::Request& request, const AreaForm& form, int status,
                         std::string_view saved) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    auto areas = context.directory->Areas(*request.principal, std::nullopt);
    if (!areas) return RenderErrorPage(request, areas.error());
    json groups = json::array();
    for (domain::AreaKind kind : domain::kAllAreaKinds) {
        json rows = json::array();
        long long households = 0;
        int active = 0;
        for (const domain::Area& area : *areas) {
            if (area.kind != kind) continue;
            if (area.active) {
                ++active;
                households += area.households.value_or(0);
            }
            rows.push_back({{"id", area.id},
                            {"name", area.name},
                            {"households", area.households ? std::to_string(*area.households) : std::string("—")},
                            {"households_year",
                             area.households_year ? std::to_string(*area.households_year) + "年" : std::string()},
                            {"active", area.active}});
        }
        if (rows.empty()) continue;
        groups.push_back({{"kind", domain::AreaKindLabel(kind)},
                          {"code", domain::AreaKindCode(kind)},
                          {"count", active},
                          {"households", households},
                          {"areas", std::move(rows)}});
    }
    std::string saved_text;
    if (saved == "added") saved_text = "地域を追加しました";
    if (saved == "updated") saved_text = "地域を保存しました";
    if (saved == "retired") saved_text = "地域を廃止しました（過去の記録と集計には残ります）";
    if (saved == "restored") saved_text = "地域を元に戻しました";
    if (saved == "imported") saved_text = "一覧を取り込みました";
    json data = {
        {"groups", std::move(groups)},
        {"form", {{"name", form.name}, {"households", form.households}, {"households_year", form.households_year}}},
        {"kind_options", KindOptions(form.kind)},
        {"errors", form.errors},
        {"saved", saved_text}};
    return RenderPage(request, "地域（エリア）の管理", "admin_areas", std::move(data), status);
}

http::Response AreasPage(const PageContext& context, http::Request& request) {
    return ShowAreas(context, request, AreaForm{}, 200, request.QueryParam("saved").value_or(""));
}

http::Response AddAreaPage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    AreaForm form = ReadAreaForm(request);
    auto input = InputOf(form, true);
    if (!input) {
        if (auto valid = domain::ValidateName(form.name, "name", 100); !valid) {
            AddFieldError(form.errors, valid.error(), kAreaFields);
        }
        return ShowAreas(context, request, form, 400, "");
    }
    auto added = context.administration->AddArea(*request.principal, *input);
    if (!added) {
        if (!IsFormError(added.error())) return RenderErrorPage(request, added.error());
        AddFieldError(form.errors, added.error(), kAreaFields);
        return ShowAreas(context, request, form, FormStatus(added.error()), "");
    }
    return http::Response::Redirect("/admin/areas?saved=added");
}

http::Response ShowArea(http::Request& request, const domain::Area& area, const AreaForm& form, int status) {
    json data = {
        {"id", area.id},
        {"kind", domain::AreaKindLabel(area.kind)},
        {"current_name", area.name},
        {"active", area.active},
        {"form", {{"name", form.name}, {"households", form.households}, {"households_year", form.households_year}}},
        {"errors", form.errors}};
    return RenderPage(request, "地域の変更", "admin_area", std::move(data), status);
}

Result<domain::Area> PathArea(const PageContext& context, const http::Request& request) {
    const auto id = ParseId(request.PathParam("id"));
    if (!id) return Fail(Error::NotFound());
    return context.directory->GetArea(*request.principal, *id);
}

http::Response AreaPage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    auto area = PathArea(context, request);
    if (!area) return RenderErrorPage(request, area.error());
    const AreaForm form{
        .kind = {},
        .name = area->name,
        .households = area->households ? std::to_string(*area->households) : std::string(),
        .households_year = area->households_year ? std::to_string(*area->households_year) : std::string()};
    return ShowArea(request, *area, form, 200);
}

http::Response SaveAreaPage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    auto area = PathArea(context, request);
    if (!area) return RenderErrorPage(request, area.error());
    AreaForm form = ReadAreaForm(request);
    auto input = InputOf(form, false);
    if (!input) return ShowArea(request, *area, form, 400);
    auto updated = context.administration->UpdateArea(*request.principal, area->id, *input);
    if (!updated) {
        if (!IsFormError(updated.error())) return RenderErrorPage(request, updated.error());
        AddFieldError(form.errors, updated.error(), kAreaFields);
        return ShowArea(request, *area, form, FormStatus(updated.error()));
    }
    return http::Response::Redirect("/admin/areas?saved=updated");
}

http::Response SetActivePage(const PageContext& context, http::Request& request, bool active) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    const auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    auto set = context.administration->SetAreaActive(*request.principal, *id, active);
    if (!set) return RenderErrorPage(request, set.error());
    return http::Response::Redirect(std::string("/admin/areas?saved=") + (active ? "restored" : "retired"));
}

http::Response RetirePage(const PageContext& context, http::Request& request) {
    return SetActivePage(context, request, false);
}
http::Response RestorePage(const PageContext& context, http::Request& request) {
    return SetActivePage(context, request, true);
}

// --- the list's import: dry run and confirmation ---------------------------------------------------------------

http::Response ShowImport(const PageContext& context, http::Request& request, std::string_view upload_text,
                          std::string_view kind_code, const std::optional<Error>& refused) {
    const auto upload = ParseId(upload_text);
    const auto kind = domain::ParseAreaKind(kind_code);
    if (!upload || !kind) return RenderErrorPage(request, Error::NotFound());
    auto plan = context.administration->PlanAreaImport(*request.principal, *upload, *kind);
    json errors = json::object();
    if (!plan) {
        if (!IsFormError(plan.error())) return RenderErrorPage(request, plan.error());
        AddFieldError(errors, plan.error(), {"file"});
        return RenderPage(request, "地域の一括登録（確認）", "admin_area_import",
                          {{"errors", errors}, {"has_plan", false}}, 400);
    }
    if (refused) AddFieldError(errors, *refused, {"file"});
    json rows = json::array();
    for (const domain::AreaImportRow& row : plan->rows) {
        rows.push_back(
            {{"line", row.line},
             {"kind", domain::AreaKindLabel(row.area.kind)},
             {"name", row.area.name},
             {"households", row.area.households ? std::to_string(*row.area.households) : std::string()},
             {"households_year", row.area.households_year ? std::to_string(*row.area.households_year) : std::string()},
             {"action", !row.error.empty() ? "誤り"
                        : row.existing     ? "世帯数を更新"
                                           : "追加"},
             {"error", row.error}});
    }
    json data = {{"has_plan", true},
                 {"upload", *upload},
                 {"kind_code", domain::AreaKindCode(*kind)},
                 {"kind", domain::AreaKindLabel(*kind)},
                 {"file_name", plan->file_name},
                 {"sha256", plan->sha256},
                 {"encoding", plan->encoding},
                 {"rows", std::move(rows)},
                 {"row_count", plan->rows.size()},
                 {"error_count", plan->errors},
                 {"has_errors", plan->errors > 0},
                 {"to_create", plan->to_create},
                 {"to_update", plan->to_update},
                 {"errors", errors}};
    return RenderPage(request, "地域の一括登録（確認）", "admin_area_import", std::move(data), refused ? 400 : 200);
}

http::Response ImportPreviewPage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    return ShowImport(context, request, request.QueryParam("upload").value_or(""),
                      request.QueryParam("kind").value_or("neighborhood"), std::nullopt);
}

http::Response ImportConfirmPage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    const std::string upload_text = FormField(request, "upload");
    const std::string kind_code = FormField(request, "kind");
    const auto upload = ParseId(upload_text);
    const auto kind = domain::ParseAreaKind(kind_code);
    if (!upload || !kind) return RenderErrorPage(request, Error::NotFound());
    auto imported = context.administration->ConfirmAreaImport(*request.principal, *upload, *kind);
    if (!imported) {
        if (!IsFormError(imported.error())) return RenderErrorPage(request, imported.error());
        return ShowImport(context, request, upload_text, kind_code, imported.error());
    }
    return http::Response::Redirect("/admin/areas?saved=imported");
}

}  // namespace

void AddAdminAreaPages(http::Router& router, const PageContext& context) {
    auto page = [&router, &context](std::string method, std::string pattern, AdminPageHandler handler) {
        AddAdminPage(router, context, std::move(method), std::move(pattern), handler);
    };
    page("GET", "/admin/areas", AreasPage);
    page("POST", "/admin/areas", AddAreaPage);
    page("GET", "/admin/areas/import", ImportPreviewPage);
    page("POST", "/admin/areas/import", ImportConfirmPage);
    page("GET", "/admin/areas/{id}", AreaPage);
    page("POST", "/admin/areas/{id}", SaveAreaPage);
    page("POST", "/admin/areas/{id}/retire", RetirePage);
    page("POST", "/admin/areas/{id}/restore", RestorePage);
}

}  // namespace kasane::web
