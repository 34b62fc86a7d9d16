// SPDX-License-Identifier: Apache-2.0
#include "domain/audit.hpp"

#include "base/crypto.hpp"
#include "domain/auth.hpp"

namespace kasane::domain {

namespace {

// Length-prefixed, so that no choice of field contents can make two different entries produce the same text.
void Append(std::string& out, std::string_view value) {
    out += std::to_string(value.size());
    out.push_back(':');
    out.append(value);
    out.push_back('|');
}

}  // namespace

AuditEntry EntryBy(const Principal& principal, Instant at, AuditAction action, std::string_view record_type,
                   std::int64_t record_id, std::string_view fields) {
    AuditEntry entry;
    entry.municipality_id = principal.Tenant();
    entry.at = at;
    entry.user_id = principal.user.id;
    entry.organization_id = principal.user.organization_id;
    entry.post_id = principal.post_id;
    entry.action = std::string(AuditActionCode(action));
    entry.record_type = std::string(record_type);
    entry.record_id = record_id;
    entry.fields = std::string(fields);
    return entry;
}

std::string CanonicalAuditText(const AuditEntry& entry) {
    std::string text;
    text.reserve(256);
    Append(text, "v1");
    Append(text, std::to_string(entry.municipality_id));
    Append(text, std::to_string(entry.sequence));
    Append(text, FormatIso8601(entry.at));
    Append(text, std::to_string(entry.user_id));
    Append(text, std::to_string(entry.organization_id));
    Append(text, entry.action);
    Append(text, entry.record_type);
    Append(text, std::to_string(entry.record_id));
    Append(text, entry.person_id ? std::to_string(*entry.person_id) : std::string("-"));
    Append(text, entry.fields);
    Append(text, entry.basis);
    Append(text, entry.basis_detail);
    Append(text, entry.remote_address);
    Append(text, entry.request_id);
    Append(text, entry.detail);
    if (entry.post_id != 0) {
        Append(text, "post");
        Append(text, std::to_string(entry.post_id));
    }
    return text;
}

std::string ChainHash(std::string_view previous_hash, const AuditEntry& entry) {
    std::string input(previous_hash);
    input.push_back('\n');
    input += CanonicalAuditText(entry);
    return Sha256Hex(input);
}

}  // namespace kasane::domain
