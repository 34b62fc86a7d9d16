// SPDX-License-Identifier: Apache-2.0
// The organisations of a municipality managed by its administrator (issue 14, item 2): added, renamed and given
// another kind, each change audited in the same transaction (record type "organization"). Organisations are never
// deleted: users, posts, records and the audit trail name them. A town moving in brings its list of them — the five
// 法人, the 地域包括, the 63 自治会 as organisations — from a file (list_upload.hpp), with a dry run first.

#include <map>
#include <string>

#include "domain/administration.hpp"
#include "domain/audit.hpp"
#include "domain/category_master.hpp"
#include "domain/list_upload.hpp"

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

Status RequireAdministrator(const Principal& principal) {
    if (!Administration::IsAdministrator(principal)) {
        return Fail(Error::PermissionDenied("この操作は管理者だけが行えます"));
    }
    return {};
}

// A 種別 cell: Kasane's label or code, or the short forms towns write.
std::optional<OrganizationKind> KindOfCell(std::string_view cell) {
    const std::string text = CleanedCell(cell);
    for (OrganizationKind kind : kAllOrganizationKinds) {
        if (text == OrganizationKindCode(kind) || text == CleanedCell(OrganizationKindLabel(kind))) return kind;
    }
    static const std::map<std::string, OrganizationKind, std::less<>> kShortForms = {
        {"課", OrganizationKind::kMunicipalDivision},
        {"市町村", OrganizationKind::kMunicipalDivision},
        {"役場", OrganizationKind::kMunicipalDivision},
        {"行政", OrganizationKind::kMunicipalDivision},
        {"市町村の課", OrganizationKind::kMunicipalDivision},
        {"地域包括", OrganizationKind::kCommunityCareCenter},
        {"包括", OrganizationKind::kCommunityCareCenter},
        {"社協", OrganizationKind::kSocialWelfareCouncil},
        {"NPO", OrganizationKind::kNpo},
        {"特定非営利活動法人", OrganizationKind::kNpo},
        {"病院", OrganizationKind::kMedicalInstitution},
        {"診療所", OrganizationKind::kMedicalInstitution},
        {"クリニック", OrganizationKind::kMedicalInstitution},
        {"会社", OrganizationKind::kCompany},
        {"株式会社", OrganizationKind::kCompany},
        {"事業者", OrganizationKind::kCompany},
        {"自治会", OrganizationKind::kNeighborhoodAssociation},
        {"町内会", OrganizationKind::kNeighborhoodAssociation},
        {"小学校", OrganizationKind::kSchool},
        {"中学校", OrganizationKind::kSchool},
    };
    if (const auto found = kShortForms.find(text); found != kShortForms.end()) return found->second;
    return std::nullopt;
}

std::string KindChoices() {
    std::string text;
    for (OrganizationKind kind : kAllOrganizationKinds) {
        text += (text.empty() ? "" : "・") + std::string(OrganizationKindLabel(kind));
    }
    return text;
}

}  // namespace

Result<std::int64_t> Administration::UploadOrganizationList(const Principal& principal, std::string_view file_name,
                                                            std::string_view bytes) {
    if (auto allowed = RequireAdministrator(principal); !allowed) return Fail(allowed.error());
    return KeepListUpload(store_, clock_, principal, file_name, bytes, kMaxOrganizationListBytes, "organizations.csv");
}

