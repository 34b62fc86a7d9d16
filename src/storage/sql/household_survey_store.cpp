// SPDX-License-Identifier: Apache-2.0
// 世帯訪問調査: campaigns and their form versions, assignments, households, hearing notes, visits and their answers,
// and the progress of every area in one statement (domain::HouseholdSurveyRepository).

#include <map>
#include <string>

#include "domain/household_survey_repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

std::unique_ptr<domain::HouseholdSurveyRepository> MakeHouseholdSurveyRepository(SqlExecutor& executor,
                                                                                 MunicipalityId tenant);

namespace {

using domain::AreaProgress;
using domain::SurveyAssignment;
using domain::SurveyCampaign;
using domain::SurveyFormItem;
using domain::SurveyHearingNote;
using domain::SurveyHousehold;
using domain::SurveyVisit;
using sql_support::TenantRepository;

constexpr SqlStatement kInsertCampaign{
    "survey_insert_campaign",
    "INSERT INTO survey_campaigns (municipality_id, name, purpose, starts_on, ends_on, form_version, created_by, "
    "created_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $7) RETURNING id"};
constexpr SqlStatement kInsertItem{
    "survey_insert_item",
    "INSERT INTO survey_form_items (municipality_id, campaign_id, version, position, item_key, label, section) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)"};
constexpr SqlStatement kBumpVersion{
    "survey_bump_version",
    "UPDATE survey_campaigns SET form_version = form_version + 1 WHERE municipality_id = $1 AND id = $2 "
    "RETURNING form_version"};
#define KASANE_CAMPAIGN_COLUMNS "id, name, purpose, starts_on, ends_on, form_version, created_by, created_at"
constexpr SqlStatement kSelectCampaign{"survey_select_campaign",
                                       "SELECT " KASANE_CAMPAIGN_COLUMNS
                                       " FROM survey_campaigns WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kSelectCampaigns{
    "survey_select_campaigns", "SELECT " KASANE_CAMPAIGN_COLUMNS
                               " FROM survey_campaigns WHERE municipality_id = $1 ORDER BY starts_on DESC, id DESC"};
#undef KASANE_CAMPAIGN_COLUMNS
constexpr SqlStatement kSelectItems{
    "survey_select_items",
    "SELECT item_key, label, section FROM survey_form_items WHERE municipality_id = $1 AND campaign_id = $2 "
    "AND version = $3 ORDER BY position"};
constexpr SqlStatement kDeleteAssignment{
    "survey_delete_assignment",
    "DELETE FROM survey_assignments WHERE municipality_id = $1 AND campaign_id = $2 AND area_id = $3"};
constexpr SqlStatement kInsertAssignment{
    "survey_insert_assignment",
    "INSERT INTO survey_assignments (municipality_id, campaign_id, area_id, organization_id, volunteer_user_id) "
    "VALUES ($1, $2, $3, $4, $5)"};
constexpr SqlStatement kSelectAssignments{"survey_select_assignments",
                                          "SELECT area_id, organization_id, volunteer_user_id FROM survey_assignments "
                                          "WHERE municipality_id = $1 AND campaign_id = $2 ORDER BY area_id"};
constexpr SqlStatement kInsertHousehold{
    "survey_insert_household",
    "INSERT INTO survey_households (municipality_id, campaign_id, area_id, address, head_name, origin, created_by, "
    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"};
#define KASANE_HOUSEHOLD_COLUMNS "id, campaign_id, area_id, address, head_name, origin, created_by, created_at"
constexpr SqlStatement kSelectHousehold{"survey_select_household",
                                        "SELECT " KASANE_HOUSEHOLD_COLUMNS
                                        " FROM survey_households WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kSelectHouseholds{"survey_select_households",
                                         "SELECT " KASANE_HOUSEHOLD_COLUMNS
                                         " FROM survey_households WHERE municipality_id = $1 AND campaign_id = $2 "
                                         "AND (area_id = $3 OR $3 IS NULL) ORDER BY area_id, id"};
#undef KASANE_HOUSEHOLD_COLUMNS
constexpr SqlStatement kInsertNote{
    "survey_insert_note",
    "INSERT INTO survey_hearing_notes (municipality_id, household_id, informant, note, recorded_by, recorded_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
constexpr SqlStatement kSelectNotes{
    "survey_select_notes",
    "SELECT n.id, n.household_id, n.informant, n.note, n.recorded_by, n.recorded_at FROM survey_hearing_notes n "
    "JOIN survey_households h ON h.municipality_id = n.municipality_id AND h.id = n.household_id "
    "WHERE n.municipality_id = $1 AND h.campaign_id = $2 AND (h.area_id = $3 OR $3 IS NULL) "
    "ORDER BY n.household_id, n.id"};
constexpr SqlStatement kInsertVisit{
    "survey_insert_visit",
    "INSERT INTO survey_visits (municipality_id, campaign_id, household_id, area_id, visited_on, visitors, outcome, "
    "form_version, notice, organization_id, volunteer_user_id, recorded_by, recorded_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id"};
constexpr SqlStatement kInsertAnswer{
    "survey_insert_answer",
    "INSERT INTO survey_visit_answers (municipality_id, visit_id, item_key, answer) VALUES ($1, $2, $3, $4)"};
#define KASANE_VISIT_COLUMNS                                                                                         \
    "id, campaign_id, household_id, area_id, visited_on, visitors, outcome, form_version, notice, organization_id, " \
    "volunteer_user_id, recorded_by, recorded_at, consultation_id, version"
constexpr SqlStatement kSelectVisit{
    "survey_select_visit", "SELECT " KASANE_VISIT_COLUMNS " FROM survey_visits WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kSelectVisits{"survey_select_visits",
                                     "SELECT " KASANE_VISIT_COLUMNS
                                     " FROM survey_visits WHERE municipality_id = $1 AND campaign_id = $2 "
                                     "AND (area_id = $3 OR $3 IS NULL) ORDER BY household_id, visited_on, id"};
#undef KASANE_VISIT_COLUMNS
constexpr SqlStatement kUpdateVisit{
    "survey_update_visit",
    "UPDATE survey_visits SET visited_on = $3, visitors = $4, outcome = $5, notice = $6, version = version + 1 "
    "WHERE municipality_id = $1 AND id = $2 AND version = $7"};
constexpr SqlStatement kDeleteAnswers{"survey_delete_answers",
                                      "DELETE FROM survey_visit_answers WHERE municipality_id = $1 AND visit_id = $2"};
constexpr SqlStatement kSelectSync{
    "survey_select_sync",
    "SELECT visit_id, version FROM survey_visit_syncs WHERE municipality_id = $1 AND idempotency_key = $2"};
constexpr SqlStatement kInsertSync{
    "survey_insert_sync",
    "INSERT INTO survey_visit_syncs (municipality_id, idempotency_key, visit_id, version, synced_by, synced_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)"};
constexpr SqlStatement kSelectAnswersOfVisit{
    "survey_select_answers_of_visit",
    "SELECT visit_id, item_key, answer FROM survey_visit_answers WHERE municipality_id = $1 AND visit_id = $2"};
constexpr SqlStatement kSelectAnswers{
    "survey_select_answers",
    "SELECT a.visit_id, a.item_key, a.answer FROM survey_visit_answers a "
    "JOIN survey_visits v ON v.municipality_id = a.municipality_id AND v.id = a.visit_id "
    "WHERE a.municipality_id = $1 AND v.campaign_id = $2 AND (v.area_id = $3 OR $3 IS NULL)"};
constexpr SqlStatement kLinkConsultation{
    "survey_link_consultation",
    "UPDATE survey_visits SET consultation_id = $3 WHERE municipality_id = $1 AND id = $2 AND consultation_id IS NULL"};
// Progress of every area in one statement: the households of each area, those with a visit whose outcome is not
// 不在, and those whose last visit (by date, then entry) was 不在; and the assigned areas with no household yet.
// One grouped statement over the campaign's households; per household, two probes of survey_visits_by_household
// (municipality_id, campaign_id, household_id, visited_on, id): whether any visit is not 不在, and whether the last
// one is. (Joining the households to windowed CTEs of the visits instead made SQLite scan the materialised CTEs
// for every household: 5,500 households took seconds; docs/performance.md.)
constexpr SqlStatement kSelectProgress{
    "survey_select_progress",
    "SELECT h.area_id, COUNT(*) AS households,"
    " SUM(CASE WHEN EXISTS (SELECT 1 FROM survey_visits v WHERE v.municipality_id = $1 AND v.campaign_id = $2"
    " AND v.household_id = h.id AND v.outcome <> 'absent') THEN 1 ELSE 0 END) AS visited,"
    " COALESCE(SUM((SELECT CASE WHEN l.outcome = 'absent' THEN 1 ELSE 0 END FROM survey_visits l"
    " WHERE l.municipality_id = $1 AND l.campaign_id = $2 AND l.household_id = h.id"
    " ORDER BY l.visited_on DESC, l.id DESC LIMIT 1)), 0) AS revisit"
    " FROM survey_households h"
    " WHERE h.municipality_id = $1 AND h.campaign_id = $2 GROUP BY h.area_id"
    " UNION ALL"
    " SELECT a.area_id, 0, 0, 0 FROM survey_assignments a WHERE a.municipality_id = $1 AND a.campaign_id = $2"
    " AND NOT EXISTS (SELECT 1 FROM survey_households x WHERE x.municipality_id = $1 AND x.campaign_id = $2"
    " AND x.area_id = a.area_id)"
    " ORDER BY 1"};

Result<SurveyCampaign> CampaignOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<SurveyCampaignId>(0));
    KASANE_ASSIGN(name, row.Text(1));
    KASANE_ASSIGN(purpose, row.Text(2));
    KASANE_ASSIGN(starts_on, sql_support::RequiredDate(row, 3));
    KASANE_ASSIGN(ends_on, sql_support::RequiredDate(row, 4));
    KASANE_ASSIGN(version, row.Integer(5));
    KASANE_ASSIGN(created_by, row.Id<UserId>(6));
    KASANE_ASSIGN(created_at, row.Time(7));
    return SurveyCampaign{.id = *id,
                          .name = *name,
                          .purpose = *purpose,
                          .starts_on = *starts_on,
                          .ends_on = *ends_on,
                          .form_version = static_cast<int>(*version),
                          .items = {},
                          .created_by = *created_by,
                          .created_at = *created_at};
}

Result<SurveyHousehold> HouseholdOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<SurveyHouseholdId>(0));
    KASANE_ASSIGN(campaign_id, row.Id<SurveyCampaignId>(1));
    KASANE_ASSIGN(area_id, row.Integer(2));
    KASANE_ASSIGN(address, row.Text(3));
    KASANE_ASSIGN(head_name, row.Text(4));
    KASANE_ASSIGN(origin_code, row.Text(5));
    KASANE_ASSIGN(created_by, row.Id<UserId>(6));
    KASANE_ASSIGN(created_at, row.Time(7));
    const auto origin = domain::ParseHouseholdOrigin(*origin_code);
    if (!origin) return Fail(sql_support::Corrupt("survey household origin"));
    return SurveyHousehold{.id = *id,
                           .campaign_id = *campaign_id,
                           .area_id = *area_id,
                           .address = *address,
                           .head_name = *head_name,
                           .origin = *origin,
                           .created_by = *created_by,
                           .created_at = *created_at};
}

