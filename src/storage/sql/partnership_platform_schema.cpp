// SPDX-License-Identifier: Apache-2.0
// Migration 39: 官民連携プラットフォーム and 協議会 (issue 16, item 6), written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// A platform or council of the town: its kind, the statutory meeting body it is (a 孤独・孤立対策地域協議会 of town
// set-up) when it is one, the 公示 (number as published and date, both or neither) and the 共同設置 partner town by
// name and 団体コード (both or neither; the partner is no tenant here: no id of it is stored). Its members are the
// town's organisations or outside ones named as text with their town, each with a sector; its 分科会 with their
// members; its meetings and notices (a date, a title and a summary: no personal data).
Migration PartnershipPlatformMigration(const DdlTypes& t) {
    Migration migration{.version = 39, .name = "partnership platforms", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE partnership_platforms ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " kind " + text + " NOT NULL CHECK (kind IN ('public_private_platform', 'isolation_council', 'other_council')),"
                " name " + text + " NOT NULL,"
                " purpose " + text + " NOT NULL,"
                " meeting_body_id " + integer + ","
                " notice_number " + text + " NOT NULL,"
                " notice_on " + date + ","
                " partner_town_name " + text + " NOT NULL,"
                " partner_town_code " + text + " NOT NULL,"
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " CHECK ((notice_number = '') = (notice_on IS NULL)),"
                " CHECK ((partner_town_name = '') = (partner_town_code = '')),"
                " FOREIGN KEY (meeting_body_id, municipality_id) REFERENCES meeting_bodies (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE TABLE platform_members ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " platform_id " + integer + " NOT NULL,"
                " organization_id " + integer + ","
                " outside_name " + text + " NOT NULL,"
                " outside_town " + text + " NOT NULL,"
                " sector " + text + " NOT NULL CHECK (sector IN ('government', 'social_welfare_council',"
                "  'social_welfare_corporation', 'npo', 'business', 'neighborhood_association', 'medical', 'education',"
                "  'other')),"
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " UNIQUE (id, platform_id),"
                " CHECK ((organization_id IS NULL) <> (outside_name = '')),"
                " FOREIGN KEY (platform_id, municipality_id) REFERENCES partnership_platforms (id, municipality_id),"
                " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX platform_members_by_platform ON platform_members (municipality_id, platform_id)");
    s.push_back("CREATE TABLE platform_subgroups ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " platform_id " + integer + " NOT NULL,"
                " name " + text + " NOT NULL,"
                " theme " + text + " NOT NULL,"
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " UNIQUE (id, platform_id),"
                " FOREIGN KEY (platform_id, municipality_id) REFERENCES partnership_platforms (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX platform_subgroups_by_platform ON platform_subgroups (municipality_id, platform_id)");
    // A 分科会's member is a member of the same platform (the composite keys hold it).
    s.push_back("CREATE TABLE platform_subgroup_members ("
                " municipality_id " + integer + " NOT NULL,"
                " platform_id " + integer + " NOT NULL,"
                " subgroup_id " + integer + " NOT NULL,"
                " member_id " + integer + " NOT NULL,"
                " PRIMARY KEY (municipality_id, subgroup_id, member_id),"
                " FOREIGN KEY (subgroup_id, platform_id) REFERENCES platform_subgroups (id, platform_id),"
                " FOREIGN KEY (member_id, platform_id) REFERENCES platform_members (id, platform_id),"
                " FOREIGN KEY (platform_id, municipality_id) REFERENCES partnership_platforms (id, municipality_id)" +
                clustered_end);
    s.push_back("CREATE TABLE platform_entries ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " platform_id " + integer + " NOT NULL,"
                " kind " + text + " NOT NULL CHECK (kind IN ('meeting', 'notice')),"
                " dated " + date + " NOT NULL,"
                " title " + text + " NOT NULL,"
                " summary " + text + " NOT NULL,"
                " subgroup_id " + integer + ","
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (platform_id, municipality_id) REFERENCES partnership_platforms (id, municipality_id),"
                " FOREIGN KEY (subgroup_id, platform_id) REFERENCES platform_subgroups (id, platform_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX platform_entries_by_platform ON platform_entries (municipality_id, platform_id, dated)");
    return migration;
}
// clang-format on

}  // namespace kasane::storage
