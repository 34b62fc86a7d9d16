// SPDX-License-Identifier: Apache-2.0
#pragma once

// Free text typed into a record that names no person (a place, a platform, a course, a plan): required or not, and
// at most so many bytes. One rule and its Japanese messages, for the records' Validate… functions.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "base/result.hpp"

namespace kasane::domain {

// kInvalidArgument naming `field`: 「<label>を入力してください」 when required and empty, 「<label>が長すぎます（N
// バイトまで）」 past max_length bytes.
inline Status CheckText(const std::string& text, std::string_view label, std::string field, std::size_t max_length,
                        bool required) {
    if (required && text.empty()) {
        return Fail(Error::InvalidArgument(std::string(label) + "を入力してください", std::move(field)));
    }
    if (text.size() > max_length) {
        return Fail(Error::InvalidArgument(
            std::string(label) + "が長すぎます（" + std::to_string(max_length) + "バイトまで）", std::move(field)));
    }
    return {};
}

}  // namespace kasane::domain
