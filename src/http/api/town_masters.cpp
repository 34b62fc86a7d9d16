// SPDX-License-Identifier: Apache-2.0
// 相談の分類の管理 and 設定 (issue 14, item 2) in the API: the town's worry categories as its administrator keeps
// them, its settings and its wording of the 分野 (domain/master_administration.cpp). Administrators only (403
// otherwise); every change audited by the domain.

#include <string>

#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/routes.hpp"

namespace kasane::http::api {

namespace {

std::string_view RemovalCode(domain::CategoryRemoval removal) {
    return removal == domain::CategoryRemoval::kDelete ? "delete" : "retire";
}

Json CategoryJson(const domain::WorryCategory& category) { return ToJson(category); }

Json CategoryRowJson(const domain::CategoryRow& row) {
    Json json = ToJson(row.category);
    json["uses"] = row.uses;
    json["removal"] = RemovalCode(row.removal);  // what DELETE would do: delete (never used) or retire
    return json;
}

Response CategoryList(domain::Administration& administration, const Request& request) {
    auto rows = administration.ListCategories(PrincipalOf(request));
    if (!rows) return Response::ErrorJson(rows.error());
    Json items = Json::array();
    for (const domain::CategoryRow& row : *rows) items.push_back(CategoryRowJson(row));
    return Response::Json(200, Json{{"items", items}});
}

Response CategoryReply(const Result<domain::WorryCategory>& category, int status = 200) {
    if (!category) return Response::ErrorJson(category.error());
    return Response::Json(status, CategoryJson(*category));
}

// The body's "name" as typed (a string); the domain trims and checks it.
Result<std::string> NameOf(const Request& request) {
    auto body = JsonBody(request);
    if (!body) return Fail(body.error());
    const auto it = body->find("name");
    if (it == body->end() || !it->is_string()) {
        return Fail(Error::InvalidArgument("分類名を文字列で指定してください", "name"));
    }
    return it->get<std::string>();
}

Json SettingJson(const domain::TownSettingRow& row) {
    return {{"key", row.spec.key},
            {"label", row.spec.label},
            {"meaning", row.spec.meaning},
            {"unit", row.spec.unit},
            {"default", row.spec.default_value},
            {"min", row.spec.min},
            {"max", row.spec.max},
            {"zero_is_off", row.spec.zero_is_off},
            {"value", row.value},
            {"set_by_town", row.set_by_town}};
}

Json FieldLabelsJson(const domain::FieldLabels& labels) {
    Json items = Json::array();
    for (const domain::Field field : domain::AllFields()) {
        items.push_back({{"code", domain::FieldCode(field)},
                         {"national_label", domain::FieldLabel(field)},
                         {"label", labels.Of(field)}});
    }
    return items;
}

Response SettingsReply(domain::Administration& administration, const Request& request) {
    const domain::Principal& principal = PrincipalOf(request);
    auto rows = administration.ListTownSettings(principal);
    if (!rows) return Response::ErrorJson(rows.error());
    auto labels = administration.TownFieldLabels(principal);
    if (!labels) return Response::ErrorJson(labels.error());
    Json items = Json::array();
    for (const domain::TownSettingRow& row : *rows) items.push_back(SettingJson(row));
    return Response::Json(200, Json{{"items", items}, {"field_labels", FieldLabelsJson(*labels)}});
}

Json CategoryRowSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"code", schema::String()},
                           {"label", schema::String()},
                           {"sort_order", schema::Integer()},
                           {"active", schema::Boolean()},
                           {"uses", schema::Integer()},
                           {"removal", EnumSchema({"delete", "retire"})}},
                          {"id", "code", "label", "active", "uses", "removal"});
}

Json SettingSchema() {
    return schema::Object({{"key", schema::String()},
                           {"label", schema::String()},
                           {"meaning", schema::String()},
                           {"unit", schema::String()},
                           {"default", schema::Integer()},
                           {"min", schema::Integer()},
                           {"max", schema::Integer()},
                           {"zero_is_off", schema::Boolean()},
                           {"value", schema::Integer()},
                           {"set_by_town", schema::Boolean()}},
                          {"key", "value", "default", "min", "max"});
}

Json FieldLabelSchema() {
    return schema::Object(
        {{"code", schema::String()}, {"national_label", schema::String()}, {"label", schema::String()}},
        {"code", "label"});
}

Json SettingsSchema() {
    return schema::Object(
        {{"items", schema::ArrayOf(SettingSchema())}, {"field_labels", schema::ArrayOf(FieldLabelSchema())}},
        {"items", "field_labels"});
}

}  // namespace

