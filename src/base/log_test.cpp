// SPDX-License-Identifier: Apache-2.0
#include "base/log.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace kasane {
namespace {

std::string Quoted(std::string_view text) {
    std::string out;
    AppendJsonString(out, text);
    return out;
}

// The hand-written escaper must write what nlohmann::json wrote before it (error_handler_t::replace).
TEST(Log, JsonStringsMatchNlohmannWithReplacement) {
    const std::vector<std::string> samples = {
        "",
        "plain",
        "quote \" backslash \\ slash /",
        "control \n\r\t\b\f \x01 \x1f \x7f",
        "日本語の文字列",
        "emoji \xF0\x9F\x98\x80",
        "lone continuation \x80 here",
        "truncated \xE6\x97",
        "overlong \xC0\xAF",
        "surrogate \xED\xA0\x80",
        "too large \xF4\x90\x80\x80",
        "mixed 福祉\xFF課",
        "truncated then text \xE6\x97 x",
        "four cut \xF0\x9F\x98",
        "end \xC3",
        "overlong three \xE0\x80\x80",
        "\xF5\x80",
        "\xE6\x97\xE6\x97\xA5",
    };
    for (const auto& sample : samples) {
        const std::string expected =
            nlohmann::json(sample).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        EXPECT_EQ(Quoted(sample), expected) << sample;
    }
}

class CapturedStderr {
public:
    CapturedStderr() {
        std::fflush(stderr);
        saved_ = ::dup(STDERR_FILENO);
        std::FILE* file = std::tmpfile();
        file_ = file;
        ::dup2(::fileno(file), STDERR_FILENO);
    }
    ~CapturedStderr() {
        ::dup2(saved_, STDERR_FILENO);
        ::close(saved_);
        std::fclose(file_);
    }
    std::vector<std::string> Lines() {
        FlushLogs();
        std::string text;
        std::rewind(file_);
        char buffer[4096];
        std::size_t read = 0;
        while ((read = std::fread(buffer, 1, sizeof buffer, file_)) > 0) text.append(buffer, read);
        std::vector<std::string> lines;
        std::istringstream stream(text);
        for (std::string line; std::getline(stream, line);) lines.push_back(line);
        return lines;
    }

private:
    int saved_ = -1;
    std::FILE* file_ = nullptr;
};

TEST(Log, LinesFromManyThreadsAreWholeAndAllWrittenByFlush) {
    CapturedStderr captured;
    constexpr int kThreads = 4;
    constexpr int kLinesPerThread = 2000;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([t] {
            for (int i = 0; i < kLinesPerThread; ++i) {
                LogFields(LogLevel::kInfo, "request",
                          {{"thread", t}, {"index", i}, {"route", "/api/v1/{id}"}, {"duration_ms", 0.25}});
            }
        });
    }
    for (auto& thread : threads) thread.join();
    const auto lines = captured.Lines();
    ASSERT_EQ(lines.size(), static_cast<std::size_t>(kThreads * kLinesPerThread));
    std::vector<int> next(kThreads, 0);
    for (const auto& line : lines) {
        const auto entry = nlohmann::json::parse(line);  // throws, failing the test, on a torn line
        EXPECT_EQ(entry["level"], "info");
        EXPECT_EQ(entry["message"], "request");
        EXPECT_EQ(entry["route"], "/api/v1/{id}");
        EXPECT_EQ(entry["duration_ms"], 0.25);
        EXPECT_EQ(entry["time"].get<std::string>().size(), 24u);
        const int thread = entry["thread"];
        EXPECT_EQ(entry["index"], next[static_cast<std::size_t>(thread)]++);  // each thread's lines in order
    }
}

TEST(Log, WarningsAreWrittenBeforeLogReturns) {
    CapturedStderr captured;
    Log(LogLevel::kInfo, "before", {{"n", 1}});
    Log(LogLevel::kWarning, "now", {{"detail", "x"}});
    // No FlushLogs here: read the file directly.
    std::ifstream file("/proc/self/fd/" + std::to_string(STDERR_FILENO));
    std::string first;
    std::string second;
    std::getline(file, first);
    std::getline(file, second);
    EXPECT_EQ(nlohmann::json::parse(first)["message"], "before");
    EXPECT_EQ(nlohmann::json::parse(second)["message"], "now");
    EXPECT_EQ(nlohmann::json::parse(second)["detail"], "x");
}

}  // namespace
}  // namespace kasane
