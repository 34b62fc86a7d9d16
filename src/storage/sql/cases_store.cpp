// SPDX-License-Identifier: Apache-2.0
// Support cases with their programs, categories and team, their assessments and eco-map relations
// (domain::CaseRepository).

#include "storage/sql/read_ahead.hpp"
#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <span>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/japan_time.hpp"
#include "base/log.hpp"

#include "storage/sql/case_support.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Cases

#define KASANE_CASE_COLUMNS                                                                                          \
    "c.id, c.municipality_id, c.person_id, c.household_id, c.title, c.lead_organization_id, c.coordinator_user_id, " \
    "c.status, c.opened_from_consultation_id, c.opened_at_meeting_id, c.opened_on, c.closed_on, c.closure_reason, "  \
    "c.created_by, c.created_at, c.updated_at, c.version"
constexpr std::size_t kCaseColumnCount = 17;

constexpr SqlStatement kInsertCase{
    "case_insert_case",
    "INSERT INTO cases (municipality_id, person_id, household_id, title, lead_organization_id, coordinator_user_id, "
    "status, opened_from_consultation_id, opened_at_meeting_id, opened_on, closed_on, closure_reason, created_by, "
    "created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1) "
    "RETURNING id"};
constexpr SqlStatement kUpdateCase{
    "case_update_case",
    "UPDATE cases SET household_id = $3, title = $4, lead_organization_id = $5, coordinator_user_id = $6, "
    "status = $7, opened_from_consultation_id = $8, opened_at_meeting_id = $9, opened_on = $10, closed_on = $11, "
    "closure_reason = $12, updated_at = $13, version = version + 1 "
    "WHERE id = $1 AND municipality_id = $2 AND version = $14"};
constexpr SqlStatement kSelectCase{
    "case_select_case", "SELECT " KASANE_CASE_COLUMNS " FROM cases c WHERE c.id = $1 AND c.municipality_id = $2"};
constexpr SqlStatement kSelectCasesOfPerson{"case_select_cases_of_person",
                                            "SELECT " KASANE_CASE_COLUMNS
                                            " FROM cases c WHERE c.municipality_id = $1 AND c.person_id = $2"};
// household_members_by_person, then cases_by_household.
constexpr SqlStatement kSelectCasesOfHouseholdMember{
    "case_select_cases_of_household_member",
    "SELECT " KASANE_CASE_COLUMNS
    " FROM household_members hm JOIN cases c ON c.household_id = hm.household_id AND c.municipality_id = "
    "hm.municipality_id WHERE hm.municipality_id = $1 AND hm.person_id = $2 AND hm.moved_out IS NULL"};
constexpr SqlStatement kSelectPrograms{
    "case_select_programs",
    "SELECT program, status, started_on, ended_on, end_reason, carried_on_by FROM case_programs "
    "WHERE case_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kSelectCategories{
    "case_select_categories",
    "SELECT category_id FROM case_categories WHERE case_id = $1 AND municipality_id = $2 ORDER BY category_id"};
constexpr SqlStatement kSelectTeam{
    "case_select_team",
    "SELECT id, organization_id, role, agreed_on, agreed_at_meeting_id, left_on FROM case_team_members "
    "WHERE case_id = $1 AND municipality_id = $2 ORDER BY id"};
constexpr SqlStatement kDeletePrograms{"case_delete_programs",
                                       "DELETE FROM case_programs WHERE case_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kDeleteCategories{"case_delete_categories",
                                         "DELETE FROM case_categories WHERE case_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kInsertProgram{
    "case_insert_program",
    "INSERT INTO case_programs (case_id, municipality_id, program, status, started_on, ended_on, end_reason, "
    "carried_on_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr SqlStatement kInsertCategory{
    "case_insert_category",
    "INSERT INTO case_categories (case_id, municipality_id, category_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"};
constexpr SqlStatement kInsertTeamMember{
    "case_insert_team_member",
    "INSERT INTO case_team_members (case_id, municipality_id, organization_id, role, agreed_on, "
    "agreed_at_meeting_id, left_on) VALUES ($1, $2, $3, $4, $5, $6, $7)"};
constexpr SqlStatement kUpdateTeamMember{
    "case_update_team_member",
    "UPDATE case_team_members SET organization_id = $4, role = $5, agreed_on = $6, agreed_at_meeting_id = $7, "
    "left_on = $8 WHERE id = $1 AND case_id = $2 AND municipality_id = $3"};
constexpr SqlStatement kDeleteTeamMember{
    "case_delete_team_member", "DELETE FROM case_team_members WHERE id = $1 AND case_id = $2 AND municipality_id = $3"};

// The work list: every filter is optional (a NULL parameter does not filter). Each parameter is used in a typed
// comparison before its IS NULL test, so that PostgreSQL infers its type from the column. Walks cases_by_opened_on
// backwards until `limit` rows match; the EXISTS tests are primary-key or index lookups per case.
#define KASANE_LAST_NOTE                                                                                            \
    "(SELECT n.occurred_at FROM progress_notes n WHERE n.case_id = c.id AND n.municipality_id = c.municipality_id " \
    "ORDER BY n.occurred_at DESC, n.id DESC LIMIT 1)"
