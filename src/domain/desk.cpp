// SPDX-License-Identifier: Apache-2.0
// The worker's desk (desk.hpp): it asks each service for its part (OpenOfMine, Overdue, ReviewsDue, MeetingsHeld,
// ConsentsExpiring — each in its service's file, under the service's access rule, from a query scoped to the actor).

#include "domain/desk.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "base/japan_time.hpp"
#include "domain/desk_limits.hpp"
#include "domain/intake_support.hpp"
#include "domain/reads.hpp"

namespace kasane::domain {

using namespace intake_support;

namespace {

// At most this many rows of one part of the desk (a longer list is the work list's or the inbox's to page).
constexpr int kDeskLimit = kDeskListLimit;

std::chrono::sys_days Days(Date date) { return std::chrono::sys_days{date}; }

template <class T, class Read>
DeskPart<T> PartOf(bool shown, Read&& read) {
    DeskPart<T> part;
    part.shown = shown;
    if (!shown) return part;
    auto value = read();
    if (value) {
        part.value = std::move(*value);
    } else {
        part.error = value.error();
    }
    return part;
}

}  // namespace

DateRange WeekOf(Date today) {
    const std::chrono::weekday weekday{Days(today)};
    // Monday is the first day of the week (ISO 8601, and the week of a Japanese office).
    const auto since_monday = std::chrono::days{(weekday.c_encoding() + 6) % 7};
    const auto monday = Days(today) - since_monday;
    return DateRange{.from = Date{monday}, .to = Date{monday + std::chrono::days{6}}};
}

DeskParts DeskPartsOf(const Principal& principal) {
    DeskParts parts;
    if (IsProfessional(principal)) {
        parts.consultations = parts.referrals = parts.reviews = parts.meetings = parts.consents = true;
    } else if (IsVolunteerOnly(principal)) {
        // 民生委員法 第15条: only what they entered themselves, and the meetings they attended in person.
        parts.consultations = true;
        parts.meetings = true;
    } else if (principal.HasRole(Role::kMunicipalAdministrator)) {
        // An administrator may convene a meeting, and reads the meetings they convened (MeetingReaderOf).
        parts.meetings = true;
    }
    return parts;
}

Desk WorkerDesk::Of(const Actor& actor, DeskDetail detail) {
    const DeskParts parts = DeskPartsOf(actor.principal);
    Desk desk;
    desk.detail = detail;
    desk.today = TodayInJapan(clock_);
    desk.week = WeekOf(desk.today);
    // Unreadable settings leave the defaults: each part reads its own number and reports its own failure.
    if (auto settings = consultations_.TownSettingsInForce(actor)) desk.settings = *settings;
    desk.consultations = PartOf<MyConsultations>(parts.consultations, [&]() -> Result<MyConsultations> {
        auto counts = consultations_.OpenOfMine(actor);
        if (!counts) return Fail(counts.error());
        auto due = consultations_.DueForContact(actor);
        if (!due) return Fail(due.error());
        return MyConsultations{.open = counts->open, .contact_due = counts->contact_due, .due = std::move(*due)};
    });
    desk.referrals_in = PartOf<std::vector<OverdueReferral>>(
        parts.referrals, [&] { return referrals_.Overdue(actor, ReferralDirection::kIncoming); });
    desk.referrals_out = PartOf<std::vector<OverdueReferral>>(
        parts.referrals, [&] { return referrals_.Overdue(actor, ReferralDirection::kOutgoing); });
    desk.reviews = PartOf<std::vector<ReviewDue>>(parts.reviews, [&] { return cases_.ReviewsDue(actor, kDeskLimit); });
    desk.meetings = PartOf<std::vector<MeetingMention>>(
        parts.meetings, [&] { return sharing_.MeetingsHeld(actor, desk.week.from, desk.week.to); });
    desk.consents = PartOf<std::vector<Consent>>(parts.consents, [&] {
        return sharing_.ConsentsExpiring(actor, kDeskLimit,
                                         detail == DeskDetail::kCounts ? ListingUse::kCountOnly : ListingUse::kShown);
    });
    return desk;
}

}  // namespace kasane::domain
