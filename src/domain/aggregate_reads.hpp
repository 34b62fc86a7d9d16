// SPDX-License-Identifier: Apache-2.0
#pragma once

// Where the aggregate counting of reports reads (issue 18, item 6): a streaming-replication hot standby when the
// installation has one (`kasane serve --read-db`), the primary otherwise. One place decides it (app/services.cpp
// builds one AggregateReads and hands it to every report that counts); the reports ask it for the store to count on.
//
// What may be read here: counts over many records that leave as figures (the 年度集計 and its 推移, the prefecture's
// roll-up, the public counts of 地域づくり). What may never be: the principal, sessions, roles, consents, sharing,
// memberships, any fact that decides access, any personal record, and any write (the audit of a report read
// included) — those stay on the primary, so that replication lag can delay a figure but never show a withdrawn
// consent or a revoked role as still in force.

#include <atomic>
#include <chrono>
#include <memory>
#include <type_traits>

#include "base/error.hpp"
#include "domain/repositories.hpp"

namespace kasane::domain {

class AggregateReads {
public:
    // How long counting stays on the primary after the standby could not be reached, before it is tried again.
    static constexpr std::chrono::seconds kStandbyRetryAfter{30};

    // Counting on the primary: an installation without a standby (and SQLite, which has none).
    explicit AggregateReads(Store& primary) : primary_(&primary) {}
    // Counting on `standby`, a hot standby of `primary`. Both stores outlive every copy of this handle.
    AggregateReads(Store& primary, Store& standby) : primary_(&primary), standby_(std::make_shared<Standby>(standby)) {}

    bool HasStandby() const { return standby_ != nullptr; }

    // Runs `count` (a callable taking Store& and returning a Result or Status) on the standby when there is one.
    // When the standby answers kUnavailable (it cannot be reached, its connection broke, or replay cancelled the
    // query), the count runs again on the primary, logged as a warning, and the primary keeps counting for
    // kStandbyRetryAfter before the standby is tried again: a report is never refused because the standby is
    // down, only read where the casework is. Any other error comes back as it is. Thread-safe.
    template <typename Count>
    auto Run(Count&& count) const -> std::invoke_result_t<Count&, Store&> {
        if (standby_ == nullptr || !standby_->Due()) return count(*primary_);
        auto counted = count(standby_->store);
        if (counted || counted.error().code != ErrorCode::kUnavailable) return counted;
        standby_->Unreachable(counted.error());
        return count(*primary_);
    }

private:
    struct Standby {
        explicit Standby(Store& standby_store) : store(standby_store) {}
        // Whether the standby is to be tried now (never failed, or failed longer than kStandbyRetryAfter ago).
        bool Due() const;
        // Logs the failure and keeps counting on the primary for kStandbyRetryAfter.
        void Unreachable(const Error& error);

        Store& store;
        std::atomic<std::chrono::steady_clock::rep> retry_at{0};
    };

    Store* primary_;
    std::shared_ptr<Standby> standby_;
};

}  // namespace kasane::domain
