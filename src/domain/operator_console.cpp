// SPDX-License-Identifier: Apache-2.0
#include "domain/operator_console.hpp"

#include <charconv>
#include <chrono>

#include "base/version.hpp"
#include "domain/access_policy.hpp"
#include "domain/audit.hpp"

namespace kasane::domain {

namespace {

constexpr std::string_view kBackupFinishedAt = "backup.finished_at";
constexpr std::string_view kBackupBackend = "backup.backend";
constexpr std::string_view kBackupSize = "backup.size_bytes";
constexpr int kIdPage = 5000;

Error NotOperator() { return Error::PermissionDenied("自治体の一覧と追加は、運用者（システム管理者）だけが使えます"); }

}  // namespace

OperatorConsole::OperatorConsole(Store& store, const Clock& clock)
    : store_(store), clock_(clock), setup_(store, clock) {}

Status OperatorConsole::Audit(const Principal& principal, AuditAction action, std::string_view record_type,
                              std::int64_t record_id, std::string_view fields, std::string detail,
                              std::string_view remote_address) {
    AuditEntry entry = EntryBy(principal, clock_.Now(), action, record_type, record_id, fields);
    entry.remote_address = std::string(remote_address);
    entry.detail = std::move(detail);
    std::vector<AuditEntry> entries{std::move(entry)};
    return store_.Tenant(principal.Tenant())->Audit().Append(entries);
}

Result<InstallationHealth> OperatorConsole::Health(const Principal& principal, std::string_view remote_address) {
    if (!IsOperator(principal)) return Fail(NotOperator());
    InstallationHealth health;
    health.version = std::string(kKasaneVersion);
    health.backend = std::string(store_.Backend());
    health.latest_schema_version = store_.LatestSchemaVersion();
    auto schema = store_.SchemaVersion();
    if (!schema) return Fail(schema.error());
    health.schema_version = *schema;
    auto bytes = store_.StoredBytes();
    if (!bytes) return Fail(bytes.error());
    health.stored_bytes = *bytes;
    auto municipalities = store_.Municipalities().List();
    if (!municipalities) return Fail(municipalities.error());
    for (const Municipality& municipality : *municipalities) {
        TenantHealth tenant{.municipality = municipality, .size = {}, .figures = std::nullopt, .last_backup = {}};
        auto size = SizeOf(municipality.id);
        if (!size) return Fail(size.error());
        tenant.size = *size;
        auto backup = LastBackupOf(municipality.id);
        if (!backup) return Fail(backup.error());
        tenant.last_backup = *backup;
        if (tenant.last_backup &&
            (!health.last_backup || health.last_backup->finished_at < tenant.last_backup->finished_at)) {
            health.last_backup = tenant.last_backup;
        }
        auto figures = store_.TownSetups().Figures(municipality.id);
        if (!figures) return Fail(figures.error());
        if (!figures->empty()) tenant.figures = figures->back();  // by 年度: the newest last
        health.tenants.push_back(std::move(tenant));
    }
    if (auto audited = Audit(principal, AuditAction::kRead, "installation_health", 0,
                             "municipalities,counts,stored_bytes,last_backup,version",
                             "運用者が自治体の一覧と状態を表示（" + std::to_string(health.tenants.size()) + " 団体）",
                             remote_address);
        !audited) {
        return Fail(audited.error());
    }
    return health;
}

Result<TenantSize> OperatorConsole::SizeOf(MunicipalityId municipality_id) {
    auto tenant = store_.Tenant(municipality_id);
    TenantSize size;
    // Ids only, a page at a time: no person's data is read.
    PersonId after{};
    for (;;) {
        auto ids = tenant->Persons().IdsAfter(after, kIdPage);
        if (!ids) return Fail(ids.error());
        size.persons += static_cast<std::int64_t>(ids->size());
        if (ids->size() < static_cast<std::size_t>(kIdPage)) break;
        after = ids->back();
    }
    auto counts = tenant->Reports().CountConsultations(Instant{}, clock_.Now() + std::chrono::hours(24));
    if (!counts) return Fail(counts.error());
    size.consultations = counts->consultations;
    auto users = tenant->Users().List();
    if (!users) return Fail(users.error());
    size.users = static_cast<std::int64_t>(users->size());
    return size;
}

Result<std::optional<BackupRun>> OperatorConsole::LastBackupOf(MunicipalityId municipality_id) {
    auto tenant = store_.Tenant(municipality_id);
    auto at = tenant->Settings().Get(kBackupFinishedAt);
    if (!at) return Fail(at.error());
    if (!*at) return std::optional<BackupRun>{};
    auto finished = ParseIso8601(**at);
    if (!finished) return std::optional<BackupRun>{};
    BackupRun run{.finished_at = *finished, .backend = {}, .size_bytes = std::nullopt};
    auto backend = tenant->Settings().Get(kBackupBackend);
    if (!backend) return Fail(backend.error());
    run.backend = backend->value_or("");
    auto bytes = tenant->Settings().Get(kBackupSize);
    if (!bytes) return Fail(bytes.error());
    if (*bytes && !(*bytes)->empty()) {
        std::int64_t value = 0;
        const std::string& text = **bytes;
        if (std::from_chars(text.data(), text.data() + text.size(), value).ec == std::errc{}) run.size_bytes = value;
    }
    return std::optional<BackupRun>{run};
}

Status OperatorConsole::RecordBackup(const BackupRun& run) {
    const std::string at = FormatIso8601(run.finished_at);
    const std::string bytes = run.size_bytes ? std::to_string(*run.size_bytes) : std::string();
    return store_.Transaction([&](Store& transaction) -> Status {
        auto municipalities = transaction.Municipalities().List();
        if (!municipalities) return Fail(municipalities.error());
        for (const Municipality& municipality : *municipalities) {
            auto tenant = transaction.Tenant(municipality.id);
            if (auto set = tenant->Settings().Set(kBackupFinishedAt, at); !set) return set;
            if (auto set = tenant->Settings().Set(kBackupBackend, run.backend); !set) return set;
            if (auto set = tenant->Settings().Set(kBackupSize, bytes); !set) return set;
        }
        return {};
    });
}

Result<TownSetupResult> OperatorConsole::AddTown(const Principal& principal, const TownSetupRequest& request,
                                                 std::string_view remote_address) {
    if (!IsOperator(principal)) return Fail(NotOperator());
    auto added = setup_.AddTown(request, principal.user.id, remote_address);
    if (!added) return Fail(added.error());
    const Municipality& town = added->municipality;
    if (auto audited = Audit(principal, AuditAction::kCreate, "municipality", town.id.value(),
                             "code,name,prefecture_name,first_administrator",
                             "運用者が自治体を追加: " + town.prefecture_name + town.name + "（" + town.code +
                                 "）、最初の管理者 " + added->administrator.username,
                             remote_address);
        !audited) {
        return Fail(audited.error());
    }
    return added;
}

}  // namespace kasane::domain
