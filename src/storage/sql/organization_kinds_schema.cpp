// SPDX-License-Identifier: Apache-2.0
// Migration 16: more kinds of organisation (issue 14, item 2: 企業 and 自治会), for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// Migration 16: organizations.kind gains 'company' (企業: a 参加支援 host, a 配食 business …) and
// 'neighborhood_association' (自治会 as a partner organisation, apart from the 自治会 area it looks after). Only the
// CHECK list widens; every existing row satisfies the new one. SQLite widens it by WidenCheck's writable_schema
// procedure (migrations.hpp); the index organizations_by_kind is the real schema change that makes every other
// connection reload the schema, and serves the administrator's list by kind.
Migration OrganizationKindsMigration(const DdlTypes& /*types*/, std::string_view backend) {
    Migration migration{.version = 16, .name = "organisation kinds", .statements = {}};
    WidenCheck(migration.statements, backend,
               CheckWidening{.table = "organizations",
                             .column = "kind",
                             .released = ReleasedOrganizationKindCheckList(),
                             .widened = OrganizationKindCheckList(),
                             .sqlite_prefix = " kind TEXT NOT NULL "});
    migration.statements.push_back("CREATE INDEX organizations_by_kind ON organizations (municipality_id, kind, id)");
    return migration;
}

}  // namespace kasane::storage
