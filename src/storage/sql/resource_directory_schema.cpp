// SPDX-License-Identifier: Apache-2.0
// Migration 28: the resource directory (issue 16, item 1), written once for both dialects.

#include <string>

#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 28: the resource directory modelled on Open Referral HSDS 3.0. Each organisation and service is one row
// with its HSDS id (a UUID, unique in the municipality) and its HSDS document as JSON text (an organization without
// "services", a service without "organization"), which the domain reads; the name is a column for the order of lists.
Migration ResourceDirectoryMigration(const DdlTypes& t) {
    Migration migration{.version = 28, .name = "resource directory", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE resource_organizations ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " external_id " + text + " NOT NULL CHECK (length(external_id) = 36),"
                " name " + text + " NOT NULL,"
                " document " + text + " NOT NULL,"
                " updated_by " + integer + " NOT NULL,"
                " updated_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " UNIQUE (municipality_id, external_id),"
                " FOREIGN KEY (updated_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE TABLE resource_services ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " organization_id " + integer + " NOT NULL,"
                " external_id " + text + " NOT NULL CHECK (length(external_id) = 36),"
                " name " + text + " NOT NULL,"
                " document " + text + " NOT NULL,"
                " updated_by " + integer + " NOT NULL,"
                " updated_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " UNIQUE (municipality_id, external_id),"
                " FOREIGN KEY (organization_id, municipality_id) REFERENCES resource_organizations (id, municipality_id),"
                " FOREIGN KEY (updated_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX resource_services_by_organization ON resource_services (municipality_id,"
                " organization_id, id)");
    return migration;
}
// clang-format on

}  // namespace kasane::storage
