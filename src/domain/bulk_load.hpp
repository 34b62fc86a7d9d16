// SPDX-License-Identifier: Apache-2.0
#pragma once

// A loader's session for a generated data set (`kasane demo --scale`, issue 18): while it is open, the store may
// put off what costs most per row (the secondary indexes of the big tables, durability settings) and do it once
// at Finish(), which leaves the schema exactly as the migrations made it. Never used by request handling: only the
// generators open one (storage/bulk_load_port.hpp gives it for the SQL stores).

#include "base/result.hpp"

namespace kasane::domain {

class BulkLoad {
public:
    virtual ~BulkLoad() = default;
    // Before the volume is written. The writes that follow go through the repositories as usual.
    virtual Status Begin() = 0;
    // After it: the indexes built again and the settings restored. Reads that need those indexes come after.
    virtual Status Finish() = 0;
};

}  // namespace kasane::domain
