// SPDX-License-Identifier: Apache-2.0
// Migration 18: areas for the administrator's 地域の管理 (issue 14, item 2), for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// Migration 18: an area gains its 世帯数 with the year the count is as of (both NULL when unknown) and an active flag
// (a retired area stays on the records that name it and in reports, and leaves the pick lists; areas are never
// deleted); areas.kind gains 'neighborhood_group' (班) and 'district' (地区). The CHECK list widens by WidenCheck
// (every stored row satisfies it); the added columns are the real schema change after it that makes every other
// SQLite connection reload the schema.
Migration AreaHouseholdsMigration(const DdlTypes& types, std::string_view backend) {
    Migration migration{.version = 18, .name = "area households", .statements = {}};
    WidenCheck(migration.statements, backend,
               CheckWidening{.table = "areas",
                             .column = "kind",
                             .released = ReleasedAreaKindCheckList(),
                             .widened = AreaKindCheckList(),
                             .sqlite_prefix = " kind TEXT NOT NULL "});
    const std::string integer = types.integer;
    const std::string boolean = types.boolean_column;
    migration.statements.push_back("ALTER TABLE areas ADD COLUMN households " + integer +
                                   " CHECK (households IS NULL OR households >= 0)");
    migration.statements.push_back("ALTER TABLE areas ADD COLUMN households_year " + integer +
                                   " CHECK (households_year IS NULL OR households IS NOT NULL)");
    migration.statements.push_back(
        "ALTER TABLE areas ADD COLUMN active " + boolean + " NOT NULL DEFAULT " +
        (types.boolean_needs_check ? std::string("1 CHECK (active IN (0, 1))") : std::string("true")));
    return migration;
}

}  // namespace kasane::storage
