// SPDX-License-Identifier: Apache-2.0
// 出力ファイル (export_job.hpp): the rules that need no store. The use cases (requester only, the right checked again
// at the download, the file equal to the direct export) are tested on both databases in
// tests/storage/store_contract_test.cpp (BackgroundExportStreamsTheBookInKeysetPagesAndKeepsItsJobs).

#include "domain/export_job.hpp"

#include <gtest/gtest.h>

#include "domain/consultation_book_file.hpp"

namespace kasane::domain {
namespace {

TEST(ExportJob, OnlyTheRequesterSeesAJobAndAnotherUsersIsNotFound) {
    const ExportJob job{.id = ExportJobId{7}, .requested_by = UserId{3}};
    EXPECT_TRUE(RequireOwnJob(job, UserId{3}).has_value());
    const Status other = RequireOwnJob(job, UserId{4});
    ASSERT_FALSE(other.has_value());
    EXPECT_TRUE(other.error().Is(ErrorCode::kNotFound));  // not "permission denied": its existence is not told
}

TEST(ExportJob, CodesAndLabelsRoundTrip) {
    for (const ExportFormat format : {ExportFormat::kCsvUtf8, ExportFormat::kCsvWindows31j, ExportFormat::kXlsx}) {
        EXPECT_EQ(ParseExportFormat(ExportFormatCode(format)), format);
    }
    for (const ExportJobStatus status : {ExportJobStatus::kQueued, ExportJobStatus::kRunning, ExportJobStatus::kDone,
                                         ExportJobStatus::kFailed, ExportJobStatus::kExpired}) {
        EXPECT_EQ(ParseExportJobStatus(ExportJobStatusCode(status)), status);
    }
    EXPECT_EQ(ExportJobStatusLabel(ExportJobStatus::kRunning), "出力中");
    EXPECT_EQ(ExportJobStatusLabel(ExportJobStatus::kDone), "完了");
    EXPECT_EQ(ExportJobStatusLabel(ExportJobStatus::kExpired), "期限切れ");
    EXPECT_EQ(ParseExportFormat("xlsx"), ExportFormat::kXlsx);
    EXPECT_FALSE(ParseExportFormat("pdf").has_value());
    EXPECT_EQ(ParseExportJobKind("consultation_book"), ExportJobKind::kConsultationBook);
}

TEST(ExportJob, TheFileIsNamedByMunicipalityAndIdAndWrittenAsPartFirst) {
    ExportJob job{.id = ExportJobId{12}};
    job.format = ExportFormat::kCsvWindows31j;
    EXPECT_EQ(ExportFilePath("/data/exports", MunicipalityId{2}, job), "/data/exports/export-2-12.csv");
    job.format = ExportFormat::kXlsx;
    EXPECT_EQ(ExportFilePath("/data/exports", MunicipalityId{2}, job), "/data/exports/export-2-12.xlsx");
}

TEST(ExportJob, ADoneJobsFileExpiresWhenItsDaysHavePassed) {
    const ExportLimits limits{.keep_days = 7};
    const Instant finished = Instant{std::chrono::days(20000)} + std::chrono::hours(3);
    ExportJob job{.status = ExportJobStatus::kDone};
    job.finished_at = finished;
    EXPECT_FALSE(ExportFileExpired(job, finished + std::chrono::days(7) - std::chrono::milliseconds(1), limits));
    EXPECT_TRUE(ExportFileExpired(job, finished + std::chrono::days(7), limits));
    // Only a done job's file: a failed job has none, an expired one is expired already.
    job.status = ExportJobStatus::kFailed;
    EXPECT_FALSE(ExportFileExpired(job, finished + std::chrono::days(30), limits));
    job.status = ExportJobStatus::kExpired;
    EXPECT_FALSE(ExportFileExpired(job, finished + std::chrono::days(30), limits));
    EXPECT_FALSE(ExportJobActive(job));
    job.status = ExportJobStatus::kQueued;
    EXPECT_TRUE(ExportJobActive(job));
    job.status = ExportJobStatus::kRunning;
    EXPECT_TRUE(ExportJobActive(job));
}

TEST(ExportJob, TheBookAsASheetHasAWarekiTitleTheColumnsAndItsCountAsANumber) {
    BookFilter filter;
    filter.from = Date{std::chrono::year{2024}, std::chrono::month{5}, std::chrono::day{1}};
    filter.to = Date{std::chrono::year{2024}, std::chrono::month{5}, std::chrono::day{31}};
    const XlsxSheetHead head = BookXlsxHead(filter);
    EXPECT_EQ(head.name, "受付簿");
    ASSERT_EQ(head.heading.size(), 2u);
    EXPECT_EQ(std::get<std::string>(head.heading[0][0]), "相談受付簿（令和6年5月1日～令和6年5月31日）");
    EXPECT_EQ(head.heading[1].size(), BookHeadingCells().size());
    EXPECT_EQ(std::get<std::string>(BookXlsxHead(BookFilter{}).heading[0][0]), "相談受付簿");
    BookRow row;
    row.id = ConsultationId{42};
    row.contacts = 3;
    const std::vector<XlsxCell> cells = BookXlsxRow(row, BookNames{});
    ASSERT_EQ(cells.size(), BookHeadingCells().size());
    EXPECT_EQ(std::get<std::string>(cells.front()), "42");  // an id, text
    EXPECT_EQ(std::get<long long>(cells.back()), 3);        // 対応回数, a number
}

TEST(ExportJob, TheStoredFilterReadsBackAsTheSameFilter) {
    BookFilter filter;
    filter.from = Date{std::chrono::year{2024}, std::chrono::month{4}, std::chrono::day{1}};
    filter.to = Date{std::chrono::year{2024}, std::chrono::month{4}, std::chrono::day{30}};
    filter.status = BookStatus::kOpen;
    filter.worker = UserId{5};
    filter.field = Field::kPoverty;
    const std::string query = BookQueryString(filter);
    const Date today{std::chrono::year{2024}, std::chrono::month{6}, std::chrono::day{1}};
    auto parsed = ParseBookQueryString(query, today, UserId{9});
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(BookQueryString(*parsed), query);
    EXPECT_EQ(BookFileName(*parsed, "-sjis.csv"), "soudan-uketsukebo-2024-04-01-2024-04-30-sjis.csv");
    // A malformed stored filter is refused by the book's own parser, naming the parameter.
    auto bad = ParseBookQueryString("status=whatever", today, UserId{9});
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().field, "status");
}

}  // namespace
}  // namespace kasane::domain
