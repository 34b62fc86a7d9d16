// SPDX-License-Identifier: Apache-2.0
#include "base/json.hpp"

namespace kasane {

namespace {

constexpr int kMaxDepth = 32;

// Scans nesting depth before parsing, so that a hostile body of a million '[' cannot exhaust the stack.
bool NestingWithin(std::string_view body, int limit) {
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (const char c : body) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > limit) return false;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return true;
}

std::string Quoted(std::string_view field) { return "「" + std::string(field) + "」"; }

}  // namespace

bool IsValidUtf8(std::string_view text) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    std::size_t i = 0;
    while (i < size) {
        const unsigned char c = bytes[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        std::uint32_t code_point = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
            code_point = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            code_point = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            code_point = c & 0x07;
        } else {
            return false;
        }
        if (i + length > size) return false;
        for (std::size_t k = 1; k < length; ++k) {
            if ((bytes[i + k] & 0xC0) != 0x80) return false;
            code_point = (code_point << 6) | (bytes[i + k] & 0x3F);
        }
        if ((length == 3 && code_point < 0x800) || (length == 4 && (code_point < 0x10000 || code_point > 0x10FFFF)) ||
            (code_point >= 0xD800 && code_point <= 0xDFFF)) {
            return false;
        }
        i += length;
    }
    return true;
}

std::size_t CodePointCount(std::string_view text) {
    std::size_t count = 0;
    for (const char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
    }
    return count;
}

Result<Json> ParseJsonObject(std::string_view body) {
    if (!IsValidUtf8(body)) return Fail(Error::InvalidArgument("本文が UTF-8 として正しくありません"));
    if (!NestingWithin(body, kMaxDepth)) return Fail(Error::InvalidArgument("JSON の入れ子が深すぎます"));
    Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) return Fail(Error::InvalidArgument("本文が JSON として正しくありません"));
    if (!parsed.is_object()) return Fail(Error::InvalidArgument("本文は JSON オブジェクトでなければなりません"));
    return parsed;
}

Result<std::optional<std::string>> OptionalString(const Json& object, std::string_view field, std::size_t max_length) {
    const auto it = object.find(field);
    if (it == object.end() || it->is_null()) return std::optional<std::string>{};
    if (!it->is_string()) {
        return Fail(Error::InvalidArgument(Quoted(field) + "は文字列で指定してください", std::string(field)));
    }
    const auto& text = it->get_ref<const std::string&>();
    if (CodePointCount(text) > max_length) {
        return Fail(Error::PayloadTooLarge(Quoted(field) + "は" + std::to_string(max_length) + "文字以内にしてください",
                                           std::string(field)));
    }
    return std::optional<std::string>(text);
}

Result<std::string> RequireString(const Json& object, std::string_view field, std::size_t max_length) {
    auto value = OptionalString(object, field, max_length);
    if (!value) return Fail(value.error());
    if (!value->has_value() || (*value)->empty()) {
        return Fail(Error::InvalidArgument(Quoted(field) + "を入力してください", std::string(field)));
    }
    return std::move(**value);
}

Result<std::optional<std::int64_t>> OptionalInteger(const Json& object, std::string_view field) {
    const auto it = object.find(field);
    if (it == object.end() || it->is_null()) return std::optional<std::int64_t>{};
    if (!it->is_number_integer()) {
        return Fail(Error::InvalidArgument(Quoted(field) + "は整数で指定してください", std::string(field)));
    }
    return std::optional<std::int64_t>(it->get<std::int64_t>());
}

Result<std::int64_t> RequireInteger(const Json& object, std::string_view field) {
    auto value = OptionalInteger(object, field);
    if (!value) return Fail(value.error());
    if (!value->has_value()) {
        return Fail(Error::InvalidArgument(Quoted(field) + "を指定してください", std::string(field)));
    }
    return **value;
}

Result<bool> OptionalBool(const Json& object, std::string_view field, bool default_value) {
    const auto it = object.find(field);
    if (it == object.end() || it->is_null()) return default_value;
    if (!it->is_boolean()) {
        return Fail(Error::InvalidArgument(Quoted(field) + "は true か false で指定してください", std::string(field)));
    }
    return it->get<bool>();
}

}  // namespace kasane
