// SPDX-License-Identifier: Apache-2.0
// Migration 51: 事業別実績 and 関係者調査 (PDCA, issue 17, item 8), written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 51: 事業別実績 — per 年度 and 事業, how it is run (直営・委託・一部委託), its 委託先 (an organisation of the
// town or a name typed) and 実施内容 — and 関係者調査: a survey with its items, each agency's answer and its counts.
// No column holds a person: the counts are whole numbers, the texts a title, labels and agency names. The CHECKs
// repeat the domain's rules as the last guard.
Migration ProgramResultMigration(const DdlTypes& t) {
    Migration migration{.version = 51, .name = "program_results", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE program_results ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " fiscal_year " + integer + " NOT NULL,"
                " program " + text + " NOT NULL CHECK (program IN ('intake', 'collaboration', 'outreach',"
                "  'participation', 'community')),"
                " operation " + text + " NOT NULL CHECK (operation IN ('direct', 'commissioned', 'partly_commissioned')),"
                " activities " + text + " NOT NULL,"
                " updated_by " + integer + " NOT NULL,"
                " updated_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " UNIQUE (municipality_id, fiscal_year, program),"
                " FOREIGN KEY (updated_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE TABLE program_result_contractors ("
                " municipality_id " + integer + " NOT NULL,"
                " result_id " + integer + " NOT NULL,"
                " ordinal " + integer + " NOT NULL,"
                " organization_id " + integer + ","
                " name " + text + " NOT NULL,"
                " CHECK (organization_id IS NOT NULL OR name <> ''),"
                " PRIMARY KEY (municipality_id, result_id, ordinal),"
                " FOREIGN KEY (result_id, municipality_id) REFERENCES program_results (id, municipality_id),"
                " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id)" +
                clustered_end);
    s.push_back("CREATE TABLE stakeholder_surveys ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " title " + text + " NOT NULL,"
                " fiscal_year " + integer + " NOT NULL,"
                " conducted_on " + date + ","
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE TABLE stakeholder_survey_items ("
                " municipality_id " + integer + " NOT NULL,"
                " survey_id " + integer + " NOT NULL,"
                " ordinal " + integer + " NOT NULL,"
                " label " + text + " NOT NULL,"
                " PRIMARY KEY (municipality_id, survey_id, ordinal),"
                " FOREIGN KEY (survey_id, municipality_id) REFERENCES stakeholder_surveys (id, municipality_id)" +
                clustered_end);
    s.push_back("CREATE TABLE stakeholder_survey_responses ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " survey_id " + integer + " NOT NULL,"
                " organization_id " + integer + ","
                " agency " + text + " NOT NULL,"
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " CHECK (organization_id IS NOT NULL OR agency <> ''),"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (survey_id, municipality_id) REFERENCES stakeholder_surveys (id, municipality_id),"
                " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX stakeholder_survey_responses_by_survey"
                " ON stakeholder_survey_responses (municipality_id, survey_id)");
    s.push_back("CREATE TABLE stakeholder_survey_counts ("
                " municipality_id " + integer + " NOT NULL,"
                " response_id " + integer + " NOT NULL,"
                " ordinal " + integer + " NOT NULL,"
                " answer " + integer + " NOT NULL CHECK (answer >= 0),"
                " PRIMARY KEY (municipality_id, response_id, ordinal),"
                " FOREIGN KEY (response_id, municipality_id) REFERENCES stakeholder_survey_responses (id, municipality_id)" +
                clustered_end);
    return migration;
}
// clang-format on

}  // namespace kasane::storage
