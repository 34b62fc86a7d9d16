// SPDX-License-Identifier: Apache-2.0
// 参加支援 matching (domain::ParticipationMatchRepository, migration 29): a person's wishes as JSON text (read back by
// the domain: WishesFromJson), the matches, their stage history and their 受入先支援 notes.

#include <map>
#include <string>

#include "domain/participation_match_repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

std::unique_ptr<domain::ParticipationMatchRepository> MakeParticipationMatchRepository(SqlExecutor& executor,
                                                                                       MunicipalityId tenant);

namespace {

using domain::HostSupportNote;
using domain::MatchStage;
using domain::MatchStageRecord;
using domain::ParticipationMatch;
using domain::PersonWishes;
using sql_support::TenantRepository;

constexpr SqlStatement kDeleteWishes{"participation_delete_wishes",
                                     "DELETE FROM participation_wishes WHERE municipality_id = $1 AND person_id = $2"};
constexpr SqlStatement kInsertWishes{
    "participation_insert_wishes",
    "INSERT INTO participation_wishes (municipality_id, person_id, wishes, updated_by, updated_at) "
    "VALUES ($1, $2, $3, $4, $5)"};
constexpr SqlStatement kSelectWishes{
    "participation_select_wishes",
    "SELECT wishes, updated_by, updated_at FROM participation_wishes WHERE municipality_id = $1 AND person_id = $2"};
constexpr SqlStatement kInsertMatch{
    "participation_insert_match",
    "INSERT INTO participation_matches (municipality_id, person_id, service_id, stage, began_on, started_on, reached, "
    "end_reason, created_by, created_at) VALUES ($1, $2, $3, 'proposed', $4, NULL, NULL, '', $5, $6) RETURNING id"};
constexpr SqlStatement kSelectMatches{
    "participation_select_matches",
    "SELECT id, person_id, service_id, stage, began_on, started_on, reached, end_reason, created_by, created_at "
    "FROM participation_matches WHERE municipality_id = $1 AND (id = $2 OR $2 IS NULL) "
    "AND (person_id = $3 OR $3 IS NULL) ORDER BY id DESC"};
constexpr SqlStatement kUpdateStage{
    "participation_update_stage",
    "UPDATE participation_matches SET stage = $4, started_on = $5, reached = $6, end_reason = $7 "
    "WHERE municipality_id = $1 AND id = $2 AND stage = $3"};
constexpr SqlStatement kMatchExists{
    "participation_match_exists", "SELECT count(*) FROM participation_matches WHERE municipality_id = $1 AND id = $2"};
constexpr SqlStatement kInsertStage{
    "participation_insert_stage",
    "INSERT INTO participation_match_stages (municipality_id, match_id, from_stage, to_stage, changed_on, reason, "
    "recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr SqlStatement kSelectStages{
    "participation_select_stages",
    "SELECT s.match_id, s.from_stage, s.to_stage, s.changed_on, s.reason, s.recorded_by, s.recorded_at "
    "FROM participation_match_stages s JOIN participation_matches m "
    "ON m.id = s.match_id AND m.municipality_id = s.municipality_id "
    "WHERE s.municipality_id = $1 AND (m.id = $2 OR $2 IS NULL) AND (m.person_id = $3 OR $3 IS NULL) ORDER BY s.id"};
constexpr SqlStatement kInsertNote{
    "participation_insert_note",
    "INSERT INTO participation_host_support (municipality_id, match_id, noted_on, note, recorded_by, recorded_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
constexpr SqlStatement kSelectNotes{
    "participation_select_notes",
    "SELECT n.match_id, n.id, n.noted_on, n.note, n.recorded_by, n.recorded_at "
    "FROM participation_host_support n JOIN participation_matches m "
    "ON m.id = n.match_id AND m.municipality_id = n.municipality_id "
    "WHERE n.municipality_id = $1 AND (m.id = $2 OR $2 IS NULL) AND (m.person_id = $3 OR $3 IS NULL) ORDER BY n.id"};

// Count, last id and latest change of each table of the directory, as one text: read from the indexes alone
// (migration 34), never the documents.
constexpr SqlStatement kDirectoryVersion{
    "participation_directory_version",
    "SELECT CAST((SELECT count(*) FROM resource_services WHERE municipality_id = $1) AS TEXT) || '/' || "
    "CAST((SELECT coalesce(max(id), 0) FROM resource_services WHERE municipality_id = $1) AS TEXT) || '/' || "
    "coalesce(CAST((SELECT max(updated_at) FROM resource_services WHERE municipality_id = $1) AS TEXT), '') || '/' || "
    "CAST((SELECT count(*) FROM resource_organizations WHERE municipality_id = $1) AS TEXT) || '/' || "
    "CAST((SELECT coalesce(max(id), 0) FROM resource_organizations WHERE municipality_id = $1) AS TEXT) || '/' || "
    "coalesce(CAST((SELECT max(updated_at) FROM resource_organizations WHERE municipality_id = $1) AS TEXT), '')"};

Result<MatchStage> StageOf(const SqlRow& row, std::size_t column) {
    KASANE_ASSIGN(code, row.Text(column));
    const auto stage = domain::ParseMatchStage(*code);
    if (!stage) return Fail(Error::Internal("マッチの段階が読めません"));
    return *stage;
}

Result<ParticipationMatch> MatchOf(const SqlRow& row) {
    ParticipationMatch match;
    KASANE_ASSIGN(id, row.Id<ParticipationMatchId>(0));
    KASANE_ASSIGN(person, row.Id<domain::PersonId>(1));
    KASANE_ASSIGN(service, row.Id<ResourceServiceId>(2));
    KASANE_ASSIGN(stage, StageOf(row, 3));
    KASANE_ASSIGN(began_on, sql_support::RequiredDate(row, 4));
    KASANE_ASSIGN(started_on, sql_support::OptionalDate(row, 5));
    if (!row.IsNull(6)) {
        KASANE_ASSIGN(reached, StageOf(row, 6));
        match.reached = *reached;
    }
    KASANE_ASSIGN(reason, row.Text(7));
    KASANE_ASSIGN(created_by, row.Id<UserId>(8));
    KASANE_ASSIGN(created_at, row.Time(9));
    match.id = *id;
    match.person_id = *person;
    match.service_id = *service;
    match.stage = *stage;
    match.began_on = *began_on;
    match.started_on = *started_on;
    match.end_reason = *reason;
    match.created_by = *created_by;
    match.created_at = *created_at;
    return match;
}

SqlParam Optional(std::optional<std::int64_t> value) {
    if (value) return *value;
    return std::monostate{};
}

class SqlParticipationMatchRepository final : public domain::ParticipationMatchRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Status SaveWishes(const PersonWishes& wishes) override {
        const std::string json = domain::WishesToJson(wishes.wishes).dump();
        const std::string updated_at = FormatIso8601(wishes.updated_at);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_EXECUTE(connection, kDeleteWishes, tenant_, wishes.person_id.value());
            auto inserted =
                connection.Execute(kInsertWishes, {tenant_, wishes.person_id.value(), std::string_view(json),
                                                   wishes.updated_by.value(), std::string_view(updated_at)});
            if (!inserted) {
                if (inserted.error().Is(ErrorCode::kNotFound)) return Fail(Error::NotFound("本人が見つかりません"));
                return Fail(inserted.error());
            }
            return {};
        });
    }

    Result<std::optional<PersonWishes>> GetWishes(domain::PersonId person) override {
        using Found = std::optional<PersonWishes>;
        return ReadInto<Found>([&](SqlConnection& connection, Found& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectWishes, {tenant_, person.value()}));
            if (result->Empty()) return {};
            const SqlRow row(result->rows.front());
            KASANE_ASSIGN(text, row.Text(0));
            KASANE_ASSIGN(updated_by, row.Id<UserId>(1));
            KASANE_ASSIGN(updated_at, row.Time(2));
            const Json json = Json::parse(*text, nullptr, false);
            auto wishes = domain::WishesFromJson(json);
            if (!wishes) return Fail(Error::Internal("本人の希望が読めません"));
            out = PersonWishes{
                .person_id = person, .wishes = *wishes, .updated_by = *updated_by, .updated_at = *updated_at};
            return {};
        });
    }

    Result<ParticipationMatch> CreateMatch(const ParticipationMatch& match) override {
        const std::string began_on = sql_support::DateText(match.began_on);
        const std::string created_at = FormatIso8601(match.created_at);
        return WriteInto<ParticipationMatch>([&](SqlConnection& connection, ParticipationMatch& out) -> Status {
            out = match;
            auto inserted = connection.Execute(
                kInsertMatch, {tenant_, match.person_id.value(), match.service_id.value(), std::string_view(began_on),
                               match.created_by.value(), std::string_view(created_at)});
            if (!inserted) {
                if (inserted.error().Is(ErrorCode::kNotFound)) {
                    return Fail(Error::InvalidArgument("本人またはサービスがこの市町村にありません", "service_id"));
                }
                return Fail(inserted.error());
            }
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            out.id = ParticipationMatchId{*new_id};
            out.stage = MatchStage::kProposed;
            out.history.clear();
            out.host_support.clear();
            const MatchStageRecord first{.change = {.from = MatchStage::kProposed,
                                                    .to = MatchStage::kProposed,
                                                    .on = match.began_on,
                                                    .reason = ""},
                                         .recorded_by = match.created_by,
                                         .recorded_at = match.created_at};
            KASANE_TRY(InsertStage(connection, out.id, first));
            out.history.push_back(first);
            return {};
        });
    }

    Result<ParticipationMatch> GetMatch(ParticipationMatchId id) override {
        auto found = Select(id.value(), std::nullopt, Detail::kFull);
        if (!found) return Fail(found.error());
        if (found->empty()) return Fail(Error::NotFound("マッチが見つかりません"));
        return std::move(found->front());
    }

    Result<std::vector<ParticipationMatch>> MatchesOf(domain::PersonId person) override {
        return Select(std::nullopt, person.value(), Detail::kFull);
    }

    Result<std::vector<ParticipationMatch>> AllMatches() override {
        return Select(std::nullopt, std::nullopt, Detail::kSummary);
    }

    Status RecordStageChange(ParticipationMatchId id, const MatchStageRecord& record) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(current, SelectIn(connection, id.value(), std::nullopt, Detail::kSummary));
            if (current->empty()) return Fail(Error::NotFound("マッチが見つかりません"));
            ParticipationMatch match = current->front();
            match = domain::ApplyStageChange(std::move(match), record.change, record.recorded_by, record.recorded_at);
            const std::string started_on = match.started_on ? sql_support::DateText(*match.started_on) : "";
            SqlParam started = std::monostate{};
            if (match.started_on) started = std::string_view(started_on);
            SqlParam reached = std::monostate{};
            if (match.reached) reached = domain::MatchStageCode(*match.reached);
            KASANE_ASSIGN(updated, connection.Execute(kUpdateStage,
                                                      {tenant_, id.value(), domain::MatchStageCode(record.change.from),
                                                       domain::MatchStageCode(match.stage), started, reached,
                                                       std::string_view(match.end_reason)}));
            if (updated->affected_rows == 0) {
                return Fail(Error::Conflict("マッチの段階がほかの人により変わっています", "stage"));
            }
            return InsertStage(connection, id, record);
        });
    }

    Result<std::string> DirectoryVersion() override {
        return ReadInto<std::string>([&](SqlConnection& connection, std::string& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kDirectoryVersion, {tenant_}));
            if (result->Empty()) return {};
            KASANE_ASSIGN(text, SqlRow(result->rows.front()).Text(0));
            out = *text;
            return {};
        });
    }

    Result<HostSupportNote> AddHostSupportNote(ParticipationMatchId id, const HostSupportNote& note) override {
        const std::string on = sql_support::DateText(note.on);
        const std::string at = FormatIso8601(note.recorded_at);
        return WriteInto<HostSupportNote>([&](SqlConnection& connection, HostSupportNote& out) -> Status {
            out = note;
            KASANE_ASSIGN(exists, connection.Execute(kMatchExists, {tenant_, id.value()}));
            KASANE_ASSIGN(count, SqlRow(exists->rows.front()).Integer(0));
            if (*count == 0) return Fail(Error::NotFound("マッチが見つかりません"));
            KASANE_ASSIGN(inserted, connection.Execute(kInsertNote, {tenant_, id.value(), std::string_view(on),
                                                                     std::string_view(note.note),
                                                                     note.recorded_by.value(), std::string_view(at)}));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            out.id = HostSupportNoteId{*new_id};
            return {};
        });
    }

