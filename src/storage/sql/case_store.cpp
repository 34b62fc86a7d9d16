#include "storage/sql/case_store.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/japan_time.hpp"
#include "base/log.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {
namespace {

using namespace sql_support;  // NOLINT(google-build-using-namespace): this file's own helpers

using domain::ActionDue;
using domain::ActionStatus;
using domain::Assessment;
using domain::AssessmentAnswer;
using domain::CaseCounts;
using domain::CaseFilter;
using domain::CaseId;
using domain::CaseListItem;
using domain::CaseStatus;
using domain::Date;
using domain::EcoRelation;
using domain::EcoRelationId;
using domain::FormDefinition;
using domain::FormDefinitionId;
using domain::FormItem;
using domain::MeetingId;
using domain::MissingResource;
using domain::MissingResourceId;
using domain::PersonId;
using domain::PlanAction;
using domain::PlanActionId;
using domain::PlanState;
using domain::Program;
using domain::ProgramStatus;
using domain::ProgressNote;
using domain::ReviewDue;
using domain::SupportCase;
using domain::SupportPlan;
using domain::SupportPlanId;
using domain::TeamMember;

Result<std::int64_t> IdOf(const SqlResult& result) {
    if (result.Empty()) return Fail(Corrupt("RETURNING id"));
    return SqlRow(result.rows.front()).Integer(0);
}

Result<std::int64_t> SingleInteger(const SqlResult& result) {
    if (result.Empty()) return Fail(Corrupt("single value"));
    return SqlRow(result.rows.front()).Integer(0);
}

std::string CodeText(std::string_view code) { return std::string(code); }

// ---------------------------------------------------------------------------------------------------------------
// Reference checks: a row of another municipality is reported with the field the caller gave it in.

constexpr SqlStatement kPersonExists{"case_person_exists",
                                     "SELECT 1 FROM persons WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kHouseholdExists{"case_household_exists",
                                        "SELECT 1 FROM households WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kOrganizationExists{"case_organization_exists",
                                           "SELECT 1 FROM organizations WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kUserExists{"case_user_exists", "SELECT 1 FROM users WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kConsultationExists{"case_consultation_exists",
                                           "SELECT 1 FROM consultations WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kMeetingExists{"case_meeting_exists",
                                      "SELECT 1 FROM meetings WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kCategoryExists{"case_category_exists",
                                       "SELECT 1 FROM worry_categories WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kAreaExists{"case_area_exists", "SELECT 1 FROM areas WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kCaseExists{"case_case_exists", "SELECT 1 FROM cases WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kFormExists{"case_form_exists",
                                   "SELECT 1 FROM form_definitions WHERE id = $1 AND municipality_id = $2"};

Status CaseExists(SqlConnection& connection, MunicipalityId tenant, CaseId id) {
    return Exists(connection, kCaseExists, id, tenant, "支援ケースが見つかりません", "case_id");
}

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
constexpr SqlStatement kCountMeetings{
    "case_count_meetings",
    "SELECT count(DISTINCT m.id), count(DISTINCT a.case_id), count(*) FROM meetings m "
    "JOIN meeting_agenda_items a ON a.meeting_id = m.id AND a.municipality_id = m.municipality_id "
    "WHERE m.municipality_id = $1 AND m.held_on >= $2 AND m.held_on < $3 AND a.case_id IS NOT NULL"};
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
    out.id = *id;
    out.municipality_id = *municipality_id;
    out.person_id = *person_id;
    out.household_id = row.OptionalInteger(3);
    out.title = std::move(*title);
    out.lead_organization_id = *lead;
    out.coordinator_user_id = row.OptionalInteger(6);
    out.status = *status;
    out.opened_from_consultation_id = row.OptionalInteger(8);
    out.opened_at_meeting_id = row.OptionalInteger(9);
    out.opened_on = *opened_on;
    out.closed_on = *closed_on;
    out.closure_reason = std::move(*closure_reason);
    out.created_by = *created_by;
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
                                             .carried_on_by = row.OptionalInteger(5)});
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
                                      .organization_id = *organization_id,
                                      .role = std::move(*role),
                                      .agreed_on = *agreed_on,
                                      .agreed_at_meeting_id = row.OptionalInteger(4),
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

// ---------------------------------------------------------------------------------------------------------------
// Forms (items as JSON) and assessments (answers as JSON)

std::string ItemsJson(const std::vector<FormItem>& items) {
    nlohmann::json array = nlohmann::json::array();
    for (const FormItem& item : items) {
        array.push_back({{"key", item.key},
                         {"section", item.section},
                         {"label", item.label},
                         {"kind", domain::FormItemKindCode(item.kind)},
                         {"options", item.options},
                         {"required", item.required},
                         {"reported_to_state", item.reported_to_state},
                         {"per_member", item.per_member}});
    }
    return array.dump();
}

Result<std::vector<FormItem>> ParseItems(const std::string& text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (!parsed.is_array()) return Fail(Corrupt("form_definitions.items"));
    std::vector<FormItem> items;
    for (const auto& value : parsed) {
        if (!value.is_object()) return Fail(Corrupt("form_definitions.items"));
        auto kind = domain::ParseFormItemKind(value.value("kind", std::string{}));
        if (!kind) return Fail(Corrupt("form_definitions.items.kind"));
        FormItem item;
        item.key = value.value("key", std::string{});
        item.section = value.value("section", std::string{});
        item.label = value.value("label", std::string{});
        item.kind = *kind;
        item.options = value.value("options", std::vector<std::string>{});
        item.required = value.value("required", false);
        item.reported_to_state = value.value("reported_to_state", false);
        item.per_member = value.value("per_member", false);
        items.push_back(std::move(item));
    }
    return items;
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
            answer.member_person_id = value["member_person_id"].get<std::int64_t>();
        }
        answer.values = value.value("values", std::vector<std::string>{});
        answers.push_back(std::move(answer));
    }
    return answers;
}

#define KASANE_FORM_COLUMNS "id, municipality_id, code, form_version, title, items, created_at, created_by"

constexpr SqlStatement kNextFormVersion{
    "case_next_form_version",
    "SELECT COALESCE(MAX(form_version), 0) + 1 FROM form_definitions WHERE municipality_id = $1 AND code = $2"};
