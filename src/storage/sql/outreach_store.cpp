// SPDX-License-Identifier: Apache-2.0
// アウトリーチ: the records, their stage changes and attempts (domain::OutreachRepository).

#include <map>
#include <string>

#include "base/japan_time.hpp"
#include "domain/outreach_repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

std::unique_ptr<domain::OutreachRepository> MakeOutreachRepository(SqlExecutor& executor, MunicipalityId tenant);

namespace {

using domain::OutreachAttempt;
using domain::OutreachRecord;
using domain::OutreachStageChange;
using sql_support::TenantRepository;

constexpr SqlStatement kInsertRecord{
    "outreach_insert_record",
    "INSERT INTO outreach_records (municipality_id, person_id, household_id, kind, reason, worker_id, "
    "organization_id, stage, opened_on, next_visit_on, created_by, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id"};
constexpr SqlStatement kInsertStageChange{
    "outreach_insert_stage_change",
    "INSERT INTO outreach_stage_changes (municipality_id, outreach_id, from_stage, to_stage, changed_on, reason, "
    "changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr SqlStatement kUpdateStage{"outreach_update_stage",
                                    "UPDATE outreach_records SET stage = $3 WHERE municipality_id = $1 AND id = $2"};
constexpr SqlStatement kUpdateNextVisit{
    "outreach_update_next_visit",
    "UPDATE outreach_records SET next_visit_on = $3 WHERE municipality_id = $1 AND id = $2"};
constexpr SqlStatement kInsertAttempt{
    "outreach_insert_attempt",
    "INSERT INTO outreach_attempts (municipality_id, outreach_id, attempted_at, method, outcome, "
    "visiting_organization_id, visitors, note, treatment, recorded_by, recorded_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"};
constexpr SqlStatement kLinkConsultation{
    "outreach_link_consultation",
    "UPDATE outreach_attempts SET consultation_id = $4 WHERE municipality_id = $1 AND outreach_id = $2 AND id = $3 "
    "AND consultation_id IS NULL"};
#define KASANE_OUTREACH_COLUMNS                                                                                \
    "id, person_id, household_id, kind, reason, worker_id, organization_id, stage, opened_on, next_visit_on, " \
    "created_by, created_at"
constexpr SqlStatement kSelectRecord{"outreach_select_record",
                                     "SELECT " KASANE_OUTREACH_COLUMNS
                                     " FROM outreach_records WHERE municipality_id = $1 AND id = $2"};
constexpr SqlStatement kSelectRecords{
    "outreach_select_records",
    "SELECT " KASANE_OUTREACH_COLUMNS
    " FROM outreach_records WHERE municipality_id = $1 AND (worker_id = $2 OR $2 IS NULL) "
    "AND (organization_id = $3 OR $3 IS NULL) AND (stage = $4 OR $4 IS NULL) AND (person_id = $5 OR $5 IS NULL) "
    "ORDER BY CASE WHEN next_visit_on IS NULL THEN 1 ELSE 0 END, next_visit_on, id"};
#undef KASANE_OUTREACH_COLUMNS
constexpr SqlStatement kSelectStageChanges{
    "outreach_select_stage_changes",
    "SELECT outreach_id, from_stage, to_stage, changed_on, reason, changed_by, changed_at "
    "FROM outreach_stage_changes WHERE municipality_id = $1 AND (outreach_id = $2 OR $2 IS NULL) "
    "ORDER BY outreach_id, id"};
constexpr SqlStatement kSelectAttempts{
    "outreach_select_attempts",
    "SELECT id, outreach_id, attempted_at, method, outcome, visiting_organization_id, visitors, note, treatment, "
    "consultation_id, recorded_by, recorded_at FROM outreach_attempts "
    "WHERE municipality_id = $1 AND (outreach_id = $2 OR $2 IS NULL) ORDER BY outreach_id, attempted_at, id"};
// The 年度集計: each record's stage changes up to the end of the period (the last one is its stage then), the
// visits in the period and the persons with an attempt in it.
constexpr SqlStatement kCountStages{
    "outreach_count_stages",
    "SELECT outreach_id, to_stage FROM outreach_stage_changes WHERE municipality_id = $1 AND changed_on < $2 "
    "ORDER BY outreach_id, changed_on, id"};
constexpr SqlStatement kCountVisits{
    "outreach_count_visits",
    "SELECT COUNT(*) FROM outreach_attempts WHERE municipality_id = $1 AND method = 'visit' "
    "AND attempted_at >= $2 AND attempted_at < $3"};
constexpr SqlStatement kCountPersons{
    "outreach_count_persons",
    "SELECT COUNT(DISTINCT r.person_id) FROM outreach_attempts a JOIN outreach_records r "
    "ON r.municipality_id = a.municipality_id AND r.id = a.outreach_id "
    "WHERE a.municipality_id = $1 AND a.attempted_at >= $2 AND a.attempted_at < $3"};

template <class Enum>
Result<Enum> Code(const Result<std::string>& text, std::optional<Enum> (*parse)(std::string_view)) {
    if (!text) return Fail(text.error());
    const auto parsed = parse(*text);
    if (!parsed) return Fail(Error::Internal("アウトリーチの記録のコードが読めません: " + *text));
    return *parsed;
}

Result<OutreachRecord> RecordOf(const SqlRow& row) {
    KASANE_ASSIGN(record_id, row.Integer(0));
    KASANE_ASSIGN(person_id, row.Integer(1));
    KASANE_ASSIGN(kind, Code(row.Text(3), domain::ParseOutreachKind));
    KASANE_ASSIGN(reason, row.Text(4));
    KASANE_ASSIGN(worker, row.Integer(5));
    KASANE_ASSIGN(organization, row.Integer(6));
    KASANE_ASSIGN(stage, Code(row.Text(7), domain::ParseOutreachStage));
    KASANE_ASSIGN(opened_on, sql_support::RequiredDate(row, 8));
    KASANE_ASSIGN(next_visit, sql_support::OptionalDate(row, 9));
    KASANE_ASSIGN(created_by, row.Integer(10));
    KASANE_ASSIGN(created_at, row.Time(11));
    OutreachRecord record{.id = OutreachId{*record_id},
                          .person_id = domain::PersonId{*person_id},
                          .household_id = std::nullopt,
                          .kind = *kind,
                          .reason = *reason,
                          .worker_id = UserId{*worker},
                          .organization_id = OrganizationId{*organization},
                          .stage = *stage,
                          .opened_on = *opened_on,
                          .next_visit_on = *next_visit,
                          .created_by = UserId{*created_by},
                          .created_at = *created_at,
                          .stage_changes = {},
                          .attempts = {}};
    if (const auto household = row.OptionalInteger(2)) record.household_id = domain::HouseholdId{*household};
    return record;
}

Result<OutreachAttempt> AttemptOf(const SqlRow& row) {
    KASANE_ASSIGN(attempt_id, row.Integer(0));
    KASANE_ASSIGN(outreach_id, row.Integer(1));
    KASANE_ASSIGN(attempted_at, row.Time(2));
    KASANE_ASSIGN(method, Code(row.Text(3), domain::ParseOutreachMethod));
    KASANE_ASSIGN(outcome, Code(row.Text(4), domain::ParseOutreachOutcome));
    KASANE_ASSIGN(organization, row.Integer(5));
    KASANE_ASSIGN(visitors, row.Text(6));
    KASANE_ASSIGN(note, row.Text(7));
    KASANE_ASSIGN(recorded_by, row.Integer(10));
    KASANE_ASSIGN(recorded_at, row.Time(11));
    OutreachAttempt attempt{.id = OutreachAttemptId{*attempt_id},
                            .outreach_id = OutreachId{*outreach_id},
                            .attempted_at = *attempted_at,
                            .method = *method,
                            .outcome = *outcome,
                            .visiting_organization_id = OrganizationId{*organization},
                            .visitors = *visitors,
                            .note = *note,
                            .treatment = std::nullopt,
                            .consultation_id = std::nullopt,
                            .recorded_by = UserId{*recorded_by},
                            .recorded_at = *recorded_at};
    if (!row.IsNull(8)) {
        KASANE_ASSIGN(treatment, Code(row.Text(8), domain::ParseTreatmentStatus));
        attempt.treatment = *treatment;
    }
    if (const auto consultation = row.OptionalInteger(9))
        attempt.consultation_id = domain::ConsultationId{*consultation};
    return attempt;
}

Error ForeignKeyError(const Error& error, std::string_view field) {
    if (error.Is(ErrorCode::kNotFound)) {
        return Error::InvalidArgument("人・世帯・利用者・機関がこの市町村にありません", std::string(field));
    }
    return error;
}

class SqlOutreachRepository final : public domain::OutreachRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<OutreachRecord> Add(const OutreachRecord& record) override {
        const std::string opened_on = sql_support::DateText(record.opened_on);
        const auto next_visit = sql_support::OptionalDateText(record.next_visit_on);
        const std::string created_at = FormatIso8601(record.created_at);
        return WriteInto<OutreachRecord>([&](SqlConnection& connection, OutreachRecord& out) -> Status {
            SqlParam household = std::monostate{};
            if (record.household_id) household = static_cast<std::int64_t>(*record.household_id);
            SqlParam next = std::monostate{};
            if (next_visit) next = std::string_view(*next_visit);
            auto inserted = connection.Execute(
                kInsertRecord,
                {tenant_, static_cast<std::int64_t>(record.person_id), household, domain::OutreachKindCode(record.kind),
                 std::string_view(record.reason), static_cast<std::int64_t>(record.worker_id),
                 static_cast<std::int64_t>(record.organization_id), domain::OutreachStageCode(record.stage),
                 std::string_view(opened_on), next, static_cast<std::int64_t>(record.created_by),
                 std::string_view(created_at)});
            if (!inserted) return Fail(ForeignKeyError(inserted.error(), "person_id"));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            for (const OutreachStageChange& change : record.stage_changes) {
                if (auto added = InsertChange(connection, OutreachId{*new_id}, change); !added) return added;
            }
            out = record;
            out.id = OutreachId{*new_id};
            return {};
        });
    }

