// SPDX-License-Identifier: Apache-2.0
#include "web/page_support.hpp"

#include "domain/category_master.hpp"

#include <charconv>
#include <cstdio>

#include "base/japan_time.hpp"
#include "base/log.hpp"
#include "domain/category_master.hpp"
#include "domain/master_data.hpp"

namespace kasane::web {

using nlohmann::json;

domain::Actor ActorOf(const http::Request& request) {
    return domain::Actor{
        .principal = *request.principal, .remote_address = request.remote_address, .request_id = request.request_id};
}

std::string FieldOf(const FormFields& fields, std::string_view name) {
    auto found = fields.find(name);
    return found == fields.end() ? std::string() : found->second;
}

std::optional<std::int64_t> ParseId(std::string_view text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
    return value;
}

std::string IsoDate(Date date) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return buffer;
}

json DateJson(std::optional<Date> date) {
    if (!date || !date->ok()) return nullptr;
    const std::string western = std::to_string(static_cast<int>(date->year())) + "年" +
                                std::to_string(static_cast<unsigned>(date->month())) + "月" +
                                std::to_string(static_cast<unsigned>(date->day())) + "日";
    return {{"iso", IsoDate(*date)},
            {"wareki", FormatWareki(*date)},
            {"western", western},
            {"with_western", FormatWarekiWithWestern(*date)}};
}

json InstantJson(Instant instant) {
    const JstLocalTime local = ToJstLocal(instant);
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::hh_mm_ss time{std::chrono::floor<std::chrono::minutes>(local - day)};
    char clock[8];
    std::snprintf(clock, sizeof clock, "%02d:%02d", static_cast<int>(time.hours().count()),
                  static_cast<int>(time.minutes().count()));
    return {{"iso", FormatIso8601(instant)},
            {"jst", FormatJst(instant)},
            {"wareki", FormatWareki(JstDate(instant)) + " " + clock}};
}

std::string LocalDateTimeInput(Instant instant) {
    const JstLocalTime local = ToJstLocal(instant);
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::hh_mm_ss time{std::chrono::floor<std::chrono::minutes>(local - day)};
    char clock[8];
    std::snprintf(clock, sizeof clock, "%02d:%02d", static_cast<int>(time.hours().count()),
                  static_cast<int>(time.minutes().count()));
    return IsoDate(JstDate(instant)) + "T" + clock;
}

Result<Instant> ParseLocalDateTime(std::string_view text, std::string_view field, std::string_view label) {
    // The browser's datetime-local ("2024-04-01T10:30", maybe with ":SS") or anything typed by hand that the one
    // parser of dates and times reads (base/japan_time.hpp); without a zone it is Japan time.
    auto parsed = ParseJapanDateTime(text, label);
    if (!parsed) {
        Error error = parsed.error();
        error.field = std::string(field);
        return Fail(std::move(error));
    }
    return *parsed;
}

void AddFieldError(json& errors, const Error& error, const std::vector<std::string_view>& form_fields) {
    if (!errors.is_object()) errors = json::object();
    std::string field = error.field;
    // The domain names nested inputs by path ("first_contact.summary", "new_person.family_name"): the form knows
    // them by their last segment.
    if (const std::size_t dot = field.rfind('.'); dot != std::string::npos) field = field.substr(dot + 1);
    for (std::string_view known : form_fields) {
        if (!field.empty() && field == known) {
            errors[field] = error.message;
            break;
        }
    }
    errors["_any"] = true;
    if (!errors.contains("_summary")) errors["_summary"] = json::array();
    errors["_summary"].push_back(error.message);
}

json SectionError(std::string_view request_id, std::string_view section, const Error& error) {
    Log(LogLevel::kError, "page section could not load",
        {{"request_id", request_id}, {"section", section}, {"error", error.message}});
    return {{"section", section},
            {"request_id", request_id},
            {"text", "この欄を読み込めませんでした（要求ID: " + std::string(request_id) + "）"}};
}

namespace {

void AppendSectionError(json& data, std::string_view request_id, std::string_view section, const Error& error) {
    if (!data.is_object()) data = json::object();
    json& list = data["section_errors"];
    if (!list.is_array()) list = json::array();
    list.push_back(SectionError(request_id, section, error));
    data["has_section_errors"] = true;
}

}  // namespace

void ShowSectionError(json& data, const http::Request& request, std::string_view section, const Error& error) {
    AppendSectionError(data, request.request_id, section, error);
}

void ShowSectionError(json& data, const domain::Actor& actor, std::string_view section, const Error& error) {
    AppendSectionError(data, actor.request_id, section, error);
}

void ShowSectionErrors(json& data, const http::Request& request, const SectionFailures& failures) {
    for (const SectionFailure& failure : failures) ShowSectionError(data, request, failure.section, failure.error);
}

// Every "section_errors" entry (see ShowSectionError) at any depth of a page's data, in order.
static void CollectSectionErrorsInto(const json& value, json& out) {
    if (value.is_object()) {
        for (const auto& [key, child] : value.items()) {
            if (key == "section_errors" && child.is_array()) {
                for (const json& entry : child) out.push_back(entry);
            } else if (child.is_structured()) {
                CollectSectionErrorsInto(child, out);
            }
        }
    } else if (value.is_array()) {
        for (const json& child : value) {
            if (child.is_structured()) CollectSectionErrorsInto(child, out);
        }
    }
}

json CollectSectionErrors(const json& data) {
    json out = json::array();
    CollectSectionErrorsInto(data, out);
    return out;
}

std::string OrganizationName(domain::Directory& directory, const domain::Actor& actor, OrganizationId id,
                             json& shown_in) {
    auto organization = directory.GetOrganization(actor.principal, id);
    if (organization) return std::move(organization->name);
    ShowSectionError(shown_in, actor, "機関の名前", organization.error());
    return {};
}

json PersonHeaderJson(const domain::Person& person, const domain::AccessDecision& decision, Date today) {
    json header = {{"id", person.id},
                   {"name", person.FullName()},
                   {"kana", person.FullNameKana()},
                   {"birth_date", DateJson(person.data.birth_date)},
                   {"identity_only", decision.level == domain::ViewLevel::kIdentity},
                   {"sheet_only", decision.level == domain::ViewLevel::kReferralSheet},
                   {"full", decision.level == domain::ViewLevel::kFull},
                   {"basis", domain::AccessBasisLabel(decision.basis)},
                   {"version", person.version}};
    if (person.data.sex) header["sex"] = domain::SexLabel(*person.data.sex);
    if (person.data.birth_date) {
        const int age = AgeOn(*person.data.birth_date, today);
        if (age >= 0) header["age"] = age;
    }
    return header;
}

std::string JoinKnownTo(const std::vector<domain::KnownTo>& known_to) {
    std::string joined;
    for (const domain::KnownTo& organization : known_to) {
        if (!joined.empty()) joined += "、";
        joined += organization.name;
    }
    return joined;
}

// The domain's one trimming rule (ASCII white space and the ideographic space 「　」 at both ends).
std::string Trim(std::string_view text) { return domain::TrimmedName(text); }

FormFields QueryFields(const http::Request& request) {
    http::Request copy;
    copy.body = request.query;
    return copy.FormFields();
}

}  // namespace kasane::web
