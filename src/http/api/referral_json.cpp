// SPDX-License-Identifier: Apache-2.0
#include "http/api/referral_json.hpp"

#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"

namespace kasane::http::api {

Json ToJson(const domain::ReferralView& view) {
    const domain::Referral& referral = view.referral;
    Json events = Json::array();
    for (const domain::ReferralEvent& event : referral.events) {
        events.push_back({{"status", domain::ReferralStatusCode(event.status)},
                          {"status_label", domain::ReferralStatusLabel(event.status)},
                          {"at", FormatIso8601(event.at)},
                          {"user_id", event.user_id},
                          {"organization_id", event.organization_id},
                          {"note", event.note}});
    }
    return {{"id", referral.id},
            {"municipality_id", referral.municipality_id},
            {"person_id", referral.person_id},
            {"consultation_id", OptionalIdJson(referral.consultation_id)},
            {"from_organization_id", referral.from_organization_id},
            {"from_organization_name", view.from_organization_name},
            {"to_organization_id", referral.to_organization_id},
            {"to_organization_name", view.to_organization_name},
            {"to_user_id", OptionalIdJson(referral.to_user_id)},
            {"to_user_name", referral.to_user_id ? Json(view.to_user_name) : Json(nullptr)},
            {"reason", referral.reason},
            {"sheet", referral.sheet},
            {"status", domain::ReferralStatusCode(referral.status)},
            {"status_label", domain::ReferralStatusLabel(referral.status)},
            {"events", std::move(events)},
            {"sent_at", FormatIso8601(referral.sent_at)},
            {"overdue", view.overdue},
            {"version", referral.version}};
}

namespace schema {

Json Referral() {
    return Object(
        {{"id", Integer()},
         {"person_id", Integer()},
         {"consultation_id", NullableInteger()},
         {"from_organization_id", Integer()},
         {"from_organization_name", String()},
         {"to_organization_id", Integer()},
         {"to_organization_name", String()},
         {"to_user_id", NullableInteger()},
         {"to_user_name", {{"type", {"string", "null"}}}},
         {"reason", String()},
         {"sheet",
          {{"type", "object"}, {"description", "つなぐシート as sent: person, household, worries, done, reason"}}},
         {"status", EnumSchema({"sent", "accepted", "declined", "in_progress", "completed"})},
         {"status_label", String()},
         {"events", ArrayOf(Object({{"status", String()},
                                    {"status_label", String()},
                                    {"at", String()},
                                    {"user_id", Integer()},
                                    {"organization_id", Integer()},
                                    {"note", String()}},
                                   {"status", "at"}))},
         {"sent_at", String()},
         {"overdue", Boolean()},
         {"version", Integer()}},
        {"id", "person_id", "status", "sheet", "version"});
}

}  // namespace schema

}  // namespace kasane::http::api
