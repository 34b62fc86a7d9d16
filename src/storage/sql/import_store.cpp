// SPDX-License-Identifier: Apache-2.0
// Moving in: uploads and external ids (domain::ImportRepository).

#include <sodium.h>

#include <string>

#include "domain/import_repositories.hpp"
#include "storage/sql/rows_insert.hpp"
#include "storage/sql/sql_repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {
namespace {

using sql_support::TenantRepository;

constexpr SqlStatement kInsertUpload{
    "import_insert_upload",
    "INSERT INTO import_uploads (municipality_id, file_name, sha256, size_bytes, content_base64, uploaded_by, "
    "uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
constexpr SqlStatement kSelectUpload{
    "import_select_upload",
    "SELECT id, file_name, sha256, content_base64, uploaded_by, uploaded_at FROM import_uploads "
    "WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kSelectExternalIds{
    "import_select_external_ids",
    "SELECT key, record_id FROM import_external_ids WHERE municipality_id = $1 AND source = $2 AND kind = $3"};

std::string ToBase64(std::string_view bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

Result<std::string> FromBase64(std::string_view text) {
    std::string out(text.size() / 4 * 3 + 3, '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                          &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
        return Fail(Error::Internal("取り込みファイルの保存内容が壊れています"));
    }
    out.resize(length);
    return out;
}

class SqlImportRepository final : public domain::ImportRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<domain::ImportUpload> SaveUpload(const domain::ImportUpload& upload) override {
        const std::string content = ToBase64(upload.content);
        const std::string uploaded_at = FormatIso8601(upload.uploaded_at);
        return WriteInto<domain::ImportUpload>([&](SqlConnection& connection, domain::ImportUpload& out) -> Status {
            auto result = connection.Execute(
                kInsertUpload, {tenant_, std::string_view(upload.file_name), std::string_view(upload.sha256),
                                static_cast<std::int64_t>(upload.content.size()), std::string_view(content),
                                static_cast<std::int64_t>(upload.uploaded_by), std::string_view(uploaded_at)});
            if (!result) {
                if (result.error().Is(ErrorCode::kNotFound)) {
                    return Fail(Error::NotFound("利用者がこの市町村にいません"));
                }
                return Fail(result.error());
            }
            KASANE_ASSIGN(new_id, SqlRow(result->rows.front()).Integer(0));
            out = upload;
            out.id = *new_id;
            return {};
        });
    }

    Result<domain::ImportUpload> GetUpload(domain::ImportUploadId id) override {
        return ReadInto<domain::ImportUpload>([&](SqlConnection& connection, domain::ImportUpload& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectUpload, {static_cast<std::int64_t>(id), tenant_}));
            if (result->Empty()) return Fail(Error::NotFound("取り込みファイルが見つかりません"));
            const SqlRow row(result->rows.front());
            KASANE_ASSIGN(upload_id, row.Integer(0));
            KASANE_ASSIGN(file_name, row.Text(1));
            KASANE_ASSIGN(sha256, row.Text(2));
            KASANE_ASSIGN(content, row.Text(3));
            KASANE_ASSIGN(uploaded_by, row.Integer(4));
            KASANE_ASSIGN(uploaded_at, row.Time(5));
            KASANE_ASSIGN(bytes, FromBase64(*content));
            out = {.id = *upload_id,
                   .file_name = *file_name,
                   .sha256 = *sha256,
                   .content = std::move(*bytes),
                   .uploaded_by = static_cast<UserId>(*uploaded_by),
                   .uploaded_at = *uploaded_at};
            return {};
        });
    }

    Result<std::map<std::string, std::int64_t>> ExternalIds(std::string_view source, std::string_view kind) override {
        using Ids = std::map<std::string, std::int64_t>;
        return ReadInto<Ids>([&](SqlConnection& connection, Ids& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectExternalIds, {tenant_, source, kind}));
            for (const auto& values : result->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(key, row.Text(0));
                KASANE_ASSIGN(record_id, row.Integer(1));
                out[*key] = *record_id;
            }
            return {};
        });
    }

    Status RecordExternalIds(const std::vector<domain::ExternalId>& ids) override {
        // An import records one or more external ids a row: many rows a statement (rows_insert.hpp).
        static const sql_support::RowsInsert kInsertExternalIds(
            "import_insert_external_ids",
            "INSERT INTO import_external_ids (municipality_id, source, kind, key, record_id) VALUES ", 5, "");
        std::vector<SqlParam> rows;
        rows.reserve(ids.size() * 5);
        for (const domain::ExternalId& external : ids) {
            rows.insert(rows.end(), {SqlParam(tenant_.value()), SqlParam(std::string_view(external.source)),
                                     SqlParam(std::string_view(external.kind)),
                                     SqlParam(std::string_view(external.key)), SqlParam(external.record_id)});
        }
        return executor_.Write([&](SqlConnection& connection) -> Status {
            if (auto inserted = kInsertExternalIds.Run(connection, rows); !inserted) {
                if (inserted.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict(
                        "この取り込み元の行はすでに取り込まれています。もう一度試行してください", "external_id"));
                }
                return inserted;
            }
            return {};
        });
    }
};

}  // namespace

std::unique_ptr<domain::ImportRepository> MakeImportRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlImportRepository>(executor, tenant);
}

}  // namespace kasane::storage
