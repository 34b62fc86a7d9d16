// SPDX-License-Identifier: Apache-2.0
#pragma once

// Visits without a network (issue 15, item 5): the rules by which visits entered on a phone or tablet without a
// network reach the server when it is back. A device sends each visit with an idempotency key it made (a UUID): a
// key already synced records nothing again. A device may also change a visit it downloaded: it sends the version
// and the values it started from (the base), and the server merges field by field — a field only the device changed
// takes the device's value, a field only the server changed keeps the server's, and a field both changed to
// different values is a conflict shown to the user, who decides. Never a silent last-write-wins: nothing of a visit
// with a conflict is recorded until the user has chosen. docs/household_survey.md, "Offline".

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "domain/household_survey.hpp"

namespace kasane::domain {

// A visit's fields as the form shows them, by name: "visited_on", "visitors", "outcome", "notice" and
// "answers.<item key>". An empty answer and a missing one are the same.
using VisitFields = std::map<std::string, std::string>;
VisitFields FieldsOfVisit(const SurveyVisit& visit);
VisitFields FieldsOfInput(const VisitInput& input);
// The input a merged set of fields stands for (household and area from `visit`). kInvalidArgument ("visited_on")
// for a date ParseJapaneseDate cannot read.
Result<VisitInput> InputOfFields(const SurveyVisit& visit, const VisitFields& fields);

// kInvalidArgument ("idempotency_key") unless the key is a UUID in its 36-character text form (lower or upper case).
Status ValidateIdempotencyKey(std::string_view key);

// One field both sides changed, to different values.
struct FieldConflict {
    std::string field;
    std::string server_value;
    std::string device_value;
};

struct VisitMerge {
    VisitFields merged;                    // meaningful only when there is no conflict
    std::vector<FieldConflict> conflicts;  // by field name
    bool Clean() const { return conflicts.empty(); }
};

// The three-way merge of a device's change of a visit: `base` is what the device started from, `server` what the
// server has now, `device` what the device sends. Per field: server == base → the device's value; device == base
// → the server's value; both changed to the same value → that value; both changed differently → a conflict. A
// device that starts from the server's current version (`base` == `server`) always merges clean: that is how the
// user's decision on a conflict is sent back.
VisitMerge MergeVisitEdit(const VisitFields& base, const VisitFields& server, const VisitFields& device);

// What became of one offline visit.
enum class OfflineSyncStatus { kRecorded, kAlreadySynced, kConflict, kRefused };
std::string_view OfflineSyncStatusCode(OfflineSyncStatus status);  // "recorded", "already_synced", "conflict", …

// One visit as the device sends it.
struct OfflineVisit {
    std::string idempotency_key;
    std::optional<SurveyVisitId> visit_id;  // set when the device changed a visit it downloaded
    int base_version = 0;                   // the version of that visit the change started from
    VisitFields base;                       // the values of that version
    VisitInput input;                       // the visit as the device has it now
};

struct OfflineSyncResult {
    std::string idempotency_key;
    OfflineSyncStatus status = OfflineSyncStatus::kRefused;
    std::optional<SurveyVisitId> visit_id;
    int version = 0;
    std::vector<FieldConflict> conflicts;  // kConflict: only fields of a visit the user may read
    VisitFields server;                    // kConflict: the server's values now (the user's new base)
    std::optional<Error> refusal;          // kRefused: the reason (the visit stays on the device)
};

// A record of an idempotency key that was synced (kept per municipality, unique).
struct SyncedVisit {
    std::string idempotency_key;
    SurveyVisitId visit_id{};
    int version = 0;
};

// The number of hours a device keeps downloaded households and unsent visits before it wipes them, unless the
// user signs in again: a working day's round of visits. The page script reads it from the page (data-*).
inline constexpr int kOfflineKeepHours = 12;

}  // namespace kasane::domain
