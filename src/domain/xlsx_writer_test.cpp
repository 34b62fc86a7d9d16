// SPDX-License-Identifier: Apache-2.0
// The XLSX writer (xlsx_writer.hpp), read back by Kasane's own XLSX reader (import_table.hpp): the streamed
// (constant_memory) workbook and the whole one split a long sheet alike, each further sheet headed again.

#include "domain/xlsx_writer.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "domain/import_table.hpp"

namespace kasane::domain {
namespace {

class XlsxWriterTest : public ::testing::TestWithParam<XlsxMemory> {
protected:
    void SetUp() override {
        std::string pattern = (std::filesystem::temp_directory_path() / "kasane-xlsx-writer-test-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        directory_ = pattern;
    }
    void TearDown() override { std::filesystem::remove_all(directory_); }

    static std::string Read(const std::filesystem::path& path) {
        std::ifstream in(path, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }

    std::filesystem::path directory_;
};

TEST_P(XlsxWriterTest, ALongSheetGoesOnInFurtherSheetsEachHeadedAgainAndReadsBackRowForRow) {
    const std::filesystem::path path = directory_ / "book.xlsx.part";
    auto writer = XlsxWriter::Create(path, GetParam(), 10);  // a title, the heading and 8 rows a sheet
    ASSERT_TRUE(writer.has_value()) << writer.error().message;
    ASSERT_TRUE(
        (*writer)
            ->BeginSheet(XlsxSheetHead{.name = "受付簿",
                                       .heading = {{XlsxCell(std::string("相談受付簿（令和6年5月1日～）"))},
                                                   {XlsxCell(std::string("番号")), XlsxCell(std::string("主訴")),
                                                    XlsxCell(std::string("回数"))}},
                                       .column_widths = {8, 40, 8}})
            .has_value());
    for (long long i = 1; i <= 20; ++i) {
        // A text that looks like a formula stays text; 𠮷 (outside the BMP) survives.
        const std::vector<XlsxCell> row{
            std::to_string(i), std::string(i == 3 ? "=SUM(A1)" : "𠮷野家の前 ") + "#" + std::to_string(i), i * 1000};
        ASSERT_TRUE((*writer)->AppendRow(row).has_value()) << i;
    }
    EXPECT_EQ((*writer)->Sheets(), 3u);  // 8 + 8 + 4
    ASSERT_TRUE((*writer)->Close().has_value());
    writer->reset();
    // With constant_memory the rows waited in temporary files beside the workbook: none is left behind.
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(directory_), std::filesystem::directory_iterator()), 1);

    auto tables = ReadTables("book.xlsx", Read(path));
    ASSERT_TRUE(tables.has_value()) << tables.error().message;
    ASSERT_EQ(tables->size(), 3u);
    EXPECT_EQ((*tables)[0].name, "受付簿");
    EXPECT_EQ((*tables)[1].name, "受付簿 (2)");
    EXPECT_EQ((*tables)[2].name, "受付簿 (3)");
    long long next = 1;
    for (const Table& table : *tables) {
        EXPECT_EQ(table.header, (std::vector<std::string>{"番号", "主訴", "回数"})) << table.name;
        EXPECT_EQ(table.header_line, 2) << table.name;  // below the title, on every sheet
        for (const TableRow& row : table.rows) {
            ASSERT_EQ(row.cells.size(), 3u);
            EXPECT_EQ(row.cells[0], std::to_string(next));
            EXPECT_EQ(row.cells[1], std::string(next == 3 ? "=SUM(A1)" : "𠮷野家の前 ") + "#" + std::to_string(next));
            EXPECT_EQ(row.cells[2], std::to_string(next * 1000));  // a number, read back as written
            ++next;
        }
    }
    EXPECT_EQ(next, 21);
}

TEST_P(XlsxWriterTest, AHeadingThatLeavesNoRoomIsRefused) {
    auto writer = XlsxWriter::Create(directory_ / "small.xlsx", GetParam(), 2);
    ASSERT_TRUE(writer.has_value());
    const Status begun = (*writer)->BeginSheet(
        XlsxSheetHead{.name = "表", .heading = {{XlsxCell(std::string("題"))}, {XlsxCell(std::string("列"))}}});
    ASSERT_FALSE(begun.has_value());
    EXPECT_TRUE(begun.error().Is(ErrorCode::kInternal));
}

INSTANTIATE_TEST_SUITE_P(Memory, XlsxWriterTest, ::testing::Values(XlsxMemory::kConstant, XlsxMemory::kWhole),
                         [](const ::testing::TestParamInfo<XlsxMemory>& info) {
                             return info.param == XlsxMemory::kConstant ? std::string("Streamed")
                                                                        : std::string("Whole");
                         });

TEST(WriteXlsx, SplitsAsTheStreamedWriterDoes) {
    XlsxSheet sheet{.name = "集計",
                    .rows = {{XlsxCell(std::string("区分")), XlsxCell(std::string("件数"))}},
                    .column_widths = {20, 10},
                    .frozen_rows = 1};
    for (long long i = 0; i < 5; ++i) sheet.rows.push_back({XlsxCell("区分" + std::to_string(i)), XlsxCell(i)});
    auto bytes = WriteXlsx({sheet}, 3);
    ASSERT_TRUE(bytes.has_value());
    auto tables = ReadTables("report.xlsx", *bytes);
    ASSERT_TRUE(tables.has_value()) << tables.error().message;
    ASSERT_EQ(tables->size(), 3u);  // 2 + 2 + 1
    EXPECT_EQ((*tables)[2].name, "集計 (3)");
    EXPECT_EQ((*tables)[2].header, (std::vector<std::string>{"区分", "件数"}));
    ASSERT_EQ((*tables)[2].rows.size(), 1u);
    EXPECT_EQ((*tables)[2].rows[0].cells, (std::vector<std::string>{"区分4", "4"}));
}

}  // namespace
}  // namespace kasane::domain
