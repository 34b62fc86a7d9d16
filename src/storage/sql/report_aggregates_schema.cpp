// SPDX-License-Identifier: Apache-2.0
// Migrations 53, 54 and 65: the 年度集計's maintained aggregates (issue 18, item 2; domain/report_aggregates.hpp),
// written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 53: the counter tables. Days are Japan-time dates as yyyymmdd integers and 年度 the western year they
// start in, both computed by base/japan_time.hpp in the program (report_aggregates_store.cpp), never in SQL.
Migration ReportAggregatesMigration(const DdlTypes& t) {
    Migration migration{.version = 53, .name = "report_aggregates", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    // 延べ: counted contacts per Japan-time day and bucket.
    s.push_back("CREATE TABLE report_contact_days ("
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " day " + integer + " NOT NULL,"
                " bucket " + text + " NOT NULL,"
                " contacts " + integer + " NOT NULL,"
                " PRIMARY KEY (municipality_id, day, bucket)" +
                clustered_end);
    // 実: counted contacts per 年度, bucket and member (a surviving person, a household, a consultation).
    s.push_back("CREATE TABLE report_year_members ("
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " fiscal_year " + integer + " NOT NULL,"
                " bucket " + text + " NOT NULL,"
                " member_id " + integer + " NOT NULL,"
                " contacts " + integer + " NOT NULL CHECK (contacts > 0),"
                " PRIMARY KEY (municipality_id, fiscal_year, bucket, member_id)" +
                clustered_end);
    // A member's buckets in a 年度, read before an addition (report_aggregates_store.cpp: AggregateChange::Flush).
    s.push_back("CREATE INDEX report_year_members_by_member ON report_year_members (municipality_id, fiscal_year, "
                "member_id)");
    // 実人数 and its kin: the members of report_year_members per 年度 and bucket.
    s.push_back("CREATE TABLE report_year_distinct ("
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " fiscal_year " + integer + " NOT NULL,"
                " bucket " + text + " NOT NULL,"
                " members " + integer + " NOT NULL,"
                " PRIMARY KEY (municipality_id, fiscal_year, bucket)" +
                clustered_end);
    return migration;
}

// Migration 54: the tables filled from the records already stored. Its only step is the program's
// (FillReportAggregates, run by ApplyMigrations in the migration's transaction), because the Japan-time day of each
// contact has one home (base/japan_time.hpp).
Migration ReportAggregatesFillMigration() {
    return Migration{.version = 54, .name = "report_aggregates_filled", .statements = {}};
}

// Migration 65: 世帯人員 and データの質 per 年度 and facet (domain/report_aggregates.hpp: PersonFacets), filled by the
// program from the stored members (FillReportFacets, run by ApplyMigrations in the migration's transaction).
Migration ReportFacetsMigration(const DdlTypes& t) {
    Migration migration{.version = 65, .name = std::string(kReportFacetsMigrationName), .statements = {}};
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    migration.statements.push_back("CREATE TABLE report_year_facets ("
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " fiscal_year " + integer + " NOT NULL,"
                " facet " + text + " NOT NULL,"
                " persons " + integer + " NOT NULL,"
                " contacts " + integer + " NOT NULL,"
                " PRIMARY KEY (municipality_id, fiscal_year, facet)" +
                clustered_end);
    return migration;
}
// clang-format on

}  // namespace kasane::storage
