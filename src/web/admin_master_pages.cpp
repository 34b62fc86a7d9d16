// SPDX-License-Identifier: Apache-2.0
// 「相談の分類」 and 「設定」 (issue 14, item 2): the administrator adds, renames, reorders, retires and restores the
// town's worry categories (one never used may be deleted instead), and sets the town's numbers and its wording of
// the 分野. The rules are Administration's (domain/master_administration.cpp); these pages only show and send.

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "domain/administration.hpp"
#include "web/admin_page_support.hpp"
#include "web/page_context.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

const std::vector<std::string_view> kCategoryFields = {"name"};

// --- 相談の分類 --------------------------------------------------------------------------------------------------

std::string SavedText(std::string_view saved) {
    if (saved == "added") return "分類を追加しました";
    if (saved == "renamed") return "分類名を変更しました";
    if (saved == "moved") return "並び順を変えました";
    if (saved == "retired") return "分類を廃止しました（新しい受付では選べなくなり、過去の記録と集計には残ります）";
    if (saved == "restored") return "分類を元に戻しました";
    if (saved == "deleted") return "分類を削除しました（どの記録にも使われていませんでした）";
    if (saved == "settings") return "設定を保存しました";
    if (saved == "label") return "分野の名称を保存しました";
    return {};
}

http::Response ShowCategories(const PageContext& context, http::Request& request, const std::string& typed, json errors,
                              int status, std::string_view saved) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    auto rows = context.administration->ListCategories(*request.principal);
    if (!rows) return RenderErrorPage(request, rows.error());
    json list = json::array();
    int active = 0;
    for (std::size_t i = 0; i < rows->size(); ++i) {
        const domain::CategoryRow& row = (*rows)[i];
        active += row.category.active ? 1 : 0;
        list.push_back({{"id", row.category.id},
                        {"label", row.category.label},
                        {"active", row.category.active},
                        {"uses", row.uses},
                        {"deletable", row.removal == domain::CategoryRemoval::kDelete},
                        {"first", i == 0},
                        {"last", i + 1 == rows->size()}});
    }
    json data = {{"categories", std::move(list)},
                 {"count", rows->size()},
                 {"active_count", active},
                 {"form", {{"name", typed}}},
                 {"max_length", domain::kMaxCategoryNameLength},
                 {"errors", std::move(errors)},
                 {"saved", SavedText(saved)}};
    return RenderPage(request, "相談の分類の管理", "admin_categories", std::move(data), status);
}

http::Response CategoriesPage(const PageContext& context, http::Request& request) {
    return ShowCategories(context, request, "", json::object(), 200, request.QueryParam("saved").value_or(""));
}

http::Response AddCategoryPage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    const std::string typed = FormField(request, "name");
    auto added = context.administration->AddCategory(*request.principal, typed);
    if (!added) {
        if (!IsFormError(added.error())) return RenderErrorPage(request, added.error());
        json errors = json::object();
        AddFieldError(errors, added.error(), kCategoryFields);
        return ShowCategories(context, request, typed, std::move(errors), FormStatus(added.error()), "");
    }
    return http::Response::Redirect("/admin/categories?saved=added");
}

Result<domain::CategoryRow> PathCategory(const PageContext& context, const http::Request& request) {
    const auto id = ParseId(request.PathParam("id"));
    if (!id) return Fail(Error::NotFound("分類が見つかりません"));
    auto rows = context.administration->ListCategories(*request.principal);
    if (!rows) return Fail(rows.error());
    for (const domain::CategoryRow& row : *rows) {
        if (row.category.id == *id) return row;
    }
    return Fail(Error::NotFound("分類が見つかりません"));
}

http::Response ShowCategory(http::Request& request, const domain::CategoryRow& row, const std::string& typed,
                            json errors, int status) {
    json data = {
        {"id", row.category.id},      {"current_name", row.category.label},           {"active", row.category.active},
        {"uses", row.uses},           {"max_length", domain::kMaxCategoryNameLength}, {"form", {{"name", typed}}},
        {"errors", std::move(errors)}};
    return RenderPage(request, "分類名の変更", "admin_category", std::move(data), status);
}

http::Response CategoryPage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    auto row = PathCategory(context, request);
    if (!row) return RenderErrorPage(request, row.error());
    return ShowCategory(request, *row, row->category.label, json::object(), 200);
}

http::Response RenameCategoryPage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    auto row = PathCategory(context, request);
    if (!row) return RenderErrorPage(request, row.error());
    const std::string typed = FormField(request, "name");
    auto renamed = context.administration->RenameCategory(*request.principal, row->category.id, typed);
    if (!renamed) {
        if (!IsFormError(renamed.error())) return RenderErrorPage(request, renamed.error());
        json errors = json::object();
        AddFieldError(errors, renamed.error(), kCategoryFields);
        return ShowCategory(request, *row, typed, std::move(errors), FormStatus(renamed.error()));
    }
    return http::Response::Redirect("/admin/categories?saved=renamed");
}