void AddTownMasterRoutes(Router& router, const ApiDependencies& dependencies) {
    domain::Administration& administration = dependencies.administration;
    const Json category_list = schema::Items(CategoryRowSchema());
    const Json name_body = schema::Object({{"name", schema::String()}}, {"name"});

    AddSignedInRoute(router, "GET", "/api/v1/categories",
                     [&administration](Request& request) { return CategoryList(administration, request); },
                     {.summary = "相談の分類の管理: every worry category of the town, retired ones included, in the "
                                 "town's order, with how many records carry each (administrators)",
                      .tag = "master-data",
                      .response_body = category_list});

    AddSignedInRoute(router, "POST", "/api/v1/categories",
                     [&administration](Request& request) {
                         auto name = NameOf(request);
                         if (!name) return Response::ErrorJson(name.error());
                         return CategoryReply(administration.AddCategory(PrincipalOf(request), *name), 201);
                     },
                     {.summary = "Add a worry category at the end of the town's order (administrators; audited)",
                      .tag = "master-data",
                      .request_body = name_body,
                      .response_body = schema::WorryCategory(),
                      .success_status = 201});

    AddSignedInRoute(router, "PATCH", "/api/v1/categories/{id}",
                     ById([&administration](Request& request, std::int64_t id) {
                         auto name = NameOf(request);
                         if (!name) return Response::ErrorJson(name.error());
                         return CategoryReply(administration.RenameCategory(PrincipalOf(request), id, *name));
                     }),
                     {.summary = "Rename a worry category (administrators; audited, the old name kept in the trail)",
                      .tag = "master-data",
                      .request_body = name_body,
                      .response_body = schema::WorryCategory()});

    AddSignedInRoute(
        router, "DELETE", "/api/v1/categories/{id}", ById([&administration](Request& request, std::int64_t id) {
            auto removal = administration.RemoveCategory(PrincipalOf(request), id);
            if (!removal) return Response::ErrorJson(removal.error());
            return Response::Json(
                200, Json{{"removal", *removal == domain::CategoryRemoval::kDelete ? "deleted" : "retired"}});
        }),
        {.summary = "Take a worry category away: deleted when no record carries it, retired otherwise "
                    "(administrators; audited)",
         .tag = "master-data",
         .response_body = schema::Object({{"removal", EnumSchema({"deleted", "retired"})}}, {"removal"})});

    AddSignedInRoute(router, "POST", "/api/v1/categories/{id}/retire",
                     ById([&administration](Request& request, std::int64_t id) {
                         return CategoryReply(administration.SetCategoryState(PrincipalOf(request), id,
                                                                              domain::CategoryState::kRetired));
                     }),
                     {.summary = "Retire a worry category: new intakes no longer offer it; records keep its name and "
                                 "reports count it (administrators; audited)",
                      .tag = "master-data",
                      .response_body = schema::WorryCategory()});

    AddSignedInRoute(router, "POST", "/api/v1/categories/{id}/restore",
                     ById([&administration](Request& request, std::int64_t id) {
                         return CategoryReply(
                             administration.SetCategoryState(PrincipalOf(request), id, domain::CategoryState::kActive));
                     }),
                     {.summary = "Restore a retired worry category (administrators; audited)",
                      .tag = "master-data",
                      .response_body = schema::WorryCategory()});

    AddSignedInRoute(
        router, "PUT", "/api/v1/categories/order",
        [&administration](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            const auto it = body->find("ids");
            if (it == body->end() || !it->is_array()) {
                return Response::ErrorJson(
                    Error::InvalidArgument("分類のidを並べた配列（ids）を指定してください", "ids"));
            }
            std::vector<domain::CategoryId> ids;
            for (const Json& id : *it) {
                if (!id.is_number_integer()) {
                    return Response::ErrorJson(Error::InvalidArgument("分類のidは整数で指定してください", "ids"));
                }
                ids.push_back(id.get<std::int64_t>());
            }
            if (auto set = administration.SetCategoryOrder(PrincipalOf(request), ids); !set) {
                return Response::ErrorJson(set.error());
            }
            return CategoryList(administration, request);
        },
        {.summary = "Put the town's worry categories in order: every category (retired ones included) "
                    "once (administrators; audited)",
         .tag = "master-data",
         .request_body = schema::Object({{"ids", schema::ArrayOf(schema::Integer())}}, {"ids"}),
         .response_body = category_list});

    AddSignedInRoute(router, "GET", "/api/v1/settings",
                     [&administration](Request& request) { return SettingsReply(administration, request); },
                     {.summary = "設定: the town's settings with their meaning, default and range, and its wording of "
                                 "the 分野 (administrators)",
                      .tag = "master-data",
                      .response_body = SettingsSchema()});

    AddSignedInRoute(
        router, "PUT", "/api/v1/settings",
        [&administration](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            const domain::Principal& principal = PrincipalOf(request);
            auto key = RequireString(*body, "key", 100);
            if (!key) return Response::ErrorJson(key.error());
            if (body->contains("label")) {  // a 分野's wording: key "field_label.<code>"
                const std::string_view prefix = "field_label.";
                const auto field = key->starts_with(prefix)
                                       ? domain::ParseField(std::string_view(*key).substr(prefix.size()))
                                       : std::nullopt;
                if (!field) return Response::ErrorJson(Error::NotFound("その分野はありません"));
                const auto& label = (*body)["label"];
                if (!label.is_string()) {
                    return Response::ErrorJson(Error::InvalidArgument("分野名を文字列で指定してください", "label"));
                }
                auto set = administration.SetFieldLabel(principal, *field, label.get<std::string>());
                if (!set) return Response::ErrorJson(set.error());
                return SettingsReply(administration, request);
            }
            auto value = RequireInteger(*body, "value");
            if (!value) return Response::ErrorJson(value.error());
            // The domain checks the range; a value beyond int is out of every range anyway.
            const int clamped = *value > 1'000'000 || *value < -1'000'000 ? -1'000'000 : static_cast<int>(*value);
            auto set = administration.SetTownSetting(principal, *key, clamped);
            if (!set) return Response::ErrorJson(set.error());
            return SettingsReply(administration, request);
        },
        {.summary = "Set one setting ({key, value}) or one 分野's wording ({key: \"field_label.<code>\", "
                    "label}) (administrators; audited)",
         .tag = "master-data",
         .request_body = schema::Object(
             {{"key", schema::String()}, {"value", schema::Integer()}, {"label", schema::String()}}, {"key"}),
         .response_body = SettingsSchema()});
}

}  // namespace kasane::http::api
