// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to src/storage/sql: the access facts of persons kept by a store between requests (issue 18, item 4), used
// again only while the persons' access versions are what they were when the facts were read. The versions are kept
// by the database itself: triggers on every table the facts are read from raise a person's version in the
// transaction that changes them (migration 60, access_versions_schema.cpp). So a cached fact is never used after a
// change to it has committed, whichever process or connection made the change: a withdrawn consent cuts access on
// the very next read, everywhere. What a hit saves is the reading of the facts (eleven to fifteen statements on
// SQLite, a fifteen-part statement on PostgreSQL); what it costs is one read of the versions, by primary key.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "domain/access.hpp"
#include "storage/sql/sql.hpp"

namespace kasane::storage {

// ReadAccessFacts (persons_store.cpp): the facts of `ids` in their order, skipping ids the tenant does not have;
// alone[i] says whether out[i]'s identity group is its one record (nothing merged into it, not merged itself).
using ReadAccessFactsFunction =
    std::function<Status(SqlConnection& connection, MunicipalityId tenant, const std::vector<domain::PersonId>& ids,
                         std::vector<domain::PersonAccessFacts>& out, std::vector<bool>& alone)>;

class AccessFactsCache {
public:
    struct Counts {
        std::int64_t hits = 0;
        std::int64_t misses = 0;
    };

    // At most `capacity` persons are kept; when full, the oldest half is dropped.
    explicit AccessFactsCache(std::size_t capacity);

    // The facts of `ids` as `read` gives them (same order, same skipping), each from the cache when the person's
    // version and the municipality's epoch read now on `connection` equal those read before the cached facts were.
    // The versions are read before any fact, so facts read concurrently with a change are kept under the older
    // version and never used. Only a person whose identity group is its one record is kept: a group's facts depend
    // on every record of it, and a merge raises the versions of the records it joins, but a group's versions are
    // not all known before its facts are read. Thread-safe. Never to be used inside a write transaction (its own
    // uncommitted changes could be kept); a store registers its cache for its own executor only.
    Status Read(SqlConnection& connection, MunicipalityId tenant, const std::vector<domain::PersonId>& ids,
                std::vector<domain::PersonAccessFacts>& out, const ReadAccessFactsFunction& read);

    Counts Totals() const;

private:
    struct Key {
        std::int64_t municipality;
        std::int64_t person;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& key) const {
            return std::hash<std::int64_t>()(key.person * 1000003 + key.municipality);
        }
    };
    struct Entry {
        std::int64_t version = 0;
        std::int64_t epoch = 0;
        std::uint64_t age = 0;
        domain::PersonAccessFacts facts;
    };

    void Keep(const Key& key, Entry entry);

    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<Key, Entry, KeyHash> entries_;
    std::uint64_t next_age_ = 0;
    Counts counts_;
};

// The cache of the store whose executor is `executor`, or nullptr: a transaction's executor, a decorated
// (fault-injecting) one and a store opened before migration 60 have none.
std::shared_ptr<AccessFactsCache> AccessFactsCacheOf(const SqlExecutor& executor);

// Gives `executor` a cache for as long as this object lives (a member of the store, declared after its executor).
class AccessFactsCacheRegistration {
public:
    AccessFactsCacheRegistration(const SqlExecutor& executor, std::size_t capacity);
    ~AccessFactsCacheRegistration();
    AccessFactsCacheRegistration(const AccessFactsCacheRegistration&) = delete;
    AccessFactsCacheRegistration& operator=(const AccessFactsCacheRegistration&) = delete;

private:
    const SqlExecutor& executor_;
};

// How many persons a store keeps: about 1–3 KB each, so a few tens of megabytes at most.
inline constexpr std::size_t kAccessFactsCacheCapacity = 20000;

}  // namespace kasane::storage