std::optional<domain::CategoryId> PathCategoryId(const http::Request& request) {
    return ParseId(request.PathParam("id"));
}

http::Response MovePage(const PageContext& context, http::Request& request, domain::MoveDirection direction) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    const auto id = PathCategoryId(request);
    if (!id) return RenderErrorPage(request, Error::NotFound("分類が見つかりません"));
    if (auto moved = context.administration->MoveCategory(*request.principal, *id, direction); !moved) {
        return RenderErrorPage(request, moved.error());
    }
    return http::Response::Redirect("/admin/categories?saved=moved#category-" + std::to_string(*id));
}
http::Response MoveUpPage(const PageContext& context, http::Request& request) {
    return MovePage(context, request, domain::MoveDirection::kUp);
}
http::Response MoveDownPage(const PageContext& context, http::Request& request) {
    return MovePage(context, request, domain::MoveDirection::kDown);
}

http::Response SetStatePage(const PageContext& context, http::Request& request, domain::CategoryState state) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    const auto id = PathCategoryId(request);
    if (!id) return RenderErrorPage(request, Error::NotFound("分類が見つかりません"));
    auto set = context.administration->SetCategoryState(*request.principal, *id, state);
    if (!set) {
        // Restoring a name another active category took meanwhile: said on the list, beside nothing typed.
        if (!IsFormError(set.error())) return RenderErrorPage(request, set.error());
        json errors = json::object();
        AddFieldError(errors, set.error(), {});
        return ShowCategories(context, request, "", std::move(errors), FormStatus(set.error()), "");
    }
    return http::Response::Redirect(std::string("/admin/categories?saved=") +
                                    (state == domain::CategoryState::kActive ? "restored" : "retired"));
}
http::Response RetirePage(const PageContext& context, http::Request& request) {
    return SetStatePage(context, request, domain::CategoryState::kRetired);
}
http::Response RestorePage(const PageContext& context, http::Request& request) {
    return SetStatePage(context, request, domain::CategoryState::kActive);
}

http::Response DeletePage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    const auto id = PathCategoryId(request);
    if (!id) return RenderErrorPage(request, Error::NotFound("分類が見つかりません"));
    auto removed = context.administration->RemoveCategory(*request.principal, *id);
    if (!removed) return RenderErrorPage(request, removed.error());
    return http::Response::Redirect(std::string("/admin/categories?saved=") +
                                    (*removed == domain::CategoryRemoval::kDelete ? "deleted" : "retired"));
}

// --- 設定 ------------------------------------------------------------------------------------------------------

std::string LabelField(domain::Field field) { return "label_" + std::string(domain::FieldCode(field)); }

std::vector<std::string_view> SettingsFields() {
    static const std::vector<std::string> kNames = [] {
        std::vector<std::string> names;
        for (const domain::TownSettingSpec& spec : domain::AllTownSettings()) names.emplace_back(spec.key);
        for (const domain::Field field : domain::AllFields()) names.push_back(LabelField(field));
        return names;
    }();
    return {kNames.begin(), kNames.end()};
}

// What was typed in the one form sent (a setting's key or a 分野's label field → text), kept on an error.
struct SettingsTyped {
    std::string field;
    std::string text;
};

http::Response ShowSettings(const PageContext& context, http::Request& request, const SettingsTyped& typed, json errors,
                            int status, std::string_view saved) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    auto rows = context.administration->ListTownSettings(*request.principal);
    if (!rows) return RenderErrorPage(request, rows.error());
    auto labels = context.administration->TownFieldLabels(*request.principal);
    if (!labels) return RenderErrorPage(request, labels.error());
    json settings = json::array();
    for (const domain::TownSettingRow& row : *rows) {
        const std::string key(row.spec.key);
        settings.push_back({{"key", key},
                            {"label", row.spec.label},
                            {"meaning", row.spec.meaning},
                            {"unit", row.spec.unit},
                            {"default", row.spec.default_value},
                            {"min", row.spec.min},
                            {"max", row.spec.max},
                            {"zero_is_off", row.spec.zero_is_off},
                            {"value", typed.field == key ? typed.text : std::to_string(row.value)},
                            {"set_by_town", row.set_by_town},
                            {"error", errors.value(key, std::string())}});
    }
    json fields = json::array();
    for (const domain::Field field : domain::AllFields()) {
        const std::string name = LabelField(field);
        fields.push_back({{"code", domain::FieldCode(field)},
                          {"name", name},
                          {"national_label", domain::FieldLabel(field)},
                          {"label", typed.field == name ? typed.text : std::string(labels->Of(field))},
                          {"error", errors.value(name, std::string())}});
    }
    json data = {{"settings", std::move(settings)},
                 {"fields", std::move(fields)},
                 {"errors", std::move(errors)},
                 {"saved", SavedText(saved)}};
    return RenderPage(request, "設定", "admin_settings", std::move(data), status);
}

