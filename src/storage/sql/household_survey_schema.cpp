// SPDX-License-Identifier: Apache-2.0
// Migration 24: 世帯訪問調査 (issue 15, item 2), written once for both dialects.

#include <string>

#include "domain/household_survey.hpp"
#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 24: a campaign with its period and the versions of its form (住環境, 生活環境, 困りごと, 気づき); the body
// (an organisation or a 民生委員 user) assigned to each 自治会; the campaign's own household list per 自治会 (address
// and 世帯主, no link to persons); the hearing notes that flag a 気になる世帯; and the visits with their outcome,
// the form version they used, their answers, and the consultation 「つなぐ」 opened.
Migration HouseholdSurveyMigration(const DdlTypes& t) {
    Migration migration{.version = 24, .name = "household survey", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    const std::string outcomes =
        sql_support::CodeList(domain::kAllVisitOutcomes, [](domain::VisitOutcome o) { return domain::VisitOutcomeCode(o); });
    s.push_back("CREATE TABLE survey_campaigns ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " name " + text + " NOT NULL,"
                " purpose " + text + " NOT NULL,"
                " starts_on " + date + " NOT NULL,"
                " ends_on " + date + " NOT NULL,"
                " form_version " + integer + " NOT NULL,"
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " CHECK (ends_on >= starts_on),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE TABLE survey_form_items ("
                " municipality_id " + integer + " NOT NULL,"
                " campaign_id " + integer + " NOT NULL,"
                " version " + integer + " NOT NULL,"
                " position " + integer + " NOT NULL,"
                " item_key " + text + " NOT NULL,"
                " label " + text + " NOT NULL,"
                " section " + text + " NOT NULL,"
                " PRIMARY KEY (municipality_id, campaign_id, version, position),"
                " UNIQUE (municipality_id, campaign_id, version, item_key),"
                " FOREIGN KEY (campaign_id, municipality_id) REFERENCES survey_campaigns (id, municipality_id)" +
                clustered_end);
    s.push_back("CREATE TABLE survey_assignments ("
                " municipality_id " + integer + " NOT NULL,"
                " campaign_id " + integer + " NOT NULL,"
                " area_id " + integer + " NOT NULL,"
                " organization_id " + integer + ","
                " volunteer_user_id " + integer + ","
                " PRIMARY KEY (municipality_id, campaign_id, area_id),"
                " CHECK ((organization_id IS NULL) <> (volunteer_user_id IS NULL)),"
                " FOREIGN KEY (campaign_id, municipality_id) REFERENCES survey_campaigns (id, municipality_id),"
                " FOREIGN KEY (area_id, municipality_id) REFERENCES areas (id, municipality_id),"
                " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id),"
                " FOREIGN KEY (volunteer_user_id, municipality_id) REFERENCES users (id, municipality_id)" +
                clustered_end);
    s.push_back("CREATE TABLE survey_households ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL,"
                " campaign_id " + integer + " NOT NULL,"
                " area_id " + integer + " NOT NULL,"
                " address " + text + " NOT NULL,"
                " head_name " + text + " NOT NULL,"
                " origin " + text + " NOT NULL CHECK (origin IN ('list', 'doorstep')),"
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (campaign_id, municipality_id) REFERENCES survey_campaigns (id, municipality_id),"
                " FOREIGN KEY (area_id, municipality_id) REFERENCES areas (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX survey_households_by_area ON survey_households (municipality_id, campaign_id, area_id, id)");
    s.push_back("CREATE TABLE survey_hearing_notes ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL,"
                " household_id " + integer + " NOT NULL,"
                " informant " + text + " NOT NULL CHECK (informant IN ('neighborhood_chief', 'welfare_volunteer')),"
                " note " + text + " NOT NULL,"
                " recorded_by " + integer + " NOT NULL,"
                " recorded_at " + instant + " NOT NULL,"
                " FOREIGN KEY (household_id, municipality_id) REFERENCES survey_households (id, municipality_id),"
                " FOREIGN KEY (recorded_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX survey_hearing_notes_by_household ON survey_hearing_notes (municipality_id, household_id)");
    s.push_back("CREATE TABLE survey_visits ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL,"
                " campaign_id " + integer + " NOT NULL,"
                " household_id " + integer + " NOT NULL,"
                " area_id " + integer + " NOT NULL,"
                " visited_on " + date + " NOT NULL,"
                " visitors " + text + " NOT NULL,"
                " outcome " + text + " NOT NULL CHECK (outcome IN (" + outcomes + ")),"
                " form_version " + integer + " NOT NULL,"
                " notice " + text + " NOT NULL,"
                " organization_id " + integer + ","
                " volunteer_user_id " + integer + ","
                " recorded_by " + integer + " NOT NULL,"
                " recorded_at " + instant + " NOT NULL,"
                " consultation_id " + integer + ","
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (campaign_id, municipality_id) REFERENCES survey_campaigns (id, municipality_id),"
                " FOREIGN KEY (household_id, municipality_id) REFERENCES survey_households (id, municipality_id),"
                " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id),"
                " FOREIGN KEY (volunteer_user_id, municipality_id) REFERENCES users (id, municipality_id),"
                " FOREIGN KEY (recorded_by, municipality_id) REFERENCES users (id, municipality_id),"
                " FOREIGN KEY (consultation_id, municipality_id) REFERENCES consultations (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX survey_visits_by_household ON survey_visits (municipality_id, campaign_id, household_id,"
                " visited_on, id)");
    s.push_back("CREATE TABLE survey_visit_answers ("
                " municipality_id " + integer + " NOT NULL,"
                " visit_id " + integer + " NOT NULL,"
                " item_key " + text + " NOT NULL,"
                " answer " + text + " NOT NULL,"
                " PRIMARY KEY (municipality_id, visit_id, item_key),"
                " FOREIGN KEY (visit_id, municipality_id) REFERENCES survey_visits (id, municipality_id)" +
                clustered_end);
    return migration;
}
// clang-format on

}  // namespace kasane::storage
