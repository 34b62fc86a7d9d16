// SPDX-License-Identifier: Apache-2.0
// Migration 5: pledges by person, referrals to a person, joint meetings, written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 5: sharing bound to persons, not organisations, and meetings held jointly by two bodies. 社会福祉法第106条の6 binds the persons who take part in a
// meeting, so each person named as their organisation's member of a body carries a pledge of their own; and a
// referral can be addressed to one person by name (a 民生委員 sees only what is given to them by name). The
// referral's to_user_id is added by ALTER TABLE, which cannot add a composite key in SQLite: the key is on the user
// alone and the repository checks the tenant, as for the case_id of migration 4.
Migration PersonalSharingMigration(const DdlTypes& t) {
    Migration migration{.version = 5, .name = "pledges by person, referrals to a person, joint meetings", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE meeting_body_named_members ("
                " body_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " user_id " + integer + " NOT NULL,"
                " organization_id " + integer + " NOT NULL,"
                " pledge_signed_on " + date + " NOT NULL,"
                " left_on " + date + ","
                " PRIMARY KEY (body_id, user_id),"
                " FOREIGN KEY (body_id, municipality_id) REFERENCES meeting_bodies (id, municipality_id) ON DELETE CASCADE,"
                " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id),"
                " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id)" +
                clustered_end);
    s.push_back("ALTER TABLE referrals ADD COLUMN to_user_id " + integer + " REFERENCES users (id)");
    // A meeting held jointly by two bodies (read under the stricter of their rules).
    s.push_back("ALTER TABLE meetings ADD COLUMN joint_body_id " + integer + " REFERENCES meeting_bodies (id)");
    return migration;
}
// clang-format on

}  // namespace kasane::storage
