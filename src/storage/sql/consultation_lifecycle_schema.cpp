// SPDX-License-Identifier: Apache-2.0
// Migration 11: a consultation's lifecycle (issue 13, item 1), written once for both dialects.

#include <string>

#include "storage/sql/intake_support.hpp"
#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// clang-format off
// Migration 11: the status of a consultation apart from its 対応結果, close and reopen with a reason
// (consultation_events), 取消 of a consultation or a contact (kept, with who, when and why), the 次回連絡予定, and
// the referral or case an outcome names.
//
// The 対応結果 gains 継続 ('continuing'). The CHECK of the released `outcome` columns (migration 2) cannot be widened
// in SQLite without rebuilding consultations and contacts (whose children cascade), so the result moves to a new
// column `result` on both tables, copied from `outcome`; `outcome` stays (forward-only migrations) and is written
// with the nearest released code ('open' for 継続) but no longer read. contacts.counted is the copy of
// domain::IsCounted (neither the contact nor its consultation cancelled) that the yearly count reads from its
// covering index, which is rebuilt to carry `result` and `counted` instead of `outcome`.
Migration ConsultationLifecycleMigration(const DdlTypes& t) {
    Migration migration{.version = 11, .name = "consultation lifecycle", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    const std::string results = ResultCheckList();
    const std::string true_value = t.boolean_needs_check ? "1" : "TRUE";
    s.push_back("ALTER TABLE consultations ADD COLUMN result " + text + " NOT NULL DEFAULT 'open'"
                " CHECK (result IN (" + results + "))");
    s.push_back("UPDATE consultations SET result = outcome");
    s.push_back("ALTER TABLE consultations ADD COLUMN status " + text + " NOT NULL DEFAULT 'open'"
                " CHECK (status IN (" + ConsultationStatusCheckList() + "))");
    s.push_back("ALTER TABLE consultations ADD COLUMN outcome_referral_id " + integer + " REFERENCES referrals (id)");
    s.push_back("ALTER TABLE consultations ADD COLUMN outcome_case_id " + integer + " REFERENCES cases (id)");
    s.push_back("ALTER TABLE consultations ADD COLUMN next_contact_on " + date);
    s.push_back("ALTER TABLE consultations ADD COLUMN cancelled_at " + instant);
    s.push_back("ALTER TABLE consultations ADD COLUMN cancelled_by " + integer + " REFERENCES users (id)");
    s.push_back("ALTER TABLE consultations ADD COLUMN cancel_reason " + text);
    s.push_back("CREATE INDEX consultations_next_contact ON consultations"
                " (municipality_id, received_by_user_id, next_contact_on)");

    s.push_back("ALTER TABLE contacts ADD COLUMN result " + text + " NOT NULL DEFAULT 'open'"
                " CHECK (result IN (" + results + "))");
    s.push_back("UPDATE contacts SET result = outcome");
    s.push_back("ALTER TABLE contacts ADD COLUMN counted " + std::string(t.boolean_column) + " NOT NULL DEFAULT " +
                true_value + (t.boolean_needs_check ? " CHECK (counted IN (0, 1))" : ""));
    s.push_back("ALTER TABLE contacts ADD COLUMN cancelled_at " + instant);
    s.push_back("ALTER TABLE contacts ADD COLUMN cancelled_by " + integer + " REFERENCES users (id)");
    s.push_back("ALTER TABLE contacts ADD COLUMN cancel_reason " + text);
    s.push_back("DROP INDEX contacts_by_occurred_at");
    s.push_back("CREATE INDEX contacts_by_occurred_at ON contacts (municipality_id, occurred_at" +
                std::string(t.covering_prefix) + "consultation_id, person_id, household_id, channel, source, " +
                "organization_id, result, category_ids, counted" + t.covering_suffix + ")");

    s.push_back("CREATE TABLE consultation_events ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL,"
                " consultation_id " + integer + " NOT NULL,"
                " kind " + text + " NOT NULL CHECK (kind IN (" + ConsultationEventKindCheckList() + ")),"
                " at " + instant + " NOT NULL,"
                " user_id " + integer + " NOT NULL,"
                " reason " + text + " NOT NULL,"
                " FOREIGN KEY (consultation_id, municipality_id) REFERENCES consultations (id, municipality_id)"
                "  ON DELETE CASCADE,"
                " FOREIGN KEY (user_id, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX consultation_events_by_consultation ON consultation_events (consultation_id, at)");
    return migration;
}
// clang-format on

std::string ResultCheckList() { return CodeList(kOutcomes, domain::OutcomeCode); }
std::string ConsultationStatusCheckList() { return CodeList(kConsultationStatuses, domain::ConsultationStatusCode); }
std::string ConsultationEventKindCheckList() {
    return CodeList(kConsultationEventKinds, domain::ConsultationEventKindCode);
}

}  // namespace kasane::storage
