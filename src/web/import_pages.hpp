// SPDX-License-Identifier: Apache-2.0
#pragma once

// Moving in (issue 14, item 4; import_pages.cpp), for the municipality's administrator:
//   GET  /admin/import                 upload (assets/import.js sends each file to POST /api/v1/imports/uploads,
//                                      then opens the mapping screen)
//   GET  /admin/import/mapping?uploads=1,2       the tables of the files: which is the 相談受付簿 and which the
//                                      対応経過, each column's field (guessed from the header), the encoding found
//   POST /admin/import/dry-run         the dry run: counts, every problem (row, 相談No, column, reason), likely
//                                      duplicates, anonymous rows; and the confirmation form
//   POST /admin/import/confirm         the import; the result, or the dry run again with the error
// Each handler calls one use case of domain::ImportService. `imports` must outlive the router.

#include "domain/import_service.hpp"
#include "http/router.hpp"

namespace kasane::web {

void AddImportPages(http::Router& router, domain::ImportService& imports);

}  // namespace kasane::web