constexpr SqlStatement kInsertForm{
    "case_insert_form",
    "INSERT INTO form_definitions (municipality_id, code, form_version, title, items, created_at, created_by) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
constexpr SqlStatement kSelectForm{
    "case_select_form", "SELECT " KASANE_FORM_COLUMNS " FROM form_definitions WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kSelectFormVersions{
    "case_select_form_versions",
    "SELECT " KASANE_FORM_COLUMNS
    " FROM form_definitions WHERE municipality_id = $1 AND code = $2 ORDER BY form_version DESC"};
constexpr SqlStatement kSelectLatestForm{
    "case_select_latest_form",
    "SELECT " KASANE_FORM_COLUMNS
    " FROM form_definitions WHERE municipality_id = $1 AND code = $2 ORDER BY form_version DESC LIMIT 1"};
constexpr SqlStatement kReplaceForm{
    "case_replace_form", "UPDATE form_definitions SET title = $3, items = $4 WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kCountFormAssessments{
    "case_count_form_assessments",
    "SELECT count(*) FROM assessments WHERE municipality_id = $1 AND form_definition_id = $2"};

Result<FormDefinition> FormFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto code = row.Text(2);
    auto form_version = row.Integer(3);
    auto title = row.Text(4);
    auto items_text = row.Text(5);
    auto created_at = row.Time(6);
    auto created_by = row.Integer(7);
    if (!id || !municipality_id || !code || !form_version || !title || !items_text || !created_at || !created_by) {
        return Fail(Corrupt("form_definition"));
    }
    KASANE_ASSIGN(items, ParseItems(*items_text));
    return FormDefinition{.id = *id,
                          .municipality_id = *municipality_id,
                          .code = std::move(*code),
                          .form_version = static_cast<int>(*form_version),
                          .title = std::move(*title),
                          .items = std::move(*items),
                          .created_at = *created_at,
                          .created_by = *created_by};
}

Status ReadForm(SqlConnection& connection, MunicipalityId tenant, FormDefinitionId id, FormDefinition& out) {
    return ReadOneRow(connection, kSelectForm, id, tenant, FormFromRow, "様式が見つかりません", "form_definition_id",
                      out);
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
                      .case_id = *case_id,
                      .form_definition_id = *form_id,
                      .form_version = static_cast<int>(*form_version),
                      .assessed_on = *assessed_on,
                      .assessed_by = *assessed_by,
                      .organization_id = *organization_id,
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
                       .member_person_id = row.OptionalInteger(1),
                       .kind = *kind,
                       .name = std::move(*name),
                       .organization_id = row.OptionalInteger(4),
                       .strength = *strength,
                       .note = std::move(*note)};
}

// ---------------------------------------------------------------------------------------------------------------
// Case facts for the access policy

#define KASANE_CASE_FACT_COLUMNS \
    "c.id, c.status, c.lead_organization_id, lm.body_id, t.organization_id, t.left_on, tm.body_id "
#define KASANE_CASE_FACT_JOINS                                                                            \
    "LEFT JOIN meetings lm ON lm.id = c.opened_at_meeting_id AND lm.municipality_id = c.municipality_id " \
    "LEFT JOIN case_team_members t ON t.case_id = c.id AND t.municipality_id = c.municipality_id "        \
    "LEFT JOIN meetings tm ON tm.id = t.agreed_at_meeting_id AND tm.municipality_id = t.municipality_id "

// The cases of many persons ($2, an id set), the person first: cases_by_person, then case_team_members_by_case and
// the meetings' primary key.
constexpr IdSetStatement kSelectCaseFactsOfPersons
    KASANE_ID_SET_STATEMENT("case_select_case_facts_of_persons",
                            "SELECT c.person_id, " KASANE_CASE_FACT_COLUMNS "FROM cases c " KASANE_CASE_FACT_JOINS
                            "WHERE c.municipality_id = $1 AND c.person_id IN (",
                            ") ORDER BY c.person_id, c.id, t.id");
// household_members_by_person, then cases_by_household and as above (the inner join comes first: SQLite does not
// move a table ahead of the LEFT JOINs written before it). CROSS JOIN fixes SQLite's order of the first two: with
// an IN list of unknown length it otherwise drove the join from every case of the municipality (the case page fell
// from 540 to 16 requests/s on the prefecture data set). PostgreSQL plans a CROSS JOIN with a WHERE like any inner
// join.
constexpr IdSetStatement kSelectCaseFactsOfHouseholdMembers KASANE_ID_SET_STATEMENT(
    "case_select_case_facts_of_household_members",
    "SELECT hm.person_id, " KASANE_CASE_FACT_COLUMNS
    "FROM household_members hm CROSS JOIN cases c " KASANE_CASE_FACT_JOINS
    "WHERE c.household_id = hm.household_id AND c.municipality_id = hm.municipality_id AND hm.municipality_id = $1 "
    "AND hm.person_id IN (",
    ") AND hm.moved_out IS NULL ORDER BY hm.person_id, c.id, t.id");

// ---------------------------------------------------------------------------------------------------------------
// Plans and actions

#define KASANE_PLAN_COLUMNS                                                                                     \
    "id, case_id, plan_version, goals, household_goal, refer_participation, refer_outreach, review_on, state, " \
    "approved_at_meeting_id, approved_on, created_by, created_at, version"
#define KASANE_ACTION_COLUMNS                                                                                       \
    "a.id, a.description, a.responsible_organization_id, a.due_on, a.status, a.program, a.result, a.completed_on, " \
    "a.version"
// An action with its plan and case, for GetAction and the work list (columns 9–12 after the action's).
#define KASANE_ACTION_DUE_SELECT                                                          \
    "SELECT " KASANE_ACTION_COLUMNS                                                       \
    ", c.id, c.title, c.person_id, p.id FROM plan_actions a "                             \
    "JOIN support_plans p ON p.id = a.plan_id AND p.municipality_id = a.municipality_id " \
    "JOIN cases c ON c.id = p.case_id AND c.municipality_id = p.municipality_id "

constexpr SqlStatement kNextPlanVersion{
    "case_next_plan_version",
    "SELECT COALESCE(MAX(plan_version), 0) + 1 FROM support_plans WHERE case_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kInsertPlan{
    "case_insert_plan",
    "INSERT INTO support_plans (case_id, municipality_id, plan_version, goals, household_goal, refer_participation, "
    "refer_outreach, review_on, state, created_by, created_at, version) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9, $10, 1) RETURNING id"};
