// SPDX-License-Identifier: Apache-2.0
// Migration 14: anonymous consultations and the anonymous caller (issue 13, item 3), for both dialects.

#include <string>

#include "storage/sql/intake_support.hpp"
#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// The sources released with migration 2 (SourceCheckList, frozen) and the sources now allowed (匿名 added).
std::string AnonymousSourceCheckList() { return sql_support::CodeList(kSources, domain::SourceCode); }

// clang-format off
// Migration 14: a consultation may be recorded before the person concerned is identified (匿名の相談:
// consultations.person_id and its copy contacts.person_id become nullable; a later "join" sets both), and a caller
// may be anonymous (相談経路 「匿名」: the contacts.source CHECK gains 'anonymous').
//
// PostgreSQL drops the NOT NULL and replaces the CHECK with ALTER TABLE. SQLite cannot drop a NOT NULL or change a
// CHECK with ALTER TABLE, and rebuilding consultations would cascade into its ON DELETE CASCADE children (contacts,
// consultation_categories). So SQLite takes the procedure its documentation gives for changes that do not touch
// the stored content (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes"):
// with PRAGMA writable_schema the CREATE TABLE text in sqlite_schema is edited (removing a NOT NULL and widening a
// CHECK are both changes every existing row already satisfies), the connection reloads its schema
// (writable_schema = RESET), and a real schema change (the index consultations_by_person dropped and made again,
// unchanged) increments the schema cookie so that every other connection reloads it too. Everything runs in the
// migration's one transaction: a failure leaves the previous schema.
Migration AnonymousConsultationMigration(const DdlTypes& t, std::string_view backend) {
    Migration migration{.version = 14, .name = "anonymous consultations", .statements = {}};
    auto& s = migration.statements;
    const std::string integer = t.integer;
    const std::string text = t.text;
    const std::string released = "CHECK (source IN (" + SourceCheckList() + "))";
    const std::string widened = "CHECK (source IN (" + AnonymousSourceCheckList() + "))";
    if (backend == "postgresql") {
        s.push_back("ALTER TABLE consultations ALTER COLUMN person_id DROP NOT NULL");
        s.push_back("ALTER TABLE contacts ALTER COLUMN person_id DROP NOT NULL");
        s.push_back("ALTER TABLE contacts DROP CONSTRAINT contacts_source_check");
        s.push_back("ALTER TABLE contacts ADD CONSTRAINT contacts_source_check " + widened);
        return migration;
    }
    auto quoted = [](const std::string& value) {
        std::string out = "'";
        for (char c : value) out += c == '\'' ? std::string("''") : std::string(1, c);
        return out + "'";
    };
    const std::string not_null = " person_id " + integer + " NOT NULL,";
    const std::string nullable = " person_id " + integer + ",";
    s.push_back("PRAGMA writable_schema = ON");
    s.push_back("UPDATE sqlite_schema SET sql = replace(sql, " + quoted(not_null) + ", " + quoted(nullable) +
                ") WHERE type = 'table' AND name IN ('consultations', 'contacts')");
    s.push_back("UPDATE sqlite_schema SET sql = replace(sql, " + quoted(" source " + text + " NOT NULL " + released) +
                ", " + quoted(" source " + text + " NOT NULL " + widened) +
                ") WHERE type = 'table' AND name = 'contacts'");
    s.push_back("PRAGMA writable_schema = RESET");
    s.push_back("DROP INDEX consultations_by_person");
    s.push_back("CREATE INDEX consultations_by_person ON consultations (municipality_id, person_id)");
    return migration;
}
// clang-format on

}  // namespace kasane::storage
