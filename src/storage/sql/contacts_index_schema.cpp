// SPDX-License-Identifier: Apache-2.0
// Migration 32: a consultation's contacts found by one index, written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"

namespace kasane::storage {

// Migration 32: the contacts of a consultation are read `WHERE consultation_id = $1 AND municipality_id = $2 ORDER
// BY occurred_at, id` (every read of a consultation). The index of migration 2 held only (consultation_id,
// occurred_at); with statistics that predate a large write — a town's first import, where every row is new —
// PostgreSQL's generic plan ANDed it with the town-wide (municipality_id, occurred_at) index and read the whole
// town's contacts for each consultation, so an import of N rows cost N² (docs/performance.md). One index with
// both conditions and the order answers it alone, whatever the statistics say.
Migration ContactsIndexMigration(const DdlTypes& /*types*/) {
    Migration migration{.version = 32, .name = "contacts by consultation", .statements = {}};
    migration.statements.push_back("DROP INDEX contacts_by_consultation");
    migration.statements.push_back(
        "CREATE INDEX contacts_by_consultation ON contacts (consultation_id, municipality_id, occurred_at, id)");
    return migration;
}

}  // namespace kasane::storage
