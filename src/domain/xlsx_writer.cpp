// SPDX-License-Identifier: Apache-2.0
#include "domain/xlsx_writer.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <utility>

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

Status Failed(std::string_view what, lxw_error error) {
    return Fail(Error::Internal(std::string(what) + lxw_strerror(error)));
}

}  // namespace

struct XlsxWriter::Workbook {
    std::string tmpdir;  // outlives the workbook: libxlsxwriter keeps the pointer
    lxw_workbook* workbook = nullptr;
    lxw_worksheet* worksheet = nullptr;
    lxw_format* number = nullptr;
};

Result<std::unique_ptr<XlsxWriter>> XlsxWriter::Create(const std::filesystem::path& path, XlsxMemory memory,
                                                       std::size_t max_rows) {
    if (max_rows == 0 || max_rows > kXlsxMaxRows) return Fail(Error::Internal("XLSXのシートの行数が正しくありません"));
    auto workbook = std::make_unique<Workbook>();
    // constant_memory keeps each sheet's rows in a temporary file: beside the workbook, on the disk that holds it,
    // never in a /tmp that may be small memory. ZIP64, so that a workbook past 4 GiB is still one.
    workbook->tmpdir = path.has_parent_path() ? path.parent_path().string() : std::string(".");
    lxw_workbook_options options{.constant_memory = memory == XlsxMemory::kConstant ? LXW_TRUE : LXW_FALSE,
                                 .tmpdir = memory == XlsxMemory::kConstant ? workbook->tmpdir.data() : nullptr,
                                 .use_zip64 = LXW_TRUE};
    workbook->workbook = workbook_new_opt(path.c_str(), &options);
    if (workbook->workbook == nullptr) return Fail(Error::Internal("XLSXを作れません"));
    workbook->number = workbook_add_format(workbook->workbook);
    format_set_num_format(workbook->number, "#,##0");
    return std::unique_ptr<XlsxWriter>(new XlsxWriter(std::move(workbook), max_rows));
}

XlsxWriter::XlsxWriter(std::unique_ptr<Workbook> workbook, std::size_t max_rows)
    : workbook_(std::move(workbook)), max_rows_(max_rows) {}

XlsxWriter::~XlsxWriter() {
    if (!closed_ && workbook_->workbook != nullptr) workbook_close(workbook_->workbook);
}

Status XlsxWriter::BeginSheet(XlsxSheetHead head) {
    if (closed_) return Fail(Error::Internal("XLSXは閉じられています"));
    if (max_rows_ <= head.heading.size()) return Fail(Error::Internal("XLSXの見出しがシートに収まりません"));
    head_ = std::move(head);
    part_ = 0;
    return AddPart();
}

// A sheet's part: 「名前」 or 「名前 (n)」, its widths, its heading frozen at the top.
Status XlsxWriter::AddPart() {
    ++part_;
    workbook_->worksheet = workbook_add_worksheet(workbook_->workbook, PartName(head_.name, part_).c_str());
    if (workbook_->worksheet == nullptr) return Fail(Error::Internal("XLSXのシート名が使えません: " + head_.name));
    ++sheets_;
    for (std::size_t column = 0; column < head_.column_widths.size(); ++column) {
        const auto index = static_cast<lxw_col_t>(column);
        worksheet_set_column(workbook_->worksheet, index, index, head_.column_widths[column], nullptr);
    }
    if (!head_.heading.empty()) {
        worksheet_freeze_panes(workbook_->worksheet, static_cast<lxw_row_t>(head_.heading.size()), 0);
    }
    row_ = 0;
    for (const auto& heading : head_.heading) {
        const lxw_error written =
            WriteRow(workbook_->worksheet, static_cast<lxw_row_t>(row_++), heading, workbook_->number);
        if (written != LXW_NO_ERROR) return Failed("XLSXに書けません: ", written);
    }
    return {};
}

Status XlsxWriter::AppendRow(const std::vector<XlsxCell>& row) {
    if (closed_ || workbook_->worksheet == nullptr) return Fail(Error::Internal("XLSXのシートがありません"));
    if (row_ >= max_rows_) {
        if (auto added = AddPart(); !added) return added;
    }
    const lxw_error written = WriteRow(workbook_->worksheet, static_cast<lxw_row_t>(row_++), row, workbook_->number);
    if (written != LXW_NO_ERROR) return Failed("XLSXに書けません: ", written);
    return {};
}

Status XlsxWriter::Close() {
    if (closed_) return Fail(Error::Internal("XLSXは閉じられています"));
    closed_ = true;
    if (const lxw_error closed = workbook_close(workbook_->workbook); closed != LXW_NO_ERROR) {
        return Failed("XLSXを書き終えられません: ", closed);
    }
    return {};
}

Result<std::string> WriteXlsx(const std::vector<XlsxSheet>& sheets, std::size_t max_rows) {
    TemporaryPath file;
    if (file.path().empty()) return Fail(Error::Internal("XLSXの一時ファイルを作れません"));
    {
        auto writer = XlsxWriter::Create(file.path(), XlsxMemory::kWhole, max_rows);
        if (!writer) return Fail(writer.error());
        for (const XlsxSheet& sheet : sheets) {
            const std::size_t frozen = std::min(sheet.frozen_rows, sheet.rows.size());
            const auto body = sheet.rows.begin() + static_cast<std::ptrdiff_t>(frozen);
            XlsxSheetHead head{
                .name = sheet.name, .heading = {sheet.rows.begin(), body}, .column_widths = sheet.column_widths};
            if (auto begun = (*writer)->BeginSheet(std::move(head)); !begun) return Fail(begun.error());
            for (auto row = body; row != sheet.rows.end(); ++row) {
                if (auto appended = (*writer)->AppendRow(*row); !appended) return Fail(appended.error());
            }
        }
        if (auto closed = (*writer)->Close(); !closed) return Fail(closed.error());
    }
    std::ifstream in(file.path(), std::ios::binary);
    if (!in) return Fail(Error::Internal("XLSXを読み戻せません"));
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace kasane::domain
