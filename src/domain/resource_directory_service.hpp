// SPDX-License-Identifier: Apache-2.0
#pragma once

// The use cases of the resource directory (resource_directory.hpp): reading and searching it (every signed-in member
// of the town: it holds no personal data), adding and editing organisations and services (ResourceDirectoryAccess:
// the town's and the 社協's staff), importing an HSDS file (all of it in one transaction, or nothing, with the JSON
// path of every problem) and exporting it as HSDS. Every change is audited in its transaction.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/time.hpp"
#include "domain/audit_recorder.hpp"
#include "domain/intake.hpp"
#include "domain/repositories.hpp"
#include "domain/resource_directory.hpp"
#include "domain/resource_directory_cache.hpp"
#include "domain/resource_directory_repositories.hpp"

namespace kasane::domain {

struct ResourceServiceRow {
    ResourceService service;
    std::string organization_name;
    CooperatingHost cooperating = CooperatingHost::kNo;
};

// A service as the directory lists it: references into the parsed directory (ResourceDirectoryCache), valid while
// the ResourceDirectoryView that holds it lives (no copy of 10,000 services for a search).
struct ResourceServiceEntry {
    const ResourceService& service;  // without its HSDS document (GetService and the exports give it)
    const std::string& organization_name;
    CooperatingHost cooperating = CooperatingHost::kNo;
};

// The directory as searched, from the parsed copy of ResourceDirectoryCache (the records without their HSDS
// documents).
struct ResourceDirectoryView {
    std::vector<ResourceOrganization> organizations;
    std::vector<ResourceServiceEntry> services;  // those matching the search, by id
    std::vector<std::string> areas;              // every area named by a service, for the search form
    bool may_edit = false;
    std::shared_ptr<const ResourceDirectorySnapshot> directory;  // what `services` refer to
};

// What an import did, or why it did nothing.
struct HsdsImportResult {
    std::vector<HsdsProblem> problems;  // when not empty, nothing was written
    int organizations = 0;              // added or replaced
    int services = 0;
};

class ResourceDirectoryService {
public:
    ResourceDirectoryService(Store& store, ResourceDirectoryRepositories repositories, const Clock& clock,
                             AuditRecorder& audit, UuidSource uuids, ResourceDirectoryCache& cache);

    // The directory with the services matching `search`, of every status (the staff's list).
    Result<ResourceDirectoryView> Directory(const Actor& actor, const ResourceSearch& search);
    Result<ResourceOrganization> GetOrganization(const Actor& actor, ResourceOrganizationId id);
    Result<ResourceServiceRow> GetService(const Actor& actor, ResourceServiceId id);

    // Adds (no id) or edits an organisation / a service (ValidateOrganizationForm, ValidateServiceForm).
    Result<ResourceOrganization> SaveOrganization(const Actor& actor, std::optional<ResourceOrganizationId> id,
                                                  const OrganizationForm& form);
    Result<ResourceService> SaveService(const Actor& actor, std::optional<ResourceServiceId> id,
                                        ResourceOrganizationId organization_id, const ServiceForm& form);

    // Imports HSDS: an organization (its services nested), a service (its organization nested), an array of them,
    // or a page of them ({"contents": […]}). Records are matched by their HSDS id: a known one is replaced.
    Result<HsdsImportResult> Import(const Actor& actor, const Json& document);
    // Every organisation with its services nested (organization_full), as an HSDS page ({"contents": […]}).
    Result<Json> Export(const Actor& actor);
    // One service with its organisation nested (service_full).
    Result<Json> ExportService(const Actor& actor, ResourceServiceId id);

private:
    Result<OrganizationKind> CheckEditor(const Actor& actor);

    Store& store_;
    ResourceDirectoryRepositories repositories_;
    const Clock& clock_;
    AuditRecorder& audit_;
    UuidSource uuids_;
    ResourceDirectoryCache& cache_;
};

}  // namespace kasane::domain
