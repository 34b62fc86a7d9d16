// SPDX-License-Identifier: Apache-2.0
// Migration 3 (consents, meeting bodies and meetings, emergency access), written once for both dialects like
// migration 2: the DDL differs only in column types and table options, which DdlTypes supplies.
//
// Every table carries municipality_id, and every reference is a composite foreign key (x_id, municipality_id), so
// a consent, a meeting or an emergency access can never name a person, organisation, user or body of another
// municipality. The repositories check the references first, to name the field; the keys are the backstop.

#include "storage/sql/migrations.hpp"
#include "storage/sql/sharing_support.hpp"

namespace kasane::storage {

// The DDL is laid out one column per line; clang-format would break it at every `+`.
// clang-format off
Migration SharingMigration(const DdlTypes& t) {
    Migration migration{.version = 3, .name = "consents, meetings, emergency access", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    auto boolean = [&t](const std::string& name) { return sql_support::BooleanColumn(t, name); };

    // 会議体: the town's own name for a body, with a fixed legal basis that decides the rule.
    s.push_back("CREATE TABLE meeting_bodies ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " legal_basis " + text + " NOT NULL CHECK (legal_basis IN (" + LegalBasisCheckList() + ")),"
                " display_name " + text + " NOT NULL," +
                boolean("shares_without_consent") +
                " sharing_days " + integer + " NOT NULL CHECK (sharing_days >= 0),"
                " coordinating_organization_id " + integer + ","
                " created_at " + instant + " NOT NULL,"
                " version " + integer + " NOT NULL CHECK (version >= 1),"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (coordinating_organization_id, municipality_id) REFERENCES organizations (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX meeting_bodies_by_municipality ON meeting_bodies (municipality_id, id)");
    // 構成機関, with the confidentiality pledge and the day a member left (secrecy outlives membership).
    s.push_back("CREATE TABLE meeting_body_members ("
                " body_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " organization_id " + integer + " NOT NULL,"
                " pledge_signed_on " + date + ","
                " left_on " + date + ","
                " PRIMARY KEY (body_id, organization_id),"
                " FOREIGN KEY (body_id, municipality_id) REFERENCES meeting_bodies (id, municipality_id) ON DELETE CASCADE,"
                " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id)" +
                clustered_end);

    s.push_back("CREATE TABLE meetings ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " body_id " + integer + " NOT NULL,"
                " held_on " + date + " NOT NULL,"
                " convenor_user_id " + integer + " NOT NULL,"
                " minutes " + text + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " version " + integer + " NOT NULL CHECK (version >= 1),"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (body_id, municipality_id) REFERENCES meeting_bodies (id, municipality_id),"
                " FOREIGN KEY (convenor_user_id, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX meetings_by_held_on ON meetings (municipality_id, held_on, id)");
    s.push_back("CREATE INDEX meetings_by_body ON meetings (municipality_id, body_id, held_on, id)");
    s.push_back("CREATE TABLE meeting_attendees ("
                " id " + id + ","
                " meeting_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " user_id " + integer + ","
                " name " + text + " NOT NULL,"
                " organization_id " + integer + " NOT NULL,"
                " FOREIGN KEY (meeting_id, municipality_id) REFERENCES meetings (id, municipality_id) ON DELETE CASCADE,"
                " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id),"
                " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX meeting_attendees_by_meeting ON meeting_attendees (meeting_id, id)");
    // What was shared about each person for the meeting. Indexed by person: AccessFacts reads it for every
    // search result.
    s.push_back("CREATE TABLE meeting_agenda_items ("
                " id " + id + ","
                " meeting_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " person_id " + integer + " NOT NULL,"
                " household_id " + integer + ","
                " shared_summary " + text + " NOT NULL,"
                " FOREIGN KEY (meeting_id, municipality_id) REFERENCES meetings (id, municipality_id) ON DELETE CASCADE,"
                " FOREIGN KEY (person_id, municipality_id) REFERENCES persons (id, municipality_id),"
                " FOREIGN KEY (household_id, municipality_id) REFERENCES households (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX meeting_agenda_items_by_meeting ON meeting_agenda_items (meeting_id, id)");
    s.push_back("CREATE INDEX meeting_agenda_items_by_person ON meeting_agenda_items (municipality_id, person_id)");
    s.push_back("CREATE TABLE meeting_decisions ("
                " meeting_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " position " + integer + " NOT NULL CHECK (position >= 0),"
                " kind " + text + " NOT NULL,"
                " text " + text + " NOT NULL,"
                " PRIMARY KEY (meeting_id, position),"
                " FOREIGN KEY (meeting_id, municipality_id) REFERENCES meetings (id, municipality_id) ON DELETE CASCADE" +
                clustered_end);

    // 同意. Withdrawal sets withdrawn_at; a consent row is never deleted (past access stays explained).
    s.push_back("CREATE TABLE consents ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " person_id " + integer + " NOT NULL," +
                boolean("by_proxy") +
                " proxy_name " + text + " NOT NULL,"
                " proxy_relationship " + text + " NOT NULL,"
                " purpose " + text + " NOT NULL,"
                " given_on " + date + " NOT NULL,"
                " method " + text + " NOT NULL CHECK (method IN (" + ConsentMethodCheckList() + ")),"
                " witness " + text + " NOT NULL,"
                " explanation_version " + text + " NOT NULL,"
                " expires_on " + date + ","
                " withdrawn_at " + instant + ","
                " recorded_by " + integer + " NOT NULL,"
                " recorded_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (person_id, municipality_id) REFERENCES persons (id, municipality_id),"
                " FOREIGN KEY (recorded_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX consents_by_person ON consents (municipality_id, person_id)");
    s.push_back("CREATE TABLE consent_organizations ("
                " consent_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " organization_id " + integer + " NOT NULL,"
                " PRIMARY KEY (consent_id, organization_id),"
                " FOREIGN KEY (consent_id, municipality_id) REFERENCES consents (id, municipality_id) ON DELETE CASCADE,"
                " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id)" +
                clustered_end);
    s.push_back("CREATE TABLE consent_bodies ("
                " consent_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " body_id " + integer + " NOT NULL,"
                " PRIMARY KEY (consent_id, body_id),"
                " FOREIGN KEY (consent_id, municipality_id) REFERENCES consents (id, municipality_id) ON DELETE CASCADE,"
                " FOREIGN KEY (body_id, municipality_id) REFERENCES meeting_bodies (id, municipality_id)" +
                clustered_end);

    // 緊急時の閲覧 (個人情報保護法 第69条第2項第4号), reviewed afterwards by an administrator.
    s.push_back("CREATE TABLE emergency_accesses ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " person_id " + integer + " NOT NULL,"
                " user_id " + integer + " NOT NULL,"
                " organization_id " + integer + " NOT NULL,"
                " reason " + text + " NOT NULL,"
                " granted_at " + instant + " NOT NULL,"
                " expires_at " + instant + " NOT NULL,"
                " acknowledged_by " + integer + ","
                " CHECK (expires_at >= granted_at),"
                " FOREIGN KEY (person_id, municipality_id) REFERENCES persons (id, municipality_id),"
                " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id),"
                " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id),"
                " FOREIGN KEY (acknowledged_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX emergency_accesses_by_person ON emergency_accesses (municipality_id, person_id)");
    s.push_back("CREATE INDEX emergency_accesses_by_granted_at ON emergency_accesses (municipality_id, granted_at, id)");
    return migration;
}
// clang-format on

std::string LegalBasisCheckList() { return CodeList(kLegalBases, domain::LegalBasisCode); }
std::string ConsentMethodCheckList() { return CodeList(kConsentMethods, domain::ConsentMethodCode); }

}  // namespace kasane::storage
