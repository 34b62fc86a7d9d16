// SPDX-License-Identifier: Apache-2.0
#include "base/log.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

namespace kasane {

namespace {

std::atomic<LogLevel> minimum_level{LogLevel::kInfo};

std::string_view LevelName(LogLevel level) {
    switch (level) {
        case LogLevel::kDebug: return "debug";
        case LogLevel::kInfo: return "info";
        case LogLevel::kWarning: return "warning";
        case LogLevel::kError: return "error";
    }
    return "info";
}

// write(2) of the whole text, retrying after partial writes and EINTR. A failing stderr (closed, full disk)
// cannot be reported anywhere, so the text is dropped then.
void WriteAll(int descriptor, std::string_view text) {
    while (!text.empty()) {
        const ssize_t written = ::write(descriptor, text.data(), text.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            return;
        }
        text.remove_prefix(static_cast<std::size_t>(written));
    }
}

class LogSink;
LogSink& Sink();

// Why a writer thread: the access log writes a line per request. Writing each line with its own fwrite+fflush
// under a global mutex cost a system call per request and made the io threads queue on the mutex (measured in
// docs/performance.md). Here an io thread only appends its finished line to `pending_` (a memcpy under a mutex
// held for well under a microsecond) and the writer thread writes whole batches with one write(2).
class LogSink {
public:
    // Appends complete lines. With `synchronous`, returns only once they (and everything before) are written.
    void Append(std::string_view lines, bool synchronous) {
        std::unique_lock lock(mutex_);
        if (exiting_) {
            // After the exit flush nobody would write a pending line: write it directly.
            WriteAll(STDERR_FILENO, lines);
            return;
        }
        // Backpressure rather than unbounded memory when stderr is slower than the logging (a stalled pipe).
        if (pending_.size() > kMaxPending) {
            space_.wait(lock, [&] { return pending_.size() <= kMaxPending || exiting_; });
        }
        pending_.append(lines);
        if (!started_) Start();
        if (synchronous) {
            const std::uint64_t target = ++appended_batches_;
            urgent_ = true;
            wake_.notify_one();
            written_.wait(lock, [&] { return written_batches_ >= target || exiting_; });
            return;
        }
        ++appended_batches_;
        if (pending_.size() >= kBatchBytes) wake_.notify_one();
    }

    // Returns once every line appended before the call is written.
    void Flush() {
        std::unique_lock lock(mutex_);
        if (!started_ || exiting_) return;
        const std::uint64_t target = appended_batches_;
        urgent_ = true;
        wake_.notify_one();
        written_.wait(lock, [&] { return written_batches_ >= target || exiting_; });
    }

    // At exit: waits for a batch being written, writes the rest itself and from then on writes directly. The
    // writer thread is left blocked; the process is ending.
    void FlushAtExit() {
        std::unique_lock lock(mutex_);
        written_.wait(lock, [&] { return !writing_; });
        WriteAll(STDERR_FILENO, pending_);
        pending_.clear();
        exiting_ = true;
        written_.notify_all();
        space_.notify_all();
    }

private:
    static constexpr std::size_t kBatchBytes = 64 * 1024;
    static constexpr std::size_t kMaxPending = 8 * 1024 * 1024;
    static constexpr std::chrono::milliseconds kLatency{50};

    // With mutex_ held.
    void Start() {
        started_ = true;
        std::thread([this] { Run(); }).detach();
        std::atexit([] { Sink().FlushAtExit(); });
    }

