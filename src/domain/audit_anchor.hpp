// SPDX-License-Identifier: Apache-2.0
#pragma once

// Anchoring the audit chain (issue 11, item 11). The hash chain (audit.hpp) proves that no entry was changed or
// removed *in the middle*; but whoever can write the database can also cut the chain's tail, or rebuild a whole
// chain of their own, and `audit verify` alone would then pass. An anchor is the chain head of every municipality
// (sequence and hash) at one instant, signed with an Ed25519 key that is not in the database; kept on a second
// machine, it lets `kasane audit verify --anchor` prove that the chain still reaches past each anchored head and
// still holds the anchored hash there.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/repositories.hpp"

namespace kasane::domain {

struct AnchoredHead {
    std::string municipality_code;  // 全国地方公共団体コード: stable across backup and restore, unlike the id
    std::int64_t sequence = 0;      // 0 when the municipality had no entry yet
    std::string hash;               // the entry's chained hash ("" when sequence is 0)
};

struct AuditAnchor {
    Instant at{};
    std::vector<AnchoredHead> heads;  // ordered by municipality code
    std::string public_key;           // hex Ed25519 key that made the signature (informative: verify pins its own)
    std::string signature;            // hex Ed25519 signature of SignedAnchorText
};

// The exact bytes that are signed: a version tag, the instant and every head, length-prefixed.
std::string SignedAnchorText(const AuditAnchor& anchor);

// The anchor file: one JSON object {"format": "kasane-audit-anchor", "version": 1, "at", "heads": [...],
// "public_key", "signature"}. FromJson: kInvalidArgument naming the field when the text is not such a file.
std::string AuditAnchorToJson(const AuditAnchor& anchor);
Result<AuditAnchor> AuditAnchorFromJson(std::string_view text);

struct AnchorCheck {
    std::string municipality_code;
    std::int64_t anchored_sequence = 0;
    std::int64_t current_sequence = 0;
    bool intact = true;
    std::string problem;  // why not, in Japanese
};

// Reads every municipality's chain head and signs it with `secret_key_hex` (see base/crypto.hpp). Entries of reads
// are written with group commit: the caller flushes them first if a server runs in the same process.
Result<AuditAnchor> CreateAuditAnchor(Store& store, const Clock& clock, std::string_view secret_key_hex);

// Checks an anchor against the database:
// - kPermissionDenied when the signature does not verify with `pinned_public_key_hex` (a forged or altered
//   anchor, or another key's): nothing in the file can be believed then;
// - otherwise one AnchorCheck per anchored head, not intact when the municipality is gone, when its chain now
//   ends before the anchored sequence (the tail was cut), or when the entry at the anchored sequence no longer
//   has the anchored hash (the chain was rewritten).
// The chain's own links are proven by AuditService::Verify; run both.
Result<std::vector<AnchorCheck>> CheckAuditAnchor(Store& store, const AuditAnchor& anchor,
                                                  std::string_view pinned_public_key_hex);

}  // namespace kasane::domain
