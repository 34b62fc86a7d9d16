// SPDX-License-Identifier: Apache-2.0
// 「自治体（運用）」 (issue 14, item 3): the operator of many towns sees each town's health — counts, figures, the last
// backup, the versions — and adds a town with its first administrator. Who may: domain::IsOperator (the console
// refuses anyone else, shown as a 403 page). The rules of a new town: the set-up's (domain/town_setup.hpp).

#include "web/operator_pages.hpp"

#include <charconv>
#include <string>
#include <vector>

#include "base/japan_time.hpp"
#include "domain/access_policy.hpp"
#include "domain/town_setup.hpp"
#include "web/page_context.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

struct FigureField {
    const char* name;   // the form's and the domain's name ("population": figures[0].population)
    const char* label;  // 人口
};
constexpr FigureField kFigureFields[] = {
    {"fiscal_year", "年度（西暦）"}, {"population", "人口"}, {"households", "世帯数"}, {"aging_rate", "高齢化率（%）"}};

struct TownForm {
    domain::TownSetupRequest request;
    json figures = json::object();  // as typed
    json errors = json::object();
};

void AddError(TownForm& form, const Error& error) {
    std::string field = error.field;
    if (field.starts_with("figures[0].")) field = field.substr(11);
    if (field.starts_with("figures")) field = "fiscal_year";
    form.errors["_summary"].push_back(error.message);
    form.errors["_any"] = true;
    if (!form.errors.contains(field)) form.errors[field] = error.message;
}

template <class T>
bool ParseNumber(const std::string& text, T& out) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc{} && end == text.data() + text.size();
}

TownForm ReadForm(const http::Request& request) {
    TownForm form;
    form.errors["_summary"] = json::array();
    domain::TownSetupRequest& r = form.request;
    r.code = Trim(FormField(request, "code"));
    r.name = Trim(FormField(request, "name"));
    r.prefecture_name = Trim(FormField(request, "prefecture_name"));
    r.organization_name = Trim(FormField(request, "organization_name"));
    r.admin_username = Trim(FormField(request, "admin_username"));
    r.admin_display_name = Trim(FormField(request, "admin_display_name"));
    r.admin_password = FormField(request, "admin_password");
    bool any = false;
    for (const FigureField& field : kFigureFields) {
        const std::string typed = Trim(FormField(request, field.name));
        form.figures[field.name] = typed;
        any = any || !typed.empty();
    }
    if (!any) return form;  // the figures are optional for a town the operator adds
    domain::YearFigures figures;
    if (!ParseNumber(form.figures["fiscal_year"].get<std::string>(), figures.fiscal_year)) {
        AddError(form, Error::InvalidArgument("年度は西暦の数字で入力してください（例: 2025）", "fiscal_year"));
    }
    if (!ParseNumber(form.figures["population"].get<std::string>(), figures.population)) {
        AddError(form, Error::InvalidArgument("人口は数字で入力してください", "population"));
    }
    if (!ParseNumber(form.figures["households"].get<std::string>(), figures.households)) {
        AddError(form, Error::InvalidArgument("世帯数は数字で入力してください", "households"));
    }
    auto rate = domain::ParseAgingRate(form.figures["aging_rate"].get<std::string>(), "aging_rate");
    if (rate) {
        figures.aging_rate_permille = *rate;
    } else {
        AddError(form, rate.error());
    }
    r.figures.push_back(figures);
    return form;
}

std::string BackupText(const std::optional<domain::BackupRun>& run) {
    if (!run) return "記録なし";
    return FormatJst(run->finished_at);
}

std::string SizeText(std::int64_t bytes) {
    if (bytes >= 1024 * 1024) return std::to_string(bytes / (1024 * 1024)) + " MB";
    if (bytes >= 1024) return std::to_string(bytes / 1024) + " KB";
    return std::to_string(bytes) + " B";
}

json FormJson(const TownForm& form) {
    json fields = json::array();
    for (const FigureField& field : kFigureFields) {
        json item = {
            {"name", field.name}, {"label", field.label}, {"value", form.figures.value(field.name, std::string())}};
        if (form.errors.contains(field.name)) item["error"] = form.errors[field.name];
        fields.push_back(std::move(item));
    }
    const domain::TownSetupRequest& r = form.request;
    return {{"form",
             {{"code", r.code},
              {"name", r.name},
              {"prefecture_name", r.prefecture_name},
              {"organization_name", r.organization_name},
              {"admin_username", r.admin_username},
              {"admin_display_name", r.admin_display_name}}},
            {"figure_fields", std::move(fields)},
            {"errors", form.errors}};
}