constexpr SqlStatement kListCases{
    "case_list_cases",
    "SELECT " KASANE_CASE_COLUMNS ", " KASANE_LAST_NOTE
    " FROM cases c JOIN persons p ON p.id = c.person_id AND p.municipality_id = c.municipality_id"
    " WHERE c.municipality_id = $1"
    " AND (c.status = $2 OR $2 IS NULL)"
    " AND (EXISTS (SELECT 1 FROM case_programs cp WHERE cp.case_id = c.id AND cp.municipality_id = c.municipality_id"
    " AND cp.program = $3 AND cp.status NOT IN ('closed', 'suspended')) OR $3 IS NULL)"
    " AND (c.lead_organization_id = $4 OR $4 IS NULL)"
    " AND (c.lead_organization_id = $5 OR EXISTS (SELECT 1 FROM case_team_members t WHERE t.case_id = c.id"
    " AND t.municipality_id = c.municipality_id AND t.organization_id = $5 AND t.left_on IS NULL) OR $5 IS NULL)"
    " AND (c.coordinator_user_id = $6 OR $6 IS NULL)"
    " AND (p.neighborhood_id = $7 OR p.elementary_school_district_id = $7 OR p.junior_high_school_district_id = $7"
    " OR p.welfare_volunteer_district_id = $7 OR $7 IS NULL)"
    " AND (EXISTS (SELECT 1 FROM case_categories cc WHERE cc.case_id = c.id AND cc.municipality_id = "
    "c.municipality_id AND cc.category_id = $8) OR $8 IS NULL)"
    " AND ((c.status NOT IN ('closed', 'suspended') AND (" KASANE_LAST_NOTE " < $9 OR (" KASANE_LAST_NOTE
    " IS NULL AND c.opened_on < $10))) OR $9 IS NULL)"
    " AND (c.status NOT IN ('closed', 'suspended') OR $11 = 0)"
    " ORDER BY c.opened_on DESC, c.id DESC LIMIT $12"};

// Fiscal-year counts, each a range read of one index.
constexpr SqlStatement kCountCasesOpened{
    "case_count_cases_opened",
    "SELECT count(*) FROM cases WHERE municipality_id = $1 AND opened_on >= $2 AND opened_on < $3"};
constexpr SqlStatement kCountCasesClosed{
    "case_count_cases_closed",
    "SELECT count(*) FROM cases WHERE municipality_id = $1 AND closed_on >= $2 AND closed_on < $3 "
    "AND status = 'closed'"};
constexpr SqlStatement kCountPlansApproved{
    "case_count_plans_approved",
    "SELECT count(*) FROM support_plans WHERE municipality_id = $1 AND approved_on >= $2 AND approved_on < $3"};
// The meetings held in [$2, $3), each with its agenda items (none: one row of NULLs), the item's person a merged
// record as its survivor (a scalar subquery: it runs only for the period's items). The meeting counts are folded from
// these rows in the program (MeetingTally): with count(DISTINCT …) in SQL, each of the three statements it took made
// four temporary b-trees on SQLite (temp_store = FILE), 10–30 ms a 年度 on the prefecture set. The agenda items are
// found by meeting_agenda_items_by_meeting: their municipality is written `+a.municipality_id` so that no index can
// serve it; without statistics SQLite otherwise took meeting_agenda_items_by_person, which starts with the
// municipality, and read every agenda item of the town for each meeting of the period.
constexpr SqlStatement kPeriodAgendas{
    "case_period_agendas",
    "SELECT m.id, m.body_id, m.joint_body_id, a.id, a.case_id, "
    "COALESCE((SELECT p.merged_into FROM persons p WHERE p.id = a.person_id AND p.municipality_id = "
    "a.municipality_id), "
    "a.person_id) FROM meetings m "
    "LEFT JOIN meeting_agenda_items a ON a.meeting_id = m.id AND +a.municipality_id = m.municipality_id "
    "WHERE m.municipality_id = $1 AND m.held_on >= $2 AND m.held_on < $3"};
constexpr SqlStatement kMeetingBodies{
    "case_meeting_bodies",
    "SELECT id, display_name, legal_basis FROM meeting_bodies WHERE municipality_id = $1 ORDER BY id"};

// One row of kPeriodAgendas.
struct AgendaRow {
    std::int64_t meeting = 0;
    std::int64_t body = 0;
    std::optional<std::int64_t> joint_body;
    std::optional<std::int64_t> item;
    std::optional<std::int64_t> case_id;
    std::optional<std::int64_t> person;  // the survivor
};

// The figures of MeetingHeldCounts over the rows added: 開催回数 (of which joint), 延べ and 実 persons and cases.
struct MeetingTally {
    std::set<std::int64_t> meetings, joint, persons, cases;
    long long items = 0;
    long long case_items = 0;

    void Add(const AgendaRow& row) {
        meetings.insert(row.meeting);
        if (row.joint_body) joint.insert(row.meeting);
        if (!row.item) return;
        ++items;
        if (row.person) persons.insert(*row.person);
        if (row.case_id) {
            ++case_items;
            cases.insert(*row.case_id);
        }
    }
    void Into(domain::MeetingHeldCounts& counts) const {
        counts.meetings_held = static_cast<long long>(meetings.size());
        counts.joint_meetings = static_cast<long long>(joint.size());
        counts.person_items = items;
        counts.persons_discussed = static_cast<long long>(persons.size());
        counts.case_items = case_items;
        counts.cases_discussed = static_cast<long long>(cases.size());
    }
};

constexpr SqlStatement kCountProgramsStarted{
    "case_count_programs_started",
    "SELECT program, count(*) FROM case_programs WHERE municipality_id = $1 AND started_on >= $2 AND started_on < $3 "
    "GROUP BY program"};
