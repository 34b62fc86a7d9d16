// SPDX-License-Identifier: Apache-2.0
// 出力ファイル (issue 17, item 4). Each handler parses, calls one use case and maps its Result.

#include "http/api/exports.hpp"

#include <string>
#include <utility>

#include "base/csv.hpp"
#include "base/japan_time.hpp"
#include "base/json.hpp"
#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"

namespace kasane::http::api {

namespace {

using domain::ExportJob;

Json JobJson(const ExportJob& job) {
    Json json{{"id", job.id},
              {"kind", domain::ExportJobKindCode(job.kind)},
              {"kind_label", domain::ExportJobKindLabel(job.kind)},
              {"filter", job.filter},
              {"format", domain::ExportFormatCode(job.format)},
              {"format_label", domain::ExportFormatLabel(job.format)},
              {"status", domain::ExportJobStatusCode(job.status)},
              {"status_label", domain::ExportJobStatusLabel(job.status)},
              {"rows_done", job.rows_done},
              {"rows_total", job.rows_total},
              {"file_name", job.file_name},
              {"error", job.error},
              {"substituted", job.substituted},
              {"created_at", FormatIso8601(job.created_at)},
              {"finished_at", job.finished_at ? Json(FormatIso8601(*job.finished_at)) : Json(nullptr)}};
    if (job.status == domain::ExportJobStatus::kDone) {
        json["file_url"] = "/api/v1/exports/" + std::to_string(job.id) + "/file";
    }
    return json;
}

Json JobSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"kind", EnumSchema({"consultation_book"})},
                           {"kind_label", schema::String()},
                           {"filter", schema::String()},
                           {"format", EnumSchema({"csv-utf-8", "csv-windows-31j", "xlsx"})},
                           {"format_label", schema::String()},
                           {"status", EnumSchema({"queued", "running", "done", "failed", "expired"})},
                           {"status_label", schema::String()},
                           {"rows_done", schema::Integer()},
                           {"rows_total", schema::Integer()},
                           {"file_name", schema::String()},
                           {"error", schema::String()},
                           {"substituted", schema::Integer()},
                           {"created_at", schema::String()},
                           {"finished_at", NullableString()},
                           {"file_url", schema::String()}},
                          {"id", "kind", "format", "status", "rows_done", "rows_total", "file_name", "created_at"});
}

// The body's text (or number) of a field, "" when absent.
std::string FieldText(const Json& body, std::string_view name) {
    const auto found = body.find(std::string(name));
    if (found == body.end() || found->is_null()) return {};
    if (found->is_string()) return found->get<std::string>();
    if (found->is_number_integer()) return std::to_string(found->get<std::int64_t>());
    return "\x01";  // anything else: refused by the filter's parser as malformed
}

// format "csv" (with encoding utf-8 or windows-31j) or "xlsx".
Result<domain::ExportFormat> FormatOf(const Json& body) {
    const std::string format = FieldText(body, "format");
    if (format == "xlsx") return domain::ExportFormat::kXlsx;
    if (!format.empty() && format != "csv") {
        return Fail(Error::InvalidArgument("format は csv か xlsx です", "format"));
    }
    const std::string encoding_code = FieldText(body, "encoding");
    if (encoding_code.empty()) return domain::ExportFormat::kCsvUtf8;
    const auto encoding = csv::ParseEncoding(encoding_code);
    if (!encoding) return Fail(Error::InvalidArgument("encoding は utf-8 か windows-31j です", "encoding"));
    return *encoding == csv::Encoding::kWindows31j ? domain::ExportFormat::kCsvWindows31j
                                                   : domain::ExportFormat::kCsvUtf8;
}

Response Create(domain::ExportJobService& exports, const Clock& clock, const std::function<void()>& queued,
                Request& request) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    if (const std::string kind = FieldText(*body, "kind"); !kind.empty() && !domain::ParseExportJobKind(kind)) {
        return Response::ErrorJson(Error::InvalidArgument("kind は consultation_book です", "kind"));
    }
    auto format = FormatOf(*body);
    if (!format) return Response::ErrorJson(format.error());
    const domain::Actor actor = ActorOf(request);
    auto filter = domain::ParseBookFilter([&](std::string_view name) { return FieldText(*body, name); },
                                          TodayInJapan(clock), actor.principal.user.id);
    if (!filter) return Response::ErrorJson(filter.error());
    auto job = exports.Request(actor, *filter, *format);
    if (!job) return Response::ErrorJson(job.error());
    if (queued) queued();
    return Response::Json(202, JobJson(*job));
}

}  // namespace

