// SPDX-License-Identifier: Apache-2.0
// Migration 38: the loneliness outcomes (issue 17, item 7), written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 38: one row per measure of the national loneliness items, recorded on a consultation of a person, with
// the instrument's version, the phase (受付時, 経過確認, 終結時), the day (Japan) and who asked; the 直接質問 1..5,
// the three UCLA items 1..4 (all or none), and the optional isolation items (contact 1..6 by channel, participation,
// someone to rely on). The person is kept on the row: the unit of the paired change.
Migration LonelinessMigration(const DdlTypes& t) {
    Migration migration{.version = 38, .name = "loneliness outcomes", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE loneliness_measures ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " consultation_id " + integer + " NOT NULL,"
                " person_id " + integer + " NOT NULL,"
                " version " + text + " NOT NULL CHECK (version <> ''),"
                " phase " + text + " NOT NULL CHECK (phase IN ('intake', 'follow_up', 'closing')),"
                " administered_on " + date + " NOT NULL,"
                " administered_by " + integer + " NOT NULL,"
                " direct " + integer + " CHECK (direct BETWEEN 1 AND 5),"
                " ucla_1 " + integer + " CHECK (ucla_1 BETWEEN 1 AND 4),"
                " ucla_2 " + integer + " CHECK (ucla_2 BETWEEN 1 AND 4),"
                " ucla_3 " + integer + " CHECK (ucla_3 BETWEEN 1 AND 4),"
                " contact_in_person " + integer + " CHECK (contact_in_person BETWEEN 1 AND 6),"
                " contact_by_phone " + integer + " CHECK (contact_by_phone BETWEEN 1 AND 6),"
                " contact_online " + integer + " CHECK (contact_online BETWEEN 1 AND 6),"
                " takes_part " + integer + " CHECK (takes_part IN (0, 1)),"
                " has_someone " + integer + " CHECK (has_someone IN (0, 1)),"
                " recorded_at " + instant + " NOT NULL,"
                " CHECK ((ucla_1 IS NULL AND ucla_2 IS NULL AND ucla_3 IS NULL) OR"
                " (ucla_1 IS NOT NULL AND ucla_2 IS NOT NULL AND ucla_3 IS NOT NULL)),"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (consultation_id, municipality_id) REFERENCES consultations (id, municipality_id),"
                " FOREIGN KEY (person_id, municipality_id) REFERENCES persons (id, municipality_id),"
                " FOREIGN KEY (administered_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX loneliness_by_consultation ON loneliness_measures (municipality_id, consultation_id,"
                " administered_on, id)");
    s.push_back("CREATE INDEX loneliness_by_person ON loneliness_measures (municipality_id, person_id,"
                " administered_on, id)");
    s.push_back("CREATE INDEX loneliness_by_day ON loneliness_measures (municipality_id, administered_on, id)");
    return migration;
}
// clang-format on

}  // namespace kasane::storage