private:
    enum class Detail { kSummary, kFull };

    Status InsertStage(SqlConnection& connection, ParticipationMatchId id, const MatchStageRecord& record) {
        const std::string on = sql_support::DateText(record.change.on);
        const std::string at = FormatIso8601(record.recorded_at);
        KASANE_EXECUTE(connection, kInsertStage, tenant_, id.value(), domain::MatchStageCode(record.change.from),
                       domain::MatchStageCode(record.change.to), std::string_view(on),
                       std::string_view(record.change.reason), record.recorded_by.value(), std::string_view(at));
        return {};
    }

    Result<std::vector<ParticipationMatch>> Select(std::optional<std::int64_t> id, std::optional<std::int64_t> person,
                                                   Detail detail) {
        using Rows = std::vector<ParticipationMatch>;
        return ReadInto<Rows>([&](SqlConnection& connection, Rows& out) -> Status {
            KASANE_ASSIGN(rows, SelectIn(connection, id, person, detail));
            out = std::move(*rows);
            return {};
        });
    }

    Result<std::vector<ParticipationMatch>> SelectIn(SqlConnection& connection, std::optional<std::int64_t> id,
                                                     std::optional<std::int64_t> person, Detail detail) {
        std::vector<ParticipationMatch> matches;
        KASANE_ASSIGN(result, connection.Execute(kSelectMatches, {tenant_, Optional(id), Optional(person)}));
        for (const auto& values : result->rows) {
            KASANE_ASSIGN(match, MatchOf(SqlRow(values)));
            matches.push_back(std::move(*match));
        }
        if (detail == Detail::kSummary || matches.empty()) return matches;
        std::map<std::int64_t, ParticipationMatch*> by_id;
        for (ParticipationMatch& match : matches) by_id[match.id.value()] = &match;
        KASANE_ASSIGN(stages, connection.Execute(kSelectStages, {tenant_, Optional(id), Optional(person)}));
        for (const auto& values : stages->rows) {
            const SqlRow row(values);
            KASANE_ASSIGN(match_id, row.Integer(0));
            const auto found = by_id.find(*match_id);
            if (found == by_id.end()) continue;
            KASANE_ASSIGN(from, StageOf(row, 1));
            KASANE_ASSIGN(to, StageOf(row, 2));
            KASANE_ASSIGN(on, sql_support::RequiredDate(row, 3));
            KASANE_ASSIGN(reason, row.Text(4));
            KASANE_ASSIGN(by, row.Id<UserId>(5));
            KASANE_ASSIGN(at, row.Time(6));
            found->second->history.push_back(
                MatchStageRecord{.change = {.from = *from, .to = *to, .on = *on, .reason = *reason},
                                 .recorded_by = *by,
                                 .recorded_at = *at});
        }
        KASANE_ASSIGN(notes, connection.Execute(kSelectNotes, {tenant_, Optional(id), Optional(person)}));
        for (const auto& values : notes->rows) {
            const SqlRow row(values);
            KASANE_ASSIGN(match_id, row.Integer(0));
            const auto found = by_id.find(*match_id);
            if (found == by_id.end()) continue;
            KASANE_ASSIGN(note_id, row.Id<HostSupportNoteId>(1));
            KASANE_ASSIGN(on, sql_support::RequiredDate(row, 2));
            KASANE_ASSIGN(text, row.Text(3));
            KASANE_ASSIGN(by, row.Id<UserId>(4));
            KASANE_ASSIGN(at, row.Time(5));
            found->second->host_support.push_back(
                HostSupportNote{.id = *note_id, .on = *on, .note = *text, .recorded_by = *by, .recorded_at = *at});
        }
        return matches;
    }
};

}  // namespace

std::unique_ptr<domain::ParticipationMatchRepository> MakeParticipationMatchRepository(SqlExecutor& executor,
                                                                                       MunicipalityId tenant) {
    return std::make_unique<SqlParticipationMatchRepository>(executor, tenant);
}

}  // namespace kasane::storage
