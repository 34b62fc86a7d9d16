// SPDX-License-Identifier: Apache-2.0
// The set-up page (issue 14, item 1): reachable only with the one-time token `kasane serve` prints on an empty
// database. The rules (validation, one transaction, the token used once): domain/town_setup.hpp.

#include <charconv>
#include <string>

#include "domain/town_setup.hpp"
#include "web/page_context.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

constexpr int kFigureRows = 3;

struct SetupForm {
    domain::TownSetupRequest request;
    json rows = json::array();  // what was typed in each 年度 row, as typed
    json errors = json::object();
};

template <class T>
bool ParseNumber(const std::string& text, T& out) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc{} && end == text.data() + text.size();
}

SetupForm ReadForm(const http::Request& request) {
    SetupForm form;
    domain::TownSetupRequest& r = form.request;
    r.code = FormField(request, "code");
    r.name = FormField(request, "name");
    r.prefecture_name = FormField(request, "prefecture_name");
    r.organization_name = FormField(request, "organization_name");
    r.admin_username = FormField(request, "admin_username");
    r.admin_display_name = FormField(request, "admin_display_name");
    r.admin_password = FormField(request, "admin_password");
    std::vector<std::string> summary;
    for (int i = 0; i < kFigureRows; ++i) {
        const std::string n = std::to_string(i);
        json row = {{"index", i},
                    {"number", i == 0 ? "" : "（" + std::to_string(i + 1) + "）"},
                    {"fiscal_year", FormField(request, "fiscal_year_" + n)},
                    {"population", FormField(request, "population_" + n)},
                    {"households", FormField(request, "households_" + n)},
                    {"aging_rate", FormField(request, "aging_rate_" + n)},
                    {"errors", json::object()}};
        const bool blank = row["fiscal_year"].get<std::string>().empty() &&
                           row["population"].get<std::string>().empty() &&
                           row["households"].get<std::string>().empty() && row["aging_rate"].get<std::string>().empty();
        if (!blank) {
            domain::YearFigures figures;
            auto number_error = [&](const char* name, const char* message) {
                row["errors"][name] = message;
                summary.push_back(message);
            };
            if (!ParseNumber(row["fiscal_year"].get<std::string>(), figures.fiscal_year)) {
                number_error("fiscal_year", "年度は西暦の数字で入力してください（例: 2025）");
            }
            if (!ParseNumber(row["population"].get<std::string>(), figures.population)) {
                number_error("population", "人口は数字で入力してください");
            }
            if (!ParseNumber(row["households"].get<std::string>(), figures.households)) {
                number_error("households", "世帯数は数字で入力してください");
            }
            auto rate = domain::ParseAgingRate(row["aging_rate"].get<std::string>(), "aging_rate");
            if (rate) {
                figures.aging_rate_permille = *rate;
            } else {
                number_error("aging_rate", "高齢化率は0〜100の数（小数第1位まで）で入力してください");
            }
            row["request_index"] = r.figures.size();
            r.figures.push_back(figures);
        }
        form.rows.push_back(std::move(row));
    }
    form.errors["_summary"] = summary;
    return form;
}

// Puts the domain's errors beside their fields and in the summary; a row's error goes to that row.
void AddErrors(SetupForm& form, const std::vector<Error>& errors) {
    for (const Error& error : errors) {
        form.errors["_summary"].push_back(error.message);
        if (error.field.starts_with("figures[")) {
            const std::size_t close = error.field.find(']');
            const int index = std::stoi(error.field.substr(8, close - 8));
            const std::string name = error.field.substr(close + 2);
            for (json& row : form.rows) {
                if (row.contains("request_index") && row["request_index"].get<int>() == index &&
                    !row["errors"].contains(name)) {
                    row["errors"][name] = error.message;
                }
            }
        } else if (!form.errors.contains(error.field)) {
            form.errors[error.field] = error.message;
        }
    }
}

