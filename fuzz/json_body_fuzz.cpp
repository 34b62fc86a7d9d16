// SPDX-License-Identifier: Apache-2.0
// Request bodies: base::ParseJsonObject and the field readers of base/json.hpp, on the object's own keys and on
// fixed ones, checking the readers' promises (valid UTF-8, length limits, errors naming the field).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/json.hpp"

namespace {

void Check(bool condition) {
    if (!condition) __builtin_trap();
}

void ReadField(const kasane::Json& object, const std::string& field) {
    constexpr std::size_t kMaxLength = 16;
    if (auto text = kasane::RequireString(object, field, kMaxLength)) {
        Check(!text->empty() && kasane::IsValidUtf8(*text) && kasane::CodePointCount(*text) <= kMaxLength);
    } else {
        Check(text.error().field == field);
    }
    if (auto text = kasane::OptionalString(object, field, kMaxLength); text && text->has_value()) {
        Check(kasane::IsValidUtf8(**text) && kasane::CodePointCount(**text) <= kMaxLength);
    }
    if (auto number = kasane::RequireInteger(object, field); !number) Check(number.error().field == field);
    (void)kasane::OptionalInteger(object, field);
    (void)kasane::OptionalBool(object, field, false);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    auto parsed = kasane::ParseJsonObject(body);
    if (!parsed) {
        Check(parsed.error().code == kasane::ErrorCode::kInvalidArgument && !parsed.error().message.empty());
        return 0;
    }
    Check(parsed->is_object());
    int fields = 0;
    for (const auto& [key, value] : parsed->items()) {
        if (++fields > 16) break;
        ReadField(*parsed, key);
    }
    for (const char* field : {"name", "id", "enabled", "note"}) ReadField(*parsed, field);
    return 0;
}
