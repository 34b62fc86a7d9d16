// SPDX-License-Identifier: Apache-2.0
// Widening a CHECK (column IN (…)) list in a migration, on both dialects (migrations.hpp: WidenCheck).

#include <string>

#include "storage/sql/migrations.hpp"

namespace kasane::storage {

namespace {

std::string Quoted(std::string_view value) {
    std::string out = "'";
    for (char c : value) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

}  // namespace

// PostgreSQL names a column's CHECK "<table>_<column>_check" and replaces it with ALTER TABLE. SQLite cannot change
// a CHECK with ALTER TABLE, and rebuilding a table would cascade into its ON DELETE CASCADE children; so, as
// migration 14 did (anonymous_consultation_schema.cpp), it takes the procedure of its documentation for changes
// every stored row already satisfies (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table
// Schema Changes"): the CREATE TABLE text in sqlite_schema is edited under PRAGMA writable_schema, and the connection
// reloads it (writable_schema = RESET). The migration must also make a real schema change after these statements,
// so that the schema cookie moves and every other connection reloads the schema.
void WidenCheck(std::vector<std::string>& statements, std::string_view backend, const CheckWidening& widening) {
    const std::string table(widening.table);
    const std::string column(widening.column);
    const std::string widened = "CHECK (" + column + " IN (" + widening.widened + "))";
    if (backend == "postgresql") {
        const std::string constraint = table + "_" + column + "_check";
        statements.push_back("ALTER TABLE " + table + " DROP CONSTRAINT " + constraint);
        statements.push_back("ALTER TABLE " + table + " ADD CONSTRAINT " + constraint + " " + widened);
        return;
    }
    const std::string released = "CHECK (" + column + " IN (" + widening.released + "))";
    const std::string prefix(widening.sqlite_prefix);
    statements.push_back("PRAGMA writable_schema = ON");
    statements.push_back("UPDATE sqlite_schema SET sql = replace(sql, " + Quoted(prefix + released) + ", " +
                         Quoted(prefix + widened) + ") WHERE type = 'table' AND name = " + Quoted(table));
    statements.push_back("PRAGMA writable_schema = RESET");
}

}  // namespace kasane::storage