constexpr SqlStatement kSelectPlan{
    "case_select_plan", "SELECT " KASANE_PLAN_COLUMNS " FROM support_plans WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kSelectPlansOfCase{
    "case_select_plans_of_case",
    "SELECT " KASANE_PLAN_COLUMNS
    " FROM support_plans WHERE case_id = $1 AND municipality_id = $2 ORDER BY plan_version DESC"};
constexpr SqlStatement kSelectCurrentPlansOfCase{
    "case_select_current_plans_of_case",
    "SELECT " KASANE_PLAN_COLUMNS
    " FROM support_plans WHERE case_id = $1 AND municipality_id = $2 AND state IN ('approved', 'draft') "
    "ORDER BY plan_version DESC"};
constexpr SqlStatement kSelectActionsOfPlan{
    "case_select_actions_of_plan",
    "SELECT " KASANE_ACTION_COLUMNS
    " FROM plan_actions a WHERE a.plan_id = $1 AND a.municipality_id = $2 ORDER BY a.id"};
constexpr SqlStatement kUpdateDraft{
    "case_update_draft",
    "UPDATE support_plans SET goals = $3, household_goal = $4, refer_participation = $5, refer_outreach = $6, "
    "review_on = $7, version = version + 1 WHERE id = $1 AND municipality_id = $2 AND version = $8 "
    "AND state = 'draft'"};
constexpr SqlStatement kSupersedeApproved{
    "case_supersede_approved",
    "UPDATE support_plans SET state = 'superseded' WHERE case_id = $1 AND municipality_id = $2 AND state = 'approved'"};
constexpr SqlStatement kApprovePlan{
    "case_approve_plan",
    "UPDATE support_plans SET state = 'approved', approved_at_meeting_id = $3, approved_on = $4 "
    "WHERE id = $1 AND municipality_id = $2 AND state = 'draft'"};
constexpr SqlStatement kInsertAction{
    "case_insert_action",
    "INSERT INTO plan_actions (plan_id, municipality_id, description, responsible_organization_id, due_on, status, "
    "program, result, completed_on, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)"};
constexpr SqlStatement kUpdateDraftAction{
    "case_update_draft_action",
    "UPDATE plan_actions SET description = $4, responsible_organization_id = $5, due_on = $6, status = $7, "
    "program = $8, result = $9, completed_on = $10, version = version + 1 "
    "WHERE id = $1 AND plan_id = $2 AND municipality_id = $3"};
constexpr SqlStatement kDeleteDraftAction{
    "case_delete_draft_action", "DELETE FROM plan_actions WHERE id = $1 AND plan_id = $2 AND municipality_id = $3"};
constexpr SqlStatement kSelectAction{"case_select_action",
                                     KASANE_ACTION_DUE_SELECT "WHERE a.id = $1 AND a.municipality_id = $2"};
constexpr SqlStatement kUpdateAction{
    "case_update_action",
    "UPDATE plan_actions SET description = $3, responsible_organization_id = $4, due_on = $5, status = $6, "
    "program = $7, result = $8, completed_on = $9, version = version + 1 "
    "WHERE id = $1 AND municipality_id = $2 AND version = $10"};
// plan_actions_open_by_organization / plan_actions_open_by_due_on (partial: open actions only), then the plan's
// and the case's primary keys.
constexpr SqlStatement kActionsDueOfOrganization{
    "case_actions_due_of_organization", KASANE_ACTION_DUE_SELECT
    "WHERE a.municipality_id = $1 AND a.responsible_organization_id = $2 AND a.status IN ('planned', 'in_progress') "
    "AND a.due_on < $3 AND p.state = 'approved' AND c.status NOT IN ('closed', 'suspended') "
    "ORDER BY a.due_on, a.id LIMIT $4"};
constexpr SqlStatement kActionsDue{
    "case_actions_due", KASANE_ACTION_DUE_SELECT
    "WHERE a.municipality_id = $1 AND a.status IN ('planned', 'in_progress') AND a.due_on < $2 "
    "AND p.state = 'approved' AND c.status NOT IN ('closed', 'suspended') ORDER BY a.due_on, a.id LIMIT $3"};
// support_plans_current_by_review_on (partial: approved plans only), then the case's primary key.
#define KASANE_REVIEW_SELECT                                                                           \
    "SELECT c.id, c.title, c.person_id, c.lead_organization_id, p.id, p.plan_version, p.review_on "    \
    "FROM support_plans p JOIN cases c ON c.id = p.case_id AND c.municipality_id = p.municipality_id " \
    "WHERE p.municipality_id = $1 AND p.state = 'approved' AND p.review_on < $2 "                      \
    "AND c.status NOT IN ('closed', 'suspended') "
constexpr SqlStatement kReviewsDueOfLead{"case_reviews_due_of_lead", KASANE_REVIEW_SELECT
                                         "AND c.lead_organization_id = $3 ORDER BY p.review_on, p.id LIMIT $4"};
constexpr SqlStatement kReviewsDue{"case_reviews_due", KASANE_REVIEW_SELECT "ORDER BY p.review_on, p.id LIMIT $3"};

Result<SupportPlan> PlanFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto case_id = row.Integer(1);
    auto plan_version = row.Integer(2);
    auto goals = row.Text(3);
    auto household_goal = row.Text(4);
    auto refer_participation = row.Boolean(5);
    auto refer_outreach = row.Boolean(6);
    auto review_on = OptionalDate(row, 7);
    auto state = domain::ParsePlanState(row.Text(8).value_or(""));
    auto approved_on = OptionalDate(row, 10);
    auto created_by = row.Integer(11);
    auto created_at = row.Time(12);
    auto version = row.Integer(13);
    if (!id || !case_id || !plan_version || !goals || !household_goal || !refer_participation || !refer_outreach ||
        !review_on || !state || !approved_on || !created_by || !created_at || !version) {
        return Fail(Corrupt("support_plan"));
    }
    SupportPlan plan;
    plan.id = *id;
    plan.case_id = *case_id;
    plan.plan_version = static_cast<int>(*plan_version);
    plan.goals = std::move(*goals);
    plan.household_goal = std::move(*household_goal);
    plan.refer_participation = *refer_participation;
    plan.refer_outreach = *refer_outreach;
    plan.review_on = *review_on;
    plan.state = *state;
    plan.approved_at_meeting_id = row.OptionalInteger(9);
    plan.approved_on = *approved_on;
    plan.created_by = *created_by;
    plan.created_at = *created_at;
    plan.version = static_cast<int>(*version);
    return plan;
}

