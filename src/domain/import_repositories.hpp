// SPDX-License-Identifier: Apache-2.0
#pragma once

// Ports for moving in (import_service.hpp): uploaded files kept between the upload, the dry run and the
// confirmation (servers are stateless, so the file waits in the database), and the external ids that make an
// import idempotent. Same conventions as repositories.hpp: every method acts within the TenantStore's municipality.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"

namespace kasane::domain {

using ImportUploadId = std::int64_t;

struct ImportUpload {
    ImportUploadId id = 0;
    std::string file_name;
    std::string sha256;   // lower-case hex of the bytes
    std::string content;  // the bytes as uploaded
    UserId uploaded_by{};
    Instant uploaded_at{};
};

// An imported row's key in its source and the record it became. `kind` is "person", "household", "consultation"
// or "contact"; `key` the row's key in the source (its 相談No, or "contacts:<line>").
struct ExternalId {
    std::string source;
    std::string kind;
    std::string key;
    std::int64_t record_id = 0;
};

class ImportRepository {
public:
    virtual ~ImportRepository() = default;
    // Stores the file (id ignored); returns it with its id.
    virtual Result<ImportUpload> SaveUpload(const ImportUpload& upload) = 0;
    // kNotFound when the tenant has no such upload.
    virtual Result<ImportUpload> GetUpload(ImportUploadId id) = 0;
    // The external ids of one source and kind: key → record id.
    virtual Result<std::map<std::string, std::int64_t>> ExternalIds(std::string_view source, std::string_view kind) = 0;
    // Records external ids; kConflict (field "external_id") when one of (source, kind, key) exists already.
    virtual Status RecordExternalIds(const std::vector<ExternalId>& ids) = 0;
};

}  // namespace kasane::domain
