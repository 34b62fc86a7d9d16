// SPDX-License-Identifier: Apache-2.0
// 出力ファイル: the background export jobs (domain::ExportJobRepository).

#include <string>

#include "domain/export_job_repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

std::unique_ptr<domain::ExportJobRepository> MakeExportJobRepository(SqlExecutor& executor, MunicipalityId tenant);

namespace {

using domain::ExportJob;
using sql_support::TenantRepository;

constexpr SqlStatement kInsert{
    "export_job_insert",
    "INSERT INTO export_jobs (municipality_id, requested_by, kind, filter, format, scope_kind, scope_user_id, "
    "scope_organization_id, status, rows_done, rows_total, file_name, error, created_at, finished_at, substituted) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id"};
#define KASANE_EXPORT_JOB_COLUMNS                                                                        \
    "id, requested_by, kind, filter, format, scope_kind, scope_user_id, scope_organization_id, status, " \
    "rows_done, rows_total, file_name, error, created_at, finished_at, substituted"
constexpr SqlStatement kSelect{"export_job_select", "SELECT " KASANE_EXPORT_JOB_COLUMNS
                                                    " FROM export_jobs WHERE municipality_id = $1 AND id = $2"};
constexpr SqlStatement kSelectOfUser{"export_job_select_of_user",
                                     "SELECT " KASANE_EXPORT_JOB_COLUMNS
                                     " FROM export_jobs WHERE municipality_id = $1 AND requested_by = $2 "
                                     "ORDER BY id DESC LIMIT 100"};
constexpr SqlStatement kSelectWithStatus{"export_job_select_with_status",
                                         "SELECT " KASANE_EXPORT_JOB_COLUMNS
                                         " FROM export_jobs WHERE municipality_id = $1 AND status = $2 ORDER BY id"};
#undef KASANE_EXPORT_JOB_COLUMNS
constexpr SqlStatement kUpdate{
    "export_job_update",
    "UPDATE export_jobs SET status = $3, rows_done = $4, rows_total = $5, file_name = $6, error = $7, "
    "finished_at = $8, substituted = $9 WHERE municipality_id = $1 AND id = $2"};

std::string_view ScopeCode(domain::BookScope::Kind kind) {
    return kind == domain::BookScope::Kind::kEnteredBy ? "entered_by" : "organization";
}

Result<ExportJob> JobOf(const SqlRow& row) {
    KASANE_ASSIGN(job_id, row.Integer(0));
    KASANE_ASSIGN(requested_by, row.Integer(1));
    KASANE_ASSIGN(kind_code, row.Text(2));
    KASANE_ASSIGN(filter, row.Text(3));
    KASANE_ASSIGN(format_code, row.Text(4));
    KASANE_ASSIGN(scope_code, row.Text(5));
    KASANE_ASSIGN(scope_user, row.Integer(6));
    KASANE_ASSIGN(scope_organization, row.Integer(7));
    KASANE_ASSIGN(status_code, row.Text(8));
    KASANE_ASSIGN(rows_done, row.Integer(9));
    KASANE_ASSIGN(rows_total, row.Integer(10));
    KASANE_ASSIGN(file_name, row.Text(11));
    KASANE_ASSIGN(error, row.Text(12));
    KASANE_ASSIGN(created_at, row.Time(13));
    KASANE_ASSIGN(finished_at, row.OptionalTime(14));
    KASANE_ASSIGN(substituted, row.Integer(15));
    const auto kind = domain::ParseExportJobKind(*kind_code);
    const auto format = domain::ParseExportFormat(*format_code);
    const auto status = domain::ParseExportJobStatus(*status_code);
    if (!kind || !format || !status || (*scope_code != "entered_by" && *scope_code != "organization")) {
        return Fail(Error::Internal("出力ファイルの記録が読めません"));
    }
    return ExportJob{.id = domain::ExportJobId{*job_id},
                     .requested_by = UserId{*requested_by},
                     .kind = *kind,
                     .filter = std::move(*filter),
                     .format = *format,
                     .scope = {.kind = *scope_code == "entered_by" ? domain::BookScope::Kind::kEnteredBy
                                                                   : domain::BookScope::Kind::kOrganization,
                               .user_id = UserId{*scope_user},
                               .organization_id = OrganizationId{*scope_organization}},
                     .status = *status,
                     .rows_done = *rows_done,
                     .rows_total = *rows_total,
                     .file_name = std::move(*file_name),
                     .error = std::move(*error),
                     .created_at = *created_at,
                     .finished_at = *finished_at,
                     .substituted = static_cast<int>(*substituted)};
}

class SqlExportJobRepository final : public domain::ExportJobRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<ExportJob> Add(const ExportJob& job) override {
        if (job.scope.kind == domain::BookScope::Kind::kNone) {
            return Fail(Error::InvalidArgument("相談受付簿の範囲がありません", "scope"));
        }
        const std::string created_at = FormatIso8601(job.created_at);
        const auto finished_at = sql_support::OptionalTimeText(job.finished_at);
        return WriteInto<ExportJob>([&](SqlConnection& connection, ExportJob& out) -> Status {
            auto inserted = connection.Execute(
                kInsert,
                {tenant_, static_cast<std::int64_t>(job.requested_by), domain::ExportJobKindCode(job.kind),
                 std::string_view(job.filter), domain::ExportFormatCode(job.format), ScopeCode(job.scope.kind),
                 static_cast<std::int64_t>(job.scope.user_id), static_cast<std::int64_t>(job.scope.organization_id),
                 domain::ExportJobStatusCode(job.status), std::int64_t{job.rows_done}, std::int64_t{job.rows_total},
                 std::string_view(job.file_name), std::string_view(job.error), std::string_view(created_at),
                 sql_support::TextOrNull(finished_at), std::int64_t{job.substituted}});
            if (!inserted) {
                if (inserted.error().Is(ErrorCode::kNotFound)) {
                    return Fail(Error::InvalidArgument("利用者がこの市町村にいません", "requested_by"));
                }
                return Fail(inserted.error());
            }
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            out = job;
            out.id = domain::ExportJobId{*new_id};
            return {};
        });
    }

