// SPDX-License-Identifier: Apache-2.0
#include "domain/resource_directory_cache.hpp"

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace kasane::domain {

ResourceDirectoryCache::ResourceDirectoryCache(ResourceDirectoryRepositories directory, DirectoryVersionReader version)
    : directory_(std::move(directory)), version_(std::move(version)) {}

Result<std::shared_ptr<const ResourceDirectorySnapshot>> ResourceDirectoryCache::Of(TenantStore& tenant,
                                                                                    MunicipalityId municipality) {
    auto version = version_(tenant);
    if (!version) return Fail(version.error());
    {
        const std::lock_guard lock(mutex_);
        const auto found = snapshots_.find(municipality);
        if (found != snapshots_.end() && found->second->version == *version) return found->second;
    }
    auto directory = directory_(tenant);
    auto services = directory->Services();
    if (!services) return Fail(services.error());
    auto organizations = directory->Organizations();
    if (!organizations) return Fail(organizations.error());
    auto read = std::make_shared<ResourceDirectorySnapshot>();
    read->version = std::move(*version);
    read->organizations = std::move(*organizations);
    read->services = std::move(*services);
    std::unordered_map<std::int64_t, std::size_t> index_of;
    for (std::size_t i = 0; i < read->organizations.size(); ++i) {
        read->organizations[i].document = Json();
        index_of.emplace(read->organizations[i].id.value(), i);
    }
    read->host_of.reserve(read->services.size());
    for (ResourceService& service : read->services) {
        service.document = Json();
        const auto host = index_of.find(service.organization_id.value());
        read->host_of.push_back(host == index_of.end() ? ResourceDirectorySnapshot::kNoHost : host->second);
        for (const std::string& area : service.areas_served) read->areas.push_back(area);
    }
    std::ranges::sort(read->areas);
    const auto [first, last] = std::ranges::unique(read->areas);
    read->areas.erase(first, last);
    std::shared_ptr<const ResourceDirectorySnapshot> kept = std::move(read);
    const std::lock_guard lock(mutex_);
    snapshots_[municipality] = kept;
    return kept;
}

}  // namespace kasane::domain
