// SPDX-License-Identifier: Apache-2.0
// Migration 23: アウトリーチ等を通じた継続的支援 (issue 15, item 1), written once for both dialects.

#include <string>

#include "domain/outreach.hpp"
#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

namespace {

// CHECK (column IN (…)) lists from the domain's codes, as of this migration.
template <class Enum, std::size_t N>
std::string CheckListOf(const Enum (&all)[N], std::string_view (*code_of)(Enum)) {
    std::string list;
    for (Enum value : all) {
        if (!list.empty()) list += ", ";
        list += "'" + std::string(code_of(value)) + "'";
    }
    return list;
}

}  // namespace

// clang-format off
// Migration 23: the outreach records (a person, optionally the household; kind; the responsible worker and
// organisation; the stage and the next planned visit), their dated stage changes, and the attempts (when, method,
// outcome, the visiting organisation and who went, 受診状況 for 精神科, the consultation an attempt became).
Migration OutreachMigration(const DdlTypes& t) {
    Migration migration{.version = 23, .name = "outreach", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    const std::string stages = CheckListOf(domain::kAllOutreachStages, domain::OutreachStageCode);
    s.push_back("CREATE TABLE outreach_records ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " person_id " + integer + " NOT NULL,"
                " household_id " + integer + ","
                " kind " + text + " NOT NULL CHECK (kind IN (" +
                CheckListOf(domain::kAllOutreachKinds, domain::OutreachKindCode) + ")),"
                " reason " + text + " NOT NULL,"
                " worker_id " + integer + " NOT NULL,"
                " organization_id " + integer + " NOT NULL,"
                " stage " + text + " NOT NULL CHECK (stage IN (" + stages + ")),"
                " opened_on " + date + " NOT NULL,"
                " next_visit_on " + date + ","
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (person_id, municipality_id) REFERENCES persons (id, municipality_id),"
                " FOREIGN KEY (household_id, municipality_id) REFERENCES households (id, municipality_id),"
                " FOREIGN KEY (worker_id, municipality_id) REFERENCES users (id, municipality_id),"
                " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX outreach_records_by_worker ON outreach_records (municipality_id, worker_id, id)");
    s.push_back("CREATE INDEX outreach_records_by_person ON outreach_records (municipality_id, person_id)");
    s.push_back("CREATE TABLE outreach_stage_changes ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL,"
                " outreach_id " + integer + " NOT NULL,"
                " from_stage " + text + " NOT NULL CHECK (from_stage IN (" + stages + ")),"
                " to_stage " + text + " NOT NULL CHECK (to_stage IN (" + stages + ")),"
                " changed_on " + date + " NOT NULL,"
                " reason " + text + " NOT NULL,"
                " changed_by " + integer + " NOT NULL,"
                " changed_at " + instant + " NOT NULL,"
                " FOREIGN KEY (outreach_id, municipality_id) REFERENCES outreach_records (id, municipality_id)"
                " ON DELETE CASCADE,"
                " FOREIGN KEY (changed_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX outreach_stage_changes_by_record ON outreach_stage_changes (municipality_id,"
                " outreach_id, id)");
    s.push_back("CREATE TABLE outreach_attempts ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL,"
                " outreach_id " + integer + " NOT NULL,"
                " attempted_at " + instant + " NOT NULL,"
                " method " + text + " NOT NULL CHECK (method IN (" +
                CheckListOf(domain::kAllOutreachMethods, domain::OutreachMethodCode) + ")),"
                " outcome " + text + " NOT NULL CHECK (outcome IN (" +
                CheckListOf(domain::kAllOutreachOutcomes, domain::OutreachOutcomeCode) + ")),"
                " visiting_organization_id " + integer + " NOT NULL,"
                " visitors " + text + " NOT NULL,"
                " note " + text + " NOT NULL,"
                " treatment " + text + " CHECK (treatment IN (" +
                CheckListOf(domain::kAllTreatmentStatuses, domain::TreatmentStatusCode) + ")),"
                " consultation_id " + integer + ","
                " recorded_by " + integer + " NOT NULL,"
                " recorded_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (outreach_id, municipality_id) REFERENCES outreach_records (id, municipality_id)"
                " ON DELETE CASCADE,"
                " FOREIGN KEY (visiting_organization_id, municipality_id) REFERENCES organizations"
                " (id, municipality_id),"
                " FOREIGN KEY (consultation_id, municipality_id) REFERENCES consultations (id, municipality_id),"
                " FOREIGN KEY (recorded_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX outreach_attempts_by_record ON outreach_attempts (municipality_id, outreach_id,"
                " attempted_at)");
    s.push_back("CREATE INDEX outreach_attempts_by_time ON outreach_attempts (municipality_id, attempted_at)");
    return migration;
}
// clang-format on

}  // namespace kasane::storage
