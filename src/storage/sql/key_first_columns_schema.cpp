// SPDX-License-Identifier: Apache-2.0
// Migration 59 (issue 18, item 3): on SQLite, the WITHOUT ROWID tables whose primary key is not the leading run of
// their columns are made again with the key's columns first, so that `PRAGMA integrity_check` says ok.
//
// Why: SQLite 3.40.0 to 3.41.0 (Debian 12 ships 3.40.1, the library Kasane links) has a regression in
// integrity_check and quick_check: in a WITHOUT ROWID table whose composite primary key is not declared as the
// table's first columns, every row is reported as "NULL value in TABLE.COLUMN" for a NOT NULL column that is not
// in the key, although the stored value is not NULL (a SELECT reads it; the row's record is whole). The rows were
// always correct; the check misreads them. It mattered because `kasane restore` refuses a backup whose
// integrity_check is not ok, so a backup of any town with a case's categories, a consent's organisations or
// meeting bodies, a DV-restricted person's staff or a platform subgroup's members could not be restored, and a
// generated set (`kasane demo --scale`) failed the check.
//
// The five tables (found by tests/storage/bulk_generation_test.cpp, which creates each WITHOUT ROWID table's shape
// and checks it) have no index, trigger or reference to them, so each is made anew with the same constraints and
// its rows copied by column name. PostgreSQL has no such check and keeps its tables: the migration is empty there.
// Column order is not part of what the repositories or the COPY path rely on (both name their columns).

#include "storage/sql/migrations.hpp"

namespace kasane::storage {
namespace {

struct KeyFirstTable {
    const char* name;
    const char* columns;     // the new order: the primary key's columns first, in key order
    const char* definition;  // the CREATE TABLE body after the columns (the constraints, as migrated)
};

// clang-format off
constexpr KeyFirstTable kKeyFirstTables[] = {
    {"case_categories", "case_id, category_id, municipality_id",
     "case_id INTEGER NOT NULL, category_id INTEGER NOT NULL, municipality_id INTEGER NOT NULL,"
     " PRIMARY KEY (case_id, category_id),"
     " FOREIGN KEY (case_id, municipality_id) REFERENCES cases (id, municipality_id) ON DELETE CASCADE,"
     " FOREIGN KEY (category_id, municipality_id) REFERENCES worry_categories (id, municipality_id)"},
    {"consent_organizations", "consent_id, organization_id, municipality_id",
     "consent_id INTEGER NOT NULL, organization_id INTEGER NOT NULL, municipality_id INTEGER NOT NULL,"
     " PRIMARY KEY (consent_id, organization_id),"
     " FOREIGN KEY (consent_id, municipality_id) REFERENCES consents (id, municipality_id) ON DELETE CASCADE,"
     " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id)"},
    {"consent_bodies", "consent_id, body_id, municipality_id",
     "consent_id INTEGER NOT NULL, body_id INTEGER NOT NULL, municipality_id INTEGER NOT NULL,"
     " PRIMARY KEY (consent_id, body_id),"
     " FOREIGN KEY (consent_id, municipality_id) REFERENCES consents (id, municipality_id) ON DELETE CASCADE,"
     " FOREIGN KEY (body_id, municipality_id) REFERENCES meeting_bodies (id, municipality_id)"},
    {"person_dv_staff", "person_id, user_id, municipality_id",
     "person_id INTEGER NOT NULL, user_id INTEGER NOT NULL, municipality_id INTEGER NOT NULL,"
     " PRIMARY KEY (person_id, user_id),"
     " FOREIGN KEY (person_id, municipality_id) REFERENCES persons (id, municipality_id) ON DELETE CASCADE,"
     " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id) ON DELETE CASCADE"},
    {"platform_subgroup_members", "municipality_id, subgroup_id, member_id, platform_id",
     "municipality_id INTEGER NOT NULL, subgroup_id INTEGER NOT NULL, member_id INTEGER NOT NULL,"
     " platform_id INTEGER NOT NULL,"
     " PRIMARY KEY (municipality_id, subgroup_id, member_id),"
     " FOREIGN KEY (subgroup_id, platform_id) REFERENCES platform_subgroups (id, platform_id),"
     " FOREIGN KEY (member_id, platform_id) REFERENCES platform_members (id, platform_id),"
     " FOREIGN KEY (platform_id, municipality_id) REFERENCES partnership_platforms (id, municipality_id)"},
};
// clang-format on

}  // namespace

Migration KeyFirstColumnsMigration(std::string_view backend) {
    Migration migration{.version = 59, .name = "WITHOUT ROWID keys first (SQLite)", .statements = {}};
    if (backend != "sqlite") return migration;
    for (const KeyFirstTable& table : kKeyFirstTables) {
        const std::string name = table.name;
        const std::string loading = name + "_key_first";
        migration.statements.push_back("CREATE TABLE " + loading + " (" + table.definition + ") STRICT, WITHOUT ROWID");
        migration.statements.push_back("INSERT INTO " + loading + " (" + table.columns + ") SELECT " + table.columns +
                                       " FROM " + name);
        migration.statements.push_back("DROP TABLE " + name);
        migration.statements.push_back("ALTER TABLE " + loading + " RENAME TO " + name);
    }
    return migration;
}

}  // namespace kasane::storage
