// SPDX-License-Identifier: Apache-2.0
#include "domain/list_upload.hpp"

#include <algorithm>

#include "base/crypto.hpp"
#include "base/japanese_text.hpp"
#include "base/json.hpp"

namespace kasane::domain {

namespace {

Error WithFieldIfNone(Error error, std::string_view field) {
    if (error.field.empty()) error.field = std::string(field);
    return error;
}

Result<Table> FirstTable(std::string_view file_name, std::string_view bytes) {
    auto tables = ReadTables(file_name, bytes, TableLimits{.max_rows = kMaxListRows});
    if (!tables) return Fail(WithFieldIfNone(tables.error(), "file"));
    if (tables->empty()) return Fail(Error::InvalidArgument("表が見つかりません", "file"));
    return std::move(tables->front());
}

}  // namespace

Result<std::int64_t> KeepListUpload(Store& store, const Clock& clock, const Principal& principal,
                                    std::string_view file_name, std::string_view bytes, std::size_t max_bytes,
                                    std::string_view default_name) {
    if (bytes.size() > max_bytes) {
        return Fail(Error::PayloadTooLarge(
            "ファイルが大きすぎます（" + std::to_string(max_bytes / (1024 * 1024)) + "MBまで）", "file"));
    }
    if (bytes.empty()) return Fail(Error::InvalidArgument("ファイルを選んでください", "file"));
    const std::string name(file_name.empty() ? default_name : file_name);
    if (!IsValidUtf8(name) || name.size() > 200 ||
        std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
        return Fail(Error::InvalidArgument("ファイル名が正しくありません", "file"));
    }
    // Refused now when it cannot be read, before it is kept.
    if (auto table = FirstTable(name, bytes); !table) return Fail(table.error());
    auto saved = store.Tenant(principal.Tenant())
                     ->Imports()
                     .SaveUpload(ImportUpload{.id = 0,
                                              .file_name = name,
                                              .sha256 = Sha256Hex(bytes),
                                              .content = std::string(bytes),
                                              .uploaded_by = principal.user.id,
                                              .uploaded_at = clock.Now()});
    if (!saved) return Fail(saved.error());
    return saved->id;
}

Result<ListTable> ReadListUpload(Store& store, const Principal& principal, std::int64_t upload_id) {
    auto upload = store.Tenant(principal.Tenant())->Imports().GetUpload(upload_id);
    if (!upload) return Fail(upload.error());
    auto table = FirstTable(upload->file_name, upload->content);
    if (!table) return Fail(table.error());
    ListTable out{.upload = std::move(*upload), .table = std::move(*table), .encoding = {}};
    out.encoding = out.table.encoding ? std::string(TextEncodingLabel(*out.table.encoding))
                                      : std::string(FileFormatLabel(out.table.format));
    return out;
}

Status RefuseWhileRowsHaveErrors(int rows_with_errors) {
    if (rows_with_errors == 0) return {};
    return Fail(Error::InvalidArgument(std::to_string(rows_with_errors) +
                                           "行に誤りがあります。ファイルを直してから取り込んでください（何も登録して"
                                           "いません）",
                                       "file"));
}

std::string TrimmedCell(std::string_view cell) {
    static constexpr std::string_view kIdeographicSpace = "\u3000";
    bool changed = true;
    while (changed) {
        changed = false;
        while (!cell.empty() &&
               (cell.front() == ' ' || cell.front() == '\t' || cell.front() == '\r' || cell.front() == '\n')) {
            cell.remove_prefix(1);
            changed = true;
        }
        while (!cell.empty() &&
               (cell.back() == ' ' || cell.back() == '\t' || cell.back() == '\r' || cell.back() == '\n')) {
            cell.remove_suffix(1);
            changed = true;
        }
        if (cell.starts_with(kIdeographicSpace)) {
            cell.remove_prefix(kIdeographicSpace.size());
            changed = true;
        }
        if (cell.ends_with(kIdeographicSpace)) {
            cell.remove_suffix(kIdeographicSpace.size());
            changed = true;
        }
    }
    return std::string(cell);
}

std::string CleanedCell(std::string_view cell) {
    std::string text = NormalizeNfkc(cell);
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

bool HeaderIs(std::string_view header, std::initializer_list<std::string_view> names) {
    const std::string cleaned = CleanedCell(header);
    return std::any_of(names.begin(), names.end(), [&](std::string_view name) { return cleaned == name; });
}

}  // namespace kasane::domain
