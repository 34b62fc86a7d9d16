// SPDX-License-Identifier: Apache-2.0
// The organisations of a municipality managed by its administrator (issue 14, item 2): added, renamed and given
// another kind, each change audited in the same transaction (record type "organization"). Organisations are never
// deleted: users, posts, records and the audit trail name them.

#include <string>

#include "domain/administration.hpp"
#include "domain/audit.hpp"

namespace kasane::domain {

namespace {

Status AppendOrganizationAudit(Store& transaction, const Principal& principal, AuditAction action,
                               const Organization& organization, std::string_view fields, std::string detail,
                               Instant at) {
    std::vector<AuditEntry> entries{EntryBy(principal, at, action, "organization", organization.id, fields)};
    AuditEntry& entry = entries.front();
    entry.detail = std::move(detail);
    return transaction.Tenant(principal.Tenant())->Audit().Append(entries);
}

}  // namespace

Result<Organization> Administration::CreateOrganization(const Principal& principal, OrganizationKind kind,
                                                        std::string_view name) {
    if (!IsAdministrator(principal)) return Fail(Error::PermissionDenied("この操作は管理者だけが行えます"));
    if (auto valid = ValidateName(name, "name", 100); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    Organization out;
    auto done = store_.Transaction([&](Store& transaction) -> Status {
        auto created = transaction.Tenant(principal.Tenant())->Organizations().Create(kind, name);
        if (!created) return Fail(created.error());
        out = *created;
        return AppendOrganizationAudit(transaction, principal, AuditAction::kCreate, out, "kind,name",
                                       "kind=" + std::string(OrganizationKindCode(kind)), now);
    });
    if (!done) return Fail(done.error());
    return out;
}

Result<Organization> Administration::UpdateOrganization(const Principal& principal, OrganizationId id,
                                                        OrganizationKind kind, std::string_view name) {
    if (!IsAdministrator(principal)) return Fail(Error::PermissionDenied("この操作は管理者だけが行えます"));
    if (auto valid = ValidateName(name, "name", 100); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    Organization out;
    auto done = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(principal.Tenant());
        auto before = tenant->Organizations().Get(id);
        if (!before) return Fail(before.error());
        std::string fields;
        std::string detail;
        if (before->kind != kind) {
            fields = "kind";
            detail = "kind=" + std::string(OrganizationKindCode(before->kind)) + "->" +
                     std::string(OrganizationKindCode(kind));
        }
        if (before->name != name) {
            fields += fields.empty() ? "name" : ",name";
            // The old name is kept in the trail: 「旧名称」 is how a renamed 課 is found in old records.
            detail += (detail.empty() ? "" : " ") + std::string("previous_name=") + before->name;
        }
        if (fields.empty()) {  // nothing changed: nothing to write or audit
            out = *before;
            return {};
        }
        auto updated = tenant->Organizations().Update(id, kind, name);
        if (!updated) return Fail(updated.error());
        out = *updated;
        return AppendOrganizationAudit(transaction, principal, AuditAction::kUpdate, out, fields, detail, now);
    });
    if (!done) return Fail(done.error());
    return out;
}

}  // namespace kasane::domain
