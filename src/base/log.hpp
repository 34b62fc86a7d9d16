// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace kasane {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

// Structured logs: one JSON object per line on stderr, {"time":..., "level":..., "message":..., ...fields}.
// Thread-safe; a line is written whole, never interleaved with another. Request handlers always pass
// "request_id" among the fields. Invalid UTF-8 in a value is replaced by U+FFFD.
//
// Lines of level kDebug and kInfo are handed to a writer thread that writes them in batches (one write(2) per
// batch, at most about 50 ms after the line was logged); kWarning and kError lines are written, together with
// everything logged before them, before Log returns. FlushLogs() writes everything still pending; it also runs
// at normal process exit (std::exit or return from main), so a clean shutdown loses no line. A crash may lose
// the kDebug/kInfo lines of its last ~50 ms.
void Log(LogLevel level, std::string_view message, const nlohmann::json& fields);
void Log(LogLevel level, std::string_view message);

// A field of LogFields: a key and a string, integer, floating-point or boolean value. Views only: the
// referenced text must live until LogFields returns.
class LogField {
public:
    enum class Kind { kString, kInteger, kNumber, kBoolean };

    LogField(std::string_view key, std::string_view value) : key_(key), kind_(Kind::kString), text_(value) {}
    LogField(std::string_view key, const char* value) : key_(key), kind_(Kind::kString), text_(value) {}
    LogField(std::string_view key, const std::string& value) : key_(key), kind_(Kind::kString), text_(value) {}
    LogField(std::string_view key, std::int64_t value) : key_(key), kind_(Kind::kInteger), integer_(value) {}
    LogField(std::string_view key, int value) : key_(key), kind_(Kind::kInteger), integer_(value) {}
    LogField(std::string_view key, double value) : key_(key), kind_(Kind::kNumber), number_(value) {}
    LogField(std::string_view key, bool value) : key_(key), kind_(Kind::kBoolean), integer_(value ? 1 : 0) {}

    std::string_view Key() const { return key_; }
    Kind ValueKind() const { return kind_; }
    std::string_view Text() const { return text_; }
    std::int64_t Integer() const { return integer_; }
    double Number() const { return number_; }

private:
    std::string_view key_;
    Kind kind_;
    std::string_view text_;
    std::int64_t integer_ = 0;
    double number_ = 0;
};

// The same line as Log(level, message, fields), formatted without building a JSON object: for lines written on
// every request (the access log). Keys are written as given, in order; keys must not repeat or be "time",
// "level" or "message".
void LogFields(LogLevel level, std::string_view message, std::initializer_list<LogField> fields);

// Writes every line logged so far before returning. Thread-safe.
void FlushLogs();

// Lines below this level are dropped. Default kInfo.
void SetLogLevel(LogLevel level);
// True when a line of `level` would be written (callers may skip building costly fields otherwise).
bool LogEnabled(LogLevel level);

// The JSON string literal for `text` (with quotes), invalid UTF-8 replaced by U+FFFD, appended to `out`.
// Exposed for tests and for other writers of JSON lines.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace kasane
