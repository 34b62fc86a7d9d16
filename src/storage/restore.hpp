// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

#include "base/result.hpp"

namespace kasane::storage {

// Brings a backup made by Store::Backup back into the database named by `url`, with the server stopped.
//   sqlite:PATH — the backup file is checked (PRAGMA integrity_check), copied beside PATH and renamed over it
//                 (atomic); stale -wal/-shm files are removed. With Existing::kRefuse, an existing PATH is refused.
//   postgresql://… — pg_restore --clean --if-exists --single-transaction into the database; with
//                 Existing::kRefuse, a database that already has Kasane's tables is refused.
enum class Existing { kRefuse, kOverwrite };  // what to do with data already at the target (`--overwrite`)
Status RestoreDatabase(std::string_view url, std::string_view backup_path, Existing existing);

}  // namespace kasane::storage
