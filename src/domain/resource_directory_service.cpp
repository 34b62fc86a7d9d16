// SPDX-License-Identifier: Apache-2.0
#include "domain/resource_directory_service.hpp"

#include <map>
#include <set>
#include <utility>

#include "domain/access_policy.hpp"
#include "domain/intake_support.hpp"
#include "domain/resource_directory_repositories.hpp"

namespace kasane::domain {

using intake_support::EntryFor;

namespace {

AuditEntry ChangeAudit(const Actor& actor, Instant now, AuditAction action, std::string_view record_type,
                       std::int64_t id, std::string_view external_id) {
    AuditEntry audit = EntryFor(actor, now, action, record_type, id, std::nullopt, "*");
    audit.basis = "resource_editor";
    audit.basis_detail = std::string("hsds:") + std::string(external_id);
    return audit;
}

// The records an import brings, read and checked before anything is written.
struct Incoming {
    std::vector<ResourceOrganization> organizations;
    std::vector<std::pair<std::size_t, ResourceService>> services;  // with the index of their organisation
};

void ReadOrganizationFull(const Json& document, const std::string& path, Incoming& incoming,
                          std::vector<HsdsProblem>& problems) {
    auto organization = ReadHsdsOrganization(document, path, problems);
    if (!organization) return;
    const std::size_t index = incoming.organizations.size();
    incoming.organizations.push_back(std::move(*organization));
    const auto services = document.find("services");
    if (services == document.end()) return;
    if (!services->is_array()) {
        problems.push_back({.path = path + "/services", .message = "services が配列ではありません"});
        return;
    }
    for (std::size_t i = 0; i < services->size(); ++i) {
        const std::string at = path + "/services/" + std::to_string(i);
        auto service = ReadHsdsService((*services)[i], at, problems);
        if (service) incoming.services.emplace_back(index, std::move(*service));
    }
}

void ReadServiceFull(const Json& document, const std::string& path, Incoming& incoming,
                     std::vector<HsdsProblem>& problems) {
    auto service = ReadHsdsService(document, path, problems);
    const auto organization = document.find("organization");
    if (organization == document.end() || !organization->is_object()) {
        problems.push_back(
            {.path = path + "/organization", .message = "サービスには提供する組織（organization）が要ります"});
        return;
    }
    auto host = ReadHsdsOrganization(*organization, path + "/organization", problems);
    if (!host || !service) return;
    const std::size_t index = incoming.organizations.size();
    incoming.organizations.push_back(std::move(*host));
    incoming.services.emplace_back(index, std::move(*service));
}

void ReadAny(const Json& document, const std::string& path, Incoming& incoming, std::vector<HsdsProblem>& problems) {
    if (document.is_array()) {
        for (std::size_t i = 0; i < document.size(); ++i) {
            ReadAny(document[i], path + "/" + std::to_string(i), incoming, problems);
        }
        return;
    }
    if (!document.is_object()) {
        problems.push_back({.path = path.empty() ? "/" : path, .message = "オブジェクトではありません"});
        return;
    }
    if (const auto contents = document.find("contents"); contents != document.end()) {
        if (!contents->is_array()) {
            problems.push_back({.path = path + "/contents", .message = "contents が配列ではありません"});
            return;
        }
        ReadAny(*contents, path + "/contents", incoming, problems);
        return;
    }
    // A service has a status (required by HSDS); an organisation has none.
    if (document.contains("status")) {
        ReadServiceFull(document, path, incoming, problems);
    } else {
        ReadOrganizationFull(document, path, incoming, problems);
    }
}

}  // namespace

ResourceDirectoryService::ResourceDirectoryService(Store& store, ResourceDirectoryRepositories repositories,
                                                   const Clock& clock, AuditRecorder& audit, UuidSource uuids,
                                                   ResourceDirectoryCache& cache)
    : store_(store),
      repositories_(std::move(repositories)),
      clock_(clock),
      audit_(audit),
      uuids_(std::move(uuids)),
      cache_(cache) {}

namespace {

Status CheckReader(const Actor& actor) {
    if (!MayReadResourceDirectory(actor.principal)) {
        return Fail(Error::PermissionDenied("資源台帳を見る権限がありません"));
    }
    return {};
}

}  // namespace

Result<OrganizationKind> ResourceDirectoryService::CheckEditor(const Actor& actor) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    if (!MayEditResourceDirectory(actor.principal, *kind)) {
        return Fail(Error::PermissionDenied("資源台帳を編集できるのは町と社会福祉協議会の職員です"));
    }
    return *kind;
}

