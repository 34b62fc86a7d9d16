// SPDX-License-Identifier: Apache-2.0
#pragma once

// Never lose typing (issue 13, item 4): drafts of forms kept on the server per user, and one-time submit keys
// that make a repeated submit answer what the first one did instead of creating a second record.
//
// Drafts. The content of a form (its fields, URL-encoded as the browser sends them) is saved while the user types,
// keyed by (user, form key = the path the form posts to). It is sealed at rest with the server's secret key
// (XSalsa20-Poly1305, base/crypto.hpp SealSecret: the key of --secret-key-file; a deployment without a key stores
// it only base64-encoded, as it does TOTP secrets). It is kept until the form is submitted successfully, the user
// discards it, or kDraftLifetime passes — also across sign-out, because it belongs to the user and is never shown
// to anyone else: a shared office PC shows the next user only that user's drafts.
//
// Submit keys. Every state-changing form carries a random key made when the page was rendered (and an API client
// may send Idempotency-Key). The first submit with a key reserves it (a row whose primary key is (user, key): of two
// concurrent submits exactly one inserts it), runs, and records its answer (status, Location, body; sealed); a
// repeat gets that answer and creates nothing. The record and the answer are written in two transactions (the
// use cases own theirs), so a crash between them leaves a reservation without an answer: a repeat then gets
// kConflict telling the user to check whether the record exists, never a second record. Keys are kept
// kSubmitKeyLifetime and swept.

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/auth.hpp"

namespace kasane::domain {

class Store;

inline constexpr std::chrono::hours kDraftLifetime{24 * 7};
inline constexpr std::chrono::hours kSubmitKeyLifetime{24};
inline constexpr std::chrono::minutes kAbandonedAfter{2};
inline constexpr std::size_t kMaxDraftBytes = 64 * 1024;
inline constexpr std::size_t kMaxFormKeyBytes = 300;

struct Draft {
    std::string form_key;
    std::string content;  // URL-encoded fields
    Instant saved_at{};
};

// The answer of a submit, as replayed.
struct SubmitAnswer {
    int status = 0;
    std::string location;
    std::string content_type;
    std::string body;
};

struct SubmitClaim {
    enum class Kind {
        kFirst,     // this request runs; call Complete or Release afterwards
        kReplay,    // an earlier submit with this key answered `answer`
        kInFlight,  // an earlier submit with this key has not answered (still running, or crashed)
    };
    Kind kind = Kind::kFirst;
    SubmitAnswer answer;
    Instant reserved_at{};
    // kInFlight only: reserved longer than kAbandonedAfter ago, so most likely a submit that crashed between
    // creating its record and recording its answer (or never created it): the user must look.
    bool abandoned = false;
};

class DraftService {
public:
    // `secret_key` seals drafts and stored answers (AuthSettings::secret_key; empty: unsealed, base64 only).
    DraftService(Store& store, const Clock& clock, std::string secret_key);

    // kInvalidArgument for a form key that is not a path of this site (or longer than kMaxFormKeyBytes) or content
    // over kMaxDraftBytes.
    Status Save(const Principal& principal, std::string_view form_key, std::string_view content);
    // The principal's own draft of that form, nullopt when none (or older than kDraftLifetime).
    Result<std::optional<Draft>> Find(const Principal& principal, std::string_view form_key);
    Status Discard(const Principal& principal, std::string_view form_key);

    // `scope` names what the key is for (method and path), so that one key sent to two forms is two keys.
    // kInvalidArgument (field "Idempotency-Key") for a key shorter than 8 or longer than 200 characters or with
    // characters outside printable ASCII.
    Result<SubmitClaim> Claim(const Principal& principal, std::string_view scope, std::string_view key);
    Status Complete(const Principal& principal, std::string_view scope, std::string_view key,
                    const SubmitAnswer& answer);
    Status Release(const Principal& principal, std::string_view scope, std::string_view key);

    // Deletes drafts and keys past their lifetime; returns how many rows went.
    Result<int> Sweep();

private:
    void SweepNowAndThen();
    std::string KeyHash(std::string_view scope, std::string_view key) const;

    Store& store_;
    const Clock& clock_;
    std::string secret_key_;
    std::atomic<std::int64_t> last_sweep_seconds_{0};
};

}  // namespace kasane::domain