    Result<OutreachRecord> Get(OutreachId id) override {
        return ReadInto<OutreachRecord>([&](SqlConnection& connection, OutreachRecord& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectRecord, {tenant_, static_cast<std::int64_t>(id)}));
            if (result->Empty()) return Fail(Error::NotFound("アウトリーチの記録が見つかりません"));
            KASANE_ASSIGN(record, RecordOf(SqlRow(result->rows.front())));
            std::vector<OutreachRecord> one{std::move(*record)};
            if (auto filled = Fill(connection, one, static_cast<std::int64_t>(id)); !filled) return filled;
            out = std::move(one.front());
            return {};
        });
    }

    Result<std::vector<OutreachRecord>> List(const domain::OutreachListFilter& filter) override {
        using Records = std::vector<OutreachRecord>;
        return ReadInto<Records>([&](SqlConnection& connection, Records& out) -> Status {
            SqlParam worker = std::monostate{};
            if (filter.worker_id) worker = static_cast<std::int64_t>(*filter.worker_id);
            SqlParam organization = std::monostate{};
            if (filter.organization_id) organization = static_cast<std::int64_t>(*filter.organization_id);
            SqlParam stage = std::monostate{};
            if (filter.stage) stage = domain::OutreachStageCode(*filter.stage);
            SqlParam person = std::monostate{};
            if (filter.person_id) person = static_cast<std::int64_t>(*filter.person_id);
            KASANE_ASSIGN(result, connection.Execute(kSelectRecords, {tenant_, worker, organization, stage, person}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(record, RecordOf(SqlRow(values)));
                out.push_back(std::move(*record));
            }
            return Fill(connection, out, std::nullopt);
        });
    }

    Result<OutreachAttempt> AddAttempt(const OutreachAttempt& attempt, std::optional<Date> next_visit_on) override {
        const std::string attempted_at = FormatIso8601(attempt.attempted_at);
        const std::string recorded_at = FormatIso8601(attempt.recorded_at);
        const auto next_visit = sql_support::OptionalDateText(next_visit_on);
        return WriteInto<OutreachAttempt>([&](SqlConnection& connection, OutreachAttempt& out) -> Status {
            SqlParam treatment = std::monostate{};
            if (attempt.treatment) treatment = domain::TreatmentStatusCode(*attempt.treatment);
            auto inserted = connection.Execute(
                kInsertAttempt,
                {tenant_, static_cast<std::int64_t>(attempt.outreach_id), std::string_view(attempted_at),
                 domain::OutreachMethodCode(attempt.method), domain::OutreachOutcomeCode(attempt.outcome),
                 static_cast<std::int64_t>(attempt.visiting_organization_id), std::string_view(attempt.visitors),
                 std::string_view(attempt.note), treatment, static_cast<std::int64_t>(attempt.recorded_by),
                 std::string_view(recorded_at)});
            if (!inserted) return Fail(ForeignKeyError(inserted.error(), "visiting_organization_id"));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            if (next_visit) {
                KASANE_ASSIGN(updated, connection.Execute(kUpdateNextVisit,
                                                          {tenant_, static_cast<std::int64_t>(attempt.outreach_id),
                                                           std::string_view(*next_visit)}));
                if (updated->affected_rows == 0) return Fail(Error::NotFound("アウトリーチの記録が見つかりません"));
            }
            out = attempt;
            out.id = OutreachAttemptId{*new_id};
            return {};
        });
    }

    Status ChangeStage(OutreachId id, const OutreachStageChange& change) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(updated, connection.Execute(kUpdateStage, {tenant_, static_cast<std::int64_t>(id),
                                                                     domain::OutreachStageCode(change.to)}));
            if (updated->affected_rows == 0) return Fail(Error::NotFound("アウトリーチの記録が見つかりません"));
            return InsertChange(connection, id, change);
        });
    }

    Status LinkConsultation(OutreachId id, OutreachAttemptId attempt_id,
                            domain::ConsultationId consultation_id) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(updated, connection.Execute(kLinkConsultation, {tenant_, static_cast<std::int64_t>(id),
                                                                          static_cast<std::int64_t>(attempt_id),
                                                                          static_cast<std::int64_t>(consultation_id)}));
            if (updated->affected_rows == 0) return Fail(Error::NotFound("訪問等の記録が見つかりません"));
            return {};
        });
    }

    Result<domain::OutreachCounts> Count(Instant from, Instant to) override {
        const std::string from_text = FormatIso8601(from);
        const std::string to_text = FormatIso8601(to);
        const std::string until = sql_support::DateText(JstDate(to));
        return ReadInto<domain::OutreachCounts>([&](SqlConnection& connection, domain::OutreachCounts& out) -> Status {
            KASANE_ASSIGN(changes, connection.Execute(kCountStages, {tenant_, std::string_view(until)}));
            std::map<std::int64_t, domain::OutreachStage> stage_of;
            for (const auto& values : changes->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(outreach_id, row.Integer(0));
                KASANE_ASSIGN(stage, Code(row.Text(1), domain::ParseOutreachStage));
                stage_of[*outreach_id] = *stage;  // ordered by day: the last one stays
            }
            for (domain::OutreachStage stage : domain::kAllOutreachStages) {
                long long count = 0;
                for (const auto& [record, at_end] : stage_of) count += at_end == stage ? 1 : 0;
                out.by_stage.emplace_back(stage, count);
            }
            const std::vector<SqlParam> range{tenant_, std::string_view(from_text), std::string_view(to_text)};
            KASANE_ASSIGN(visits, connection.Execute(kCountVisits, range));
            KASANE_ASSIGN(visit_count, SqlRow(visits->rows.front()).Integer(0));
            out.visits = *visit_count;
            KASANE_ASSIGN(persons, connection.Execute(kCountPersons, range));
            KASANE_ASSIGN(person_count, SqlRow(persons->rows.front()).Integer(0));
            out.persons = *person_count;
            return {};
        });
    }