Result<ResourceDirectoryView> ResourceDirectoryService::Directory(const Actor& actor, const ResourceSearch& search) {
    if (auto reader = CheckReader(actor); !reader) return Fail(reader.error());
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto snapshot = cache_.Of(*tenant, actor.Tenant());
    if (!snapshot) return Fail(snapshot.error());
    const ResourceDirectorySnapshot& directory = **snapshot;
    static const std::string kNoName;
    ResourceDirectoryView view;
    view.may_edit = MayEditResourceDirectory(actor.principal, *kind);
    for (const std::size_t i : directory.Search(search)) {
        const ResourceService& service = directory.services[i];
        const std::size_t host = directory.host_of[i];
        if (host == ResourceDirectorySnapshot::kNoHost) {
            view.services.push_back({.service = service, .organization_name = kNoName});
        } else {
            view.services.push_back({.service = service,
                                     .organization_name = directory.organizations[host].name,
                                     .cooperating = directory.organizations[host].cooperating});
        }
    }
    view.areas = directory.areas;
    view.organizations = directory.organizations;
    view.directory = std::move(*snapshot);
    return view;
}

Result<ResourceOrganization> ResourceDirectoryService::GetOrganization(const Actor& actor, ResourceOrganizationId id) {
    if (auto reader = CheckReader(actor); !reader) return Fail(reader.error());
    auto tenant = store_.Tenant(actor.Tenant());
    return repositories_(*tenant)->GetOrganization(id);
}

