// SPDX-License-Identifier: Apache-2.0
#include "storage/sql/rows_insert.hpp"

#include <algorithm>
#include <charconv>

namespace kasane::storage::sql_support {

namespace {

std::string Tuples(std::string_view head, std::size_t columns, std::size_t rows, std::string_view tail) {
    std::string text(head);
    std::size_t parameter = 1;
    for (std::size_t row = 0; row < rows; ++row) {
        text += row == 0 ? "(" : ", (";
        for (std::size_t column = 0; column < columns; ++column) {
            text += (column == 0 ? "$" : ", $") + std::to_string(parameter++);
        }
        text += ")";
    }
    text += tail;
    return text;
}

}  // namespace

RowsInsert::RowsInsert(std::string_view name, std::string_view head, std::size_t columns, std::string_view tail)
    : columns_(columns) {
    for (std::size_t i = 0; i < std::size(kRowsPerStatement); ++i) {
        statements_[i] = {.name = std::string(name) + "_" + std::to_string(kRowsPerStatement[i]),
                          .text = Tuples(head, columns, kRowsPerStatement[i], tail)};
    }
}

Status RowsInsert::Run(SqlConnection& connection, std::span<const SqlParam> row_major) const {
    if (columns_ == 0 || row_major.size() % columns_ != 0) {
        return Fail(Error::Internal("RowsInsert: " + statements_[0].name + " needs whole rows"));
    }
    std::size_t at = 0;
    for (std::size_t i = 0; i < std::size(kRowsPerStatement); ++i) {
        const SqlStatement statement{statements_[i].name.c_str(), statements_[i].text.c_str()};
        const std::size_t chunk = columns_ * kRowsPerStatement[i];
        for (; row_major.size() - at >= chunk; at += chunk) {
            if (auto done = connection.Execute(statement, row_major.subspan(at, chunk)); !done) {
                return Fail(done.error());
            }
        }
    }
    return {};
}

Result<std::vector<std::int64_t>> RowsInsert::RunReturningIds(SqlConnection& connection,
                                                              std::span<const SqlParam> row_major) const {
    if (columns_ == 0 || row_major.size() % columns_ != 0) {
        return Fail(Error::Internal("RowsInsert: " + statements_[0].name + " needs whole rows"));
    }
    std::vector<std::int64_t> ids;
    ids.reserve(row_major.size() / columns_);
    std::size_t at = 0;
    for (std::size_t i = 0; i < std::size(kRowsPerStatement); ++i) {
        const SqlStatement statement{statements_[i].name.c_str(), statements_[i].text.c_str()};
        const std::size_t chunk = columns_ * kRowsPerStatement[i];
        for (; row_major.size() - at >= chunk; at += chunk) {
            auto done = connection.Execute(statement, row_major.subspan(at, chunk));
            if (!done) return Fail(done.error());
            if (done->rows.size() != kRowsPerStatement[i]) {
                return Fail(Error::Internal("RowsInsert: " + statements_[i].name + " returned a wrong number of ids"));
            }
            const std::size_t first = ids.size();
            for (const auto& row : done->rows) {
                std::int64_t id = 0;
                const std::string& text = row.empty() || !row[0] ? std::string() : *row[0];
                const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
                if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
                    return Fail(Error::Internal("RowsInsert: " + statements_[i].name + " returned a bad id"));
                }
                ids.push_back(id);
            }
            std::sort(ids.begin() + static_cast<std::ptrdiff_t>(first), ids.end());
        }
    }
    return ids;
}

}  // namespace kasane::storage::sql_support
