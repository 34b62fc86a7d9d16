// SPDX-License-Identifier: Apache-2.0
#include "http/api/import_json.hpp"

#include "http/api/common.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

using nlohmann::json;

json ToJson(const domain::UploadedFile& file) {
    json tables = json::array();
    for (const domain::UploadedTable& uploaded : file.tables) {
        const domain::Table& table = uploaded.table;
        json mapping = json::array();
        for (domain::ImportField field : uploaded.guessed_mapping.columns)
            mapping.push_back(domain::ImportFieldCode(field));
        json entry = {{"name", table.name},
                      {"header_line", table.header_line},
                      {"header", table.header},
                      {"rows", table.rows.size()},
                      {"guessed_kind", domain::ImportTableKindCode(uploaded.guessed_kind)},
                      {"guessed_mapping", std::move(mapping)}};
        if (table.encoding) {
            entry["encoding"] = domain::TextEncodingCode(*table.encoding);
            entry["encoding_label"] = domain::TextEncodingLabel(*table.encoding);
        }
        tables.push_back(std::move(entry));
    }
    return {{"id", file.upload.id},
            {"file_name", file.upload.file_name},
            {"sha256", file.upload.sha256},
            {"format", file.format == domain::FileFormat::kXlsx ? "xlsx" : "csv"},
            {"format_label", domain::FileFormatLabel(file.format)},
            {"tables", std::move(tables)}};
}

json ToJson(const domain::ImportIssue& issue) {
    return {{"table", domain::ImportTableKindCode(issue.table)}, {"line", issue.line},     {"number", issue.number},
            {"field", domain::ImportFieldCode(issue.field)},     {"column", issue.column}, {"message", issue.message}};
}

json ToJson(const domain::LikelyDuplicate& duplicate) {
    json out = {{"line", duplicate.line},
                {"number", duplicate.number},
                {"name", duplicate.name},
                {"other_line", duplicate.other_line},
                {"other_number", duplicate.other_number},
                {"other_name", duplicate.other_name},
                {"reason", duplicate.reason}};
    if (duplicate.existing_person_id)
        out["existing_person_id"] = static_cast<std::int64_t>(*duplicate.existing_person_id);
    return out;
}

json ToJson(const domain::ImportPlan& plan) {
    json files = json::array();
    for (const domain::UploadedFile& file : plan.files) files.push_back(ToJson(file));
    json issues = json::array();
    for (const domain::ImportIssue& issue : plan.parsed.issues) issues.push_back(ToJson(issue));
    json duplicates = json::array();
    for (const domain::LikelyDuplicate& duplicate : plan.likely_duplicates) duplicates.push_back(ToJson(duplicate));
    return {{"source_key", plan.source_key},
            {"files", std::move(files)},
            {"consultation_rows", plan.parsed.consultation_rows},
            {"contact_rows", plan.parsed.contact_rows},
            {"valid_rows", plan.parsed.consultations.size()},
            {"issues", std::move(issues)},
            {"excluded_lines", plan.parsed.excluded_lines},
            {"excluded_contacts", plan.parsed.excluded_contacts},
            {"already_imported", plan.already_imported},
            {"anonymous_lines", plan.anonymous_lines},
            {"likely_duplicates", std::move(duplicates)},
            {"consultations_to_create", plan.consultations_to_create},
            {"contacts_to_create", plan.contacts_to_create},
            {"persons_to_create", plan.persons_to_create},
            {"households_to_create", plan.households_to_create}};
}

json ToJson(const domain::ImportResult& result) {
    return {{"plan", ToJson(result.plan)},
            {"consultations_created", result.consultations_created},
            {"contacts_created", result.contacts_created},
            {"persons_created", result.persons_created},
            {"households_created", result.households_created}};
}

namespace {

Result<domain::ImportSource> SourceFromJson(const json& body, const std::string& member, domain::ImportTableKind kind) {
    const json& source = body[member];
    if (!source.is_object()) return Fail(Error::InvalidArgument("「" + member + "」を指定してください", member));
    domain::ImportSource out;
    if (!source.contains("upload_id") || !source["upload_id"].is_number_integer()) {
        return Fail(Error::InvalidArgument("取り込むファイル（upload_id）を指定してください", member + ".upload_id"));
    }
    out.upload_id = source["upload_id"].get<std::int64_t>();
    if (source.contains("table")) {
        if (!source["table"].is_string())
            return Fail(Error::InvalidArgument("シート名は文字列です", member + ".table"));
        out.table_name = source["table"].get<std::string>();
    }
    out.mapping.kind = kind;
    if (!source.contains("mapping") || !source["mapping"].is_array()) {
        return Fail(Error::InvalidArgument("列の対応づけ（mapping）を指定してください", member + ".mapping"));
    }
    for (const json& code : source["mapping"]) {
        auto field = code.is_string() ? domain::ParseImportField(code.get<std::string>()) : std::nullopt;
        if (!field) return Fail(Error::InvalidArgument("対応づけの項目が正しくありません", member + ".mapping"));
        out.mapping.columns.push_back(*field);
    }
    return out;
}

}  // namespace