Result<PlanAction> ActionFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto description = row.Text(1);
    auto organization_id = row.Integer(2);
    auto due_on = OptionalDate(row, 3);
    auto status = domain::ParseActionStatus(row.Text(4).value_or(""));
    auto result = row.Text(6);
    auto completed_on = OptionalDate(row, 7);
    auto version = row.Integer(8);
    if (!id || !description || !organization_id || !due_on || !status || !result || !completed_on || !version) {
        return Fail(Corrupt("plan_action"));
    }
    std::optional<Program> program;
    if (!row.IsNull(5)) {
        program = domain::ParseProgram(row.Text(5).value_or(""));
        if (!program) return Fail(Corrupt("plan_action.program"));
    }
    return PlanAction{.id = *id,
                      .description = std::move(*description),
                      .responsible_organization_id = *organization_id,
                      .due_on = *due_on,
                      .status = *status,
                      .program = program,
                      .result = std::move(*result),
                      .completed_on = *completed_on,
                      .version = static_cast<int>(*version)};
}

Result<ActionDue> ActionDueFromRow(const SqlRow& row) {
    KASANE_ASSIGN(action, ActionFromRow(row));
    auto case_id = row.Integer(9);
    auto title = row.Text(10);
    auto person_id = row.Integer(11);
    auto plan_id = row.Integer(12);
    if (!case_id || !title || !person_id || !plan_id) return Fail(Corrupt("action_due"));
    return ActionDue{.case_id = *case_id,
                     .case_title = std::move(*title),
                     .person_id = *person_id,
                     .plan_id = *plan_id,
                     .action = std::move(*action)};
}

Status ReadActions(SqlConnection& connection, MunicipalityId tenant, SupportPlan& plan) {
    KASANE_ASSIGN(rows, connection.Execute(kSelectActionsOfPlan, {plan.id, tenant}));
    for (const auto& values : rows->rows) {
        KASANE_ASSIGN(action, ActionFromRow(SqlRow(values)));
        plan.actions.push_back(std::move(*action));
    }
    return {};
}

Status ReadPlan(SqlConnection& connection, MunicipalityId tenant, SupportPlanId id, SupportPlan& out) {
    KASANE_TRY(
        ReadOneRow(connection, kSelectPlan, id, tenant, PlanFromRow, "支援プランが見つかりません", "plan_id", out));
    KASANE_TRY(ReadActions(connection, tenant, out));
    return {};
}

Status CheckActionOrganizations(SqlConnection& connection, MunicipalityId tenant,
                                const std::vector<PlanAction>& actions) {
    for (const PlanAction& action : actions) {
        KASANE_TRY(Exists(connection, kOrganizationExists, action.responsible_organization_id, tenant,
                          "担当機関が見つかりません", "actions"));
    }
    return {};
}

// The parameters an action's columns take, in the order description … completed_on.
struct ActionTexts {
    std::optional<std::string> due_on;
    std::optional<std::string> completed_on;
    std::optional<std::string> program;
    explicit ActionTexts(const PlanAction& action)
        : due_on(OptionalDateText(action.due_on)),
          completed_on(OptionalDateText(action.completed_on)),
          program(action.program ? std::optional<std::string>(CodeText(domain::ProgramCode(*action.program)))
                                 : std::nullopt) {}
};

Status InsertAction(SqlConnection& connection, MunicipalityId tenant, SupportPlanId plan_id, const PlanAction& action) {
    const ActionTexts texts(action);
    KASANE_EXECUTE(connection, kInsertAction, plan_id, tenant, action.description, action.responsible_organization_id,
                   TextOrNull(texts.due_on), domain::ActionStatusCode(action.status), TextOrNull(texts.program),
                   action.result, TextOrNull(texts.completed_on));
    return {};
}

// As ReplaceTeam: actions with an id keep it, id 0 adds one, actions not named are removed.
Status ReplaceDraftActions(SqlConnection& connection, MunicipalityId tenant, SupportPlanId plan_id,
                           const std::vector<PlanAction>& actions) {
    KASANE_ASSIGN(rows, connection.Execute(kSelectActionsOfPlan, {plan_id, tenant}));
    std::set<PlanActionId> existing;
    for (const auto& values : rows->rows) {
        KASANE_ASSIGN(action_id, SqlRow(values).Integer(0));
        existing.insert(*action_id);
    }
    std::set<PlanActionId> kept;
    for (const PlanAction& action : actions) {
        if (action.id == 0) continue;
        if (!existing.contains(action.id) || !kept.insert(action.id).second) {
            return Fail(NotFoundField("プランの取組が見つかりません", "actions"));
        }
    }
    for (PlanActionId action_id : existing) {
        if (!kept.contains(action_id)) KASANE_EXECUTE(connection, kDeleteDraftAction, action_id, plan_id, tenant);
    }
    for (const PlanAction& action : actions) {
        if (action.id == 0) {
            KASANE_TRY(InsertAction(connection, tenant, plan_id, action));
            continue;
        }
        const ActionTexts texts(action);
        KASANE_EXECUTE(connection, kUpdateDraftAction, action.id, plan_id, tenant, action.description,
                       action.responsible_organization_id, TextOrNull(texts.due_on),
                       domain::ActionStatusCode(action.status), TextOrNull(texts.program), action.result,
                       TextOrNull(texts.completed_on));
    }
    return {};
}

// ---------------------------------------------------------------------------------------------------------------
// Progress notes

#define KASANE_NOTE_COLUMNS \
    "id, case_id, occurred_at, method, tag, text, about_person_id, author_user_id, organization_id, created_at"

constexpr SqlStatement kInsertNote{
    "case_insert_note",
    "INSERT INTO progress_notes (case_id, municipality_id, occurred_at, method, tag, text, about_person_id, "
    "author_user_id, organization_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"};
constexpr SqlStatement kSelectNote{
    "case_select_note", "SELECT " KASANE_NOTE_COLUMNS " FROM progress_notes WHERE id = $1 AND municipality_id = $2"};
// progress_notes_by_case, read from its start: the newest first, stopping after `limit`.
constexpr SqlStatement kSelectNotesOfCase{
    "case_select_notes_of_case",
    "SELECT " KASANE_NOTE_COLUMNS
    " FROM progress_notes WHERE case_id = $1 AND municipality_id = $2 ORDER BY occurred_at DESC, id DESC LIMIT $3"};
