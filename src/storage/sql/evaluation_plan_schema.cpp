// SPDX-License-Identifier: Apache-2.0
// Migration 44: 実施計画と評価 (PDCA, issue 17, item 8), written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 44: 実施計画と評価. A plan over a span of 年度; its 評価指標 each of a kind (the actual counted from the
// records, or typed for 'manual'), with a target per 年度 and, for 'manual', the actual typed; the アクションプラン's
// items per 年度. Nothing names a person. The CHECKs repeat the domain's rules (ValidateIndicatorYear) as the last
// guard.
Migration EvaluationPlanMigration(const DdlTypes& t) {
    Migration migration{.version = 44, .name = "evaluation_plan", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE evaluation_plans ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " name " + text + " NOT NULL,"
                " first_year " + integer + " NOT NULL,"
                " last_year " + integer + " NOT NULL CHECK (last_year >= first_year),"
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE TABLE evaluation_indicators ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " plan_id " + integer + " NOT NULL,"
                " kind " + text + " NOT NULL CHECK (kind IN ('consultation_contacts', 'consultation_persons',"
                "  'support_meetings', 'cases_opened', 'outreach_persons', 'participation_persons',"
                "  'cooperating_hosts', 'community_places', 'community_participants', 'trainees', 'manual')),"
                " name " + text + " NOT NULL,"
                " unit " + text + " NOT NULL,"
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (plan_id, municipality_id) REFERENCES evaluation_plans (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX evaluation_indicators_by_plan ON evaluation_indicators (municipality_id, plan_id)");
    s.push_back("CREATE TABLE evaluation_targets ("
                " municipality_id " + integer + " NOT NULL,"
                " indicator_id " + integer + " NOT NULL,"
                " fiscal_year " + integer + " NOT NULL,"
                " target " + integer + " NOT NULL CHECK (target >= 0),"
                " manual_actual " + integer + " CHECK (manual_actual >= 0),"
                " PRIMARY KEY (municipality_id, indicator_id, fiscal_year),"
                " FOREIGN KEY (indicator_id, municipality_id) REFERENCES evaluation_indicators (id, municipality_id)" +
                clustered_end);
    s.push_back("CREATE TABLE evaluation_actions ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " plan_id " + integer + " NOT NULL,"
                " fiscal_year " + integer + " NOT NULL,"
                " item " + text + " NOT NULL,"
                " owner " + text + " NOT NULL,"
                " status " + text + " NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'cancelled')),"
                " evaluation " + text + " NOT NULL,"
                " rating " + text + " CHECK (rating IN ('A', 'B', 'C')),"
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (plan_id, municipality_id) REFERENCES evaluation_plans (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX evaluation_actions_by_plan ON evaluation_actions (municipality_id, plan_id, fiscal_year)");
    return migration;
}
// clang-format on

}  // namespace kasane::storage
