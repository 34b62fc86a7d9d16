// SPDX-License-Identifier: Apache-2.0
// POST /api/v1/setup (issue 14, item 1): the first run through the API, with the one-time token `kasane serve`
// prints on an empty database. The rules: domain/town_setup.hpp.

#include <cmath>

#include "domain/town_setup.hpp"
#include "http/api/api.hpp"
#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/town_setup_json.hpp"

namespace kasane::http::api {

namespace {

Result<std::string> StringField(const Json& body, const char* name) {
    if (!body.contains(name) || !body[name].is_string()) {
        return Fail(Error::InvalidArgument(std::string(name) + " を文字列で指定してください", name));
    }
    return body[name].get<std::string>();
}

}  // namespace

Result<domain::TownSetupRequest> TownSetupRequestFromJson(const Json& body, domain::FiguresRule figures_rule) {
    domain::TownSetupRequest request;
    std::pair<const char*, std::string*> strings[] = {{"code", &request.code},
                                                      {"name", &request.name},
                                                      {"prefecture_name", &request.prefecture_name},
                                                      {"organization_name", &request.organization_name},
                                                      {"admin_username", &request.admin_username},
                                                      {"admin_display_name", &request.admin_display_name},
                                                      {"admin_password", &request.admin_password}};
    for (auto& [name, out] : strings) {
        auto value = StringField(body, name);
        if (!value) return Fail(value.error());
        *out = std::move(*value);
    }
    if (figures_rule == domain::FiguresRule::kOptional && (!body.contains("figures") || body["figures"].is_null())) {
        return request;
    }
    if (!body.contains("figures") || !body["figures"].is_array()) {
        return Fail(Error::InvalidArgument("figures を配列で指定してください", "figures"));
    }
    const Json& figures = body["figures"];
    if (figures.size() > 20) return Fail(Error::InvalidArgument("figures は20年度分までです", "figures"));
    for (std::size_t i = 0; i < figures.size(); ++i) {
        const Json& item = figures[i];
        const std::string prefix = "figures[" + std::to_string(i) + "].";
        domain::YearFigures year;
        for (const char* name : {"fiscal_year", "population", "households"}) {
            if (!item.is_object() || !item.contains(name) || !item[name].is_number_integer()) {
                return Fail(Error::InvalidArgument(std::string(name) + " を整数で指定してください", prefix + name));
            }
        }
        const auto fiscal_year = item["fiscal_year"].get<std::int64_t>();
        if (fiscal_year < 0 || fiscal_year > 9999) {
            return Fail(Error::InvalidArgument("年度は西暦で指定してください", prefix + "fiscal_year"));
        }
        year.fiscal_year = static_cast<int>(fiscal_year);
        year.population = item["population"].get<std::int64_t>();
        year.households = item["households"].get<std::int64_t>();
        // 高齢化率 in percent, at most one decimal (35.2).
        const Error wrong_rate =
            Error::InvalidArgument("高齢化率は0〜100の数（小数第1位まで）で指定してください", prefix + "aging_rate");
        if (!item.contains("aging_rate") || !item["aging_rate"].is_number()) return Fail(wrong_rate);
        const double rate = item["aging_rate"].get<double>() * 10;
        const double rounded = std::round(rate);
        if (std::abs(rate - rounded) > 1e-6 || rounded < 0 || rounded > 1000) return Fail(wrong_rate);
        year.aging_rate_permille = static_cast<int>(rounded);
        request.figures.push_back(year);
    }
    return request;
}

Json YearFiguresSchema() {
    return schema::Object({{"fiscal_year", schema::Integer()},
                           {"population", schema::Integer()},
                           {"households", schema::Integer()},
                           {"aging_rate", {{"type", "number"}}}},
                          {"fiscal_year", "population", "households", "aging_rate"});
}

void AddSetupRoutes(Router& router, domain::TownSetup& setup) {
    router.Add(
        Route{.method = "POST",
              .pattern = "/api/v1/setup",
              .access = Access::kPublic,
              .surface = Surface::kApi,
              .handler =
                  [&setup](Request& request) {
                      auto body = JsonBody(request);
                      if (!body) return Response::ErrorJson(body.error());
                      if (!body->is_object())
                          return Response::ErrorJson(Error::InvalidArgument("本文はオブジェクトです"));
                      auto token = StringField(*body, "token");
                      if (!token) return Response::ErrorJson(token.error());
                      if (auto valid = setup.CheckToken(*token); !valid) return Response::ErrorJson(valid.error());
                      auto setup_request = TownSetupRequestFromJson(*body, domain::FiguresRule::kRequired);
                      if (!setup_request) return Response::ErrorJson(setup_request.error());
                      auto result = setup.SetUpWithToken(*token, *setup_request, request.remote_address);
                      if (!result) return Response::ErrorJson(result.error());
                      Json bodies = Json::array();
                      for (const auto& b : result->meeting_bodies) {
                          bodies.push_back({{"id", b.id},
                                            {"legal_basis", domain::LegalBasisCode(b.legal_basis)},
                                            {"display_name", b.display_name}});
                      }
                      return Response::Json(201, Json{{"municipality", ToJson(result->municipality)},
                                                      {"organization", ToJson(result->organization)},
                                                      {"administrator", ToJson(result->administrator)},
                                                      {"worry_categories", result->worry_categories},
                                                      {"meeting_bodies", bodies}});
                  },
              .doc = {.summary = "Set up an empty installation with the one-time token printed by `kasane serve`: the "
                                 "municipality, its figures by fiscal year, the first administrator and the national "
                                 "defaults, all or nothing (403 for a wrong, used or expired token; 409 once set up)",
                      .tag = "setup",
                      .request_body =
                          schema::Object({{"token", schema::String()},
                                          {"code", schema::String()},
                                          {"name", schema::String()},
                                          {"prefecture_name", schema::String()},
                                          {"figures", schema::ArrayOf(YearFiguresSchema())},
                                          {"organization_name", schema::String()},
                                          {"admin_username", schema::String()},
                                          {"admin_display_name", schema::String()},
                                          {"admin_password", schema::String()}},
                                         {"token", "code", "name", "prefecture_name", "figures", "organization_name",
                                          "admin_username", "admin_display_name", "admin_password"}),
                      .response_body = schema::Object(
                          {{"municipality", schema::Municipality()},
                           {"organization", schema::Organization()},
                           {"administrator", schema::User()},
                           {"worry_categories", schema::Integer()},
                           {"meeting_bodies", schema::ArrayOf(schema::Object({{"id", schema::Integer()},
                                                                              {"legal_basis", schema::String()},
                                                                              {"display_name", schema::String()}},
                                                                             {"id", "legal_basis", "display_name"}))}},
                          {"municipality", "organization", "administrator", "worry_categories", "meeting_bodies"}),
                      .success_status = 201}});
}

}  // namespace kasane::http::api
