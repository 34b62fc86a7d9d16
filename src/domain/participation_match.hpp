// SPDX-License-Identifier: Apache-2.0
#pragma once

// 参加支援 matching (issue 16, item 3) — the domain rules only, so far: how the services of the resource directory
// are ranked for one person by fit, area and schedule (RankSuggestions), and how a match moves through its stages,
// 提案 → 見学・体験 → 開始 → 定着確認 (1, 3 and 6 months after the start) and 終了 with a reason
// (ValidateStageChange, CheckDue); the records (wishes, matches with their stage history and 受入先支援 notes, stored
// through participation_match_repositories.hpp) and the counts. The match is personal data (who goes where, and why):
// its service, API and pages, under the one access policy, are not built yet (see docs/resource_directory.md).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/japanese_date.hpp"
#include "base/json.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/access_policy.hpp"
#include "domain/resource_directory.hpp"

namespace kasane {
// 参加支援's typed ids (to move to base/ids.hpp with the next change that rebuilds everything).
using ParticipationMatchId = Id<struct ParticipationMatchTag>;
using HostSupportNoteId = Id<struct HostSupportNoteTag>;
}  // namespace kasane

namespace kasane::domain {

// How the person can get there (本人の制約: 移動手段).
enum class Transport {
    kWalk,             // 徒歩のみ: the person's own area only
    kBicycle,          // 自転車
    kPublicTransport,  // 公共交通
    kCar,              // 自家用車
    kNeedsPickup,      // 送迎が要る: the person's own area only, unless the host offers transport
};

// 本人の希望 and 本人の制約.
struct ParticipationWishes {
    std::vector<ResourceKind> kinds;  // 居場所, 農業体験 …
    std::vector<std::string> tags;  // 「動物」「静か」「体を動かす」… looked for in a service's name and description
    std::string free_text;           // 本人の言葉 (kept; not used for ranking)
    std::vector<std::string> areas;  // the areas the person lives in or can reach
    std::vector<std::string> days;   // MO … SU: the days the person can go (empty: any)
    std::string earliest;            // "10:00": not before (empty: any)
    std::string latest;              // "15:00": done by (empty: any)
    Transport transport = Transport::kPublicTransport;
    std::optional<int> age;
    bool needs_accessibility = false;  // 健康上の制約: a place without steps, a quiet room …
    // What the person agreed may be given to the host (受入先に伝えてよいこと, 本人の同意): a name to be called by,
    // what helps. The host's contact is given this and the service's own details, nothing else (HostSheet).
    std::string host_share;
};

struct MatchSuggestion {
    ResourceServiceId service_id{};
    int score = 0;
    std::vector<std::string> reasons;  // 「希望の種類（農業体験）」「同じ地域（東浜自治会）」「木曜に参加できる」…
};

// The public services (IsPublic) that the person can attend, best first (score, then name order of the input):
// a service is left out when the person's age is outside its ages, when none of its days is a day the person can
// go, when its hours fall outside the person's, or when it is in no area the person can reach and the person walks or
// needs a pick-up. Points: each wished kind 40, an area the person can reach 20, a day that fits 15, hours that fit
// 10, each tag found 10, accessibility described when needed 10, a 協力事業者 5.
std::vector<MatchSuggestion> RankSuggestions(const ParticipationWishes& wishes,
                                             const std::vector<ResourceService>& services,
                                             const std::vector<ResourceOrganization>& organizations);
// The first `limit` of RankSuggestions, the same and in the same order; the reasons are written for those only.
std::vector<MatchSuggestion> RankSuggestions(const ParticipationWishes& wishes,
                                             const std::vector<ResourceService>& services,
                                             const std::vector<ResourceOrganization>& organizations, std::size_t limit);

enum class MatchStage {
    kProposed,  // 提案
    kTrial,     // 見学・体験
    kStarted,   // 開始
    kCheck1,    // 定着確認（1か月）
    kCheck3,    // 定着確認（3か月）
    kCheck6,    // 定着確認（6か月）
    kEnded,     // 終了
};
inline constexpr MatchStage kAllMatchStages[] = {MatchStage::kProposed, MatchStage::kTrial,  MatchStage::kStarted,
                                                 MatchStage::kCheck1,   MatchStage::kCheck3, MatchStage::kCheck6,
                                                 MatchStage::kEnded};
std::string_view MatchStageCode(MatchStage stage);   // "proposed", "trial", "started", "check_1", …, "ended"
std::string_view MatchStageLabel(MatchStage stage);  // 「提案」「見学・体験」…
std::optional<MatchStage> ParseMatchStage(std::string_view code);

struct MatchStageChange {
    MatchStage from = MatchStage::kProposed;
    MatchStage to = MatchStage::kProposed;
    Date on{};
    std::string reason;  // required for 終了
};

// kInvalidArgument naming the field: a step out of order ("to": forward one stage at a time, 見学・体験 may be skipped,
// 終了 from any stage but 終了), a date before the match began or before the last change, or after today ("on"), 終了
// without a reason of 1..500 characters ("reason").
Status ValidateStageChange(const MatchStageChange& change, Date began_on, Date last_change_on, Date today);

// The day a 定着確認 is due: 1, 3 or 6 months after the start (the same day of the month, or the month's last day).
Date CheckDue(Date started_on, MatchStage check);
// The next 定着確認 due after `stage` (nullopt when none is: before the start, after 6 months, ended).
std::optional<Date> NextCheckDue(MatchStage stage, std::optional<Date> started_on);

// 定着 as the town counts it (the town's own measure, not a national indicator): of the matches started, those that
// reached the 3-month 定着確認 (still participating then). `stages_reached` is the furthest stage each match reached
// (a match that ended gives the stage it had reached before 終了).
struct RetentionMeasure {
    int started = 0;
    int retained_3_months = 0;
};
RetentionMeasure CountRetention(const std::vector<MatchStage>& stages_reached);

// --- the records (stored through participation_match_repositories.hpp, migration 29) -----------------------------

std::string_view TransportCode(Transport transport);   // "walk", "bicycle", "public_transport", "car", "needs_pickup"
std::string_view TransportLabel(Transport transport);  // 「徒歩のみ」…
std::optional<Transport> ParseTransport(std::string_view code);

// The wishes as stored and sent (JSON object: kinds, tags, free_text, areas, days, earliest, latest, transport, age,
// needs_accessibility), and read back: kInvalidArgument naming the field for a value of the wrong type or an unknown
// code; then ValidateWishes.
Json WishesToJson(const ParticipationWishes& wishes);
Result<ParticipationWishes> WishesFromJson(const Json& json);
// kInvalidArgument naming the field: up to 20 tags of 1..50 characters, free text up to 2,000, up to 20 areas of
// 1..100 characters, days of BYDAY codes, times as HH:MM with earliest before latest, an age of 0..120.
Status ValidateWishes(const ParticipationWishes& wishes);

// A person's wishes with who recorded them and when.
struct PersonWishes {
    PersonId person_id{};
    ParticipationWishes wishes;
    UserId updated_by{};
    Instant updated_at{};
};

// One step of a match's stage history (the first: 提案, from 提案, on the day it began).
struct MatchStageRecord {
    MatchStageChange change;
    UserId recorded_by{};
    Instant recorded_at{};
};

// 受入先支援: support given to the host (a visit, a talk with the staff who receive the person, advice on
// accommodations). Written about the host's side; it still belongs to the person's match.
struct HostSupportNote {
    HostSupportNoteId id{};
    Date on{};
    std::string note;  // 1..2,000 characters
    UserId recorded_by{};
    Instant recorded_at{};
};
Status ValidateHostSupportNote(const HostSupportNote& note, Date began_on, Date today);  // "on", "note"

struct ParticipationMatch {
    ParticipationMatchId id{};
    PersonId person_id{};
    ResourceServiceId service_id{};
    MatchStage stage = MatchStage::kProposed;
    Date began_on{};                    // the day of the 提案
    std::optional<Date> started_on;     // the day of 開始
    std::optional<MatchStage> reached;  // for 終了: the furthest stage reached before it
    std::string end_reason;
    std::vector<MatchStageRecord> history;      // oldest first
    std::vector<HostSupportNote> host_support;  // oldest first
    UserId created_by{};
    Instant created_at{};
};

// The last date of the match's history (began_on when it has none).
Date LastChangeOn(const ParticipationMatch& match);
// The match with the change applied (stage, started_on, reached, end_reason and a history row); the change must have
// passed ValidateStageChange.
ParticipationMatch ApplyStageChange(ParticipationMatch match, const MatchStageChange& change, UserId by, Instant at);

// The counts of 参加支援: persons with at least one match (参加支援 対象者数), cooperating hosts in the directory
// (協力事業者数), and the town's 定着 measure.
struct ParticipationCounts {
    int persons = 0;
    int cooperating_hosts = 0;
    RetentionMeasure retention;
};
// What the host's contact is given about a match: the service and the stage, and only what the person agreed to give
// it (ParticipationWishes::host_share) — never the name on record, the wishes, limits, health or the history.
struct HostSheet {
    std::string service_name;
    std::string organization_name;
    MatchStage stage = MatchStage::kProposed;
    std::string agreed;  // 本人の同意した内容 (empty: nothing was agreed)
};

ParticipationCounts CountParticipation(const std::vector<ParticipationMatch>& matches,
                                       const std::vector<ResourceOrganization>& organizations);

}  // namespace kasane::domain