void AddExportRoutes(Router& router, domain::ExportJobService& exports, const Clock& clock,
                     std::function<void()> queued) {
    AddSignedInRoute(
        router, "POST", "/api/v1/exports",
        [&exports, &clock, queued = std::move(queued)](Request& request) {
            return Create(exports, clock, queued, request);
        },
        {.summary = "Queues a background export of the 相談受付簿 (kind consultation_book; format csv with encoding "
                    "utf-8 or windows-31j, or xlsx: sheets 受付簿, 受付簿 (2) … of at most 1,048,576 rows each, a "
                    "和暦 title and the column names frozen at the top of each; the book's filter fields window, "
                    "from, to, status, worker, source, category, field, preset). Needs the book and the export "
                    "right; the request is audited. 429 when the caller already has 5 jobs queued or running. "
                    "Answers 202 with the job; poll GET /api/v1/exports/{id} until status is done. A done job's "
                    "file is kept 7 days, then deleted and the job marked expired",
         .tag = "exports",
         .request_body = schema::Object({{"kind", EnumSchema({"consultation_book"})},
                                         {"format", EnumSchema({"csv", "xlsx"})},
                                         {"encoding", EnumSchema({"utf-8", "windows-31j"})},
                                         {"window", schema::Integer()},
                                         {"from", schema::String()},
                                         {"to", schema::String()},
                                         {"status", EnumSchema({"any", "open", "done"})},
                                         {"worker", schema::Integer()},
                                         {"source", schema::String()},
                                         {"category", schema::Integer()},
                                         {"field", schema::String()},
                                         {"preset", EnumSchema({"today", "mine"})}},
                                        {}),
         .response_body = JobSchema(),
         .success_status = 202});

    AddSignedInRoute(router, "GET", "/api/v1/exports",
                     [&exports](Request& request) {
                         auto jobs = exports.Jobs(ActorOf(request));
                         if (!jobs) return Response::ErrorJson(jobs.error());
                         Json items = Json::array();
                         for (const ExportJob& job : *jobs) items.push_back(JobJson(job));
                         return Response::Json(200, Json{{"items", std::move(items)}});
                     },
                     {.summary = "The caller's background exports, newest first (at most 100)",
                      .tag = "exports",
                      .response_body = schema::Items(JobSchema())});

    AddSignedInRoute(router, "GET", "/api/v1/exports/{id}", ById([&exports](Request& request, std::int64_t id) {
                         auto job = exports.Job(ActorOf(request), domain::ExportJobId{id});
                         if (!job) return Response::ErrorJson(job.error());
                         return Response::Json(200, JobJson(*job));
                     }),
                     {.summary = "One of the caller's background exports, with its progress (rows_done of "
                                 "rows_total); another user's is 404",
                      .tag = "exports",
                      .response_body = JobSchema()});

    AddSignedInRoute(
        router, "GET", "/api/v1/exports/{id}/file", ById([&exports](Request& request, std::int64_t id) {
            auto download = exports.Download(ActorOf(request), domain::ExportJobId{id});
            if (!download) return Response::ErrorJson(download.error());
            // Sent from disk by the server (server.cpp) in chunks, never read into memory here.
            Response response{.status = 200, .headers = {}, .body = {}, .file = download->path};
            response.SetHeader("Content-Type", download->content_type);
            response.SetHeader("Content-Disposition", "attachment; filename=\"" + download->file_name + "\"");
            response.SetHeader("Cache-Control", "no-store");
            response.SetHeader("X-Kasane-Rows", std::to_string(download->rows));
            return response;
        }),
        {.summary = "The finished file of one of the caller's background exports, streamed from disk; the book and "
                    "the export right are checked again and the download is audited as an export with its row "
                    "count. 409 while it is not done; 404 with a message saying so once the file was deleted "
                    "after 7 days (status expired)",
         .tag = "exports",
         .response_body = schema::String(),
         .response_media_type = "text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"});
}

}  // namespace kasane::http::api
