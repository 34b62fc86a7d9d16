// SPDX-License-Identifier: Apache-2.0
#include <algorithm>

#include "base/japanese_text.hpp"
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

Result<std::vector<AuditPersonMatch>> AuditService::FindPersons(const Actor& actor, std::string_view query, int limit) {
    if (auto allowed = RequireAuditor(actor.principal); !allowed) return Fail(allowed.error());
    if (limit < 1 || limit > 100) return Fail(Error::InvalidArgument("件数は1〜100で指定してください", "limit"));
    if (query.size() > 200) return Fail(Error::PayloadTooLarge("検索語が長すぎます", "q"));
    const std::string key = NormalizeForSearch(query);
    std::vector<AuditPersonMatch> matches;
    if (key.empty()) return matches;
    auto tenant = store_.Tenant(actor.Tenant());
    auto hits = tenant->Persons().FindByGrams(Bigrams(key), PersonRepository::SearchField::kName, 200);
    if (!hits) return Fail(hits.error());
    std::vector<PersonId> ids;
    for (const PersonSearchHit& hit : *hits) {
        // The grams find candidates; the whole key must be in the name or a reading.
        if (hit.keys.name_key.find(key) == std::string::npos && hit.keys.kana_key.find(key) == std::string::npos &&
            hit.keys.reading_key.find(key) == std::string::npos) {
            continue;
        }
        ids.push_back(hit.person_id);
        if (std::ssize(ids) >= limit) break;
    }
    auto persons = tenant->Persons().GetMany(ids);
    if (!persons) return Fail(persons.error());
    for (const Person& person : *persons) {
        matches.push_back({.id = person.id,
                           .name = person.FullName(),
                           .kana = person.data.family_name_kana +
                                   (person.data.given_name_kana.empty() ? "" : " " + person.data.given_name_kana),
                           .birth_date = person.data.birth_date});
    }
    // The search is recorded with what was typed (no record is read, so no person is named).
    AuditEntry entry = EntryFor(actor, clock_.Now(), AuditAction::kSearch, "person", 0, std::nullopt, "audit_pick");
    entry.detail = std::string(query.substr(0, 200));
    audit_.Record(std::move(entry));
    return matches;
}

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

namespace {

// A report on the trail written to a file is itself an export of the trail, recorded with its row count and
// appended before the file leaves (not queued like a read).
Status RecordTrailExport(Store& store, const Actor& actor, Instant now, std::string_view fields, std::int64_t record_id,
                         std::size_t rows, std::string_view what) {
    AuditEntry entry = EntryFor(actor, now, AuditAction::kExport, "audit_trail", record_id, std::nullopt, fields);
    entry.detail = ExportDetail(static_cast<long long>(rows), what);
    std::vector<AuditEntry> entries{std::move(entry)};
    return store.Transaction(
        [&](Store& transaction) -> Status { return transaction.Tenant(actor.Tenant())->Audit().Append(entries); });
}

}  // namespace

Result<std::vector<AuditEntry>> AuditService::AccessesByUser(const Actor& actor, UserId user_id, Instant from,
                                                             Instant to, int limit, Delivery delivery) {
    if (auto allowed = RequireAuditor(actor.principal); !allowed) return Fail(allowed.error());
    if (delivery == Delivery::kToFile) {
        if (auto allowed = AuthorizeExport(store_, actor, ExportKind::kAuditTrail); !allowed) {
            return Fail(allowed.error());
        }
    }
    if (to <= from) return Fail(Error::InvalidArgument("期間の終わりが始まりより前です", "to"));
    if (limit < 1 || limit > 100000) return Fail(Error::InvalidArgument("件数は1〜100000で指定してください", "limit"));
    if (auto flushed = audit_.Flush(); !flushed) return Fail(flushed.error());
    auto tenant = store_.Tenant(actor.Tenant());
    if (auto user = tenant->Users().Get(user_id); !user) return Fail(user.error());
    auto entries = tenant->Audit().ByUser(user_id, from, to, limit);
    if (!entries) return Fail(entries.error());
    if (delivery == Delivery::kToFile) {
        if (auto recorded = RecordTrailExport(store_, actor, clock_.Now(), "by_user", user_id, entries->size(),
                                              "監査記録（利用者別）のCSV");
            !recorded) {
            return Fail(recorded.error());
        }
        return entries;
    }
    audit_.Record(EntryFor(actor, clock_.Now(), AuditAction::kRead, "audit_trail", user_id, std::nullopt, "by_user"));
    return entries;
}

