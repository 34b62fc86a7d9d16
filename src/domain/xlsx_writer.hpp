// SPDX-License-Identifier: Apache-2.0
#pragma once

// Writing an XLSX workbook (libxlsxwriter): sheets of text and number cells, for the files the town hands on (the
// 福祉行政報告例 counts of 民生委員 activity, the reports). Reading XLSX is import_table.hpp's.

#include <cstddef>
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

}  // namespace kasane::domain
