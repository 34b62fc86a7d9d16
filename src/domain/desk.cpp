// SPDX-License-Identifier: Apache-2.0
// The worker's desk (desk.hpp) and the reads it asks of the services, each under the service's access rule and each
// from a query scoped to the actor (DeskRepository).

#include "domain/desk.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "base/japan_time.hpp"
#include "domain/intake_support.hpp"
#include "domain/reads.hpp"

namespace kasane::domain {

using namespace intake_support;

namespace {

// At most this many rows of one part of the desk (a longer list is the work list's or the inbox's to page).
constexpr int kDeskLimit = 200;

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

Desk WorkerDesk::Of(const Actor& actor) {
    const DeskParts parts = DeskPartsOf(actor.principal);
    Desk desk;
    desk.today = TodayInJapan(clock_);
    desk.week = WeekOf(desk.today);
    desk.consultations = PartOf<MyConsultations>(parts.consultations, [&]() -> Result<MyConsultations> {
        auto counts = consultations_.OpenOfMine(actor);
        if (!counts) return Fail(counts.error());
        auto due = consultations_.DueForContact(actor);
        if (!due) return Fail(due.error());
        return MyConsultations{.open = counts->open, .contact_due = counts->contact_due, .due = std::move(*due)};
    });
    desk.referrals_in = PartOf<std::vector<ReferralView>>(
        parts.referrals, [&] { return referrals_.Overdue(actor, ReferralDirection::kIncoming); });
    desk.referrals_out = PartOf<std::vector<ReferralView>>(
        parts.referrals, [&] { return referrals_.Overdue(actor, ReferralDirection::kOutgoing); });
    desk.reviews = PartOf<std::vector<ReviewDue>>(parts.reviews, [&] { return cases_.ReviewsDue(actor); });
    desk.meetings = PartOf<std::vector<MeetingMention>>(
        parts.meetings, [&] { return sharing_.MeetingsHeld(actor, desk.week.from, desk.week.to); });
    desk.consents = PartOf<std::vector<Consent>>(parts.consents, [&] { return sharing_.ConsentsExpiring(actor); });
    return desk;
}

// --- the services' reads for the desk -----------------------------------------------------------------------------

Result<OpenConsultationCounts> ConsultationService::OpenOfMine(const Actor& actor) {
    if (!WorksCases(actor.principal)) return OpenConsultationCounts{};
    return store_.Tenant(actor.Tenant())->Desk().OpenConsultations(actor.principal.user.id, TodayInJapan(clock_));
}

Result<std::vector<ReviewDue>> CaseService::ReviewsDue(const Actor& actor) {
    std::vector<ReviewDue> due;
    if (!IsProfessional(actor.principal)) return due;
    const Date today = TodayInJapan(clock_);
    const Date horizon{Days(today) + std::chrono::days{kReviewDueWithinDays + 1}};  // ReviewsDue takes "before"
    auto tenant = store_.Tenant(actor.Tenant());
    auto reviews = tenant->Plans().ReviewsDue(actor.principal.user.organization_id, horizon, kDeskLimit);
    if (!reviews) return Fail(reviews.error());
    std::vector<PersonId> persons;
    for (const ReviewDue& review : *reviews) persons.push_back(review.person_id);
    auto decisions = persons_.AuthorizeMany(actor, persons);
    if (!decisions) return Fail(decisions.error());
    for (std::size_t i = 0; i < reviews->size(); ++i) {
        const auto& decision = (*decisions)[i];
        ReviewDue& review = (*reviews)[i];
        // A case is seen by whoever sees its person in full (case_service.hpp).
        if (!decision || decision->level != ViewLevel::kFull || !ReviewIsDue(review.review_on, today)) continue;
        due.push_back(std::move(review));
    }
    return due;
}

Result<std::vector<MeetingMention>> SharingService::MeetingsHeld(const Actor& actor, Date from, Date to) {
    std::vector<MeetingMention> mentions;
    auto tenant = store_.Tenant(actor.Tenant());
    auto ids = tenant->Desk().MeetingsOfUser(actor.principal.user.id, from, to);
    if (!ids) return Fail(ids.error());
    std::map<MeetingBodyId, MeetingBody> bodies;
    const Instant now = clock_.Now();
    for (MeetingId id : *ids) {
        auto meeting = tenant->Meetings().GetMeeting(id);
        if (!meeting) return Fail(meeting.error());
        auto fact = MeetingFactFor(*tenant, *meeting, bodies);
        if (!fact) return Fail(fact.error());
        if (MeetingReaderOf(actor.principal, *fact, now) == MeetingReader::kNone) continue;
        mentions.push_back(MeetingMention{.id = meeting->id,
                                          .held_on = meeting->held_on,
                                          .body_id = meeting->body_id,
                                          .body_name = bodies.at(meeting->body_id).display_name});
    }
    return mentions;
}

Result<std::vector<Consent>> SharingService::ConsentsExpiring(const Actor& actor) {
    std::vector<Consent> expiring;
    if (!IsProfessional(actor.principal)) return expiring;
    const Instant now = clock_.Now();
    const Date today = JstDate(now);
    const Date last{Days(today) + std::chrono::days{kConsentExpiringWithinDays}};
    auto tenant = store_.Tenant(actor.Tenant());
    auto ids = tenant->Desk().ExpiringConsents(actor.principal.user.organization_id, today, last, kDeskLimit);
    if (!ids) return Fail(ids.error());
    std::vector<Consent> candidates;
    std::vector<PersonId> persons;
    for (ConsentId id : *ids) {
        auto consent = tenant->Consents().Get(id);
        if (!consent) return Fail(consent.error());
        persons.push_back(consent->person_id);
        candidates.push_back(std::move(*consent));
    }
    auto decisions = persons_.AuthorizeMany(actor, persons);
    if (!decisions) return Fail(decisions.error());
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const auto& decision = (*decisions)[i];
        Consent& consent = candidates[i];
        // Consent records need full access (issue 11, item 5).
        if (!decision || decision->level != ViewLevel::kFull || !ConsentExpiringSoon(consent, now)) continue;
        consent.state = ConsentStateAt(consent, now);
        AuditEntry entry =
            EntryFor(actor, now, AuditAction::kSearch, "consent", consent.id, consent.person_id, "expires_on");
        SetBasis(entry, *decision);
        entry.detail = "desk";
        audit_.Record(std::move(entry));
        expiring.push_back(std::move(consent));
    }
    return expiring;
}

}  // namespace kasane::domain
