// SPDX-License-Identifier: Apache-2.0
#include "domain/xlsx_writer.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

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

Result<std::string> WriteXlsx(const std::vector<XlsxSheet>& sheets) {
    TemporaryPath file;
    if (file.path().empty()) return Fail(Error::Internal("XLSXの一時ファイルを作れません"));
    lxw_workbook* workbook = workbook_new(file.path().c_str());
    if (workbook == nullptr) return Fail(Error::Internal("XLSXを作れません"));
    for (const XlsxSheet& sheet : sheets) {
        lxw_worksheet* worksheet = workbook_add_worksheet(workbook, sheet.name.c_str());
        if (worksheet == nullptr) {
            workbook_close(workbook);
            return Fail(Error::Internal("XLSXのシート名が使えません: " + sheet.name));
        }
        for (std::size_t column = 0; column < sheet.column_widths.size(); ++column) {
            const auto index = static_cast<lxw_col_t>(column);
            worksheet_set_column(worksheet, index, index, sheet.column_widths[column], nullptr);
        }
        for (std::size_t row = 0; row < sheet.rows.size(); ++row) {
            for (std::size_t column = 0; column < sheet.rows[row].size(); ++column) {
                const auto r = static_cast<lxw_row_t>(row);
                const auto c = static_cast<lxw_col_t>(column);
                const XlsxCell& cell = sheet.rows[row][column];
                const lxw_error written =
                    std::holds_alternative<long long>(cell)
                        ? worksheet_write_number(worksheet, r, c, static_cast<double>(std::get<long long>(cell)),
                                                 nullptr)
                        : worksheet_write_string(worksheet, r, c, std::get<std::string>(cell).c_str(), nullptr);
                if (written != LXW_NO_ERROR) {
                    workbook_close(workbook);
                    return Fail(Error::Internal(std::string("XLSXに書けません: ") + lxw_strerror(written)));
                }
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
