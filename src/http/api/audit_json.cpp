// SPDX-License-Identifier: Apache-2.0
#include "http/api/audit_json.hpp"

#include "base/japan_time.hpp"
#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"

namespace kasane::http::api {

Json ToJson(const domain::AuditEntry& entry) {
    return {{"sequence", entry.sequence},
            {"at", FormatIso8601(entry.at)},
            {"at_jst", FormatJst(entry.at)},
            {"user_id", entry.user_id},
            {"organization_id", entry.organization_id},
            {"post_id", entry.post_id == 0 ? Json(nullptr) : Json(entry.post_id)},
            {"action", entry.action},
            {"record_type", entry.record_type},
            {"record_id", entry.record_id},
            {"person_id", OptionalIdJson(entry.person_id)},
            {"fields", entry.fields},
            {"basis", entry.basis},
            {"basis_detail", entry.basis_detail},
            {"remote_address", entry.remote_address},
            {"request_id", entry.request_id},
            {"detail", entry.detail},
            {"hash", entry.hash}};
}

namespace schema {

Json AuditEntry() {
    return Object({{"sequence", Integer()},
                   {"at", String()},
                   {"at_jst", String()},
                   {"user_id", Integer()},
                   {"organization_id", Integer()},
                   {"post_id", NullableInteger()},
                   {"action", String()},
                   {"record_type", String()},
                   {"record_id", Integer()},
                   {"person_id", NullableInteger()},
                   {"fields", String()},
                   {"basis", String()},
                   {"basis_detail", String()},
                   {"remote_address", String()},
                   {"request_id", String()},
                   {"detail", String()},
                   {"hash", String()}},
                  {"sequence", "at", "user_id", "action", "record_type"});
}

}  // namespace schema

}  // namespace kasane::http::api
