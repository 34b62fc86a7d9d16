// SPDX-License-Identifier: Apache-2.0
#pragma once

// Helpers shared by the pages of 断らない相談 (intake_pages.cpp, referral_pages.cpp): who acts, form fields,
// dates in 和暦, and errors shown next to the field they name. Internal to web/.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "base/ids.hpp"
#include "base/japanese_date.hpp"
#include "base/time.hpp"
#include "domain/case_service.hpp"
#include "domain/directory.hpp"
#include "domain/intake.hpp"
#include "domain/sharing_service.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace kasane::web {

// The services of 断らない相談, all set (AddPages registers these pages only then).
struct IntakeServices {
    domain::Directory* directory = nullptr;  // master data and staff names (domain/directory.hpp)
    domain::PersonService* persons = nullptr;
    domain::HouseholdService* households = nullptr;
    domain::ConsultationService* consultations = nullptr;
    domain::ReferralService* referrals = nullptr;
    domain::ReportService* reports = nullptr;
    // Lawful sharing (issue #4): the person page of a member who sees the person only through a meeting.
    domain::SharingService* sharing = nullptr;
    // 多機関協働: the person page's cases and timeline (person_record.hpp).
    domain::CaseService* cases = nullptr;
    // Now and today in Japan (base/japan_time.hpp: TodayInJapan): the use cases' clock (WebDependencies::clock).
    const Clock* clock = nullptr;
};

using FormFields = std::map<std::string, std::string, std::less<>>;

// The signed-in user, the client address and the request id, as the audit trail records them.
domain::Actor ActorOf(const http::Request& request);

// The field's value, or "" when absent.
std::string FieldOf(const FormFields& fields, std::string_view name);
// Every query parameter, decoded like form fields (htmx sends the included inputs of a GET in the query).
FormFields QueryFields(const http::Request& request);
// Leading and trailing spaces, ASCII or full-width (U+3000, typed with a Japanese IME), removed.
std::string Trim(std::string_view text);

// A positive decimal id; nullopt for anything else (empty, signs, letters, overflow).
std::optional<std::int64_t> ParseId(std::string_view text);
// The same, as the id type the page expects: `ParseId<PersonId>(text)`.
template <AnyId T>
std::optional<T> ParseId(std::string_view text) {
    return OptionalIdOf<T>(ParseId(text));
}

// {"iso": "1940-06-15", "wareki": "昭和15年6月15日", "western": "1940年6月15日", "with_western":
// "昭和15年（1940年）6月15日"} for templates: <time datetime="{{iso}}" title="{{western}}">{{wareki}}</time>. Null for
// nullopt.
nlohmann::json DateJson(std::optional<Date> date);
std::string IsoDate(Date date);

// An instant for display: {"iso": "...Z", "jst": "2024年4月1日 10:30", "wareki": "令和6年4月1日 10:30"}.
nlohmann::json InstantJson(Instant instant);

// <input type="datetime-local"> in JST: "2024-04-01T10:30" both ways. Errors name `field` in Japanese.
std::string LocalDateTimeInput(Instant instant);
Result<Instant> ParseLocalDateTime(std::string_view text, std::string_view field, std::string_view label);

// Adds the error to `errors` (field -> message) under its field when the form has that field (names in
// `form_fields`, with aliases such as "first_contact.summary" -> "summary"), and always under "_summary" too, so
// that the top of the form lists every problem.
void AddFieldError(nlohmann::json& errors, const Error& error, const std::vector<std::string_view>& form_fields);

// Options for a <select> or radio group: [{"value","label","selected"}].
template <typename Values, typename Enum>
nlohmann::json EnumOptions(const Values& values, std::string_view (*code)(Enum), std::string_view (*label)(Enum),
                           std::string_view selected) {
    nlohmann::json options = nlohmann::json::array();
    for (Enum value : values) {
        options.push_back({{"value", code(value)}, {"label", label(value)}, {"selected", code(value) == selected}});
    }
    return options;
}

// --- sections that cannot load (issue 12, item 5: errors seen, never swallowed) ---------------------------------

// A section of a page whose read failed: its Japanese name and the error.
struct SectionFailure {
    std::string section;
    Error error;
};
using SectionFailures = std::vector<SectionFailure>;

// Logs the failed read of `section` with the request id and returns what the templates show in its place:
// {"section", "request_id", "text": "この欄を読み込めませんでした（要求ID: …）"}.
nlohmann::json SectionError(std::string_view request_id, std::string_view section, const Error& error);
inline nlohmann::json SectionError(const http::Request& request, std::string_view section, const Error& error) {
    return SectionError(request.request_id, section, error);
}

// SectionError, appended to data["section_errors"]; the layout (and RenderFragment) shows every entry at the top
// of the page, so that a page never shows without a section and without saying so.
void ShowSectionError(nlohmann::json& data, const http::Request& request, std::string_view section, const Error& error);
void ShowSectionErrors(nlohmann::json& data, const http::Request& request, const SectionFailures& failures);
// The same for code that has the actor (which carries the request id) but not the request.
void ShowSectionError(nlohmann::json& data, const domain::Actor& actor, std::string_view section, const Error& error);

// The value read, or an empty value with the failure shown in `shown_in` under `section` (ShowSectionError).
template <typename T>
T ValueOrShow(Result<T> read, nlohmann::json& shown_in, const domain::Actor& actor, std::string_view section) {
    if (read) return std::move(*read);
    ShowSectionError(shown_in, actor, section, read.error());
    return T{};
}

// True when the error says the record is not there for this viewer (not found, or not permitted): a list may
// leave such a record out, as it would a missing one. Any other failure must be shown (ShowSectionError).
inline bool IsWithheld(const Error& error) {
    return error.Is(ErrorCode::kNotFound) || error.Is(ErrorCode::kPermissionDenied);
}

// Every "section_errors" entry at any depth of a page's data, in order (RenderPage shows them at the top).
nlohmann::json CollectSectionErrors(const nlohmann::json& data);

// The organisation's name; when it cannot be read, "" and the failure shown in `shown_in` (ShowSectionError).
std::string OrganizationName(domain::Directory& directory, const domain::Actor& actor, OrganizationId id,
                             nlohmann::json& shown_in);

// A person as a summary line for lists and headers: id, names, kana, birth date, sex, age on `today` (in Japan),
// and the view level.
nlohmann::json PersonHeaderJson(const domain::Person& person, const domain::AccessDecision& decision, Date today);

// "栄浜町地域包括支援センター、福祉課"
std::string JoinKnownTo(const std::vector<domain::KnownTo>& known_to);

// Route registration of the 断らない相談 pages (intake_pages.cpp, referral_pages.cpp, report_pages.cpp). `services`
// must outlive the router. Registers a signed-in page whose handler takes the services.
using IntakePageHandler = http::Response (*)(const IntakeServices&, http::Request&);
void AddIntakePage(http::Router& router, const IntakeServices& services, std::string method, std::string pattern,
                   IntakePageHandler handler);

void AddIntakePages(http::Router& router, const IntakeServices& services);
void AddReferralPages(http::Router& router, const IntakeServices& services);
void AddReportPages(http::Router& router, const IntakeServices& services);

}  // namespace kasane::web
