// SPDX-License-Identifier: Apache-2.0
#pragma once

// The repositories of domain/repositories.hpp, written once over SqlExecutor, and the parts of a Store that do
// not depend on the backend (transactions, migrations, ping). storage/sqlite and storage/postgres wrap these.

#include <functional>
#include <memory>

#include "domain/repositories.hpp"
#include "storage/sql/sql.hpp"

namespace kasane::storage {

// The installation-wide repositories over one executor, and tenant stores that share it.
class SqlRepositories {
public:
    explicit SqlRepositories(SqlExecutor& executor);
    ~SqlRepositories();
    SqlRepositories(const SqlRepositories&) = delete;
    SqlRepositories& operator=(const SqlRepositories&) = delete;

    domain::MunicipalityRepository& Municipalities();
    domain::PrefectureRepository& Prefectures();
    domain::AccountRepository& Accounts();
    domain::DraftRepository& Drafts();
    domain::TownSetupRepository& TownSetups();
    // Every statement run through the result filters by `municipality_id`. Valid while this object lives.
    std::unique_ptr<domain::TenantStore> Tenant(MunicipalityId municipality_id);

private:
    SqlExecutor& executor_;
    std::unique_ptr<domain::MunicipalityRepository> municipalities_;
    std::unique_ptr<domain::PrefectureRepository> prefectures_;
    std::unique_ptr<domain::AccountRepository> accounts_;
    std::unique_ptr<domain::DraftRepository> drafts_;
    std::unique_ptr<domain::TownSetupRepository> town_setups_;
};

// The Store& that Store::Transaction passes to its work: everything runs on the one connection that holds the
// open transaction. Read() work runs directly on it; Write() work runs inside a savepoint, so that a failed
// write leaves nothing behind even if the caller goes on and commits.
class TransactionStore final : public domain::Store {
public:
    TransactionStore(domain::Store& parent, SqlConnection& connection, const SqlDialect& dialect);
    ~TransactionStore() override;

    std::string_view Backend() const override;
    domain::MunicipalityRepository& Municipalities() override;
    domain::PrefectureRepository& Prefectures() override;
    domain::AccountRepository& Accounts() override;
    domain::DraftRepository& Drafts() override;
    domain::TownSetupRepository& TownSetups() override;
    std::unique_ptr<domain::TenantStore> Tenant(MunicipalityId municipality_id) override;
    // kInternal: transactions do not nest.
    Status Transaction(const std::function<Status(domain::Store&)>& work) override;
    Status Ping() override;
    domain::PoolStats Pool() override;
    int LatestSchemaVersion() const override;
    Result<int> SchemaVersion() override;
    Result<std::int64_t> StoredBytes() override;
    // kInternal: migrations and backups are not run inside a caller's transaction.
    Result<int> Migrate() override;
    Status Backup(std::string_view destination) override;
    // The executor every repository of this transaction writes through.
    const SqlExecutor& Executor() const;

private:
    class PinnedExecutor;

    domain::Store& parent_;
    const SqlDialect& dialect_;
    std::unique_ptr<PinnedExecutor> executor_;
    SqlRepositories repositories_;
};

// Runs `body` between `begin` (BEGIN, BEGIN IMMEDIATE …) and COMMIT on `connection`; rolls back when it returns an
// error (returned) or throws (rethrown), or when the commit fails.
Status RunAtomically(SqlConnection& connection, std::string_view begin, const std::function<Status()>& body);

// Runs the body of Store::Transaction on `connection`: begins with `dialect.begin_transaction`, passes a
// TransactionStore to `work`, commits on success, rolls back on error (returned) or exception (rethrown).
Status RunTransaction(domain::Store& parent, SqlConnection& connection, const SqlDialect& dialect,
                      const std::function<Status(domain::Store&)>& work);

// The same through `executor.Write()`, which begins, commits and rolls back (the backends' Transaction()).
Status RunTransaction(domain::Store& parent, SqlExecutor& executor, const SqlDialect& dialect,
                      const std::function<Status(domain::Store&)>& work);

// SELECT 1.
Status PingDatabase(SqlExecutor& executor);
// The highest applied migration, 0 when schema_migrations does not exist.
Result<int> ReadSchemaVersion(SqlExecutor& executor, const SqlDialect& dialect);
Result<std::int64_t> ReadDatabaseBytes(SqlExecutor& executor, const SqlDialect& dialect);
// Applies the missing migrations of `dialect`, each in its own Write(); kSchemaTooNew when the database is ahead.
Result<int> ApplyMigrations(SqlExecutor& executor, const SqlDialect& dialect);
inline int LatestVersionOf(const SqlDialect& dialect) {
    return dialect.migrations.empty() ? 0 : dialect.migrations.back().version;
}

}  // namespace kasane::storage
