// SPDX-License-Identifier: Apache-2.0
#pragma once

// A table of an enum's stable codes (API, database) and Japanese labels (what people read), for the Code / Label /
// Parse functions of the domain's enums.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <tuple>

namespace kasane::domain {

template <class Enum, std::size_t N>
struct CodeTable {
    std::array<std::tuple<Enum, std::string_view, std::string_view>, N> rows;

    std::string_view Code(Enum value) const {
        for (const auto& [candidate, code, label] : rows) {
            if (candidate == value) return code;
        }
        return std::get<1>(rows[0]);
    }
    std::string_view Label(Enum value) const {
        for (const auto& [candidate, code, label] : rows) {
            if (candidate == value) return label;
        }
        return std::get<2>(rows[0]);
    }
    std::optional<Enum> Parse(std::string_view text) const {
        for (const auto& [candidate, code, label] : rows) {
            if (code == text) return candidate;
        }
        return std::nullopt;
    }
};

}  // namespace kasane::domain
