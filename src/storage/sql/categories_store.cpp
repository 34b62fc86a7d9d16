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
};

}  // namespace

std::unique_ptr<domain::CategoryRepository> MakeCategoryRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlCategoryRepository>(executor, tenant);
}

}  // namespace kasane::storage
