// SPDX-License-Identifier: Apache-2.0
#include "http/api/emergency_access_json.hpp"

#include "base/japan_time.hpp"
#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

Json ToJson(const domain::EmergencyAccess& access, Instant now) {
    return {{"id", access.id},
            {"municipality_id", access.municipality_id},
            {"person_id", access.person_id},
            {"user_id", access.user_id},
            {"organization_id", access.organization_id},
            {"reason", access.reason},
            {"granted_at", FormatIso8601(access.granted_at)},
            {"expires_at", FormatIso8601(access.expires_at)},
            {"expires_at_jst", FormatJst(access.expires_at)},
            {"active", now < access.expires_at},
            {"acknowledged_by", OptionalIdJson(access.acknowledged_by)},
            {"acknowledged", access.acknowledged_by.has_value()}};
}

namespace schema {

Json EmergencyAccess() {
    return Object({{"id", Integer()},
                   {"person_id", Integer()},
                   {"user_id", Integer()},
                   {"organization_id", Integer()},
                   {"reason", String()},
                   {"granted_at", String()},
                   {"expires_at", String()},
                   {"expires_at_jst", String()},
                   {"active", Boolean()},
                   {"acknowledged_by", NullableInteger()},
                   {"acknowledged", Boolean()}},
                  {"id", "person_id", "user_id", "expires_at"});
}

}  // namespace schema

}  // namespace kasane::http::api