Result<std::vector<AuditEntry>> AuditService::Exports(const Actor& actor, Instant from, Instant to, int limit,
                                                      std::optional<UserId> user_id, Delivery delivery) {
    if (auto allowed = RequireAuditor(actor.principal); !allowed) return Fail(allowed.error());
    if (delivery == Delivery::kToFile) {
        if (auto allowed = AuthorizeExport(store_, actor, ExportKind::kAuditTrail); !allowed) {
            return Fail(allowed.error());
        }
    }
    if (to <= from) return Fail(Error::InvalidArgument("期間の終わりが始まりより前です", "to"));
    if (limit < 1 || limit > 100000) return Fail(Error::InvalidArgument("件数は1〜100000で指定してください", "limit"));
    if (auto flushed = audit_.Flush(); !flushed) return Fail(flushed.error());
    auto tenant = store_.Tenant(actor.Tenant());
    if (user_id) {
        if (auto user = tenant->Users().Get(*user_id); !user) return Fail(user.error());
    }
    // Exports are few beside reads: of one user, they are taken from the period's exports (read up to the largest
    // limit) rather than from all the user's entries, which reads would crowd out.
    auto entries = tenant->Audit().ByAction(AuditActionCode(AuditAction::kExport), from, to, user_id ? 100000 : limit);
    if (!entries) return Fail(entries.error());
    if (user_id) {
        std::erase_if(*entries, [&](const AuditEntry& entry) { return entry.user_id != *user_id; });
        if (entries->size() > static_cast<std::size_t>(limit)) entries->resize(static_cast<std::size_t>(limit));
    }
    if (delivery == Delivery::kToFile) {
        if (auto recorded = RecordTrailExport(store_, actor, clock_.Now(), "exports", user_id.value_or(UserId{}),
                                              entries->size(), "監査記録（出力の一覧）のCSV");
            !recorded) {
            return Fail(recorded.error());
        }
        return entries;
    }
    audit_.Record(EntryFor(actor, clock_.Now(), AuditAction::kRead, "audit_trail", user_id.value_or(UserId{}),
                           std::nullopt, "exports"));
    return entries;
}

Result<std::vector<Role>> AuditService::ExportRoles(const Actor& actor) {
    if (auto allowed = RequireAuditor(actor.principal); !allowed) return Fail(allowed.error());
    return PersonalDataExporters(store_, actor.Tenant());
}

Result<std::vector<Role>> AuditService::SetExportRoles(const Actor& actor, const std::vector<Role>& roles) {
    if (!actor.principal.HasRole(Role::kMunicipalAdministrator)) {
        return Fail(Error::PermissionDenied("出力の権限を変更できるのは町の管理者です"));
    }
    std::vector<Role> granted;
    for (Role role : roles) {
        if (!MayBeGrantedPersonalDataExport(role)) {
            return Fail(Error::InvalidArgument(
                std::string(RoleLabel(role)) + "には個人情報の出力を許可できません（推進員・管理者・相談支援員のみ）",
                "roles"));
        }
        if (std::find(granted.begin(), granted.end(), role) == granted.end()) granted.push_back(role);
    }
    std::sort(granted.begin(), granted.end());
    auto before = PersonalDataExporters(store_, actor.Tenant());
    if (!before) return Fail(before.error());
    const std::string text = ExportRolesText(granted);
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        if (auto set = tenant->Settings().Set(kPersonalDataExportersSetting, text); !set) return set;
        AuditEntry entry = EntryFor(actor, clock_.Now(), AuditAction::kUpdate, "setting", 0, std::nullopt,
                                    "personal_data_export_roles");
        entry.detail = ExportRolesText(*before) + " -> " + text;
        std::vector<AuditEntry> entries{std::move(entry)};
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return granted;
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
