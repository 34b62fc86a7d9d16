// SPDX-License-Identifier: Apache-2.0
// 民生委員の活動記録: 民児協, assignments, months with their counts, notes (domain::CommissionerActivityRepository).

#include <string>

#include "domain/commissioner_activity_repositories.hpp"
#include "storage/sql/sql_repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {
namespace {

using domain::ActivityMonth;
using domain::Commissioner;
using domain::CommissionerCouncil;
using domain::CommissionerNote;
using sql_support::TenantRepository;
using std::chrono::year_month;

constexpr SqlStatement kSelectCouncils{
    "commissioner_select_councils",
    "SELECT id, name, staff_user_id, created_at FROM commissioner_councils WHERE municipality_id = $1 ORDER BY name, "
    "id"};
constexpr SqlStatement kInsertCouncil{
    "commissioner_insert_council",
    "INSERT INTO commissioner_councils (municipality_id, name, staff_user_id, created_at) VALUES ($1, $2, $3, $4) "
    "RETURNING id"};
constexpr SqlStatement kSelectCommissioners{
    "commissioner_select_commissioners",
    "SELECT user_id, district_area_id, council_id FROM commissioners WHERE municipality_id = $1 ORDER BY user_id"};
constexpr SqlStatement kUpsertCommissioner{
    "commissioner_upsert_commissioner",
    "INSERT INTO commissioners (municipality_id, user_id, district_area_id, council_id) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (municipality_id, user_id) DO UPDATE SET district_area_id = excluded.district_area_id, "
    "council_id = excluded.council_id"};
constexpr SqlStatement kSelectMonth{
    "commissioner_select_month",
    "SELECT council_id, recorded_by, recorded_at, version FROM commissioner_activity_months "
    "WHERE municipality_id = $1 AND user_id = $2 AND month = $3"};
constexpr SqlStatement kSelectMonthCounts{
    "commissioner_select_month_counts",
    "SELECT item, count FROM commissioner_activity_counts WHERE municipality_id = $1 AND user_id = $2 AND month = $3"};
constexpr SqlStatement kSelectMonthVersion{
    "commissioner_select_month_version",
    "SELECT version FROM commissioner_activity_months WHERE municipality_id = $1 AND user_id = $2 AND month = $3"};
constexpr SqlStatement kInsertMonth{
    "commissioner_insert_month",
    "INSERT INTO commissioner_activity_months (municipality_id, user_id, month, council_id, recorded_by, "
    "recorded_at, version) VALUES ($1, $2, $3, $4, $5, $6, 1)"};
constexpr SqlStatement kUpdateMonth{
    "commissioner_update_month",
    "UPDATE commissioner_activity_months SET council_id = $4, recorded_by = $5, recorded_at = $6, version = "
    "version + 1 WHERE municipality_id = $1 AND user_id = $2 AND month = $3 AND version = $7"};
constexpr SqlStatement kDeleteCounts{
    "commissioner_delete_counts",
    "DELETE FROM commissioner_activity_counts WHERE municipality_id = $1 AND user_id = $2 AND month = $3"};
constexpr SqlStatement kInsertCount{
    "commissioner_insert_count",
    "INSERT INTO commissioner_activity_counts (municipality_id, user_id, month, item, count) "
    "VALUES ($1, $2, $3, $4, $5)"};
// The months of a period, of one 民児協 or ($4 NULL) all, with their counts in one pass.
constexpr SqlStatement kSelectMonths{
    "commissioner_select_months",
    "SELECT m.user_id, m.month, m.council_id, m.recorded_by, m.recorded_at, m.version, c.item, c.count "
    "FROM commissioner_activity_months m LEFT JOIN commissioner_activity_counts c "
    "ON c.municipality_id = m.municipality_id AND c.user_id = m.user_id AND c.month = m.month "
    "WHERE m.municipality_id = $1 AND m.month >= $2 AND m.month <= $3 AND (m.council_id = $4 OR $4 IS NULL) "
    "ORDER BY m.month, m.user_id"};
constexpr SqlStatement kInsertNote{
    "commissioner_insert_note",
    "INSERT INTO commissioner_notes (municipality_id, user_id, noted_on, subject, body, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
constexpr SqlStatement kSelectNotes{
    "commissioner_select_notes",
    "SELECT id, noted_on, subject, body, created_at FROM commissioner_notes WHERE municipality_id = $1 AND "
    "user_id = $2 ORDER BY noted_on DESC, id DESC"};

Status MissingReference(const Error& error, std::string_view field, std::string_view what) {
    if (error.Is(ErrorCode::kNotFound)) {
        return Fail(Error::InvalidArgument(std::string(what) + "がこの市町村にありません", std::string(field)));
    }
    return Fail(error);
}

class SqlCommissionerActivityRepository final : public domain::CommissionerActivityRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<std::vector<CommissionerCouncil>> Councils() override {
        using Councils = std::vector<CommissionerCouncil>;
        return ReadInto<Councils>([&](SqlConnection& connection, Councils& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectCouncils, {tenant_}));
            for (const auto& values : result->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(council_id, row.Integer(0));
                KASANE_ASSIGN(name, row.Text(1));
                KASANE_ASSIGN(created_at, row.Time(3));
                CommissionerCouncil council{.id = *council_id,
                                            .municipality_id = tenant_,
                                            .name = *name,
                                            .staff_user_id = std::nullopt,
                                            .created_at = *created_at};
                if (const auto staff = row.OptionalInteger(2)) council.staff_user_id = UserId(*staff);
                out.push_back(std::move(council));
            }
            return {};
        });
    }

    Result<CommissionerCouncil> CreateCouncil(const CommissionerCouncil& council) override {
        const std::string created_at = FormatIso8601(council.created_at);
        return WriteInto<CommissionerCouncil>([&](SqlConnection& connection, CommissionerCouncil& out) -> Status {
            SqlParam staff = std::monostate{};
            if (council.staff_user_id) staff = static_cast<std::int64_t>(*council.staff_user_id);
            auto result = connection.Execute(
                kInsertCouncil, {tenant_, std::string_view(council.name), staff, std::string_view(created_at)});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("同じ名前の民児協が既に登録されています", "name"));
                }
                return MissingReference(result.error(), "staff_user_id", "担当職員");
            }
            KASANE_ASSIGN(new_id, SqlRow(result->rows.front()).Integer(0));
            out = council;
            out.id = *new_id;
            out.municipality_id = tenant_;
            return {};
        });
    }

    Result<std::vector<Commissioner>> Commissioners() override {
        using Commissioners = std::vector<Commissioner>;
        return ReadInto<Commissioners>([&](SqlConnection& connection, Commissioners& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectCommissioners, {tenant_}));
            for (const auto& values : result->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(user_id, row.Integer(0));
                KASANE_ASSIGN(area_id, row.Integer(1));
                KASANE_ASSIGN(council_id, row.Integer(2));
                out.push_back({.user_id = UserId{*user_id}, .district_area_id = *area_id, .council_id = *council_id});
            }
            return {};
        });
    }

    Status AssignCommissioner(const Commissioner& commissioner) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result =
                connection.Execute(kUpsertCommissioner, {tenant_, static_cast<std::int64_t>(commissioner.user_id),
                                                         static_cast<std::int64_t>(commissioner.district_area_id),
                                                         static_cast<std::int64_t>(commissioner.council_id)});
            if (!result) return MissingReference(result.error(), "council_id", "利用者・民生委員区・民児協");
            return {};
        });
    }

    Result<std::optional<ActivityMonth>> Month(UserId user_id, year_month month) override {
        using Found = std::optional<ActivityMonth>;
        const std::string code = domain::MonthCode(month);
        return ReadInto<Found>([&](SqlConnection& connection, Found& out) -> Status {
            const std::int64_t user = user_id;
            KASANE_ASSIGN(header, connection.Execute(kSelectMonth, {tenant_, user, std::string_view(code)}));
            if (header->Empty()) return {};
            const SqlRow row(header->rows.front());
            KASANE_ASSIGN(council_id, row.Integer(0));
            KASANE_ASSIGN(recorded_by, row.Integer(1));
            KASANE_ASSIGN(recorded_at, row.Time(2));
            KASANE_ASSIGN(version, row.Integer(3));
            ActivityMonth found{.user_id = user_id,
                                .month = month,
                                .council_id = *council_id,
                                .counts = {},
                                .recorded_by = UserId{*recorded_by},
                                .recorded_at = *recorded_at,
                                .version = static_cast<int>(*version)};
            KASANE_ASSIGN(counts, connection.Execute(kSelectMonthCounts, {tenant_, user, std::string_view(code)}));
            for (const auto& values : counts->rows) {
                const SqlRow count_row(values);
                KASANE_ASSIGN(item, count_row.Text(0));
                KASANE_ASSIGN(count, count_row.Integer(1));
                found.counts[*item] = static_cast<int>(*count);
            }
            out = std::move(found);
            return {};
        });
    }

    Result<ActivityMonth> SaveMonth(const ActivityMonth& month, int expected_version) override {
        const std::string code = domain::MonthCode(month.month);
        const std::string recorded_at = FormatIso8601(month.recorded_at);
        return WriteInto<ActivityMonth>([&](SqlConnection& connection, ActivityMonth& out) -> Status {
            const std::int64_t user = month.user_id;
            const std::int64_t council = month.council_id;
            const std::int64_t recorded_by = month.recorded_by;
            KASANE_ASSIGN(current, connection.Execute(kSelectMonthVersion, {tenant_, user, std::string_view(code)}));
            const std::int64_t stored = current->Empty() ? 0 : SqlRow(current->rows.front()).Integer(0).value_or(0);
            if (stored != expected_version) {
                return Fail(
                    Error::Conflict("この月の記録は別の画面で保存されています。読み込み直してください", "version"));
            }
            if (stored == 0) {
                auto inserted = connection.Execute(kInsertMonth, {tenant_, user, std::string_view(code), council,
                                                                  recorded_by, std::string_view(recorded_at)});
                if (!inserted) return MissingReference(inserted.error(), "user_id", "民生委員・民児協");
            } else {
                auto updated = connection.Execute(kUpdateMonth, {tenant_, user, std::string_view(code), council,
                                                                 recorded_by, std::string_view(recorded_at), stored});
                if (!updated) return MissingReference(updated.error(), "user_id", "民生委員・民児協");
            }
            KASANE_ASSIGN(deleted, connection.Execute(kDeleteCounts, {tenant_, user, std::string_view(code)}));
            (void)deleted;
            for (const auto& [item, count] : month.counts) {
                KASANE_ASSIGN(inserted, connection.Execute(kInsertCount,
                                                           {tenant_, user, std::string_view(code),
                                                            std::string_view(item), static_cast<std::int64_t>(count)}));
                (void)inserted;
            }
            out = month;
            out.version = static_cast<int>(stored) + 1;
            return {};
        });
    }

    Result<std::vector<ActivityMonth>> Months(std::optional<domain::CommissionerCouncilId> council, year_month from,
                                              year_month to) override {
        using Months = std::vector<ActivityMonth>;
        const std::string from_code = domain::MonthCode(from);
        const std::string to_code = domain::MonthCode(to);
        return ReadInto<Months>([&](SqlConnection& connection, Months& out) -> Status {
            SqlParam council_param = std::monostate{};
            if (council) council_param = static_cast<std::int64_t>(*council);
            KASANE_ASSIGN(result, connection.Execute(kSelectMonths, {tenant_, std::string_view(from_code),
                                                                     std::string_view(to_code), council_param}));
            for (const auto& values : result->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(user_id, row.Integer(0));
                KASANE_ASSIGN(month_text, row.Text(1));
                KASANE_ASSIGN(month, domain::ParseMonthCode(*month_text, "month"));
                if (out.empty() || out.back().user_id != *user_id || out.back().month != *month) {
                    KASANE_ASSIGN(council_id, row.Integer(2));
                    KASANE_ASSIGN(recorded_by, row.Integer(3));
                    KASANE_ASSIGN(recorded_at, row.Time(4));
                    KASANE_ASSIGN(version, row.Integer(5));
                    out.push_back({.user_id = UserId{*user_id},
                                   .month = *month,
                                   .council_id = *council_id,
                                   .counts = {},
                                   .recorded_by = UserId{*recorded_by},
                                   .recorded_at = *recorded_at,
                                   .version = static_cast<int>(*version)});
                }
                if (row.IsNull(6)) continue;
                KASANE_ASSIGN(item, row.Text(6));
                KASANE_ASSIGN(count, row.Integer(7));
                out.back().counts[*item] = static_cast<int>(*count);
            }
            return {};
        });
    }

    Result<CommissionerNote> AddNote(const CommissionerNote& note) override {
        const std::string noted_on = sql_support::DateText(note.noted_on);
        const std::string created_at = FormatIso8601(note.created_at);
        return WriteInto<CommissionerNote>([&](SqlConnection& connection, CommissionerNote& out) -> Status {
            auto result = connection.Execute(kInsertNote, {tenant_, static_cast<std::int64_t>(note.user_id),
                                                           std::string_view(noted_on), std::string_view(note.subject),
                                                           std::string_view(note.body), std::string_view(created_at)});
            if (!result) return MissingReference(result.error(), "user_id", "民生委員");
            KASANE_ASSIGN(new_id, SqlRow(result->rows.front()).Integer(0));
            out = note;
            out.id = *new_id;
            return {};
        });
    }

    Result<std::vector<CommissionerNote>> Notes(UserId user_id) override {
        using Notes = std::vector<CommissionerNote>;
        return ReadInto<Notes>([&](SqlConnection& connection, Notes& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectNotes, {tenant_, static_cast<std::int64_t>(user_id)}));
            for (const auto& values : result->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(note_id, row.Integer(0));
                KASANE_ASSIGN(noted_on, sql_support::RequiredDate(row, 1));
                KASANE_ASSIGN(subject, row.Text(2));
                KASANE_ASSIGN(body, row.Text(3));
                KASANE_ASSIGN(created_at, row.Time(4));
                out.push_back({.id = *note_id,
                               .user_id = user_id,
                               .noted_on = *noted_on,
                               .subject = *subject,
                               .body = *body,
                               .created_at = *created_at});
            }
            return {};
        });
    }
};

}  // namespace

std::unique_ptr<domain::CommissionerActivityRepository> MakeCommissionerActivityRepository(SqlExecutor& executor,
                                                                                           MunicipalityId tenant) {
    return std::make_unique<SqlCommissionerActivityRepository>(executor, tenant);
}

}  // namespace kasane::storage
