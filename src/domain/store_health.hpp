// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the health check and the metrics read of the store, without the repositories: the connection pool's
// figures. The store (repositories.hpp) reports them; http/metrics and http/system_routes show them.

namespace kasane::domain {

struct PoolStats {
    int size = 0;         // connections open
    int in_use = 0;       // connections checked out now
    long long waits = 0;  // times a caller had to wait for a connection, since start
};

}  // namespace kasane::domain
