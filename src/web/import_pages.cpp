// SPDX-License-Identifier: Apache-2.0
#include "web/import_pages.hpp"

#include <nlohmann/json.hpp>

#include "http/api/import_json.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

// The form of the mapping screen: per table t<i>: t<i>_upload, t<i>_table (hidden), t<i>_kind (consultations,
// contacts or skip) and t<i>_col<j> (a field code per column); source_key; and, when confirming, exclude_<line>.
Result<domain::ImportRequest> RequestFromForm(const FormFields& fields) {
    domain::ImportRequest request;
    request.source_key = Trim(FieldOf(fields, "source_key"));
    bool has_consultations = false;
    for (int i = 0; i < 50; ++i) {
        const std::string prefix = "t" + std::to_string(i) + "_";
        if (!fields.contains(prefix + "upload")) break;
        const auto kind = domain::ParseImportTableKind(FieldOf(fields, prefix + "kind"));
        if (!kind) continue;
        const auto upload = ParseId(FieldOf(fields, prefix + "upload"));
        if (!upload) return Fail(Error::InvalidArgument("取り込むファイルが正しくありません", "upload"));
        domain::ImportSource source{.upload_id = domain::ImportUploadId(*upload),
                                    .table_name = FieldOf(fields, prefix + "table"),
                                    .mapping = {.kind = *kind, .columns = {}}};
        for (int j = 0;; ++j) {
            const std::string name = prefix + "col" + std::to_string(j);
            if (!fields.contains(name)) break;
            const auto field = domain::ParseImportField(FieldOf(fields, name));
            if (!field) return Fail(Error::InvalidArgument("列の対応づけが正しくありません", "mapping"));
            source.mapping.columns.push_back(*field);
        }
        if (*kind == domain::ImportTableKind::kConsultations) {
            if (has_consultations) {
                return Fail(Error::InvalidArgument("相談受付簿にする表は1つだけ選んでください", "mapping"));
            }
            request.consultations = std::move(source);
            has_consultations = true;
        } else {
            if (request.contacts)
                return Fail(Error::InvalidArgument("対応経過にする表は1つだけ選んでください", "mapping"));
            request.contacts = std::move(source);
        }
    }
    if (!has_consultations) return Fail(Error::InvalidArgument("相談受付簿にする表を選んでください", "mapping"));
    for (const auto& [name, value] : fields) {
        if (!name.starts_with("exclude_") || value.empty()) continue;
        if (auto line = ParseId(std::string_view(name).substr(8)); line) request.excluded_lines.push_back(int(*line));
    }
    return request;
}

// The mapping screen's tables, from the uploads, with the selections of `request` when given (else the guesses).
Result<json> MappingTables(domain::ImportService& imports, const domain::Actor& actor,
                           const std::vector<domain::ImportUploadId>& uploads, const domain::ImportRequest* request) {
    json tables = json::array();
    json files = json::array();
    for (domain::ImportUploadId id : uploads) {
        auto file = imports.Read(actor, id);
        if (!file) return Fail(file.error());
        files.push_back({{"id", file->upload.id},
                         {"file_name", file->upload.file_name},
                         {"sha256", file->upload.sha256},
                         {"format_label", domain::FileFormatLabel(file->format)}});
        for (const domain::UploadedTable& uploaded : file->tables) {
            const std::size_t index = tables.size();
            domain::ImportTableKind kind = uploaded.guessed_kind;
            domain::ColumnMapping mapping = uploaded.guessed_mapping;
            bool skipped = false;
            if (request != nullptr) {
                skipped = true;
                for (const domain::ImportSource* source :
                     {&request->consultations, request->contacts ? &*request->contacts : nullptr}) {
                    if (source != nullptr && source->upload_id == id && source->table_name == uploaded.table.name) {
                        kind = source->mapping.kind;
                        mapping = source->mapping;
                        skipped = false;
                    }
                }
            }
            json kinds = json::array();
            for (auto [code, label] : {std::pair<std::string_view, std::string_view>{"consultations", "相談受付簿"},
                                       {"contacts", "対応経過"},
                                       {"skip", "取り込まない"}}) {
                const bool selected = skipped ? code == "skip" : code == domain::ImportTableKindCode(kind);
                kinds.push_back({{"code", code}, {"label", label}, {"selected", selected}});
            }
            json columns = json::array();
            for (std::size_t j = 0; j < uploaded.table.header.size(); ++j) {
                json choices = json::array();
                const domain::ImportField chosen =
                    j < mapping.columns.size() ? mapping.columns[j] : domain::ImportField::kIgnore;
                for (domain::ImportField field : domain::FieldsOf(kind)) {
                    choices.push_back({{"code", domain::ImportFieldCode(field)},
                                       {"label", domain::ImportFieldLabel(field)},
                                       {"selected", field == chosen}});
                }
                std::string sample;
                if (!uploaded.table.rows.empty() && j < uploaded.table.rows.front().cells.size()) {
                    sample = uploaded.table.rows.front().cells[j];
                }
                columns.push_back({{"index", j},
                                   {"name", "t" + std::to_string(index) + "_col" + std::to_string(j)},
                                   {"header", uploaded.table.header[j]},
                                   {"sample", sample},
                                   {"choices", std::move(choices)}});
            }
            json table = {{"index", index},
                          {"prefix", "t" + std::to_string(index) + "_"},
                          {"upload_id", id},
                          {"file_name", file->upload.file_name},
                          {"name", uploaded.table.name},
                          {"format_label", domain::FileFormatLabel(file->format)},
                          {"header_line", uploaded.table.header_line},
                          {"rows", uploaded.table.rows.size()},
                          {"kinds", std::move(kinds)},
                          {"columns", std::move(columns)}};
            if (uploaded.table.encoding) table["encoding_label"] = domain::TextEncodingLabel(*uploaded.table.encoding);
            tables.push_back(std::move(table));
        }
    }
    return json{{"tables", std::move(tables)}, {"files", std::move(files)}};
}

