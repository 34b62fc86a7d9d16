// SPDX-License-Identifier: Apache-2.0
#include "storage/sql/faulty_executor.hpp"

namespace kasane::storage {
namespace {

thread_local bool paused = false;

Error LostConnection() { return Error::Unavailable("データベースを利用できません: 接続が切れました (注入した障害)"); }

}  // namespace

// The connection handed to the work: counts its statements and fails the one the plan names.
class FaultyExecutor::Connection final : public SqlConnection {
public:
    Connection(FaultyExecutor& executor, SqlConnection& inner, bool in_read)
        : executor_(executor), inner_(inner), in_read_(in_read) {}

    Result<SqlResult> Execute(const SqlStatement& statement, std::span<const SqlParam> params) override {
        if (auto allowed = executor_.BeforeStatement(*this, statement.name, in_read_); !allowed) {
            return Fail(allowed.error());
        }
        return inner_.Execute(statement, params);
    }

    Status Stream(const SqlStatement& statement, std::span<const SqlParam> params, const SqlVisit& visit) override {
        if (auto allowed = executor_.BeforeStatement(*this, statement.name, in_read_); !allowed) return allowed;
        return inner_.Stream(statement, params, visit);
    }

    Status ExecuteScript(std::string_view sql) override {
        if (auto allowed = executor_.BeforeStatement(*this, sql.substr(0, 40), in_read_); !allowed) return allowed;
        return inner_.ExecuteScript(sql);
    }

    Status RefreshStatistics(std::span<const std::string_view> tables) override {
        return inner_.RefreshStatistics(tables);
    }
    bool RoundTripPerStatement() const override { return inner_.RoundTripPerStatement(); }

    bool lost = false;

private:
    FaultyExecutor& executor_;
    SqlConnection& inner_;
    bool in_read_;
};

bool FaultyExecutor::Watching() const { return !paused && thread_.load() == std::this_thread::get_id(); }

Status FaultyExecutor::BeforeStatement(Connection& connection, std::string_view name, bool in_read) {
    if (!Watching()) return {};
    if (connection.lost) return Fail(LostConnection());
    std::lock_guard lock(mutex_);
    if (plan_ && plan_->scope == FaultScope::kReads && !in_read) return {};
    ++report_.statements;
    if (!plan_ || report_.fired || plan_->kind == FaultKind::kCommit || report_.statements != plan_->nth) return {};
    report_.fired = true;
    report_.statement = std::string(name);
    if (plan_->kind == FaultKind::kConnection) {
        connection.lost = true;
        return Fail(LostConnection());
    }
    return Fail(Error::Internal());
}

Status FaultyExecutor::Read(const SqlWork& work) {
    return inner_.Read([&](SqlConnection& inner) -> Status {
        Connection connection(*this, inner, /*in_read=*/true);
        return work(connection);
    });
}

Status FaultyExecutor::Write(const SqlWork& work) {
    return inner_.Write([&](SqlConnection& inner) -> Status {
        Connection connection(*this, inner, /*in_read=*/false);
        Status status = work(connection);
        if (!status) return status;
        // A connection lost during the work cannot commit, even if the work swallowed the error.
        if (connection.lost) return Fail(LostConnection());
        if (!Watching()) return status;
        std::lock_guard lock(mutex_);
        if (plan_ && plan_->scope == FaultScope::kReads) return status;
        ++report_.commits;
        if (plan_ && !report_.fired && plan_->kind == FaultKind::kCommit && report_.commits == plan_->nth) {
            report_.fired = true;
            report_.statement = "COMMIT";
            // Returning an error makes the inner executor roll back, as a failed COMMIT leaves nothing behind.
            return Fail(Error::Unavailable("データベースを利用できません: コミットに失敗しました (注入した障害)"));
        }
        return status;
    });
}

void FaultyExecutor::Arm(std::optional<FaultPlan> plan, std::thread::id thread) {
    std::lock_guard lock(mutex_);
    plan_ = plan;
    report_ = FaultReport{};
    thread_.store(thread);
}

void FaultyExecutor::Disarm() {
    std::lock_guard lock(mutex_);
    plan_.reset();
    thread_.store(std::thread::id{});
}

FaultReport FaultyExecutor::Report() const {
    std::lock_guard lock(mutex_);
    return report_;
}

FaultyExecutor::Pause::Pause(FaultyExecutor&) : was_paused_(paused) { paused = true; }
FaultyExecutor::Pause::~Pause() { paused = was_paused_; }

}  // namespace kasane::storage
