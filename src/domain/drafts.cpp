// SPDX-License-Identifier: Apache-2.0
#include "domain/drafts.hpp"

#include <nlohmann/json.hpp>

#include "base/crypto.hpp"
#include "base/log.hpp"
#include "domain/repositories.hpp"

namespace kasane::domain {

namespace {

// Sweeps run at most this often, from the writes of this service (no timer thread).
constexpr std::int64_t kSweepIntervalSeconds = 3600;
// A stored answer's body is replayed only up to this size (a redirect has none; a page answer is small).
constexpr std::size_t kMaxStoredBody = 256 * 1024;

Status CheckFormKey(std::string_view form_key) {
    if (form_key.empty() || form_key.front() != '/' || form_key.size() > kMaxFormKeyBytes ||
        (form_key.size() > 1 && (form_key[1] == '/' || form_key[1] == '\\'))) {
        return Fail(Error::InvalidArgument("下書きの画面を特定できません", "form"));
    }
    for (char c : form_key) {
        if (c < 0x21 || c > 0x7e) return Fail(Error::InvalidArgument("下書きの画面を特定できません", "form"));
    }
    return {};
}

}  // namespace

DraftService::DraftService(Store& store, const Clock& clock, std::string secret_key)
    : store_(store), clock_(clock), secret_key_(std::move(secret_key)) {}

Status DraftService::Save(const Principal& principal, std::string_view form_key, std::string_view content) {
    if (auto checked = CheckFormKey(form_key); !checked) return Fail(checked.error());
    if (content.size() > kMaxDraftBytes) {
        return Fail(Error::PayloadTooLarge("下書きが大きすぎます", "content"));
    }
    SweepNowAndThen();
    return store_.Drafts().SaveDraft(StoredDraft{.user_id = principal.user.id,
                                                 .form_key = std::string(form_key),
                                                 .sealed_content = SealSecret(secret_key_, content),
                                                 .saved_at = clock_.Now()});
}

Result<std::optional<Draft>> DraftService::Find(const Principal& principal, std::string_view form_key) {
    if (auto checked = CheckFormKey(form_key); !checked) return Fail(checked.error());
    auto stored = store_.Drafts().FindDraft(principal.user.id, form_key);
    if (!stored) return Fail(stored.error());
    if (!*stored || (*stored)->saved_at < clock_.Now() - kDraftLifetime) return std::optional<Draft>();
    auto content = OpenSecret(secret_key_, (*stored)->sealed_content);
    if (!content) {
        // A key changed since the draft was saved: the draft cannot be read by anyone; say so in the log only.
        Log(LogLevel::kWarning, "draft cannot be opened", {{"form", std::string(form_key)}});
        return std::optional<Draft>();
    }
    return std::optional<Draft>(
        Draft{.form_key = std::string(form_key), .content = std::move(*content), .saved_at = (*stored)->saved_at});
}

Status DraftService::Discard(const Principal& principal, std::string_view form_key) {
    if (auto checked = CheckFormKey(form_key); !checked) return Fail(checked.error());
    return store_.Drafts().DeleteDraft(principal.user.id, form_key);
}

std::string DraftService::KeyHash(std::string_view scope, std::string_view key) const {
    std::string text(scope);
    text += '\n';
    text += key;
    return Sha256Hex(text);
}

Result<SubmitClaim> DraftService::Claim(const Principal& principal, std::string_view scope, std::string_view key) {
    if (key.size() < 8 || key.size() > 200) {
        return Fail(Error::InvalidArgument("送信キーは 8〜200 文字で指定してください", "Idempotency-Key"));
    }
    for (char c : key) {
        if (c < 0x21 || c > 0x7e) {
            return Fail(Error::InvalidArgument("送信キーに使えない文字があります", "Idempotency-Key"));
        }
    }
    SweepNowAndThen();
    const std::string hash = KeyHash(scope, key);
    const Instant now = clock_.Now();
    auto reserved = store_.Drafts().ReserveSubmitKey(principal.user.id, hash, now);
    if (!reserved) return Fail(reserved.error());
    if (*reserved) return SubmitClaim{.kind = SubmitClaim::Kind::kFirst, .answer = {}, .reserved_at = now};
    auto found = store_.Drafts().FindSubmitKey(principal.user.id, hash);
    if (!found) return Fail(found.error());
    // Released between the two statements: the other submit failed, so this one may run.
    if (!*found) return Claim(principal, scope, key);
    const StoredSubmitKey& stored = **found;
    if (!stored.status) {
        return SubmitClaim{.kind = SubmitClaim::Kind::kInFlight,
                           .answer = {},
                           .reserved_at = stored.reserved_at,
                           .abandoned = stored.reserved_at + kAbandonedAfter < now};
    }
    SubmitAnswer answer{.status = *stored.status, .location = {}, .content_type = {}, .body = {}};
    if (auto opened = OpenSecret(secret_key_, stored.sealed_response); opened) {
        auto parsed = nlohmann::json::parse(*opened, nullptr, false);
        if (parsed.is_object()) {
            answer.location = parsed.value("location", "");
            answer.content_type = parsed.value("content_type", "");
            answer.body = parsed.value("body", "");
        }
    }
    return SubmitClaim{
        .kind = SubmitClaim::Kind::kReplay, .answer = std::move(answer), .reserved_at = stored.reserved_at};
}

Status DraftService::Complete(const Principal& principal, std::string_view scope, std::string_view key,
                              const SubmitAnswer& answer) {
    nlohmann::json stored = {{"location", answer.location}, {"content_type", answer.content_type}};
    if (answer.body.size() <= kMaxStoredBody) stored["body"] = answer.body;
    const std::string text = stored.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return store_.Drafts().CompleteSubmitKey(principal.user.id, KeyHash(scope, key), answer.status,
                                             SealSecret(secret_key_, text));
}

Status DraftService::Release(const Principal& principal, std::string_view scope, std::string_view key) {
    return store_.Drafts().ReleaseSubmitKey(principal.user.id, KeyHash(scope, key));
}

Result<int> DraftService::Sweep() {
    const Instant now = clock_.Now();
    auto drafts = store_.Drafts().DeleteDraftsSavedBefore(now - kDraftLifetime);
    if (!drafts) return Fail(drafts.error());
    auto keys = store_.Drafts().DeleteSubmitKeysReservedBefore(now - kSubmitKeyLifetime);
    if (!keys) return Fail(keys.error());
    return *drafts + *keys;
}

void DraftService::SweepNowAndThen() {
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
    std::int64_t last = last_sweep_seconds_.load();
    if (now - last < kSweepIntervalSeconds) return;
    if (!last_sweep_seconds_.compare_exchange_strong(last, now)) return;
    if (auto swept = Sweep(); !swept) {
        Log(LogLevel::kWarning, "sweeping drafts and submit keys failed", {{"error", swept.error().message}});
    }
}

}  // namespace kasane::domain
