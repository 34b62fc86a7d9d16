// SPDX-License-Identifier: Apache-2.0
#pragma once

// 出力ファイル: a background export (issue 17, item 4). A request for a large export (the 相談受付簿 of a filter,
// up to a million rows and more) becomes a job: the runner (app/export_runner) reads the book in keyset pages and
// appends each page, encoded, to a file in the exports directory, counting rows as it goes; when it is done the
// requester downloads the file. Who may ask is the book's rule and the export right's (BookScopeOf and
// AuthorizeExport, reused as they are); only the requester sees and downloads their job, the right is checked
// again at the download, and both the request and the download (an export with its row count) are audited.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/consultation_book.hpp"
#include "domain/consultation_book_file.hpp"
#include "domain/xlsx_writer.hpp"

namespace kasane::domain {

struct Actor;
class Store;
class TenantStore;

using ExportJobId = Id<struct ExportJobTag>;  // a background export (出力ファイル)

enum class ExportJobKind { kConsultationBook };
std::string_view ExportJobKindCode(ExportJobKind kind);   // "consultation_book"
std::string_view ExportJobKindLabel(ExportJobKind kind);  // 相談受付簿
std::optional<ExportJobKind> ParseExportJobKind(std::string_view code);

enum class ExportFormat {
    kCsvUtf8,        // CSV, UTF-8 with a BOM
    kCsvWindows31j,  // CSV, Windows-31J (〓 for what it cannot hold)
    kXlsx,           // Excel, streamed row by row (a further sheet past the rows a sheet holds)
};
std::string_view ExportFormatCode(ExportFormat format);   // "csv-utf-8", "csv-windows-31j", "xlsx"
std::string_view ExportFormatLabel(ExportFormat format);  // CSV（UTF-8） / CSV（Shift_JIS） / Excel（XLSX）
std::optional<ExportFormat> ParseExportFormat(std::string_view code);

// kExpired: a done job whose file was deleted after the days it is kept (ExportLimits::keep_days); the row stays.
enum class ExportJobStatus { kQueued, kRunning, kDone, kFailed, kExpired };
std::string_view ExportJobStatusCode(ExportJobStatus status);   // "queued", "running", "done", "failed", "expired"
std::string_view ExportJobStatusLabel(ExportJobStatus status);  // 待機中 / 出力中 / 完了 / 失敗 / 期限切れ
std::optional<ExportJobStatus> ParseExportJobStatus(std::string_view code);

struct ExportJob {
    ExportJobId id{};
    UserId requested_by{};
    ExportJobKind kind = ExportJobKind::kConsultationBook;
    std::string filter;  // the book's filter as its query string (BookQueryString), read again by the runner
    ExportFormat format = ExportFormat::kCsvUtf8;
    BookScope scope;  // what the requester could see when asking (BookScopeOf)
    ExportJobStatus status = ExportJobStatus::kQueued;
    long long rows_done = 0;
    long long rows_total = 0;  // counted before the first row is written
    std::string file_name;     // the name the download gives (soudan-uketsukebo-….csv)
    std::string error;         // why it failed, in Japanese
    Instant created_at{};
    std::optional<Instant> finished_at;
    int substituted = 0;  // characters Windows-31J could not hold, written as 〓
};

// The runner's chunk: this many rows are read, encoded and appended at a time (and rows_done stored).
inline constexpr int kExportChunkRows = 5000;
// What is kept, and how much one person may have waiting (retention, issue 17 item 4).
struct ExportLimits {
    int keep_days = 7;        // a done job's file is deleted this many days after it finished (ExpireFiles)
    int active_per_user = 5;  // queued and running jobs one user may have; the next request is refused
    std::size_t xlsx_max_rows = kXlsxMaxRows;  // rows a sheet of the XLSX holds (smaller in tests)
};
// Whether a done job's file is past its days at `now` (finished_at + keep_days).
bool ExportFileExpired(const ExportJob& job, Instant now, const ExportLimits& limits);
// Whether the job still waits for or holds the runner (queued or running).
bool ExportJobActive(const ExportJob& job);

// A job failed because the process that ran it ended (RecoverAbandoned).
inline constexpr std::string_view kExportAbandoned =
    "サーバーが停止したため出力が中断されました。もう一度出力してください";

// Only the requester sees and downloads a job: another user's job is kNotFound, not kPermissionDenied, so that
// its existence is not told.
Status RequireOwnJob(const ExportJob& job, UserId user);
// The stored file of a job in the exports directory: "export-<municipality>-<id>.<csv|xlsx>", and while it is
// written "<that>.part".
std::filesystem::path ExportFilePath(const std::filesystem::path& directory, MunicipalityId tenant,
                                     const ExportJob& job);

}  // namespace kasane::domain
