#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string_view>

namespace kasane {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

// Structured logs: one JSON object per line on stderr, {"time":..., "level":..., "message":..., ...fields}.
// Thread-safe; a line is written whole. Request handlers always pass "request_id" among the fields.
void Log(LogLevel level, std::string_view message, const nlohmann::json& fields);
void Log(LogLevel level, std::string_view message);

// Lines below this level are dropped. Default kInfo.
void SetLogLevel(LogLevel level);

}  // namespace kasane