private:
    Status InsertChange(SqlConnection& connection, OutreachId id, const OutreachStageChange& change) {
        const std::string on = sql_support::DateText(change.on);
        const std::string at = FormatIso8601(change.changed_at);
        auto inserted = connection.Execute(
            kInsertStageChange,
            {tenant_, static_cast<std::int64_t>(id), domain::OutreachStageCode(change.from),
             domain::OutreachStageCode(change.to), std::string_view(on), std::string_view(change.reason),
             static_cast<std::int64_t>(change.changed_by), std::string_view(at)});
        if (!inserted) return Fail(ForeignKeyError(inserted.error(), "stage"));
        return {};
    }

    // Fills the stage changes and attempts of `records` (all of the municipality's, or one record's).
    Status Fill(SqlConnection& connection, std::vector<OutreachRecord>& records, std::optional<std::int64_t> only) {
        if (records.empty()) return {};
        std::map<std::int64_t, OutreachRecord*> by_id;
        for (OutreachRecord& record : records) by_id[record.id.value()] = &record;
        SqlParam one = std::monostate{};
        if (only) one = *only;
        KASANE_ASSIGN(changes, connection.Execute(kSelectStageChanges, {tenant_, one}));
        for (const auto& values : changes->rows) {
            const SqlRow row(values);
            KASANE_ASSIGN(outreach_id, row.Integer(0));
            const auto found = by_id.find(*outreach_id);
            if (found == by_id.end()) continue;
            KASANE_ASSIGN(from, Code(row.Text(1), domain::ParseOutreachStage));
            KASANE_ASSIGN(to, Code(row.Text(2), domain::ParseOutreachStage));
            KASANE_ASSIGN(on, sql_support::RequiredDate(row, 3));
            KASANE_ASSIGN(reason, row.Text(4));
            KASANE_ASSIGN(changed_by, row.Integer(5));
            KASANE_ASSIGN(changed_at, row.Time(6));
            found->second->stage_changes.push_back({.from = *from,
                                                    .to = *to,
                                                    .on = *on,
                                                    .reason = *reason,
                                                    .changed_by = UserId{*changed_by},
                                                    .changed_at = *changed_at});
        }
        KASANE_ASSIGN(attempts, connection.Execute(kSelectAttempts, {tenant_, one}));
        for (const auto& values : attempts->rows) {
            KASANE_ASSIGN(attempt, AttemptOf(SqlRow(values)));
            const auto found = by_id.find(attempt->outreach_id.value());
            if (found == by_id.end()) continue;
            found->second->attempts.push_back(std::move(*attempt));
        }
        return {};
    }
};

}  // namespace

std::unique_ptr<domain::OutreachRepository> MakeOutreachRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlOutreachRepository>(executor, tenant);
}

}  // namespace kasane::storage
