#include "base/log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "base/time.hpp"

namespace kasane {

namespace {

std::atomic<LogLevel> minimum_level{LogLevel::kInfo};
std::mutex write_mutex;

std::string_view LevelName(LogLevel level) {
    switch (level) {
        case LogLevel::kDebug: return "debug";
        case LogLevel::kInfo: return "info";
        case LogLevel::kWarning: return "warning";
        case LogLevel::kError: return "error";
    }
    return "info";
}

}  // namespace

void SetLogLevel(LogLevel level) { minimum_level.store(level); }

void Log(LogLevel level, std::string_view message, const nlohmann::json& fields) {
    if (level < minimum_level.load(std::memory_order_relaxed)) return;
    nlohmann::json line = {{"time", FormatIso8601(SystemClock{}.Now())},
                           {"level", LevelName(level)},
                           {"message", message}};
    if (fields.is_object()) {
        for (const auto& [key, value] : fields.items()) line[key] = value;
    }
    // Replace rather than throw on invalid UTF-8 coming from a client.
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    text.push_back('\n');
    const std::lock_guard lock(write_mutex);
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

void Log(LogLevel level, std::string_view message) { Log(level, message, nlohmann::json::object()); }

}  // namespace kasane
