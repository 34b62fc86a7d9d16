// SPDX-License-Identifier: Apache-2.0
// Migration 60 (issue 18, item 4): the access version of each person, kept by the database itself.
//
// `access_versions` holds, per municipality and person, a number that every change to a row the person's access
// facts are read from (access_facts_store.cpp, the fifteen parts) raises in the same transaction, by triggers on
// those tables — so that no write path, present or future, merges and the COPY of a bulk load included, can forget
// it. A process keeps the facts it read with the versions it read before them (access_facts_cache.hpp) and uses them
// again only while the versions are unchanged: a withdrawn consent, an ended referral or a removed case-team member
// raises the person's version when it commits, and the very next read by any process sees the new number and reads
// the facts again. Row 0 of a municipality is its epoch, raised by the changes that reach persons through a meeting
// body (a pledge signed or ended, a body's rule, a meeting moved to another body): rare writes, each of which would
// otherwise need every person on every agenda of the body.
//
// Which persons each table's change reaches (R is the changed row: NEW and, for an update or a delete, OLD):
//   persons              the record, the record it is merged into (名寄せ: its group's facts), and its housemates
//                        (a DV-protected housemate at the same address protects them; dv_protected is a fact)
//   person_search        the person and housemates (the same-address rule reads address_key)
//   household_members    every member of the household (housemates; a household's cases)
//   person_dv_staff      the person and housemates (the staff named for a protected housemate)
//   consultations        the person; contacts: the person of the consultation (who recorded it)
//   referrals, consents, emergency_accesses, meeting_agenda_items: the person
//   consent_organizations, consent_bodies: the consent's person
//   meeting_attendees    the persons on the meeting's agenda
//   cases                the person and the members of its household; case_team_members: the case's
//   meetings, meeting_bodies, meeting_body_named_members: the municipality's epoch (row 0)
// An update fires only when a column the facts read is in its SET list (a name or an address text edit does not).
// Versions only grow and their rows are never deleted, so an equal number means no change committed in between.
//
// Migration 66 does the same for accounts: `account_versions` holds, per user, a number raised by every insert, update
// or delete of the user's row, roles, posts or posts' roles — all that a session's user and posts are read from. The
// PostgreSQL store's read-ahead of a session (postgres_store.cpp, KeptAccounts) keeps the user and posts it read and
// reads, on each request, only the session row with its user's version: a user disabled, a role or a post given or
// ended makes the very next request of any process read them again.

#include <initializer_list>
#include <string>
#include <string_view>

#include "storage/sql/migrations.hpp"

