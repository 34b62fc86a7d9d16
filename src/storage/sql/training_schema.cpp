// SPDX-License-Identifier: Apache-2.0
// Migration 42: 人材育成 (issue 17, item 9), written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 42: 人材育成. A course of a kind and a 年度; its sessions (date, place, minutes) with the 市民 and 専門職
// counted only; its named attendees (a user of the town, or a name typed — no resident's person record) with their
// 修了, and the sessions each attended. The CHECKs repeat the domain's rules (ValidateSession) as the last guard.
Migration TrainingMigration(const DdlTypes& t) {
    Migration migration{.version = 42, .name = "training", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE training_courses ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " name " + text + " NOT NULL,"
                " kind " + text + " NOT NULL CHECK (kind IN ('basic', 'interpersonal', 'multilayer', 'follow_up',"
                "  'all_staff', 'cross_sector')),"
                " fiscal_year " + integer + " NOT NULL,"
                " organizer " + text + " NOT NULL,"
                " audience " + text + " NOT NULL,"
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX training_courses_by_year ON training_courses (municipality_id, fiscal_year)");
    s.push_back("CREATE TABLE training_sessions ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " course_id " + integer + " NOT NULL,"
                " held_on " + date + " NOT NULL,"
                " place " + text + " NOT NULL,"
                " minutes " + integer + " NOT NULL CHECK (minutes > 0 AND minutes <= 1440),"
                " citizens " + integer + " NOT NULL CHECK (citizens >= 0),"
                " professionals " + integer + " NOT NULL CHECK (professionals >= 0),"
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (course_id, municipality_id) REFERENCES training_courses (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX training_sessions_by_course ON training_sessions (municipality_id, course_id, held_on)");
    s.push_back("CREATE TABLE training_attendees ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " course_id " + integer + " NOT NULL,"
                " user_id " + integer + ","
                " name " + text + " NOT NULL,"
                " trainee_type " + text + " NOT NULL CHECK (trainee_type IN ('citizen', 'professional')),"
                " completion " + text + " NOT NULL CHECK (completion IN ('not_completed', 'completed')),"
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (course_id, municipality_id) REFERENCES training_courses (id, municipality_id),"
                " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX training_attendees_by_course ON training_attendees (municipality_id, course_id)");
    s.push_back("CREATE TABLE training_attendances ("
                " municipality_id " + integer + " NOT NULL,"
                " attendee_id " + integer + " NOT NULL,"
                " session_id " + integer + " NOT NULL,"
                " PRIMARY KEY (municipality_id, attendee_id, session_id),"
                " FOREIGN KEY (attendee_id, municipality_id) REFERENCES training_attendees (id, municipality_id),"
                " FOREIGN KEY (session_id, municipality_id) REFERENCES training_sessions (id, municipality_id)" +
                clustered_end);
    return migration;
}
// clang-format on

}  // namespace kasane::storage
