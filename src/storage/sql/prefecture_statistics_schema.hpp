// SPDX-License-Identifier: Apache-2.0
#pragma once

// Migration 37 (prefecture_statistics_schema.cpp). Declared apart from migrations.hpp for now (read by some thirty
// files; to fold in with its next change).

#include "storage/sql/migrations.hpp"

namespace kasane::storage {

Migration PrefectureStatisticsMigration(const DdlTypes& types);  // 37, prefecture_statistics_schema.cpp

}  // namespace kasane::storage
