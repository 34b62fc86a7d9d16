// SPDX-License-Identifier: Apache-2.0
// 出力ファイル at scale (issue 17, item 4, speed): an export of 1,000,000 rows of the 相談受付簿 streams in under a
// minute with flat memory. The demo town's 福祉課 is given N consultations (in batches, ConsultationRepository::
// CreateMany), then its coordinator's background export of the whole book (CSV, or XLSX streamed in libxlsxwriter's
// constant_memory mode) is queued and run by the ExportJobService as the server's runner would; the time of the run
// and the process's peak resident memory (VmHWM of /proc/self/status, reset before the export; VmRSS before the
// fill, before the export and after). Figures are printed as "name = value unit".
// Usage: export_bench --db sqlite:PATH|postgresql://... [--rows N] [--format csv|xlsx]
//                     [--encoding utf-8|windows-31j] [--no-fill 1 (the database holds the rows of an earlier run)]

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "bench_town.hpp"
#include "domain/export_job_service.hpp"

using namespace kasane;

namespace {

double Seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

// A line of /proc/self/status in MB ("VmHWM", "VmRSS").
double StatusMb(const std::string& key) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(key + ":", 0) == 0) return std::stod(line.substr(key.size() + 1)) / 1024.0;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each figure printed as it is known, even if the run is stopped
    const bench::BenchOptions options(argc, argv);
    const std::string db = options.Text("db");
    const long long rows = options.Number("rows", 1000000);
    const bool sjis = options.Text("encoding", "utf-8") == "windows-31j";
    const std::string format_name = options.Text("format", "csv");
    const bool fill = options.Text("no-fill").empty();
    if (db.empty() || (format_name != "csv" && format_name != "xlsx")) {
        std::fprintf(stderr,
                     "usage: export_bench --db URL [--rows N] [--format csv|xlsx] [--encoding utf-8|windows-31j] "
                     "[--no-fill 1]\n");
        return 64;
    }
    const domain::ExportFormat format = format_name == "xlsx" ? domain::ExportFormat::kXlsx
                                        : sjis                ? domain::ExportFormat::kCsvWindows31j
                                                              : domain::ExportFormat::kCsvUtf8;
    auto town = bench::OpenBenchTown(db, "demo-coordinator", "export-bench");
    if (!town) return 1;
    app::Services& services = *town->services;
    domain::Store& store = *services.store;
    const domain::User& user = town->user;
    std::printf("rss_start = %.1f MB\n", StatusMb("VmRSS"));

    // The fill: anonymous consultations (no person to create), one contact each, spread over a year of days.
    const auto fill_start = std::chrono::steady_clock::now();
    constexpr long long kBatch = 20000;
    const Instant first = std::chrono::sys_days{std::chrono::year{2024} / 4 / 1} + std::chrono::hours{1};
    for (long long done = fill ? 0 : rows; done < rows;) {
        std::vector<domain::Consultation> batch;
        const long long count = std::min(kBatch, rows - done);
        batch.reserve(static_cast<std::size_t>(count));
        for (long long i = 0; i < count; ++i) {
            const long long n = done + i;
            const Instant at = first + std::chrono::minutes{n % (365LL * 24 * 60)};
            domain::Consultation consultation;
            consultation.receiving_organization_id = user.organization_id;
            consultation.received_by_user_id = user.id;
            consultation.chief_complaint = "暮らしの困りごと（出力検証用）" + std::to_string(n);
            consultation.created_at = at;
            domain::Contact contact;
            contact.occurred_at = at;
            contact.channel = domain::Channel::kPhone;
            contact.source = domain::Source::kSelf;
            contact.organization_id = user.organization_id;
            contact.staff_user_id = user.id;
            contact.summary = "電話で相談を受けた。";
            contact.summary_tag = domain::TextTag::kFact;
            contact.recorded_at = at;
            consultation.contacts.push_back(std::move(contact));
            batch.push_back(std::move(consultation));
        }
        auto created = store.Tenant(town->tenant)->Consultations().CreateMany(batch);
        if (!created) {
            std::fprintf(stderr, "fill: %s\n", created.error().message.c_str());
            return 1;
        }
        done += count;
        if (done % 100000 == 0) {
            std::printf("fill: %lld rows, %.1f s\n", done, Seconds(std::chrono::steady_clock::now() - fill_start));
        }
    }
    if (fill) std::printf("fill_seconds = %.1f s\n", Seconds(std::chrono::steady_clock::now() - fill_start));
    std::printf("rss_before_export = %.1f MB\n", StatusMb("VmRSS"));

    domain::ExportJobService& exports = *services.exports;
    domain::BookFilter filter;
    filter.from = domain::Date{std::chrono::year{2024}, std::chrono::month{1}, std::chrono::day{1}};
    filter.to = domain::Date{std::chrono::year{2026}, std::chrono::month{12}, std::chrono::day{31}};
    auto job = exports.Request(town->actor, filter, format);
    if (!job) {
        std::fprintf(stderr, "request: %s\n", job.error().message.c_str());
        return 1;
    }
    // The peak is reset (Linux: "5" to clear_refs resets VmHWM) so that it measures the export, not the fill.
    { std::ofstream("/proc/self/clear_refs") << "5"; }
    std::printf("peak_rss_after_reset = %.1f MB\n", StatusMb("VmHWM"));
    const auto start = std::chrono::steady_clock::now();
    auto ran = exports.RunNext();
    const double seconds = Seconds(std::chrono::steady_clock::now() - start);
    if (!ran || !*ran) {
        std::fprintf(stderr, "run: %s\n", ran ? "nothing queued" : ran.error().message.c_str());
        return 1;
    }
    auto done = exports.Job(town->actor, job->id);
    if (!done || done->status != domain::ExportJobStatus::kDone) {
        std::fprintf(stderr, "export failed: %s\n", done ? done->error.c_str() : done.error().message.c_str());
        return 1;
    }
    auto download = exports.Download(town->actor, job->id);
    const double megabytes =
        download ? static_cast<double>(std::filesystem::file_size(download->path)) / 1048576.0 : 0.0;
    std::printf("export_backend = %s\n", std::string(store.Backend()).c_str());
    std::printf("export_format = %s\n", std::string(domain::ExportFormatCode(format)).c_str());
    std::printf("export_file = %.1f MiB\n", megabytes);
    std::printf("export_rows = %lld rows\n", done->rows_done);
    std::printf("export_seconds = %.1f s\n", seconds);
    std::printf("rss_after_export = %.1f MB\n", StatusMb("VmRSS"));
    std::printf("export_peak_rss = %.1f MB\n", StatusMb("VmHWM"));  // VmHWM since the reset before the export
    if (download) std::filesystem::remove(download->path);
    return 0;
}