    Result<ExportJob> Get(domain::ExportJobId id) override {
        return ReadInto<ExportJob>([&](SqlConnection& connection, ExportJob& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelect, {tenant_, static_cast<std::int64_t>(id)}));
            if (result->rows.empty()) return Fail(Error::NotFound("出力ファイルが見つかりません"));
            KASANE_ASSIGN(job, JobOf(SqlRow(result->rows.front())));
            out = std::move(*job);
            return {};
        });
    }

    Result<std::vector<ExportJob>> OfUser(UserId user) override {
        return List(kSelectOfUser, static_cast<std::int64_t>(user));
    }

    Result<std::vector<ExportJob>> WithStatus(domain::ExportJobStatus status) override {
        return List(kSelectWithStatus, domain::ExportJobStatusCode(status));
    }

    Status Update(const ExportJob& job) override {
        const auto finished_at = sql_support::OptionalTimeText(job.finished_at);
        auto updated = WriteInto<bool>([&](SqlConnection& connection, bool& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(
                                      kUpdate, {tenant_, static_cast<std::int64_t>(job.id),
                                                domain::ExportJobStatusCode(job.status), std::int64_t{job.rows_done},
                                                std::int64_t{job.rows_total}, std::string_view(job.file_name),
                                                std::string_view(job.error), sql_support::TextOrNull(finished_at),
                                                std::int64_t{job.substituted}}));
            if (result->affected_rows == 0) return Fail(Error::NotFound("出力ファイルが見つかりません"));
            out = true;
            return {};
        });
        if (!updated) return Fail(updated.error());
        return {};
    }

private:
    Result<std::vector<ExportJob>> List(const SqlStatement& statement, SqlParam key) {
        return ReadInto<std::vector<ExportJob>>([&](SqlConnection& connection, std::vector<ExportJob>& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(statement, {tenant_, key}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(job, JobOf(SqlRow(values)));
                out.push_back(std::move(*job));
            }
            return {};
        });
    }
};

}  // namespace

std::unique_ptr<domain::ExportJobRepository> MakeExportJobRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlExportJobRepository>(executor, tenant);
}

}  // namespace kasane::storage
