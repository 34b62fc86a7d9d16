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
    for (const ExportJobStatus status :
         {ExportJobStatus::kQueued, ExportJobStatus::kRunning, ExportJobStatus::kDone, ExportJobStatus::kFailed}) {
        EXPECT_EQ(ParseExportJobStatus(ExportJobStatusCode(status)), status);
    }
    EXPECT_EQ(ExportJobStatusLabel(ExportJobStatus::kRunning), "出力中");
    EXPECT_EQ(ExportJobStatusLabel(ExportJobStatus::kDone), "完了");
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