    void Run() {
        std::string batch;
        std::unique_lock lock(mutex_);
        for (;;) {
            wake_.wait_for(lock, kLatency, [&] { return urgent_ || pending_.size() >= kBatchBytes; });
            if (exiting_) return;
            if (pending_.empty()) {
                urgent_ = false;
                continue;
            }
            batch.swap(pending_);
            const std::uint64_t batches = appended_batches_;
            urgent_ = false;
            writing_ = true;
            space_.notify_all();
            lock.unlock();
            WriteAll(STDERR_FILENO, batch);
            batch.clear();
            if (batch.capacity() > 4 * kBatchBytes) batch.shrink_to_fit();
            lock.lock();
            writing_ = false;
            written_batches_ = batches;
            written_.notify_all();
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_;     // the writer: work is waiting
    std::condition_variable written_;  // Flush and synchronous Append: a batch was written
    std::condition_variable space_;    // producers held back by kMaxPending
    std::string pending_;
    std::uint64_t appended_batches_ = 0;  // counts Append calls
    std::uint64_t written_batches_ = 0;   // Append calls whose lines are written
    bool started_ = false;
    bool urgent_ = false;
    bool writing_ = false;
    bool exiting_ = false;
};

// Never destroyed: lines logged from other static destructors must still find it.
LogSink& Sink() {
    static LogSink* const sink = new LogSink();
    return *sink;
}

void AppendTwoDigits(std::string& out, unsigned value) {
    out.push_back(static_cast<char>('0' + value / 10 % 10));
    out.push_back(static_cast<char>('0' + value % 10));
}

// "2024-04-01T09:30:00.000Z", as FormatIso8601 (base/time.hpp) writes it, without snprintf.
void AppendTimestamp(std::string& out) {
    const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    const auto days = std::chrono::floor<std::chrono::days>(now);
    const std::chrono::year_month_day date{days};
    const std::chrono::hh_mm_ss time{now - days};
    const int year = static_cast<int>(date.year());
    char digits[8];
    const auto [end, error] = std::to_chars(digits, digits + sizeof digits, year);
    (void)error;
    for (auto length = end - digits; length < 4; ++length) out.push_back('0');
    out.append(digits, end);
    out.push_back('-');
    AppendTwoDigits(out, static_cast<unsigned>(date.month()));
    out.push_back('-');
    AppendTwoDigits(out, static_cast<unsigned>(date.day()));
    out.push_back('T');
    AppendTwoDigits(out, static_cast<unsigned>(time.hours().count()));
    out.push_back(':');
    AppendTwoDigits(out, static_cast<unsigned>(time.minutes().count()));
    out.push_back(':');
    AppendTwoDigits(out, static_cast<unsigned>(time.seconds().count()));
    out.push_back('.');
    const auto milliseconds = static_cast<unsigned>(time.subseconds().count());
    out.push_back(static_cast<char>('0' + milliseconds / 100));
    AppendTwoDigits(out, milliseconds % 100);
    out.push_back('Z');
}

// The UTF-8 sequence starting at text[0]: how many bytes it spans and whether it is a valid, complete character.
// An invalid one spans its lead byte and the continuation bytes that were acceptable so far (at least 1), and is
// replaced by one U+FFFD, as nlohmann::json's decoder does; overlong forms, surrogates and code points above
// U+10FFFF are invalid.
struct Utf8Sequence {
    std::size_t length;
    bool valid;
};

Utf8Sequence ReadUtf8Sequence(std::string_view text) {
    const auto first = static_cast<unsigned char>(text[0]);
    std::size_t needed = 0;
    unsigned char low = 0x80;  // range of the second byte
    unsigned char high = 0xBF;
    if (first >= 0xC2 && first <= 0xDF) {
        needed = 1;
    } else if (first >= 0xE0 && first <= 0xEF) {
        needed = 2;
        if (first == 0xE0) low = 0xA0;   // overlong
        if (first == 0xED) high = 0x9F;  // surrogates
    } else if (first >= 0xF0 && first <= 0xF4) {
        needed = 3;
        if (first == 0xF0) low = 0x90;   // overlong
        if (first == 0xF4) high = 0x8F;  // above U+10FFFF
    } else {
        return {1, false};
    }
    for (std::size_t i = 1; i <= needed; ++i) {
        if (i >= text.size()) return {i, false};
        const auto byte = static_cast<unsigned char>(text[i]);
        const bool acceptable = i == 1 ? byte >= low && byte <= high : (byte & 0xC0) == 0x80;
        if (!acceptable) return {i, false};
    }
    return {needed + 1, true};
}

void AppendHeader(std::string& line, LogLevel level, std::string_view message) {
    line.append("{\"time\":\"");
    AppendTimestamp(line);
    line.append("\",\"level\":\"");
    line.append(LevelName(level));
    line.append("\",\"message\":");
    AppendJsonString(line, message);
}

void Emit(LogLevel level, std::string& line) {
    line.append("}\n");
    Sink().Append(line, /*synchronous=*/level >= LogLevel::kWarning);
}

// The line being formatted, reused so that a steady stream of lines allocates nothing.
std::string& LineBuffer() {
    thread_local std::string line;
    line.clear();
    if (line.capacity() > 64 * 1024) line.shrink_to_fit();
    return line;
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    std::size_t i = 0;
    while (i < text.size()) {
        // Copy the longest run that needs no escaping in one go.
        std::size_t run = i;
        while (run < text.size()) {
            const auto c = static_cast<unsigned char>(text[run]);
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
            ++run;
        }
        out.append(text.data() + i, run - i);
        i = run;
        if (i >= text.size()) break;
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            const Utf8Sequence sequence = ReadUtf8Sequence(text.substr(i));
            if (sequence.valid) {
                out.append(text.data() + i, sequence.length);
            } else {
                out.append("\xEF\xBF\xBD");  // U+FFFD
            }
            i += sequence.length;
            continue;
        }
        switch (c) {
            case '"': out.append("\\\""); break;
            case '\\': out.append("\\\\"); break;
            case '\n': out.append("\\n"); break;
            case '\r': out.append("\\r"); break;
            case '\t': out.append("\\t"); break;
            case '\b': out.append("\\b"); break;
            case '\f': out.append("\\f"); break;
            default:
                out.append("\\u00");
                out.push_back(kHex[c >> 4]);
                out.push_back(kHex[c & 0xF]);
        }
        ++i;
    }
    out.push_back('"');
}

void SetLogLevel(LogLevel level) { minimum_level.store(level); }

bool LogEnabled(LogLevel level) { return level >= minimum_level.load(std::memory_order_relaxed); }

void Log(LogLevel level, std::string_view message, const nlohmann::json& fields) {
    if (!LogEnabled(level)) return;
    std::string& line = LineBuffer();
    AppendHeader(line, level, message);
    if (fields.is_object()) {
        const bool overrides = fields.contains("time") || fields.contains("level") || fields.contains("message");
        if (overrides) {
            // Rare: a field replaces one of the three standard keys, as it always could.
            nlohmann::json object = nlohmann::json::parse(line + "}");
            for (const auto& [key, value] : fields.items()) object[key] = value;
            line = object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            line.pop_back();
        } else {
            for (const auto& [key, value] : fields.items()) {
                line.push_back(',');
                AppendJsonString(line, key);
                line.push_back(':');
                // Replace rather than throw on invalid UTF-8 coming from a client.
                line.append(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
            }
        }
    }
    Emit(level, line);
}

void Log(LogLevel level, std::string_view message) { Log(level, message, nlohmann::json::object()); }

void LogFields(LogLevel level, std::string_view message, std::initializer_list<LogField> fields) {
    if (!LogEnabled(level)) return;
    std::string& line = LineBuffer();
    AppendHeader(line, level, message);
    for (const LogField& field : fields) {
        line.push_back(',');
        AppendJsonString(line, field.Key());
        line.push_back(':');
        switch (field.ValueKind()) {
            case LogField::Kind::kString: AppendJsonString(line, field.Text()); break;
            case LogField::Kind::kInteger: {
                char digits[24];
                const auto [end, error] = std::to_chars(digits, digits + sizeof digits, field.Integer());
                (void)error;
                line.append(digits, end);
                break;
            }
            case LogField::Kind::kNumber: {
                // JSON has no NaN or infinity; nlohmann writes null for them, and so does this.
                const double number = field.Number();
                if (number != number || number - number != 0) {
                    line.append("null");
                    break;
                }
                char digits[32];
                const auto [end, error] = std::to_chars(digits, digits + sizeof digits, number);
                (void)error;
                line.append(digits, end);
                break;
            }
            case LogField::Kind::kBoolean: line.append(field.Integer() != 0 ? "true" : "false"); break;
        }
    }
    Emit(level, line);
}

void FlushLogs() { Sink().Flush(); }

}  // namespace kasane
