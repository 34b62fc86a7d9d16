// SPDX-License-Identifier: Apache-2.0
#pragma once

// A scaled data set for a PostgreSQL database (`kasane demo --scale` on PostgreSQL, issue 18, item 3): generated into
// a SQLite file through the bulk path, and copied into PostgreSQL with COPY while it is generated.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "demo/demo_scale.hpp"
#include "storage/bulk_copy.hpp"

namespace kasane::app {

// The tables of the SQL schema that LoadDemoScale has completed after `stage` (demo::DemoScaleStage) and that no later
// stage writes: handed to the copy as soon as the stage ends.
const std::vector<std::string>& ScaleTablesCompleteAfter(demo::DemoScaleStage stage);

// Generates the demo town and the scaled set `options` (its `bulk` and `stage_done` are the function's own) into a new
// SQLite file at `file` (an existing one is replaced) and copies it into the PostgreSQL database `postgres_url`: the
// copy starts before the generation (storage::SqliteToPostgresCopy: the target is checked and its constraints set
// aside, kConflict if it holds a municipality) and takes each stage's tables as the stage ends, so that PostgreSQL
// parses and indexes them beside the generator; the rest is copied at the end. One transaction: on any failure the
// target is left as it was. The file is removed in every case. `fixed_clock`: tests only, as ServicesOptions's.
Result<std::pair<demo::DemoScaleReport, storage::CopyReport>> GenerateScaleThroughSqlite(
    std::string_view postgres_url, const std::filesystem::path& file, std::optional<Instant> fixed_clock,
    const demo::DemoScaleOptions& options);

}  // namespace kasane::app
