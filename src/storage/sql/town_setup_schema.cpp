// SPDX-License-Identifier: Apache-2.0
// Migration 15: the first run of an installation (issue 14, item 1), written once for both dialects.

#include <string>

#include "domain/sharing.hpp"
#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 15: set-up. town_setup holds at most one row (id = 1): the set-up of this installation, so that two
// set-ups racing on an empty database cannot both succeed (the second's insert is a conflict and its transaction
// rolls back). setup_tokens are the one-time tokens `kasane serve` prints on an empty database, stored as their
// SHA-256 (never the token), each with its expiry and the instant it was used. municipality_statistics are the
// town's figures by 年度 (population, households, 高齢化率 in tenths of a percent) that rates are computed from.
//
// The statutory meeting bodies set up as templates include two bases that migration 3's CHECK on
// meeting_bodies.legal_basis did not list (消費者安全確保地域協議会, 困難女性支援法の支援調整会議): the CHECK is widened
// first (WidenCheck; the CREATE TABLEs after it are SQLite's real schema change).
Migration TownSetupMigration(const DdlTypes& t, std::string_view backend) {
    Migration migration{.version = 15, .name = "town set-up", .statements = {}};
    auto& s = migration.statements;
    WidenCheck(s, backend, CheckWidening{.table = "meeting_bodies", .column = "legal_basis",
                                         .released = LegalBasisCheckList(), .widened = TownSetupLegalBasisCheckList(),
                                         .sqlite_prefix = " legal_basis TEXT NOT NULL "});
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE town_setup ("
                " id " + integer + " PRIMARY KEY CHECK (id = 1),"
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " completed_at " + instant + " NOT NULL" + table_end);
    s.push_back("CREATE TABLE setup_tokens ("
                " token_hash " + text + " NOT NULL PRIMARY KEY CHECK (length(token_hash) = 64),"
                " created_at " + instant + " NOT NULL,"
                " expires_at " + instant + " NOT NULL,"
                " used_at " + instant + clustered_end);
    s.push_back("CREATE TABLE municipality_statistics ("
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " fiscal_year " + integer + " NOT NULL CHECK (fiscal_year BETWEEN 1900 AND 2200),"
                " population " + integer + " NOT NULL CHECK (population >= 0),"
                " households " + integer + " NOT NULL CHECK (households >= 0),"
                " aging_rate_permille " + integer + " NOT NULL CHECK (aging_rate_permille BETWEEN 0 AND 1000),"
                " PRIMARY KEY (municipality_id, fiscal_year)" + clustered_end);
    return migration;
}
// clang-format on

std::string AllLegalBasisCheckList() { return sql_support::CodeList(domain::kAllLegalBases, domain::LegalBasisCode); }

}  // namespace kasane::storage
