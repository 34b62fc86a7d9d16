// SPDX-License-Identifier: Apache-2.0
#pragma once

// The use cases of 見守り (watch_list.hpp): the list per 自治会 as the policy lets the viewer read it
// (WatchListAccess: a 民生委員 her own 民生委員区 only), adding one person with the basis, and recording a contact.
// Every read names the person in the audit trail with its basis; every change is audited in its transaction.

#include <optional>
#include <vector>

#include "domain/audit_recorder.hpp"
#include "domain/intake.hpp"
#include "domain/repositories.hpp"
#include "domain/watch_list.hpp"
#include "domain/watch_list_repositories.hpp"

namespace kasane::domain {

struct WatchRow {
    WatchEntry entry;
    Date due{};
    bool overdue = false;
};

struct WatchListView {
    std::vector<WatchRow> rows;
    std::optional<AreaId> district;  // the viewer's own 民生委員区, when the list is limited to it
    bool may_add = false;
    std::string basis;
};

class WatchListService {
public:
    WatchListService(Store& store, const Clock& clock, AuditRecorder& audit);

    // The list (of one 自治会, or all the viewer may read). kPermissionDenied for a viewer who reads none of it.
    Result<WatchListView> List(const Actor& actor, std::optional<AreaId> neighborhood);
    // Adds one person, with the basis and consent date (ValidateWatchEntry); the 自治会 and 民生委員区 must be areas of
    // those kinds; a watcher with a user id must be a 民生委員 of the town (their name is taken from the account).
    Result<WatchEntry> Add(const Actor& actor, WatchEntry entry);
    // Records a contact on `on` (not after today). kNotFound when the viewer may not read the entry.
    Result<WatchRow> RecordContact(const Actor& actor, WatchEntryId id, Date on);

private:
    Store& store_;
    const Clock& clock_;
    AuditRecorder& audit_;
};

}  // namespace kasane::domain