constexpr SqlStatement kCountProgramsEnded{
    "case_count_programs_ended",
    "SELECT program, status, count(*) FROM case_programs WHERE municipality_id = $1 AND ended_on >= $2 "
    "AND ended_on < $3 AND status IN ('closed', 'suspended') GROUP BY program, status"};

Result<SupportCase> CaseFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto person_id = row.Integer(2);
    auto title = row.Text(4);
    auto lead = row.Integer(5);
    auto status = domain::ParseCaseStatus(row.Text(7).value_or(""));
    auto opened_on = RequiredDate(row, 10);
    auto closed_on = OptionalDate(row, 11);
    auto closure_reason = row.Text(12);
    auto created_by = row.Integer(13);
    auto created_at = row.Time(14);
    auto updated_at = row.Time(15);
    auto version = row.Integer(16);
    if (!id || !municipality_id || !person_id || !title || !lead || !status || !opened_on || !closed_on ||
        !closure_reason || !created_by || !created_at || !updated_at || !version) {
        return Fail(Corrupt("case"));
    }
    SupportCase out;
    out.id = domain::CaseId{*id};
    out.municipality_id = MunicipalityId{*municipality_id};
    out.person_id = domain::PersonId{*person_id};
    out.household_id = row.OptionalId<domain::HouseholdId>(3);
    out.title = std::move(*title);
    out.lead_organization_id = OrganizationId{*lead};
    out.coordinator_user_id = row.OptionalId<UserId>(6);
    out.status = *status;
    out.opened_from_consultation_id = row.OptionalId<domain::ConsultationId>(8);
    out.opened_at_meeting_id = row.OptionalId<domain::MeetingId>(9);
    out.opened_on = *opened_on;
    out.closed_on = *closed_on;
    out.closure_reason = std::move(*closure_reason);
    out.created_by = UserId{*created_by};
    out.created_at = *created_at;
    out.updated_at = *updated_at;
    out.version = static_cast<int>(*version);
    return out;
}

// Programs (in enum order), categories and team of one case: three primary-key or index range reads.
Status ReadCaseChildren(SqlConnection& connection, MunicipalityId tenant, SupportCase& out) {
    KASANE_ASSIGN(programs, connection.Execute(kSelectPrograms, {out.id, tenant}));
    for (const auto& values : programs->rows) {
        const SqlRow row(values);
        auto program = domain::ParseProgram(row.Text(0).value_or(""));
        auto status = domain::ParseCaseStatus(row.Text(1).value_or(""));
        auto started_on = RequiredDate(row, 2);
        auto ended_on = OptionalDate(row, 3);
        auto end_reason = row.Text(4);
        if (!program || !status || !started_on || !ended_on || !end_reason) return Fail(Corrupt("case_program"));
        out.programs.push_back(ProgramStatus{.program = *program,
                                             .status = *status,
                                             .started_on = *started_on,
                                             .ended_on = *ended_on,
                                             .end_reason = std::move(*end_reason),
                                             .carried_on_by = row.OptionalId<OrganizationId>(5)});
    }
    std::sort(out.programs.begin(), out.programs.end(),
              [](const ProgramStatus& a, const ProgramStatus& b) { return a.program < b.program; });
    KASANE_ASSIGN(categories, connection.Execute(kSelectCategories, {out.id, tenant}));
    for (const auto& values : categories->rows) {
        KASANE_ASSIGN(category, SqlRow(values).Integer(0));
        out.categories.push_back(*category);
    }
    KASANE_ASSIGN(team, connection.Execute(kSelectTeam, {out.id, tenant}));
    for (const auto& values : team->rows) {
        const SqlRow row(values);
        auto id = row.Integer(0);
        auto organization_id = row.Integer(1);
        auto role = row.Text(2);
        auto agreed_on = OptionalDate(row, 3);
        auto left_on = OptionalDate(row, 5);
        if (!id || !organization_id || !role || !agreed_on || !left_on) return Fail(Corrupt("case_team_member"));
        out.team.push_back(TeamMember{.id = *id,
                                      .organization_id = OrganizationId{*organization_id},
                                      .role = std::move(*role),
                                      .agreed_on = *agreed_on,
                                      .agreed_at_meeting_id = row.OptionalId<domain::MeetingId>(4),
                                      .left_on = *left_on});
    }
    return {};
}

Status ReadCase(SqlConnection& connection, MunicipalityId tenant, CaseId id, SupportCase& out) {
    KASANE_TRY(
        ReadOneRow(connection, kSelectCase, id, tenant, CaseFromRow, "支援ケースが見つかりません", "case_id", out));
    KASANE_TRY(ReadCaseChildren(connection, tenant, out));
    return {};
}

