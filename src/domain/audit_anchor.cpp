// SPDX-License-Identifier: Apache-2.0
#include "domain/audit_anchor.hpp"

#include <algorithm>

#include "base/crypto.hpp"
#include "base/json.hpp"
#include "domain/audit.hpp"

namespace kasane::domain {

namespace {

constexpr std::string_view kFormat = "kasane-audit-anchor";

void Append(std::string& out, std::string_view value) {
    out += std::to_string(value.size());
    out.push_back(':');
    out.append(value);
    out.push_back('|');
}

bool IsLowerHex(std::string_view text, std::size_t size) {
    return text.size() == size && std::all_of(text.begin(), text.end(),
                                              [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Error BadFile(std::string message, std::string field) {
    return Error::InvalidArgument("アンカーファイルが正しくありません: " + message, std::move(field));
}

}  // namespace

std::string SignedAnchorText(const AuditAnchor& anchor) {
    std::string text;
    Append(text, kFormat);
    Append(text, "v1");
    Append(text, FormatIso8601(anchor.at));
    Append(text, std::to_string(anchor.heads.size()));
    for (const AnchoredHead& head : anchor.heads) {
        Append(text, head.municipality_code);
        Append(text, std::to_string(head.sequence));
        Append(text, head.hash);
    }
    return text;
}

std::string AuditAnchorToJson(const AuditAnchor& anchor) {
    Json heads = Json::array();
    for (const AnchoredHead& head : anchor.heads) {
        heads.push_back(
            {{"municipality_code", head.municipality_code}, {"sequence", head.sequence}, {"hash", head.hash}});
    }
    const Json file = {{"format", kFormat},
                       {"version", 1},
                       {"at", FormatIso8601(anchor.at)},
                       {"heads", heads},
                       {"public_key", anchor.public_key},
                       {"signature", anchor.signature}};
    return file.dump(2) + "\n";
}

Result<AuditAnchor> AuditAnchorFromJson(std::string_view text) {
    auto file = ParseJsonObject(text);
    if (!file) return Fail(BadFile(file.error().message, file.error().field));
    auto format = RequireString(*file, "format", 64);
    if (!format || *format != kFormat) return Fail(BadFile("Kasane の監査アンカーではありません", "format"));
    auto version = RequireInteger(*file, "version");
    if (!version || *version != 1) return Fail(BadFile("版が 1 ではありません", "version"));
    AuditAnchor anchor;
    auto at = RequireString(*file, "at", 64);
    if (!at) return Fail(BadFile(at.error().message, "at"));
    auto instant = ParseIso8601(*at);
    if (!instant) return Fail(BadFile("日時の形式が正しくありません", "at"));
    anchor.at = *instant;
    auto public_key = RequireString(*file, "public_key", 64);
    if (!public_key || !IsLowerHex(*public_key, 64))
        return Fail(BadFile("公開鍵の形式が正しくありません", "public_key"));
    anchor.public_key = *public_key;
    auto signature = RequireString(*file, "signature", 128);
    if (!signature || !IsLowerHex(*signature, 128)) return Fail(BadFile("署名の形式が正しくありません", "signature"));
    anchor.signature = *signature;
    const auto heads = file->find("heads");
    if (heads == file->end() || !heads->is_array()) return Fail(BadFile("heads がありません", "heads"));
    for (const Json& item : *heads) {
        if (!item.is_object()) return Fail(BadFile("heads の要素が正しくありません", "heads"));
        auto code = RequireString(item, "municipality_code", 6);
        auto sequence = RequireInteger(item, "sequence");
        auto hash = OptionalString(item, "hash", 64);
        if (!code || !sequence || *sequence < 0 || !hash)
            return Fail(BadFile("heads の要素が正しくありません", "heads"));
        const std::string hash_text = hash->value_or("");
        if (*sequence == 0 ? !hash_text.empty() : !IsLowerHex(hash_text, 64)) {
            return Fail(BadFile("heads のハッシュが正しくありません", "heads"));
        }
        anchor.heads.push_back(AnchoredHead{.municipality_code = *code, .sequence = *sequence, .hash = hash_text});
    }
    return anchor;
}

Result<AuditAnchor> CreateAuditAnchor(Store& store, const Clock& clock, std::string_view secret_key_hex) {
    auto public_key = PublicKeyOfSecretKey(secret_key_hex);
    if (!public_key) return Fail(public_key.error());
    auto municipalities = store.Municipalities().List();  // ordered by code
    if (!municipalities) return Fail(municipalities.error());
    AuditAnchor anchor;
    anchor.at = clock.Now();
    anchor.public_key = *public_key;
    for (const Municipality& municipality : *municipalities) {
        auto head = store.Tenant(municipality.id)->Audit().Head();
        if (!head) return Fail(head.error());
        anchor.heads.push_back(
            AnchoredHead{.municipality_code = municipality.code, .sequence = head->first, .hash = head->second});
    }
    auto signature = SignDetached(secret_key_hex, SignedAnchorText(anchor));
    if (!signature) return Fail(signature.error());
    anchor.signature = std::move(*signature);
    return anchor;
}

Result<std::vector<AnchorCheck>> CheckAuditAnchor(Store& store, const AuditAnchor& anchor,
                                                  std::string_view pinned_public_key_hex) {
    // The key comes from the operator, never from the file: whoever rewrote the chain could sign a new anchor with
    // a key of their own.
    if (!VerifyDetached(pinned_public_key_hex, SignedAnchorText(anchor), anchor.signature)) {
        return Fail(
            Error::PermissionDenied("アンカーの署名を指定の公開鍵で検証できません（アンカーファイルが改変されたか、別の"
                                    "鍵で署名されています）"));
    }
    std::vector<AnchorCheck> checks;
    for (const AnchoredHead& head : anchor.heads) {
        AnchorCheck check{
            .municipality_code = head.municipality_code, .anchored_sequence = head.sequence, .problem = {}};
        auto municipality = store.Municipalities().FindByCode(head.municipality_code);
        if (!municipality) {
            if (!municipality.error().Is(ErrorCode::kNotFound)) return Fail(municipality.error());
            check.intact = false;
            check.problem = "アンカーにある自治体がデータベースにありません";
            checks.push_back(std::move(check));
            continue;
        }
        auto audit = store.Tenant(municipality->id);
        auto current = audit->Audit().Head();
        if (!current) return Fail(current.error());
        check.current_sequence = current->first;
        if (head.sequence == 0) {
            checks.push_back(std::move(check));
            continue;
        }
        // The head row can be rewritten along with the entries, so the entries themselves are read: the one at the
        // anchored sequence must be there with the anchored hash.
        bool found = false;
        std::string found_hash;
        const Status scanned = audit->Audit().Scan(head.sequence, [&](const AuditEntry& entry) {
            found = entry.sequence == head.sequence;
            found_hash = entry.hash;
            return false;
        });
        if (!scanned) return Fail(scanned.error());
        if (!found && current->first >= head.sequence) {
            check.intact = false;
            check.problem = "連番 " + std::to_string(head.sequence) + " の記録がありません（削除されています）";
        } else if (!found || current->first < head.sequence) {
            check.intact = false;
            check.problem = "監査記録が連番 " + std::to_string(head.sequence) + " まであったはずが、現在は連番 " +
                            std::to_string(current->first) + " までしかありません（末尾が削除されています）";
        } else if (found_hash != head.hash) {
            check.intact = false;
            check.problem = "連番 " + std::to_string(head.sequence) +
                            " の記録のハッシュがアンカーと異なります（連鎖が書き換えられています）";
        }
        checks.push_back(std::move(check));
    }
    return checks;
}

}  // namespace kasane::domain
