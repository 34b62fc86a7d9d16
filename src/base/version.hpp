// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

namespace kasane {

// The version of Kasane: `kasane version`, /healthz and the operator's view (operator_console.hpp) show it.
inline constexpr std::string_view kKasaneVersion = "0.1.0";

}  // namespace kasane
