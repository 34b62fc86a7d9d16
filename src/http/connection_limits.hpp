// SPDX-License-Identifier: Apache-2.0
#pragma once

// Per-address accounting of client connections, so that one address cannot starve the others (issue 11, item 10).
//
// Two caps per address: concurrent connections (open ones, busy or idle) and idle ones (keep-alive connections
// waiting for their next request, and new connections that have not sent a byte yet). The class only decides;
// the server closes the connections it names. Beast-free and thread-safe (one mutex): every io thread calls it.
//
// The rules:
// - a new connection beyond the address's concurrent cap first takes the place of that address's oldest idle
//   connection, which is evicted; with none idle it is refused;
// - a connection that becomes idle beyond the address's idle cap evicts that address's oldest idle connections
//   until the cap holds again (the newest stays: it is the one most likely to be used next).
// An evicted connection no longer counts, from the moment it is named, whether or not the server has closed it yet.

#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kasane::http {

struct ConnectionLimits {
    int max_per_address = 64;       // concurrent connections of one address
    int max_idle_per_address = 16;  // idle keep-alive connections of one address
};

class ConnectionLimiter {
public:
    using ConnectionKey = std::uint64_t;

    struct Admission {
        bool accepted = false;
        std::vector<ConnectionKey> evict;  // close these (idle connections of the same address)
    };

    explicit ConnectionLimiter(ConnectionLimits limits);

    // A new connection `key` (unique while open) from `address`, counted as idle until MarkBusy. When refused,
    // the key is not tracked: do not call Close for it.
    Admission Open(ConnectionKey key, std::string_view address);
    // The connection started reading a request.
    void MarkBusy(ConnectionKey key);
    // The connection waits for its next request; returns the connections to close to keep the idle cap.
    std::vector<ConnectionKey> MarkIdle(ConnectionKey key);
    // The connection is gone (closed by either side, or evicted and then closed). Unknown keys are ignored.
    void Close(ConnectionKey key);

    // For tests and metrics: the open and idle connections counted for `address`.
    int OpenCount(std::string_view address) const;
    int IdleCount(std::string_view address) const;
    // Addresses with at least one counted connection.
    std::size_t AddressCount() const;

private:
    struct AddressState {
        int open = 0;
        std::list<ConnectionKey> idle;  // oldest first
    };
    struct Entry {
        std::string address;
        bool idle = false;
        std::list<ConnectionKey>::iterator idle_position;
    };

    // Under mutex_. Stops counting the connection (closed, or about to be): it leaves the idle list and the open
    // count goes down. The address's state stays, even at zero (Close and a refusal remove an empty one).
    void Forget(std::unordered_map<ConnectionKey, Entry>::iterator entry);
    AddressState& StateOf(const std::string& address);

    const ConnectionLimits limits_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, AddressState> addresses_;
    std::unordered_map<ConnectionKey, Entry> entries_;
};

}  // namespace kasane::http
