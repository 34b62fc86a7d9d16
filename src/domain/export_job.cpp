// SPDX-License-Identifier: Apache-2.0
// 出力ファイル (export_job.hpp): the rules of a background export and the runner's work.

#include "domain/export_job.hpp"

#include "domain/export_job_service.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <system_error>
#include <utility>

#include "base/csv.hpp"
#include "base/japan_time.hpp"
#include "domain/access_policy.hpp"
#include "domain/code_table.hpp"
#include "domain/export_rights.hpp"
#include "domain/intake.hpp"
#include "domain/intake_support.hpp"
#include "domain/repositories.hpp"

namespace kasane::domain {

namespace {

constexpr CodeTable<ExportJobKind, 1> kKinds{{{{ExportJobKind::kConsultationBook, "consultation_book", "相談受付簿"}}}};
constexpr CodeTable<ExportFormat, 3> kFormats{{{{ExportFormat::kCsvUtf8, "csv-utf-8", "CSV（UTF-8）"},
                                                {ExportFormat::kCsvWindows31j, "csv-windows-31j", "CSV（Shift_JIS）"},
                                                {ExportFormat::kXlsx, "xlsx", "Excel（XLSX）"}}}};
constexpr CodeTable<ExportJobStatus, 5> kStatuses{{{{ExportJobStatus::kQueued, "queued", "待機中"},
                                                    {ExportJobStatus::kRunning, "running", "出力中"},
                                                    {ExportJobStatus::kDone, "done", "完了"},
                                                    {ExportJobStatus::kFailed, "failed", "失敗"},
                                                    {ExportJobStatus::kExpired, "expired", "期限切れ"}}}};

csv::Encoding EncodingOf(ExportFormat format) {
    return format == ExportFormat::kCsvWindows31j ? csv::Encoding::kWindows31j : csv::Encoding::kUtf8;
}

std::string Extension(ExportFormat format) {
    return format == ExportFormat::kXlsx ? ".xlsx" : format == ExportFormat::kCsvWindows31j ? "-sjis.csv" : ".csv";
}

}  // namespace

std::string_view ExportJobKindCode(ExportJobKind kind) { return kKinds.Code(kind); }
std::string_view ExportJobKindLabel(ExportJobKind kind) { return kKinds.Label(kind); }
std::optional<ExportJobKind> ParseExportJobKind(std::string_view code) { return kKinds.Parse(code); }
std::string_view ExportFormatCode(ExportFormat format) { return kFormats.Code(format); }
std::string_view ExportFormatLabel(ExportFormat format) { return kFormats.Label(format); }
std::optional<ExportFormat> ParseExportFormat(std::string_view code) { return kFormats.Parse(code); }
std::string_view ExportJobStatusCode(ExportJobStatus status) { return kStatuses.Code(status); }
std::string_view ExportJobStatusLabel(ExportJobStatus status) { return kStatuses.Label(status); }
std::optional<ExportJobStatus> ParseExportJobStatus(std::string_view code) { return kStatuses.Parse(code); }

bool ExportFileExpired(const ExportJob& job, Instant now, const ExportLimits& limits) {
    return job.status == ExportJobStatus::kDone && job.finished_at &&
           *job.finished_at + std::chrono::days(limits.keep_days) <= now;
}

bool ExportJobActive(const ExportJob& job) {
    return job.status == ExportJobStatus::kQueued || job.status == ExportJobStatus::kRunning;
}

Status RequireOwnJob(const ExportJob& job, UserId user) {
    if (job.requested_by != user) return Fail(Error::NotFound("出力ファイルが見つかりません"));
    return {};
}

std::filesystem::path ExportFilePath(const std::filesystem::path& directory, MunicipalityId tenant,
                                     const ExportJob& job) {
    return directory / ("export-" + std::to_string(tenant) + "-" + std::to_string(job.id) +
                        (job.format == ExportFormat::kXlsx ? ".xlsx" : ".csv"));
}

ExportJobService::ExportJobService(Store& store, ExportJobRepositories repositories, BookPagesOf book_pages,
                                   const Clock& clock, std::filesystem::path directory, ExportLimits limits)
    : store_(store),
      repositories_(std::move(repositories)),
      clock_(clock),
      book_pages_(std::move(book_pages)),
      directory_(std::move(directory)),
      limits_(limits) {}

Result<ExportJob> ExportJobService::Request(const Actor& actor, const BookFilter& filter, ExportFormat format) {
    // The book's rule and the export right, as the direct export (ConsultationService::ExportBook) has them.
    const BookScope scope = BookScopeOf(actor.principal);
    if (scope.kind == BookScope::Kind::kNone) return Fail(Error::PermissionDenied("相談受付簿を見る権限がありません"));
    if (auto allowed = AuthorizeExport(store_, actor, ExportKind::kPersonalData); !allowed)
        return Fail(allowed.error());
    BookFilter whole = filter;
    whole.page = 1;
    ExportJob job{.id = {},
                  .requested_by = actor.principal.user.id,
                  .kind = ExportJobKind::kConsultationBook,
                  .filter = BookQueryString(whole),
                  .format = format,
                  .scope = scope,
                  .status = ExportJobStatus::kQueued,
                  .rows_done = 0,
                  .rows_total = 0,
                  .file_name = BookFileName(whole, Extension(format)),
                  .error = {},
                  .created_at = clock_.Now(),
                  .finished_at = std::nullopt,
                  .substituted = 0};
    ExportJob added;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto jobs = repositories_(*tenant);
        if (!jobs) return Fail(Error::Internal("出力ファイルの記録を開けません"));
        // One person's waiting jobs are bounded, so that one cannot hold the single runner for everyone.
        auto mine = jobs->OfUser(job.requested_by);
        if (!mine) return Fail(mine.error());
        if (std::ranges::count_if(*mine, ExportJobActive) >= limits_.active_per_user) {
            return Fail(Error::TooManyRequests("待機中・出力中の出力ファイルは1人" +
                                               std::to_string(limits_.active_per_user) +
                                               "件までです。出力が終わってから依頼してください"));
        }
        auto saved = jobs->Add(job);
        if (!saved) return Fail(saved.error());
        added = std::move(*saved);
        AuditEntry entry = intake_support::EntryFor(actor, job.created_at, AuditAction::kCreate, "export_job",
                                                    added.id.value(), std::nullopt, "*");
        entry.detail =
            "相談受付簿の大量出力の依頼（" + job.filter + "、" + std::string(ExportFormatCode(format)) + "）";
        std::vector<AuditEntry> entries{std::move(entry)};
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return added;
}

Result<std::vector<ExportJob>> ExportJobService::Jobs(const Actor& actor) {
    auto tenant = store_.Tenant(actor.Tenant());
    auto jobs = repositories_(*tenant);
    if (!jobs) return Fail(Error::Internal("出力ファイルの記録を開けません"));
    return jobs->OfUser(actor.principal.user.id);
}

Result<ExportJob> ExportJobService::Job(const Actor& actor, ExportJobId id) {
    auto tenant = store_.Tenant(actor.Tenant());
    auto jobs = repositories_(*tenant);
    if (!jobs) return Fail(Error::Internal("出力ファイルの記録を開けません"));
    auto job = jobs->Get(id);
    if (!job) return Fail(intake_support::Hidden(job.error()));
    if (auto own = RequireOwnJob(*job, actor.principal.user.id); !own) return Fail(own.error());
    return job;
}

Result<ExportDownload> ExportJobService::Download(const Actor& actor, ExportJobId id) {
    auto job = Job(actor, id);
    if (!job) return Fail(job.error());
    // The right may have been withdrawn since the request: checked again before the file leaves.
    if (BookScopeOf(actor.principal).kind == BookScope::Kind::kNone) {
        return Fail(Error::PermissionDenied("相談受付簿を見る権限がありません"));
    }
    if (auto allowed = AuthorizeExport(store_, actor, ExportKind::kPersonalData); !allowed)
        return Fail(allowed.error());
    if (job->status == ExportJobStatus::kExpired) {
        return Fail(Error::NotFound("保存期間（" + std::to_string(limits_.keep_days) +
                                    "日）を過ぎたため、出力ファイルは削除されました。もう一度出力してください"));
    }
    if (job->status != ExportJobStatus::kDone) return Fail(Error::Conflict("出力はまだ終わっていません"));
    ExportDownload download{.path = ExportFilePath(directory_, actor.Tenant(), *job),
                            .file_name = job->file_name,
                            .content_type = job->format == ExportFormat::kXlsx
                                                ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                                : std::string(csv::ContentType(EncodingOf(job->format))),
                            .rows = job->rows_done};
    std::error_code missing;
    if (!std::filesystem::exists(download.path, missing)) {
        return Fail(Error::NotFound("出力ファイルが見つかりません。もう一度出力してください"));
    }
    // Recorded before the file leaves, with its row count, as the direct export is (ExportBook).
    const bool xlsx = job->format == ExportFormat::kXlsx;
    AuditEntry entry = intake_support::EntryFor(
        actor, clock_.Now(), AuditAction::kExport, "consultation_book", 0, std::nullopt,
        xlsx ? std::string("xlsx") : std::string("csv:") + std::string(csv::EncodingCode(EncodingOf(job->format))));
    std::string what = std::string("相談受付簿の") + (xlsx ? "Excel" : "CSV") + "出力（バックグラウンド出力 " +
                       std::to_string(job->id) + "、" + job->filter + "）";
    if (job->substituted > 0) what += "、Windows-31Jにない文字" + std::to_string(job->substituted) + "字を〓で出力";
    entry.detail = ExportDetail(job->rows_done, what);
    std::vector<AuditEntry> entries{std::move(entry)};
    const Status recorded = store_.Transaction(
        [&](Store& transaction) -> Status { return transaction.Tenant(actor.Tenant())->Audit().Append(entries); });
    if (!recorded) return Fail(recorded.error());
    return download;
}

Result<int> ExportJobService::RecoverAbandoned() {
    auto municipalities = store_.Municipalities().List();
    if (!municipalities) return Fail(municipalities.error());
    int failed = 0;
    for (const Municipality& municipality : *municipalities) {
        auto tenant = store_.Tenant(municipality.id);
        auto jobs = repositories_(*tenant);
        if (!jobs) return Fail(Error::Internal("出力ファイルの記録を開けません"));
        auto running = jobs->WithStatus(ExportJobStatus::kRunning);
        if (!running) return Fail(running.error());
        for (ExportJob& job : *running) {
            job.status = ExportJobStatus::kFailed;
            job.error = std::string(kExportAbandoned);
            job.finished_at = clock_.Now();
            if (auto updated = jobs->Update(job); !updated) return Fail(updated.error());
            std::error_code ignored;
            std::filesystem::remove(ExportFilePath(directory_, municipality.id, job).concat(".part"), ignored);
            ++failed;
        }
    }
    return failed;
}

Result<bool> ExportJobService::RunNext() {
    auto municipalities = store_.Municipalities().List();
    if (!municipalities) return Fail(municipalities.error());
    std::optional<std::pair<MunicipalityId, ExportJob>> oldest;
    for (const Municipality& municipality : *municipalities) {
        auto tenant = store_.Tenant(municipality.id);
        auto jobs = repositories_(*tenant);
        if (!jobs) return Fail(Error::Internal("出力ファイルの記録を開けません"));
        auto queued = jobs->WithStatus(ExportJobStatus::kQueued);
        if (!queued) return Fail(queued.error());
        if (queued->empty()) continue;
        if (!oldest || queued->front().created_at < oldest->second.created_at) {
            oldest.emplace(municipality.id, queued->front());
        }
    }
    if (!oldest) return false;
    if (auto ran = Run(oldest->first, std::move(oldest->second)); !ran) return Fail(ran.error());
    return true;
}

Status ExportJobService::Run(MunicipalityId tenant_id, ExportJob job) {
    auto tenant = store_.Tenant(tenant_id);
    auto jobs = repositories_(*tenant);
    if (!jobs) return Fail(Error::Internal("出力ファイルの記録を開けません"));
    job.status = ExportJobStatus::kRunning;
    if (auto updated = jobs->Update(job); !updated) return updated;
    Status written = [&]() -> Status {
        auto filter = ParseBookQueryString(job.filter, JstDate(clock_.Now()), job.requested_by);
        if (!filter) return Fail(filter.error());
        return WriteFile(tenant_id, job, *filter, *jobs);
    }();
    job.finished_at = clock_.Now();
    if (written) {
        job.status = ExportJobStatus::kDone;
    } else {
        job.status = ExportJobStatus::kFailed;
        job.error = written.error().message.empty() ? std::string("出力に失敗しました") : written.error().message;
    }
    return jobs->Update(job);
}

Result<int> ExportJobService::ExpireFiles() {
    auto municipalities = store_.Municipalities().List();
    if (!municipalities) return Fail(municipalities.error());
    const Instant now = clock_.Now();
    int expired = 0;
    for (const Municipality& municipality : *municipalities) {
        auto tenant = store_.Tenant(municipality.id);
        auto jobs = repositories_(*tenant);
        if (!jobs) return Fail(Error::Internal("出力ファイルの記録を開けません"));
        auto done = jobs->WithStatus(ExportJobStatus::kDone);
        if (!done) return Fail(done.error());
        for (ExportJob& job : *done) {
            if (!ExportFileExpired(job, now, limits_)) continue;
            // The file first: a job marked expired never points at a file left behind.
            std::error_code error;
            std::filesystem::remove(ExportFilePath(directory_, municipality.id, job), error);
            if (error) return Fail(Error::Internal("期限切れの出力ファイルを削除できません"));
            job.status = ExportJobStatus::kExpired;
            if (auto updated = jobs->Update(job); !updated) return Fail(updated.error());
            ++expired;
        }
    }
    return expired;
}

namespace {

// Where the runner's rows go: the file's encoding of them. Finish completes the file.
class BookSink {
public:
    virtual ~BookSink() = default;
    virtual Status Rows(const std::vector<BookRow>& rows) = 0;
    virtual Status Finish() = 0;
};

class CsvBookSink final : public BookSink {
public:
    CsvBookSink(const std::filesystem::path& path, csv::Encoding encoding, const BookNames& names, int& substituted)
        : out_(path, std::ios::binary | std::ios::trunc),
          encoding_(encoding),
          names_(names),
          substituted_(substituted) {}
    Status Start() {
        if (!out_) return Fail(Error::Internal("出力ファイルを作れません"));
        return Append(BookCsvHeading());
    }
    Status Rows(const std::vector<BookRow>& rows) override {
        text_.clear();
        for (const BookRow& row : rows) text_ += BookCsvLine(row, names_);
        return Append(text_);
    }
    Status Finish() override {
        out_.close();
        if (!out_) return Fail(Error::Internal("出力ファイルに書き込めません"));
        return {};
    }

private:
    Status Append(const std::string& utf8) {
        auto encoded = csv::Encode(utf8, encoding_);
        if (!encoded) return Fail(encoded.error());
        std::string_view bytes = encoded->bytes;
        // One byte order mark, at the start of the file: Encode puts one before every text it encodes.
        if (!first_ && encoding_ == csv::Encoding::kUtf8 && bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
        first_ = false;
        out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out_) return Fail(Error::Internal("出力ファイルに書き込めません"));
        substituted_ += encoded->substituted;
        return {};
    }