http::Response Show(domain::OperatorConsole& console, http::Request& request, const TownForm& form, int status,
                    json added) {
    auto health = console.Health(*request.principal, request.remote_address);
    if (!health) return RenderErrorPage(request, health.error());
    json towns = json::array();
    for (const domain::TenantHealth& tenant : health->tenants) {
        std::string figures = "未入力";
        if (tenant.figures) {
            figures = std::to_string(tenant.figures->fiscal_year) + "年度 " +
                      std::to_string(tenant.figures->population) + "人・" + std::to_string(tenant.figures->households) +
                      "世帯";
        }
        towns.push_back({{"code", tenant.municipality.code},
                         {"name", tenant.municipality.name},
                         {"prefecture_name", tenant.municipality.prefecture_name},
                         {"fictional", tenant.municipality.fictional},
                         {"persons", tenant.size.persons},
                         {"consultations", tenant.size.consultations},
                         {"users", tenant.size.users},
                         {"figures", figures},
                         {"last_backup", BackupText(tenant.last_backup)}});
    }
    json data = FormJson(form);
    data["version"] = health->version;
    data["backend"] = health->backend;
    data["schema_version"] = health->schema_version;
    data["latest_schema_version"] = health->latest_schema_version;
    data["stored_size"] = SizeText(health->stored_bytes);
    if (health->last_backup) {
        data["last_backup"] = {{"at", FormatJst(health->last_backup->finished_at)},
                               {"backend", health->last_backup->backend}};
        if (health->last_backup->size_bytes) data["last_backup"]["size"] = SizeText(*health->last_backup->size_bytes);
    }
    data["count"] = towns.size();
    data["towns"] = std::move(towns);
    if (!added.is_null()) data["added"] = std::move(added);
    return RenderPage(request, "自治体（運用）", "operator", std::move(data), status);
}

http::Response OperatorPage(domain::OperatorConsole& console, http::Request& request) {
    TownForm form;
    form.errors["_summary"] = json::array();
    form.request.organization_name = "福祉課";
    return Show(console, request, form, 200, nullptr);
}

http::Response AddTownPage(domain::OperatorConsole& console, http::Request& request) {
    // Anyone but the operator is refused before the form is read (the console checks the same rule again).
    if (!domain::IsOperator(*request.principal)) {
        return RenderErrorPage(request, Error::PermissionDenied("この画面は運用者（システム管理者）だけが使えます"));
    }
    TownForm form = ReadForm(request);
    // Numbers that could not be read are errors already; the set-up's rules name the rest. Nothing is saved on
    // any error.
    for (const Error& error : domain::ValidateTownSetup(form.request, domain::FiguresRule::kOptional)) {
        AddError(form, error);
    }
    if (form.errors.value("_any", false)) return Show(console, request, form, 400, nullptr);
    auto added = console.AddTown(*request.principal, form.request, request.remote_address);
    if (!added) {
        const Error& error = added.error();
        if (error.Is(ErrorCode::kInvalidArgument) || error.Is(ErrorCode::kConflict) ||
            error.Is(ErrorCode::kPayloadTooLarge)) {
            AddError(form, error);
            return Show(console, request, form, error.Is(ErrorCode::kConflict) ? 409 : 400, nullptr);
        }
        return RenderErrorPage(request, error);
    }
    TownForm blank;
    blank.errors["_summary"] = json::array();
    blank.request.organization_name = "福祉課";
    return Show(console, request, blank, 200,
                {{"municipality", added->municipality.prefecture_name + added->municipality.name},
                 {"code", added->municipality.code},
                 {"admin_username", added->administrator.username},
                 {"categories", added->worry_categories},
                 {"bodies", added->meeting_bodies.size()}});
}

}  // namespace

void AddOperatorPages(http::Router& router, domain::OperatorConsole& console) {
    router.Add({.method = "GET",
                .pattern = "/operator",
                .access = http::Access::kSignedIn,
                .surface = http::Surface::kPage,
                .handler = [&console](http::Request& request) { return OperatorPage(console, request); },
                .doc = {}});
    router.Add({.method = "POST",
                .pattern = "/operator",
                .access = http::Access::kSignedIn,
                .surface = http::Surface::kPage,
                .handler = [&console](http::Request& request) { return AddTownPage(console, request); },
                .doc = {}});
}

}  // namespace kasane::web
