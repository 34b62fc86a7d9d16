// SPDX-License-Identifier: Apache-2.0
#include "http/api/json_fields.hpp"

#include <set>

#include "base/japanese_date.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

Error Prefixed(Error error, std::string_view prefix) {
    if (!prefix.empty() && !error.field.empty()) error.field = std::string(prefix) + error.field;
    return error;
}

std::string Indexed(std::string_view field, std::size_t index) {
    return std::string(field) + "[" + std::to_string(index) + "].";
}

Result<std::string> TextOf(const Json& object, std::string_view field, std::size_t max_length) {
    auto value = OptionalString(object, field, max_length);
    if (!value) return Fail(value.error());
    return value->value_or(std::string{});
}

Result<std::int64_t> RequireId(const Json& object, std::string_view field) {
    auto value = RequireInteger(object, field);
    if (!value) return Fail(value.error());
    if (*value <= 0) return Fail(Error::InvalidArgument("IDは正の整数で指定してください", std::string(field)));
    return *value;
}

Result<std::optional<std::int64_t>> OptionalId(const Json& object, std::string_view field) {
    auto value = OptionalInteger(object, field);
    if (!value) return Fail(value.error());
    if (value->has_value() && **value <= 0) {
        return Fail(Error::InvalidArgument("IDは正の整数で指定してください", std::string(field)));
    }
    return *value;
}

Result<std::vector<std::int64_t>> IdArray(const Json& object, std::string_view field) {
    std::vector<std::int64_t> ids;
    const auto it = object.find(field);
    if (it == object.end() || it->is_null()) return ids;
    const auto invalid = [field] {
        return Error::InvalidArgument("「" + std::string(field) + "」はIDの配列で指定してください", std::string(field));
    };
    if (!it->is_array()) return Fail(invalid());
    std::set<std::int64_t> seen;
    for (const Json& value : *it) {
        if (!value.is_number_integer() || value.get<std::int64_t>() <= 0) return Fail(invalid());
        if (seen.insert(value.get<std::int64_t>()).second) ids.push_back(value.get<std::int64_t>());
    }
    return ids;
}

Result<std::vector<std::string>> StringArray(const Json& object, std::string_view field, std::string_view error_field) {
    std::vector<std::string> values;
    const auto it = object.find(field);
    if (it == object.end() || it->is_null()) return values;
    const auto invalid = [field, error_field] {
        return Error::InvalidArgument("「" + std::string(field) + "」は文字列の配列で指定してください",
                                      std::string(error_field));
    };
    if (!it->is_array()) return Fail(invalid());
    for (const Json& value : *it) {
        if (!value.is_string()) return Fail(invalid());
        values.push_back(value.get<std::string>());
    }
    return values;
}

Result<std::vector<const Json*>> ObjectArray(const Json& object, std::string_view field) {
    std::vector<const Json*> items;
    const auto it = object.find(field);
    if (it == object.end() || it->is_null()) return items;
    const auto invalid = [field] {
        return Error::InvalidArgument("「" + std::string(field) + "」はオブジェクトの配列で指定してください",
                                      std::string(field));
    };
    if (!it->is_array()) return Fail(invalid());
    for (const Json& item : *it) {
        if (!item.is_object()) return Fail(invalid());
        items.push_back(&item);
    }
    return items;
}

Json DateJson(const std::optional<std::chrono::year_month_day>& date) {
    return date ? Json(IsoDate(*date)) : Json(nullptr);
}
Json WarekiJson(const std::optional<std::chrono::year_month_day>& date) {
    return date ? Json(FormatWareki(*date)) : Json(nullptr);
}
Json OptionalIdJson(const std::optional<std::int64_t>& id) { return id ? Json(*id) : Json(nullptr); }
Json InstantJson(const std::optional<Instant>& instant) {
    return instant ? Json(FormatIso8601(*instant)) : Json(nullptr);
}

Json EnumSchema(std::initializer_list<std::string_view> codes) {
    Json values = Json::array();
    for (const std::string_view code : codes) values.push_back(code);
    return {{"type", "string"}, {"enum", values}};
}
Json EnumSchema(const std::vector<std::string_view>& codes) {
    Json values = Json::array();
    for (const std::string_view code : codes) values.push_back(code);
    return {{"type", "string"}, {"enum", values}};
}
Json NullableInteger() { return {{"type", {"integer", "null"}}}; }
Json NullableString() { return {{"type", {"string", "null"}}}; }
Json DateString() { return {{"type", "string"}, {"description", "2024-04-01, 令和6年4月1日, R6.4.1, ..."}}; }

}  // namespace kasane::http::api
