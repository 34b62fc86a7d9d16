// SPDX-License-Identifier: Apache-2.0
#pragma once

// Writing an XLSX workbook (libxlsxwriter): sheets of text and number cells, for the files the town hands on (the
// 福祉行政報告例 counts of 民生委員 activity). Reading XLSX is import_table.hpp's.

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
};

// The workbook's bytes. Cells are written as they are: a text cell starting with = is text, never a formula.
Result<std::string> WriteXlsx(const std::vector<XlsxSheet>& sheets);

}  // namespace kasane::domain
