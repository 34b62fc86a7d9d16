// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to src/storage/sql: a town's merged records (名寄せ) read once, for the counts over the whole town (the
// reports' recounts, the maintained aggregates' recount and facets, 課題と特性 of a 年度), where a merged record counts
// as the record it was merged into, followed to the end of the chain.

#include <cstdint>
#include <unordered_map>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "storage/sql/intake_support.hpp"
#include "storage/sql/sql.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

class MergedPersons {
public:
    Status Read(SqlConnection& connection, MunicipalityId tenant) {
        static constexpr SqlStatement kTownMerged{
            "town_merged_persons",
            "SELECT id, merged_into FROM persons WHERE municipality_id = $1 AND merged_into IS NOT NULL"};
        KASANE_ASSIGN(merged, connection.Execute(kTownMerged, {tenant}));
        for (const auto& values : merged->rows) {
            const SqlRow row(values);
            merged_into_.emplace(row.Integer(0).value_or(0), row.Integer(1).value_or(0));
        }
        return {};
    }

    // The survivor of `id` (itself when it was never merged); kMaxMergeDepth links at most, against a damaged cycle.
    std::int64_t SurvivorOf(std::int64_t id) const {
        for (int depth = 0; depth < kMaxMergeDepth && !merged_into_.empty(); ++depth) {
            const auto found = merged_into_.find(id);
            if (found == merged_into_.end()) break;
            id = found->second;
        }
        return id;
    }

    // Every merged record → the record it was merged into (one link).
    const std::unordered_map<std::int64_t, std::int64_t>& MergedInto() const { return merged_into_; }

private:
    std::unordered_map<std::int64_t, std::int64_t> merged_into_;
};

}  // namespace kasane::storage
