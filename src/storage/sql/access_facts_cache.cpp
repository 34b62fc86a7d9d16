// SPDX-License-Identifier: Apache-2.0
#include "storage/sql/access_facts_cache.hpp"

#include <algorithm>
#include <utility>

#include "storage/sql/read_ahead.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {
namespace {

using namespace sql_support;  // NOLINT(google-build-using-namespace): the id sets

// The versions of the persons of $2 and the municipality's epoch (person 0), by primary key. A person or an epoch
// without a row has never changed since migration 60: version 0. The set is read one id at a time by a correlated
// subquery, so that each is a lookup of the primary key on both databases: as `person_id IN (set)`, PostgreSQL,
// which guesses 100 rows for json_each, hashed the set and read the whole table (21,213 rows on the prefecture set,
// about 3 ms of every search and home page, and more as the table grows).
#define KASANE_ACCESS_VERSION_OF(PERSON) \
    "COALESCE((SELECT v.version FROM access_versions v WHERE v.municipality_id = $1 AND v.person_id = " PERSON "), 0)"
constexpr IdSetStatement kSelectAccessVersions{
    {"access_versions_of_many",
     "SELECT 0, " KASANE_ACCESS_VERSION_OF("0") " UNION ALL SELECT CAST(j.key AS BIGINT), " KASANE_ACCESS_VERSION_OF(
         "CAST(j.key AS BIGINT)") " FROM json_each($2) j"},
    {"access_versions_of_one",
     "SELECT person_id, version FROM access_versions WHERE municipality_id = $1 AND person_id IN (0, $2)"}};

// The persons whose versions are read: each once, in order (the statement's parameter, so a read-ahead's too).
std::vector<domain::PersonId> DistinctSorted(const std::vector<domain::PersonId>& ids) {
    std::vector<domain::PersonId> distinct = ids;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    return distinct;
}

std::mutex g_registry_mutex;
std::unordered_map<const SqlExecutor*, std::shared_ptr<AccessFactsCache>>& Registry() {
    static auto* registry = new std::unordered_map<const SqlExecutor*, std::shared_ptr<AccessFactsCache>>();
    return *registry;
}

}  // namespace

AccessFactsCache::AccessFactsCache(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 2)) {}

Status AccessFactsCache::Read(SqlConnection& connection, MunicipalityId tenant,
                              const std::vector<domain::PersonId>& ids, std::vector<domain::PersonAccessFacts>& out,
                              const ReadAccessFactsFunction& read) {
    std::vector<bool> alone;
    if (ids.empty()) return {};
    const std::vector<domain::PersonId> distinct = DistinctSorted(ids);
    const IdSet set(distinct);
    auto version_rows = connection.Execute(kSelectAccessVersions.For(set), {tenant, set.Param()});
    // Without the versions (a database not yet at migration 60) nothing can be checked: read as before.
    if (!version_rows) return read(connection, tenant, ids, out, alone);
    std::unordered_map<std::int64_t, std::int64_t> versions;
    for (const auto& values : version_rows->rows) {
        const SqlRow row(values);
        auto person = row.Integer(0);
        auto version = row.Integer(1);
        if (!person || !version) return Fail(Corrupt("access_versions"));
        versions[*person] = *version;
    }
    const auto version_of = [&](std::int64_t person) {
        const auto found = versions.find(person);
        return found == versions.end() ? std::int64_t{0} : found->second;
    };
    const std::int64_t epoch = version_of(0);

    std::unordered_map<std::int64_t, domain::PersonAccessFacts> found;
    std::vector<domain::PersonId> misses;
    {
        const std::lock_guard lock(mutex_);
        for (domain::PersonId id : distinct) {
            const auto entry = entries_.find(Key{tenant.value(), id.value()});
            if (entry != entries_.end() && entry->second.version == version_of(id.value()) &&
                entry->second.epoch == epoch) {
                entry->second.age = ++next_age_;
                found.emplace(id.value(), entry->second.facts);
                ++counts_.hits;
            } else {
                misses.push_back(id);
                ++counts_.misses;
            }
        }
    }
    if (!misses.empty()) {
        std::vector<domain::PersonAccessFacts> fresh;
        KASANE_TRY(read(connection, tenant, misses, fresh, alone));
        for (std::size_t i = 0; i < fresh.size(); ++i) {
            const std::int64_t person = fresh[i].person_id.value();
            if (i < alone.size() && alone[i]) {
                Keep(Key{tenant.value(), person},
                     Entry{.version = version_of(person), .epoch = epoch, .facts = fresh[i]});
            }
            found.emplace(person, std::move(fresh[i]));
        }
    }
    out.clear();
    out.reserve(ids.size());
    for (domain::PersonId id : ids) {
        const auto facts = found.find(id.value());
        if (facts != found.end()) out.push_back(facts->second);
    }
    return {};
}

void AccessFactsCache::Keep(const Key& key, Entry entry) {
    const std::lock_guard lock(mutex_);
    if (entries_.size() >= capacity_ && !entries_.contains(key)) {
        // Drop the older half: rare (a full cache), and cheaper than keeping a list in order on every hit.
        std::vector<std::uint64_t> ages;
        ages.reserve(entries_.size());
        for (const auto& [_, kept] : entries_) ages.push_back(kept.age);
        std::nth_element(ages.begin(), ages.begin() + static_cast<std::ptrdiff_t>(ages.size() / 2), ages.end());
        const std::uint64_t median = ages[ages.size() / 2];
        std::erase_if(entries_, [median](const auto& kept) { return kept.second.age < median; });
    }
    entry.age = ++next_age_;
    entries_.insert_or_assign(key, std::move(entry));
}

AccessFactsCache::Counts AccessFactsCache::Totals() const {
    const std::lock_guard lock(mutex_);
    return counts_;
}

std::shared_ptr<AccessFactsCache> AccessFactsCacheOf(const SqlExecutor& executor) {
    const std::lock_guard lock(g_registry_mutex);
    const auto found = Registry().find(&executor);
    return found == Registry().end() ? nullptr : found->second;
}

AccessFactsCacheRegistration::AccessFactsCacheRegistration(const SqlExecutor& executor, std::size_t capacity)
    : executor_(executor) {
    const std::lock_guard lock(g_registry_mutex);
    Registry()[&executor_] = std::make_shared<AccessFactsCache>(capacity);
}

AccessFactsCacheRegistration::~AccessFactsCacheRegistration() {
    const std::lock_guard lock(g_registry_mutex);
    Registry().erase(&executor_);
}

ReadCall AccessVersionsToReadAhead(MunicipalityId tenant, const std::vector<domain::PersonId>& ids) {
    const IdSet set(DistinctSorted(ids));  // as Read asks
    return ReadCall{.statement = kSelectAccessVersions.For(set),
                    .params = {SqlParamText(tenant), SqlParamText(set.Param())}};
}

}  // namespace kasane::storage