// The same, the notes one organisation wrote (still read through progress_notes_by_case).
constexpr SqlStatement kSelectNotesOfCaseBy{
    "case_select_notes_of_case_by",
    "SELECT " KASANE_NOTE_COLUMNS
    " FROM progress_notes WHERE case_id = $1 AND municipality_id = $2 AND organization_id = $3"
    " ORDER BY occurred_at DESC, id DESC LIMIT $4"};

Result<ProgressNote> NoteFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto case_id = row.Integer(1);
    auto occurred_at = row.Time(2);
    auto method = domain::ParseNoteMethod(row.Text(3).value_or(""));
    auto tag = domain::ParseTextTag(row.Text(4).value_or(""));
    auto text = row.Text(5);
    auto author = row.Integer(7);
    auto organization_id = row.Integer(8);
    auto created_at = row.Time(9);
    if (!id || !case_id || !occurred_at || !method || !tag || !text || !author || !organization_id || !created_at) {
        return Fail(Corrupt("progress_note"));
    }
    return ProgressNote{.id = *id,
                        .case_id = *case_id,
                        .occurred_at = *occurred_at,
                        .method = *method,
                        .tag = *tag,
                        .text = std::move(*text),
                        .about_person_id = row.OptionalInteger(6),
                        .author_user_id = *author,
                        .organization_id = *organization_id,
                        .created_at = *created_at};
}

// ---------------------------------------------------------------------------------------------------------------
// Missing social resources

#define KASANE_RESOURCE_COLUMNS \
    "id, case_id, meeting_id, description, area_id, noted_on, addressed, addressed_note, recorded_by"

constexpr SqlStatement kInsertResource{
    "case_insert_resource",
    "INSERT INTO missing_resources (municipality_id, case_id, meeting_id, description, area_id, noted_on, addressed, "
    "addressed_note, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"};
constexpr SqlStatement kSelectResource{"case_select_resource",
                                       "SELECT " KASANE_RESOURCE_COLUMNS
                                       " FROM missing_resources WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kSelectResources{
    "case_select_resources", "SELECT " KASANE_RESOURCE_COLUMNS
                             " FROM missing_resources WHERE municipality_id = $1 ORDER BY noted_on DESC, id DESC"};
constexpr SqlStatement kSelectOpenResources{
    "case_select_open_resources",
    "SELECT " KASANE_RESOURCE_COLUMNS
    " FROM missing_resources WHERE municipality_id = $1 AND NOT addressed ORDER BY noted_on DESC, id DESC"};
constexpr SqlStatement kSetResourceAddressed{
    "case_set_resource_addressed",
    "UPDATE missing_resources SET addressed = $3, addressed_note = $4 WHERE id = $1 AND municipality_id = $2"};

Result<MissingResource> ResourceFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto description = row.Text(3);
    auto noted_on = RequiredDate(row, 5);
    auto addressed = row.Boolean(6);
    auto addressed_note = row.Text(7);
    auto recorded_by = row.Integer(8);
    if (!id || !description || !noted_on || !addressed || !addressed_note || !recorded_by) {
        return Fail(Corrupt("missing_resource"));
    }
    return MissingResource{.id = *id,
                           .case_id = row.OptionalInteger(1),
                           .meeting_id = row.OptionalInteger(2),
                           .description = std::move(*description),
                           .area_id = row.OptionalInteger(4),
                           .noted_on = *noted_on,
                           .addressed = *addressed,
                           .addressed_note = std::move(*addressed_note),
                           .recorded_by = *recorded_by};
}

Status ReadResource(SqlConnection& connection, MunicipalityId tenant, MissingResourceId id, MissingResource& out) {
    return ReadOneRow(connection, kSelectResource, id, tenant, ResourceFromRow,
                      "不足する社会資源の記録が見つかりません", "missing_resource_id", out);
}

// ---------------------------------------------------------------------------------------------------------------
// Repositories

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
            KASANE_TRY(InsertProgramsAndCategories(connection, tenant_, *id, support_case));
            for (const TeamMember& member : support_case.team) {
                KASANE_TRY(InsertTeamMember(connection, tenant_, *id, member));
            }
            return ReadCase(connection, tenant_, *id, out);
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
            KASANE_ASSIGN(meetings, connection.Execute(kCountMeetings, range));
            if (meetings->Empty()) return Fail(Corrupt("meeting counts"));
            const SqlRow meeting_row(meetings->rows.front());
            out.meetings_held = meeting_row.Integer(0).value_or(0);
            out.cases_discussed = meeting_row.Integer(1).value_or(0);
            out.agenda_items = meeting_row.Integer(2).value_or(0);
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

class SqlFormRepository final : public domain::FormRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<FormDefinition> Publish(const FormDefinition& definition) override {
        const std::string items = ItemsJson(definition.items);
        const std::string created_at = FormatIso8601(definition.created_at);
        return WriteInto<FormDefinition>([&](SqlConnection& connection, FormDefinition& out) -> Status {
            KASANE_TRY(Exists(connection, kUserExists, definition.created_by, tenant_, "作成者が見つかりません",
                              "created_by"));
            KASANE_ASSIGN(next, connection.Execute(kNextFormVersion, {tenant_, definition.code}));
            KASANE_ASSIGN(form_version, SingleInteger(*next));
            KASANE_ASSIGN(inserted,
                          connection.Execute(kInsertForm, {tenant_, definition.code, *form_version, definition.title,
                                                           items, created_at, definition.created_by}));
            KASANE_ASSIGN(id, IdOf(*inserted));
            return ReadForm(connection, tenant_, *id, out);
        });
    }

    Result<FormDefinition> Get(FormDefinitionId id) override {
        return ReadInto<FormDefinition>(
            [&](SqlConnection& connection, FormDefinition& out) { return ReadForm(connection, tenant_, id, out); });
    }

    Result<FormDefinition> Latest(std::string_view code) override {
        return ReadInto<FormDefinition>([&](SqlConnection& connection, FormDefinition& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectLatestForm, {tenant_, code}));
            if (result->Empty()) return Fail(NotFoundField("様式が見つかりません", "code"));
            KASANE_ASSIGN(form, FormFromRow(SqlRow(result->rows.front())));
            out = std::move(*form);
            return {};
        });
    }

    Result<std::vector<FormDefinition>> Versions(std::string_view code) override {
        using List = std::vector<FormDefinition>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectFormVersions, {tenant_, code}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(form, FormFromRow(SqlRow(values)));
                out.push_back(std::move(*form));
            }
            return {};
        });
    }

    Result<FormDefinition> Replace(FormDefinitionId id, const FormDefinition& definition) override {
        const std::string items = ItemsJson(definition.items);
        return WriteInto<FormDefinition>([&](SqlConnection& connection, FormDefinition& out) -> Status {
            KASANE_ASSIGN(updated, connection.Execute(kReplaceForm, {id, tenant_, definition.title, items}));
            if (updated->affected_rows == 0) return Fail(NotFoundField("様式が見つかりません", "form_definition_id"));
            return ReadForm(connection, tenant_, id, out);
        });
    }

    Result<long long> CountAssessments(FormDefinitionId id) override {
        return ReadInto<long long>([&](SqlConnection& connection, long long& out) -> Status {
            KASANE_TRY(Exists(connection, kFormExists, id, tenant_, "様式が見つかりません", "form_definition_id"));
            KASANE_ASSIGN(result, connection.Execute(kCountFormAssessments, {tenant_, id}));
            KASANE_ASSIGN(count, SingleInteger(*result));
            out = *count;
            return {};
        });
    }
};

