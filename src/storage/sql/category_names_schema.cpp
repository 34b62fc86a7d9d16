// SPDX-License-Identifier: Apache-2.0
// Migration 22: 相談の分類の管理 (issue 14, item 2), written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"

namespace kasane::storage {

// Migration 22: a category's name is unique among the town's active categories (CheckCategoryName's rule, held by
// the database too, so that two administrators adding the same name at once cannot both succeed). A retired
// category may share the name of an active one: a town that retires 「ひきこもり」 may add a new 「ひきこもり」.
// worry_categories already has sort_order and active (migration 2); the town's settings and its wording of the
// 分野 are kept in municipality_settings (migration 2), so no table is added.
Migration CategoryNamesMigration(const DdlTypes& /*types*/) {
    Migration migration{.version = 22, .name = "worry category names", .statements = {}};
    migration.statements.push_back(
        "CREATE UNIQUE INDEX worry_categories_active_label ON worry_categories (municipality_id, label) WHERE active");
    return migration;
}

}  // namespace kasane::storage
