// SPDX-License-Identifier: Apache-2.0
// Migration 29: 参加支援 matching (issue 16, item 3), written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 29: a person's 希望 and 制約 (one row per person, the wishes as JSON text, which the domain reads:
// WishesFromJson), the matches of a person with a service of the resource directory (stage, start, the stage reached
// before 終了 and its reason), each match's stage history, and its 受入先支援 notes.
Migration ParticipationMatchMigration(const DdlTypes& t) {
    Migration migration{.version = 29, .name = "participation matching", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    const std::string stages = "('proposed', 'trial', 'started', 'check_1', 'check_3', 'check_6', 'ended')";
    s.push_back("CREATE TABLE participation_wishes ("
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " person_id " + integer + " NOT NULL,"
                " wishes " + text + " NOT NULL,"
                " updated_by " + integer + " NOT NULL,"
                " updated_at " + instant + " NOT NULL,"
                " PRIMARY KEY (municipality_id, person_id),"
                " FOREIGN KEY (person_id, municipality_id) REFERENCES persons (id, municipality_id),"
                " FOREIGN KEY (updated_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE TABLE participation_matches ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " person_id " + integer + " NOT NULL,"
                " service_id " + integer + " NOT NULL,"
                " stage " + text + " NOT NULL CHECK (stage IN " + stages + "),"
                " began_on " + date + " NOT NULL,"
                " started_on " + date + ","
                " reached " + text + " CHECK (reached IS NULL OR reached IN " + stages + "),"
                " end_reason " + text + " NOT NULL,"
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (person_id, municipality_id) REFERENCES persons (id, municipality_id),"
                " FOREIGN KEY (service_id, municipality_id) REFERENCES resource_services (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX participation_matches_by_person ON participation_matches (municipality_id, person_id,"
                " id)");
    s.push_back("CREATE TABLE participation_match_stages ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL,"
                " match_id " + integer + " NOT NULL,"
                " from_stage " + text + " NOT NULL CHECK (from_stage IN " + stages + "),"
                " to_stage " + text + " NOT NULL CHECK (to_stage IN " + stages + "),"
                " changed_on " + date + " NOT NULL,"
                " reason " + text + " NOT NULL,"
                " recorded_by " + integer + " NOT NULL,"
                " recorded_at " + instant + " NOT NULL,"
                " FOREIGN KEY (match_id, municipality_id) REFERENCES participation_matches (id, municipality_id),"
                " FOREIGN KEY (recorded_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX participation_match_stages_by_match ON participation_match_stages (municipality_id,"
                " match_id, id)");
    s.push_back("CREATE TABLE participation_host_support ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL,"
                " match_id " + integer + " NOT NULL,"
                " noted_on " + date + " NOT NULL,"
                " note " + text + " NOT NULL,"
                " recorded_by " + integer + " NOT NULL,"
                " recorded_at " + instant + " NOT NULL,"
                " FOREIGN KEY (match_id, municipality_id) REFERENCES participation_matches (id, municipality_id),"
                " FOREIGN KEY (recorded_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX participation_host_support_by_match ON participation_host_support (municipality_id,"
                " match_id, id)");
    return migration;
}
// clang-format on

// Migration 34: indexes by last change on the directory's two tables, so that 参加支援's fingerprint of the directory
// (ParticipationMatchRepository::DirectoryVersion: count, last id, latest change) is read from the indexes alone,
// without reading the HSDS documents, on every request for suggestions.
Migration ParticipationDirectoryIndexMigration(const DdlTypes&) {
    return Migration{.version = 34,
                     .name = "participation directory version indexes",
                     .statements = {"CREATE INDEX resource_services_by_change ON resource_services (municipality_id,"
                                    " updated_at)",
                                    "CREATE INDEX resource_organizations_by_change ON resource_organizations"
                                    " (municipality_id, updated_at)"}};
}

}  // namespace kasane::storage