Result<SurveyVisit> VisitOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<SurveyVisitId>(0));
    KASANE_ASSIGN(campaign_id, row.Id<SurveyCampaignId>(1));
    KASANE_ASSIGN(household_id, row.Id<SurveyHouseholdId>(2));
    KASANE_ASSIGN(area_id, row.Integer(3));
    KASANE_ASSIGN(visited_on, sql_support::RequiredDate(row, 4));
    KASANE_ASSIGN(visitors, row.Text(5));
    KASANE_ASSIGN(outcome_code, row.Text(6));
    KASANE_ASSIGN(version, row.Integer(7));
    KASANE_ASSIGN(notice, row.Text(8));
    KASANE_ASSIGN(recorded_by, row.Id<UserId>(11));
    KASANE_ASSIGN(recorded_at, row.Time(12));
    KASANE_ASSIGN(row_version, row.Integer(14));
    const auto outcome = domain::ParseVisitOutcome(*outcome_code);
    if (!outcome) return Fail(sql_support::Corrupt("survey visit outcome"));
    return SurveyVisit{
        .id = *id,
        .campaign_id = *campaign_id,
        .household_id = *household_id,
        .area_id = *area_id,
        .visited_on = *visited_on,
        .visitors = *visitors,
        .outcome = *outcome,
        .form_version = static_cast<int>(*version),
        .answers = {},
        .notice = *notice,
        .body = {.organization_id = row.OptionalId<OrganizationId>(9), .volunteer_user_id = row.OptionalId<UserId>(10)},
        .recorded_by = *recorded_by,
        .recorded_at = *recorded_at,
        .consultation_id = row.OptionalId<domain::ConsultationId>(13),
        .version = static_cast<int>(*row_version)};
}

