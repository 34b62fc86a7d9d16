// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace kasane {

// An instant in UTC with millisecond precision. Stored and sent as ISO 8601 ("2024-04-01T00:00:00.000Z");
// shown to people in JST.
using Instant = std::chrono::sys_time<std::chrono::milliseconds>;

// The source of "now", so that expiry rules can be tested without sleeping. Thread-safe.
class Clock {
public:
    virtual ~Clock() = default;
    virtual Instant Now() const = 0;
};

class SystemClock final : public Clock {
public:
    Instant Now() const override;
};

// A clock tests move by hand.
class ManualClock final : public Clock {
public:
    explicit ManualClock(Instant start) : now_(start) {}
    Instant Now() const override { return now_; }
    void Advance(std::chrono::milliseconds by) { now_ += by; }

private:
    Instant now_;
};

// "2024-04-01T09:30:00.000Z"; always UTC, always millisecond precision, so strings sort as instants do.
std::string FormatIso8601(Instant instant);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" and "YYYY-MM-DD HH:MM:SS[.fff][+00[:00]]" (PostgreSQL's text form).
Result<Instant> ParseIso8601(std::string_view text);
// Shown to people in JST: see base/japan_time.hpp.

}  // namespace kasane
