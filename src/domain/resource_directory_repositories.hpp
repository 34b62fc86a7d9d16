// SPDX-License-Identifier: Apache-2.0
#pragma once

// Ports of the resource directory (resource_directory.hpp). Same conventions as repositories.hpp: every method acts
// within the TenantStore's municipality; a record of another municipality is kNotFound. Each record is stored with its
// HSDS document; the fields Kasane shows are read back from the document by the domain (ReadHsds*).

#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "domain/resource_directory.hpp"

namespace kasane::domain {

class ResourceDirectoryRepository {
public:
    virtual ~ResourceDirectoryRepository() = default;
    // Stores a new organisation (id 0) or replaces one's name and document. kAlreadyExists for an external id taken
    // by another organisation of the municipality.
    virtual Result<ResourceOrganization> SaveOrganization(const ResourceOrganization& organization) = 0;
    // Likewise for a service; kInvalidArgument ("organization_id") for an organisation not of this municipality.
    virtual Result<ResourceService> SaveService(const ResourceService& service) = 0;
    virtual Result<ResourceOrganization> GetOrganization(ResourceOrganizationId id) = 0;
    virtual Result<ResourceService> GetService(ResourceServiceId id) = 0;
    // The record with this HSDS id, if any.
    virtual Result<std::optional<ResourceOrganizationId>> FindOrganization(std::string_view external_id) = 0;
    virtual Result<std::optional<ResourceServiceId>> FindService(std::string_view external_id) = 0;
    // Every organisation / service of the municipality, by id (the order they were added).
    virtual Result<std::vector<ResourceOrganization>> Organizations() = 0;
    virtual Result<std::vector<ResourceService>> Services() = 0;
};

class TenantStore;
// The repository of a tenant store (of the store or of a transaction), given by the composition root
// (storage::ResourceDirectoryOf). A port of its own rather than a TenantStore accessor for now: adding one to
// repositories.hpp rebuilds nearly every file (to fold in with the next change that does).
using ResourceDirectoryRepositories = std::function<std::unique_ptr<ResourceDirectoryRepository>(TenantStore&)>;

}  // namespace kasane::domain
