// SPDX-License-Identifier: Apache-2.0
// Migration 7: the holder of a person's primary record, written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 7: who holds a person's primary record (issue 11). NULL means the creating organisation; 名寄せ by a
// municipal division and an explicit hand-over set it. A plain column reference (not the composite one the other
// tables use: SQLite cannot add a table constraint to an existing table); the repository checks the organisation
// is of the same municipality before writing it.
Migration PersonHolderMigration(const DdlTypes& t) {
    Migration migration{.version = 7, .name = "holder of a person's primary record", .statements = {}};
    migration.statements.push_back(std::string("ALTER TABLE persons ADD COLUMN holder_organization_id ") + t.integer +
                                   " REFERENCES organizations (id)");
    return migration;
}
// clang-format on

}  // namespace kasane::storage
