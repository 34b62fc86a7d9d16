#include "domain/intake_support.hpp"
#include "domain/sharing_service.hpp"

namespace kasane::domain {

using namespace intake_support;

namespace {

Status RequireAuditor(const Principal& principal) {
    if (principal.HasRole(Role::kAuditor) || principal.HasRole(Role::kMunicipalAdministrator)) return {};
    return Fail(Error::PermissionDenied("監査記録を閲覧できるのは監査担当と管理者です"));
}

}  // namespace

AuditService::AuditService(Store& store, const Clock& clock, AuditRecorder& audit)
    : store_(store), clock_(clock), audit_(audit) {}

Result<std::vector<AuditEntry>> AuditService::AccessesOfPerson(const Actor& actor, PersonId person_id, int limit) {
    if (auto allowed = RequireAuditor(actor.principal); !allowed) return Fail(allowed.error());
    if (limit < 1 || limit > 10000) return Fail(Error::InvalidArgument("件数は1〜10000で指定してください", "limit"));
    // Reads are recorded with group commit: make sure the ones already served are in before reporting on them.
    if (auto flushed = audit_.Flush(); !flushed) return Fail(flushed.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto group = tenant->Persons().IdentityGroup(person_id);
    if (!group) return Fail(group.error());
    auto entries = tenant->Audit().ForPersons(*group, limit);
    if (!entries) return Fail(entries.error());
    // Reading the trail is itself recorded.
    audit_.Record(EntryFor(actor, clock_.Now(), AuditAction::kRead, "audit_trail", person_id, person_id, "accesses"));
    return entries;
}

Result<std::vector<AuditEntry>> AuditService::AccessesByUser(const Actor& actor, UserId user_id, Instant from,
                                                             Instant to, int limit) {
    if (auto allowed = RequireAuditor(actor.principal); !allowed) return Fail(allowed.error());
    if (to <= from) return Fail(Error::InvalidArgument("期間の終わりが始まりより前です", "to"));
    if (limit < 1 || limit > 100000) return Fail(Error::InvalidArgument("件数は1〜100000で指定してください", "limit"));
    if (auto flushed = audit_.Flush(); !flushed) return Fail(flushed.error());
    auto tenant = store_.Tenant(actor.Tenant());
    if (auto user = tenant->Users().Get(user_id); !user) return Fail(user.error());
    auto entries = tenant->Audit().ByUser(user_id, from, to, limit);
    if (!entries) return Fail(entries.error());
    audit_.Record(EntryFor(actor, clock_.Now(), AuditAction::kRead, "audit_trail", user_id, std::nullopt, "by_user"));
    return entries;
}

Result<std::vector<AuditEntry>> AuditService::Exports(const Actor& actor, Instant from, Instant to, int limit) {
    if (auto allowed = RequireAuditor(actor.principal); !allowed) return Fail(allowed.error());
    if (to <= from) return Fail(Error::InvalidArgument("期間の終わりが始まりより前です", "to"));
    if (limit < 1 || limit > 100000) return Fail(Error::InvalidArgument("件数は1〜100000で指定してください", "limit"));
    if (auto flushed = audit_.Flush(); !flushed) return Fail(flushed.error());
    auto entries = store_.Tenant(actor.Tenant())->Audit().ByAction(AuditActionCode(AuditAction::kExport), from, to, limit);
    if (!entries) return Fail(entries.error());
    audit_.Record(EntryFor(actor, clock_.Now(), AuditAction::kRead, "audit_trail", 0, std::nullopt, "exports"));
    return entries;
}

Result<std::vector<ChainCheck>> AuditService::Verify(Store& store) {
    auto municipalities = store.Municipalities().List();
    if (!municipalities) return Fail(municipalities.error());
    std::vector<ChainCheck> checks;
    for (const Municipality& municipality : *municipalities) {
        ChainCheck check{.municipality_id = municipality.id};
        std::string previous_hash;
        std::int64_t expected_sequence = 1;
        const Status scanned = store.Tenant(municipality.id)->Audit().Scan(1, [&](const AuditEntry& entry) {
            ++check.entries;
            std::string problem;
            if (entry.sequence != expected_sequence) {
                problem = "sequence " + std::to_string(expected_sequence) + " is missing";
            } else if (entry.previous_hash != previous_hash) {
                problem = "previous_hash does not match the entry before";
            } else if (entry.hash != ChainHash(previous_hash, entry)) {
                problem = "hash does not match the entry's contents";
            }
            if (!problem.empty()) {
                check.intact = false;
                check.first_broken_sequence = expected_sequence;
                check.problem = std::move(problem);
                return false;
            }
            previous_hash = entry.hash;
            ++expected_sequence;
            return true;
        });
        if (!scanned) return Fail(scanned.error());
        auto head = store.Tenant(municipality.id)->Audit().Head();
        if (!head) return Fail(head.error());
        check.head_hash = head->second;
        if (check.intact && (head->first != expected_sequence - 1 || head->second != previous_hash)) {
            check.intact = false;
            check.first_broken_sequence = expected_sequence;
            check.problem = head->first > expected_sequence - 1
                                ? "entries after sequence " + std::to_string(expected_sequence - 1) + " were removed"
                                : "the chain head does not match the last entry";
        }
        checks.push_back(std::move(check));
    }
    return checks;
}

}  // namespace kasane::domain
