// SPDX-License-Identifier: Apache-2.0
#include "domain/resource_directory_cache.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace kasane::domain {

namespace {

std::uint16_t KindBit(ResourceKind kind) { return static_cast<std::uint16_t>(1U << static_cast<unsigned>(kind)); }

// The bit of a day code; 0 for a code not of kWeekdayCodes.
std::uint8_t DayBit(std::string_view day) {
    for (std::size_t i = 0; i < std::size(kWeekdayCodes); ++i) {
        if (kWeekdayCodes[i] == day) return static_cast<std::uint8_t>(1U << i);
    }
    return 0;
}

}  // namespace

std::vector<std::size_t> ResourceDirectorySnapshot::Search(const ResourceSearch& search) const {
    std::uint64_t area_bit = 0;
    if (search.area && areas.size() <= 64) {
        const auto at = std::ranges::lower_bound(areas, *search.area);
        if (at == areas.end() || *at != *search.area) return {};  // an area no service serves
        area_bit = std::uint64_t{1} << static_cast<unsigned>(at - areas.begin());
    }
    const std::uint16_t kind_bit = search.kind ? KindBit(*search.kind) : 0;
    const std::uint8_t day_bit = search.day ? DayBit(*search.day) : 0;
    const std::string_view all_texts(texts);
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < services.size(); ++i) {
        const SearchKeys& key = keys[i];
        if ((key.areas & area_bit) != area_bit || (key.kinds & kind_bit) != kind_bit ||
            (key.days & day_bit) != day_bit) {
            continue;
        }
        if (!search.text.empty()) {
            // Name and description apart, as Matches looks (a text across the two is not a match).
            const ResourceService& service = services[i];
            const std::string_view name = all_texts.substr(text_at[i], service.name.size());
            const std::string_view description =
                all_texts.substr(text_at[i] + service.name.size(), service.description.size());
            if (name.find(search.text) == std::string_view::npos &&
                description.find(search.text) == std::string_view::npos) {
                continue;
            }
        }
        if (Matches(services[i], search)) found.push_back(i);
    }
    return found;
}

std::shared_ptr<const ResourceDirectorySnapshot> IndexDirectory(std::string version,
                                                                std::vector<ResourceService> services,
                                                                std::vector<ResourceOrganization> organizations) {
    auto read = std::make_shared<ResourceDirectorySnapshot>();
    read->version = std::move(version);
    read->organizations = std::move(organizations);
    read->services = std::move(services);
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
    read->areas.erase(std::unique(read->areas.begin(), read->areas.end()), read->areas.end());
    read->keys.reserve(read->services.size());
    read->text_at.reserve(read->services.size() + 1);
    const bool few_areas = read->areas.size() <= 64;
    for (const ResourceService& service : read->services) {
        ResourceDirectorySnapshot::SearchKeys keys;
        keys.areas = few_areas ? 0 : ~std::uint64_t{0};
        if (few_areas) {
            for (const std::string& area : service.areas_served) {
                const auto at = std::ranges::lower_bound(read->areas, area);
                keys.areas |= std::uint64_t{1} << static_cast<unsigned>(at - read->areas.begin());
            }
        }
        for (const ResourceKind kind : service.kinds) keys.kinds |= KindBit(kind);
        for (const ResourceSchedule& schedule : service.schedules) {
            for (const std::string& day : schedule.days) keys.days |= DayBit(day);
        }
        read->keys.push_back(keys);
        read->text_at.push_back(read->texts.size());
        read->texts += service.name;
        read->texts += service.description;
    }
    read->text_at.push_back(read->texts.size());
    return read;
}

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
    std::shared_ptr<const ResourceDirectorySnapshot> kept =
        IndexDirectory(std::move(*version), std::move(*services), std::move(*organizations));
    const std::lock_guard lock(mutex_);
    snapshots_[municipality] = kept;
    return kept;
}

}  // namespace kasane::domain
