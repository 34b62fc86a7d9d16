// SPDX-License-Identifier: Apache-2.0
// Assessment form definitions, versioned (domain::FormRepository).

#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/log.hpp"

#include "storage/sql/case_support.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Forms (items as JSON) and assessments (answers as JSON)

std::string ItemsJson(const std::vector<FormItem>& items) {
    nlohmann::json array = nlohmann::json::array();
    for (const FormItem& item : items) {
        array.push_back({{"key", item.key},
                         {"section", item.section},
                         {"label", item.label},
                         {"kind", domain::FormItemKindCode(item.kind)},
                         {"options", item.options},
                         {"required", item.required},
                         {"reported_to_state", item.reported_to_state},
                         {"per_member", item.per_member}});
    }
    return array.dump();
}

Result<std::vector<FormItem>> ParseItems(const std::string& text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (!parsed.is_array()) return Fail(Corrupt("form_definitions.items"));
    std::vector<FormItem> items;
    for (const auto& value : parsed) {
        if (!value.is_object()) return Fail(Corrupt("form_definitions.items"));
        auto kind = domain::ParseFormItemKind(value.value("kind", std::string{}));
        if (!kind) return Fail(Corrupt("form_definitions.items.kind"));
        FormItem item;
        item.key = value.value("key", std::string{});
        item.section = value.value("section", std::string{});
        item.label = value.value("label", std::string{});
        item.kind = *kind;
        item.options = value.value("options", std::vector<std::string>{});
        item.required = value.value("required", false);
        item.reported_to_state = value.value("reported_to_state", false);
        item.per_member = value.value("per_member", false);
        items.push_back(std::move(item));
    }
    return items;
}

#define KASANE_FORM_COLUMNS "id, municipality_id, code, form_version, title, items, created_at, created_by"

constexpr SqlStatement kNextFormVersion{
    "case_next_form_version",
    "SELECT COALESCE(MAX(form_version), 0) + 1 FROM form_definitions WHERE municipality_id = $1 AND code = $2"};
constexpr SqlStatement kInsertForm{
    "case_insert_form",
    "INSERT INTO form_definitions (municipality_id, code, form_version, title, items, created_at, created_by) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
constexpr SqlStatement kSelectForm{
    "case_select_form", "SELECT " KASANE_FORM_COLUMNS " FROM form_definitions WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kSelectFormVersions{
    "case_select_form_versions",
    "SELECT " KASANE_FORM_COLUMNS
    " FROM form_definitions WHERE municipality_id = $1 AND code = $2 ORDER BY form_version DESC"};
constexpr SqlStatement kSelectLatestForm{
    "case_select_latest_form",
    "SELECT " KASANE_FORM_COLUMNS
    " FROM form_definitions WHERE municipality_id = $1 AND code = $2 ORDER BY form_version DESC LIMIT 1"};
constexpr SqlStatement kReplaceForm{
    "case_replace_form", "UPDATE form_definitions SET title = $3, items = $4 WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kCountFormAssessments{
    "case_count_form_assessments",
    "SELECT count(*) FROM assessments WHERE municipality_id = $1 AND form_definition_id = $2"};

Result<FormDefinition> FormFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto code = row.Text(2);
    auto form_version = row.Integer(3);
    auto title = row.Text(4);
    auto items_text = row.Text(5);
    auto created_at = row.Time(6);
    auto created_by = row.Integer(7);
    if (!id || !municipality_id || !code || !form_version || !title || !items_text || !created_at || !created_by) {
        return Fail(Corrupt("form_definition"));
    }
    KASANE_ASSIGN(items, ParseItems(*items_text));
    return FormDefinition{.id = *id,
                          .municipality_id = MunicipalityId{*municipality_id},
                          .code = std::move(*code),
                          .form_version = static_cast<int>(*form_version),
                          .title = std::move(*title),
                          .items = std::move(*items),
                          .created_at = *created_at,
                          .created_by = UserId{*created_by}};
}

Status ReadForm(SqlConnection& connection, MunicipalityId tenant, FormDefinitionId id, FormDefinition& out) {
    return ReadOneRow(connection, kSelectForm, id, tenant, FormFromRow, "様式が見つかりません", "form_definition_id",
                      out);
}

class SqlFormRepository final : public domain::FormRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<FormDefinition> Publish(const FormDefinition& definition) override {
        const std::string items = ItemsJson(definition.items);
        const std::string created_at = FormatIso8601(definition.created_at);
        return WriteInto<FormDefinition>([&](SqlConnection& connection, FormDefinition& out) -> Status {
            KASANE_TRY(Exists(connection, kUserExists, definition.created_by, tenant_, "作成者が見つかりません",
                              "created_by"));
            KASANE_ASSIGN(next, connection.Execute(kNextFormVersion, {tenant_, definition.code}));
            KASANE_ASSIGN(form_version, SingleInteger(*next));
            KASANE_ASSIGN(inserted,
                          connection.Execute(kInsertForm, {tenant_, definition.code, *form_version, definition.title,
                                                           items, created_at, definition.created_by}));
            KASANE_ASSIGN(id, IdOf(*inserted));
            return ReadForm(connection, tenant_, *id, out);
        });
    }

    Result<FormDefinition> Get(FormDefinitionId id) override {
        return ReadInto<FormDefinition>(
            [&](SqlConnection& connection, FormDefinition& out) { return ReadForm(connection, tenant_, id, out); });
    }

    Result<FormDefinition> Latest(std::string_view code) override {
        return ReadInto<FormDefinition>([&](SqlConnection& connection, FormDefinition& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectLatestForm, {tenant_, code}));
            if (result->Empty()) return Fail(NotFoundField("様式が見つかりません", "code"));
            KASANE_ASSIGN(form, FormFromRow(SqlRow(result->rows.front())));
            out = std::move(*form);
            return {};
        });
    }

    Result<std::vector<FormDefinition>> Versions(std::string_view code) override {
        using List = std::vector<FormDefinition>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectFormVersions, {tenant_, code}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(form, FormFromRow(SqlRow(values)));
                out.push_back(std::move(*form));
            }
            return {};
        });
    }

    Result<FormDefinition> Replace(FormDefinitionId id, const FormDefinition& definition) override {
        const std::string items = ItemsJson(definition.items);
        return WriteInto<FormDefinition>([&](SqlConnection& connection, FormDefinition& out) -> Status {
            KASANE_ASSIGN(updated, connection.Execute(kReplaceForm, {id, tenant_, definition.title, items}));
            if (updated->affected_rows == 0) return Fail(NotFoundField("様式が見つかりません", "form_definition_id"));
            return ReadForm(connection, tenant_, id, out);
        });
    }

    Result<long long> CountAssessments(FormDefinitionId id) override {
        return ReadInto<long long>([&](SqlConnection& connection, long long& out) -> Status {
            KASANE_TRY(Exists(connection, kFormExists, id, tenant_, "様式が見つかりません", "form_definition_id"));
            KASANE_ASSIGN(result, connection.Execute(kCountFormAssessments, {tenant_, id}));
            KASANE_ASSIGN(count, SingleInteger(*result));
            out = *count;
            return {};
        });
    }
};

}  // namespace

std::unique_ptr<domain::FormRepository> MakeFormRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlFormRepository>(executor, tenant);
}

}  // namespace kasane::storage
