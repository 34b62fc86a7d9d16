// SPDX-License-Identifier: Apache-2.0
// Migration 4 (support cases, plans, notes), written once for both dialects like migrations 2 and 3: the DDL
// differs only in column types and table options, which DdlTypes supplies.
//
// Every table carries municipality_id, and every reference is a composite foreign key (x_id, municipality_id), so
// a case, a plan or a note can never name a person, organisation, user, meeting or form of another municipality.
// The repositories check the references first, to name the field; the keys are the backstop. The one exception is
// the case_id added to the meeting agenda and decisions: ALTER TABLE … ADD COLUMN cannot add a table constraint
// in SQLite, so there the key is on the id alone and the tenant is checked by the meeting repository.
//
// Indexes follow the reads: the case page (a case by id, its programs, categories and team by case, its plans and
// their actions by case, the newest notes by (case_id, occurred_at DESC)), the work lists (open actions by
// responsible organisation and due date, current plans by review date, cases by lead, status, coordinator,
// opening date), the fiscal-year counts (by date) and AccessFacts (cases by person and by household).
//
// Deliberately absent: indexes of categories, team members and agenda items by category, organisation or case.
// No read needs them (the work list tests a case's categories and team through their primary keys), and SQLite
// without statistics preferred them to the primary keys, turning per-case lookups into scans of the municipality.

#include <array>

#include "domain/support_case.hpp"
#include "storage/sql/migrations.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {
namespace {

using domain::ActionStatus;
using domain::CaseStatus;
using domain::EcoKind;
using domain::EcoStrength;
using domain::NoteMethod;
using domain::PlanState;
using domain::Program;

std::string ProgramCheckList() { return sql_support::CodeList(domain::kAllPrograms, domain::ProgramCode); }

std::string CaseStatusCheckList() { return sql_support::CodeList(domain::kAllCaseStatuses, domain::CaseStatusCode); }

std::string PlanStateCheckList() { return sql_support::CodeList(domain::kAllPlanStates, domain::PlanStateCode); }

std::string ActionStatusCheckList() {
    return sql_support::CodeList(domain::kAllActionStatuses, domain::ActionStatusCode);
}

std::string EcoKindCheckList() { return sql_support::CodeList(domain::kAllEcoKinds, domain::EcoKindCode); }

std::string EcoStrengthCheckList() { return sql_support::CodeList(domain::kAllEcoStrengths, domain::EcoStrengthCode); }

std::string NoteMethodCheckList() { return sql_support::CodeList(domain::kAllNoteMethods, domain::NoteMethodCode); }

}  // namespace

