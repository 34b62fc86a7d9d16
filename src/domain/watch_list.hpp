// SPDX-License-Identifier: Apache-2.0
#pragma once

// 見守り (issue 15, item 3): per 自治会, who is watched, why, by whom (民生委員 users, and neighbours recorded by name
// and role without an account), how often, when last, and whether a contact is overdue — with the basis for being on
// the list recorded person by person: the person's own consent, or the 避難行動要支援者名簿 (災害対策基本法 第49条の10)
// together with the person's consent to its provision (第49条の11第2項). The 名簿 is never copied wholesale: each
// entry is one person, added on its own, with its basis and consent date. Sources: docs/commissioner_activity.md.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/japanese_date.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/person.hpp"

namespace kasane::domain {

using WatchEntryId = std::int64_t;

enum class WatchBasis {
    kOwnConsent,        // 本人同意: the person agreed to be watched by the named watchers
    kEvacuationRoster,  // 避難行動要支援者名簿, with the person's consent to provide it to 避難支援等関係者
                        // (第49条の11第2項)
};
inline constexpr WatchBasis kAllWatchBases[] = {WatchBasis::kOwnConsent, WatchBasis::kEvacuationRoster};
std::string_view WatchBasisCode(WatchBasis basis);  // "own_consent", "evacuation_roster"
std::string_view WatchBasisLabel(WatchBasis basis);  // 「本人同意」「避難行動要支援者名簿（提供に同意）」
std::optional<WatchBasis> ParseWatchBasis(std::string_view code);

// A watcher: a 民生委員 (a user of the town) or a neighbour recorded by name and role, without an account.
struct Watcher {
    std::optional<UserId> user_id;
    std::string name;  // for a user, their display name as recorded
    std::string role;  // 民生委員, 近隣住民, 自治会長, 福祉委員 …
};

struct WatchEntry {
    WatchEntryId id = 0;
    PersonId person_id{};
    std::string person_name;          // as the watchers know the person
    AreaId neighborhood_area_id = 0;  // 自治会
    AreaId district_area_id = 0;      // 民生委員区 whose commissioner sees the entry
    std::string reason;               // ひとり暮らし、認知症の疑い …
    WatchBasis basis = WatchBasis::kOwnConsent;
    Date consent_on{};  // the consent to be watched, or to the provision of the 名簿 information
    int frequency_days = 7;
    std::optional<Date> last_contact_on;
    std::vector<Watcher> watchers;
    UserId created_by{};
    Instant created_at{};
};

// kInvalidArgument naming the field: a person, a reason (1..200), a frequency of 1..365 days, a consent date not
// after today, at least one watcher, each with a name and a role (1..50), a last contact not after today.
Status ValidateWatchEntry(const WatchEntry& entry, Date today);

// The day the next contact is due: the last contact (or, before any, the consent) plus the frequency.
Date NextContactDue(const WatchEntry& entry);
// Overdue: today is after the day the next contact was due.
bool IsOverdue(const WatchEntry& entry, Date today);

}  // namespace kasane::domain