json FormJson(const SetupForm& form, std::string_view token) {
    json templates = json::array();
    for (const auto& t : domain::StatutoryBodyTemplates()) {
        templates.push_back({{"display_name", t.display_name}, {"secrecy", t.secrecy}});
    }
    json errors = form.errors;
    errors["_any"] = !errors["_summary"].empty();
    const domain::TownSetupRequest& r = form.request;
    return {{"token", token},
            {"form",
             {{"code", r.code},
              {"name", r.name},
              {"prefecture_name", r.prefecture_name},
              {"organization_name", r.organization_name},
              {"admin_username", r.admin_username},
              {"admin_display_name", r.admin_display_name}}},
            {"rows", form.rows},
            {"errors", errors},
            {"templates", templates}};
}

http::Response ShowSetup(domain::TownSetup& setup, http::Request& request) {
    const std::string token = request.QueryParam("token").value_or("");
    if (auto pending = setup.Pending(); !pending || !*pending) {
        return RenderErrorPage(request, pending ? domain::TownSetup::AlreadySetUp() : pending.error());
    }
    if (auto valid = setup.CheckToken(token); !valid) return RenderErrorPage(request, valid.error());
    SetupForm form;
    form.request.organization_name = "福祉課";
    for (int i = 0; i < kFigureRows; ++i) {
        form.rows.push_back({{"index", i},
                             {"number", i == 0 ? "" : "（" + std::to_string(i + 1) + "）"},
                             {"fiscal_year", ""},
                             {"population", ""},
                             {"households", ""},
                             {"aging_rate", ""},
                             {"errors", json::object()}});
    }
    form.errors["_summary"] = json::array();
    return RenderPage(request, "初期設定", "setup", FormJson(form, token));
}

http::Response SubmitSetup(domain::TownSetup& setup, http::Request& request) {
    const std::string token = FormField(request, "token");
    if (auto valid = setup.CheckToken(token); !valid) return RenderErrorPage(request, valid.error());
    SetupForm form = ReadForm(request);
    // Rows that could not be read are errors already; the domain names the rest. Nothing is saved on any error.
    std::vector<Error> errors = domain::ValidateTownSetup(form.request);
    if (!form.errors["_summary"].empty() || !errors.empty()) {
        AddErrors(form, errors);
        return RenderPage(request, "初期設定", "setup", FormJson(form, token), 400);
    }
    auto result = setup.SetUpWithToken(token, form.request, request.remote_address);
    if (!result) {
        if (result.error().Is(ErrorCode::kInvalidArgument) || result.error().Is(ErrorCode::kConflict) ||
            result.error().Is(ErrorCode::kPayloadTooLarge)) {
            AddErrors(form, {result.error()});
            return RenderPage(request, "初期設定", "setup", FormJson(form, token),
                              result.error().Is(ErrorCode::kConflict) ? 409 : 400);
        }
        return RenderErrorPage(request, result.error());
    }
    return RenderPage(request, "初期設定", "setup",
                      {{"done", true},
                       {"municipality", result->municipality.prefecture_name + result->municipality.name},
                       {"code", result->municipality.code},
                       {"admin_username", result->administrator.username},
                       {"categories", result->worry_categories},
                       {"bodies", result->meeting_bodies.size()}});
}

}  // namespace

http::Response RenderSetupPending(const http::Request& request) {
    return RenderPage(request, "初期設定が済んでいません", "setup_pending",
                      {{"message", domain::TownSetup::SetUpPending().message}}, 503);
}

void AddSetupPages(http::Router& router, domain::TownSetup& setup) {
    router.Add({.method = "GET",
                .pattern = "/setup",
                .access = http::Access::kPublic,
                .surface = http::Surface::kPage,
                .handler = [&setup](http::Request& request) { return ShowSetup(setup, request); },
                .doc = {}});
    router.Add({.method = "POST",
                .pattern = "/setup",
                .access = http::Access::kPublic,
                .surface = http::Surface::kPage,
                .handler = [&setup](http::Request& request) { return SubmitSetup(setup, request); },
                .doc = {}});
}

}  // namespace kasane::web
