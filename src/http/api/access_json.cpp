// SPDX-License-Identifier: Apache-2.0
#include "http/api/access_json.hpp"

#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"

namespace kasane::http::api {

Json AccessJson(const domain::AccessDecision& decision) {
    const char* level = "none";
    switch (decision.level) {
        case domain::ViewLevel::kNone: level = "none"; break;
        case domain::ViewLevel::kIdentity: level = "identity"; break;
        case domain::ViewLevel::kReferralSheet: level = "referral_sheet"; break;
        case domain::ViewLevel::kMeetingShared: level = "meeting_shared"; break;
        case domain::ViewLevel::kFull: level = "full"; break;
    }
    return {{"level", level},
            {"basis", domain::AccessBasisCode(decision.basis)},
            {"basis_label", domain::AccessBasisLabel(decision.basis)},
            {"basis_detail", decision.basis_detail},
            {"address_and_contact", decision.address_and_contact}};
}

std::string_view ViewLevelCode(domain::ViewLevel level) {
    switch (level) {
        case domain::ViewLevel::kNone: return "none";
        case domain::ViewLevel::kIdentity: return "identity";
        case domain::ViewLevel::kReferralSheet: return "referral_sheet";
        case domain::ViewLevel::kMeetingShared: return "meeting_shared";
        case domain::ViewLevel::kFull: return "full";
    }
    return "none";
}

Json ToJson(const domain::AccessExplanation& explanation) {
    // The same level/basis fields as a record's "access", so that a client reads both alike.
    Json json = AccessJson(domain::AccessDecision{.level = explanation.level,
                                                  .basis = explanation.basis,
                                                  .basis_detail = explanation.basis_detail,
                                                  .sensitive_fields = false,
                                                  .address_and_contact = explanation.address_and_contact});
    json["organization_id"] = explanation.organization_id;
    json["organization_name"] = explanation.organization_name;
    json["user_id"] = OptionalIdJson(explanation.user_id);
    json["user_name"] = explanation.user_name;
    json["explanation"] = explanation.explanation;
    return json;
}

namespace schema {

Json AccessExplanation() {
    return Object({{"organization_id", Integer()},
                   {"organization_name", String()},
                   {"user_id", NullableInteger()},
                   {"user_name", String()},
                   {"level", EnumSchema({"identity", "referral_sheet", "meeting_shared", "full"})},
                   {"basis", String()},
                   {"basis_label", String()},
                   {"basis_detail", String()},
                   {"explanation", String()},
                   {"address_and_contact", Boolean()}},
                  {"organization_id", "level", "basis", "explanation"});
}

}  // namespace schema

}  // namespace kasane::http::api
