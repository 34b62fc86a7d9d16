// SPDX-License-Identifier: Apache-2.0
#include "storage/open_store.hpp"

#include "storage/postgres/postgres_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace kasane::storage {

Result<std::unique_ptr<domain::Store>> OpenStore(std::string_view url, const StoreOptions& options) {
    if (options.pool_size < 1 || options.pool_size > 1000) {
        return Fail(Error::InvalidArgument("接続数は 1 から 1000 の範囲で指定してください", "pool_size"));
    }
    constexpr std::string_view kSqlitePrefix = "sqlite:";
    if (url.starts_with(kSqlitePrefix)) {
        const std::string_view path = url.substr(kSqlitePrefix.size());
        if (path.empty()) {
            return Fail(Error::InvalidArgument(
                "SQLite のファイル名を指定してください (例: sqlite:/var/lib/kasane/kasane.db)", "db"));
        }
        return sqlite::OpenSqliteStore(path, options.pool_size, options.decorate_executor);
    }
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        return postgres::OpenPostgresStore(url, options.pool_size, options.decorate_executor);
    }
    return Fail(Error::InvalidArgument(
        "データベースの URL は sqlite:ファイル名 または postgresql://… の形で指定してください", "db"));
}

}  // namespace kasane::storage