Result<ResourceServiceRow> ResourceDirectoryService::GetService(const Actor& actor, ResourceServiceId id) {
    if (auto reader = CheckReader(actor); !reader) return Fail(reader.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto directory = repositories_(*tenant);
    auto service = directory->GetService(id);
    if (!service) return Fail(service.error());
    auto organization = directory->GetOrganization(service->organization_id);
    if (!organization) return Fail(organization.error());
    return ResourceServiceRow{.service = std::move(*service),
                              .organization_name = organization->name,
                              .cooperating = organization->cooperating};
}

Result<ResourceOrganization> ResourceDirectoryService::SaveOrganization(const Actor& actor,
                                                                        std::optional<ResourceOrganizationId> id,
                                                                        const OrganizationForm& form) {
    if (auto editor = CheckEditor(actor); !editor) return Fail(editor.error());
    if (auto valid = ValidateOrganizationForm(form); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    ResourceOrganization saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto owned = repositories_(*in);
        ResourceDirectoryRepository& directory = *owned;
        Json document = Json::object();
        if (id) {
            auto existing = directory.GetOrganization(*id);
            if (!existing) return Fail(existing.error());
            document = std::move(existing->document);
        }
        ResourceOrganization organization = WriteOrganizationForm(form, std::move(document), uuids_);
        organization.id = id.value_or(ResourceOrganizationId{});
        organization.updated_by = actor.principal.user.id;
        organization.updated_at = now;
        auto stored = directory.SaveOrganization(organization);
        if (!stored) return Fail(stored.error());
        saved = std::move(*stored);
        std::vector<AuditEntry> entries{ChangeAudit(actor, now, id ? AuditAction::kUpdate : AuditAction::kCreate,
                                                    "resource_organization", saved.id.value(), saved.external_id)};
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<ResourceService> ResourceDirectoryService::SaveService(const Actor& actor, std::optional<ResourceServiceId> id,
                                                              ResourceOrganizationId organization_id,
                                                              const ServiceForm& form) {
    if (auto editor = CheckEditor(actor); !editor) return Fail(editor.error());
    if (auto valid = ValidateServiceForm(form); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    ResourceService saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto owned = repositories_(*in);
        ResourceDirectoryRepository& directory = *owned;
        if (!directory.GetOrganization(organization_id)) {
            return Fail(Error::InvalidArgument("提供する組織を選んでください", "organization_id"));
        }
        Json document = Json::object();
        if (id) {
            auto existing = directory.GetService(*id);
            if (!existing) return Fail(existing.error());
            document = std::move(existing->document);
        }
        ResourceService service = WriteServiceForm(form, std::move(document), uuids_);
        service.id = id.value_or(ResourceServiceId{});
        service.organization_id = organization_id;
        service.updated_by = actor.principal.user.id;
        service.updated_at = now;
        auto stored = directory.SaveService(service);
        if (!stored) return Fail(stored.error());
        saved = std::move(*stored);
        std::vector<AuditEntry> entries{ChangeAudit(actor, now, id ? AuditAction::kUpdate : AuditAction::kCreate,
                                                    "resource_service", saved.id.value(), saved.external_id)};
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<HsdsImportResult> ResourceDirectoryService::Import(const Actor& actor, const Json& document) {
    if (auto editor = CheckEditor(actor); !editor) return Fail(editor.error());
    HsdsImportResult result;
    Incoming incoming;
    ReadAny(document, "", incoming, result.problems);
    if (!result.problems.empty()) return result;
    if (incoming.organizations.empty()) {
        result.problems.push_back({.path = "/", .message = "取り込む組織もサービスもありません"});
        return result;
    }
    const Instant now = clock_.Now();
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto owned = repositories_(*in);
        ResourceDirectoryRepository& directory = *owned;
        std::vector<AuditEntry> entries;
        std::vector<ResourceOrganizationId> organization_ids;
        for (ResourceOrganization& organization : incoming.organizations) {
            auto known = directory.FindOrganization(organization.external_id);
            if (!known) return Fail(known.error());
            organization.id = known->value_or(ResourceOrganizationId{});
            organization.updated_by = actor.principal.user.id;
            organization.updated_at = now;
            auto stored = directory.SaveOrganization(organization);
            if (!stored) return Fail(stored.error());
            organization_ids.push_back(stored->id);
            entries.push_back(ChangeAudit(actor, now, *known ? AuditAction::kUpdate : AuditAction::kCreate,
                                          "resource_organization", stored->id.value(), stored->external_id));
        }
        for (auto& [index, service] : incoming.services) {
            auto known = directory.FindService(service.external_id);
            if (!known) return Fail(known.error());
            service.id = known->value_or(ResourceServiceId{});
            service.organization_id = organization_ids[index];
            service.updated_by = actor.principal.user.id;
            service.updated_at = now;
            auto stored = directory.SaveService(service);
            if (!stored) return Fail(stored.error());
            entries.push_back(ChangeAudit(actor, now, *known ? AuditAction::kUpdate : AuditAction::kCreate,
                                          "resource_service", stored->id.value(), stored->external_id));
        }
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    // An organisation nested in several services counts once.
    std::set<std::string> organizations;
    for (const ResourceOrganization& organization : incoming.organizations)
        organizations.insert(organization.external_id);
    result.organizations = static_cast<int>(organizations.size());
    result.services = static_cast<int>(incoming.services.size());
    return result;
}

Result<Json> ResourceDirectoryService::Export(const Actor& actor) {
    if (auto reader = CheckReader(actor); !reader) return Fail(reader.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto directory = repositories_(*tenant);
    auto organizations = directory->Organizations();
    if (!organizations) return Fail(organizations.error());
    auto services = directory->Services();
    if (!services) return Fail(services.error());
    std::map<ResourceOrganizationId, std::vector<ResourceService>> by_organization;
    for (ResourceService& service : *services) by_organization[service.organization_id].push_back(std::move(service));
    Json contents = Json::array();
    for (const ResourceOrganization& organization : *organizations) {
        contents.push_back(OrganizationFull(organization, by_organization[organization.id]));
    }
    const auto count = static_cast<std::int64_t>(contents.size());
    return Json{{"total_items", count}, {"total_pages", 1},  {"page_number", 1},    {"size", count},
                {"first_page", true},   {"last_page", true}, {"empty", count == 0}, {"contents", std::move(contents)}};
}

Result<Json> ResourceDirectoryService::ExportService(const Actor& actor, ResourceServiceId id) {
    if (auto reader = CheckReader(actor); !reader) return Fail(reader.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto directory = repositories_(*tenant);
    auto service = directory->GetService(id);
    if (!service) return Fail(service.error());
    auto organization = directory->GetOrganization(service->organization_id);
    if (!organization) return Fail(organization.error());
    return ServiceFull(*service, *organization);
}

}  // namespace kasane::domain
