// SPDX-License-Identifier: Apache-2.0
#pragma once

// The port of drafts and submit keys (drafts.hpp): rows keyed by the user, whose id is unique over the whole
// installation, so the port hangs off the Store (like the accounts), not a TenantStore.

#include <optional>
#include <string>
#include <string_view>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"

namespace kasane::domain {

// A draft as stored: the form's content sealed with the server's key (SealSecret), never the plain text.
struct StoredDraft {
    UserId user_id{};
    std::string form_key;
    std::string sealed_content;
    Instant saved_at{};
};

// A submit key as stored. `status` is empty while the first submit is in flight (the reservation).
struct StoredSubmitKey {
    UserId user_id{};
    std::string key_hash;
    Instant reserved_at{};
    std::optional<int> status;
    std::string sealed_response;  // the answer to replay, sealed; "" while reserved
};

class DraftRepository {
public:
    virtual ~DraftRepository() = default;

    // Inserts or replaces the user's draft of that form.
    virtual Status SaveDraft(const StoredDraft& draft) = 0;
    // nullopt when the user has none for that form.
    virtual Result<std::optional<StoredDraft>> FindDraft(UserId user_id, std::string_view form_key) = 0;
    // Nothing to delete is not an error.
    virtual Status DeleteDraft(UserId user_id, std::string_view form_key) = 0;
    virtual Result<int> DeleteDraftsSavedBefore(Instant before) = 0;

    // Inserts the reservation (status NULL); false when the user already has that key (atomic: the primary key
    // decides between two concurrent submits).
    virtual Result<bool> ReserveSubmitKey(UserId user_id, std::string_view key_hash, Instant now) = 0;
    virtual Result<std::optional<StoredSubmitKey>> FindSubmitKey(UserId user_id, std::string_view key_hash) = 0;
    // Records the answer of the first submit. kNotFound when the reservation is gone.
    virtual Status CompleteSubmitKey(UserId user_id, std::string_view key_hash, int status,
                                     std::string_view sealed_response) = 0;
    // Removes a reservation whose submit failed (so that a corrected resubmit runs again).
    virtual Status ReleaseSubmitKey(UserId user_id, std::string_view key_hash) = 0;
    virtual Result<int> DeleteSubmitKeysReservedBefore(Instant before) = 0;
};

}  // namespace kasane::domain
