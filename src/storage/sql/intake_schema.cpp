// SPDX-License-Identifier: Apache-2.0
// Migration 2 (persons, households, consultations, referrals, audit trail, settings), written once for both
// dialects: the DDL differs only in column types and table options, which DdlTypes supplies.
//
// Every table carries municipality_id, and every reference to a row of another table is a composite foreign key
// (x_id, municipality_id), so a row can never point into another municipality. Areas gain UNIQUE (id,
// municipality_id) for that purpose; an area's *kind* is checked by the repository (a foreign key cannot).

#include "storage/sql/intake_support.hpp"
#include "storage/sql/migrations.hpp"

namespace kasane::storage {

// The DDL is laid out one column per line; clang-format would break it at every `+`.
// clang-format off
Migration IntakeMigration(const DdlTypes& t) {
    Migration migration{.version = 2, .name = "persons, consultations, referrals, audit", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    auto boolean = [&t](const std::string& name) { return sql_support::BooleanColumn(t, name); };

    s.push_back("CREATE UNIQUE INDEX areas_id_municipality ON areas (id, municipality_id)");

    // 本人. Intake is partial: every data column but the names may be empty or NULL.
    s.push_back("CREATE TABLE persons ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " family_name " + text + " NOT NULL,"
                " given_name " + text + " NOT NULL,"
                " family_name_kana " + text + " NOT NULL,"
                " given_name_kana " + text + " NOT NULL,"
                " reading_self_reported " + text + " NOT NULL,"
                " birth_date " + date + ","
                " sex " + text + " CHECK (sex IN (" + SexCheckList() + ")),"
                " phone " + text + " NOT NULL,"
                " contact_notes " + text + " NOT NULL,"
                " address_prefecture " + text + " NOT NULL,"
                " address_municipality " + text + " NOT NULL,"
                " address_town " + text + " NOT NULL,"
                " address_block " + text + " NOT NULL,"
                " address_building " + text + " NOT NULL," +
                boolean("resides_elsewhere") +
                " neighborhood_id " + integer + ","
                " elementary_school_district_id " + integer + ","
                " junior_high_school_district_id " + integer + ","
                " welfare_volunteer_district_id " + integer + ","
                " unknown_reasons " + text + " NOT NULL," +  // JSON object: field name -> reason code
                boolean("dv_protected") +
                " created_by_organization_id " + integer + " NOT NULL,"
                " created_by_user_id " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " updated_at " + instant + " NOT NULL,"
                " version " + integer + " NOT NULL CHECK (version >= 1),"
                " merged_into " + integer + ","
                " UNIQUE (id, municipality_id),"
                " CHECK (merged_into IS NULL OR merged_into <> id),"
                " FOREIGN KEY (created_by_organization_id, municipality_id) REFERENCES organizations (id, municipality_id),"
                " FOREIGN KEY (created_by_user_id, municipality_id) REFERENCES users (id, municipality_id),"
                " FOREIGN KEY (neighborhood_id, municipality_id) REFERENCES areas (id, municipality_id),"
                " FOREIGN KEY (elementary_school_district_id, municipality_id) REFERENCES areas (id, municipality_id),"
                " FOREIGN KEY (junior_high_school_district_id, municipality_id) REFERENCES areas (id, municipality_id),"
                " FOREIGN KEY (welfare_volunteer_district_id, municipality_id) REFERENCES areas (id, municipality_id),"
                " FOREIGN KEY (merged_into, municipality_id) REFERENCES persons (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX persons_by_birth_date ON persons (municipality_id, birth_date)");
    s.push_back("CREATE INDEX persons_by_merged_into ON persons (municipality_id, merged_into)");

    // The search keys beside the record; `grams` and `address_grams` (JSON arrays) name exactly the rows of
    // person_grams to delete when the keys change, so person_grams needs no index by person.
    s.push_back("CREATE TABLE person_search ("
                " person_id " + integer + " PRIMARY KEY,"
                " municipality_id " + integer + " NOT NULL,"
                " name_key " + text + " NOT NULL,"
                " kana_key " + text + " NOT NULL,"
                " reading_key " + text + " NOT NULL,"
                " address_key " + text + " NOT NULL,"
                " phone_key " + text + " NOT NULL,"
                " grams " + text + " NOT NULL,"
                " address_grams " + text + " NOT NULL,"
                " FOREIGN KEY (person_id, municipality_id) REFERENCES persons (id, municipality_id) ON DELETE CASCADE" +
                table_end);
    s.push_back("CREATE INDEX person_search_by_phone ON person_search (municipality_id, phone_key)");
    // The 2-gram inverted index: one posting list per (municipality, field, gram), ordered by person id. The
    // whole row is the key (clustered in SQLite), so a posting list is one contiguous range.
    s.push_back("CREATE TABLE person_grams ("
                " municipality_id " + integer + " NOT NULL,"
                " field " + text + " NOT NULL CHECK (field IN ('n', 'a')),"
                " gram " + text + " NOT NULL,"
                " person_id " + integer + " NOT NULL,"
                " PRIMARY KEY (municipality_id, field, gram, person_id)" +
                clustered_end);
    s.push_back("CREATE TABLE person_merges ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL,"
                " survivor_id " + integer + " NOT NULL,"
                " merged_id " + integer + " NOT NULL,"
                " merged_by " + integer + " NOT NULL,"
                " merged_at " + instant + " NOT NULL,"
                " undone_by " + integer + ","
                " undone_at " + instant + ","
                " FOREIGN KEY (survivor_id, municipality_id) REFERENCES persons (id, municipality_id),"
                " FOREIGN KEY (merged_id, municipality_id) REFERENCES persons (id, municipality_id),"
                " FOREIGN KEY (merged_by, municipality_id) REFERENCES users (id, municipality_id),"
                " FOREIGN KEY (undone_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX person_merges_by_survivor ON person_merges (municipality_id, survivor_id)");
    s.push_back("CREATE INDEX person_merges_by_merged ON person_merges (municipality_id, merged_id)");
    s.push_back("CREATE TABLE person_dv_staff ("
                " person_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " user_id " + integer + " NOT NULL,"
                " PRIMARY KEY (person_id, user_id),"
                " FOREIGN KEY (person_id, municipality_id) REFERENCES persons (id, municipality_id) ON DELETE CASCADE,"
                " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id) ON DELETE CASCADE" +
                clustered_end);

    // 世帯
    s.push_back("CREATE TABLE households ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " name " + text + " NOT NULL,"
                " notes " + text + " NOT NULL,"
                " created_by_organization_id " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " version " + integer + " NOT NULL CHECK (version >= 1),"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (created_by_organization_id, municipality_id) REFERENCES organizations (id, municipality_id)" +
                table_end);
    s.push_back("CREATE TABLE household_members ("
                " id " + id + ","
                " household_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " person_id " + integer + " NOT NULL,"
                " relationship " + text + " NOT NULL CHECK (relationship IN (" + RelationshipCheckList() + "))," +
                boolean("is_head") +
                " moved_in " + date + ","
                " moved_out " + date + ","
                " moved_out_reason " + text + " NOT NULL,"
                " FOREIGN KEY (household_id, municipality_id) REFERENCES households (id, municipality_id) ON DELETE CASCADE,"
                " FOREIGN KEY (person_id, municipality_id) REFERENCES persons (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX household_members_by_household ON household_members (household_id)");
    s.push_back("CREATE INDEX household_members_by_person ON household_members (municipality_id, person_id)");

    // 相談の分類 master
    s.push_back("CREATE TABLE worry_categories ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " code " + text + " NOT NULL,"
                " label " + text + " NOT NULL,"
                " sort_order " + integer + " NOT NULL," +
                boolean("active") +
                " UNIQUE (municipality_id, code),"
                " UNIQUE (id, municipality_id)" +
                table_end);

    // 相談 (a thread) and its contacts
    s.push_back("CREATE TABLE consultations ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " receiving_organization_id " + integer + " NOT NULL,"
                " received_by_user_id " + integer + " NOT NULL,"
                " person_id " + integer + " NOT NULL,"
                " household_id " + integer + ","
                " chief_complaint " + text + " NOT NULL,"
                " outcome " + text + " NOT NULL CHECK (outcome IN (" + OutcomeCheckList() + ")),"
                " outcome_note " + text + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " version " + integer + " NOT NULL CHECK (version >= 1),"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (receiving_organization_id, municipality_id) REFERENCES organizations (id, municipality_id),"
                " FOREIGN KEY (received_by_user_id, municipality_id) REFERENCES users (id, municipality_id),"
                " FOREIGN KEY (person_id, municipality_id) REFERENCES persons (id, municipality_id),"
                " FOREIGN KEY (household_id, municipality_id) REFERENCES households (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX consultations_by_person ON consultations (municipality_id, person_id)");
    s.push_back("CREATE TABLE consultation_categories ("
                " consultation_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " category_id " + integer + " NOT NULL," +
                boolean("most_pressing") +
                " PRIMARY KEY (consultation_id, category_id),"
                " FOREIGN KEY (consultation_id, municipality_id) REFERENCES consultations (id, municipality_id)"
                "  ON DELETE CASCADE,"
                " FOREIGN KEY (category_id, municipality_id) REFERENCES worry_categories (id, municipality_id)" +
                clustered_end);
    // Copies of the consultation's fields that the yearly count needs, so that it reads one covering index range
    // (contacts_by_occurred_at) and nothing else: person_id and household_id (never change), outcome (kept equal
    // by ConsultationRepository::SetOutcome in the same transaction) and category_ids (the consultation's
    // categories as comma-separated ids, fixed when the consultation is created; consultation_categories stays
    // the record of them). Whoever adds a way to change either must update these copies too.
    s.push_back("CREATE TABLE contacts ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL,"
                " consultation_id " + integer + " NOT NULL,"
                " person_id " + integer + " NOT NULL,"
                " household_id " + integer + ","
                " occurred_at " + instant + " NOT NULL,"
                " channel " + text + " NOT NULL CHECK (channel IN (" + ChannelCheckList() + ")),"
                " source " + text + " NOT NULL CHECK (source IN (" + SourceCheckList() + ")),"
                " caller_name " + text + " NOT NULL,"
                " caller_relationship " + text + " NOT NULL,"
                " caller_phone " + text + " NOT NULL,"
                " caller_organization_id " + integer + ","
                " organization_id " + integer + " NOT NULL,"
                " staff_user_id " + integer + " NOT NULL,"
                " outcome " + text + " NOT NULL CHECK (outcome IN (" + OutcomeCheckList() + ")),"
                " category_ids " + text + " NOT NULL,"
                " summary " + text + " NOT NULL,"
                " summary_tag " + text + " NOT NULL CHECK (summary_tag IN (" + TextTagCheckList() + ")),"
                " recorded_at " + instant + " NOT NULL,"
                " FOREIGN KEY (consultation_id, municipality_id) REFERENCES consultations (id, municipality_id)"
                "  ON DELETE CASCADE,"
                " FOREIGN KEY (person_id, municipality_id) REFERENCES persons (id, municipality_id),"
                " FOREIGN KEY (caller_organization_id, municipality_id) REFERENCES organizations (id, municipality_id),"
                " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id),"
                " FOREIGN KEY (staff_user_id, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX contacts_by_consultation ON contacts (consultation_id, occurred_at)");
    s.push_back("CREATE INDEX contacts_by_occurred_at ON contacts (municipality_id, occurred_at" +
                std::string(t.covering_prefix) + "consultation_id, person_id, household_id, channel, source, " +
                "organization_id, outcome, category_ids" + t.covering_suffix + ")");

    // つなぎ
    s.push_back("CREATE TABLE referrals ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " person_id " + integer + " NOT NULL,"
                " consultation_id " + integer + ","
                " from_organization_id " + integer + " NOT NULL,"
                " to_organization_id " + integer + " NOT NULL,"
                " reason " + text + " NOT NULL,"
                " sheet " + text + " NOT NULL,"  // JSON, the つなぐシート as sent
                " status " + text + " NOT NULL CHECK (status IN (" + ReferralStatusCheckList() + ")),"
                " sent_at " + instant + " NOT NULL,"
                " version " + integer + " NOT NULL CHECK (version >= 1),"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (person_id, municipality_id) REFERENCES persons (id, municipality_id),"
                " FOREIGN KEY (consultation_id, municipality_id) REFERENCES consultations (id, municipality_id),"
                " FOREIGN KEY (from_organization_id, municipality_id) REFERENCES organizations (id, municipality_id),"
                " FOREIGN KEY (to_organization_id, municipality_id) REFERENCES organizations (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX referrals_by_receiver ON referrals (municipality_id, to_organization_id)");
    s.push_back("CREATE INDEX referrals_by_sender ON referrals (municipality_id, from_organization_id)");
    s.push_back("CREATE INDEX referrals_by_person ON referrals (municipality_id, person_id)");
    s.push_back("CREATE TABLE referral_events ("
                " id " + id + ","
                " referral_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " status " + text + " NOT NULL CHECK (status IN (" + ReferralStatusCheckList() + ")),"
                " at " + instant + " NOT NULL,"
                " user_id " + integer + " NOT NULL,"
                " organization_id " + integer + " NOT NULL,"
                " note " + text + " NOT NULL,"
                " FOREIGN KEY (referral_id, municipality_id) REFERENCES referrals (id, municipality_id) ON DELETE CASCADE,"
                " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id),"
                " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX referral_events_by_referral ON referral_events (referral_id, id)");

    // The audit trail. No foreign keys to users or persons: an entry must outlive what it mentions, and the
    // chain must verify even after a record is deleted.
    s.push_back("CREATE TABLE audit_entries ("
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " sequence " + integer + " NOT NULL CHECK (sequence >= 1),"
                " at " + instant + " NOT NULL,"
                " user_id " + integer + " NOT NULL,"
                " organization_id " + integer + " NOT NULL,"
                " action " + text + " NOT NULL,"
                " record_type " + text + " NOT NULL,"
                " record_id " + integer + " NOT NULL,"
                " person_id " + integer + ","
                " fields " + text + " NOT NULL,"
                " basis " + text + " NOT NULL,"
                " basis_detail " + text + " NOT NULL,"
                " remote_address " + text + " NOT NULL,"
                " request_id " + text + " NOT NULL,"
                " detail " + text + " NOT NULL,"
                " previous_hash " + text + " NOT NULL,"
                " hash " + text + " NOT NULL,"
                " PRIMARY KEY (municipality_id, sequence)" +
                clustered_end);
    s.push_back("CREATE INDEX audit_entries_by_person ON audit_entries (municipality_id, person_id, sequence)");
    s.push_back("CREATE INDEX audit_entries_by_user ON audit_entries (municipality_id, user_id, at)");
    s.push_back("CREATE INDEX audit_entries_by_action ON audit_entries (municipality_id, action, at)");
    s.push_back("CREATE TABLE audit_chain_heads ("
                " municipality_id " + integer + " PRIMARY KEY REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " last_sequence " + integer + " NOT NULL,"
                " last_hash " + text + " NOT NULL" +
                table_end);

    s.push_back("CREATE TABLE municipality_settings ("
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " key " + text + " NOT NULL,"
                " value " + text + " NOT NULL,"
                " PRIMARY KEY (municipality_id, key)" +
                clustered_end);
    return migration;
}
// clang-format on

std::string SexCheckList() { return CodeList(kSexes, domain::SexCode); }
std::string RelationshipCheckList() { return CodeList(kRelationships, domain::RelationshipCode); }
std::string ChannelCheckList() { return CodeList(kChannels, domain::ChannelCode); }
// The sources released with migration 2, frozen: 匿名 ('anonymous') is allowed by migration 14.
std::string SourceCheckList() {
    return "'self', 'family', 'neighbor', 'welfare_volunteer', 'neighborhood_association', 'agency', 'other'";
}
// The codes released with migration 2, frozen: later outcomes (継続) live in the `result` column of migration 11.
std::string OutcomeCheckList() { return "'open', 'information_provided', 'referred', 'escalated'"; }
std::string TextTagCheckList() { return CodeList(kTextTags, domain::TextTagCode); }
std::string ReferralStatusCheckList() { return CodeList(kReferralStatuses, domain::ReferralStatusCode); }

}  // namespace kasane::storage