namespace kasane::storage {
namespace {

struct VersionedTable {
    const char* table;
    // The columns whose update reaches the facts; empty: any update.
    const char* update_columns;
    // A SELECT of one column `p`: the persons the change of row `@` reaches (`@` is NEW or OLD).
    const char* persons;
};

#define KASANE_HOUSEMATES_OF(person)                                                                                \
    "SELECT o.person_id AS p FROM household_members h JOIN household_members o ON o.household_id = h.household_id " \
    "AND o.municipality_id = h.municipality_id WHERE h.person_id = " person                                         \
    " AND h.municipality_id = @.municipality_id"

// A household's members. The unary plus keeps SQLite, which has no statistics, from reading the municipality's every
// membership through household_members_by_person (it starts with the municipality) instead of the household's few
// through household_members_by_household: migration 63 (below) made the triggers of migration 60 again with it.
#define KASANE_MEMBERS_OF(household)                                          \
    "SELECT person_id FROM household_members WHERE household_id = " household \
    " AND +municipality_id = @.municipality_id"

// clang-format off
constexpr VersionedTable kVersionedTables[] = {
    {"persons", "merged_into, dv_protected, created_by_organization_id, created_by_user_id, holder_organization_id",
     "SELECT @.id AS p UNION ALL SELECT @.merged_into UNION ALL " KASANE_HOUSEMATES_OF("@.id")},
    {"person_search", "address_key", "SELECT @.person_id AS p UNION ALL " KASANE_HOUSEMATES_OF("@.person_id")},
    {"household_members", "household_id, person_id, moved_out",
     "SELECT @.person_id AS p UNION ALL " KASANE_MEMBERS_OF("@.household_id")},
    {"person_dv_staff", "", "SELECT @.person_id AS p UNION ALL " KASANE_HOUSEMATES_OF("@.person_id")},
    {"consultations", "person_id, receiving_organization_id, received_by_user_id", "SELECT @.person_id AS p"},
    {"contacts", "consultation_id, organization_id, staff_user_id",
     "SELECT person_id AS p FROM consultations WHERE id = @.consultation_id AND municipality_id = @.municipality_id"},
    {"referrals", "person_id, from_organization_id, to_organization_id, status, to_user_id", "SELECT @.person_id AS p"},
    {"consents", "", "SELECT @.person_id AS p"},
    {"consent_organizations", "",
     "SELECT person_id AS p FROM consents WHERE id = @.consent_id AND municipality_id = @.municipality_id"},
    {"consent_bodies", "",
     "SELECT person_id AS p FROM consents WHERE id = @.consent_id AND municipality_id = @.municipality_id"},
    {"meeting_agenda_items", "meeting_id, person_id", "SELECT @.person_id AS p"},
    {"meeting_attendees", "meeting_id, user_id",
     "SELECT person_id AS p FROM meeting_agenda_items WHERE meeting_id = @.meeting_id "
     "AND +municipality_id = @.municipality_id"},
    {"emergency_accesses", "", "SELECT @.person_id AS p"},
    {"cases", "person_id, household_id, status, lead_organization_id, opened_at_meeting_id",
     "SELECT @.person_id AS p UNION ALL " KASANE_MEMBERS_OF("@.household_id")},
    {"case_team_members", "case_id, organization_id, left_on, agreed_at_meeting_id",
     "SELECT c.person_id AS p FROM cases c WHERE c.id = @.case_id AND c.municipality_id = @.municipality_id "
     "UNION ALL SELECT m.person_id FROM cases c JOIN household_members m ON m.household_id = c.household_id "
     "AND m.municipality_id = c.municipality_id WHERE c.id = @.case_id AND c.municipality_id = @.municipality_id"},
    {"meetings", "body_id, joint_body_id, held_on, convenor_user_id", "SELECT 0 AS p"},
    {"meeting_bodies", "legal_basis, shares_without_consent, sharing_days", "SELECT 0 AS p"},
    {"meeting_body_named_members", "", "SELECT 0 AS p"},
};
// clang-format on
#undef KASANE_HOUSEMATES_OF
#undef KASANE_MEMBERS_OF

// The tables whose triggers migration 63 made again: their persons are found by a household or a meeting, which
// migration 60 compared with the municipality too, and SQLite then read the municipality's every row by its index.
bool FoundByHouseholdOrMeeting(std::string_view table) {
    return table == "household_members" || table == "meeting_attendees" || table == "cases";
}

// Tables whose inserts reach nobody yet (a new meeting or body has no agenda; a new person's facts are read fresh).
bool InsertReachesNobody(std::string_view table) {
    return table == "meetings" || table == "meeting_bodies" || table == "persons";
}

std::string Replace(std::string text, std::string_view from, std::string_view to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

// The statement that raises the version of every person `persons` selects for the row `row` (NEW or OLD), each
// once: PostgreSQL refuses an INSERT … ON CONFLICT DO UPDATE that reaches one row twice (a person is among its own
// housemates). The WHERE keeps SQLite from reading ON CONFLICT as a join constraint of the SELECT.
std::string Bump(const VersionedTable& table, std::string_view row) {
    return Replace(
        "INSERT INTO access_versions (municipality_id, person_id, version) SELECT @.municipality_id, p, 1 "
        "FROM (SELECT DISTINCT p FROM (" +
            std::string(table.persons) +
            ") AS persons_reached) AS reached WHERE p IS NOT NULL ON CONFLICT (municipality_id, person_id) "
            "DO UPDATE SET version = access_versions.version + 1",
        "@", row);
}

std::string UpdateOf(const VersionedTable& table) {
    return table.update_columns[0] == '\0' ? std::string("UPDATE") : "UPDATE OF " + std::string(table.update_columns);
}

std::string Concat(std::initializer_list<std::string_view> parts) {
    std::string text;
    for (std::string_view part : parts) text += part;
    return text;
}

// SQLite: the table's triggers, one per event.
void SqliteTriggers(const VersionedTable& table, std::vector<std::string>& statements) {
    const std::string name = Concat({"access_version_", table.table});
    if (!InsertReachesNobody(table.table)) {
        statements.push_back(Concat({"CREATE TRIGGER ", name, "_insert AFTER INSERT ON ", table.table, " BEGIN ",
                                     Bump(table, "NEW"), "; END"}));
    }
    statements.push_back(Concat({"CREATE TRIGGER ", name, "_update AFTER ", UpdateOf(table), " ON ", table.table,
                                 " BEGIN ", Bump(table, "OLD"), "; ", Bump(table, "NEW"), "; END"}));
    statements.push_back(Concat(
        {"CREATE TRIGGER ", name, "_delete AFTER DELETE ON ", table.table, " BEGIN ", Bump(table, "OLD"), "; END"}));
}

// PostgreSQL: the table's trigger function (`create` is "CREATE" or "CREATE OR REPLACE").
std::string PostgresTriggerFunction(const VersionedTable& table, std::string_view create) {
    return Concat({create, " FUNCTION access_version_", table.table,
                   "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN ", Bump(table, "OLD"),
                   "; END IF; IF TG_OP <> 'DELETE' THEN ", Bump(table, "NEW"), "; END IF; RETURN NULL; END $$"});
}

void PostgresTriggers(const VersionedTable& table, std::vector<std::string>& statements) {
    const std::string name = Concat({"access_version_", table.table});
    statements.push_back(PostgresTriggerFunction(table, "CREATE"));
    const std::string events =
        Concat({InsertReachesNobody(table.table) ? "" : "INSERT OR ", "DELETE OR ", UpdateOf(table)});
    statements.push_back(Concat({"CREATE TRIGGER ", name, " AFTER ", events, " ON ", table.table,
                                 " FOR EACH ROW EXECUTE FUNCTION ", name, "()"}));
}

// Migration 66: the tables a session's user and posts are read from (accounts_store.cpp, posts_store.cpp) and, for
// each, the user its row `@` belongs to.
struct AccountTable {
    const char* table;
    const char* user;
};
constexpr AccountTable kAccountTables[] = {
    {"users", "@.id"},
    {"user_roles", "@.user_id"},
    {"user_posts", "@.user_id"},
    {"user_post_roles", "(SELECT user_id FROM user_posts WHERE id = @.post_id)"},
};

std::string BumpAccount(const AccountTable& table, std::string_view row) {
    return Replace(Concat({"INSERT INTO account_versions (user_id, version) SELECT u, 1 FROM (SELECT ", table.user,
                           " AS u) AS reached WHERE u IS NOT NULL ON CONFLICT (user_id) "
                           "DO UPDATE SET version = account_versions.version + 1"}),
                   "@", row);
}

}  // namespace

Migration AccessVersionsMigration(const DdlTypes& types, std::string_view backend) {
    Migration migration{.version = 60, .name = "access_versions", .statements = {}};
    migration.statements.push_back(std::string("CREATE TABLE access_versions (municipality_id ") + types.integer +
                                   " NOT NULL, person_id " + types.integer + " NOT NULL, version " + types.integer +
                                   " NOT NULL, PRIMARY KEY (municipality_id, person_id))" +
                                   types.clustered_table_options);
    for (const VersionedTable& table : kVersionedTables) {
        if (backend == "postgresql") {
            PostgresTriggers(table, migration.statements);
        } else {
            SqliteTriggers(table, migration.statements);
        }
    }
    return migration;
}

Migration AccessVersionsByKeyMigration(std::string_view backend) {
    Migration migration{.version = 63, .name = "access_versions_by_key", .statements = {}};
    for (const VersionedTable& table : kVersionedTables) {
        if (!FoundByHouseholdOrMeeting(table.table)) continue;
        if (backend == "postgresql") {
            migration.statements.push_back(PostgresTriggerFunction(table, "CREATE OR REPLACE"));
            continue;
        }
        for (const char* event : {"_insert", "_update", "_delete"}) {
            migration.statements.push_back(Concat({"DROP TRIGGER IF EXISTS access_version_", table.table, event}));
        }
        SqliteTriggers(table, migration.statements);
    }
    return migration;
}

Migration AccountVersionsMigration(const DdlTypes& types, std::string_view backend) {
    Migration migration{.version = 66, .name = "account_versions", .statements = {}};
    migration.statements.push_back(std::string("CREATE TABLE account_versions (user_id ") + types.integer +
                                   " NOT NULL PRIMARY KEY, version " + types.integer + " NOT NULL)" +
                                   types.clustered_table_options);
    for (const AccountTable& table : kAccountTables) {
        const std::string name = Concat({"account_version_", table.table});
        if (backend == "postgresql") {
            migration.statements.push_back(Concat(
                {"CREATE FUNCTION ", name, "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN ",
                 BumpAccount(table, "OLD"), "; END IF; IF TG_OP <> 'DELETE' THEN ", BumpAccount(table, "NEW"),
                 "; END IF; RETURN NULL; END $$"}));
            migration.statements.push_back(Concat({"CREATE TRIGGER ", name, " AFTER INSERT OR UPDATE OR DELETE ON ",
                                                   table.table, " FOR EACH ROW EXECUTE FUNCTION ", name, "()"}));
            continue;
        }
        migration.statements.push_back(Concat({"CREATE TRIGGER ", name, "_insert AFTER INSERT ON ", table.table,
                                               " BEGIN ", BumpAccount(table, "NEW"), "; END"}));
        migration.statements.push_back(
            Concat({"CREATE TRIGGER ", name, "_update AFTER UPDATE ON ", table.table, " BEGIN ",
                    BumpAccount(table, "OLD"), "; ", BumpAccount(table, "NEW"), "; END"}));
        migration.statements.push_back(Concat({"CREATE TRIGGER ", name, "_delete AFTER DELETE ON ", table.table,
                                               " BEGIN ", BumpAccount(table, "OLD"), "; END"}));
    }
    return migration;
}

}  // namespace kasane::storage
