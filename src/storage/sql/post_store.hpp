#pragma once

// The posts of users (domain/post.hpp), written once over SqlExecutor like the other repositories, and migration 8
// that creates their tables and names the post in sessions and audit entries, written once for both dialects.

#include <memory>

#include "domain/repositories.hpp"
#include "storage/sql/intake_store.hpp"
#include "storage/sql/sql.hpp"

namespace kasane::storage {

Migration PostMigration(const DdlTypes& types);

std::unique_ptr<domain::PostRepository> MakePostRepository(SqlExecutor& executor, MunicipalityId tenant);

}  // namespace kasane::storage
