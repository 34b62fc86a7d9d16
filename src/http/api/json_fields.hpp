// SPDX-License-Identifier: Apache-2.0
#pragma once

// Readers and writers of JSON fields shared by the API's resource files (the <concept>_json files).
// Conventions of the API's JSON: enums travel as their domain codes ("female", "phone") with a sibling
// "<name>_label" in Japanese; dates as ISO 8601 ("1940-06-15") with a "<name>_wareki" sibling where people read
// them (input also in 和暦); instants as ISO 8601 UTC. Readers name the offending field with the JSON name
// ("birth_date", "address.town", "first_contact.channel") so that a client can put the message beside its input.
// Readers return kInvalidArgument naming the field as the client sent it; `prefix` arguments prepend the path of
// an enclosing object or array element ("actions[1].") to the field of an error.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/json.hpp"
#include "base/result.hpp"
#include "base/time.hpp"

namespace kasane::http::api {

// The domain checks the real length of every text and names the field; this bound only keeps absurd input from
// being copied around before that check.
inline constexpr std::size_t kTextCap = 20000;

// `error` with `prefix` before its field (unchanged when either is empty).
Error Prefixed(Error error, std::string_view prefix);
// "actions[1]." for element 1 of "actions".
std::string Indexed(std::string_view field, std::size_t index);

// An optional string field; absent or null is "". Longer than `max_length` characters: kInvalidArgument.
Result<std::string> TextOf(const Json& object, std::string_view field, std::size_t max_length = kTextCap);
Result<std::int64_t> RequireId(const Json& object, std::string_view field);  // a positive integer
Result<std::optional<std::int64_t>> OptionalId(const Json& object, std::string_view field);
// The same, as the id type the field holds: `RequireId<PersonId>(body, "person_id")`.
template <AnyId T>
Result<T> RequireId(const Json& object, std::string_view field) {
    auto id = RequireId(object, field);
    if (!id) return Fail(id.error());
    return T{*id};
}
template <AnyId T>
Result<std::optional<T>> OptionalId(const Json& object, std::string_view field) {
    auto id = OptionalId(object, field);
    if (!id) return Fail(id.error());
    return OptionalIdOf<T>(*id);
}
// An array of positive ids; absent or null is empty. Duplicates are dropped (the same organisation named twice
// is one organisation).
Result<std::vector<std::int64_t>> IdArray(const Json& object, std::string_view field);
template <AnyId T>
Result<std::vector<T>> IdArray(const Json& object, std::string_view field) {
    auto ids = IdArray(object, field);
    if (!ids) return Fail(ids.error());
    return IdsOf<T>(*ids);
}
// An array of strings; absent or null is empty. Errors name `error_field`.
Result<std::vector<std::string>> StringArray(const Json& object, std::string_view field, std::string_view error_field);
// An array of objects; absent or null is empty.
Result<std::vector<const Json*>> ObjectArray(const Json& object, std::string_view field);

// An enum given by its domain code; `message` is the error for an unknown code.
template <class Enum, class Parse>
Result<std::optional<Enum>> OptionalCode(const Json& object, std::string_view field, Parse parse,
                                         std::string_view message) {
    auto code = OptionalString(object, field, 64);
    if (!code) return Fail(code.error());
    if (!code->has_value()) return std::optional<Enum>{};
    const std::optional<Enum> value = parse(**code);
    if (!value) return Fail(Error::InvalidArgument(std::string(message), std::string(field)));
    return value;
}

template <class Enum, class Parse>
Result<Enum> RequireCode(const Json& object, std::string_view field, Parse parse, std::string_view message) {
    auto value = OptionalCode<Enum>(object, field, parse, message);
    if (!value) return Fail(value.error());
    if (!value->has_value()) return Fail(Error::InvalidArgument(std::string(message), std::string(field)));
    return **value;
}

// Writers: null for an absent value.
Json DateJson(const std::optional<std::chrono::year_month_day>& date);    // ISO 8601
Json WarekiJson(const std::optional<std::chrono::year_month_day>& date);  // 令和6年4月1日
Json OptionalIdJson(const std::optional<std::int64_t>& id);
Json InstantJson(const std::optional<Instant>& instant);  // ISO 8601 UTC

// OpenAPI schema pieces.
Json EnumSchema(std::initializer_list<std::string_view> codes);
Json EnumSchema(const std::vector<std::string_view>& codes);
Json NullableInteger();
Json NullableString();
Json DateString();  // a date in any form the readers accept

}  // namespace kasane::http::api