// A foreign key the tenant does not have, as the field it came from.
Error Refused(const Error& error, std::string message, std::string field) {
    if (error.Is(ErrorCode::kNotFound)) return Error::InvalidArgument(std::move(message), std::move(field));
    return error;
}

class SqlHouseholdSurveyRepository final : public domain::HouseholdSurveyRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<SurveyCampaign> CreateCampaign(const SurveyCampaign& campaign) override {
        const std::string starts = sql_support::DateText(campaign.starts_on);
        const std::string ends = sql_support::DateText(campaign.ends_on);
        const std::string created_at = FormatIso8601(campaign.created_at);
        return WriteInto<SurveyCampaign>([&](SqlConnection& connection, SurveyCampaign& out) -> Status {
            KASANE_ASSIGN(inserted, connection.Execute(
                                        kInsertCampaign,
                                        {tenant_, std::string_view(campaign.name), std::string_view(campaign.purpose),
                                         std::string_view(starts), std::string_view(ends),
                                         std::int64_t{campaign.created_by}, std::string_view(created_at)}));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Id<SurveyCampaignId>(0));
            KASANE_TRY(InsertItems(connection, *new_id, 1, campaign.items));
            out = campaign;
            out.id = *new_id;
            out.form_version = 1;
            return {};
        });
    }

    Result<SurveyCampaign> ReviseForm(SurveyCampaignId id, const std::vector<SurveyFormItem>& items) override {
        return WriteInto<SurveyCampaign>([&](SqlConnection& connection, SurveyCampaign& out) -> Status {
            KASANE_ASSIGN(bumped, connection.Execute(kBumpVersion, {tenant_, std::int64_t{id}}));
            if (bumped->Empty()) return Fail(Error::NotFound("調査が見つかりません"));
            KASANE_ASSIGN(version, SqlRow(bumped->rows.front()).Integer(0));
            KASANE_TRY(InsertItems(connection, id, *version, items));
            return ReadCampaign(connection, id, out);
        });
    }

    Result<SurveyCampaign> GetCampaign(SurveyCampaignId id) override {
        return ReadInto<SurveyCampaign>(
            [&](SqlConnection& connection, SurveyCampaign& out) { return ReadCampaign(connection, id, out); });
    }

    Result<std::vector<SurveyCampaign>> Campaigns() override {
        using Campaigns = std::vector<SurveyCampaign>;
        return ReadInto<Campaigns>([&](SqlConnection& connection, Campaigns& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectCampaigns, {tenant_}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(campaign, CampaignOf(SqlRow(values)));
                out.push_back(std::move(*campaign));
            }
            return {};
        });
    }

    Result<std::vector<SurveyFormItem>> FormItems(SurveyCampaignId id, int version) override {
        using Items = std::vector<SurveyFormItem>;
        return ReadInto<Items>([&](SqlConnection& connection, Items& out) -> Status {
            KASANE_TRY(ReadItems(connection, id, version, out));
            if (out.empty()) return Fail(Error::NotFound("調査票の版が見つかりません"));
            return {};
        });
    }

    Status Assign(const SurveyAssignment& assignment) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_EXECUTE(connection, kDeleteAssignment, tenant_, std::int64_t{assignment.campaign_id},
                           assignment.area_id);
            const SqlParam organization = sql_support::IdOrNull(
                assignment.body.organization_id ? std::optional<std::int64_t>(*assignment.body.organization_id)
                                                : std::nullopt);
            const SqlParam volunteer = sql_support::IdOrNull(
                assignment.body.volunteer_user_id ? std::optional<std::int64_t>(*assignment.body.volunteer_user_id)
                                                  : std::nullopt);
            auto inserted = connection.Execute(kInsertAssignment, {tenant_, std::int64_t{assignment.campaign_id},
                                                                   assignment.area_id, organization, volunteer});
            if (!inserted) {
                return Fail(Refused(inserted.error(), "自治会・機関・委員がこの市町村にありません", "area_id"));
            }
            return {};
        });
    }

    Result<std::vector<SurveyAssignment>> Assignments(SurveyCampaignId id) override {
        using Assignments = std::vector<SurveyAssignment>;
        return ReadInto<Assignments>([&](SqlConnection& connection, Assignments& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectAssignments, {tenant_, std::int64_t{id}}));
            for (const auto& values : result->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(area, row.Integer(0));
                out.push_back(SurveyAssignment{.campaign_id = id,
                                               .area_id = *area,
                                               .body = {.organization_id = row.OptionalId<OrganizationId>(1),
                                                        .volunteer_user_id = row.OptionalId<UserId>(2)}});
            }
            return {};
        });
    }

    Result<SurveyHousehold> AddHousehold(const SurveyHousehold& household) override {
        const std::string created_at = FormatIso8601(household.created_at);
        return WriteInto<SurveyHousehold>([&](SqlConnection& connection, SurveyHousehold& out) -> Status {
            auto inserted = connection.Execute(
                kInsertHousehold,
                {tenant_, std::int64_t{household.campaign_id}, household.area_id, std::string_view(household.address),
                 std::string_view(household.head_name), domain::HouseholdOriginCode(household.origin),
                 std::int64_t{household.created_by}, std::string_view(created_at)});
            if (!inserted) return Fail(Refused(inserted.error(), "自治会がこの市町村にありません", "area_id"));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Id<SurveyHouseholdId>(0));
            out = household;
            out.id = *new_id;
            return {};
        });
    }

    Result<SurveyHousehold> GetHousehold(SurveyHouseholdId id) override {
        return ReadInto<SurveyHousehold>([&](SqlConnection& connection, SurveyHousehold& out) -> Status {
            return sql_support::ReadOneRow(connection, kSelectHousehold, std::int64_t{id}, tenant_, HouseholdOf,
                                           "世帯が見つかりません", "household_id", out);
        });
    }

    Result<std::vector<SurveyHousehold>> Households(SurveyCampaignId id, std::optional<AreaId> area) override {
        using Households = std::vector<SurveyHousehold>;
        return ReadInto<Households>([&](SqlConnection& connection, Households& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectHouseholds,
                                                     {tenant_, std::int64_t{id}, sql_support::IdOrNull(area)}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(household, HouseholdOf(SqlRow(values)));
                out.push_back(std::move(*household));
            }
            return {};
        });
    }

    Result<SurveyHearingNote> AddHearingNote(const SurveyHearingNote& note) override {
        const std::string recorded_at = FormatIso8601(note.recorded_at);
        return WriteInto<SurveyHearingNote>([&](SqlConnection& connection, SurveyHearingNote& out) -> Status {
            auto inserted = connection.Execute(
                kInsertNote,
                {tenant_, std::int64_t{note.household_id}, domain::HearingInformantCode(note.informant),
                 std::string_view(note.note), std::int64_t{note.recorded_by}, std::string_view(recorded_at)});
            if (!inserted) return Fail(Refused(inserted.error(), "世帯が見つかりません", "household_id"));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Id<SurveyHearingNoteId>(0));
            out = note;
            out.id = *new_id;
            return {};
        });
    }

    Result<std::vector<SurveyHearingNote>> HearingNotes(SurveyCampaignId id, std::optional<AreaId> area) override {
        using Notes = std::vector<SurveyHearingNote>;
        return ReadInto<Notes>([&](SqlConnection& connection, Notes& out) -> Status {
            KASANE_ASSIGN(result,
                          connection.Execute(kSelectNotes, {tenant_, std::int64_t{id}, sql_support::IdOrNull(area)}));
            for (const auto& values : result->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(note_id, row.Id<SurveyHearingNoteId>(0));
                KASANE_ASSIGN(household, row.Id<SurveyHouseholdId>(1));
                KASANE_ASSIGN(informant_code, row.Text(2));
                KASANE_ASSIGN(text, row.Text(3));
                KASANE_ASSIGN(by, row.Id<UserId>(4));
                KASANE_ASSIGN(at, row.Time(5));
                const auto informant = domain::ParseHearingInformant(*informant_code);
                if (!informant) return Fail(sql_support::Corrupt("hearing informant"));
                out.push_back(SurveyHearingNote{.id = *note_id,
                                                .household_id = *household,
                                                .informant = *informant,
                                                .note = *text,
                                                .recorded_by = *by,
                                                .recorded_at = *at});
            }
            return {};
        });
    }

    Result<SurveyVisit> AddVisit(const SurveyVisit& visit) override {
        const std::string visited_on = sql_support::DateText(visit.visited_on);
        const std::string recorded_at = FormatIso8601(visit.recorded_at);
        return WriteInto<SurveyVisit>([&](SqlConnection& connection, SurveyVisit& out) -> Status {
            const SqlParam organization = sql_support::IdOrNull(
                visit.body.organization_id ? std::optional<std::int64_t>(*visit.body.organization_id) : std::nullopt);
            const SqlParam volunteer = sql_support::IdOrNull(
                visit.body.volunteer_user_id ? std::optional<std::int64_t>(*visit.body.volunteer_user_id)
                                             : std::nullopt);
            auto inserted = connection.Execute(
                kInsertVisit, {tenant_, std::int64_t{visit.campaign_id}, std::int64_t{visit.household_id},
                               visit.area_id, std::string_view(visited_on), std::string_view(visit.visitors),
                               domain::VisitOutcomeCode(visit.outcome), std::int64_t{visit.form_version},
                               std::string_view(visit.notice), organization, volunteer, std::int64_t{visit.recorded_by},
                               std::string_view(recorded_at)});
            if (!inserted) return Fail(Refused(inserted.error(), "世帯が見つかりません", "household_id"));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Id<SurveyVisitId>(0));
            for (const auto& [key, answer] : visit.answers) {
                if (answer.empty()) continue;
                KASANE_EXECUTE(connection, kInsertAnswer, tenant_, std::int64_t{*new_id}, std::string_view(key),
                               std::string_view(answer));
            }
            out = visit;
            out.id = *new_id;
            std::erase_if(out.answers, [](const auto& answer) { return answer.second.empty(); });
            return {};
        });
    }

    Result<SurveyVisit> GetVisit(SurveyVisitId id) override {
        return ReadInto<SurveyVisit>([&](SqlConnection& connection, SurveyVisit& out) -> Status {
            KASANE_TRY(sql_support::ReadOneRow(connection, kSelectVisit, std::int64_t{id}, tenant_, VisitOf,
                                               "訪問の記録が見つかりません", "visit_id", out));
            KASANE_ASSIGN(answers, connection.Execute(kSelectAnswersOfVisit, {tenant_, std::int64_t{id}}));
            for (const auto& values : answers->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(key, row.Text(1));
                KASANE_ASSIGN(answer, row.Text(2));
                out.answers[*key] = *answer;
            }
            return {};
        });
    }

    Result<std::vector<SurveyVisit>> Visits(SurveyCampaignId id, std::optional<AreaId> area) override {
        using Visits = std::vector<SurveyVisit>;
        return ReadInto<Visits>([&](SqlConnection& connection, Visits& out) -> Status {
            const SqlParam area_param = sql_support::IdOrNull(area);
            KASANE_ASSIGN(result, connection.Execute(kSelectVisits, {tenant_, std::int64_t{id}, area_param}));
            std::map<std::int64_t, std::size_t> by_id;
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(visit, VisitOf(SqlRow(values)));
                by_id[std::int64_t{visit->id}] = out.size();
                out.push_back(std::move(*visit));
            }
            KASANE_ASSIGN(answers, connection.Execute(kSelectAnswers, {tenant_, std::int64_t{id}, area_param}));
            for (const auto& values : answers->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(visit_id, row.Integer(0));
                KASANE_ASSIGN(key, row.Text(1));
                KASANE_ASSIGN(answer, row.Text(2));
                const auto found = by_id.find(*visit_id);
                if (found != by_id.end()) out[found->second].answers[*key] = *answer;
            }
            return {};
        });
    }

    Result<SurveyVisit> UpdateVisit(const SurveyVisit& visit, int base_version) override {
        const std::string visited_on = sql_support::DateText(visit.visited_on);
        return WriteInto<SurveyVisit>([&](SqlConnection& connection, SurveyVisit& out) -> Status {
            KASANE_ASSIGN(updated,
                          connection.Execute(kUpdateVisit,
                                             {tenant_, std::int64_t{visit.id}, std::string_view(visited_on),
                                              std::string_view(visit.visitors), domain::VisitOutcomeCode(visit.outcome),
                                              std::string_view(visit.notice), std::int64_t{base_version}}));
            if (updated->affected_rows == 0) {
                return Fail(Error::Conflict("この訪問はほかの人がすでに改めています", "version"));
            }
            KASANE_EXECUTE(connection, kDeleteAnswers, tenant_, std::int64_t{visit.id});
            for (const auto& [key, answer] : visit.answers) {
                if (answer.empty()) continue;
                KASANE_EXECUTE(connection, kInsertAnswer, tenant_, std::int64_t{visit.id}, std::string_view(key),
                               std::string_view(answer));
            }
            out = visit;
            out.version = base_version + 1;
            std::erase_if(out.answers, [](const auto& answer) { return answer.second.empty(); });
            return {};
        });
    }

    Result<std::optional<domain::SyncedVisit>> FindSyncedVisit(std::string_view idempotency_key) override {
        using Found = std::optional<domain::SyncedVisit>;
        return ReadInto<Found>([&](SqlConnection& connection, Found& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectSync, {tenant_, idempotency_key}));
            if (result->rows.empty()) return {};
            const SqlRow row(result->rows.front());
            KASANE_ASSIGN(visit_id, row.Id<SurveyVisitId>(0));
            KASANE_ASSIGN(version, row.Integer(1));
            out = domain::SyncedVisit{.idempotency_key = std::string(idempotency_key),
                                      .visit_id = *visit_id,
                                      .version = static_cast<int>(*version)};
            return {};
        });
    }

    Status RecordSyncedVisit(const domain::SyncedVisit& synced, UserId synced_by, Instant synced_at) override {
        const std::string at = FormatIso8601(synced_at);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto inserted = connection.Execute(
                kInsertSync, {tenant_, std::string_view(synced.idempotency_key), std::int64_t{synced.visit_id},
                              std::int64_t{synced.version}, std::int64_t{synced_by}, std::string_view(at)});
            if (!inserted) {
                if (inserted.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("この訪問はもう送られています", "idempotency_key"));
                }
                return Fail(inserted.error());
            }
            return {};
        });
    }

    Status LinkConsultation(SurveyVisitId id, domain::ConsultationId consultation_id) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kLinkConsultation,
                                                     {tenant_, std::int64_t{id}, std::int64_t{consultation_id}}));
            if (result->affected_rows == 0) {
                return Fail(Error::Conflict("この訪問からはもう相談を開いています", "consultation_id"));
            }
            return {};
        });
    }

    Result<std::vector<AreaProgress>> Progress(SurveyCampaignId id) override {
        using Rows = std::vector<AreaProgress>;
        return ReadInto<Rows>([&](SqlConnection& connection, Rows& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectProgress, {tenant_, std::int64_t{id}}));
            for (const auto& values : result->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(area, row.Integer(0));
                KASANE_ASSIGN(households, row.Integer(1));
                KASANE_ASSIGN(visited, row.Integer(2));
                KASANE_ASSIGN(revisit, row.Integer(3));
                out.push_back(AreaProgress{.area_id = *area,
                                           .households = static_cast<int>(*households),
                                           .visited = static_cast<int>(*visited),
                                           .revisit = static_cast<int>(*revisit)});
            }
            return {};
        });
    }