// Every reference of a case must be of this municipality; the error names the field it came from.
Status CheckCaseReferences(SqlConnection& connection, MunicipalityId tenant, const SupportCase& c, bool creating) {
    if (creating) {
        KASANE_TRY(Exists(connection, kPersonExists, c.person_id, tenant, "本人の記録が見つかりません", "person_id"));
        KASANE_TRY(Exists(connection, kUserExists, c.created_by, tenant, "作成者が見つかりません", "created_by"));
    }
    if (c.household_id) {
        KASANE_TRY(
            Exists(connection, kHouseholdExists, *c.household_id, tenant, "世帯が見つかりません", "household_id"));
    }
    KASANE_TRY(Exists(connection, kOrganizationExists, c.lead_organization_id, tenant, "主担当の機関が見つかりません",
                      "lead_organization_id"));
    if (c.coordinator_user_id) {
        KASANE_TRY(Exists(connection, kUserExists, *c.coordinator_user_id, tenant,
                          "相談支援包括化推進員が見つかりません", "coordinator_user_id"));
    }
    for (std::int64_t category : c.categories) {
        KASANE_TRY(Exists(connection, kCategoryExists, category, tenant, "相談分類が見つかりません", "categories"));
    }
    for (const TeamMember& member : c.team) {
        KASANE_TRY(Exists(connection, kOrganizationExists, member.organization_id, tenant,
                          "チームの機関が見つかりません", "team"));
        if (member.agreed_at_meeting_id) {
            KASANE_TRY(Exists(connection, kMeetingExists, *member.agreed_at_meeting_id, tenant,
                              "役割分担を決めた会議が見つかりません", "team"));
        }
    }
    for (const ProgramStatus& program : c.programs) {
        if (program.carried_on_by) {
            KASANE_TRY(Exists(connection, kOrganizationExists, *program.carried_on_by, tenant,
                              "引き継ぐ機関が見つかりません", "programs"));
        }
    }
    if (c.opened_from_consultation_id) {
        KASANE_TRY(Exists(connection, kConsultationExists, *c.opened_from_consultation_id, tenant,
                          "元の相談が見つかりません", "opened_from_consultation_id"));
    }
    if (c.opened_at_meeting_id) {
        KASANE_TRY(Exists(connection, kMeetingExists, *c.opened_at_meeting_id, tenant, "会議が見つかりません",
                          "opened_at_meeting_id"));
    }
    return {};
}

Status CheckDistinctPrograms(const SupportCase& c) {
    std::set<Program> seen;
    for (const ProgramStatus& program : c.programs) {
        if (!seen.insert(program.program).second) {
            return Fail(Error::InvalidArgument("同じ事業が二度指定されています", "programs"));
        }
    }
    return {};
}

Status InsertProgramsAndCategories(SqlConnection& connection, MunicipalityId tenant, CaseId id, const SupportCase& c) {
    for (const ProgramStatus& program : c.programs) {
        const std::string started_on = DateText(program.started_on);
        const auto ended_on = OptionalDateText(program.ended_on);
        KASANE_EXECUTE(connection, kInsertProgram, id, tenant, domain::ProgramCode(program.program),
                       domain::CaseStatusCode(program.status), started_on, TextOrNull(ended_on), program.end_reason,
                       IdOrNull(program.carried_on_by));
    }
    for (std::int64_t category : c.categories) KASANE_EXECUTE(connection, kInsertCategory, id, tenant, category);
    return {};
}

Status InsertTeamMember(SqlConnection& connection, MunicipalityId tenant, CaseId id, const TeamMember& member) {
    const auto agreed_on = OptionalDateText(member.agreed_on);
    const auto left_on = OptionalDateText(member.left_on);
    KASANE_EXECUTE(connection, kInsertTeamMember, id, tenant, member.organization_id, member.role,
                   TextOrNull(agreed_on), IdOrNull(member.agreed_at_meeting_id), TextOrNull(left_on));
    return {};
}

// Replaces the team: members with an id keep it (and must already be on this case's team), id 0 adds a member,
// and members not named are removed.
Status ReplaceTeam(SqlConnection& connection, MunicipalityId tenant, CaseId id, const std::vector<TeamMember>& team) {
    KASANE_ASSIGN(existing_rows, connection.Execute(kSelectTeam, {id, tenant}));
    std::set<std::int64_t> existing;
    for (const auto& values : existing_rows->rows) {
        KASANE_ASSIGN(member_id, SqlRow(values).Integer(0));
        existing.insert(*member_id);
    }
    std::set<std::int64_t> kept;
    for (const TeamMember& member : team) {
        if (member.id == 0) continue;
        if (!existing.contains(member.id) || !kept.insert(member.id).second) {
            return Fail(NotFoundField("チームの構成員が見つかりません", "team"));
        }
    }
    for (std::int64_t member_id : existing) {
        if (!kept.contains(member_id)) KASANE_EXECUTE(connection, kDeleteTeamMember, member_id, id, tenant);
    }
    for (const TeamMember& member : team) {
        if (member.id == 0) {
            KASANE_TRY(InsertTeamMember(connection, tenant, id, member));
            continue;
        }
        const auto agreed_on = OptionalDateText(member.agreed_on);
        const auto left_on = OptionalDateText(member.left_on);
        KASANE_EXECUTE(connection, kUpdateTeamMember, member.id, id, tenant, member.organization_id, member.role,
                       TextOrNull(agreed_on), IdOrNull(member.agreed_at_meeting_id), TextOrNull(left_on));
    }
    return {};
}

void SortCasesNewestFirst(std::vector<SupportCase>& cases) {
    std::sort(cases.begin(), cases.end(), [](const SupportCase& a, const SupportCase& b) {
        if (a.opened_on != b.opened_on) return a.opened_on > b.opened_on;
        return a.id > b.id;
    });
}

std::string AnswersJson(const std::vector<AssessmentAnswer>& answers) {
    nlohmann::json array = nlohmann::json::array();
    for (const AssessmentAnswer& answer : answers) {
        nlohmann::json object{{"item_key", answer.item_key}, {"values", answer.values}};
        object["member_person_id"] =
            answer.member_person_id ? nlohmann::json(*answer.member_person_id) : nlohmann::json(nullptr);
        array.push_back(std::move(object));
    }
    return array.dump();
}

