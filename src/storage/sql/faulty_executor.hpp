// SPDX-License-Identifier: Apache-2.0
#pragma once

// Test support: an SqlExecutor decorator that fails, deterministically, the Nth statement, the Nth commit, or the
// connection at the Nth statement, counting from when it is armed (issue 12, item 5). Install it with
// StoreOptions::decorate_executor (or the decorator argument of OpenSqliteStore / OpenPostgresStore); every
// repository and Store::Transaction then runs through it.
//
// Only statements run on the thread that armed the fault (or the thread named in Arm) are counted and failed, so
// that background work (the audit recorder's group commit) neither shifts the count nor is failed by accident.
// Pause() stops counting on that thread for a scope (authentication before a handler, for instance).
//
// What a fault looks like to the caller, as the backends report the real thing:
//   kStatement   the statement fails with kInternal (an unexpected SQL error);
//   kCommit      the Write's work succeeded but its commit fails (kUnavailable); the transaction is rolled back;
//   kConnection  the statement fails with kUnavailable, and so does every later statement on that connection
//                (rollbacks included) until its work ends; a Write on it then cannot commit. The next Read() or
//                Write() gets a healthy connection again, as a pool hands out a fresh one.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "storage/sql/sql.hpp"

namespace kasane::storage {

enum class FaultKind { kStatement, kCommit, kConnection };
// Which statements count towards `nth`: all of them, or only those run inside Read() work.
enum class FaultScope { kAll, kReads };

struct FaultPlan {
    FaultKind kind = FaultKind::kStatement;
    int nth = 1;  // 1-based: the Nth statement (kStatement, kConnection) or the Nth commit (kCommit)
    FaultScope scope = FaultScope::kAll;
};

// What happened since the fault was armed.
struct FaultReport {
    int statements = 0;  // counted statements (in scope), including the failed one
    int commits = 0;     // Write() calls that reached their commit
    bool fired = false;
    std::string statement;  // the name of the failed statement (or "COMMIT"), when fired
};

class FaultyExecutor final : public SqlExecutor {
public:
    explicit FaultyExecutor(SqlExecutor& inner) : inner_(inner) {}

    Status Read(const SqlWork& work) override;
    Status Write(const SqlWork& work) override;

    // Arms `plan` for statements of `thread` (default: the caller's), resetting the counts. With no plan, only
    // counts (to learn how many statements a piece of work runs).
    void Arm(std::optional<FaultPlan> plan, std::thread::id thread = std::this_thread::get_id());
    void Disarm();
    FaultReport Report() const;

    // While alive, statements of the current thread are neither counted nor failed.
    class Pause {
    public:
        explicit Pause(FaultyExecutor& executor);
        ~Pause();
        Pause(const Pause&) = delete;
        Pause& operator=(const Pause&) = delete;

    private:
        bool was_paused_;
    };

    // The undecorated executor (for the tests' own reads, such as dumping tables).
    SqlExecutor& Inner() { return inner_; }

private:
    class Connection;
    friend class Connection;

    bool Watching() const;
    // Called before each statement of a watched connection; an error means: fail it.
    Status BeforeStatement(Connection& connection, std::string_view name, bool in_read);

    SqlExecutor& inner_;
    mutable std::mutex mutex_;
    std::atomic<std::thread::id> thread_{};
    std::optional<FaultPlan> plan_;
    FaultReport report_;
};

}  // namespace kasane::storage
