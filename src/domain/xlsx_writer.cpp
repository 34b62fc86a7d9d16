// SPDX-License-Identifier: Apache-2.0
#include "domain/xlsx_writer.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace kasane::domain {

namespace {

// libxlsxwriter 1.1 writes to a path only: a private temporary file, removed whatever happens.
class TemporaryPath {
public:
    TemporaryPath() {
        std::string pattern = (std::filesystem::temp_directory_path() / "kasane-xlsx-XXXXXX").string();
        const int descriptor = mkstemp(pattern.data());
        if (descriptor >= 0) {
            close(descriptor);
            path_ = pattern;
        }
    }
    ~TemporaryPath() {
        if (!path_.empty()) std::remove(path_.c_str());
    }
    TemporaryPath(const TemporaryPath&) = delete;
    TemporaryPath& operator=(const TemporaryPath&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

}  // namespace

namespace {

// 「名前 (2)」 for the second sheet of a long one, within Excel's 31 characters.
std::string PartName(const std::string& name, std::size_t part) {
    if (part == 1) return name;
    const std::string suffix = " (" + std::to_string(part) + ")";
    // Count UTF-8 characters, keeping whole ones.
    std::string kept;
    std::size_t characters = 0;
    for (std::size_t at = 0; at < name.size();) {
        std::size_t length = 1;
        const auto lead = static_cast<unsigned char>(name[at]);
        if (lead >= 0xF0)
            length = 4;
        else if (lead >= 0xE0)
            length = 3;
        else if (lead >= 0xC0)
            length = 2;
        if (characters + 1 + suffix.size() > 31) break;
        kept += name.substr(at, length);
        at += length;
        ++characters;
    }
    return kept + suffix;
}

lxw_error WriteRow(lxw_worksheet* worksheet, lxw_row_t at, const std::vector<XlsxCell>& row, lxw_format* number) {
    for (std::size_t column = 0; column < row.size(); ++column) {
        const auto c = static_cast<lxw_col_t>(column);
        const XlsxCell& cell = row[column];
        const lxw_error written =
            std::holds_alternative<long long>(cell)
                ? worksheet_write_number(worksheet, at, c, static_cast<double>(std::get<long long>(cell)), number)
                : worksheet_write_string(worksheet, at, c, std::get<std::string>(cell).c_str(), nullptr);
        if (written != LXW_NO_ERROR) return written;
    }
    return LXW_NO_ERROR;
}

}  // namespace

Result<std::string> WriteXlsx(const std::vector<XlsxSheet>& sheets, std::size_t max_rows) {
    TemporaryPath file;
    if (file.path().empty()) return Fail(Error::Internal("XLSXの一時ファイルを作れません"));
    // ZIP64, so that a workbook past 4 GiB is still one; shared strings (not constant_memory's inline ones), which
    // every reader knows.
    lxw_workbook_options options{.constant_memory = LXW_FALSE, .tmpdir = nullptr, .use_zip64 = LXW_TRUE};
    lxw_workbook* workbook = workbook_new_opt(file.path().c_str(), &options);
    if (workbook == nullptr) return Fail(Error::Internal("XLSXを作れません"));
    lxw_format* number = workbook_add_format(workbook);
    format_set_num_format(number, "#,##0");
    for (const XlsxSheet& sheet : sheets) {
        const std::size_t frozen = std::min(sheet.frozen_rows, sheet.rows.size());
        if (max_rows <= frozen) {
            workbook_close(workbook);
            return Fail(Error::Internal("XLSXの見出しがシートに収まりません"));
        }
        const std::size_t per_sheet = max_rows - frozen;
        std::size_t next = frozen;  // the first body row not yet written
        for (std::size_t part = 1; part == 1 || next < sheet.rows.size(); ++part) {
            lxw_worksheet* worksheet = workbook_add_worksheet(workbook, PartName(sheet.name, part).c_str());
            if (worksheet == nullptr) {
                workbook_close(workbook);
                return Fail(Error::Internal("XLSXのシート名が使えません: " + sheet.name));
            }
            for (std::size_t column = 0; column < sheet.column_widths.size(); ++column) {
                const auto index = static_cast<lxw_col_t>(column);
                worksheet_set_column(worksheet, index, index, sheet.column_widths[column], nullptr);
            }
            if (frozen > 0) worksheet_freeze_panes(worksheet, static_cast<lxw_row_t>(frozen), 0);
            lxw_row_t at = 0;
            lxw_error written = LXW_NO_ERROR;
            for (std::size_t row = 0; row < frozen && written == LXW_NO_ERROR; ++row) {
                written = WriteRow(worksheet, at++, sheet.rows[row], number);
            }
            const std::size_t end = std::min(sheet.rows.size(), next + per_sheet);
            for (; next < end && written == LXW_NO_ERROR; ++next) {
                written = WriteRow(worksheet, at++, sheet.rows[next], number);
            }
            if (written != LXW_NO_ERROR) {
                workbook_close(workbook);
                return Fail(Error::Internal(std::string("XLSXに書けません: ") + lxw_strerror(written)));
            }
        }
    }
    if (const lxw_error closed = workbook_close(workbook); closed != LXW_NO_ERROR) {
        return Fail(Error::Internal(std::string("XLSXを書き終えられません: ") + lxw_strerror(closed)));
    }
    std::ifstream in(file.path(), std::ios::binary);
    if (!in) return Fail(Error::Internal("XLSXを読み戻せません"));
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace kasane::domain