Result<std::vector<AssessmentAnswer>> ParseAnswers(const std::string& text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (!parsed.is_array()) return Fail(Corrupt("assessments.answers"));
    std::vector<AssessmentAnswer> answers;
    for (const auto& value : parsed) {
        if (!value.is_object()) return Fail(Corrupt("assessments.answers"));
        AssessmentAnswer answer;
        answer.item_key = value.value("item_key", std::string{});
        if (value.contains("member_person_id") && value["member_person_id"].is_number_integer()) {
            answer.member_person_id = domain::PersonId{value["member_person_id"].get<std::int64_t>()};
        }
        answer.values = value.value("values", std::vector<std::string>{});
        answers.push_back(std::move(answer));
    }
    return answers;
}

#define KASANE_ASSESSMENT_SELECT                                                                                      \
    "SELECT a.id, a.case_id, a.form_definition_id, f.form_version, a.assessed_on, a.assessed_by, a.organization_id, " \
    "a.answers, a.background, a.strengths, a.created_at FROM assessments a JOIN form_definitions f "                  \
    "ON f.id = a.form_definition_id AND f.municipality_id = a.municipality_id "

constexpr SqlStatement kInsertAssessment{
    "case_insert_assessment",
    "INSERT INTO assessments (case_id, municipality_id, form_definition_id, assessed_on, assessed_by, "
    "organization_id, answers, background, strengths, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
    "RETURNING id"};
constexpr SqlStatement kSelectAssessment{"case_select_assessment",
                                         KASANE_ASSESSMENT_SELECT "WHERE a.id = $1 AND a.municipality_id = $2"};
constexpr SqlStatement kSelectAssessmentsOfCase{
    "case_select_assessments_of_case",
    KASANE_ASSESSMENT_SELECT "WHERE a.case_id = $1 AND a.municipality_id = $2 ORDER BY a.assessed_on DESC, a.id DESC"};
constexpr SqlStatement kSelectLatestAssessmentOfCase{
    "case_select_latest_assessment_of_case", KASANE_ASSESSMENT_SELECT
    "WHERE a.case_id = $1 AND a.municipality_id = $2 ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1"};

Result<Assessment> AssessmentFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto case_id = row.Integer(1);
    auto form_id = row.Integer(2);
    auto form_version = row.Integer(3);
    auto assessed_on = RequiredDate(row, 4);
    auto assessed_by = row.Integer(5);
    auto organization_id = row.Integer(6);
    auto answers_text = row.Text(7);
    auto background = row.Text(8);
    auto strengths = row.Text(9);
    auto created_at = row.Time(10);
    if (!id || !case_id || !form_id || !form_version || !assessed_on || !assessed_by || !organization_id ||
        !answers_text || !background || !strengths || !created_at) {
        return Fail(Corrupt("assessment"));
    }
    KASANE_ASSIGN(answers, ParseAnswers(*answers_text));
    return Assessment{.id = *id,
                      .case_id = domain::CaseId{*case_id},
                      .form_definition_id = *form_id,
                      .form_version = static_cast<int>(*form_version),
                      .assessed_on = *assessed_on,
                      .assessed_by = UserId{*assessed_by},
                      .organization_id = OrganizationId{*organization_id},
                      .answers = std::move(*answers),
                      .background = std::move(*background),
                      .strengths = std::move(*strengths),
                      .created_at = *created_at};
}

// ---------------------------------------------------------------------------------------------------------------
// Eco-map relations

#define KASANE_RELATION_COLUMNS "id, member_person_id, kind, name, organization_id, strength, note"

constexpr SqlStatement kInsertRelation{
    "case_insert_relation",
    "INSERT INTO eco_relations (case_id, municipality_id, member_person_id, kind, name, organization_id, strength, "
    "note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"};
constexpr SqlStatement kSelectRelation{"case_select_relation",
                                       "SELECT " KASANE_RELATION_COLUMNS
                                       " FROM eco_relations WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kSelectRelationsOfCase{
    "case_select_relations_of_case",
    "SELECT " KASANE_RELATION_COLUMNS " FROM eco_relations WHERE case_id = $1 AND municipality_id = $2 ORDER BY id"};
constexpr SqlStatement kDeleteRelation{
    "case_delete_relation", "DELETE FROM eco_relations WHERE id = $1 AND case_id = $2 AND municipality_id = $3"};

Result<EcoRelation> RelationFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto kind = domain::ParseEcoKind(row.Text(2).value_or(""));
    auto name = row.Text(3);
    auto strength = domain::ParseEcoStrength(row.Text(5).value_or(""));
    auto note = row.Text(6);
    if (!id || !kind || !name || !strength || !note) return Fail(Corrupt("eco_relation"));
    return EcoRelation{.id = *id,
                       .member_person_id = row.OptionalId<domain::PersonId>(1),
                       .kind = *kind,
                       .name = std::move(*name),
                       .organization_id = row.OptionalId<OrganizationId>(4),
                       .strength = *strength,
                       .note = std::move(*note)};
}

