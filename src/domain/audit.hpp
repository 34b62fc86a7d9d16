// SPDX-License-Identifier: Apache-2.0
#pragma once

// The audit trail: every read, search, export and change of personal data appends an entry naming who, from
// which organisation, what record and fields, when, from where, and the basis used. Entries are append-only and
// hash-chained per municipality: hash = SHA-256(previous hash || canonical form of the entry), so that changing
// or deleting any row breaks the chain from there on (`kasane audit verify`).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/ids.hpp"
#include "base/time.hpp"

namespace kasane::domain {

using PersonId = Id<struct PersonTag>;  // as in person.hpp

enum class AuditAction {
    kRead,
    kSearch,
    kExport,
    kCreate,
    kUpdate,
    kMerge,
    kUnmerge,
    kStatusChange,
    kDvProtectionRemoved,  // DV等支援措置の解除: also the administrators' alert (PersonService::DvProtectionAlerts)
    kHandOver,             // the primary record handed over to another organisation
};
std::string_view AuditActionCode(AuditAction action);  // "read", "search", "export", "create", "update", ...

struct AuditEntry {
    std::int64_t sequence = 0;  // per municipality, from 1, assigned on append
    MunicipalityId municipality_id{};
    Instant at{};
    UserId user_id{};
    OrganizationId organization_id{};  // the organisation acted in: that of the post, when the user holds posts
    PostId post_id = 0;                // the post acted in (post.hpp); 0 when the user has no posts
    std::string action;                // AuditActionCode
    std::string record_type;           // "person", "household", "consultation", "referral", "report" ...
    std::int64_t record_id = 0;
    std::optional<PersonId> person_id;  // whose data it was, when one person's
    std::string fields;                 // comma-separated field names read or changed; "*" for the whole record
    std::string basis;                  // AccessBasisCode, or "" for the organisation's own writes
    std::string basis_detail;
    std::string remote_address;
    std::string request_id;
    std::string detail;         // e.g. the search query, or the number of results of a search or export
    std::string previous_hash;  // assigned on append
    std::string hash;           // assigned on append
};

// The canonical text of an entry (every field but the hashes, in a fixed order, length-prefixed) and its chained
// hash. The post id is appended only when it is not 0, so that every entry written before posts existed keeps its
// text and every existing chain still verifies. Storage calls ChainHash when appending; `audit verify` recomputes it.
struct Principal;

// An entry with who (the user, and the organisation and post acted in), in which municipality and when, filled in
// from a signed-in principal; the request's address and id are the caller's to add (intake_support::EntryFor).
AuditEntry EntryBy(const Principal& principal, Instant at, AuditAction action, std::string_view record_type,
                   std::int64_t record_id, std::string_view fields);

std::string CanonicalAuditText(const AuditEntry& entry);
std::string ChainHash(std::string_view previous_hash, const AuditEntry& entry);

}  // namespace kasane::domain
