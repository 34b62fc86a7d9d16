// SPDX-License-Identifier: Apache-2.0
#pragma once

// つなぎ (referral), closed loop: one organisation hands a person to another with a summary sheet in the spirit
// of a つなぐシート; the receiver accepts or declines (with a reason), works, and completes. Every change is timed
// and kept. The receiver sees the sheet, and no more of the person's record, until it accepts.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/consultation.hpp"
#include "domain/person.hpp"

namespace kasane::domain {

using ReferralId = Id<struct ReferralTag>;

enum class ReferralStatus {
    kSent,
    kAccepted,
    kDeclined,
    kInProgress,
    kCompleted
};  // 送付 / 受理 / 辞退 / 対応中 / 完了
std::string_view ReferralStatusCode(
    ReferralStatus status);  // "sent", "accepted", "declined", "in_progress", "completed"
std::string_view ReferralStatusLabel(ReferralStatus status);
std::optional<ReferralStatus> ParseReferralStatus(std::string_view code);
// 送付 → 受理 | 辞退; 受理 → 対応中 | 完了; 対応中 → 完了.
bool IsAllowedTransition(ReferralStatus from, ReferralStatus to);

struct ReferralEvent {
    ReferralStatus status = ReferralStatus::kSent;
    Instant at{};
    UserId user_id{};
    OrganizationId organization_id{};
    std::string note;  // the decline reason, or a note on the change
};

struct Referral {
    ReferralId id{};
    MunicipalityId municipality_id{};
    PersonId person_id{};
    std::optional<ConsultationId> consultation_id;
    OrganizationId from_organization_id{};
    OrganizationId to_organization_id{};
    // Addressed to one person by name (a 民生委員, who sees only what is given to them by name).
    std::optional<UserId> to_user_id;
    std::string reason;  // why this agency (紹介する理由)
    // The つなぐシート as sent: a snapshot, so the receiver sees what was sent even if the record changes.
    // {"person": {...header...}, "household": [...members...], "worries": [...], "done": "...", "reason": "..."}
    nlohmann::json sheet;
    ReferralStatus status = ReferralStatus::kSent;
    std::vector<ReferralEvent> events;  // oldest first; the first is kSent
    Instant sent_at{};
    int version = 1;
};

// Working days after `from` (Mon–Fri, excluding Japanese national holidays and 12/29–1/3).
Instant AddWorkingDays(Instant from, int working_days);
// A referral still kSent after `working_days` working days is overdue: the receiver has not answered (受理 or 辞退)
// within the town's time (ReferralService::OverdueWorkingDays, 3 by default). The one rule of "overdue", for the
// receiver's inbox and the sender's outbox alike (the home page counts both).
bool IsOverdue(const Referral& referral, Instant now, int working_days);
bool IsOverdue(ReferralStatus status, Instant sent_at, Instant now, int working_days);
// N working days are at least N calendar days, so a referral sent after this instant cannot be overdue at `now`:
// a query need only return those sent at or before it, and IsOverdue decides each.
Instant LatestSentAtThatMayBeOverdue(Instant now, int working_days);

}  // namespace kasane::domain