// The DDL is laid out one column per line; clang-format would break it at every `+`.
// clang-format off
Migration CaseMigration(const DdlTypes& t) {
    Migration migration{.version = 4, .name = "support cases, plans, notes", .statements = {}};
    auto& s = migration.statements;
    const auto [id, integer, text, instant, date, table_end, clustered_end] = sql_support::DdlColumnsOf(t);
    auto boolean = [&t](const std::string& name) { return sql_support::BooleanColumn(t, name); };
    const std::string open_action = "status IN ('planned', 'in_progress')";

    // 支援ケース
    s.push_back("CREATE TABLE cases ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " person_id " + integer + " NOT NULL,"
                " household_id " + integer + ","
                " title " + text + " NOT NULL,"
                " lead_organization_id " + integer + " NOT NULL,"
                " coordinator_user_id " + integer + ","
                " status " + text + " NOT NULL CHECK (status IN (" + CaseStatusCheckList() + ")),"
                " opened_from_consultation_id " + integer + ","
                " opened_at_meeting_id " + integer + ","
                " opened_on " + date + " NOT NULL,"
                " closed_on " + date + ","
                " closure_reason " + text + " NOT NULL,"
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " updated_at " + instant + " NOT NULL,"
                " version " + integer + " NOT NULL CHECK (version >= 1),"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (person_id, municipality_id) REFERENCES persons (id, municipality_id),"
                " FOREIGN KEY (household_id, municipality_id) REFERENCES households (id, municipality_id),"
                " FOREIGN KEY (lead_organization_id, municipality_id) REFERENCES organizations (id, municipality_id),"
                " FOREIGN KEY (coordinator_user_id, municipality_id) REFERENCES users (id, municipality_id),"
                " FOREIGN KEY (opened_from_consultation_id, municipality_id) REFERENCES consultations (id, municipality_id),"
                " FOREIGN KEY (opened_at_meeting_id, municipality_id) REFERENCES meetings (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX cases_by_person ON cases (municipality_id, person_id)");
    s.push_back("CREATE INDEX cases_by_household ON cases (municipality_id, household_id)");
    s.push_back("CREATE INDEX cases_by_opened_on ON cases (municipality_id, opened_on, id)");
    s.push_back("CREATE INDEX cases_by_closed_on ON cases (municipality_id, closed_on)");
    s.push_back("CREATE INDEX cases_by_lead ON cases (municipality_id, lead_organization_id, status)");
    s.push_back("CREATE INDEX cases_by_status ON cases (municipality_id, status, opened_on)");
    s.push_back("CREATE INDEX cases_by_coordinator ON cases (municipality_id, coordinator_user_id)");
    // One row per 事業 the case is worked under.
    s.push_back("CREATE TABLE case_programs ("
                " case_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " program " + text + " NOT NULL CHECK (program IN (" + ProgramCheckList() + ")),"
                " status " + text + " NOT NULL CHECK (status IN (" + CaseStatusCheckList() + ")),"
                " started_on " + date + " NOT NULL,"
                " ended_on " + date + ","
                " end_reason " + text + " NOT NULL,"
                " carried_on_by " + integer + ","
                " PRIMARY KEY (case_id, program),"
                " FOREIGN KEY (case_id, municipality_id) REFERENCES cases (id, municipality_id) ON DELETE CASCADE,"
                " FOREIGN KEY (carried_on_by, municipality_id) REFERENCES organizations (id, municipality_id)" +
                clustered_end);
    s.push_back("CREATE INDEX case_programs_by_started_on ON case_programs (municipality_id, started_on)");
    s.push_back("CREATE INDEX case_programs_by_ended_on ON case_programs (municipality_id, ended_on)");
    s.push_back("CREATE TABLE case_categories ("
                " case_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " category_id " + integer + " NOT NULL,"
                " PRIMARY KEY (case_id, category_id),"
                " FOREIGN KEY (case_id, municipality_id) REFERENCES cases (id, municipality_id) ON DELETE CASCADE,"
                " FOREIGN KEY (category_id, municipality_id) REFERENCES worry_categories (id, municipality_id)" +
                clustered_end);
    // 役割分担: the team with each organisation's agreed role.
    s.push_back("CREATE TABLE case_team_members ("
                " id " + id + ","
                " case_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " organization_id " + integer + " NOT NULL,"
                " role " + text + " NOT NULL,"
                " agreed_on " + date + ","
                " agreed_at_meeting_id " + integer + ","
                " left_on " + date + ","
                " FOREIGN KEY (case_id, municipality_id) REFERENCES cases (id, municipality_id) ON DELETE CASCADE,"
                " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id),"
                " FOREIGN KEY (agreed_at_meeting_id, municipality_id) REFERENCES meetings (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX case_team_members_by_case ON case_team_members (case_id, id)");

    // アセスメントシート: versioned definitions, items as a JSON array.
    s.push_back("CREATE TABLE form_definitions ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " code " + text + " NOT NULL,"
                " form_version " + integer + " NOT NULL CHECK (form_version >= 1),"
                " title " + text + " NOT NULL,"
                " items " + text + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " created_by " + integer + " NOT NULL,"
                " UNIQUE (municipality_id, code, form_version),"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE TABLE assessments ("
                " id " + id + ","
                " case_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " form_definition_id " + integer + " NOT NULL,"
                " assessed_on " + date + " NOT NULL,"
                " assessed_by " + integer + " NOT NULL,"
                " organization_id " + integer + " NOT NULL,"
                " answers " + text + " NOT NULL,"  // JSON array of {item_key, member_person_id, values}
                " background " + text + " NOT NULL,"
                " strengths " + text + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " FOREIGN KEY (case_id, municipality_id) REFERENCES cases (id, municipality_id),"
                " FOREIGN KEY (form_definition_id, municipality_id) REFERENCES form_definitions (id, municipality_id),"
                " FOREIGN KEY (assessed_by, municipality_id) REFERENCES users (id, municipality_id),"
                " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX assessments_by_case ON assessments (case_id, assessed_on, id)");
    s.push_back("CREATE INDEX assessments_by_form ON assessments (municipality_id, form_definition_id)");
    // エコマップ
    s.push_back("CREATE TABLE eco_relations ("
                " id " + id + ","
                " case_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " member_person_id " + integer + ","
                " kind " + text + " NOT NULL CHECK (kind IN (" + EcoKindCheckList() + ")),"
                " name " + text + " NOT NULL,"
                " organization_id " + integer + ","
                " strength " + text + " NOT NULL CHECK (strength IN (" + EcoStrengthCheckList() + ")),"
                " note " + text + " NOT NULL,"
                " FOREIGN KEY (case_id, municipality_id) REFERENCES cases (id, municipality_id),"
                " FOREIGN KEY (member_person_id, municipality_id) REFERENCES persons (id, municipality_id),"
                " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX eco_relations_by_case ON eco_relations (case_id, id)");

    // 支援プラン: versions within a case; at most one approved (the current plan) by the repository's rule.
    s.push_back("CREATE TABLE support_plans ("
                " id " + id + ","
                " case_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " plan_version " + integer + " NOT NULL CHECK (plan_version >= 1),"
                " goals " + text + " NOT NULL,"
                " household_goal " + text + " NOT NULL," +
                boolean("refer_participation") +
                boolean("refer_outreach") +
                " review_on " + date + ","
                " state " + text + " NOT NULL CHECK (state IN (" + PlanStateCheckList() + ")),"
                " approved_at_meeting_id " + integer + ","
                " approved_on " + date + ","
                " created_by " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " version " + integer + " NOT NULL CHECK (version >= 1),"
                " UNIQUE (case_id, plan_version),"
                " UNIQUE (id, municipality_id),"
                " FOREIGN KEY (case_id, municipality_id) REFERENCES cases (id, municipality_id),"
                " FOREIGN KEY (approved_at_meeting_id, municipality_id) REFERENCES meetings (id, municipality_id),"
                " FOREIGN KEY (created_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX support_plans_current_by_review_on ON support_plans (municipality_id, review_on, id) "
                "WHERE state = 'approved'");
    s.push_back("CREATE INDEX support_plans_by_approved_on ON support_plans (municipality_id, approved_on)");
    s.push_back("CREATE TABLE plan_actions ("
                " id " + id + ","
                " plan_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " description " + text + " NOT NULL,"
                " responsible_organization_id " + integer + " NOT NULL,"
                " due_on " + date + ","
                " status " + text + " NOT NULL CHECK (status IN (" + ActionStatusCheckList() + ")),"
                " program " + text + " CHECK (program IN (" + ProgramCheckList() + ")),"
                " result " + text + " NOT NULL,"
                " completed_on " + date + ","
                " version " + integer + " NOT NULL CHECK (version >= 1),"
                " FOREIGN KEY (plan_id, municipality_id) REFERENCES support_plans (id, municipality_id) ON DELETE CASCADE,"
                " FOREIGN KEY (responsible_organization_id, municipality_id) REFERENCES organizations (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX plan_actions_by_plan ON plan_actions (plan_id, id)");
    // The work lists read open actions only: partial indexes keep them small.
    s.push_back("CREATE INDEX plan_actions_open_by_organization ON plan_actions "
                "(municipality_id, responsible_organization_id, due_on, id) WHERE " + open_action);
    s.push_back("CREATE INDEX plan_actions_open_by_due_on ON plan_actions (municipality_id, due_on, id) WHERE " +
                open_action);

    // 支援経過記録
    s.push_back("CREATE TABLE progress_notes ("
                " id " + id + ","
                " case_id " + integer + " NOT NULL,"
                " municipality_id " + integer + " NOT NULL,"
                " occurred_at " + instant + " NOT NULL,"
                " method " + text + " NOT NULL CHECK (method IN (" + NoteMethodCheckList() + ")),"
                " tag " + text + " NOT NULL CHECK (tag IN (" + TextTagCheckList() + ")),"
                " text " + text + " NOT NULL,"
                " about_person_id " + integer + ","
                " author_user_id " + integer + " NOT NULL,"
                " organization_id " + integer + " NOT NULL,"
                " created_at " + instant + " NOT NULL,"
                " FOREIGN KEY (case_id, municipality_id) REFERENCES cases (id, municipality_id),"
                " FOREIGN KEY (about_person_id, municipality_id) REFERENCES persons (id, municipality_id),"
                " FOREIGN KEY (author_user_id, municipality_id) REFERENCES users (id, municipality_id),"
                " FOREIGN KEY (organization_id, municipality_id) REFERENCES organizations (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX progress_notes_by_case ON progress_notes (case_id, occurred_at DESC, id DESC)");

    // 不足する社会資源
    s.push_back("CREATE TABLE missing_resources ("
                " id " + id + ","
                " municipality_id " + integer + " NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,"
                " case_id " + integer + ","
                " meeting_id " + integer + ","
                " description " + text + " NOT NULL,"
                " area_id " + integer + ","
                " noted_on " + date + " NOT NULL," +
                boolean("addressed") +
                " addressed_note " + text + " NOT NULL,"
                " recorded_by " + integer + " NOT NULL,"
                " FOREIGN KEY (case_id, municipality_id) REFERENCES cases (id, municipality_id),"
                " FOREIGN KEY (meeting_id, municipality_id) REFERENCES meetings (id, municipality_id),"
                " FOREIGN KEY (area_id, municipality_id) REFERENCES areas (id, municipality_id),"
                " FOREIGN KEY (recorded_by, municipality_id) REFERENCES users (id, municipality_id)" +
                table_end);
    s.push_back("CREATE INDEX missing_resources_by_noted_on ON missing_resources (municipality_id, noted_on, id)");

    // The case a meeting discussed or decided about (nullable: meetings predate cases and discuss people too).
    s.push_back("ALTER TABLE meeting_agenda_items ADD COLUMN case_id " + integer + " REFERENCES cases (id)");
    s.push_back("ALTER TABLE meeting_decisions ADD COLUMN case_id " + integer + " REFERENCES cases (id)");
    return migration;
}
// clang-format on

}  // namespace kasane::storage