    std::ofstream out_;
    csv::Encoding encoding_;
    const BookNames& names_;
    int& substituted_;
    std::string text_;
    bool first_ = true;
};

// The XLSX in libxlsxwriter's constant_memory mode: each page's rows go to the sheet's temporary file beside the
// .part as they arrive, so that a million rows take the memory of one page.
class XlsxBookSink final : public BookSink {
public:
    XlsxBookSink(std::unique_ptr<XlsxWriter> writer, const BookNames& names)
        : writer_(std::move(writer)), names_(names) {}
    Status Rows(const std::vector<BookRow>& rows) override {
        for (const BookRow& row : rows) {
            if (auto appended = writer_->AppendRow(BookXlsxRow(row, names_)); !appended) return appended;
        }
        return {};
    }
    Status Finish() override { return writer_->Close(); }

private:
    std::unique_ptr<XlsxWriter> writer_;
    const BookNames& names_;
};

}  // namespace

Status ExportJobService::WriteFile(MunicipalityId tenant, ExportJob& job, const BookFilter& filter,
                                   ExportJobRepository& jobs) {
    auto total = CountBook(store_, book_pages_, tenant, job.scope, filter);
    if (!total) return Fail(total.error());
    job.rows_total = *total;
    job.rows_done = 0;
    if (auto updated = jobs.Update(job); !updated) return updated;
    auto names = ReadBookNames(store_, tenant);
    if (!names) return Fail(names.error());

    std::error_code error;
    std::filesystem::create_directories(directory_, error);
    if (error) return Fail(Error::Internal("出力先のフォルダを作れません: " + directory_.string()));
    const std::filesystem::path final_path = ExportFilePath(directory_, tenant, job);
    std::filesystem::path part_path = final_path;
    part_path += ".part";
    std::unique_ptr<BookSink> sink;
    if (job.format == ExportFormat::kXlsx) {
        auto writer = XlsxWriter::Create(part_path, XlsxMemory::kConstant, limits_.xlsx_max_rows);
        if (!writer) return Fail(writer.error());
        if (auto begun = (*writer)->BeginSheet(BookXlsxHead(filter)); !begun) {
            writer->reset();
            std::filesystem::remove(part_path, error);
            return begun;
        }
        sink = std::make_unique<XlsxBookSink>(std::move(*writer), *names);
    } else {
        auto csv_sink = std::make_unique<CsvBookSink>(part_path, EncodingOf(job.format), *names, job.substituted);
        if (auto started = csv_sink->Start(); !started) {
            csv_sink.reset();
            std::filesystem::remove(part_path, error);
            return started;
        }
        sink = std::move(csv_sink);
    }
    Status streamed = StreamBook(store_, book_pages_, tenant, job.scope, filter, kExportChunkRows,
                                 [&](const std::vector<BookRow>& rows) {
                                     if (auto written = sink->Rows(rows); !written) return written;
                                     job.rows_done += static_cast<long long>(rows.size());
                                     return jobs.Update(job);
                                 });
    if (streamed) streamed = sink->Finish();
    sink.reset();
    if (!streamed) {
        std::filesystem::remove(part_path, error);
        return streamed;
    }
    job.rows_total = std::max(job.rows_total, job.rows_done);
    std::filesystem::rename(part_path, final_path, error);
    if (error) return Fail(Error::Internal("出力ファイルを仕上げられません"));
    return {};
}

}  // namespace kasane::domain
