// SPDX-License-Identifier: Apache-2.0
#pragma once

// JSON forms of lawful sharing's types (consents, meeting bodies, meetings, emergency access, the 共有 tab's
// explanations) and of audit entries, and the readers of their request bodies. Conventions are those of
// intake_json.hpp: enums travel as their domain codes with a "<name>_label" sibling in Japanese, dates as ISO 8601
// (input also in 和暦), instants as ISO 8601 UTC, and readers name the offending field with its JSON name
// ("given_on", "members.organization_id", "agenda.person_id").

#include <optional>
#include <string_view>

#include "base/json.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/audit.hpp"
#include "domain/sharing.hpp"
#include "domain/sharing_service.hpp"

namespace kasane::http::api {

// {by_proxy, proxy_name, proxy_relationship, organizations:[ids], bodies:[ids], purpose, given_on, method,
// witness, explanation_version, expires_on?} for `person_id`. Shapes and codes are checked here; the rules
// (oral needs a witness, a proxy needs a name, dates in order) are the domain's.
Result<domain::Consent> ConsentFromJson(const Json& object, domain::PersonId person_id);

// {legal_basis, display_name, shares_without_consent?, sharing_days?, coordinating_organization_id?,
// members:[{organization_id, pledge_signed_on?, left_on?}]}. shares_without_consent defaults to the legal basis'
// default (SharesWithoutConsentByDefault), sharing_days to 90.
Result<domain::MeetingBody> MeetingBodyFromJson(const Json& object);

// {body_id, held_on, attendees:[{user_id?, name, organization_id}], agenda:[{person_id, household_id?,
// shared_summary}], minutes, decisions:[{kind, text}]}. `body_id` is required only when `require_body` (a new
// meeting); an update keeps the meeting's body.
enum class BodyField { kRequired, kIgnored };
Result<domain::Meeting> MeetingFromJson(const Json& object, BodyField body_field);

// A query parameter naming a moment: an ISO 8601 instant ("2024-05-01T01:30:00Z"), a date and JST time
// ("令和6年5月1日 10:30"), or a date alone (ISO or 和暦), which means the start of that day in JST — or, with
// `DayEdge::kEnd`, the start of the next day, so that ?from=2024-05-01&to=2024-05-31 covers all of May.
enum class DayEdge { kStart, kEnd };
Result<Instant> InstantParam(std::string_view text, std::string_view field, DayEdge edge);

std::string_view ViewLevelCode(domain::ViewLevel level);  // "none", "identity", ..., "full"

Json ToJson(const domain::Consent& consent);
Json ToJson(const domain::MeetingBody& body);
Json ToJson(const domain::Meeting& meeting);
Json ToJson(const domain::SharedItem& item);
Json ToJson(const domain::EmergencyAccess& access);
Json ToJson(const domain::AccessExplanation& explanation);
Json ToJson(const domain::AuditEntry& entry);

namespace schema {
Json ConsentInput();
Json Consent();
Json MeetingBodyInput();
Json MeetingBody();
Json MeetingInput();
Json Meeting();
Json SharedItem();
Json EmergencyAccess();
Json AccessExplanation();
Json AuditEntry();
}  // namespace schema

}  // namespace kasane::http::api
