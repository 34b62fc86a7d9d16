// SPDX-License-Identifier: Apache-2.0
#pragma once

// 相談受付簿 as a file, for the direct export (ConsultationService::ExportBook) and the background one
// (export_job.hpp): the names its cells show, its heading and lines, its file name, and the book read in keyset
// pages (never by OFFSET, never all at once) with its rows counted first.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/consultation_book.hpp"
#include "domain/xlsx_writer.hpp"

namespace kasane::domain {

class Store;
class TenantStore;

// The names a book file's cells show, read once per file: windows, workers, the categories and the town's 分野.
struct BookNames {
    std::map<OrganizationId, std::string> windows;
    std::map<UserId, std::string> workers;
    std::map<CategoryId, WorryCategory> categories;
    FieldLabels field_labels;
};
// Read from the municipality's lists; a list that cannot be read fails the file rather than leaving cells blank.
// The categories are seeded with the defaults when the town has none yet (as ConsultationService::Categories).
Result<BookNames> ReadBookNames(Store& store, MunicipalityId tenant);

// The column names, the CSV heading and one row (UTF-8 text; csv::Encode makes the file).
std::vector<std::string> BookHeadingCells();
std::string BookCsvHeading();
std::vector<std::string> BookCells(const BookRow& row, const BookNames& names);
std::string BookCsvLine(const BookRow& row, const BookNames& names);
// The book as an XLSX sheet 「受付簿」: a title naming the period in 和暦
// (「相談受付簿（令和6年5月1日～令和6年5月31日）」) and the column names, frozen; and a row, the cells of BookCells
// with 対応回数 a number (the 受付番号 stays text: an id is not summed).
XlsxSheetHead BookXlsxHead(const BookFilter& filter);
std::vector<XlsxCell> BookXlsxRow(const BookRow& row, const BookNames& names);
// soudan-uketsukebo-2024-04-01-2024-04-30 + extension (".csv", "-sjis.csv", ".xlsx").
std::string BookFileName(const BookFilter& filter, std::string_view extension);

// ParseBookFilter of a query string as BookQueryString writes it ("from=2024-04-01&status=any": plain codes,
// numbers and ISO dates; nothing percent-encoded), for a filter stored or carried in one field.
Result<BookFilter> ParseBookQueryString(std::string_view query, Date today, UserId me);

// The storage query of a scope and filter: dates as the instants of Japan's days, the category and 分野 as the
// category ids to match (an empty list: a 分野 with no category, nothing matches).
Result<BookQuery> BookQueryOf(const BookScope& scope, const BookFilter& filter,
                              const std::vector<WorryCategory>& categories);

// Keyset paging: the row after which a page starts, in the book's order (received_at, id descending).
struct BookCursor {
    Instant received_at{};
    ConsultationId id{};
};
// The port that reads the book in keyset pages (storage: the same query as ConsultationRepository::Book).
class BookPages {
public:
    virtual ~BookPages() = default;
    // At most query.limit rows after `after` (from the first when unset); query.offset is ignored.
    virtual Result<std::vector<BookRow>> Page(const BookQuery& query, std::optional<BookCursor> after) = 0;
    // Every row of the query, counted (limit and offset ignored).
    virtual Result<long long> Count(const BookQuery& query) = 0;
};
using BookPagesOf = std::function<std::unique_ptr<BookPages>(TenantStore&)>;

// The whole book of a scope and filter, page by page of `chunk_rows`, each page given to `chunk` (its error stops
// the read); and its row count. For the background export, which runs without a request.
Status StreamBook(Store& store, const BookPagesOf& pages, MunicipalityId tenant, const BookScope& scope,
                  const BookFilter& filter, int chunk_rows,
                  const std::function<Status(const std::vector<BookRow>&)>& chunk);
Result<long long> CountBook(Store& store, const BookPagesOf& pages, MunicipalityId tenant, const BookScope& scope,
                            const BookFilter& filter);

}  // namespace kasane::domain
