// SPDX-License-Identifier: Apache-2.0
// Migrations 35 and 36: 地域づくり and the 地域課題 register (issue 16, items 4 and 5), written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 35: 地域づくり. A place (拠点) of a kind and a 分野別 事業, in an area when given and linked to the resource
// directory's service when it has one; its sessions with counts only (never names), the breakdowns by sex and by
// age band nullable as a group ("not known"); the 協議体's workshops of a district with its 強み, 課題 and 取組.
// The CHECKs repeat the domain's rule (ValidateSessionCounts) as the last guard.
Migration CommunityDevelopmentMigration(const DdlTypes& t) {
    Migration migration{.version = 35, .name = "community development", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE community_places ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " name " + text + " NOT NULL,"
                " kind " + text + " NOT NULL CHECK (kind IN ('salon', 'kayoinoba', 'ibasho', 'child_rearing', 'other')),"
                " project " + text + " NOT NULL CHECK (project IN ('care_prevention', 'living_support',"
                "  'activity_support_center', 'child_rearing_base', 'needy_community')),"
                " area_id " + integer + ","
                " resource_service_id " + integer + ","
                " note " + text + " NOT NULL,"
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (area_id, municipality_id) REFERENCES areas (id, municipality_id),"
                " FOREIGN KEY (resource_service_id, municipality_id) REFERENCES resource_services (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE TABLE community_sessions ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " place_id " + integer + " NOT NULL,"
                " held_on " + date + " NOT NULL,"
                " participants " + integer + " NOT NULL CHECK (participants >= 0),"
                " first_time " + integer + " NOT NULL CHECK (first_time >= 0 AND first_time <= participants),"
                " organizations " + integer + " NOT NULL CHECK (organizations >= 0),"
                " male " + integer + " CHECK (male >= 0),"
                " female " + integer + " CHECK (female >= 0),"
                " other_sex " + integer + " CHECK (other_sex >= 0),"
                " age_under_20 " + integer + " CHECK (age_under_20 >= 0),"
                " age_20_64 " + integer + " CHECK (age_20_64 >= 0),"
                " age_65_74 " + integer + " CHECK (age_65_74 >= 0),"
                " age_75_over " + integer + " CHECK (age_75_over >= 0),"
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " CHECK (male IS NULL OR male + female + other_sex <= participants),"
                " CHECK (age_under_20 IS NULL OR age_under_20 + age_20_64 + age_65_74 + age_75_over <= participants),"
                " FOREIGN KEY (place_id, municipality_id) REFERENCES community_places (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX community_sessions_by_place ON community_sessions (municipality_id, place_id, held_on)");
    s.push_back("CREATE TABLE community_workshops ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " area_id " + integer + " NOT NULL,"
                " held_on " + date + " NOT NULL,"
                " title " + text + " NOT NULL,"
                " strengths " + text + " NOT NULL,"
                " problems " + text + " NOT NULL,"
                " actions " + text + " NOT NULL,"
                " participants " + integer + " NOT NULL CHECK (participants >= 0),"
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (area_id, municipality_id) REFERENCES areas (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    return migration;
}

// Migration 36: the 地域課題 register. An issue of a district (地域課題 or 制度の狭間), raised by a workshop or not;
// the consultations whose unmet need it records, by id (the link is personal data: the domain shows each one only to
// whoever may read it) and the 不足する社会資源 of case meetings it gathers; the actions taken, one of which may name a place it opened.
Migration CommunityIssuesMigration(const DdlTypes& t) {
    Migration migration{.version = 36, .name = "community issues", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE community_issues ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " area_id " + integer + " NOT NULL,"
                " kind " + text + " NOT NULL CHECK (kind IN ('local_issue', 'gap')),"
                " title " + text + " NOT NULL,"
                " description " + text + " NOT NULL,"
                " workshop_id " + integer + ","
                " status " + text + " NOT NULL CHECK (status IN ('open', 'closed')),"
                " raised_on " + date + " NOT NULL,"
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (area_id, municipality_id) REFERENCES areas (id, municipality_id),"
                " FOREIGN KEY (workshop_id, municipality_id) REFERENCES community_workshops (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE TABLE community_issue_consultations ("
                " municipality_id " + integer + " NOT NULL,"
                " issue_id " + integer + " NOT NULL,"
                " consultation_id " + integer + " NOT NULL,"
                " linked_by " + integer + " NOT NULL,"
                " linked_at " + instant + " NOT NULL,"
                " PRIMARY KEY (municipality_id, issue_id, consultation_id),"
                " FOREIGN KEY (issue_id, municipality_id) REFERENCES community_issues (id, municipality_id),"
                " FOREIGN KEY (consultation_id, municipality_id) REFERENCES consultations (id, municipality_id),"
                " FOREIGN KEY (linked_by, municipality_id) REFERENCES users (id, municipality_id)" +
                clustered_end);
    // A 不足する社会資源 of a case meeting gathered by the issue (missing_resources has no (id, municipality_id) key:
    // the domain checks the town, CaseService::MissingResources listing only the town's own).
    s.push_back("CREATE TABLE community_issue_missing_resources ("
                " municipality_id " + integer + " NOT NULL,"
                " issue_id " + integer + " NOT NULL,"
                " missing_resource_id " + integer + " NOT NULL REFERENCES missing_resources (id),"
                " linked_by " + integer + " NOT NULL,"
                " linked_at " + instant + " NOT NULL,"
                " PRIMARY KEY (municipality_id, issue_id, missing_resource_id),"
                " FOREIGN KEY (issue_id, municipality_id) REFERENCES community_issues (id, municipality_id),"
                " FOREIGN KEY (linked_by, municipality_id) REFERENCES users (id, municipality_id)" +
                clustered_end);
    s.push_back("CREATE TABLE community_actions ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " issue_id " + integer + " NOT NULL,"
                " taken_on " + date + " NOT NULL,"
                " description " + text + " NOT NULL,"
                " place_id " + integer + ","
                " effect " + text + " NOT NULL CHECK (effect IN ('progress', 'resolves')),"
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (issue_id, municipality_id) REFERENCES community_issues (id, municipality_id),"
                " FOREIGN KEY (place_id, municipality_id) REFERENCES community_places (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX community_actions_by_issue ON community_actions (municipality_id, issue_id, taken_on)");
    return migration;
}
// clang-format on

}  // namespace kasane::storage
