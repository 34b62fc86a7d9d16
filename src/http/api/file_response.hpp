// SPDX-License-Identifier: Apache-2.0
#pragma once

// Files the API hands out (reports, the 相談受付簿, the 民生委員 totals): the CSV encoding asked for, and the file as
// an attachment. One home for the parameter's error and the headers every export carries.

#include <string>
#include <string_view>

#include "base/csv.hpp"
#include "base/result.hpp"
#include "domain/report_file.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

// ?encoding= of a CSV export: utf-8 (with BOM) when absent, or windows-31j (and its other names, base/csv.hpp);
// anything else kInvalidArgument naming the field.
Result<csv::Encoding> CsvEncodingParam(const Request& request);
// The same as a report's format.
Result<domain::ReportFormat> CsvFormatParam(const Request& request);

struct Attachment {
    std::string bytes;
    std::string_view content_type;
    std::string_view file_name;
    long long rows = 0;
    int substituted = 0;  // characters Windows-31J could not hold, written as 〓 (base/csv.hpp)
};
// 200 with the file as an attachment nobody caches; X-Kasane-Rows and X-Kasane-Substituted-Characters tell the
// reader how many rows it holds and how many characters became 〓.
Response AttachmentResponse(Attachment file);
// A report file (domain/report_file.hpp) as such a response.
Response AttachmentResponse(domain::ReportExport file);

// The kind of file a route answers; the OpenAPI document names its media type.
enum class FileKind { kCsv, kXlsx };
// A signed-in GET route of the API whose answer is a file of `kind`, documented under `tag`.
void AddFileRoute(Router& router, std::string pattern, Handler handler, std::string summary, std::string tag,
                  FileKind kind);

}  // namespace kasane::http::api
