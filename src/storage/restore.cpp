// SPDX-License-Identifier: Apache-2.0
#include "storage/restore.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string>

#include "base/process.hpp"
#include "storage/open_store.hpp"

namespace kasane::storage {

namespace {

Status CheckSqliteFile(const std::string& path) {
    sqlite3* raw = nullptr;
    const int opened = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    std::unique_ptr<sqlite3, decltype(&sqlite3_close)> database(raw, sqlite3_close);
    if (opened != SQLITE_OK) return Fail(Error::InvalidArgument("バックアップを開けません: " + path, "from"));
    sqlite3_stmt* raw_statement = nullptr;
    if (sqlite3_prepare_v2(raw, "PRAGMA integrity_check", -1, &raw_statement, nullptr) != SQLITE_OK) {
        return Fail(Error::InvalidArgument("バックアップが SQLite のデータベースではありません: " + path, "from"));
    }
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> statement(raw_statement, sqlite3_finalize);
    std::string verdict;
    if (sqlite3_step(raw_statement) == SQLITE_ROW) {
        verdict = reinterpret_cast<const char*>(sqlite3_column_text(raw_statement, 0));
    }
    if (verdict != "ok") {
        return Fail(Error::InvalidArgument("バックアップが壊れています（integrity_check: " + verdict + "）", "from"));
    }
    return {};
}

Status RestoreSqlite(const std::string& target, const std::string& backup, Existing existing) {
    namespace fs = std::filesystem;
    std::error_code error;
    if (!fs::exists(backup, error)) return Fail(Error::NotFound("バックアップがありません: " + backup));
    if (fs::exists(target, error) && existing == Existing::kRefuse) {
        return Fail(Error::Conflict("復元先が既にあります。サーバーを止めてから --overwrite を付けてください", "db"));
    }
    if (auto checked = CheckSqliteFile(backup); !checked) return checked;
    const fs::path destination(target);
    const fs::path staging = destination.string() + ".restoring";
    fs::copy_file(backup, staging, fs::copy_options::overwrite_existing, error);
    if (error) return Fail(Error::Unavailable("バックアップを複写できません: " + error.message()));
    fs::remove(destination.string() + "-wal", error);
    fs::remove(destination.string() + "-shm", error);
    fs::rename(staging, destination, error);
    if (error) return Fail(Error::Unavailable("復元先を置き換えられません: " + error.message()));
    return {};
}

Status RestorePostgres(std::string_view url, const std::string& backup, Existing existing) {
    if (!std::filesystem::exists(backup)) return Fail(Error::NotFound("バックアップがありません: " + backup));
    if (existing == Existing::kRefuse) {
        auto store = OpenStore(url, StoreOptions{.pool_size = 1});
        if (!store) return Fail(store.error());
        auto version = (*store)->SchemaVersion();
        if (!version) return Fail(version.error());
        if (*version > 0) {
            return Fail(
                Error::Conflict("復元先のデータベースに既にデータがあります。--overwrite を付けてください", "db"));
        }
    }
    return RunProgram({"pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
                       "--dbname=" + std::string(url), backup});
}

}  // namespace

Status RestoreDatabase(std::string_view url, std::string_view backup_path, Existing existing) {
    const std::string backup(backup_path);
    if (url.starts_with("sqlite:")) return RestoreSqlite(std::string(url.substr(7)), backup, existing);
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        return RestorePostgres(url, backup, existing);
    }
    return Fail(Error::InvalidArgument("データベースの URL が正しくありません", "db"));
}

}  // namespace kasane::storage
