// SPDX-License-Identifier: Apache-2.0
// Migration 50: 課題と特性 of the persons supported (issue 17, item 3), written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 50: 課題と特性. A person's traits, one row per trait (the codes of domain/person_traits.cpp, frozen here:
// a code added later widens the CHECK in its own migration), and when and by whom the person's traits were last set
// (a row even when they were set to none). The traits of a record merged into another stay on it (名寄せ can be undone);
// the survivor is read with the union (person_traits_store.cpp).
Migration PersonTraitsMigration(const DdlTypes& t) {
    Migration migration{.version = 50, .name = "person_traits", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE person_trait_sets ("
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " person_id " + integer + " NOT NULL,"
                " updated_by " + integer + " NOT NULL,"
                " updated_at " + instant + " NOT NULL,"
                " PRIMARY KEY (municipality_id, person_id),"
                " FOREIGN KEY (person_id, municipality_id) REFERENCES persons (id, municipality_id) ON DELETE CASCADE,"
                " FOREIGN KEY (updated_by, municipality_id) REFERENCES users (id, municipality_id)" +
                clustered_end);
    s.push_back("CREATE TABLE person_traits ("
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " person_id " + integer + " NOT NULL,"
                " trait_code " + text + " NOT NULL CHECK (trait_code IN ('withdrawal', 'eighty_fifty', 'double_care',"
                "  'young_carer', 'mental_illness', 'disability', 'dementia', 'poverty', 'multiple_debt', 'isolation',"
                "  'hoarding', 'abuse', 'domestic_violence', 'school_refusal', 'employment', 'care', 'addiction',"
                "  'ex_offender', 'housing', 'other')),"
                " PRIMARY KEY (municipality_id, person_id, trait_code),"
                " FOREIGN KEY (person_id, municipality_id) REFERENCES persons (id, municipality_id) ON DELETE CASCADE" +
                clustered_end);
    return migration;
}
// clang-format on

}  // namespace kasane::storage