private:
    Status InsertItems(SqlConnection& connection, SurveyCampaignId id, std::int64_t version,
                       const std::vector<SurveyFormItem>& items) {
        std::int64_t position = 0;
        for (const SurveyFormItem& item : items) {
            KASANE_EXECUTE(connection, kInsertItem, tenant_, std::int64_t{id}, version, position++,
                           std::string_view(item.key), std::string_view(item.label), std::string_view(item.section));
        }
        return {};
    }

    Status ReadItems(SqlConnection& connection, SurveyCampaignId id, std::int64_t version,
                     std::vector<SurveyFormItem>& out) {
        KASANE_ASSIGN(result, connection.Execute(kSelectItems, {tenant_, std::int64_t{id}, version}));
        for (const auto& values : result->rows) {
            const SqlRow row(values);
            KASANE_ASSIGN(key, row.Text(0));
            KASANE_ASSIGN(label, row.Text(1));
            KASANE_ASSIGN(section, row.Text(2));
            out.push_back(SurveyFormItem{.key = *key, .label = *label, .section = *section});
        }
        return {};
    }

    Status ReadCampaign(SqlConnection& connection, SurveyCampaignId id, SurveyCampaign& out) {
        KASANE_TRY(sql_support::ReadOneRow(connection, kSelectCampaign, std::int64_t{id}, tenant_, CampaignOf,
                                           "調査が見つかりません", "campaign_id", out));
        return ReadItems(connection, id, out.form_version, out.items);
    }
};

}  // namespace

std::unique_ptr<domain::HouseholdSurveyRepository> MakeHouseholdSurveyRepository(SqlExecutor& executor,
                                                                                 MunicipalityId tenant) {
    return std::make_unique<SqlHouseholdSurveyRepository>(executor, tenant);
}

}  // namespace kasane::storage
