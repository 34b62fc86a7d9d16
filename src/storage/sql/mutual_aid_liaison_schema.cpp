// SPDX-License-Identifier: Apache-2.0
// Migration 26: the 支え愛連絡会 (issue 15, item 3), written once for both dialects.

#include <array>
#include <string>

#include "domain/sharing.hpp"
#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

namespace {

// The bases as migration 15 widened the CHECK to, frozen: SQLite finds this text in the table's definition.
constexpr std::array kBasesOfMigration15{domain::LegalBasis::kArticle106_6,
                                         domain::LegalBasis::kMultilayerMeeting,
                                         domain::LegalBasis::kIsolationCouncil,
                                         domain::LegalBasis::kPovertySupport,
                                         domain::LegalBasis::kChildProtection,
                                         domain::LegalBasis::kCommunityCareMeeting,
                                         domain::LegalBasis::kDisabilityCouncil,
                                         domain::LegalBasis::kPublicAssistance,
                                         domain::LegalBasis::kConsumerSafetyCouncil,
                                         domain::LegalBasis::kWomenSupportCouncil,
                                         domain::LegalBasis::kOther};

// The bases as this migration widened the CHECK to, frozen (migration 43 widens it again).
constexpr std::array kBasesOfMigration26{
    domain::LegalBasis::kArticle106_6,          domain::LegalBasis::kMultilayerMeeting,
    domain::LegalBasis::kIsolationCouncil,      domain::LegalBasis::kPovertySupport,
    domain::LegalBasis::kChildProtection,       domain::LegalBasis::kCommunityCareMeeting,
    domain::LegalBasis::kDisabilityCouncil,     domain::LegalBasis::kPublicAssistance,
    domain::LegalBasis::kConsumerSafetyCouncil, domain::LegalBasis::kWomenSupportCouncil,
    domain::LegalBasis::kMutualAidLiaison,      domain::LegalBasis::kOther};

}  // namespace

std::string TownSetupLegalBasisCheckList() {
    return sql_support::CodeList(kBasesOfMigration15, domain::LegalBasisCode);
}

std::string MutualAidLiaisonLegalBasisCheckList() {
    return sql_support::CodeList(kBasesOfMigration26, domain::LegalBasisCode);
}

// clang-format off
// Migration 26: meeting_bodies.legal_basis gains 'mutual_aid_liaison' (WidenCheck; the CREATE TABLEs after it are
// SQLite's real schema change). mutual_aid_liaison_bodies ties a 支え愛連絡会 to its 自治会, one per 自治会;
// liaison_meetings are its meetings, liaison_attendees who came (a user, or a resident by name and role, without
// an account), liaison_concerns what was shared — a person only with the consent that allowed the name, otherwise
// a text without a person link (the CHECK keeps the two together).
Migration MutualAidLiaisonMigration(const DdlTypes& t, std::string_view backend) {
    Migration migration{.version = 26, .name = "mutual aid liaison", .statements = {}};
    auto& s = migration.statements;
    WidenCheck(s, backend, CheckWidening{.table = "meeting_bodies", .column = "legal_basis",
                                         .released = TownSetupLegalBasisCheckList(),
                                         .widened = MutualAidLiaisonLegalBasisCheckList(),
                                         .sqlite_prefix = " legal_basis TEXT NOT NULL "});
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    s.push_back("CREATE TABLE mutual_aid_liaison_bodies ("
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " body_id " + integer + " NOT NULL,"
                " neighborhood_area_id " + integer + " NOT NULL,"
                " PRIMARY KEY (municipality_id, body_id),"
                " UNIQUE (municipality_id, neighborhood_area_id),"
                " FOREIGN KEY (body_id, municipality_id) REFERENCES meeting_bodies (id, municipality_id),"
                " FOREIGN KEY (neighborhood_area_id, municipality_id) REFERENCES areas (id, municipality_id)" +
                clustered_end);
    s.push_back("CREATE TABLE liaison_meetings ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " body_id " + integer + " NOT NULL,"
                " neighborhood_area_id " + integer + " NOT NULL,"
                " held_on " + date + " NOT NULL,"
                " notes " + text + " NOT NULL,"
                " recorded_by " + integer + " NOT NULL,"
                " recorded_at " + instant + " NOT NULL,"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (municipality_id, body_id) REFERENCES mutual_aid_liaison_bodies (municipality_id, body_id),"
                " FOREIGN KEY (recorded_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX liaison_meetings_by_body ON liaison_meetings (municipality_id, body_id, held_on)");
    s.push_back("CREATE TABLE liaison_attendees ("
                " municipality_id " + integer + " NOT NULL,"
                " meeting_id " + integer + " NOT NULL,"
                " position " + integer + " NOT NULL,"
                " user_id " + integer + ","
                " name " + text + " NOT NULL,"
                " role " + text + " NOT NULL,"
                " PRIMARY KEY (municipality_id, meeting_id, position),"
                " FOREIGN KEY (meeting_id, municipality_id) REFERENCES liaison_meetings (id, municipality_id)"
                " ON DELETE CASCADE,"
                " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id)" +
                clustered_end);
    s.push_back("CREATE TABLE liaison_concerns ("
                " municipality_id " + integer + " NOT NULL,"
                " meeting_id " + integer + " NOT NULL,"
                " position " + integer + " NOT NULL,"
                " person_id " + integer + ","
                " consent_id " + integer + ","
                " text " + text + " NOT NULL,"
                " PRIMARY KEY (municipality_id, meeting_id, position),"
                " CHECK ((person_id IS NULL) = (consent_id IS NULL)),"
                " FOREIGN KEY (meeting_id, municipality_id) REFERENCES liaison_meetings (id, municipality_id)"
                " ON DELETE CASCADE,"
                " FOREIGN KEY (person_id, municipality_id) REFERENCES persons (id, municipality_id),"
                " FOREIGN KEY (consent_id, municipality_id) REFERENCES consents (id, municipality_id)" +
                clustered_end);
    return migration;
}
// clang-format on

}  // namespace kasane::storage