class SqlCaseRepository final : public domain::CaseRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<SupportCase> Create(const SupportCase& support_case) override {
        KASANE_TRY(CheckDistinctPrograms(support_case));
        const std::string opened_on = DateText(support_case.opened_on);
        const auto closed_on = OptionalDateText(support_case.closed_on);
        const std::string created_at = FormatIso8601(support_case.created_at);
        const std::string updated_at = FormatIso8601(support_case.updated_at);
        return WriteInto<SupportCase>([&](SqlConnection& connection, SupportCase& out) -> Status {
            KASANE_TRY(CheckCaseReferences(connection, tenant_, support_case, /*creating=*/true));
            KASANE_ASSIGN(
                inserted,
                connection.Execute(
                    kInsertCase,
                    {tenant_, support_case.person_id, IdOrNull(support_case.household_id), support_case.title,
                     support_case.lead_organization_id, IdOrNull(support_case.coordinator_user_id),
                     domain::CaseStatusCode(support_case.status), IdOrNull(support_case.opened_from_consultation_id),
                     IdOrNull(support_case.opened_at_meeting_id), opened_on, TextOrNull(closed_on),
                     support_case.closure_reason, support_case.created_by, created_at, updated_at}));
            KASANE_ASSIGN(id, IdOf(*inserted));
            KASANE_TRY(InsertProgramsAndCategories(connection, tenant_, domain::CaseId{*id}, support_case));
            for (const TeamMember& member : support_case.team) {
                KASANE_TRY(InsertTeamMember(connection, tenant_, domain::CaseId{*id}, member));
            }
            return ReadCase(connection, tenant_, domain::CaseId{*id}, out);
        });
    }

    Result<SupportCase> Get(CaseId id) override {
        return ReadInto<SupportCase>(
            [&](SqlConnection& connection, SupportCase& out) { return ReadCase(connection, tenant_, id, out); });
    }

    Result<SupportCase> Update(CaseId id, int expected_version, const SupportCase& support_case) override {
        KASANE_TRY(CheckDistinctPrograms(support_case));
        const std::string opened_on = DateText(support_case.opened_on);
        const auto closed_on = OptionalDateText(support_case.closed_on);
        const std::string updated_at = FormatIso8601(support_case.updated_at);
        return WriteInto<SupportCase>([&](SqlConnection& connection, SupportCase& out) -> Status {
            KASANE_TRY(CaseExists(connection, tenant_, id));
            KASANE_TRY(CheckCaseReferences(connection, tenant_, support_case, /*creating=*/false));
            KASANE_ASSIGN(updated, connection.Execute(
                                       kUpdateCase,
                                       {id, tenant_, IdOrNull(support_case.household_id), support_case.title,
                                        support_case.lead_organization_id, IdOrNull(support_case.coordinator_user_id),
                                        domain::CaseStatusCode(support_case.status),
                                        IdOrNull(support_case.opened_from_consultation_id),
                                        IdOrNull(support_case.opened_at_meeting_id), opened_on, TextOrNull(closed_on),
                                        support_case.closure_reason, updated_at, std::int64_t{expected_version}}));
            if (updated->affected_rows == 0) return Fail(VersionConflict());
            KASANE_EXECUTE(connection, kDeletePrograms, id, tenant_);
            KASANE_EXECUTE(connection, kDeleteCategories, id, tenant_);
            KASANE_TRY(InsertProgramsAndCategories(connection, tenant_, id, support_case));
            KASANE_TRY(ReplaceTeam(connection, tenant_, id, support_case.team));
            return ReadCase(connection, tenant_, id, out);
        });
    }

    Result<std::vector<SupportCase>> OfPersons(const std::vector<PersonId>& person_ids) override {
        using List = std::vector<SupportCase>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            std::set<CaseId> seen;
            for (PersonId person_id : person_ids) {
                for (const SqlStatement* statement : {&kSelectCasesOfPerson, &kSelectCasesOfHouseholdMember}) {
                    KASANE_ASSIGN(result, connection.Execute(*statement, {tenant_, person_id}));
                    for (const auto& values : result->rows) {
                        KASANE_ASSIGN(support_case, CaseFromRow(SqlRow(values)));
                        if (!seen.insert(support_case->id).second) continue;
                        KASANE_TRY(ReadCaseChildren(connection, tenant_, *support_case));
                        out.push_back(std::move(*support_case));
                    }
                }
            }
            SortCasesNewestFirst(out);
            return {};
        });
    }

    Result<std::vector<CaseListItem>> List(const CaseFilter& filter) override {
        using Items = std::vector<CaseListItem>;
        const auto status =
            filter.status ? std::optional<std::string>(CodeText(domain::CaseStatusCode(*filter.status))) : std::nullopt;
        const auto program =
            filter.program ? std::optional<std::string>(CodeText(domain::ProgramCode(*filter.program))) : std::nullopt;
        const auto no_note_instant =
            filter.no_note_since ? std::optional<std::string>(FormatIso8601(StartOfJstDay(*filter.no_note_since)))
                                 : std::nullopt;
        const auto no_note_date = OptionalDateText(filter.no_note_since);
        const std::int64_t limit = std::max(filter.limit, 0);
        return ReadInto<Items>([&](SqlConnection& connection, Items& out) -> Status {
            KASANE_ASSIGN(result,
                          connection.Execute(
                              kListCases,
                              {tenant_, TextOrNull(status), TextOrNull(program), IdOrNull(filter.lead_organization_id),
                               IdOrNull(filter.involving_organization_id), IdOrNull(filter.coordinator_user_id),
                               IdOrNull(filter.area_id), IdOrNull(filter.category_id), TextOrNull(no_note_instant),
                               TextOrNull(no_note_date), std::int64_t{filter.open_only ? 1 : 0}, limit}));
            for (const auto& values : result->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(support_case, CaseFromRow(row));
                KASANE_ASSIGN(last_note_at, row.OptionalTime(kCaseColumnCount));
                KASANE_TRY(ReadCaseChildren(connection, tenant_, *support_case));
                out.push_back(CaseListItem{.support_case = std::move(*support_case), .last_note_at = *last_note_at});
            }
            return {};
        });
    }

    // The meetings held in the period (CaseCounts' meeting figures), from their agenda rows.
    Status CountMeetings(SqlConnection& connection, std::span<const SqlParam> range, CaseCounts& out) {
        struct Body {
            std::int64_t id = 0;
            std::string name;
            domain::LegalBasis basis = domain::LegalBasis::kOther;
            MeetingTally tally;
        };
        std::vector<Body> bodies;
        KASANE_ASSIGN(body_rows, connection.Execute(kMeetingBodies, {tenant_}));
        for (const auto& values : body_rows->rows) {
            const SqlRow row(values);
            auto basis = domain::ParseLegalBasis(row.Text(2).value_or(""));
            if (!basis) return Fail(Corrupt("meeting_bodies.legal_basis"));
            bodies.push_back({.id = row.Integer(0).value_or(0), .name = row.Text(1).value_or(""), .basis = *basis});
        }
        auto body = [&](std::int64_t id) -> Body* {
            for (Body& candidate : bodies) {
                if (candidate.id == id) return &candidate;
            }
            return nullptr;
        };
        MeetingTally with_case;  // meetings with a case on the agenda: their cases and items naming one
        MeetingTally all;
        MeetingTally internal;  // the internal meetings with no statute (LegalBasis::kInternalLiaison), apart
        KASANE_ASSIGN(rows, connection.Execute(kPeriodAgendas, range));
        for (const auto& values : rows->rows) {
            const SqlRow sql_row(values);
            const AgendaRow row{.meeting = sql_row.Integer(0).value_or(0),
                                .body = sql_row.Integer(1).value_or(0),
                                .joint_body = sql_row.OptionalInteger(2),
                                .item = sql_row.OptionalInteger(3),
                                .case_id = sql_row.OptionalInteger(4),
                                .person = sql_row.OptionalInteger(5)};
            if (row.case_id) with_case.Add(row);
            if (Body* primary = body(row.body)) {
                (primary->basis == domain::LegalBasis::kInternalLiaison ? internal : all).Add(row);
                primary->tally.Add(row);
            }
            if (row.joint_body && *row.joint_body != row.body) {
                if (Body* joint = body(*row.joint_body)) joint->tally.Add(row);
            }
        }
        out.meetings_held = static_cast<long long>(with_case.meetings.size());
        out.cases_discussed = static_cast<long long>(with_case.cases.size());
        out.agenda_items = with_case.case_items;
        all.Into(out.all_meetings);
        internal.Into(out.internal_meetings);
        for (const Body& each : bodies) {
            // Field by field: g++ 12 at -O3 miscompiles this aggregate's designated initialiser.
            domain::MeetingHeldCounts counts;
            counts.body_id = domain::MeetingBodyId{each.id};
            counts.name = each.name;
            counts.legal_basis = each.basis;
            each.tally.Into(counts);
            out.by_body.push_back(std::move(counts));
        }
        return {};
    }

    Result<CaseCounts> Count(Date from, Date to) override {
        const std::string from_text = DateText(from);
        const std::string to_text = DateText(to);
        return ReadInto<CaseCounts>([&](SqlConnection& connection, CaseCounts& out) -> Status {
            const std::initializer_list<SqlParam> range{tenant_, from_text, to_text};
            KASANE_ASSIGN(opened, connection.Execute(kCountCasesOpened, range));
            KASANE_ASSIGN(opened_count, SingleInteger(*opened));
            out.cases_opened = *opened_count;
            KASANE_ASSIGN(closed, connection.Execute(kCountCasesClosed, range));
            KASANE_ASSIGN(closed_count, SingleInteger(*closed));
            out.cases_closed = *closed_count;
            KASANE_ASSIGN(plans, connection.Execute(kCountPlansApproved, range));
            KASANE_ASSIGN(plans_count, SingleInteger(*plans));
            out.plans_approved = *plans_count;
            KASANE_TRY(CountMeetings(connection, std::span<const SqlParam>(range.begin(), range.size()), out));
            for (Program program : {Program::kCollaboration, Program::kOutreach, Program::kParticipation}) {
                out.by_program.push_back(domain::ProgramCounts{.program = program});
            }
            auto counts_of = [&out](std::string_view code) -> domain::ProgramCounts* {
                auto program = domain::ParseProgram(code);
                if (!program) return nullptr;
                return &out.by_program.at(static_cast<std::size_t>(*program));
            };
            KASANE_ASSIGN(started, connection.Execute(kCountProgramsStarted, range));
            for (const auto& values : started->rows) {
                const SqlRow row(values);
                auto* counts = counts_of(row.Text(0).value_or(""));
                if (counts == nullptr) return Fail(Corrupt("case_programs.program"));
                counts->opened = row.Integer(1).value_or(0);
            }
            KASANE_ASSIGN(ended, connection.Execute(kCountProgramsEnded, range));
            for (const auto& values : ended->rows) {
                const SqlRow row(values);
                auto* counts = counts_of(row.Text(0).value_or(""));
                auto status = domain::ParseCaseStatus(row.Text(1).value_or(""));
                if (counts == nullptr || !status) return Fail(Corrupt("case_programs"));
                if (*status == CaseStatus::kClosed) counts->closed = row.Integer(2).value_or(0);
                if (*status == CaseStatus::kSuspended) counts->suspended = row.Integer(2).value_or(0);
            }
            return {};
        });
    }

    Result<Assessment> CreateAssessment(const Assessment& assessment) override {
        const std::string assessed_on = DateText(assessment.assessed_on);
        const std::string answers = AnswersJson(assessment.answers);
        const std::string created_at = FormatIso8601(assessment.created_at);
        return WriteInto<Assessment>([&](SqlConnection& connection, Assessment& out) -> Status {
            KASANE_TRY(CaseExists(connection, tenant_, assessment.case_id));
            KASANE_TRY(Exists(connection, kFormExists, assessment.form_definition_id, tenant_, "様式が見つかりません",
                              "form_definition_id"));
            KASANE_TRY(Exists(connection, kUserExists, assessment.assessed_by, tenant_, "記入者が見つかりません",
                              "assessed_by"));
            KASANE_TRY(Exists(connection, kOrganizationExists, assessment.organization_id, tenant_,
                              "機関が見つかりません", "organization_id"));
            for (const AssessmentAnswer& answer : assessment.answers) {
                if (answer.member_person_id) {
                    KASANE_TRY(Exists(connection, kPersonExists, *answer.member_person_id, tenant_,
                                      "世帯員の記録が見つかりません", "answers"));
                }
            }
            KASANE_ASSIGN(inserted,
                          connection.Execute(kInsertAssessment,
                                             {assessment.case_id, tenant_, assessment.form_definition_id, assessed_on,
                                              assessment.assessed_by, assessment.organization_id, answers,
                                              assessment.background, assessment.strengths, created_at}));
            KASANE_ASSIGN(id, IdOf(*inserted));
            KASANE_ASSIGN(result, connection.Execute(kSelectAssessment, {*id, tenant_}));
            if (result->Empty()) return Fail(Corrupt("assessment"));
            KASANE_ASSIGN(stored, AssessmentFromRow(SqlRow(result->rows.front())));
            out = std::move(*stored);
            return {};
        });
    }

    Result<std::vector<Assessment>> Assessments(CaseId case_id) override {
        using List = std::vector<Assessment>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_TRY(CaseExists(connection, tenant_, case_id));
            KASANE_ASSIGN(result, connection.Execute(kSelectAssessmentsOfCase, {case_id, tenant_}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(assessment, AssessmentFromRow(SqlRow(values)));
                out.push_back(std::move(*assessment));
            }
            return {};
        });
    }

    Result<std::optional<Assessment>> LatestAssessment(CaseId case_id) override {
        using Latest = std::optional<Assessment>;
        return ReadInto<Latest>([&](SqlConnection& connection, Latest& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectLatestAssessmentOfCase, {case_id, tenant_}));
            if (result->Empty()) return {};
            KASANE_ASSIGN(assessment, AssessmentFromRow(SqlRow(result->rows.front())));
            out = std::move(*assessment);
            return {};
        });
    }

    Result<EcoRelation> AddRelation(CaseId case_id, const EcoRelation& relation) override {
        return WriteInto<EcoRelation>([&](SqlConnection& connection, EcoRelation& out) -> Status {
            KASANE_TRY(CaseExists(connection, tenant_, case_id));
            if (relation.member_person_id) {
                KASANE_TRY(Exists(connection, kPersonExists, *relation.member_person_id, tenant_,
                                  "世帯員の記録が見つかりません", "member_person_id"));
            }
            if (relation.organization_id) {
                KASANE_TRY(Exists(connection, kOrganizationExists, *relation.organization_id, tenant_,
                                  "機関が見つかりません", "organization_id"));
            }
            KASANE_ASSIGN(inserted, connection.Execute(kInsertRelation,
                                                       {case_id, tenant_, IdOrNull(relation.member_person_id),
                                                        domain::EcoKindCode(relation.kind), relation.name,
                                                        IdOrNull(relation.organization_id),
                                                        domain::EcoStrengthCode(relation.strength), relation.note}));
            KASANE_ASSIGN(id, IdOf(*inserted));
            KASANE_ASSIGN(result, connection.Execute(kSelectRelation, {*id, tenant_}));
            if (result->Empty()) return Fail(Corrupt("eco_relation"));
            KASANE_ASSIGN(stored, RelationFromRow(SqlRow(result->rows.front())));
            out = std::move(*stored);
            return {};
        });
    }

    Status RemoveRelation(CaseId case_id, EcoRelationId relation_id) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_TRY(CaseExists(connection, tenant_, case_id));
            KASANE_ASSIGN(deleted, connection.Execute(kDeleteRelation, {relation_id, case_id, tenant_}));
            if (deleted->affected_rows == 0) return Fail(NotFoundField("関係の記録が見つかりません", "relation_id"));
            return {};
        });
    }

    Result<std::vector<EcoRelation>> Relations(CaseId case_id) override {
        using List = std::vector<EcoRelation>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_TRY(CaseExists(connection, tenant_, case_id));
            KASANE_ASSIGN(result, connection.Execute(kSelectRelationsOfCase, {case_id, tenant_}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(relation, RelationFromRow(SqlRow(values)));
                out.push_back(std::move(*relation));
            }
            return {};
        });
    }
};

}  // namespace

std::unique_ptr<domain::CaseRepository> MakeCaseRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlCaseRepository>(executor, tenant);
}

CaseReadStatements CaseStatementsToReadAhead() {
    return {kSelectCase, kSelectPrograms,       kSelectCategories, kSelectTeam, kSelectLatestAssessmentOfCase,
            kCaseExists, kSelectRelationsOfCase};
}

}  // namespace kasane::storage
