// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

#include "base/result.hpp"

namespace kasane::storage {

// Brings a backup made by Store::Backup back into the database named by `url`, with the server stopped.
//   sqlite:PATH — the backup file is checked (PRAGMA integrity_check), copied beside PATH and renamed over it
//                 (atomic); stale -wal/-shm files are removed. Without `overwrite`, an existing PATH is refused.
//   postgresql://… — pg_restore --clean --if-exists --single-transaction into the database; without
//                 `overwrite`, a database that already has Kasane's tables is refused.
Status RestoreDatabase(std::string_view url, std::string_view backup_path, bool overwrite);

}  // namespace kasane::storage