Result<OrganizationImportPlan> Administration::PlanOrganizationImport(const Principal& principal,
                                                                      std::int64_t upload_id,
                                                                      OrganizationKind default_kind) {
    if (auto allowed = RequireAdministrator(principal); !allowed) return Fail(allowed.error());
    auto list = ReadListUpload(store_, principal, upload_id);
    if (!list) return Fail(list.error());
    const Table& table = list->table;
    OrganizationImportPlan plan{.file_name = list->upload.file_name,
                                .sha256 = list->upload.sha256,
                                .table_name = table.name,
                                .encoding = list->encoding,
                                .rows = {},
                                .errors = 0,
                                .to_create = 0,
                                .to_update = 0};
    std::optional<std::size_t> name_column;
    std::optional<std::size_t> kind_column;
    for (std::size_t i = 0; i < table.header.size(); ++i) {
        if (!name_column && HeaderIs(table.header[i], {"名称", "機関名", "団体名", "法人名", "事業所名", "組織名",
                                                       "名前", "関係機関名", "協力事業者名"})) {
            name_column = i;
        } else if (!kind_column && HeaderIs(table.header[i], {"種別", "種類", "区分", "機関の種別"})) {
            kind_column = i;
        }
    }
    if (!name_column) {
        return Fail(
            Error::InvalidArgument("名称の列（見出し「名称」「機関名」「団体名」など）が見つかりません（見出しは" +
                                       std::to_string(table.header_line) + "行目）",
                                   "file"));
    }
    auto existing = store_.Tenant(principal.Tenant())->Organizations().List();
    if (!existing) return Fail(existing.error());
    std::map<std::string, const Organization*, std::less<>> by_name;
    for (const Organization& organization : *existing) by_name[organization.name] = &organization;
    std::map<std::string, int, std::less<>> seen;  // name → the first line naming it
    auto cell = [](const TableRow& row, std::optional<std::size_t> column) -> std::string_view {
        if (!column || *column >= row.cells.size()) return {};
        return row.cells[*column];
    };
    for (const TableRow& row : table.rows) {
        OrganizationImportRow out{.line = row.line,
                                  .kind = default_kind,
                                  .name = TrimmedName(cell(row, name_column)),
                                  .existing = std::nullopt,
                                  .changes_kind = false,
                                  .error = {}};
        std::vector<std::string> problems;
        if (const std::string_view kind_cell = cell(row, kind_column); !CleanedCell(kind_cell).empty()) {
            if (const auto kind = KindOfCell(kind_cell)) {
                out.kind = *kind;
            } else {
                problems.push_back("種別「" + std::string(kind_cell) + "」はありません（" + KindChoices() +
                                   "のいずれか）");
            }
        }
        if (auto valid = ValidateName(out.name, "name", 100); !valid) problems.push_back(valid.error().message);
        if (problems.empty()) {
            if (const auto first = seen.find(out.name); first != seen.end()) {
                problems.push_back("同じ名称の行が" + std::to_string(first->second) + "行目にもあります");
            } else {
                seen[out.name] = row.line;
            }
        }
        if (!problems.empty()) {
            for (const std::string& problem : problems) out.error += (out.error.empty() ? "" : "／") + problem;
            ++plan.errors;
        } else if (const auto found = by_name.find(out.name); found != by_name.end()) {
            out.existing = found->second->id;
            out.changes_kind = found->second->kind != out.kind;
            if (out.changes_kind) ++plan.to_update;
        } else {
            ++plan.to_create;
        }
        plan.rows.push_back(std::move(out));
    }
    if (plan.rows.empty()) return Fail(Error::InvalidArgument("取り込む行がありません", "file"));
    return plan;
}

Result<OrganizationImportPlan> Administration::ConfirmOrganizationImport(const Principal& principal,
                                                                         std::int64_t upload_id,
                                                                         OrganizationKind default_kind) {
    auto plan = PlanOrganizationImport(principal, upload_id, default_kind);
    if (!plan) return Fail(plan.error());
    if (auto refused = RefuseWhileRowsHaveErrors(plan->errors); !refused) return Fail(refused.error());
    const Instant now = clock_.Now();
    const std::string suffix = " import_sha256=" + plan->sha256;
    const Status done = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(principal.Tenant());
        OrganizationRepository& organizations = tenant->Organizations();
        for (const OrganizationImportRow& row : plan->rows) {
            if (!row.existing) {
                auto created = organizations.Create(row.kind, row.name);
                if (!created) return Fail(created.error());
                if (auto audited =
                        AppendOrganizationAudit(transaction, principal, AuditAction::kCreate, *created, "kind,name",
                                                "kind=" + std::string(OrganizationKindCode(row.kind)) + suffix, now);
                    !audited) {
                    return audited;
                }
                continue;
            }
            if (!row.changes_kind) continue;
            auto before = organizations.Get(*row.existing);
            if (!before) return Fail(before.error());
            auto updated = organizations.Update(*row.existing, row.kind, before->name);
            if (!updated) return Fail(updated.error());
            if (auto audited = AppendOrganizationAudit(transaction, principal, AuditAction::kUpdate, *updated, "kind",
                                                       "kind=" + std::string(OrganizationKindCode(before->kind)) +
                                                           "->" + std::string(OrganizationKindCode(row.kind)) + suffix,
                                                       now);
                !audited) {
                return audited;
            }
        }
        return {};
    });
    if (!done) return Fail(done.error());
    return plan;
}

Result<Organization> Administration::CreateOrganization(const Principal& principal, OrganizationKind kind,
                                                        std::string_view name) {
    if (auto allowed = RequireAdministrator(principal); !allowed) return Fail(allowed.error());
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
    if (auto allowed = RequireAdministrator(principal); !allowed) return Fail(allowed.error());
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
