// SPDX-License-Identifier: Apache-2.0
// The worry categories of a municipality (domain::CategoryRepository).

#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "storage/sql/intake_support.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Worry categories

constexpr SqlStatement kSelectCategoryByCode{
    "select_category_by_code", "SELECT id FROM worry_categories WHERE municipality_id = $1 AND code = $2"};
constexpr SqlStatement kCreateCategory{
    "create_category",
    "INSERT INTO worry_categories (municipality_id, code, label, sort_order, active) VALUES ($1, $2, $3, $4, $5) "
    "RETURNING id"};
constexpr SqlStatement kRenameCategory{"rename_category",
                                       "UPDATE worry_categories SET label = $3 WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kSetCategoryActive{
    "set_category_active", "UPDATE worry_categories SET active = $3 WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kSetCategorySortOrder{
    "set_category_sort_order", "UPDATE worry_categories SET sort_order = $3 WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kCountCategoryUses{
    "count_category_uses",
    "SELECT (SELECT COUNT(*) FROM consultation_categories WHERE category_id = $1 AND municipality_id = $2) + "
    "(SELECT COUNT(*) FROM case_categories WHERE category_id = $1 AND municipality_id = $2)"};
constexpr SqlStatement kDeleteCategory{"delete_category",
                                       "DELETE FROM worry_categories WHERE id = $1 AND municipality_id = $2"};

class SqlCategoryRepository final : public domain::CategoryRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    // A seed keeps its position in the list as sort order (10, 20, …), leaving room for local categories.
    Status EnsureSeeded(const std::vector<domain::SeedCategory>& categories) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            std::int64_t sort_order = 0;
            for (const domain::SeedCategory& category : categories) {
                sort_order += 10;
                auto inserted =
                    connection.Execute(kInsertCategory, {tenant_, category.code, category.label, sort_order, true});
                if (!inserted) {
                    if (inserted.error().Is(ErrorCode::kNotFound))
                        return Fail(Error::NotFound("市町村が見つかりません"));
                    return Fail(inserted.error());
                }
            }
            return {};
        });
    }

    Result<std::vector<domain::WorryCategory>> List() override {
        using List = std::vector<domain::WorryCategory>;
        return ReadInto<List>(
            [&](SqlConnection& connection, List& out) { return ReadCategories(connection, tenant_, out); });
    }

    Result<domain::WorryCategory> Create(std::string_view code, std::string_view label, int sort_order) override {
        return WriteInto<domain::WorryCategory>([&](SqlConnection& connection, domain::WorryCategory& out) -> Status {
            // The code first: a clash of codes and a clash of active names are both kConflict from the database.
            auto existing = connection.Execute(kSelectCategoryByCode, {tenant_, code});
            if (!existing) return Fail(existing.error());
            if (!existing->Empty()) return Fail(Error::Conflict("同じコードの分類がすでにあります", "code"));
            auto inserted = connection.Execute(kCreateCategory, {tenant_, code, label, std::int64_t{sort_order}, true});
            if (!inserted) {
                if (inserted.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("「" + std::string(label) + "」という分類はすでにあります", "name"));
                }
                if (inserted.error().Is(ErrorCode::kNotFound)) return Fail(Error::NotFound("市町村が見つかりません"));
                return Fail(inserted.error());
            }
            auto id = SqlRow(inserted->rows.at(0)).Integer(0);
            if (!id) return Fail(id.error());
            out = domain::WorryCategory{.id = *id,
                                        .municipality_id = tenant_,
                                        .code = std::string(code),
                                        .label = std::string(label),
                                        .sort_order = sort_order,
                                        .active = true};
            return {};
        });
    }

    Status Rename(CategoryId id, std::string_view label) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result = connection.Execute(kRenameCategory, {id, tenant_, label});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("「" + std::string(label) + "」という分類はすでにあります", "name"));
                }
                return Fail(result.error());
            }
            if (result->affected_rows == 0) return Fail(Error::NotFound("分類が見つかりません"));
            return {};
        });
    }

    Status SetActive(CategoryId id, bool active) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result = connection.Execute(kSetCategoryActive, {id, tenant_, active});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict(
                        "同じ名前の分類が使われているため復活できません。先に名前を変えてください", "name"));
                }
                return Fail(result.error());
            }
            if (result->affected_rows == 0) return Fail(Error::NotFound("分類が見つかりません"));
            return {};
        });
    }

    Status SetOrder(const std::vector<CategoryId>& ids) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            std::int64_t sort_order = 0;
            for (const CategoryId id : ids) {
                sort_order += 10;
                auto result = connection.Execute(kSetCategorySortOrder, {id, tenant_, sort_order});
                if (!result) return Fail(result.error());
                if (result->affected_rows == 0) return Fail(Error::NotFound("分類が見つかりません"));
            }
            return {};
        });
    }

    Result<int> Uses(CategoryId id) override {
        return ReadInto<int>([&](SqlConnection& connection, int& out) -> Status {
            auto result = connection.Execute(kCountCategoryUses, {id, tenant_});
            if (!result) return Fail(result.error());
            auto count = SqlRow(result->rows.at(0)).Integer(0);
            if (!count) return Fail(count.error());
            out = static_cast<int>(*count);
            return {};
        });
    }

    Status Delete(CategoryId id) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result = connection.Execute(kDeleteCategory, {id, tenant_});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict) || result.error().Is(ErrorCode::kNotFound)) {
                    return Fail(Error::Conflict("記録で使われている分類は削除できません。廃止してください", "id"));
                }
                return Fail(result.error());
            }
            if (result->affected_rows == 0) return Fail(Error::NotFound("分類が見つかりません"));
            return {};
        });
    }
};

}  // namespace

std::unique_ptr<domain::CategoryRepository> MakeCategoryRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlCategoryRepository>(executor, tenant);
}

}  // namespace kasane::storage
