// SPDX-License-Identifier: Apache-2.0
#include "http/api/file_response.hpp"

#include <utility>

#include "http/api/common.hpp"

namespace kasane::http::api {

Result<csv::Encoding> CsvEncodingParam(const Request& request) {
    const auto encoding = csv::ParseEncoding(request.QueryParam("encoding").value_or("utf-8"));
    if (!encoding) {
        return Fail(Error::InvalidArgument("encoding は utf-8 か windows-31j を指定してください", "encoding"));
    }
    return *encoding;
}

Result<domain::ReportFormat> CsvFormatParam(const Request& request) {
    auto encoding = CsvEncodingParam(request);
    if (!encoding) return Fail(encoding.error());
    return *encoding == csv::Encoding::kUtf8 ? domain::ReportFormat::kCsvUtf8 : domain::ReportFormat::kCsvWindows31j;
}

Response AttachmentResponse(Attachment file) {
    Response response = Response::Text(200, std::move(file.bytes), std::string(file.content_type));
    response.SetHeader("Content-Disposition", "attachment; filename=\"" + std::string(file.file_name) + "\"");
    response.SetHeader("Cache-Control", "no-store");
    response.SetHeader("X-Kasane-Rows", std::to_string(file.rows));
    response.SetHeader("X-Kasane-Substituted-Characters", std::to_string(file.substituted));
    return response;
}

Response AttachmentResponse(domain::ReportExport file) {
    return AttachmentResponse(Attachment{.bytes = std::move(file.bytes),
                                         .content_type = file.content_type,
                                         .file_name = file.file_name,
                                         .rows = file.rows,
                                         .substituted = file.substituted});
}

void AddFileRoute(Router& router, std::string pattern, Handler handler, std::string summary, std::string tag,
                  FileKind kind) {
    AddSignedInRoute(router, "GET", std::move(pattern), std::move(handler),
                     {.summary = std::move(summary),
                      .tag = std::move(tag),
                      .response_body = schema::String(),
                      .response_media_type = kind == FileKind::kXlsx
                                                 ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                                 : "text/csv"});
}

}  // namespace kasane::http::api
