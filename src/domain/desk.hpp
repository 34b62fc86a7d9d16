// SPDX-License-Identifier: Apache-2.0
#pragma once

// The worker's desk (issue 13, item 5): what the home page shows a user to do today, per role, each a count and a
// link to its list — my open consultations with their next-contact dates, referrals overdue in and out, case reviews
// due, this week's meetings, consents about to expire. Every count comes from a query scoped to what the caller may
// see (desk_repositories.hpp), then the domain's own rule (IsOverdue, MeetingReaderOf, ConsentStateAt, the access
// policy) decides each candidate; nothing of the town is read to be filtered here.

#include <optional>
#include <vector>

#include "base/error.hpp"
#include "base/time.hpp"
#include "domain/case_service.hpp"
#include "domain/intake.hpp"
#include "domain/sharing_service.hpp"

namespace kasane::domain {

// --- the rules of the desk ---------------------------------------------------------------------------------------

// The rules the desk counts by live beside their records: ReviewIsDue (support_case.hpp), ConsentExpiringSoon
// (sharing.hpp), IsOverdue and LatestSentAtThatMayBeOverdue (referral.hpp), ContactDue (consultation.hpp).

// This week in Japan: Monday to Sunday around `today`, both ends included.
struct DateRange {
    Date from{};
    Date to{};
};
DateRange WeekOf(Date today);

// Which parts of the desk a user has: the work the role does. Professionals (相談支援員, 推進員) have all of them; a
// 民生委員 without a professional role only their own consultations and the meetings they attended (民生委員法
// 第15条: only what they entered or were given); a municipal administrator the meetings they convene; auditors, the
// prefecture and the system administrator none (they read no case work).
struct DeskParts {
    bool consultations = false;
    bool referrals = false;
    bool reviews = false;
    bool meetings = false;
    bool consents = false;

    bool Any() const { return consultations || referrals || reviews || meetings || consents; }
};
DeskParts DeskPartsOf(const Principal& principal);

// --- the desk ------------------------------------------------------------------------------------------------------

// One part of the desk: shown for the role, its value, or the error that kept it from loading (shown, never hidden).
template <class T>
struct DeskPart {
    bool shown = false;
    T value{};
    std::optional<Error> error;
};

struct MyConsultations {
    long long open = 0;         // my open consultations (received by me, 対応中, not cancelled)
    long long contact_due = 0;  // of which the next-contact date is today or past
    std::vector<ContactReminder> due;
};

// What the caller shows of the desk: the counts only, or the lists with their persons.
enum class DeskDetail { kCounts, kLists };

struct Desk {
    DeskDetail detail = DeskDetail::kLists;
    Date today{};
    DateRange week;
    DeskPart<MyConsultations> consultations;
    DeskPart<std::vector<OverdueReferral>> referrals_in;   // overdue, to my organisation
    DeskPart<std::vector<OverdueReferral>> referrals_out;  // overdue, from my organisation
    DeskPart<std::vector<ReviewDue>> reviews;
    DeskPart<std::vector<MeetingMention>> meetings;  // this week's, that I may read
    DeskPart<std::vector<Consent>> consents;         // about to expire, of persons I see in full
    // The town's settings the parts were counted by (設定): the page says "within N days" with these numbers.
    TownSettings settings;
};

// The use case: asks each service for its part, under the service's access rule.
class WorkerDesk {
public:
    WorkerDesk(ConsultationService& consultations, ReferralService& referrals, CaseService& cases,
               SharingService& sharing, const Clock& clock)
        : consultations_(consultations), referrals_(referrals), cases_(cases), sharing_(sharing), clock_(clock) {}

    // kCounts: only the numbers are shown (the home page), so listing a part is not a read of its persons.
    Desk Of(const Actor& actor, DeskDetail detail);

private:
    ConsultationService& consultations_;
    ReferralService& referrals_;
    CaseService& cases_;
    SharingService& sharing_;
    const Clock& clock_;
};

}  // namespace kasane::domain
