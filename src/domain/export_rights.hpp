// SPDX-License-Identifier: Apache-2.0
#pragma once

// Exporting is a right of its own, apart from reading. A person who may read a record on screen does not by that
// alone take it out of the system: a file, a print or a copy can be lost, forwarded or left on a desk, and the town
// must be able to say who took what, and how many persons' data (個人情報保護法 第68条: a leak of even one person's
// 要配慮個人情報 is reported to the PPC). So each municipality decides which roles may export personal data, every
// export checks it, and every export is audited with its row count.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "domain/auth.hpp"

namespace kasane::domain {

using PersonId = Id<struct PersonTag>;  // as in person.hpp

class Store;
struct Actor;

// The per-municipality setting that holds the grant (role codes joined by ",").
inline constexpr std::string_view kPersonalDataExportersSetting = "personal_data_export_roles";

enum class ExportKind {
    kPersonalData,  // lists, records, prints, disclosure copies, reports with exact small cells
    kAuditTrail,    // the audit trail (it names persons, but is the privacy officer's own record)
};

// Roles that may be granted the export of personal data: the staff who hold case records. 民生委員, the prefecture
// analyst, the auditor and the system administrator never export personal data (the first two see little of it,
// the others none).
bool MayBeGrantedPersonalDataExport(Role role);
// The default grant: coordinators and municipal administrators; caseworkers only when the town grants it.
std::vector<Role> DefaultPersonalDataExporters();

// The decision, pure. Personal data: one of the principal's roles is granted, and the principal holds no role that
// never exports (an account that is also the prefecture's analyst does not export). The audit trail: the auditor;
// the municipal administrator too when granted personal data.
bool MayExport(const Principal& principal, ExportKind kind, const std::vector<Role>& personal_data_exporters);

// The municipality's grant (the default when none was set).
Result<std::vector<Role>> PersonalDataExporters(Store& store, MunicipalityId municipality_id);
// kPermissionDenied, with a Japanese message, when the actor may not export.
Status AuthorizeExport(Store& store, const Actor& actor, ExportKind kind);

// The audit detail of an export: "rows=N", then what was exported. ExportRows reads N back.
std::string ExportDetail(long long rows, std::string_view what);
std::optional<long long> ExportRows(std::string_view detail);

// What an export took out: the record it is about, whose data, and how many rows.
struct ExportRecord {
    std::string record_type;  // "case", "meeting", ...
    std::int64_t record_id = 0;
    std::optional<PersonId> person_id;
    std::string fields;  // "print", "papers", ...
    long long rows = 0;
    std::string what;  // Japanese, for the privacy officer: 「支援ケース記録の印刷」
};

// The setting's text form: role codes joined by ",".
std::string ExportRolesText(const std::vector<Role>& roles);

}  // namespace kasane::domain