std::vector<domain::ImportUploadId> UploadsOf(const domain::ImportRequest& request) {
    std::vector<domain::ImportUploadId> uploads{request.consultations.upload_id};
    if (request.contacts && request.contacts->upload_id != request.consultations.upload_id) {
        uploads.push_back(request.contacts->upload_id);
    }
    return uploads;
}

http::Response ShowUpload(domain::ImportService& imports, const http::Request& request) {
    if (!domain::ImportService::MayImport(ActorOf(request).principal)) {
        return RenderErrorPage(request, Error::PermissionDenied("取り込みは市町村管理者が行います"));
    }
    (void)imports;
    return RenderPage(request, "相談記録の取り込み", "import",
                      {{"max_megabytes", domain::ImportService::kMaxFileBytes / (1024 * 1024)}});
}

http::Response ShowMapping(domain::ImportService& imports, const http::Request& request) {
    std::vector<domain::ImportUploadId> uploads;
    const std::string list = request.QueryParam("uploads").value_or("");
    for (std::size_t start = 0; start < list.size();) {
        std::size_t end = list.find(',', start);
        if (end == std::string::npos) end = list.size();
        auto id = ParseId(std::string_view(list).substr(start, end - start));
        if (!id || uploads.size() >= 5)
            return RenderErrorPage(request, Error::NotFound("取り込みファイルが見つかりません"));
        uploads.push_back(domain::ImportUploadId(*id));
        start = end + 1;
    }
    if (uploads.empty()) return RenderErrorPage(request, Error::NotFound("取り込みファイルが見つかりません"));
    auto tables = MappingTables(imports, ActorOf(request), uploads, nullptr);
    if (!tables) return RenderErrorPage(request, tables.error());
    json data = std::move(*tables);
    data["source_key"] = data["files"][0]["file_name"];
    return RenderPage(request, "取り込み: 列の対応づけ", "import_mapping", std::move(data));
}

// The dry-run report (and the mapping again), with `error` at the top when the confirmation failed.
http::Response ShowDryRun(domain::ImportService& imports, const http::Request& request,
                          const domain::ImportRequest& import_request, const std::optional<Error>& error) {
    const domain::Actor actor = ActorOf(request);
    auto tables = MappingTables(imports, actor, UploadsOf(import_request), &import_request);
    if (!tables) return RenderErrorPage(request, tables.error());
    json data = std::move(*tables);
    auto plan = imports.DryRun(actor, import_request);
    data["source_key"] = import_request.source_key.empty() ? data["files"][0]["file_name"].get<std::string>()
                                                           : import_request.source_key;
    if (!plan) {
        data["error"] = plan.error().message;
        return RenderPage(request, "取り込み: 列の対応づけ", "import_mapping", std::move(data), 400);
    }
    json report = http::api::ToJson(*plan);
    for (json& issue : report["issues"]) {
        issue["table_label"] = issue["table"] == "contacts" ? "対応経過" : "相談受付簿";
    }
    report["has_issues"] = !plan->parsed.issues.empty();
    report["has_duplicates"] = !plan->likely_duplicates.empty();
    report["nothing_to_do"] = plan->consultations_to_create == 0 && plan->contacts_to_create == 0;
    json excluded = json::array();
    for (int line : plan->parsed.excluded_lines)
        excluded.push_back({{"line", line}, {"name", "exclude_" + std::to_string(line)}});
    report["excluded"] = std::move(excluded);
    report["anonymous_count"] = plan->anonymous_lines.size();
    report["excluded_count"] = plan->parsed.excluded_lines.size();
    report["already_count"] = plan->already_imported.size();
    data["report"] = std::move(report);
    if (error) data["error"] = error->message;
    return RenderPage(request, "取り込み: 試行の結果", "import_mapping", std::move(data), error ? 400 : 200);
}

http::Response DryRun(domain::ImportService& imports, const http::Request& request) {
    auto import_request = RequestFromForm(request.FormFields());
    if (!import_request) return RenderErrorPage(request, import_request.error());
    return ShowDryRun(imports, request, *import_request, std::nullopt);
}

http::Response Confirm(domain::ImportService& imports, const http::Request& request) {
    auto import_request = RequestFromForm(request.FormFields());
    if (!import_request) return RenderErrorPage(request, import_request.error());
    auto result = imports.Confirm(ActorOf(request), *import_request);
    if (!result) {
        if (result.error().Is(ErrorCode::kInvalidArgument)) {
            return ShowDryRun(imports, request, *import_request, result.error());
        }
        return RenderErrorPage(request, result.error());
    }
    json data = http::api::ToJson(*result);
    data["excluded_count"] = result->plan.parsed.excluded_lines.size();
    data["duplicate_count"] = result->plan.likely_duplicates.size();
    return RenderPage(request, "取り込み: 完了", "import_result", std::move(data), 201);
}

}  // namespace

void AddImportPages(http::Router& router, domain::ImportService& imports) {
    const auto add = [&](std::string method, std::string pattern,
                         http::Response (*handler)(domain::ImportService&, const http::Request&)) {
        router.Add({.method = std::move(method),
                    .pattern = std::move(pattern),
                    .access = http::Access::kSignedIn,
                    .surface = http::Surface::kPage,
                    .handler = [&imports, handler](http::Request& request) { return handler(imports, request); }});
    };
    add("GET", "/admin/import", ShowUpload);
    add("GET", "/admin/import/mapping", ShowMapping);
    add("POST", "/admin/import/dry-run", DryRun);
    add("POST", "/admin/import/confirm", Confirm);
}

}  // namespace kasane::web