class SqlPlanRepository final : public domain::PlanRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<SupportPlan> Create(const SupportPlan& plan) override {
        const auto review_on = OptionalDateText(plan.review_on);
        const std::string created_at = FormatIso8601(plan.created_at);
        return WriteInto<SupportPlan>([&](SqlConnection& connection, SupportPlan& out) -> Status {
            KASANE_TRY(CaseExists(connection, tenant_, plan.case_id));
            KASANE_TRY(
                Exists(connection, kUserExists, plan.created_by, tenant_, "作成者が見つかりません", "created_by"));
            KASANE_TRY(CheckActionOrganizations(connection, tenant_, plan.actions));
            KASANE_ASSIGN(next, connection.Execute(kNextPlanVersion, {plan.case_id, tenant_}));
            KASANE_ASSIGN(plan_version, SingleInteger(*next));
            KASANE_ASSIGN(inserted, connection.Execute(kInsertPlan, {plan.case_id, tenant_, *plan_version, plan.goals,
                                                                     plan.household_goal, plan.refer_participation,
                                                                     plan.refer_outreach, TextOrNull(review_on),
                                                                     plan.created_by, created_at}));
            KASANE_ASSIGN(id, IdOf(*inserted));
            for (const PlanAction& action : plan.actions) KASANE_TRY(InsertAction(connection, tenant_, *id, action));
            return ReadPlan(connection, tenant_, *id, out);
        });
    }

    Result<SupportPlan> Get(SupportPlanId id) override {
        return ReadInto<SupportPlan>(
            [&](SqlConnection& connection, SupportPlan& out) { return ReadPlan(connection, tenant_, id, out); });
    }

    Result<std::vector<SupportPlan>> OfCase(CaseId case_id) override {
        using List = std::vector<SupportPlan>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_TRY(CaseExists(connection, tenant_, case_id));
            KASANE_ASSIGN(result, connection.Execute(kSelectPlansOfCase, {case_id, tenant_}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(plan, PlanFromRow(SqlRow(values)));
                KASANE_TRY(ReadActions(connection, tenant_, *plan));
                out.push_back(std::move(*plan));
            }
            return {};
        });
    }

    Result<domain::CurrentPlans> CurrentOfCase(CaseId case_id) override {
        return ReadInto<domain::CurrentPlans>([&](SqlConnection& connection, domain::CurrentPlans& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectCurrentPlansOfCase, {case_id, tenant_}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(plan, PlanFromRow(SqlRow(values)));
                std::optional<SupportPlan>& slot = plan->state == PlanState::kApproved ? out.approved : out.draft;
                if (slot || (plan->state != PlanState::kApproved && plan->state != PlanState::kDraft)) continue;
                KASANE_TRY(ReadActions(connection, tenant_, *plan));
                slot = std::move(*plan);
                if (out.approved && out.draft) break;
            }
            return {};
        });
    }

    Result<SupportPlan> UpdateDraft(SupportPlanId id, int expected_version, const SupportPlan& plan) override {
        const auto review_on = OptionalDateText(plan.review_on);
        return WriteInto<SupportPlan>([&](SqlConnection& connection, SupportPlan& out) -> Status {
            SupportPlan current;
            KASANE_TRY(ReadPlan(connection, tenant_, id, current));
            if (current.state != PlanState::kDraft) return Fail(NotDraft());
            KASANE_TRY(CheckActionOrganizations(connection, tenant_, plan.actions));
            KASANE_ASSIGN(updated,
                          connection.Execute(kUpdateDraft, {id, tenant_, plan.goals, plan.household_goal,
                                                            plan.refer_participation, plan.refer_outreach,
                                                            TextOrNull(review_on), std::int64_t{expected_version}}));
            if (updated->affected_rows == 0) return Fail(VersionConflict());
            KASANE_TRY(ReplaceDraftActions(connection, tenant_, id, plan.actions));
            return ReadPlan(connection, tenant_, id, out);
        });
    }

    Result<SupportPlan> Approve(SupportPlanId id, MeetingId meeting_id, Date approved_on) override {
        const std::string approved_on_text = DateText(approved_on);
        return WriteInto<SupportPlan>([&](SqlConnection& connection, SupportPlan& out) -> Status {
            SupportPlan current;
            KASANE_TRY(ReadPlan(connection, tenant_, id, current));
            KASANE_TRY(Exists(connection, kMeetingExists, meeting_id, tenant_, "会議が見つかりません", "meeting_id"));
            if (current.state != PlanState::kDraft) return Fail(NotDraft());
            KASANE_EXECUTE(connection, kSupersedeApproved, current.case_id, tenant_);
            KASANE_ASSIGN(approved, connection.Execute(kApprovePlan, {id, tenant_, meeting_id, approved_on_text}));
            if (approved->affected_rows == 0) return Fail(NotDraft());
            return ReadPlan(connection, tenant_, id, out);
        });
    }

    Result<ActionDue> GetAction(PlanActionId id) override {
        return ReadInto<ActionDue>([&](SqlConnection& connection, ActionDue& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectAction, {id, tenant_}));
            if (result->Empty()) return Fail(NotFoundField("プランの取組が見つかりません", "action_id"));
            KASANE_ASSIGN(action, ActionDueFromRow(SqlRow(result->rows.front())));
            out = std::move(*action);
            return {};
        });
    }

    Result<PlanAction> UpdateAction(PlanActionId id, int expected_version, const PlanAction& action) override {
        const ActionTexts texts(action);
        return WriteInto<PlanAction>([&](SqlConnection& connection, PlanAction& out) -> Status {
            KASANE_ASSIGN(current, connection.Execute(kSelectAction, {id, tenant_}));
            if (current->Empty()) return Fail(NotFoundField("プランの取組が見つかりません", "action_id"));
            KASANE_TRY(Exists(connection, kOrganizationExists, action.responsible_organization_id, tenant_,
                              "担当機関が見つかりません", "responsible_organization_id"));
            KASANE_ASSIGN(
                updated,
                connection.Execute(kUpdateAction, {id, tenant_, action.description, action.responsible_organization_id,
                                                   TextOrNull(texts.due_on), domain::ActionStatusCode(action.status),
                                                   TextOrNull(texts.program), action.result,
                                                   TextOrNull(texts.completed_on), std::int64_t{expected_version}}));
            if (updated->affected_rows == 0) return Fail(VersionConflict());
            KASANE_ASSIGN(result, connection.Execute(kSelectAction, {id, tenant_}));
            if (result->Empty()) return Fail(Corrupt("plan_action"));
            KASANE_ASSIGN(stored, ActionDueFromRow(SqlRow(result->rows.front())));
            out = std::move(stored->action);
            return {};
        });
    }

    // Undated actions are never listed: the port has no include_undated parameter (see the report).
    Result<std::vector<ActionDue>> ActionsDue(std::optional<OrganizationId> responsible_organization_id,
                                              Date due_before, int limit) override {
        using List = std::vector<ActionDue>;
        const std::string before = DateText(due_before);
        const std::int64_t rows = std::max(limit, 0);
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_ASSIGN(result, responsible_organization_id
                                      ? connection.Execute(kActionsDueOfOrganization,
                                                           {tenant_, *responsible_organization_id, before, rows})
                                      : connection.Execute(kActionsDue, {tenant_, before, rows}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(action, ActionDueFromRow(SqlRow(values)));
                out.push_back(std::move(*action));
            }
            return {};
        });
    }

    Result<std::vector<ReviewDue>> ReviewsDue(std::optional<OrganizationId> lead_organization_id, Date review_before,
                                              int limit) override {
        using List = std::vector<ReviewDue>;
        const std::string before = DateText(review_before);
        const std::int64_t rows = std::max(limit, 0);
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_ASSIGN(result,
                          lead_organization_id
                              ? connection.Execute(kReviewsDueOfLead, {tenant_, before, *lead_organization_id, rows})
                              : connection.Execute(kReviewsDue, {tenant_, before, rows}));
            for (const auto& values : result->rows) {
                const SqlRow row(values);
                auto case_id = row.Integer(0);
                auto title = row.Text(1);
                auto person_id = row.Integer(2);
                auto lead = row.Integer(3);
                auto plan_id = row.Integer(4);
                auto plan_version = row.Integer(5);
                auto review_on = RequiredDate(row, 6);
                if (!case_id || !title || !person_id || !lead || !plan_id || !plan_version || !review_on) {
                    return Fail(Corrupt("review_due"));
                }
                out.push_back(ReviewDue{.case_id = *case_id,
                                        .case_title = std::move(*title),
                                        .person_id = *person_id,
                                        .lead_organization_id = *lead,
                                        .plan_id = *plan_id,
                                        .plan_version = static_cast<int>(*plan_version),
                                        .review_on = *review_on});
            }
            return {};
        });
    }