http::Response SettingsPage(const PageContext& context, http::Request& request) {
    return ShowSettings(context, request, {}, json::object(), 200, request.QueryParam("saved").value_or(""));
}

// A number typed in a form (full-width digits allowed); nullopt when it is not one.
std::optional<int> TypedNumber(std::string_view typed) {
    std::string text;
    for (std::size_t i = 0; i < typed.size(); ++i) {
        const auto c = static_cast<unsigned char>(typed[i]);
        // Full-width digits U+FF10..U+FF19 are EF BC 90..99 in UTF-8.
        if (c == 0xEF && i + 2 < typed.size() && static_cast<unsigned char>(typed[i + 1]) == 0xBC &&
            static_cast<unsigned char>(typed[i + 2]) >= 0x90 && static_cast<unsigned char>(typed[i + 2]) <= 0x99) {
            text += static_cast<char>('0' + (static_cast<unsigned char>(typed[i + 2]) - 0x90));
            i += 2;
        } else {
            text += static_cast<char>(c);
        }
    }
    if (text.empty() || text.size() > 6 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    return std::stoi(text);
}

http::Response SaveSettingPage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    const std::string key(request.PathParam("key"));
    const domain::TownSettingSpec* spec = domain::FindTownSetting(key);
    if (spec == nullptr) return RenderErrorPage(request, Error::NotFound("その設定はありません"));
    const SettingsTyped typed{.field = key, .text = Trim(FormField(request, "value"))};
    json errors = json::object();
    const auto value = TypedNumber(typed.text);
    if (!value) {
        AddFieldError(errors,
                      Error::InvalidArgument("「" + std::string(spec->label) + "」は数字で入力してください", key),
                      SettingsFields());
        return ShowSettings(context, request, typed, std::move(errors), 400, "");
    }
    auto set = context.administration->SetTownSetting(*request.principal, key, *value);
    if (!set) {
        if (!IsFormError(set.error())) return RenderErrorPage(request, set.error());
        AddFieldError(errors, set.error(), SettingsFields());
        return ShowSettings(context, request, typed, std::move(errors), FormStatus(set.error()), "");
    }
    return http::Response::Redirect("/admin/settings?saved=settings");
}

http::Response SaveFieldLabelPage(const PageContext& context, http::Request& request) {
    if (!Administers(context, request)) return RefusedToNonAdministrator(request);
    const auto field = domain::ParseField(request.PathParam("code"));
    if (!field) return RenderErrorPage(request, Error::NotFound("その分野はありません"));
    const SettingsTyped typed{.field = LabelField(*field), .text = FormField(request, "label")};
    auto set = context.administration->SetFieldLabel(*request.principal, *field, typed.text);
    if (!set) {
        if (!IsFormError(set.error())) return RenderErrorPage(request, set.error());
        Error error = set.error();
        error.field = typed.field;
        json errors = json::object();
        AddFieldError(errors, error, SettingsFields());
        return ShowSettings(context, request, typed, std::move(errors), FormStatus(set.error()), "");
    }
    return http::Response::Redirect("/admin/settings?saved=label");
}

}  // namespace

void AddAdminMasterPages(http::Router& router, const PageContext& context) {
    auto page = [&router, &context](std::string method, std::string pattern, AdminPageHandler handler) {
        AddAdminPage(router, context, std::move(method), std::move(pattern), handler);
    };
    page("GET", "/admin/categories", CategoriesPage);
    page("POST", "/admin/categories", AddCategoryPage);
    page("GET", "/admin/categories/{id}", CategoryPage);
    page("POST", "/admin/categories/{id}", RenameCategoryPage);
    page("POST", "/admin/categories/{id}/up", MoveUpPage);
    page("POST", "/admin/categories/{id}/down", MoveDownPage);
    page("POST", "/admin/categories/{id}/retire", RetirePage);
    page("POST", "/admin/categories/{id}/restore", RestorePage);
    page("POST", "/admin/categories/{id}/delete", DeletePage);
    page("GET", "/admin/settings", SettingsPage);
    page("POST", "/admin/settings/{key}", SaveSettingPage);
    page("POST", "/admin/field-labels/{code}", SaveFieldLabelPage);
}

}  // namespace kasane::web
