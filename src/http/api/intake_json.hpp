// SPDX-License-Identifier: Apache-2.0
#pragma once

// JSON forms of 断らない相談's types (persons, households, consultations, referrals, fiscal-year counts), and the
// readers of their request bodies. Enums travel as their domain codes ("female", "phone") with a sibling
// "<name>_label" in Japanese; dates as ISO 8601 ("1940-06-15") with a "<name>_wareki" sibling where people read
// them; instants as ISO 8601 UTC. Readers name the offending field with the JSON name ("birth_date",
// "address.town", "first_contact.channel", "categories") so that a client can put the message beside its input.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/intake.hpp"

namespace kasane::http::api {

// The clock of the handlers and JSON writers: the domain's, injected by AddApiRoutes (ApiDependencies::clock), so
// that "now" and "today" are the use cases'. Before AddApiRoutes (unit tests of the JSON), SystemClock.
void SetApiClock(const Clock* clock);
const Clock& ApiClock();
// Now, by the API clock.
Instant Now();
// Today in Japan by the API clock, the day ages are computed on.
domain::Date TodayJst();

// "2024-04-01".
std::string IsoDate(domain::Date date);

// A date typed in any form ParseJapaneseDate() reads (ISO, 2024年4月1日, 令和6年4月1日, R6.4.1 ...). A missing or
// null field is nullopt. Errors are kInvalidArgument with Error::field = `field`; `label` is the Japanese name the
// message quotes (「生年月日」).
Result<std::optional<domain::Date>> OptionalDateField(const Json& object, std::string_view field,
                                                      std::string_view label);

// An instant: ISO 8601 UTC ("2024-05-01T01:30:00Z"), or a date in any form of OptionalDateField followed by a time
// of day in JST ("令和6年5月1日 10:30", "R6.5.1 10:30:15", "2024-05-01 10:30"). Errors name `field`.
Result<Instant> ParseInstantText(std::string_view text, std::string_view field);

// The body of a person (create, update, duplicate check). Unknown codes and malformed values are
// kInvalidArgument naming the field; lengths are the domain's to check (ValidatePersonData).
Result<domain::PersonData> PersonDataFromJson(const Json& object);
// {person_id, relationship, is_head, moved_in}; `field` prefixes error fields ("members").
Result<domain::HouseholdMemberInput> HouseholdMemberFromJson(const Json& object, std::string_view field);
// {occurred_at, channel, source, caller{...}, summary, summary_tag}; `prefix` ("first_contact." or "") prefixes
// error fields.
Result<domain::ContactInput> ContactFromJson(const Json& object, std::string_view prefix);

// The person as the decision lets the actor see it: below kFull only identity fields; without
// address_and_contact no address, phone or contact notes (the keys are absent, not empty).
Json PersonJson(const domain::Person& person, const domain::AccessDecision& decision);
Json AccessJson(const domain::AccessDecision& decision);
Json ToJson(const domain::PersonView& view);
Json ToJson(const domain::PersonSummary& summary);
Json ToJson(const domain::DuplicateCandidate& candidate);
Json ToJson(const domain::PersonMerge& merge);
Json ToJson(const domain::Household& household);
Json ToJson(const domain::WorryCategory& category);
// Categories are shown with their code and label from the master (`categories`); an id missing from it keeps
// only its id.
Json ConsultationJson(const domain::Consultation& consultation, const std::vector<domain::WorryCategory>& categories);
Json ToJson(const domain::ReferralView& view);
Json ToJson(const domain::FiscalYearReport& report);
// An exact count as a number; a suppressed one (「χ」) as {"suppressed": true}.
Json CountJson(const domain::ShownCount& count);

namespace schema {
Json PersonInput();
Json Person();
Json PersonSummary();
Json PersonMerge();
Json HouseholdMemberInput();
Json Household();
Json WorryCategory();
Json ContactInput();
Json Consultation();
Json Referral();
Json ShownCount();
Json FiscalYearReport();
}  // namespace schema

}  // namespace kasane::http::api
