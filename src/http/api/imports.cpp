// SPDX-License-Identifier: Apache-2.0
// Moving in (issue 14, item 4): upload a file, dry-run the import, confirm it. Each handler parses, calls one use
// case of domain::ImportService and maps its Result.
//
// The body's size is refused before it is read: the server's body limit (ServerOptions::body_limit, --body-limit-kib)
// answers 413 from the Content-Length alone; the use case also refuses a decoded file over
// ImportService::kMaxFileBytes.

#include <sodium.h>

#include "http/api/common.hpp"
#include "http/api/import_json.hpp"
#include "http/api/imports.hpp"

namespace kasane::http::api {

Result<std::string> DecodeBase64(const Json& value) {
    if (!value.is_string())
        return Fail(Error::InvalidArgument("ファイルの内容（content_base64）を指定してください", "content_base64"));
    const std::string& text = value.get_ref<const std::string&>();
    std::string bytes(text.size() / 4 * 3 + 3, '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(), text.size(),
                          "\r\n", &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
        return Fail(Error::InvalidArgument("ファイルの内容が base64 として正しくありません", "content_base64"));
    }
    bytes.resize(length);
    return bytes;
}

Result<ListFile> ListFileOf(Request& request) {
    auto body = JsonBody(request);
    if (!body) return Fail(body.error());
    ListFile out;
    if (auto name = OptionalString(*body, "file_name", 200); !name) {
        return Fail(name.error());
    } else {
        out.file_name = name->value_or("");
    }
    auto bytes = DecodeBase64(body->contains("content_base64") ? (*body)["content_base64"] : Json());
    if (!bytes) return Fail(bytes.error());
    out.bytes = std::move(*bytes);
    return out;
}

Json ListUploadInput() {
    return schema::Object({{"file_name", schema::String()}, {"content_base64", schema::String()}}, {"content_base64"});
}

namespace {

Response Upload(domain::ImportService& imports, Request& request) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    std::string file_name;
    if (body->contains("file_name") && (*body)["file_name"].is_string())
        file_name = (*body)["file_name"].get<std::string>();
    auto bytes = DecodeBase64(body->contains("content_base64") ? (*body)["content_base64"] : Json());
    if (!bytes) return Response::ErrorJson(bytes.error());
    auto uploaded = imports.Upload(ActorOf(request), file_name, *bytes);
    if (!uploaded) return Response::ErrorJson(uploaded.error());
    return Response::Json(201, ToJson(*uploaded));
}

Response DryRun(domain::ImportService& imports, Request& request) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto parsed = ImportRequestFromJson(*body);
    if (!parsed) return Response::ErrorJson(parsed.error());
    auto plan = imports.DryRun(ActorOf(request), *parsed);
    if (!plan) return Response::ErrorJson(plan.error());
    return Response::Json(200, ToJson(*plan));
}

Response Confirm(domain::ImportService& imports, Request& request) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto parsed = ImportRequestFromJson(*body);
    if (!parsed) return Response::ErrorJson(parsed.error());
    auto result = imports.Confirm(ActorOf(request), *parsed);
    if (!result) return Response::ErrorJson(result.error());
    return Response::Json(201, ToJson(*result));
}

}  // namespace

void AddImportRoutes(Router& router, domain::ImportService& imports) {
    AddSignedInRoute(router, "POST", "/api/v1/imports/uploads",
                     [&imports](Request& request) { return Upload(imports, request); },
                     {.summary = "Upload a CSV (UTF-8 or Shift_JIS, detected) or XLSX file to import, as "
                                 "{file_name, content_base64}: its tables with the header and the mapping guessed",
                      .tag = "imports",
                      .request_body = schema::Object(
                          {{"file_name", schema::String()}, {"content_base64", schema::String()}}, {"content_base64"}),
                      .response_body = schema::ImportUpload(),
                      .success_status = 201});
    AddSignedInRoute(router, "GET", "/api/v1/imports/uploads/{id}", ById([&imports](Request& request, std::int64_t id) {
                         auto file = imports.Read(ActorOf(request), domain::ImportUploadId(id));
                         if (!file) return Response::ErrorJson(file.error());
                         return Response::Json(200, ToJson(*file));
                     }),
                     {.summary = "An uploaded file read again: its tables and guessed mappings",
                      .tag = "imports",
                      .response_body = schema::ImportUpload()});
    AddSignedInRoute(router, "POST", "/api/v1/imports/dry-run",
                     [&imports](Request& request) { return DryRun(imports, request); },
                     {.summary = "What an import would do, writing nothing: every row's problem (line, 相談No, "
                                 "column, reason), likely duplicates, rows imported before, counts",
                      .tag = "imports",
                      .request_body = schema::ImportRequest(),
                      .response_body = schema::ImportPlan()});
    AddSignedInRoute(router, "POST", "/api/v1/imports",
                     [&imports](Request& request) { return Confirm(imports, request); },
                     {.summary = "Imports the valid rows in one transaction once excluded_lines names exactly the "
                                 "rows with problems; audited with each file's SHA-256",
                      .tag = "imports",
                      .request_body = schema::ImportRequest(),
                      .response_body = schema::ImportResult(),
                      .success_status = 201});
}

}  // namespace kasane::http::api
