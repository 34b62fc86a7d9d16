// SPDX-License-Identifier: Apache-2.0
#include "http/connection_limits.hpp"

#include <algorithm>

namespace kasane::http {

ConnectionLimiter::ConnectionLimiter(ConnectionLimits limits) : limits_(limits) {}

ConnectionLimiter::AddressState& ConnectionLimiter::StateOf(const std::string& address) { return addresses_[address]; }

void ConnectionLimiter::Forget(std::unordered_map<ConnectionKey, Entry>::iterator entry) {
    const auto state = addresses_.find(entry->second.address);
    if (state != addresses_.end()) {
        if (entry->second.idle) state->second.idle.erase(entry->second.idle_position);
        --state->second.open;
    }
    entries_.erase(entry);
}

ConnectionLimiter::Admission ConnectionLimiter::Open(ConnectionKey key, std::string_view address) {
    const std::lock_guard lock(mutex_);
    Admission admission;
    const std::string name(address);
    AddressState& state = StateOf(name);
    // Over the concurrent cap: an idle connection of the same address gives up its place; the client that opened
    // a new one is more likely to use it than an old keep-alive connection it left waiting.
    while (state.open >= std::max(1, limits_.max_per_address) && !state.idle.empty()) {
        const ConnectionKey oldest = state.idle.front();
        admission.evict.push_back(oldest);
        Forget(entries_.find(oldest));  // keeps `state`: only Close and a refusal erase an address
    }
    if (state.open >= std::max(1, limits_.max_per_address)) {
        if (state.open == 0) addresses_.erase(name);
        return admission;
    }
    ++state.open;
    Entry entry{.address = name, .idle = true, .idle_position = {}};
    state.idle.push_back(key);
    entry.idle_position = std::prev(state.idle.end());
    entries_.insert_or_assign(key, std::move(entry));
    admission.accepted = true;
    // A new connection is idle: it may push the oldest idle one out, as MarkIdle would.
    while (static_cast<int>(state.idle.size()) > std::max(0, limits_.max_idle_per_address) &&
           state.idle.front() != key) {
        const ConnectionKey oldest = state.idle.front();
        admission.evict.push_back(oldest);
        Forget(entries_.find(oldest));
    }
    return admission;
}

void ConnectionLimiter::MarkBusy(ConnectionKey key) {
    const std::lock_guard lock(mutex_);
    const auto entry = entries_.find(key);
    if (entry == entries_.end() || !entry->second.idle) return;
    const auto state = addresses_.find(entry->second.address);
    if (state != addresses_.end()) state->second.idle.erase(entry->second.idle_position);
    entry->second.idle = false;
}

std::vector<ConnectionLimiter::ConnectionKey> ConnectionLimiter::MarkIdle(ConnectionKey key) {
    const std::lock_guard lock(mutex_);
    std::vector<ConnectionKey> evict;
    const auto entry = entries_.find(key);
    if (entry == entries_.end()) return evict;  // evicted meanwhile: not counted any more
    const auto state = addresses_.find(entry->second.address);
    if (state == addresses_.end()) return evict;
    if (!entry->second.idle) {
        state->second.idle.push_back(key);
        entry->second.idle_position = std::prev(state->second.idle.end());
        entry->second.idle = true;
    }
    while (static_cast<int>(state->second.idle.size()) > std::max(0, limits_.max_idle_per_address) &&
           state->second.idle.front() != key) {
        const ConnectionKey oldest = state->second.idle.front();
        evict.push_back(oldest);
        Forget(entries_.find(oldest));
    }
    return evict;
}

void ConnectionLimiter::Close(ConnectionKey key) {
    const std::lock_guard lock(mutex_);
    const auto entry = entries_.find(key);
    if (entry == entries_.end()) return;
    const std::string address = entry->second.address;
    Forget(entry);
    const auto state = addresses_.find(address);
    if (state != addresses_.end() && state->second.open <= 0) addresses_.erase(state);
}

int ConnectionLimiter::OpenCount(std::string_view address) const {
    const std::lock_guard lock(mutex_);
    const auto state = addresses_.find(std::string(address));
    return state == addresses_.end() ? 0 : state->second.open;
}

int ConnectionLimiter::IdleCount(std::string_view address) const {
    const std::lock_guard lock(mutex_);
    const auto state = addresses_.find(std::string(address));
    return state == addresses_.end() ? 0 : static_cast<int>(state->second.idle.size());
}

std::size_t ConnectionLimiter::AddressCount() const {
    const std::lock_guard lock(mutex_);
    return addresses_.size();
}

}  // namespace kasane::http
