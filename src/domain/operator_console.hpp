// SPDX-License-Identifier: Apache-2.0
#pragma once

// The operator of many towns (issue 14, item 3): a prefecture or a vendor runs one installation for several
// municipalities. The operator is the system administrator (user.hpp: Role::kSystemAdministrator; the rule is
// access_policy.hpp: IsOperator). They see each tenant's health — its size in counts of records, the last backup, the
// version of Kasane and of the schema — and add a town with its first administrator, who then takes the town over. They
// never see a resident's name or any other personal datum: the health holds counts only, and DecideAccess refuses them
// every person. Every use is audited in the operator's own municipality (and the new town's set-up in the new town, as
// at the first run).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/auth.hpp"
#include "domain/master_data.hpp"
#include "domain/repositories.hpp"
#include "domain/town_setup.hpp"

namespace kasane::domain {

// How many records a tenant holds: counts, never a row's content.
struct TenantSize {
    std::int64_t persons = 0;        // 個人の記録 (merged records included)
    std::int64_t consultations = 0;  // 相談 with any contact
    std::int64_t users = 0;          // accounts, disabled ones included
};

// A backup `kasane backup` completed. The copy is of the whole installation, so it is recorded in every town's
// settings (keys "backup.finished_at", "backup.backend", "backup.size_bytes") and each town shows the last backup that
// holds it.
struct BackupRun {
    Instant finished_at{};
    std::string backend;                     // "sqlite" or "postgresql"
    std::optional<std::int64_t> size_bytes;  // of the file written, when known
};

// One town as the operator sees it.
struct TenantHealth {
    Municipality municipality;
    TenantSize size;
    std::optional<YearFigures> figures;  // the newest 年度's population and households, when entered
    std::optional<BackupRun> last_backup;
};

struct InstallationHealth {
    std::string version;                   // of Kasane (base/version.hpp)
    std::string backend;                   // "sqlite" or "postgresql"
    int schema_version = 0;                // migrations applied to the database
    int latest_schema_version = 0;         // migrations this binary knows
    std::optional<BackupRun> last_backup;  // the newest of the towns'
    std::int64_t stored_bytes = 0;         // the whole database (Store::StoredBytes): every town's rows together
    std::vector<TenantHealth> tenants;     // by 団体コード
};

class OperatorConsole {
public:
    OperatorConsole(Store& store, const Clock& clock);

    // Every town's health. kPermissionDenied for anyone but the operator. Audited (a read of the installation's
    // health, in the operator's municipality).
    Result<InstallationHealth> Health(const Principal& principal, std::string_view remote_address);

    // Adds a town with its first administrator (a 市町村管理者 in the town's own 課), its figures when given, and the
    // national defaults, exactly as the first run does (TownSetup::AddTown; ValidateTownSetup with the figures
    // optional). kPermissionDenied for anyone but the operator; kInvalidArgument naming the field; kConflict,
    // field "code", for a code taken or field "admin_username" for a username taken. Audited in both towns.
    Result<TownSetupResult> AddTown(const Principal& principal, const TownSetupRequest& request,
                                    std::string_view remote_address);

    // The operator at the machine (`kasane backup`, after the copy succeeded): records the backup in every town,
    // in one transaction.
    Status RecordBackup(const BackupRun& run);

private:
    Result<TenantSize> SizeOf(MunicipalityId municipality_id);
    Result<std::optional<BackupRun>> LastBackupOf(MunicipalityId municipality_id);

    Status Audit(const Principal& principal, AuditAction action, std::string_view record_type, std::int64_t record_id,
                 std::string_view fields, std::string detail, std::string_view remote_address);

    Store& store_;
    const Clock& clock_;
    TownSetup setup_;
};

}  // namespace kasane::domain
