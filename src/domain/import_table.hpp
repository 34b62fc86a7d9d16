// SPDX-License-Identifier: Apache-2.0
#pragma once

// Moving in (issue 14, item 4): the tables of a town's old spreadsheets, read from the file as it was saved.
//
// A CSV file is read as UTF-8 when it starts with a byte order mark or is valid UTF-8 throughout, else as Windows-31J
// (CP932, what Japanese Excel calls Shift_JIS, with NEC and IBM extensions such as 髙 and 﨑) through ICU; the
// encoding found is part of the result, so that the screen shows it. An XLSX file (a zip archive of XML parts,
// ECMA-376) is opened with libzip and its workbook, relationships, shared strings, styles and sheets are parsed
// with expat: each sheet is one table. Nothing here knows what the columns mean (import_mapping.hpp does).
//
// Sheets often carry a title row above the header (「令和5年度 相談受付簿」): the header is the first row that fills at
// least half as many cells as the fullest row of the first rows.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace kasane::domain {

enum class TextEncoding { kUtf8, kUtf8WithBom, kWindows31j };
std::string_view TextEncodingCode(TextEncoding encoding);   // "utf-8", "utf-8-bom", "windows-31j"
std::string_view TextEncodingLabel(TextEncoding encoding);  // UTF-8 / UTF-8（BOM付き） / Shift_JIS（Windows-31J）

enum class FileFormat { kCsv, kXlsx };
std::string_view FileFormatLabel(FileFormat format);  // "CSV", "Excel（XLSX）"

// One row of a table below its header: `line` is the row's number in the file or sheet as the person sees it
// (1 = the first line), so that an error names the row they will look at.
struct TableRow {
    int line = 0;
    std::vector<std::string> cells;  // UTF-8, as written (not normalised); as many as the header has
};

struct Table {
    std::string name;  // the sheet's name, or the file's name for a CSV file
    FileFormat format = FileFormat::kCsv;
    std::optional<TextEncoding> encoding;  // CSV only
    int header_line = 0;
    std::vector<std::string> header;
    std::vector<TableRow> rows;  // rows that are empty in every cell are left out
};

// Limits on what one file may hold, checked while reading (a zip bomb or 60,000 rows of garbage is refused with
// a message, never read into memory whole).
struct TableLimits {
    std::size_t max_rows = 100'000;
    std::size_t max_columns = 200;
    std::size_t max_part_bytes = 64 * 1024 * 1024;  // one XML part of an XLSX, uncompressed
};

// The format of a file from its first bytes: a zip archive ("PK\3\4") is XLSX, anything else CSV.
FileFormat DetectFileFormat(std::string_view bytes);

// Text of a CSV file as UTF-8, with the encoding found. kInvalidArgument (Japanese) when it is neither UTF-8 nor
// Windows-31J.
struct DecodedText {
    std::string text;
    TextEncoding encoding = TextEncoding::kUtf8;
};
Result<DecodedText> DecodeText(std::string_view bytes);

// RFC 4180 records of UTF-8 text: commas, double-quoted fields with "" inside and line breaks, CRLF or LF lines.
// kInvalidArgument naming the line of an unterminated quote.
Result<std::vector<std::vector<std::string>>> ParseCsvRecords(std::string_view text, const TableLimits& limits = {});

// The tables of a file: one for a CSV file (named `file_name`), one per sheet for an XLSX file, in sheet order.
// kInvalidArgument with a Japanese message for a file that cannot be read (bad encoding, a broken archive, no
// header row, too many rows).
Result<std::vector<Table>> ReadTables(std::string_view file_name, std::string_view bytes,
                                      const TableLimits& limits = {});

// The header row of records as above, from the first rows; nullopt when every row is empty.
std::optional<std::size_t> FindHeaderRow(const std::vector<std::vector<std::string>>& records);

}  // namespace kasane::domain