private:
    static Error NotDraft() {
        return Error::Conflict("作成中のプランではありません。画面を読み込み直してください", "state");
    }
};

class SqlProgressNoteRepository final : public domain::ProgressNoteRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<ProgressNote> Create(const ProgressNote& note) override {
        const std::string occurred_at = FormatIso8601(note.occurred_at);
        const std::string created_at = FormatIso8601(note.created_at);
        return WriteInto<ProgressNote>([&](SqlConnection& connection, ProgressNote& out) -> Status {
            KASANE_TRY(CaseExists(connection, tenant_, note.case_id));
            if (note.about_person_id) {
                KASANE_TRY(Exists(connection, kPersonExists, *note.about_person_id, tenant_,
                                  "世帯員の記録が見つかりません", "about_person_id"));
            }
            KASANE_TRY(Exists(connection, kUserExists, note.author_user_id, tenant_, "記録者が見つかりません",
                              "author_user_id"));
            KASANE_TRY(Exists(connection, kOrganizationExists, note.organization_id, tenant_, "機関が見つかりません",
                              "organization_id"));
            KASANE_ASSIGN(inserted,
                          connection.Execute(kInsertNote,
                                             {note.case_id, tenant_, occurred_at, domain::NoteMethodCode(note.method),
                                              domain::TextTagCode(note.tag), note.text, IdOrNull(note.about_person_id),
                                              note.author_user_id, note.organization_id, created_at}));
            KASANE_ASSIGN(id, IdOf(*inserted));
            KASANE_ASSIGN(result, connection.Execute(kSelectNote, {*id, tenant_}));
            if (result->Empty()) return Fail(Corrupt("progress_note"));
            KASANE_ASSIGN(stored, NoteFromRow(SqlRow(result->rows.front())));
            out = std::move(*stored);
            return {};
        });
    }

    Result<std::vector<ProgressNote>> OfCase(CaseId case_id, int limit) override {
        return Notes(case_id, std::nullopt, limit);
    }

    Result<std::vector<ProgressNote>> OfCaseBy(CaseId case_id, OrganizationId organization_id, int limit) override {
        return Notes(case_id, organization_id, limit);
    }

private:
    Result<std::vector<ProgressNote>> Notes(CaseId case_id, std::optional<OrganizationId> organization_id, int limit) {
        using List = std::vector<ProgressNote>;
        // LIMIT of every row: both dialects take a bigint; -1 (SQLite's "no limit") is an error in PostgreSQL.
        const std::int64_t rows = limit > 0 ? std::int64_t{limit} : std::int64_t{0x7fffffffffffffff};
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_TRY(CaseExists(connection, tenant_, case_id));
            KASANE_ASSIGN(result, organization_id ? connection.Execute(kSelectNotesOfCaseBy,
                                                                       {case_id, tenant_, *organization_id, rows})
                                                  : connection.Execute(kSelectNotesOfCase, {case_id, tenant_, rows}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(note, NoteFromRow(SqlRow(values)));
                out.push_back(std::move(*note));
            }
            return {};
        });
    }
};

