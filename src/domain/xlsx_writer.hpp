// SPDX-License-Identifier: Apache-2.0
#pragma once

// Writing an XLSX workbook (libxlsxwriter): sheets of text and number cells, for the files the town hands on (the
// 福祉行政報告例 counts of 民生委員 activity, the reports, the 相談受付簿 of a background export). Reading XLSX is
// import_table.hpp's.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "base/result.hpp"

namespace kasane::domain {

using XlsxCell = std::variant<std::string, long long>;  // text, or a whole number Excel can sum

struct XlsxSheet {
    std::string name;  // at most 31 characters, none of []:*?/\ (Excel's rule)
    std::vector<std::vector<XlsxCell>> rows;
    std::vector<double> column_widths;  // in characters; the first columns, the rest default
    // The first rows (the heading) stay in view when scrolling, and head each further sheet.
    std::size_t frozen_rows = 0;
};

// Excel's rows per sheet. A sheet with more rows goes on in further sheets, 「名前 (2)」, 「名前 (3)」 …, each headed
// by the frozen rows again.
inline constexpr std::size_t kXlsxMaxRows = 1'048'576;

// The workbook's bytes. Cells are written as they are: a text cell starting with = is text, never a formula; whole
// numbers with a thousands separator (#,##0). `max_rows` is the rows a sheet holds (Excel's limit; smaller in tests).
Result<std::string> WriteXlsx(const std::vector<XlsxSheet>& sheets, std::size_t max_rows = kXlsxMaxRows);

// How the workbook holds its rows until it is closed.
enum class XlsxMemory {
    // Every cell in memory, text as shared strings (which every reader knows): for files a person checks.
    kWhole,
    // libxlsxwriter's constant_memory mode: each row goes to a temporary file beside the workbook as it is
    // written (text inline), so that memory stays flat whatever the rows; rows are written in order only.
    kConstant,
};

// The head of a sheet: its frozen heading rows (a title, the column names), repeated at the top of each further
// sheet, and its column widths.
struct XlsxSheetHead {
    std::string name;  // as XlsxSheet::name
    std::vector<std::vector<XlsxCell>> heading;
    std::vector<double> column_widths;
};

// A workbook written sheet by sheet and row by row to a file: the one home of the sheet-splitting rule (a sheet
// of more than `max_rows` rows goes on in 「名前 (2)」 … with its heading again), used by WriteXlsx. Not
// thread-safe. The file is complete only after Close() succeeds; a writer destroyed unclosed closes the workbook
// and leaves whatever it wrote (the caller removes it).
class XlsxWriter {
public:
    // kInternal when the file cannot be created. `max_rows` is at most kXlsxMaxRows.
    static Result<std::unique_ptr<XlsxWriter>> Create(const std::filesystem::path& path, XlsxMemory memory,
                                                      std::size_t max_rows = kXlsxMaxRows);
    ~XlsxWriter();
    XlsxWriter(const XlsxWriter&) = delete;
    XlsxWriter& operator=(const XlsxWriter&) = delete;

    // Starts a sheet with its heading. kInternal when the heading does not leave room for a row, or the name is
    // not a sheet name Excel accepts.
    Status BeginSheet(XlsxSheetHead head);
    // One body row of the current sheet (after BeginSheet); a full sheet goes on in a further one.
    Status AppendRow(const std::vector<XlsxCell>& row);
    // Writes the workbook's archive. Nothing may be written after it.
    Status Close();

    std::size_t Sheets() const { return sheets_; }  // the sheets begun, further ones included

private:
    struct Workbook;
    XlsxWriter(std::unique_ptr<Workbook> workbook, std::size_t max_rows);
    Status AddPart();

    std::unique_ptr<Workbook> workbook_;
    std::size_t max_rows_;
    XlsxSheetHead head_;
    std::size_t part_ = 0;  // the current sheet's part: 1 for 「名前」, 2 for 「名前 (2)」 …
    std::size_t row_ = 0;   // the next row of the current part
    std::size_t sheets_ = 0;
    bool closed_ = false;
};

}  // namespace kasane::domain
