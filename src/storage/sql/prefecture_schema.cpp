// SPDX-License-Identifier: Apache-2.0
// Migration 9 (the prefectures), written once for both dialects like migrations 2 to 8.
//
// The 都道府県 the operator registers (issue 11, item 13): the 2-digit 都道府県コード of JIS X 0401 as the key and
// the name. A municipality is linked to its prefecture by the first two digits of its 全国地方公共団体コード, so
// municipalities need no new column; the rule that the prefecture be registered is the domain's (Administration).

#include "storage/sql/migrations.hpp"
#include "storage/sql/sql_store.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
Migration PrefectureMigration(const DdlTypes& t) {
    Migration migration{.version = 9, .name = "prefectures", .statements = {}};
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    migration.statements.push_back(
        "CREATE TABLE prefectures ("
        " code " + text + " PRIMARY KEY CHECK (length(code) = 2 AND code >= '01' AND code <= '47'),"
        " name " + text + " NOT NULL UNIQUE,"
        " created_at " + instant + " NOT NULL" +
        clustered_end);
    return migration;
}
// clang-format on

}  // namespace kasane::storage