class SqlMissingResourceRepository final : public domain::MissingResourceRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<MissingResource> Create(const MissingResource& resource) override {
        const std::string noted_on = DateText(resource.noted_on);
        return WriteInto<MissingResource>([&](SqlConnection& connection, MissingResource& out) -> Status {
            if (resource.case_id) KASANE_TRY(CaseExists(connection, tenant_, *resource.case_id));
            if (resource.meeting_id) {
                KASANE_TRY(Exists(connection, kMeetingExists, *resource.meeting_id, tenant_, "会議が見つかりません",
                                  "meeting_id"));
            }
            if (resource.area_id) {
                KASANE_TRY(
                    Exists(connection, kAreaExists, *resource.area_id, tenant_, "地区が見つかりません", "area_id"));
            }
            KASANE_TRY(Exists(connection, kUserExists, resource.recorded_by, tenant_, "記録者が見つかりません",
                              "recorded_by"));
            KASANE_ASSIGN(inserted,
                          connection.Execute(kInsertResource,
                                             {tenant_, IdOrNull(resource.case_id), IdOrNull(resource.meeting_id),
                                              resource.description, IdOrNull(resource.area_id), noted_on,
                                              resource.addressed, resource.addressed_note, resource.recorded_by}));
            KASANE_ASSIGN(id, IdOf(*inserted));
            return ReadResource(connection, tenant_, *id, out);
        });
    }

    Result<std::vector<MissingResource>> List(bool open_only) override {
        using Resources = std::vector<MissingResource>;
        return ReadInto<Resources>([&](SqlConnection& connection, Resources& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(open_only ? kSelectOpenResources : kSelectResources, {tenant_}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(resource, ResourceFromRow(SqlRow(values)));
                out.push_back(std::move(*resource));
            }
            return {};
        });
    }

    Result<MissingResource> SetAddressed(MissingResourceId id, bool addressed, std::string_view note) override {
        return WriteInto<MissingResource>([&](SqlConnection& connection, MissingResource& out) -> Status {
            KASANE_ASSIGN(updated, connection.Execute(kSetResourceAddressed, {id, tenant_, addressed, note}));
            if (updated->affected_rows == 0) {
                return Fail(NotFoundField("不足する社会資源の記録が見つかりません", "missing_resource_id"));
            }
            return ReadResource(connection, tenant_, id, out);
        });
    }
};

}  // namespace

Status ReadCaseFacts(SqlConnection& connection, MunicipalityId tenant,
                     const std::vector<std::vector<domain::PersonId>>& groups,
                     std::vector<domain::PersonAccessFacts>& facts) {
    std::vector<PersonId> persons;
    for (const auto& group : groups) persons.insert(persons.end(), group.begin(), group.end());
    if (persons.empty()) return {};
    std::sort(persons.begin(), persons.end());
    persons.erase(std::unique(persons.begin(), persons.end()), persons.end());
    const IdSet person_set(persons);
    KASANE_ASSIGN(own_result,
                  connection.Execute(kSelectCaseFactsOfPersons.For(person_set), {tenant, person_set.Param()}));
    KASANE_ASSIGN(own_rows, RowsByKey(*own_result));
    KASANE_ASSIGN(household_result,
                  connection.Execute(kSelectCaseFactsOfHouseholdMembers.For(person_set), {tenant, person_set.Param()}));
    KASANE_ASSIGN(household_rows, RowsByKey(*household_result));

    for (std::size_t i = 0; i < groups.size() && i < facts.size(); ++i) {
        std::vector<domain::CaseTeamFact>& case_teams = facts[i].case_teams;
        std::set<CaseId> seen;
        for (PersonId person_id : groups[i]) {
            for (const SqlRowsByKey* rows_by_person : {&*own_rows, &*household_rows}) {
                // A person's rows come ordered by case: one per team member (or one with NULL member columns).
                std::set<CaseId> read_here;
                for (const SqlValues* values : RowsOf(*rows_by_person, person_id)) {
                    const SqlRow row(*values);
                    KASANE_ASSIGN(case_id, row.Integer(1));
                    if (seen.contains(*case_id)) continue;
                    auto status = domain::ParseCaseStatus(row.Text(2).value_or(""));
                    if (!status) return Fail(Corrupt("cases.status"));
                    const bool case_active = *status != CaseStatus::kClosed;
                    if (read_here.insert(*case_id).second) {
                        KASANE_ASSIGN(lead, row.Integer(3));
                        case_teams.push_back(domain::CaseTeamFact{.case_id = *case_id,
                                                                  .organization_id = *lead,
                                                                  .active = case_active,
                                                                  .lead = true,
                                                                  .agreed_body_id = row.OptionalInteger(4)});
                    }
                    if (row.IsNull(5)) continue;
                    KASANE_ASSIGN(organization_id, row.Integer(5));
                    case_teams.push_back(domain::CaseTeamFact{.case_id = *case_id,
                                                              .organization_id = *organization_id,
                                                              .active = case_active && row.IsNull(6),
                                                              .agreed_body_id = row.OptionalInteger(7)});
                }
                seen.insert(read_here.begin(), read_here.end());
            }
        }
    }
    return {};
}

struct CaseRepositories::Parts {
    Parts(SqlExecutor& executor, MunicipalityId tenant)
        : cases(executor, tenant),
          forms(executor, tenant),
          plans(executor, tenant),
          notes(executor, tenant),
          resources(executor, tenant) {}
    SqlCaseRepository cases;
    SqlFormRepository forms;
    SqlPlanRepository plans;
    SqlProgressNoteRepository notes;
    SqlMissingResourceRepository resources;
};

CaseRepositories::CaseRepositories(SqlExecutor& executor, MunicipalityId tenant)
    : parts_(std::make_unique<Parts>(executor, tenant)) {}
CaseRepositories::~CaseRepositories() = default;

domain::CaseRepository& CaseRepositories::Cases() { return parts_->cases; }
domain::FormRepository& CaseRepositories::Forms() { return parts_->forms; }
domain::PlanRepository& CaseRepositories::Plans() { return parts_->plans; }
domain::ProgressNoteRepository& CaseRepositories::ProgressNotes() { return parts_->notes; }
domain::MissingResourceRepository& CaseRepositories::MissingResources() { return parts_->resources; }

}  // namespace kasane::storage