Result<domain::ImportRequest> ImportRequestFromJson(const json& body) {
    if (!body.is_object()) return Fail(Error::InvalidArgument("本文はJSONのオブジェクトです"));
    domain::ImportRequest request;
    if (body.contains("source_key")) {
        if (!body["source_key"].is_string()) {
            return Fail(Error::InvalidArgument("取込元の名前は文字列です", "source_key"));
        }
        request.source_key = body["source_key"].get<std::string>();
    }
    auto consultations = SourceFromJson(body, "consultations", domain::ImportTableKind::kConsultations);
    if (!consultations) return Fail(consultations.error());
    request.consultations = std::move(*consultations);
    if (body.contains("contacts") && !body["contacts"].is_null()) {
        auto contacts = SourceFromJson(body, "contacts", domain::ImportTableKind::kContacts);
        if (!contacts) return Fail(contacts.error());
        request.contacts = std::move(*contacts);
    }
    if (body.contains("excluded_lines")) {
        if (!body["excluded_lines"].is_array()) {
            return Fail(Error::InvalidArgument("除外する行は数の配列です", "excluded_lines"));
        }
        for (const json& line : body["excluded_lines"]) {
            if (!line.is_number_integer())
                return Fail(Error::InvalidArgument("除外する行は数の配列です", "excluded_lines"));
            request.excluded_lines.push_back(Narrow(line.get<std::int64_t>()));
        }
    }
    return request;
}

namespace schema {

json ImportUpload() {
    const json table = Object({{"name", String()},
                               {"header_line", Integer()},
                               {"header", ArrayOf(String())},
                               {"rows", Integer()},
                               {"guessed_kind", String()},
                               {"guessed_mapping", ArrayOf(String())},
                               {"encoding", String()},
                               {"encoding_label", String()}},
                              {"name", "header_line", "header", "rows", "guessed_kind", "guessed_mapping"});
    return Object({{"id", Integer()},
                   {"file_name", String()},
                   {"sha256", String()},
                   {"format", String()},
                   {"format_label", String()},
                   {"tables", ArrayOf(table)}},
                  {"id", "file_name", "sha256", "format", "tables"});
}

json ImportRequest() {
    const json source = Object({{"upload_id", Integer()}, {"table", String()}, {"mapping", ArrayOf(String())}},
                               {"upload_id", "mapping"});
    return Object({{"source_key", String()},
                   {"consultations", source},
                   {"contacts", source},
                   {"excluded_lines", ArrayOf(Integer())}},
                  {"consultations"});
}

json ImportPlan() {
    const json issue = Object({{"table", String()},
                               {"line", Integer()},
                               {"number", String()},
                               {"field", String()},
                               {"column", String()},
                               {"message", String()}},
                              {"table", "line", "number", "field", "column", "message"});
    const json duplicate = Object({{"line", Integer()},
                                   {"number", String()},
                                   {"name", String()},
                                   {"other_line", Integer()},
                                   {"other_number", String()},
                                   {"other_name", String()},
                                   {"existing_person_id", Integer()},
                                   {"reason", String()}},
                                  {"line", "number", "name", "reason"});
    return Object({{"source_key", String()},
                   {"files", ArrayOf(ImportUpload())},
                   {"consultation_rows", Integer()},
                   {"contact_rows", Integer()},
                   {"valid_rows", Integer()},
                   {"issues", ArrayOf(issue)},
                   {"excluded_lines", ArrayOf(Integer())},
                   {"excluded_contacts", Integer()},
                   {"already_imported", ArrayOf(String())},
                   {"anonymous_lines", ArrayOf(Integer())},
                   {"likely_duplicates", ArrayOf(duplicate)},
                   {"consultations_to_create", Integer()},
                   {"contacts_to_create", Integer()},
                   {"persons_to_create", Integer()},
                   {"households_to_create", Integer()}},
                  {"source_key", "issues", "excluded_lines", "likely_duplicates", "consultations_to_create",
                   "contacts_to_create"});
}

json ImportResult() {
    return Object({{"plan", ImportPlan()},
                   {"consultations_created", Integer()},
                   {"contacts_created", Integer()},
                   {"persons_created", Integer()},
                   {"households_created", Integer()}},
                  {"plan", "consultations_created", "contacts_created", "persons_created", "households_created"});
}

}  // namespace schema

}  // namespace kasane::http::api
