// SPDX-License-Identifier: Apache-2.0
#pragma once

// The town's lists of masters — 自治会 and other areas, organisations — brought in from a file (issue 14, items 2
// and 4): CSV in UTF-8 or Shift_JIS, or XLSX (its first sheet), read by the import's table readers
// (import_table.hpp) and kept as the import's uploads between the dry run and the confirmation. What the lists share
// lives here once; what a row means is each master's own (area_administration.cpp, organization_administration.cpp).

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/auth.hpp"
#include "domain/import_repositories.hpp"
#include "domain/import_table.hpp"
#include "domain/repositories.hpp"

namespace kasane::domain {

// The most rows a master list may have.
inline constexpr std::size_t kMaxListRows = 10'000;

// Keeps a list for the dry run: kPayloadTooLarge (field "file") over `max_bytes`, refused before it is read;
// kInvalidArgument (field "file") for no bytes, a bad file name, or a file that cannot be read as a table. The
// upload's id. `default_name` names a file sent without one.
Result<std::int64_t> KeepListUpload(Store& store, const Clock& clock, const Principal& principal,
                                    std::string_view file_name, std::string_view bytes, std::size_t max_bytes,
                                    std::string_view default_name);

// A kept list read again: its first table, with the upload's name and hash. kInvalidArgument (field "file") when no
// table is found.
struct ListTable {
    ImportUpload upload;  // content as kept
    Table table;
    std::string encoding;  // as found (CSV), or the format (XLSX), for the screen
};
Result<ListTable> ReadListUpload(Store& store, const Principal& principal, std::int64_t upload_id);

// The import of a list is refused while any of its rows has an error (kInvalidArgument, field "file"): the file is
// fixed and read again, nothing written meanwhile.
Status RefuseWhileRowsHaveErrors(int rows_with_errors);

// The cell as typed (names are kept as written: （） stay full-width), without the spaces around it, ASCII or
// full-width (U+3000).
std::string TrimmedCell(std::string_view cell);
// A cell as compared: NFKC (full-width letters and digits folded) without the spaces around it.
std::string CleanedCell(std::string_view cell);
// Whether a header, cleaned, is one of `names`.
bool HeaderIs(std::string_view header, std::initializer_list<std::string_view> names);

}  // namespace kasane::domain
